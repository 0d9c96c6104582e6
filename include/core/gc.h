/*
 * gc.h: garbage-collected objects in their own managed heap, and six
 * collectors that can be stepped through object by object.
 *
 * The managed heap spans [base, base + size) and holds objects created by
 * `new NAME SIZE`: each takes SIZE bytes rounded up to 8 and has up to
 * `fields` reference slots, bound to field names on first use (`set
 * A.next = B`).  Objects are identified by an id (their creation order,
 * never reused); a freed object keeps its entry, marked freed, so names
 * and references to it stay meaningful (a dangling reference is narrated).
 *
 * Roots: the global variable an object was created under (`new A` binds
 * the global A and makes it a root until `unroot A`, like Python's `del
 * a`), and every stack slot whose value equals a live object's address
 * (conservative, by value).  A moving collector rewrites such slots.
 *
 * Algorithms and their use of the space:
 *   refcount      first fit in address order; counts on every object;
 *                 freeing at count 0 cascades; `cycles=on` adds a backup
 *                 trial-deletion cycle collector run by `gc`.
 *   mark-sweep    first fit; stop the world: mark from the roots with a
 *                 work list, sweep in address order.
 *   mark-compact  bump pointer; mark, compute forwarding addresses,
 *                 update references, slide live objects to the base.
 *   copying       two semispaces, bump pointer in the current one; Cheney
 *                 copying of the reachable objects to the other.
 *   generational  a nursery [base, base + young) with a bump pointer and
 *                 an old generation above it (first fit); minor
 *                 collections trace the nursery from the roots and the
 *                 remembered set (old objects pointing to young ones,
 *                 recorded by a write barrier on `set`); survivors age,
 *                 slide to the nursery's base, and move to the old
 *                 generation after `promote-after` minor collections.
 *   incremental   first fit; tri-color marking spread over `gc step`
 *                 increments (or paced by allocation) while the program
 *                 runs, a Dijkstra insertion write barrier, a root rescan
 *                 before the sweep.  With the barrier off a live object
 *                 can be freed; that is narrated as an error.
 *
 * All state lives in flat arrays (objects by id, names by symbol, the
 * work list and this step's results as id arrays), so a copy is a few
 * memcpy calls.
 */
#ifndef MEMVIZ_CORE_GC_H
#define MEMVIZ_CORE_GC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/program.h"

#define GC_NIL UINT32_MAX
#define GC_MAX_FIELDS 8

enum gc_algorithm {
	GC_REFCOUNT,
	GC_MARK_SWEEP,
	GC_MARK_COMPACT,
	GC_COPYING,
	GC_GENERATIONAL,
	GC_INCREMENTAL,
};

/* Algorithm names as written in scenarios, enum order, NULL-terminated. */
extern const char *const gc_algorithm_names[];

enum gc_color {
	GC_WHITE, /* not (yet) marked */
	GC_GREY,  /* marked, on the work list, fields not scanned yet */
	GC_BLACK, /* marked and scanned */
};

enum gc_phase {
	GC_PHASE_IDLE,    /* the program runs; no collection in progress */
	GC_PHASE_ROOTS,   /* the roots are being marked / copied */
	GC_PHASE_MARK,    /* tracing from the work list */
	GC_PHASE_SWEEP,   /* freeing the unmarked objects */
	GC_PHASE_FORWARD, /* mark-compact: new addresses computed */
	GC_PHASE_UPDATE,  /* mark-compact: references updated */
	GC_PHASE_MOVE,    /* mark-compact: objects slide; generational: survivors */
	GC_PHASE_COPY,    /* copying: Cheney scan */
	GC_PHASE_FLIP,    /* copying: from-space abandoned */
	GC_PHASE_TRIAL,   /* refcount cycle collector: trial deletion */
};

extern const char *const gc_phase_names[];

struct gc_object {
	uint32_t name;        /* symbol of the global it was created under */
	uint32_t nth;         /* 1 for the name's first object, then 2, 3... */
	uint32_t line;        /* scenario line of the `new` */
	uint64_t addr;        /* current address (the old one once freed) */
	uint64_t size;        /* bytes in the managed heap (multiple of 8) */
	uint64_t forward;     /* mark-compact: the address it will slide to */
	uint32_t rc;          /* refcount: references from fields, roots, stack */
	uint32_t stack_rc;    /* refcount: the stack's share at the last sync */
	uint32_t freed_step;  /* 1-based step that freed it (when freed) */
	uint8_t live;         /* not freed */
	uint8_t color;        /* enum gc_color (mark bit: color != white) */
	uint8_t old;          /* generational: in the old generation */
	uint8_t age;          /* generational: minor collections survived */
	uint8_t rooted;       /* its global still refers to it */
	uint8_t remembered;   /* generational: in the remembered set */
	uint8_t leaked;       /* refcount: unreachable, count > 0 (narrated) */
	uint8_t wrongly_freed;/* freed while reachable (barrier off) */
	uint8_t nfields;      /* reference slots it has */
	uint32_t field_name[GC_MAX_FIELDS]; /* SYM_NONE: slot unused */
	uint32_t field[GC_MAX_FIELDS];      /* target object id or GC_NIL */
};

/* An array of object ids (work list, this step's results). */
struct gc_ids {
	uint32_t *v;
	size_t n, cap;
};

