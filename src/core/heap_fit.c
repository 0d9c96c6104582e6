/*
 * heap_fit.c: the heap's policies as a table (heap_policy_ops): the
 * free-list fits (first, next, best, worst: the search for a block), the
 * list allocator around them (the split, the release with coalescing),
 * and buddy's allocator from buddy.c.  Adding a policy: its value in enum
 * heap_policy, its name in heap_policy_names and its entry here.
 */
#include "core/heap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/directive.h"
#include "core/json.h"
#include "core/util.h"
#include "heap_impl.h"

/* ---- free-list policies ---- */

/* Narrate "checked" events for free blocks from `from` up to (not
 * including) `to`, wrapping at the end of the list. */
static bool narrate_too_small(struct heap *h, uint32_t from, uint32_t to,
			      uint32_t count, uint64_t need,
			      struct exec_ctx *x)
{
	const char *pol = heap_policy_names[h->cfg.policy == HEAP_SLAB ?
						    HEAP_FIRST_FIT :
						    h->cfg.policy];
	uint32_t i = from, k;

	if (count > HEAP_NARRATE_MAX)
		return HEAP_EMIT(x, EV_SEARCH, 0, from == NIL ? 0 : BLK(h, from)->addr,
				 "%s checks %u free blocks that are all smaller than %llu bytes.",
				 pol, count, ULL(need));
	for (k = 0; k < count && i != to; k++) {
		if (i == NIL)
			i = h->ffirst;
		if (!HEAP_EMIT(x, EV_SEARCH, 0, BLK(h, i)->addr,
			       "Checked block at 0x%llx (%llu bytes): too small.",
			       ULL(BLK(h, i)->addr), ULL(BLK(h, i)->size)))
			return false;
		i = BLK(h, i)->fnext;
	}
	return true;
}

/* Narrate best- or worst-fit's scan of the whole free list. */
static bool narrate_scan(struct heap *h, uint64_t need, bool best,
			 struct exec_ctx *x)
{
	uint32_t i, chosen = NIL;

	if (h->nfree > HEAP_NARRATE_MAX)
		return HEAP_EMIT(x, EV_SEARCH, 0,
				 h->ffirst == NIL ? 0 : BLK(h, h->ffirst)->addr,
				 "%s checks all %u free blocks for the %s one of at least %llu bytes.",
				 best ? "best-fit" : "worst-fit", h->nfree,
				 best ? "smallest" : "largest", ULL(need));
	for (i = h->ffirst; i != NIL; i = BLK(h, i)->fnext) {
		const struct heap_block *b = BLK(h, i);
		bool ok;
		if (b->size < need) {
			ok = HEAP_EMIT(x, EV_SEARCH, 0, b->addr,
				       "Checked block at 0x%llx (%llu bytes): too small.",
				       ULL(b->addr), ULL(b->size));
		} else if (chosen == NIL ||
			   (best ? b->size < BLK(h, chosen)->size :
				   b->size > BLK(h, chosen)->size)) {
			chosen = i;
			ok = HEAP_EMIT(x, EV_SEARCH, 0, b->addr,
				       "Checked block at 0x%llx (%llu bytes): fits with %llu to spare, the %s so far.",
				       ULL(b->addr), ULL(b->size),
				       ULL(b->size - need),
				       best ? "best" : "largest");
		} else {
			ok = HEAP_EMIT(x, EV_SEARCH, 0, b->addr,
				       "Checked block at 0x%llx (%llu bytes): fits, but 0x%llx (%llu bytes) is %s%s.",
				       ULL(b->addr), ULL(b->size),
				       ULL(BLK(h, chosen)->addr),
				       ULL(BLK(h, chosen)->size),
				       best ? "smaller" : "larger",
				       b->size == BLK(h, chosen)->size ?
					       " or as large and lower" : "");
		}
		if (!ok)
			return false;
	}
	return true;
}

/*
 * The fits: each chooses a free block for `need` (NIL: none), narrating
 * its search; NIL too when the event budget ran out (x->stopped).
 */
