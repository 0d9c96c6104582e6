/*
 * gc_impl.h: the garbage collector's internals shared by gc.c (objects,
 * space, roots, reference counting, output), gc_collect.c (the tracing
 * collectors and the cycle collector) and gc_directive.c (the scenario
 * directives).  Not part of the core's interface.
 */
#ifndef MEMVIZ_CORE_GC_IMPL_H
#define MEMVIZ_CORE_GC_IMPL_H

#include "core/directive.h"
#include "core/gc.h"
#include "core/machine.h"

#define ULL(v) ((unsigned long long)(v))
#define GC_LABEL_MAX 72
#define GC_LIST_MAX 160

/* One step's working context: the machine, the events, label buffers. */
struct gc_run {
	struct gc *g;
	struct machine *m;
	struct exec_ctx *x;
	const struct program *p;
	char lab[6][GC_LABEL_MAX];
	unsigned nlab;
	char list[2][GC_LIST_MAX];
	unsigned nlist;
	bool hold_pause; /* increments of one `gc` run form one pause */
};

/* Why a collection runs, and which kind. */
enum gc_kind {
	GC_KIND_FULL,  /* `gc`: the algorithm's normal collection */
	GC_KIND_MINOR, /* generational: the nursery only */
	GC_KIND_MAJOR, /* generational: both generations */
	GC_KIND_STEP,  /* incremental: one increment */
};

void gc_run_init(struct gc_run *r, struct machine *m, struct exec_ctx *x);
/* An object's label for narration ("" when quiet); 6 can be live at once. */
const char *gc_lab(struct gc_run *r, uint32_t id);
/* "A B C" for a list of ids ("" when quiet, "(empty)" when n == 0). */
const char *gc_list(struct gc_run *r, const uint32_t *ids, size_t n);
/* Emit an event about object id; flags get EVF_GC added. */
#define GC_EMIT(r, kind, flags, id, ...)                                       \
	exec_emit((r)->x, (kind), EVF_GC | (flags), TGT_GC_OBJECT,             \
		  (int64_t)(id), 0, __VA_ARGS__)

static inline struct gc_object *gc_obj(struct gc *g, uint32_t id)
{
	return &g->objs[id];
}

void gc_ids_push(struct gc_ids *a, uint32_t id);
/* Live object ids sorted by address; the caller frees the array. */
uint32_t *gc_by_addr(const struct gc *g, size_t *n);

/* Start a collection's bookkeeping (counters, the step's work flag). */
void gc_work_begin(struct gc_run *r);
/* One micro-step of collector work (pause length). */
void gc_work_unit(struct gc_run *r);
/* A pause ends: fold its length into the statistics. */
void gc_pause_end(struct gc_run *r);
/* Record the phase the collector is in (state and this step's result). */
void gc_set_phase(struct gc_run *r, int phase);

/* Mark an object freed (counters, results); no event. */
void gc_release(struct gc_run *r, uint32_t id);
/*
 * The stack pane's identity of stack slot i (an index into st->slots):
 * its frame and its index in the frame, for an event that rewrites the
 * slot (a moving collector updating a root), so the slot is starred.
 */
struct stack;
void gc_slot_target(const struct stack *st, size_t i, int64_t *frame,
		    int64_t *slot);

/*
 * Move an object to `to` and rewrite every stack slot that held its old
 * address, one event per slot.  The caller narrates the move itself
 * first.  False when the event budget ran out.
 */
bool gc_move(struct gc_run *r, uint32_t id, uint64_t to);
/* Place `size` bytes: first fit or bump in [lo, hi); false when full. */
bool gc_fit_first(const struct gc *g, uint64_t lo, uint64_t hi,
		  uint64_t size, uint64_t *out);
bool gc_fit_bump(const struct gc *g, uint64_t lo, uint64_t hi, uint64_t size,
		 uint64_t *out);

/* "global A" or "local x of main" for root k of gc_roots. */
const char *gc_root_text(struct gc_run *r, size_t slot, uint32_t id);

/* Reference counting: bring stack counts up to date (deferred counts). */
bool gc_rc_sync(struct gc_run *r);
/* One more reference to id (why: what holds it now). */
bool gc_rc_inc(struct gc_run *r, uint32_t id, const char *why);
/* One reference fewer; at zero the object is freed, cascading. */
bool gc_rc_dec(struct gc_run *r, uint32_t id, const char *why);
/* Narrate objects that just became unreachable (leaks or garbage). */
bool gc_note_unreachable(struct gc_run *r);

/* Collections (gc_collect.c).  `why` completes "collection (why)". */
bool gc_collect(struct gc_run *r, enum gc_kind kind, const char *why);
/* Incremental: one increment, starting a cycle when idle. */
bool gc_increment(struct gc_run *r, const char *why);
/* Incremental: start a cycle (grey the roots) if idle. */
bool gc_inc_start(struct gc_run *r, const char *why);
/* Grey a white object and push it on the work list, narrated. */
bool gc_shade(struct gc_run *r, uint32_t id, const char *via);
/* Allocate: find room for size bytes where new objects go; may
 * collect.  False with *ok false when out of memory (narrated by the
 * caller), false with *ok true when the budget ran out. */
bool gc_place(struct gc_run *r, uint64_t size, uint64_t *addr, bool *old,
	      bool *ok);

#endif
