/*
 * cache.h: the CPU cache hierarchy (L1, or split L1i/L1d, then L2 and L3,
 * then RAM) and the cost of every access through it.
 *
 * Geometry: a level of `size` bytes holds size / line lines in sets of
 * `ways`; sets = size / (line * ways) must be a power of two.  An address
 * splits into tag | set | offset: line address = addr / line, set = line
 * address % sets, tag = line address / sets.  Line sizes never shrink
 * down the hierarchy.
 *
 * One demand access goes down level by level until a level hits (or RAM
 * answers); its cost is the sum of the latencies of the levels it looked
 * in, plus RAM's when every level missed.  An access that spans two L1
 * lines is two accesses, one per line, and costs both.
 *
 * Policies, per level:
 *  - replacement (a set is full): lru (least recently used), fifo (oldest
 *    fill), random (the machine's seeded generator), plru (tree
 *    pseudo-LRU, ways a power of two, at most 64).  An empty way is always
 *    used first, the lowest.
 *  - write=back: a write hit only dirties the line; a dirty line that is
 *    evicted is written back to the next level.  write=through: a write
 *    hit is also passed to the next level; lines are never dirty.
 *  - alloc=write (write-allocate): a write miss fetches the line like a
 *    read, then writes it.  alloc=no-write: a write miss does not fill
 *    the line here; the write goes on to the next level as a write.
 *
 * Inclusion: non-inclusive, non-exclusive ("NINE", as in Dinero IV and
 * most L2s): a miss fills the line at every level that missed (that
 * allocates), and an eviction at one level never touches the others.  So
 * a line can be in L1 and no longer in L2.  Write-backs and write-through
 * traffic (a write passed down) update the next level's line if it is
 * there (dirtying it under write-back, passing it further under
 * write-through) and go on down otherwise, never filling a line; they
 * go through a write buffer and cost no time on the access path.  With
 * writebacks=demand on the sending level they are demand writes at the
 * next level instead, as in Dinero IV (enum cache_writebacks).
 *
 * Misses are classified by the "3C" model, as Dinero IV's -ccc does:
 * compulsory (the first reference to the line at this level, ever),
 * capacity (a fully associative LRU cache of the same size, the level's
 * "shadow", would also miss) and conflict (the shadow hits: only the
 * mapping to sets made it miss).  Every access of the level uses its line
 * in the shadow, except an alloc=no-write write that misses there (it
 * does not enter it), as in Dinero IV.  The shadow is always LRU (Hill's
 * model), where Dinero IV's follows the level's policy: the two agree on
 * LRU levels.  A fully associative LRU level therefore has no conflict
 * misses.
 *
 * Latencies and time: see latency.h; their state lives here too (struct
 * cache_time), so one machine member carries the whole memory hierarchy.
 *
 * Events: each level an access touches emits one event after its state
 * change: kind "cache-hit" or "cache-miss" (flag EVF_CACHE_MISS, plus
 * EVF_EVICT when a valid line was replaced), target TGT_CACHE_LINE with
 * id = level index (0 = the first level, see cache.level[]) and id2 =
 * set * 65536 + way.  The last event of an access narrates its cost.
 */
#ifndef MEMVIZ_CORE_CACHE_H
#define MEMVIZ_CORE_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/program.h"

struct exec_ctx;
struct json;

#define CACHE_NONE UINT32_MAX
#define CACHE_MAX_LEVELS 4   /* L1d, L1i, L2, L3 */
#define CACHE_TOUCH_MAX 32   /* per-step level records kept for JSON */
#define CACHE_MAX_WAYS 4096u
#define CACHE_MAX_SIZE (1ull << 30)
#define CACHE_MAX_LINES (1u << 20) /* a 64M cache of 64-byte lines */

