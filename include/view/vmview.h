/*
 * vmview.h: what the virtual-memory panes and the compare view share:
 * how a page is written (decimal in a `refs` exercise, hex for addresses)
 * and the frame history, the textbook table of a replacement exercise
 * (one column per memory access: the page referenced, the page in each
 * frame after it, fault or hit, the page evicted).
 *
 * The history comes from the accesses the engine recorded once per
 * scenario (engine_accesses, engine.h): nothing is run again on a draw.
 * The last column is read from the engine's own machine, so a step shown
 * event by event appears as far as it has gone.  The engine is never
 * moved.
 */
#ifndef MEMVIZ_VIEW_VMVIEW_H
#define MEMVIZ_VIEW_VMVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct engine;
struct machine;
struct program;
struct vm;

/* Histories are only kept for memories of at most this many frames. */
#define VMHIST_MAX_FRAMES 64
/* ... and for runs whose position is at most this many steps in. */
#define VMHIST_MAX_STEPS 200000

/* One memory access (a column of the textbook table). */
struct vmhist_col {
	size_t step;            /* engine step, 1-based */
	uint32_t proc;
	uint64_t vpn;
	bool write;
	bool hit;               /* no fault of any kind */
	bool segfault;
	uint32_t frame;         /* frame holding the page after it, or none */
	bool evicted;
	uint32_t evicted_proc;
	uint64_t evicted_vpn;
	uint32_t victim_frame;
};

struct vmhist {
	uint32_t nframes;       /* frames per column */
	size_t ncols;           /* columns kept: the last ones, oldest first */
	size_t total;           /* accesses up to the position in all */
	size_t faults, hits;    /* over those accesses */
	bool partial;           /* the last column's step is not complete */
	struct vmhist_col *col;
	/* ncols * nframes: the page in each frame after the access, as a
	 * key (proc << 44 | vpn) + 1; 0 for a free frame */
	uint64_t *cell;
};

/*
 * The last `maxcols` accesses up to engine e's position.  Returns false
 * (with an empty history) when the memory has more than VMHIST_MAX_FRAMES
 * frames or the position is past VMHIST_MAX_STEPS.  vmhist_free releases
 * what it holds.
 */
bool vmhist_build(struct vmhist *h, const struct engine *e, size_t maxcols);
void vmhist_free(struct vmhist *h);

/* Split a history cell key; false for a free frame. */
bool vmhist_key(uint64_t key, uint32_t *proc, uint64_t *vpn);

/*
 * True when every memory access of the program is a page reference
 * (`refs`): page numbers are then shown in decimal, otherwise in hex.
 */
bool vmview_refs_only(const struct program *p);

/*
 * A page as shown in tables: "7" (refs), "403" (hex, no prefix), with
 * "NAME:" in front when the vm has several processes and `with_proc`.
 */
void vmview_page(const struct vm *vm, bool refs, bool with_proc,
		 uint32_t proc, uint64_t vpn, char *buf, size_t n);

struct event;
/*
 * True when the events (of the current step, so far) show a memory access
 * of the virtual-memory model: a page reference or an address access.
 */
bool vmview_step_accessed(const struct event *ev, size_t n);

/* The replacement policy's name as printed: "FIFO", "LRU", "CLOCK"... */
const char *vmview_policy_name(int policy);

#endif
