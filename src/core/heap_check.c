/*
 * heap_check.c: the heap's invariants (heap_check) and its memory-error
 * checks on an access (heap_check_access: use after free, overflow).
 */
#include "core/heap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/directive.h"
#include "core/json.h"
#include "core/util.h"
#include "heap_impl.h"

/* ---- invariants ---- */

/* Check a treap subtree; returns the number of nodes or -1. */
static long check_atree(const struct heap *h, uint32_t t, uint64_t lo,
			uint64_t hi)
{
	const struct heap_block *b;
	long l, r;
	uint64_t m;

	if (t == NIL)
		return 0;
	b = &h->blocks[t];
	if (b->state != HEAP_BLOCK_FREE || b->addr < lo || b->addr >= hi)
		return -1;
	l = check_atree(h, b->al, lo, b->addr);
	r = check_atree(h, b->ar, b->addr + 1, hi);
	if (l < 0 || r < 0 || (long)b->cnt != l + r + 1)
		return -1;
	m = b->size;
	if (b->al != NIL && h->blocks[b->al].maxsz > m)
		m = h->blocks[b->al].maxsz;
	if (b->ar != NIL && h->blocks[b->ar].maxsz > m)
		m = h->blocks[b->ar].maxsz;
	return m == b->maxsz ? l + r + 1 : -1;
}

static long check_stree(const struct heap *h, uint32_t t)
{
	const struct heap_block *b;
	long l, r;

	if (t == NIL)
		return 0;
	b = &h->blocks[t];
	if (b->state != HEAP_BLOCK_FREE)
		return -1;
	if (b->sl != NIL && !heap_s_less(h, b->sl, b->size, b->addr))
		return -1;
	if (b->sr != NIL && heap_s_less(h, b->sr, b->size, b->addr + 1))
		return -1;
	l = check_stree(h, b->sl);
	r = check_stree(h, b->sr);
	return l < 0 || r < 0 ? -1 : l + r + 1;
}

const char *heap_check(const struct heap *h)
{
	uint64_t at = h->cfg.base, free_bytes = 0, used = 0, wasted = 0;
	uint32_t i, prev = NIL, f = h->ffirst, nfree = 0, nused = 0;
	bool prev_free = false;

	for (i = h->first; i != NIL; prev = i, i = h->blocks[i].next) {
		const struct heap_block *b = &h->blocks[i];
		if (b->prev != prev)
			return "block list: broken prev link";
		if (b->addr != at)
			return b->addr < at ? "blocks overlap" :
					      "a gap between blocks";
		if (b->size == 0)
			return "an empty block";
		at += b->size;
		if (h->cfg.policy == HEAP_BUDDY) {
			if (b->size & (b->size - 1))
				return "buddy block not a power of two";
			if ((b->addr - h->cfg.base) % b->size)
				return "buddy block not aligned to its size";
		}
		if (b->state == HEAP_BLOCK_FREE) {
			if (f != i)
				return "free list differs from the free blocks";
			f = b->fnext;
			if (prev_free && h->cfg.coalesce &&
			    h->cfg.policy != HEAP_BUDDY)
				return "two adjacent free blocks with coalescing on";
			if (prev_free && h->cfg.policy == HEAP_BUDDY &&
			    h->blocks[prev].size == b->size &&
			    ((h->blocks[prev].addr - h->cfg.base) &
			     b->size) == 0)
				return "two free buddies not merged";
			free_bytes += b->size;
			nfree++;
			prev_free = true;
		} else {
			if (b->state == HEAP_BLOCK_USED && b->req > b->size)
				return "block smaller than its request";
			used += b->size;
			nused++;
			wasted += heap_block_waste(h, i);
			prev_free = false;
		}
	}
	if (at != h->cfg.base + h->cfg.size_bytes)
		return "blocks do not reach the end of the heap";
	if (f != NIL)
		return "free list has blocks that are not free";
	if (free_bytes != h->free_bytes || used != h->used_bytes ||
	    nfree != h->nfree || nused != h->nused)
		return "totals do not match the blocks";
	if (wasted != h->wasted_bytes)
		return "internal fragmentation total is wrong";
	if (check_atree(h, h->aroot, 0, UINT64_MAX) != (long)nfree)
		return "address treap is wrong";
	if (h->size_tree && check_stree(h, h->sroot) != (long)nfree)
		return "size treap is wrong";
	for (i = h->ffirst; i != NIL; i = h->blocks[i].fnext)
		if (h->blocks[i].fnext != NIL &&
		    h->blocks[h->blocks[i].fnext].fprev != i)
			return "free list: broken prev link";
	return NULL;
}