struct gc {
	struct gc_config cfg;      /* resolved: defaults applied */
	struct gc_object *objs;    /* by id */
	size_t nobjs, objs_cap;
	uint32_t *name_obj;        /* by symbol: newest object + 1, 0 none */
	size_t nnames;
	uint32_t *name_count;      /* by symbol: objects created under it */
	int phase;                 /* enum gc_phase */
	int cur_space;             /* copying: the semispace in use (0, 1) */
	struct gc_ids work;        /* grey objects (mark stack / Cheney queue) */
	size_t scan;               /* copying: Cheney scan index in work */
	uint32_t cycle_rescans;    /* incremental: root rescans this cycle */
	uint64_t since_collect;    /* allocations since the last collection */
	bool major_due;            /* generational: promotion failed */
	/* This step's results (for the JSON hook and the view). */
	struct gc_ids marked, freed, moved;
	uint32_t result_step;      /* 1-based step they belong to */
	const char *step_phase;    /* the last phase this step worked in */
	bool step_worked;          /* this step did collection work */
	uint64_t pause;            /* micro-steps of the current pause */
	/* Counters for the summary. */
	uint64_t allocations, allocated_bytes;
	uint64_t collections, minor, major, cycle_collections;
	uint64_t freed_objects, freed_bytes, promotions, died_young;
	uint64_t max_pause, total_pause, gc_steps, wrongly_freed;
	uint64_t barrier_hits, moved_objects, out_of_memory;
	uint64_t live_objects, live_bytes, peak_bytes;
};

/* ---- lifecycle ---- */

/* Resolve a configuration: defaults for what the scenario left unset. */
void gc_config_defaults(struct gc_config *cfg);
/* An empty managed heap for prog (its gc config and symbol count). */
void gc_init(struct gc *g, const struct program *prog);
void gc_free(struct gc *g);
/* Make dst (initialised or zeroed) an independent copy of src. */
void gc_copy(struct gc *dst, const struct gc *src);
bool gc_equal(const struct gc *a, const struct gc *b);
/* Bytes a copy holds (for the checkpoint budget). */
size_t gc_bytes(const struct gc *g);

/* ---- reading (views, tests) ---- */

/* The object with this id, or NULL when out of range. */
const struct gc_object *gc_object(const struct gc *g, uint32_t id);
/* The newest object created under a name, or GC_NIL. */
uint32_t gc_lookup(const struct gc *g, uint32_t sym);
/*
 * The address a name stands for (the newest object created under it,
 * even when freed: then a dangling address).  False when it names none.
 */
bool gc_resolve(const struct gc *g, uint32_t sym, uint64_t *addr);
/* The live object at exactly addr, or GC_NIL. */
uint32_t gc_object_at(const struct gc *g, uint64_t addr);
/* "A", or "tmp#3" for the third object created under `tmp`. */
void gc_label(const struct gc *g, const struct program *p, uint32_t id,
	      char *out, size_t outsz);
/*
 * Which objects the program can reach now: out[id] = 1 for every live
 * object reachable from a rooted global or a stack slot holding its
 * address (the caller provides nobjs bytes).  stack may be NULL.
 */
struct stack;
void gc_reachable(const struct gc *g, const struct stack *st, uint8_t *out);
/* Is the object in the copying collector's current semispace, nursery..*/
bool gc_is_young(const struct gc *g, uint32_t id);
/* Bounds of a region: 0 whole heap / current semispace / nursery,
 * 1 old generation / other semispace.  False when the algorithm has one. */
bool gc_region(const struct gc *g, int which, uint64_t *lo, uint64_t *hi);
/* Bytes free in the managed heap (in the space new objects go to). */
uint64_t gc_free_bytes(const struct gc *g);
/*
 * After a step of another model (a call, a local, a return): the stack's
 * references may have changed.  Under reference counting the counts
 * follow at once (a returned frame's last reference frees its object,
 * cascading); under every collector, objects that became unreachable are
 * narrated.  A no-op for the collector's own steps.
 */
struct exec_ctx;
struct machine;
void gc_after_step(struct machine *m, struct exec_ctx *x);
/*
 * The roots in a fixed order: rooted globals by id, then stack slots
 * holding a live object's address in slot order.  ids gets the objects
 * (repeats possible), slots the stack slot index or SIZE_MAX for a
 * global.  Returns the count; the caller frees both arrays.
 */
size_t gc_roots(const struct gc *g, const struct stack *st, uint32_t **ids,
		size_t **slots);
/* Live objects unreachable now (refcount: leaked; others: garbage). */
size_t gc_unreachable_count(const struct gc *g, const struct stack *st);
/* The free list of a first-fit region as (addr, size) pairs, address
 * order: fills up to max holes, returns how many there are. */
size_t gc_holes(const struct gc *g, int which, uint64_t *addr,
		uint64_t *size, size_t max);

/*
 * Check the invariants (tests): live objects inside the heap and their
 * region, no two overlapping, fields pointing to valid ids, refcounts
 * equal to the references (refcount), colours white when idle.  Returns
 * NULL or a static message naming the first violation.
 */
const char *gc_check(const struct gc *g, const struct stack *st);

/* ---- output ---- */

struct json;
/* The managed heap as a JSON object value (objects, roots, free bytes);
 * p names the objects, st holds the stack roots. */
void gc_json(const struct gc *g, const struct program *p,
	     const struct stack *st, struct json *j);
/* This step's "gc" object: algorithm, phase, marked, freed, moved (empty
 * unless the collector worked at step steps_done, the one just run). */
void gc_json_step(const struct gc *g, const struct program *p,
		  size_t steps_done, struct json *j);
/* Summary fields: collections, freed_objects, freed_bytes,
 * max_pause_steps, leaked_objects and more (gc_overhead: per step of the
 * steps_done run). */
void gc_json_summary(const struct gc *g, const struct stack *st,
		     size_t steps_done, struct json *j);

#endif
