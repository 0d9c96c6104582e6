/*
 * heap_blocks.c: the heap's structures: the block pool and address-ordered
 * block list, the treaps over the free blocks (by address, by size), the
 * free set that keeps them and the free list in step, the read-only
 * accessors and the narration helpers every allocator shares.  The
 * bottom of the heap model: buddy.c, slab.c and heap_fit.c build on it.
 */
#include "core/heap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/directive.h"
#include "core/json.h"
#include "core/util.h"
#include "heap_impl.h"

static const struct heap_name no_name = { 0 };

/* ---- pool and block list ---- */

uint32_t heap_block_new(struct heap *h)
{
	uint32_t i;

	if (h->nspare)
		i = h->spare[--h->nspare];
	else {
		h->blocks = xgrow(h->blocks, &h->blocks_cap, h->nblocks + 1,
				  sizeof *h->blocks);
		i = (uint32_t)h->nblocks++;
	}
	memset(&h->blocks[i], 0, sizeof h->blocks[i]);
	h->blocks[i].prev = h->blocks[i].next = NIL;
	h->blocks[i].fprev = h->blocks[i].fnext = NIL;
	h->blocks[i].al = h->blocks[i].ar = NIL;
	h->blocks[i].sl = h->blocks[i].sr = NIL;
	h->blocks[i].slab = NIL;
	return i;
}

void heap_block_release(struct heap *h, uint32_t i)
{
	h->spare = xgrow(h->spare, &h->spare_cap, h->nspare + 1,
			 sizeof *h->spare);
	h->spare[h->nspare++] = i;
}

void heap_link_after(struct heap *h, uint32_t prev, uint32_t i)
{
	uint32_t next = prev == NIL ? h->first : BLK(h, prev)->next;

	BLK(h, i)->prev = prev;
	BLK(h, i)->next = next;
	if (prev == NIL)
		h->first = i;
	else
		BLK(h, prev)->next = i;
	if (next != NIL)
		BLK(h, next)->prev = i;
}

void heap_unlink(struct heap *h, uint32_t i)
{
	struct heap_block *b = BLK(h, i);

	if (b->prev == NIL)
		h->first = b->next;
	else
		BLK(h, b->prev)->next = b->next;
	if (b->next != NIL)
		BLK(h, b->next)->prev = b->prev;
	b->prev = b->next = NIL;
}

/* ---- treaps over the free blocks ---- */

/* A fixed pseudo-random priority per pool entry. */
static uint32_t prio(uint32_t i)
{
	uint32_t x = i * 0x9e3779b1u + 0x7f4a7c15u;

	x ^= x >> 15;
	x *= 0x85ebca6bu;
	x ^= x >> 13;
	x *= 0xc2b2ae35u;
	return x ^ (x >> 16);
}

/* Recompute maxsz and cnt of t from its children. */
static void a_pull(struct heap *h, uint32_t t)
{
	struct heap_block *b = BLK(h, t);
	uint64_t m = b->size;
	uint32_t c = 1;

	if (b->al != NIL) {
		if (BLK(h, b->al)->maxsz > m)
			m = BLK(h, b->al)->maxsz;
		c += BLK(h, b->al)->cnt;
	}
	if (b->ar != NIL) {
		if (BLK(h, b->ar)->maxsz > m)
			m = BLK(h, b->ar)->maxsz;
		c += BLK(h, b->ar)->cnt;
	}
	b->maxsz = m;
	b->cnt = c;
}

/* Split t into addresses < key (*l) and >= key (*r). */
static void a_split(struct heap *h, uint32_t t, uint64_t key, uint32_t *l,
		    uint32_t *r)
{
	if (t == NIL) {
		*l = *r = NIL;
		return;
	}
	if (BLK(h, t)->addr < key) {
		uint32_t rr;
		a_split(h, BLK(h, t)->ar, key, &BLK(h, t)->ar, &rr);
		*l = t;
		*r = rr;
	} else {
		uint32_t ll;
		a_split(h, BLK(h, t)->al, key, &ll, &BLK(h, t)->al);
		*l = ll;
		*r = t;
	}
	a_pull(h, t);
}

