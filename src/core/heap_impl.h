/*
 * heap_impl.h: the heap model's internals shared by heap.c (block list,
 * free-list policies, names, compaction, output), buddy.c and slab.c.
 * Not part of the core's interface: only src/core/heap*.c, buddy.c and
 * slab.c include it.
 */
#ifndef MEMVIZ_CORE_HEAP_IMPL_H
#define MEMVIZ_CORE_HEAP_IMPL_H

#include "core/directive.h"
#include "core/heap.h"

#define NIL HEAP_NIL
#define ULL(v) ((unsigned long long)(v))
#define BLK(h, i) (&(h)->blocks[(i)])

/* At most this many "checked block" events per search; more: a summary. */
#define HEAP_NARRATE_MAX 8

/* An event about the block at `addr`. */
#define HEAP_EMIT(x, kind, flags, addr, ...)                                  \
	exec_emit((x), (kind), (flags), TGT_HEAP_BLOCK, (int64_t)(addr), 0,   \
		  __VA_ARGS__)

/* A fresh pool entry (zeroed links); may move h->blocks. */
uint32_t heap_block_new(struct heap *h);
void heap_block_release(struct heap *h, uint32_t i);
/* Block list: link i after `prev` (HEAP_NIL: at the front); unlink. */
void heap_link_after(struct heap *h, uint32_t prev, uint32_t i);
void heap_unlink(struct heap *h, uint32_t i);
/* Free set: add a block (state becomes FREE), remove one, or change a free
 * block's address/size without changing its order among free blocks. */
void heap_free_insert(struct heap *h, uint32_t i);
void heap_free_remove(struct heap *h, uint32_t i);
void heap_free_reshape(struct heap *h, uint32_t i, uint64_t addr,
		       uint64_t size);
/* Smallest free block with size >= need, lowest address (size treap). */
uint32_t heap_tree_best(const struct heap *h, uint64_t need);

/* Name entry of sym, growing the table. */
struct heap_name *heap_name_mut(struct heap *h, uint32_t sym);
/* The user address of a live name. */
uint64_t heap_name_addr(const struct heap *h, const struct heap_name *n);
/* Narrate an allocation failure of `need` bytes (EVF_ERROR). */
void heap_narrate_failure(struct heap *h, const char *what, uint64_t need,
			  struct exec_ctx *x);
/* The symbol name in narration. */
const char *heap_sym(const struct exec_ctx *x, uint32_t sym);
/* Bytes a request of req needs in a free-list block. */
uint64_t heap_list_need(const struct heap *h, uint64_t req);

/*
 * Allocate a block for `req` bytes under the heap's policy (first-fit for
 * policy slab), narrating the search and split.  The block is USED with
 * req set and no owner.  HEAP_NIL on failure (not narrated: *need says how
 * many bytes were wanted) or when the event budget ran out (x->stopped).
 */
uint32_t heap_alloc_block(struct heap *h, uint64_t req, uint64_t *need,
			  struct exec_ctx *x);
/* Return a USED or SLAB block to the free set, coalescing as the policy
 * says; `what` starts the first event's sentence. */
void heap_release_block(struct heap *h, uint32_t b, const char *what,
			struct exec_ctx *x);

/*
 * A heap policy's operations (the table is in heap_fit.c): `alloc` has
 * heap_alloc_block's contract and `release` heap_release_block's after the
 * accounting; `fit`, for the free-list policies, chooses the free block
 * for `need` bytes, narrating the search (NIL: none, or the budget ran
 * out), and is NULL for buddy.
 */
struct heap_policy_ops {
	uint32_t (*alloc)(struct heap *h, uint64_t req, uint64_t *need,
			  struct exec_ctx *x);
	void (*release)(struct heap *h, uint32_t b, const char *what,
			struct exec_ctx *x);
	uint32_t (*fit)(struct heap *h, uint64_t need, struct exec_ctx *x);
};
/* The operations of policy, an enum heap_policy value (checked when
 * parsed). */
const struct heap_policy_ops *heap_policy_ops(int policy);

/* buddy.c */
uint64_t buddy_need(const struct heap *h, uint64_t req);
uint32_t buddy_alloc(struct heap *h, uint64_t req, uint64_t *need,
		     struct exec_ctx *x);
void buddy_release(struct heap *h, uint32_t b, const char *what,
		   struct exec_ctx *x);

/* slab.c */
/* The cache index of symbol sym, or HEAP_NIL. */
uint32_t slab_cache_find(const struct heap *h, uint32_t sym);
/* Smallest cache whose objects hold req bytes, or HEAP_NIL. */
uint32_t slab_cache_for(const struct heap *h, uint64_t req);
/*
 * Allocate an object of cache c for req bytes; fills *slab, *slot.
 * False on failure (narrated) or when the budget ran out.
 */
bool slab_alloc(struct heap *h, uint32_t c, uint64_t req, uint32_t owner,
		uint32_t line, uint32_t *slab, uint32_t *slot,
		struct exec_ctx *x);
/* Free slot `slot` of slab `slab`. */
void slab_release(struct heap *h, uint32_t slab, uint32_t slot,
		  const char *what, struct exec_ctx *x);
/* Find the slab object at user address addr: true and fills. */
bool slab_find_addr(const struct heap *h, uint64_t addr, uint32_t *slab,
		    uint32_t *slot);

/* Shared between the files of the model (see each one's definition). */
/* True when (size, addr) of block i sorts before (size, addr). */
bool heap_s_less(const struct heap *h, uint32_t i, uint64_t size,
		 uint64_t addr);

/* The lowest-addressed free block of subtree t with size >= need. */
uint32_t heap_a_first_fit(const struct heap *h, uint32_t t, uint64_t need);

/* The lowest-addressed free block at or above start with size >= need. */
uint32_t heap_a_fit_from(const struct heap *h, uint32_t t, uint64_t start,
			 uint64_t need);

/* Free blocks below address key. */
uint32_t heap_a_rank(const struct heap *h, uint64_t key);

/* The free block with the highest address <= key, or NIL. */
uint32_t heap_a_pred(const struct heap *h, uint64_t key);

/* With coalescing on, merge free block b with free neighbours. */
void heap_coalesce(struct heap *h, uint32_t b, struct exec_ctx *x);

#endif