enum cache_replace { CACHE_LRU, CACHE_FIFO, CACHE_RANDOM, CACHE_PLRU };
enum cache_write { CACHE_WRITE_BACK, CACHE_WRITE_THROUGH };
enum cache_alloc { CACHE_ALLOC_WRITE, CACHE_ALLOC_NO_WRITE };
/*
 * What a level's write-backs and write-throughs are to the next level.
 * BUFFER (the default): a write buffer's traffic, not an access there:
 * it updates the line when present (dirtying it, or passing it further
 * down under write-through) and never fills one.  DEMAND: a demand write
 * access there, as in Dinero IV: counted (accesses, writes, hits,
 * misses, 3C), it changes recency and fills a line on a miss under
 * alloc=write; it costs no time on the access path.  Demand write-downs
 * are done after the access that caused them, latest first (Dinero's
 * order of pending references).
 */
enum cache_writebacks { CACHE_WB_BUFFER, CACHE_WB_DEMAND };
/* Write-downs waiting for the end of an access (DEMAND only). */
#define CACHE_PENDING_MAX 64

/* The kind of an access. */
enum cache_kind { CACHE_READ, CACHE_WRITE, CACHE_FETCH };

/* The words the `cache` directive takes (NULL-terminated, enum order). */
extern const char *const cache_level_words[];   /* "L1", "L1i", ... */
extern const char *const cache_replace_words[];
extern const char *const cache_write_words[];
extern const char *const cache_alloc_words[];
/* writebacks=buffer (the default) | demand: see cache_writebacks. */
extern const char *const cache_writebacks_words[];

/* One way of a set. */
struct cache_way {
	uint64_t tag;
	uint64_t stamp;  /* lru: last use; fifo: fill time (cache clock) */
	bool valid, dirty;
};

/* The fully associative LRU "shadow" of a level, for the 3C split. */
struct cache_shadow {
	uint32_t cap, n;       /* nodes [0, n) hold lines */
	struct cache_shadow_node {
		uint64_t line;
		uint32_t prev, next;
	} *node;               /* cap + 1 nodes: node[cap] is the circular
				  recency list's sentinel (next: the most
				  recently used, prev: the least) */
	uint32_t *hash;        /* node + 1, 0: empty; linear probing */
	uint32_t hbits;
};

/*
 * Every line address a level has seen (compulsory misses): a hash set of
 * 64-line blocks, each with a bit per line, so that a program's
 * neighbouring lines share one entry.
 */
struct cache_seen {
	struct cache_seen_block {
		uint64_t key;  /* block (line / 64) + 1, 0: empty */
		uint64_t bits; /* line % 64 seen */
	} *slot;
	size_t n, cap;         /* cap is a power of two (or 0) */
};

struct cache_stats {
	uint64_t accesses, hits, misses;
	uint64_t compulsory, capacity, conflict;
	uint64_t reads, writes;      /* demand accesses by kind */
	uint64_t evictions;          /* valid lines replaced */
	uint64_t writebacks;         /* dirty lines written to the next level */
	uint64_t write_throughs;     /* writes passed to the next level */
	uint64_t time_ns;            /* latency spent looking here */
};

struct cache_level {
	char name[4];                /* "L1", "L1d", "L1i", "L2", "L3" */
	uint64_t size_bytes, line_bytes;
	uint32_t ways, sets, line_bits, set_bits;
	int replace, write, alloc;   /* enum cache_replace/write/alloc */
	int writebacks;              /* enum cache_writebacks */
	uint64_t latency_ns;
	uint32_t next;               /* next level index, or CACHE_NONE: RAM */
	struct cache_way *w;         /* set s: w[s * ways .. + ways) */
	uint64_t *key;               /* per way: tag + 1 if valid, else 0
					(w's tags packed for the lookup) */
	uint32_t *node;              /* per way: its line's shadow node when
					last used, a hint checked before use
					(derived state, not compared) */
	uint8_t *sig;                /* per way: key's low byte, and 8 bytes
					of padding (derived, not compared) */
	uint64_t *plru;              /* per set tree bits (plru only) */
	struct cache_shadow shadow;
	struct cache_seen seen;
	struct cache_stats st;
	/*
	 * The line of the level's last demand access, while it is resident
	 * and at the head of the shadow: a repeat access skips both lookups.
	 * Derived state (not compared).
	 */
	uint64_t memo_line;
	uint32_t memo_way;
	bool memo_valid;
};