static uint32_t a_merge(struct heap *h, uint32_t l, uint32_t r)
{
	if (l == NIL)
		return r;
	if (r == NIL)
		return l;
	if (prio(l) > prio(r)) {
		BLK(h, l)->ar = a_merge(h, BLK(h, l)->ar, r);
		a_pull(h, l);
		return l;
	}
	BLK(h, r)->al = a_merge(h, l, BLK(h, r)->al);
	a_pull(h, r);
	return r;
}

/* True when (size, addr) of block i sorts before (size, addr). */
bool heap_s_less(const struct heap *h, uint32_t i, uint64_t size,
		 uint64_t addr)
{
	const struct heap_block *b = &h->blocks[i];

	return b->size < size || (b->size == size && b->addr < addr);
}

static void s_split(struct heap *h, uint32_t t, uint64_t size, uint64_t addr,
		    uint32_t *l, uint32_t *r)
{
	if (t == NIL) {
		*l = *r = NIL;
		return;
	}
	if (heap_s_less(h, t, size, addr)) {
		uint32_t rr;
		s_split(h, BLK(h, t)->sr, size, addr, &BLK(h, t)->sr, &rr);
		*l = t;
		*r = rr;
	} else {
		uint32_t ll;
		s_split(h, BLK(h, t)->sl, size, addr, &ll, &BLK(h, t)->sl);
		*l = ll;
		*r = t;
	}
}

static uint32_t s_merge(struct heap *h, uint32_t l, uint32_t r)
{
	if (l == NIL)
		return r;
	if (r == NIL)
		return l;
	if (prio(l) > prio(r)) {
		BLK(h, l)->sr = s_merge(h, BLK(h, l)->sr, r);
		return l;
	}
	BLK(h, r)->sl = s_merge(h, l, BLK(h, r)->sl);
	return r;
}

/* Insert block i into address subtree t; returns the new subtree root. */
static uint32_t a_insert(struct heap *h, uint32_t t, uint32_t i)
{
	uint64_t addr = BLK(h, i)->addr;

	if (t == NIL) {
		a_pull(h, i);
		return i;
	}
	if (prio(i) > prio(t)) {
		uint32_t l, r;
		a_split(h, t, addr, &l, &r);
		BLK(h, i)->al = l;
		BLK(h, i)->ar = r;
		a_pull(h, i);
		return i;
	}
	if (addr < BLK(h, t)->addr) {
		uint32_t c = a_insert(h, BLK(h, t)->al, i);
		BLK(h, t)->al = c;
	} else {
		uint32_t c = a_insert(h, BLK(h, t)->ar, i);
		BLK(h, t)->ar = c;
	}
	a_pull(h, t);
	return t;
}

/* Remove the block at addr from address subtree t. */
static uint32_t a_delete(struct heap *h, uint32_t t, uint64_t addr)
{
	uint32_t c;

	if (t == NIL)
		return NIL;
	if (BLK(h, t)->addr == addr)
		return a_merge(h, BLK(h, t)->al, BLK(h, t)->ar);
	if (addr < BLK(h, t)->addr) {
		c = a_delete(h, BLK(h, t)->al, addr);
		BLK(h, t)->al = c;
	} else {
		c = a_delete(h, BLK(h, t)->ar, addr);
		BLK(h, t)->ar = c;
	}
	a_pull(h, t);
	return t;
}

/* Recompute maxsz/cnt from the root down to the block at addr. */
static void a_fix_path(struct heap *h, uint32_t t, uint64_t addr)
{
	if (t == NIL)
		return;
	if (addr < BLK(h, t)->addr)
		a_fix_path(h, BLK(h, t)->al, addr);
	else if (addr > BLK(h, t)->addr)
		a_fix_path(h, BLK(h, t)->ar, addr);
	a_pull(h, t);
}

