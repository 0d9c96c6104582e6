/*
 * heap.h: the heap model.  A heap spans [base, base + size) and is an
 * address-ordered list of blocks, each free, in use, or a slab (a block
 * that holds a slab cache's objects).  Allocation policies:
 *
 *   first-fit, next-fit, best-fit, worst-fit: one free list in address
 *     order.  A request of R bytes needs round_up(R, align) + header bytes.
 *     The allocation takes the FRONT of the chosen free block; the rest
 *     stays free whatever its size (unless it is smaller than split-min,
 *     then the whole block is taken and the excess is internal
 *     fragmentation).  The returned address is block start + header.
 *     best- and worst-fit break ties by the lower address; next-fit
 *     resumes at the free block that contains or follows the end of the
 *     last allocation, wrapping around once.  On free, a block merges with
 *     free neighbours when coalescing is on.
 *   buddy: the heap size is a power of two; a request needs the smallest
 *     power of two >= max(min, round_up(R, align) + header); the smallest
 *     free block that fits (lowest address among equals) is split in
 *     halves until it has that size; on free a block merges with its buddy
 *     (the block at (addr - base) XOR size) while that is free and whole.
 *   slab: object caches (`slab NAME size=OBJ per-slab=N`) hold slabs of N
 *     objects; a slab is one block of the heap, taken first-fit (or by the
 *     heap's policy when the policy is not slab).  An allocation uses the
 *     lowest-addressed partial slab, else the lowest-addressed empty one,
 *     else a new slab; inside a slab the lowest free slot.  Under
 *     policy=slab `malloc NAME SIZE` uses the smallest cache whose objects
 *     hold SIZE bytes.  Caches work under every policy.
 *
 * Names: each scenario name that malloc/calloc/realloc bound is live (it
 * holds a block's user address), freed (it still holds the old address: a
 * dangling pointer), or null (the allocation failed).
 *
 * Memory errors are narrated events with EVF_ERROR, never a crash of
 * memviz.  Double free, invalid free (an unknown name or an address no
 * block returned) and realloc of such a pointer also carry EVF_HALT: the
 * C library aborts the program there.  Out of memory (malloc returns
 * NULL), use after free, heap overflow and leaks do not halt.  `exit`
 * reports the leaks and ends the run.
 *
 * All state lives in flat arrays indexed by block number (links are
 * indices), so a copy is a few memcpy calls.  Free blocks are also kept in
 * two treaps (by address with the largest size and count per subtree, and
 * by size then address) so every policy finds its block in O(log n).
 */
#ifndef MEMVIZ_CORE_HEAP_H
#define MEMVIZ_CORE_HEAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/program.h"

#define HEAP_NIL UINT32_MAX

enum heap_policy {
	HEAP_FIRST_FIT,
	HEAP_NEXT_FIT,
	HEAP_BEST_FIT,
	HEAP_WORST_FIT,
	HEAP_BUDDY,
	HEAP_SLAB,
};

/* The policy names as written in scenarios, NULL-terminated, enum order. */
extern const char *const heap_policy_names[];

enum heap_block_state {
	HEAP_BLOCK_FREE,
	HEAP_BLOCK_USED,
	HEAP_BLOCK_SLAB, /* holds a slab: `slab` says which */
};

struct heap_block {
	uint64_t addr;    /* first byte (where the header is) */
	uint64_t size;    /* bytes, header and padding included */
	uint64_t req;     /* bytes the program asked for (0 when free) */
	uint64_t maxsz;   /* internal: largest free size in the address subtree */
	uint32_t prev, next;   /* block list in address order (HEAP_NIL ends) */
	uint32_t fprev, fnext; /* free list in address order (free blocks) */
	uint32_t al, ar, sl, sr; /* internal: treap links */
	uint32_t cnt;     /* internal: free blocks in the address subtree */
	uint32_t owner;   /* symbol of the name that allocated it */
	uint32_t line;    /* scenario line of the allocation */
	uint32_t slab;    /* HEAP_BLOCK_SLAB: index in heap->slabs */
	uint8_t state;    /* enum heap_block_state */
	uint8_t orphan;   /* in use, but its name now points elsewhere */
};

enum heap_name_state {
	HEAP_NAME_NONE,  /* never allocated */
	HEAP_NAME_LIVE,
	HEAP_NAME_FREED, /* dangling: `addr` is the address it held */
	HEAP_NAME_NULL,  /* the allocation failed: NULL */
};