static uint32_t first_fit(struct heap *h, uint64_t need, struct exec_ctx *x)
{
	uint32_t c = heap_a_first_fit(h, h->aroot, need);
	uint32_t count = c != NIL ? heap_a_rank(h, BLK(h, c)->addr) : h->nfree;

	narrate_too_small(h, h->ffirst, c, count, need, x);
	return x->stopped ? NIL : c;
}

static uint32_t next_fit(struct heap *h, uint64_t need, struct exec_ctx *x)
{
	uint64_t start = h->rover;
	uint32_t p = heap_a_pred(h, start), s0, c, count;
	uint32_t rs;

	if (p != NIL && BLK(h, p)->addr + BLK(h, p)->size > start)
		start = BLK(h, p)->addr;
	rs = heap_a_rank(h, start);
	s0 = heap_a_fit_from(h, h->aroot, start, 0);
	c = heap_a_fit_from(h, h->aroot, start, need);
	if (c != NIL)
		count = heap_a_rank(h, BLK(h, c)->addr) - rs;
	else {
		c = heap_a_first_fit(h, h->aroot, need);
		count = c != NIL ? h->nfree - rs +
					   heap_a_rank(h, BLK(h, c)->addr) :
				   h->nfree;
	}
	if (count || c == NIL) {
		if (!HEAP_EMIT(x, EV_SEARCH, 0, start,
			       "Next-fit resumes at 0x%llx, where the last search stopped%s.",
			       ULL(start),
			       c != NIL && BLK(h, c)->addr < start ?
				       ", and wraps around to the start" :
				       ""))
			return NIL;
	}
	narrate_too_small(h, s0 == NIL ? h->ffirst : s0, c, count, need, x);
	return x->stopped ? NIL : c;
}

static uint32_t best_fit(struct heap *h, uint64_t need, struct exec_ctx *x)
{
	uint32_t c = heap_tree_best(h, need);

	narrate_scan(h, need, true, x);
	return x->stopped ? NIL : c;
}

static uint32_t worst_fit(struct heap *h, uint64_t need, struct exec_ctx *x)
{
	uint32_t c = NIL;

	if (h->aroot != NIL && BLK(h, h->aroot)->maxsz >= need)
		c = heap_a_first_fit(h, h->aroot, BLK(h, h->aroot)->maxsz);
	narrate_scan(h, need, false, x);
	return x->stopped ? NIL : c;
}

/* Take the front `need` bytes of free block c; returns the USED block. */
static uint32_t list_take(struct heap *h, uint32_t c, uint64_t need,
			  uint64_t req, struct exec_ctx *x)
{
	uint64_t addr = BLK(h, c)->addr, size = BLK(h, c)->size;
	uint64_t rem = size - need;
	uint32_t u;

	if (rem > 0 && rem >= h->cfg.split_min) {
		u = heap_block_new(h);
		heap_free_reshape(h, c, addr + need, rem);
		BLK(h, u)->addr = addr;
		BLK(h, u)->size = need;
		heap_link_after(h, BLK(h, c)->prev, u);
		h->splits++;
	} else {
		u = c;
		heap_free_remove(h, c);
	}
	BLK(h, u)->state = HEAP_BLOCK_USED;
	BLK(h, u)->req = req;
	h->used_bytes += BLK(h, u)->size;
	h->wasted_bytes += BLK(h, u)->size - req;
	h->nused++;
	h->rover = addr + BLK(h, u)->size;
	if (u != c)
		HEAP_EMIT(x, EV_SPLIT, 0, addr,
			  "Split the free block at 0x%llx (%llu bytes): its front %llu bytes are allocated, the other %llu bytes at 0x%llx stay free.",
			  ULL(addr), ULL(size), ULL(need), ULL(rem),
			  ULL(addr + need));
	else if (rem)
		HEAP_EMIT(x, EV_TAKE, 0, addr,
			  "Take the whole %llu-byte block at 0x%llx: the %llu bytes left over are below split-min=%llu and stay inside it.",
			  ULL(size), ULL(addr), ULL(rem),
			  ULL(h->cfg.split_min));
	else
		HEAP_EMIT(x, EV_TAKE, 0, addr,
			  "Take the whole %llu-byte block at 0x%llx: an exact fit.",
			  ULL(size), ULL(addr));
	return u;
}