static uint32_t s_insert(struct heap *h, uint32_t t, uint32_t i)
{
	uint64_t size = BLK(h, i)->size, addr = BLK(h, i)->addr;

	if (t == NIL)
		return i;
	if (prio(i) > prio(t)) {
		uint32_t l, r;
		s_split(h, t, size, addr, &l, &r);
		BLK(h, i)->sl = l;
		BLK(h, i)->sr = r;
		return i;
	}
	if (heap_s_less(h, i, BLK(h, t)->size, BLK(h, t)->addr)) {
		uint32_t c = s_insert(h, BLK(h, t)->sl, i);
		BLK(h, t)->sl = c;
	} else {
		uint32_t c = s_insert(h, BLK(h, t)->sr, i);
		BLK(h, t)->sr = c;
	}
	return t;
}

static uint32_t s_delete(struct heap *h, uint32_t t, uint32_t i)
{
	uint32_t c;

	if (t == NIL)
		return NIL;
	if (t == i)
		return s_merge(h, BLK(h, t)->sl, BLK(h, t)->sr);
	if (heap_s_less(h, i, BLK(h, t)->size, BLK(h, t)->addr)) {
		c = s_delete(h, BLK(h, t)->sl, i);
		BLK(h, t)->sl = c;
	} else {
		c = s_delete(h, BLK(h, t)->sr, i);
		BLK(h, t)->sr = c;
	}
	return t;
}

static void trees_insert(struct heap *h, uint32_t i)
{
	BLK(h, i)->al = BLK(h, i)->ar = NIL;
	h->aroot = a_insert(h, h->aroot, i);
	if (h->size_tree) {
		BLK(h, i)->sl = BLK(h, i)->sr = NIL;
		h->sroot = s_insert(h, h->sroot, i);
	}
}

static void trees_remove(struct heap *h, uint32_t i)
{
	h->aroot = a_delete(h, h->aroot, BLK(h, i)->addr);
	if (h->size_tree)
		h->sroot = s_delete(h, h->sroot, i);
}

/* The lowest-addressed free block of subtree t with size >= need. */
uint32_t heap_a_first_fit(const struct heap *h, uint32_t t, uint64_t need)
{
	while (t != NIL && h->blocks[t].maxsz >= need) {
		uint32_t l = h->blocks[t].al;
		if (l != NIL && h->blocks[l].maxsz >= need)
			t = l;
		else if (h->blocks[t].size >= need)
			return t;
		else
			t = h->blocks[t].ar;
	}
	return NIL;
}

/* The lowest-addressed free block at or above start with size >= need. */
uint32_t heap_a_fit_from(const struct heap *h, uint32_t t, uint64_t start,
			 uint64_t need)
{
	uint32_t r;

	if (t == NIL || h->blocks[t].maxsz < need)
		return NIL;
	if (h->blocks[t].addr < start)
		return heap_a_fit_from(h, h->blocks[t].ar, start, need);
	r = heap_a_fit_from(h, h->blocks[t].al, start, need);
	if (r != NIL)
		return r;
	if (h->blocks[t].size >= need)
		return t;
	return heap_a_first_fit(h, h->blocks[t].ar, need);
}

/* Free blocks below address key. */
uint32_t heap_a_rank(const struct heap *h, uint64_t key)
{
	uint32_t t = h->aroot, n = 0;

	while (t != NIL) {
		if (h->blocks[t].addr < key) {
			if (h->blocks[t].al != NIL)
				n += h->blocks[h->blocks[t].al].cnt;
			n++;
			t = h->blocks[t].ar;
		} else {
			t = h->blocks[t].al;
		}
	}
	return n;
}

/* The free block with the highest address <= key, or NIL. */
uint32_t heap_a_pred(const struct heap *h, uint64_t key)
{
	uint32_t t = h->aroot, best = NIL;

	while (t != NIL) {
		if (h->blocks[t].addr <= key) {
			best = t;
			t = h->blocks[t].ar;
		} else {
			t = h->blocks[t].al;
		}
	}
	return best;
}