struct heap_name {
	uint8_t state;   /* enum heap_name_state */
	uint8_t in_slab; /* LIVE: a slab object (block = slab, slot = slot) */
	uint32_t block;  /* LIVE: block index, or slab index when in_slab */
	uint32_t slot;
	uint32_t line;   /* scenario line of the allocation */
	uint64_t addr;   /* FREED: the address the name held */
	uint64_t size;   /* bytes asked for */
};

struct heap_cache {
	uint32_t name;      /* symbol */
	uint64_t obj_size;  /* bytes per object, rounded up to the alignment */
	uint64_t obj_req;   /* bytes as declared */
	uint32_t per_slab;
	uint32_t first;     /* lowest-addressed slab of the cache, or HEAP_NIL */
	uint32_t nslabs;
	uint64_t objects;   /* objects in use */
};

struct heap_slab {
	uint32_t cache;  /* index in heap->caches */
	uint32_t block;  /* the heap block that holds it */
	uint32_t next;   /* next slab of the cache in address order */
	uint32_t used;   /* objects in use */
	uint32_t slot0;  /* first slot in heap->slots */
};

/* One object slot of a slab. */
struct heap_slot {
	uint32_t owner; /* symbol, SYM_NONE when free */
	uint32_t line;
	uint64_t req;
};

/* What the last step did, for its JSON line (see heap_json_step). */
struct heap_result {
	bool has_addr;     /* a malloc/calloc/realloc step */
	bool null;         /* ... that failed */
	uint64_t addr, size;
	const char *error; /* static: "double-free", ... or NULL */
};

struct heap {
	struct heap_config cfg;
	struct heap_block *blocks; /* pool: live entries are reachable from first */
	size_t nblocks, blocks_cap; /* pool high-water mark */
	uint32_t *spare;           /* released pool entries (a stack) */
	size_t nspare, spare_cap;
	uint32_t first;            /* lowest-addressed block */
	uint32_t ffirst, flast;    /* free list ends */
	uint32_t aroot, sroot;     /* treap roots (sroot: best-fit, buddy) */
	bool size_tree;            /* the size treap is kept */
	uint64_t rover;            /* next-fit: where the next search starts */
	struct heap_name *names;   /* indexed by symbol */
	size_t nnames;
	struct heap_cache *caches;
	size_t ncaches, caches_cap;
	struct heap_slab *slabs;
	size_t nslabs, slabs_cap;
	struct heap_slot *slots;
	size_t nslots, slots_cap;
	/* Totals, kept as blocks change. */
	uint64_t used_bytes;       /* bytes of in-use and slab blocks */
	uint64_t free_bytes;
	uint64_t wasted_bytes;     /* internal fragmentation */
	uint32_t nfree, nused;
	/* Counters for the summary. */
	uint64_t mallocs, frees, failures, double_frees, invalid_frees;
	uint64_t use_after_free, overflows, splits, merges, moves;
	struct heap_result last;
	bool exited;
};

struct heap_totals {
	uint64_t size, in_use, free, largest_free, wasted;
	uint32_t free_blocks, used_blocks;
	double external;   /* 1 - largest free / total free (0 when no free) */
	double internal;   /* wasted / in use (0 when nothing in use) */
};

/* ---- lifecycle ---- */

/* An empty heap: one free block spanning it.  cfg is copied. */
void heap_init(struct heap *h, const struct heap_config *cfg);
void heap_free(struct heap *h);
/* Make dst (initialised or zeroed) an independent copy of src. */
void heap_copy(struct heap *dst, const struct heap *src);
/* Same blocks, names, caches, slabs, counters (pool layout aside). */
bool heap_equal(const struct heap *a, const struct heap *b);
/* Bytes a copy holds (for the checkpoint budget). */
size_t heap_bytes(const struct heap *h);

/* ---- reading (for panes and tests; all O(1) unless noted) ---- */

/* Iterate blocks in address order: for (i = heap_first(h); i != HEAP_NIL;
 * i = heap_next(h, i)). */
uint32_t heap_first(const struct heap *h);
uint32_t heap_next(const struct heap *h, uint32_t i);
/* Iterate the free list in its order (address order for every policy). */
uint32_t heap_free_first(const struct heap *h);
uint32_t heap_free_next(const struct heap *h, uint32_t i);
const struct heap_block *heap_block(const struct heap *h, uint32_t i);
/* The name entry of a symbol (a NONE entry when never allocated). */
const struct heap_name *heap_name(const struct heap *h, uint32_t sym);
/* The user address a name holds: true when the name is a heap name (live,
 * freed: the dangling address, null: 0). */