/* ---- accesses ---- */

bool heap_check_access(struct heap *h, uint32_t via, uint64_t addr,
		       uint64_t len, bool write, struct exec_ctx *x)
{
	const struct heap_name *n = heap_name(h, via);
	const char *op = write ? "write" : "read";
	uint64_t start, end;
	uint32_t i;

	if (len == 0)
		len = 1;
	if (n->state == HEAP_NAME_NULL) {
		h->last.error = "null-dereference";
		HEAP_EMIT(x, EV_NULL_DEREFERENCE, EVF_ERROR | EVF_HALT, 0,
			  "%s through %s, which is NULL (its allocation failed): segmentation fault, the program crashes.",
			  op, heap_sym(x, via));
		return false;
	}
	if (n->state == HEAP_NAME_FREED) {
		h->use_after_free++;
		h->last.error = "use-after-free";
		HEAP_EMIT(x, EV_USE_AFTER_FREE, EVF_ERROR, addr,
			  "Use after free: %s of %llu byte%s at 0x%llx through %s, which was freed. Nothing stops it, but that memory may already belong to someone else.",
			  op, ULL(len), plural_s(len), ULL(addr), heap_sym(x, via));
		return false;
	}
	if (n->state == HEAP_NAME_LIVE) {
		start = heap_name_addr(h, n);
		end = start + n->size;
		if (addr < start || addr + len > end) {
			h->overflows++;
			h->last.error = "heap-overflow";
			HEAP_EMIT(x, EV_HEAP_OVERFLOW, EVF_ERROR, addr,
				  "Heap overflow: %s of %llu byte%s at 0x%llx goes %s %s's %llu byte%s (0x%llx..0x%llx); nothing stops it, and it silently corrupts padding, a header or a neighbouring block.",
				  op, ULL(len), plural_s(len), ULL(addr),
				  addr < start ? "before" : "past the end of",
				  heap_sym(x, via), ULL(n->size),
				  plural_s(n->size), ULL(start),
				  ULL(end - 1));
			return false;
		}
		return true;
	}
	if (addr < h->cfg.base || addr - h->cfg.base >= h->cfg.size_bytes)
		return true;
	i = heap_block_at(h, addr);
	if (i != NIL && BLK(h, i)->state == HEAP_BLOCK_FREE) {
		h->use_after_free++;
		h->last.error = "use-after-free";
		HEAP_EMIT(x, EV_USE_AFTER_FREE, EVF_ERROR, BLK(h, i)->addr,
			  "%s of %llu byte%s at 0x%llx: that is free heap memory (the free block at 0x%llx), a use after free or a wild pointer.",
			  op, ULL(len), plural_s(len), ULL(addr), ULL(BLK(h, i)->addr));
		return false;
	}
	if (i != NIL && BLK(h, i)->state == HEAP_BLOCK_USED) {
		start = BLK(h, i)->addr + h->cfg.header_bytes;
		end = start + BLK(h, i)->req;
		if (addr < start || addr + len > end) {
			h->overflows++;
			h->last.error = "heap-overflow";
			HEAP_EMIT(x, EV_HEAP_OVERFLOW, EVF_ERROR, BLK(h, i)->addr,
				  "Heap overflow: %s of %llu byte%s at 0x%llx falls outside the %llu byte%s of %s's block (0x%llx..0x%llx).",
				  op, ULL(len), plural_s(len), ULL(addr), ULL(BLK(h, i)->req),
				  plural_s(BLK(h, i)->req), heap_sym(x, BLK(h, i)->owner), ULL(start),
				  ULL(end - 1));
			return false;
		}
	}
	return true;
}