uint32_t heap_tree_best(const struct heap *h, uint64_t need)
{
	uint32_t t = h->sroot, best = NIL;

	while (t != NIL) {
		if (h->blocks[t].size >= need) {
			best = t;
			t = h->blocks[t].sl;
		} else {
			t = h->blocks[t].sr;
		}
	}
	return best;
}

/* ---- the free set ---- */

void heap_free_insert(struct heap *h, uint32_t i)
{
	struct heap_block *b;
	uint32_t p = heap_a_pred(h, BLK(h, i)->addr);

	b = BLK(h, i);
	b->state = HEAP_BLOCK_FREE;
	b->req = 0;
	b->owner = SYM_NONE;
	b->line = 0;
	b->slab = NIL;
	b->orphan = 0;
	b->fprev = p;
	b->fnext = p == NIL ? h->ffirst : BLK(h, p)->fnext;
	if (p == NIL)
		h->ffirst = i;
	else
		BLK(h, p)->fnext = i;
	if (b->fnext == NIL)
		h->flast = i;
	else
		BLK(h, b->fnext)->fprev = i;
	h->free_bytes += b->size;
	h->nfree++;
	trees_insert(h, i);
}

void heap_free_remove(struct heap *h, uint32_t i)
{
	struct heap_block *b = BLK(h, i);

	trees_remove(h, i);
	b = BLK(h, i);
	if (b->fprev == NIL)
		h->ffirst = b->fnext;
	else
		BLK(h, b->fprev)->fnext = b->fnext;
	if (b->fnext == NIL)
		h->flast = b->fprev;
	else
		BLK(h, b->fnext)->fprev = b->fprev;
	b->fprev = b->fnext = NIL;
	h->free_bytes -= b->size;
	h->nfree--;
}

void heap_free_reshape(struct heap *h, uint32_t i, uint64_t addr,
		       uint64_t size)
{
	/* The order among free blocks is unchanged, so the address treap
	 * keeps its shape: only the path to i needs its sizes updated. */
	if (h->size_tree)
		h->sroot = s_delete(h, h->sroot, i);
	h->free_bytes -= BLK(h, i)->size;
	BLK(h, i)->addr = addr;
	BLK(h, i)->size = size;
	h->free_bytes += size;
	a_fix_path(h, h->aroot, addr);
	if (h->size_tree) {
		BLK(h, i)->sl = BLK(h, i)->sr = NIL;
		h->sroot = s_insert(h, h->sroot, i);
	}
}

/* ---- reading ---- */

uint32_t heap_first(const struct heap *h)
{
	return h->first;
}

uint32_t heap_next(const struct heap *h, uint32_t i)
{
	return h->blocks[i].next;
}

uint32_t heap_free_first(const struct heap *h)
{
	return h->ffirst;
}

uint32_t heap_free_next(const struct heap *h, uint32_t i)
{
	return h->blocks[i].fnext;
}

const struct heap_block *heap_block(const struct heap *h, uint32_t i)
{
	return &h->blocks[i];
}

const struct heap_name *heap_name(const struct heap *h, uint32_t sym)
{
	return sym < h->nnames ? &h->names[sym] : &no_name;
}

struct heap_name *heap_name_mut(struct heap *h, uint32_t sym)
{
	if (sym >= h->nnames) {
		size_t n = (size_t)sym + 1;
		h->names = xrealloc(h->names, n * sizeof *h->names);
		memset(h->names + h->nnames, 0,
		       (n - h->nnames) * sizeof *h->names);
		h->nnames = n;
	}
	return &h->names[sym];
}

uint64_t heap_name_addr(const struct heap *h, const struct heap_name *n)
{
	if (n->state == HEAP_NAME_FREED)
		return n->addr;
	if (n->state != HEAP_NAME_LIVE)
		return 0;
	if (n->in_slab)
		return heap_slab_obj_addr(h, n->block, n->slot);
	return h->blocks[n->block].addr + h->cfg.header_bytes;
}

