/*
 * buddy.c: the binary buddy allocator on the heap's block list.  The heap
 * is one power-of-two block at first; a request takes the smallest free
 * block that fits (lowest address among equals, from the size treap) and
 * halves it until it is the smallest power of two holding the request
 * (each split an event); on free a block merges with its buddy, the block
 * at base + ((addr - base) XOR size), while that buddy is free and whole
 * (each merge an event).
 *
 * Invariants: every block is a power of two >= min and aligned (from
 * base) to its size; no free block has a free whole buddy.
 */
#include "core/heap.h"
#include "core/util.h"

#include "heap_impl.h"

uint64_t buddy_need(const struct heap *h, uint64_t req)
{
	uint64_t want, s;

	if (req > h->cfg.size_bytes)
		return h->cfg.size_bytes * 2;
	want = (req + h->cfg.align - 1) / h->cfg.align * h->cfg.align +
	       h->cfg.header_bytes;
	s = h->cfg.buddy_min ? h->cfg.buddy_min : 1;
	while (s < want)
		s *= 2;
	return s;
}

uint32_t buddy_alloc(struct heap *h, uint64_t req, uint64_t *need,
		     struct exec_ctx *x)
{
	uint32_t c, r;
	uint64_t addr, size;

	*need = buddy_need(h, req);
	c = heap_tree_best(h, *need);
	if (c == NIL) {
		HEAP_EMIT(x, "request", 0, h->cfg.base,
			  "Buddy: %llu byte%s%s round up to %s %llu-byte block (a power of two, at least min=%llu); no free block is that large.",
			  ULL(req), plural_s(req),
			  h->cfg.header_bytes ? " plus the header" : "",
			  article_num(*need), ULL(*need), ULL(h->cfg.buddy_min));
		return NIL;
	}
	if (!HEAP_EMIT(x, "request", 0, BLK(h, c)->addr,
		       "Buddy: %llu byte%s%s round up to %s %llu-byte block (a power of two, at least min=%llu); the smallest free block that fits is %llu bytes at 0x%llx.",
		       ULL(req), plural_s(req),
		       h->cfg.header_bytes ? " plus the header" : "",
		       article_num(*need), ULL(*need), ULL(h->cfg.buddy_min),
		       ULL(BLK(h, c)->size), ULL(BLK(h, c)->addr)))
		return NIL;
	if (c == NIL)
		return NIL;
	while (BLK(h, c)->size > *need) {
		addr = BLK(h, c)->addr;
		size = BLK(h, c)->size / 2;
		r = heap_block_new(h);
		heap_free_reshape(h, c, addr, size);
		BLK(h, r)->addr = addr + size;
		BLK(h, r)->size = size;
		heap_link_after(h, c, r);
		heap_free_insert(h, r);
		h->splits++;
		if (!HEAP_EMIT(x, "split", 0, addr,
			       "Split the %llu-byte block at 0x%llx into two %llu-byte buddies at 0x%llx and 0x%llx; the upper one goes on the free list.",
			       ULL(size * 2), ULL(addr), ULL(size), ULL(addr),
			       ULL(addr + size)))
			return NIL;
	}
	heap_free_remove(h, c);
	BLK(h, c)->state = HEAP_BLOCK_USED;
	BLK(h, c)->req = req;
	h->used_bytes += BLK(h, c)->size;
	h->wasted_bytes += BLK(h, c)->size - req;
	h->nused++;
	if (!HEAP_EMIT(x, "take", 0, BLK(h, c)->addr,
		       "Take the %llu-byte block at 0x%llx: %llu of its bytes are internal fragmentation.",
		       ULL(BLK(h, c)->size), ULL(BLK(h, c)->addr),
		       ULL(BLK(h, c)->size - req)))
		return NIL;
	return c;
}

void buddy_release(struct heap *h, uint32_t b, const char *what,
		   struct exec_ctx *x)
{
	heap_free_insert(h, b);
	if (!HEAP_EMIT(x, "free", 0, BLK(h, b)->addr,
		       "%s: the %llu-byte block at 0x%llx is free.", what,
		       ULL(BLK(h, b)->size), ULL(BLK(h, b)->addr)))
		return;
	while (BLK(h, b)->size < h->cfg.size_bytes) {
		uint64_t addr = BLK(h, b)->addr, size = BLK(h, b)->size;
		uint64_t baddr = h->cfg.base + ((addr - h->cfg.base) ^ size);
		uint32_t nb = baddr > addr ? BLK(h, b)->next : BLK(h, b)->prev;
		uint32_t lo, hi;

		if (nb == NIL || BLK(h, nb)->addr != baddr ||
		    BLK(h, nb)->size != size ||
		    BLK(h, nb)->state != HEAP_BLOCK_FREE) {
			HEAP_EMIT(x, "no-merge", 0, baddr,
				  "Its buddy at 0x%llx is %s, so merging stops at %llu bytes.",
				  ULL(baddr),
				  nb != NIL && BLK(h, nb)->addr == baddr &&
						  BLK(h, nb)->size == size ?
					  "in use" :
					  "split into smaller blocks",
				  ULL(size));
			return;
		}
		lo = baddr < addr ? nb : b;
		hi = baddr < addr ? b : nb;
		heap_free_remove(h, hi);
		heap_unlink(h, hi);
		heap_block_release(h, hi);
		heap_free_reshape(h, lo, BLK(h, lo)->addr, size * 2);
		h->merges++;
		b = lo;
		if (!HEAP_EMIT(x, "merge", 0, BLK(h, b)->addr,
			       "Merge with its free buddy at 0x%llx: one free %llu-byte block at 0x%llx.",
			       ULL(baddr), ULL(size * 2), ULL(BLK(h, b)->addr)))
			return;
	}
}