bool heap_resolve(const struct heap *h, uint32_t sym, uint64_t *addr);
/* The block containing addr, or HEAP_NIL (O(blocks)). */
uint32_t heap_block_at(const struct heap *h, uint64_t addr);
/* Totals and fragmentation. */
void heap_totals(const struct heap *h, struct heap_totals *t);
/* Bytes a block wastes: header, padding, rounding, unused slab slots. */
uint64_t heap_block_waste(const struct heap *h, uint32_t i);
/* Blocks and slab objects never freed (leaks if the program ends now). */
size_t heap_leak_count(const struct heap *h);
/* The slab's slot k (0 <= k < per_slab) and the address of that object. */
const struct heap_slot *heap_slab_slot(const struct heap *h, uint32_t slab,
				       uint32_t k);
uint64_t heap_slab_obj_addr(const struct heap *h, uint32_t slab, uint32_t k);

/*
 * Check the invariants (tests): blocks tile the heap without gaps or
 * overlaps, the free list is exactly the free blocks in address order,
 * the treaps and totals agree, no two free blocks touch when coalescing is
 * on (free-list policies), buddy blocks are powers of two aligned to their
 * size.  Returns NULL or a static message naming the first violation.
 */
const char *heap_check(const struct heap *h);

/* ---- operations (the directives call these; each emits its events) ---- */

struct exec_ctx;

/*
 * Allocate `req` bytes (count * size for calloc: zero_fill) and bind
 * `sym` to it.  Failure (out of memory, or external fragmentation) is
 * narrated with EVF_ERROR and binds sym to NULL.  When sym was live, its
 * old block becomes unreachable (narrated as a leak).
 */
void heap_malloc(struct heap *h, uint32_t sym, uint64_t req, bool zero_fill,
		 uint32_t line, struct exec_ctx *x);
/* Allocate one object of cache `cache_sym` and bind sym to it. */
void heap_cache_alloc(struct heap *h, uint32_t sym, uint32_t cache_sym,
		      uint32_t line, struct exec_ctx *x);
/*
 * Free the block sym holds.  `alias_addr` is used when sym is not a heap
 * name but holds an address (a stack local): has_alias then.
 */
void heap_free_name(struct heap *h, uint32_t sym, bool has_alias,
		    uint64_t alias_addr, struct exec_ctx *x);
/* Resize in place when possible, else move (narrated). */
void heap_realloc(struct heap *h, uint32_t sym, uint64_t req, uint32_t line,
		  struct exec_ctx *x);
/* Create a slab cache (objects of obj_size bytes, per_slab per slab). */
void heap_cache_create(struct heap *h, uint32_t sym, uint64_t obj_size,
		       uint32_t per_slab, struct exec_ctx *x);
/* Slide in-use blocks to the base, one event per move.  Free-list and
 * slab policies only (a scenario error under buddy). */
void heap_compact(struct heap *h, struct exec_ctx *x);
/* Report every block never freed (one EVF_ERROR event each) and end. */
void heap_exit(struct heap *h, struct exec_ctx *x);
/*
 * Check an access of len bytes at addr made through the name `via`
 * (SYM_NONE: a raw address) before a read or write.  Returns true when it
 * is fine or not in the heap; on a use after free, a heap overflow (past
 * the bytes asked for, or before them) or an access to free heap memory,
 * narrates one EVF_ERROR event (the access itself still happens: undefined
 * behaviour, not a crash) and returns false.  Through a null name: a
 * segmentation fault, EVF_ERROR | EVF_HALT.
 */
bool heap_check_access(struct heap *h, uint32_t via, uint64_t addr,
		       uint64_t len, bool write, struct exec_ctx *x);

struct json;
/* Headless output: the heap as a JSON object value. */
void heap_json(const struct heap *h, const struct program *p, struct json *j);
/* This step's fields: "addr" and "size" (allocations), "free_list",
 * "error" (when one was narrated). */
void heap_json_step(const struct heap *h, struct json *j);
/* Summary fields: in_use, free, largest_free, external_fragmentation,
 * internal_fragmentation, leaks (count), leaked (list), counters. */
void heap_json_summary(const struct heap *h, const struct program *p,
		       struct json *j);

#endif