bool heap_resolve(const struct heap *h, uint32_t sym, uint64_t *addr)
{
	const struct heap_name *n = heap_name(h, sym);

	if (n->state == HEAP_NAME_NONE)
		return false;
	*addr = heap_name_addr(h, n);
	return true;
}

uint32_t heap_block_at(const struct heap *h, uint64_t addr)
{
	uint32_t i;

	for (i = h->first; i != NIL; i = h->blocks[i].next)
		if (addr >= h->blocks[i].addr &&
		    addr - h->blocks[i].addr < h->blocks[i].size)
			return i;
	return NIL;
}

uint64_t heap_block_waste(const struct heap *h, uint32_t i)
{
	const struct heap_block *b = &h->blocks[i];
	uint64_t used = 0;
	uint32_t k;

	if (b->state == HEAP_BLOCK_USED)
		return b->size - b->req;
	if (b->state != HEAP_BLOCK_SLAB)
		return 0;
	for (k = 0; k < h->caches[h->slabs[b->slab].cache].per_slab; k++)
		used += heap_slab_slot(h, b->slab, k)->req;
	return b->size - used;
}

void heap_totals(const struct heap *h, struct heap_totals *t)
{
	memset(t, 0, sizeof *t);
	t->size = h->cfg.size_bytes;
	t->in_use = h->used_bytes;
	t->free = h->free_bytes;
	t->largest_free = h->aroot != NIL ? h->blocks[h->aroot].maxsz : 0;
	t->wasted = h->wasted_bytes;
	t->free_blocks = h->nfree;
	t->used_blocks = h->nused;
	t->external = t->free ? 1.0 - (double)t->largest_free / (double)t->free :
				0.0;
	t->internal = t->in_use ? (double)t->wasted / (double)t->in_use : 0.0;
}

size_t heap_leak_count(const struct heap *h)
{
	size_t n = 0, k;
	uint32_t i;

	for (i = h->first; i != NIL; i = h->blocks[i].next)
		if (h->blocks[i].state == HEAP_BLOCK_USED)
			n++;
	for (k = 0; k < h->nslots; k++)
		if (h->slots[k].owner != SYM_NONE)
			n++;
	return n;
}

const struct heap_slot *heap_slab_slot(const struct heap *h, uint32_t slab,
				       uint32_t k)
{
	return &h->slots[h->slabs[slab].slot0 + k];
}

uint64_t heap_slab_obj_addr(const struct heap *h, uint32_t slab, uint32_t k)
{
	const struct heap_slab *s = &h->slabs[slab];

	return h->blocks[s->block].addr + h->cfg.header_bytes +
	       (uint64_t)k * h->caches[s->cache].obj_size;
}

/* ---- narration helpers ---- */

const char *heap_sym(const struct exec_ctx *x, uint32_t sym)
{
	return program_name(x->prog, sym);
}

static uint64_t round_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) / a * a;
}

uint64_t heap_list_need(const struct heap *h, uint64_t req)
{
	if (req > (1ull << 62))
		return UINT64_MAX;
	return round_up(req, h->cfg.align) + h->cfg.header_bytes;
}

void heap_narrate_failure(struct heap *h, const char *what, uint64_t need,
			  struct exec_ctx *x)
{
	uint64_t largest = h->aroot != NIL ? BLK(h, h->aroot)->maxsz : 0;

	h->failures++;
	if (h->free_bytes >= need) {
		h->last.error = "fragmentation";
		HEAP_EMIT(x, EV_ALLOC_FAILED, EVF_ERROR, h->cfg.base,
			  "%s fails and returns NULL: %llu bytes are free in total, but they are split over %u blocks and the largest is %llu bytes. This is external fragmentation.",
			  what, ULL(h->free_bytes), h->nfree, ULL(largest));
	} else {
		h->last.error = "out-of-memory";
		HEAP_EMIT(x, EV_ALLOC_FAILED, EVF_ERROR, h->cfg.base,
			  "%s fails and returns NULL: out of memory, it needs %llu bytes and only %llu are free (largest block %llu).",
			  what, ULL(need), ULL(h->free_bytes), ULL(largest));
	}
}
