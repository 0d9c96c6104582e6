/*
 * frames.h: physical memory as a row of page frames, and the page
 * replacement policy that picks a victim when none is free.
 *
 * Semantics (memviz-scenario(5) documents them; tests check each):
 * frames fill lowest free frame first, and a new page takes its victim's
 * frame.  FIFO evicts the page loaded earliest (hits do not reorder); LRU
 * the least recently referenced; OPT the page whose next reference is
 * farthest in the future, pages never referenced again first, among them
 * the one loaded earliest.  CLOCK: the hand starts at frame 0; R is set on
 * load and on reference; a victim search clears R and moves on while R=1,
 * and evicts the first frame with R=0; the new page gets R=1 and the hand
 * moves to the next frame.  While free frames remain the hand does not
 * move.  ECLOCK (enhanced second chance) looks from the hand for class
 * (R=0, M=0) without changing anything, then for (R=0, M=1) clearing R of
 * each frame it passes, and repeats both passes once more if needed.
 * RANDOM evicts a uniformly chosen frame (seeded: `seed`).
 *
 * Cost per reference: O(1) for fifo, lru, clock (amortised) and random;
 * O(log frames) for opt (a heap on next-use distance).
 */
#ifndef MEMVIZ_CORE_FRAMES_H
#define MEMVIZ_CORE_FRAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FRAME_NONE UINT32_MAX
#define FRAME_NEVER UINT32_MAX /* next use: never again */

enum replace_policy {
	REPLACE_FIFO,
	REPLACE_LRU,
	REPLACE_CLOCK,
	REPLACE_ECLOCK,
	REPLACE_OPT,
	REPLACE_RANDOM,
	REPLACE_COUNT,
};

/* Policy names, indexed by enum replace_policy, NULL-terminated (defined
 * with the policies' table, replace.c). */
extern const char *const replace_policy_names[];

struct frame {
	uint32_t proc;       /* owner address space; FRAME_NONE when free */
	uint32_t pte;        /* pool position of the owner's page-table entry */
	uint64_t vpn;        /* owner's virtual page number */
	uint32_t mapcount;   /* page-table entries that map this frame */
	uint32_t object;     /* shared object + 1, or 0 (private memory) */
	uint64_t objpage;    /* page index within the shared object */
	uint32_t prev, next; /* FIFO / LRU order (FRAME_NONE at the ends) */
	uint32_t next_use;   /* OPT: step index of the next reference */
	uint32_t heap_pos;   /* OPT: position in the heap */
	uint64_t loaded;     /* load sequence number (1, 2, ...) */
	bool referenced;     /* R */
	bool dirty;          /* M: changed since loaded (or never on disk) */
};

/* What one probe of a victim search did (see frames_victim_step). */
enum frames_probe_kind {
	PROBE_VICTIM,  /* `frame` is the victim */
	PROBE_CLEAR_R, /* R was 1: cleared, the hand moved on */
	PROBE_SKIP,    /* not of the class looked for: the hand moved on */
};

struct frames_probe {
	uint32_t frame;
	int kind;  /* enum frames_probe_kind */
	int pass;  /* eclock: 1-4 (1, 3: look for R=0 M=0; 2, 4: R=0 M=1) */
};

struct frames {
	int policy;           /* enum replace_policy */
	bool reorder;         /* its replace_ops' reorder (LRU): derived */
	uint32_t count;
	struct frame *f;
	uint32_t used;
	uint32_t low_free;    /* every frame below is in use */
	uint32_t head, tail;  /* list: head is the FIFO / LRU victim */
	uint32_t hand;        /* clock and eclock */
	uint32_t *heap;       /* opt: max-heap of frames on next use */
	uint32_t nheap;
	uint64_t loads;       /* load sequence */
	int ec_pass;          /* eclock search state */
	uint32_t ec_seen;
};

/* `count` free frames (at least 1) under `policy`. */
void frames_init(struct frames *fr, uint32_t count, int policy);
void frames_free(struct frames *fr);
void frames_copy(struct frames *dst, const struct frames *src);
bool frames_equal(const struct frames *a, const struct frames *b);
size_t frames_bytes(const struct frames *fr);

/* The lowest free frame (not yet taken), or FRAME_NONE when all are used. */
uint32_t frames_lowest_free(const struct frames *fr);
/*
 * Frame f now holds a newly loaded page (owner fields are the caller's):
 * R=1, M=0, last in FIFO/LRU order, `next_use` for OPT.  `replaced`: it
 * took a victim's place (the clock hand then moves past it).
 */
void frames_load(struct frames *fr, uint32_t f, uint32_t next_use,
		 bool replaced);
/* frames_reference's work beyond the R bit: LRU order, OPT's heap. */
void frames_reference_order(struct frames *fr, uint32_t f, uint32_t next_use);
/*
 * The page in frame f was referenced: R=1, LRU order, OPT next use.
 * Inline: it runs on every TLB hit, and for FIFO and CLOCK it is one store.
 */
static inline void frames_reference(struct frames *fr, uint32_t f,
				    uint32_t next_use)
{
	fr->f[f].referenced = true;
	if ((fr->reorder && fr->tail != f) || fr->heap)
		frames_reference_order(fr, f, next_use);
}
/* Frame f becomes free (its page left memory). */
void frames_release(struct frames *fr, uint32_t f);

/*
 * Victim search, one probe at a time so that each can be narrated.  Call
 * frames_victim_begin, then frames_victim_step until it returns true: the
 * probe then names the victim.  Only when no frame is free.  `rnd` is a
 * random number, used by the random policy.
 */
void frames_victim_begin(struct frames *fr);
bool frames_victim_step(struct frames *fr, uint64_t rnd,
			struct frames_probe *p);

/* The whole search at once, with the same result (no narration). */
uint32_t frames_victim(struct frames *fr, uint64_t rnd);

/* FIFO / LRU order: the frames from the next victim on (n = used). */
size_t frames_order(const struct frames *fr, uint32_t *out, size_t max);

#endif