/* One level an access touched, for per-step JSON and the view. */
struct cache_touch {
	uint8_t level;
	bool hit;
	bool evicted;                /* a valid line was replaced */
	bool writeback;              /* ... and it was dirty */
	bool filled;                 /* the line was installed here */
	uint8_t miss_kind;           /* 0 none, 1 compulsory, 2 capacity, 3 conflict */
	uint32_t set, way;           /* way CACHE_NONE: not allocated */
	uint64_t evicted_tag;
};

/* What the last step did (per-step JSON, highlights). */
struct cache_last {
	uint32_t refs;               /* accesses made by the step */
	uint32_t ntouch;             /* touches of the step (up to the max) */
	struct cache_touch touch[CACHE_TOUCH_MAX];
	uint64_t addr;               /* physical address of the last access */
	int kind;                    /* enum cache_kind of the last access */
	uint64_t cost_ns;            /* whole step: translation + hierarchy */
	uint64_t pre_ns;             /* translation part (TLB, walk, disk) */
	uint64_t tlb_ns, walk_ns, disk_ns; /* ... and its terms */
	bool translated;             /* the address came from the VM */
	uint64_t hits[CACHE_MAX_LEVELS], misses[CACHE_MAX_LEVELS];
	bool ram;                    /* some access went to RAM */
};

/* Where the time went (see latency.h). */
struct cache_time {
	uint64_t accesses;           /* demand accesses into the hierarchy */
	uint64_t hierarchy_ns;       /* caches + RAM: AMAT's numerator */
	uint64_t ram_ns, ram_reads, ram_writes;
	uint64_t tlb_ns, walk_ns, disk_ns;
	uint64_t disk_reads, disk_writes;
	uint64_t total_ns;           /* everything */
};

struct cache {
	uint32_t nlevels;
	uint32_t first_data, first_fetch; /* entry level per kind, or NONE */
	struct cache_level level[CACHE_MAX_LEVELS];
	uint64_t clock;              /* stamp source */
	struct latency_config lat;   /* resolved latencies */
	struct cache_time t;
	struct cache_last last;
	/* Demand write-downs (CACHE_WB_DEMAND) waiting for the end of the
	 * access: empty between accesses. */
	struct cache_pending {
		uint32_t level;
		uint64_t addr;
	} pending[CACHE_PENDING_MAX];
	uint32_t npending;
};

/*
 * Check one level's geometry (a level named `name`).  Returns false with
 * a sentence in why (no position) when it is impossible: size not a
 * multiple of line x ways, sets or line not a power of two, plru ways not
 * a power of two up to 64, ...  `key` is set to the option to blame
 * ("size", "line", "ways", "replace").
 */
bool cache_level_check(const char *name,
		       const struct cache_level_config *lc, char *why,
		       size_t whysz, const char **key);
/*
 * Check the hierarchy as a whole: L1 with L1i/L1d, a level below a
 * missing one, line sizes shrinking.  Same reporting as above; `*bad` is
 * the config slot (enum cache_slot) to blame.
 */
bool cache_config_check(const struct cache_config *c, char *why,
			size_t whysz, int *bad);

/* Set up empty caches from cfg (checked by the parser). */
void cache_init(struct cache *c, const struct cache_config *cfg);
void cache_free(struct cache *c);
/* Make dst (initialised) an independent copy of src. */
void cache_copy(struct cache *dst, const struct cache *src);
bool cache_equal(const struct cache *a, const struct cache *b);
size_t cache_bytes(const struct cache *c);

/*
 * State given up front (`line`): level i's way `way` of set `set` holds
 * the line with `tag` (dirty: and it is dirty, under write-back), as
 * if just used: the newest in its set's LRU / FIFO order, and seen (a
 * later miss on it is not compulsory).  The parser has checked the
 * numbers.
 */
void cache_preset_line(struct cache *c, uint32_t i, uint32_t set,
		       uint32_t way, uint64_t tag, bool dirty);