/* A free-list allocation: the policy's fit, then the split. */
static uint32_t list_alloc(struct heap *h, uint64_t req, uint64_t *need,
			   struct exec_ctx *x)
{
	uint32_t c;

	*need = heap_list_need(h, req);
	c = heap_policy_ops(h->cfg.policy)->fit(h, *need, x);
	if (c == NIL)
		return NIL;
	return list_take(h, c, *need, req, x);
}

uint32_t heap_alloc_block(struct heap *h, uint64_t req, uint64_t *need,
			  struct exec_ctx *x)
{
	return heap_policy_ops(h->cfg.policy)->alloc(h, req, need, x);
}

/* With coalescing on, merge free block b with free neighbours. */
void heap_coalesce(struct heap *h, uint32_t b, struct exec_ctx *x)
{
	uint32_t n = BLK(h, b)->next, p = BLK(h, b)->prev;

	if (n != NIL && BLK(h, n)->state == HEAP_BLOCK_FREE) {
		uint64_t nsize = BLK(h, n)->size, naddr = BLK(h, n)->addr;
		heap_free_remove(h, n);
		heap_unlink(h, n);
		heap_block_release(h, n);
		heap_free_reshape(h, b, BLK(h, b)->addr,
				  BLK(h, b)->size + nsize);
		h->merges++;
		if (!HEAP_EMIT(x, EV_COALESCE, 0, BLK(h, b)->addr,
			       "Coalesce with the next block at 0x%llx (%llu bytes, free): one free block of %llu bytes at 0x%llx.",
			       ULL(naddr), ULL(nsize), ULL(BLK(h, b)->size),
			       ULL(BLK(h, b)->addr)))
			return;
	}
	if (p != NIL && BLK(h, p)->state == HEAP_BLOCK_FREE) {
		uint64_t bsize = BLK(h, b)->size;
		heap_free_remove(h, b);
		heap_unlink(h, b);
		heap_block_release(h, b);
		heap_free_reshape(h, p, BLK(h, p)->addr,
				  BLK(h, p)->size + bsize);
		h->merges++;
		HEAP_EMIT(x, EV_COALESCE, 0, BLK(h, p)->addr,
			  "Coalesce with the previous block at 0x%llx (free): one free block of %llu bytes at 0x%llx.",
			  ULL(BLK(h, p)->addr), ULL(BLK(h, p)->size),
			  ULL(BLK(h, p)->addr));
	}
}

void heap_release_block(struct heap *h, uint32_t b, const char *what,
			struct exec_ctx *x)
{
	h->used_bytes -= BLK(h, b)->size;
	h->wasted_bytes -= heap_block_waste(h, b);
	h->nused--;
	heap_policy_ops(h->cfg.policy)->release(h, b, what, x);
}

/* A free-list release: back on the list, coalesced if the heap says so. */
static void list_release(struct heap *h, uint32_t b, const char *what,
			 struct exec_ctx *x)
{
	uint64_t addr = BLK(h, b)->addr, size = BLK(h, b)->size;

	heap_free_insert(h, b);
	if (!HEAP_EMIT(x, EV_FREE, 0, addr,
		       "%s: the %llu-byte block at 0x%llx goes back on the free list (%u free blocks, %llu bytes free).",
		       what, ULL(size), ULL(addr), h->nfree,
		       ULL(h->free_bytes)))
		return;
	if (h->cfg.coalesce)
		heap_coalesce(h, b, x);
}

/* The heap's policies: the free-list fits and the other allocators. */
static const struct heap_policy_ops policies[] = {
	[HEAP_FIRST_FIT] = { list_alloc, list_release, first_fit },
	[HEAP_NEXT_FIT] = { list_alloc, list_release, next_fit },
	[HEAP_BEST_FIT] = { list_alloc, list_release, best_fit },
	[HEAP_WORST_FIT] = { list_alloc, list_release, worst_fit },
	[HEAP_BUDDY] = { buddy_alloc, buddy_release, NULL },
	/* a slab's blocks are carved from the list, first fit */
	[HEAP_SLAB] = { list_alloc, list_release, first_fit },
};

const struct heap_policy_ops *heap_policy_ops(int policy)
{
	return &policies[policy];
}