/* Forget the previous step's per-step results; call once per step. */
void cache_step_begin(struct cache *c);

/*
 * Run one access of `size` bytes (>= 1) at physical address `paddr`
 * through the hierarchy (rng: the generator random replacement draws
 * from), emitting one event per level per line touched
 * through x (NULL: no events; x->quiet: no text).  With no level
 * configured the access goes to RAM (one "memory" event).  The cost is
 * added to the step's cost (c->last) and to the totals; the translation
 * cost already recorded by latency_translation() for this step is named
 * in the final narration.  Returns the access's hierarchy cost in ns, or
 * UINT64_MAX when the event budget ran out (the caller must then stop).
 */
uint64_t cache_access(struct cache *c, uint64_t *rng, uint64_t paddr,
		      unsigned size, enum cache_kind kind, struct exec_ctx *x);

/*
 * Dinero IV's din labels 4 (copy back) and 5 (invalidate), on the line
 * holding physical `addr` or, for the _ALL forms, every line; at every
 * level, top down, as Dinero IV propagates them towards memory.
 * COPYBACK: a dirty line is written back (a write-back, sent as the
 * level's writebacks= says) and stays valid, clean.  INVALIDATE: the line
 * is dropped, dirty or not (Dinero IV does not copy back first: its data
 * is lost), and its level's shadow and seen set forget it (its next miss
 * is compulsory).  Not an access: no hit, miss or time is counted.
 * Returns the lines written back or dropped; *dirty_dropped (may be NULL)
 * gets the dirty lines an invalidate dropped.
 */
enum cache_control { CACHE_COPYBACK, CACHE_INVALIDATE, CACHE_COPYBACK_ALL,
		     CACHE_INVALIDATE_ALL };
uint64_t cache_control(struct cache *c, uint64_t *rng, uint64_t addr, int op,
		       uint64_t *dirty_dropped);

/*
 * A frame got new contents behind the caches' back (a page read from swap
 * by DMA, or zero-filled): invalidate every cached line of physical
 * [base, base + size) at every level; dirty ones are written to RAM
 * first (counted as write-backs).  The shadows and the seen sets forget
 * those lines too: the next miss on them is compulsory (new contents).  Emits one "cache-invalidate" event
 * when any line was valid (x may be NULL).  Returns the lines dropped, or
 * UINT64_MAX when the event budget ran out.
 */
uint64_t cache_invalidate_range(struct cache *c, uint64_t base, uint64_t size,
				struct exec_ctx *x);

/* The set and tag of an address at a level. */
uint32_t cache_set_of(const struct cache_level *l, uint64_t addr);
uint64_t cache_tag_of(const struct cache_level *l, uint64_t addr);
/*
 * The replacement rank of a way within its set: 0 is the next victim,
 * ways - 1 the most protected (LRU: least to most recently used; FIFO:
 * oldest to newest fill; PLRU: the order the tree bits would evict in;
 * random: way order).  Invalid ways rank first.
 */
uint32_t cache_way_rank(const struct cache_level *l, uint32_t set,
			uint32_t way);

/*
 * Headless output.  cache_json: the hierarchy's state (levels with their
 * geometry and valid lines) as an object value.  cache_json_summary adds
 * `"cache": {"L1": {"accesses", "hits", "misses", "compulsory",
 * "capacity", "conflict", "writebacks", "evictions"}, ...}`,
 * `"amat_ns"`, `"total_ns"` and `"time_ns": {"L1": .., "RAM": ..,
 * "SSD" or "HDD": .., "TLB": .., "walk": ..}` (TLB and walk only when
 * they took time) to the summary object.
 * cache_json_last adds the step's `"cache"` array (one object per level
 * touched: level, hit, set, way, evicted_tag, writeback) and `"cost_ns"`;
 * for a step of several references, `"refs"` and per-level
 * `"step_hits"`/`"step_misses"` objects instead of the array.
 */
void cache_json(const struct cache *c, struct json *j);
void cache_json_summary(const struct cache *c, struct json *j);
void cache_json_last(const struct cache *c, struct json *j);

#endif
