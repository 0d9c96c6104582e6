/*
 * heap.c: the heap's block list, the free set, the four free-list
 * policies, names, realloc, compaction, memory errors and output.  Buddy
 * and slab allocation live in buddy.c and slab.c on the same structures.
 *
 * Invariants (checked by heap_check):
 *  - the blocks, linked by prev/next from `first`, tile [base, base+size)
 *    in address order with no gap and no overlap;
 *  - the free list (ffirst..flast by fnext) holds exactly the FREE blocks,
 *    in address order; the address treap (aroot) holds the same blocks
 *    with maxsz/cnt correct per subtree; the size treap (sroot, only when
 *    size_tree) holds them ordered by (size, addr);
 *  - free_bytes, used_bytes, nfree, nused and wasted_bytes match the
 *    blocks; with coalescing on (free-list policies) no two free blocks
 *    are adjacent; under buddy every block is a power of two aligned (from
 *    base) to its size and no two free buddies are both whole.
 *
 * Every step changes the state, then emits the event narrating it, and
 * returns at once when exec_emit says the budget is spent.  The number of
 * events never depends on x->quiet, so a quiet replay and a narrated one
 * agree; in quiet mode nothing here formats text.
 */
#include "core/heap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/directive.h"
#include "core/json.h"
#include "core/util.h"
#include "heap_impl.h"

const char *const heap_policy_names[] = {
	"first-fit", "next-fit", "best-fit", "worst-fit", "buddy", "slab", NULL,
};

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
static bool s_less(const struct heap *h, uint32_t i, uint64_t size,
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
	if (s_less(h, t, size, addr)) {
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
	if (s_less(h, i, BLK(h, t)->size, BLK(h, t)->addr)) {
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
	if (s_less(h, i, BLK(h, t)->size, BLK(h, t)->addr)) {
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
static uint32_t a_first_fit(const struct heap *h, uint32_t t, uint64_t need)
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
static uint32_t a_fit_from(const struct heap *h, uint32_t t, uint64_t start,
			   uint64_t need)
{
	uint32_t r;

	if (t == NIL || h->blocks[t].maxsz < need)
		return NIL;
	if (h->blocks[t].addr < start)
		return a_fit_from(h, h->blocks[t].ar, start, need);
	r = a_fit_from(h, h->blocks[t].al, start, need);
	if (r != NIL)
		return r;
	if (h->blocks[t].size >= need)
		return t;
	return a_first_fit(h, h->blocks[t].ar, need);
}

/* Free blocks below address key. */
static uint32_t a_rank(const struct heap *h, uint64_t key)
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
static uint32_t a_pred(const struct heap *h, uint64_t key)
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
	uint32_t p = a_pred(h, BLK(h, i)->addr);

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

/* ---- lifecycle ---- */

void heap_init(struct heap *h, const struct heap_config *cfg)
{
	uint32_t i;

	memset(h, 0, sizeof *h);
	h->cfg = *cfg;
	if (h->cfg.align == 0)
		h->cfg.align = 1;
	h->first = h->ffirst = h->flast = NIL;
	h->aroot = h->sroot = NIL;
	h->size_tree = cfg->policy == HEAP_BEST_FIT ||
		       cfg->policy == HEAP_BUDDY;
	h->rover = cfg->base;
	i = heap_block_new(h);
	BLK(h, i)->addr = cfg->base;
	BLK(h, i)->size = cfg->size_bytes;
	heap_link_after(h, NIL, i);
	heap_free_insert(h, i);
}

void heap_free(struct heap *h)
{
	free(h->blocks);
	free(h->spare);
	free(h->names);
	free(h->caches);
	free(h->slabs);
	free(h->slots);
	memset(h, 0, sizeof *h);
}

void heap_copy(struct heap *dst, const struct heap *src)
{
	struct heap d = *dst;

	*dst = *src;
	dst->blocks = xcopy_array(d.blocks, &d.blocks_cap, src->blocks,
				 src->nblocks, sizeof *src->blocks);
	dst->blocks_cap = d.blocks_cap;
	dst->spare = xcopy_array(d.spare, &d.spare_cap, src->spare, src->nspare,
				sizeof *src->spare);
	dst->spare_cap = d.spare_cap;
	/* The name table is always exactly nnames long. */
	if (d.names == NULL || d.nnames != src->nnames)
		d.names = xrealloc(d.names, (src->nnames ? src->nnames : 1) *
						    sizeof *d.names);
	if (src->nnames)
		memcpy(d.names, src->names, src->nnames * sizeof *d.names);
	dst->names = d.names;
	dst->caches = xcopy_array(d.caches, &d.caches_cap, src->caches,
				 src->ncaches, sizeof *src->caches);
	dst->caches_cap = d.caches_cap;
	dst->slabs = xcopy_array(d.slabs, &d.slabs_cap, src->slabs, src->nslabs,
				sizeof *src->slabs);
	dst->slabs_cap = d.slabs_cap;
	dst->slots = xcopy_array(d.slots, &d.slots_cap, src->slots, src->nslots,
				sizeof *src->slots);
	dst->slots_cap = d.slots_cap;
}

static bool name_equal(const struct heap_name *a, const struct heap_name *b)
{
	return a->state == b->state && a->in_slab == b->in_slab &&
	       a->block == b->block && a->slot == b->slot &&
	       a->line == b->line && a->addr == b->addr && a->size == b->size;
}

bool heap_equal(const struct heap *a, const struct heap *b)
{
	uint32_t i, j;
	size_t k, n;

	if (memcmp(&a->cfg, &b->cfg, sizeof a->cfg) != 0 ||
	    a->rover != b->rover || a->used_bytes != b->used_bytes ||
	    a->free_bytes != b->free_bytes ||
	    a->wasted_bytes != b->wasted_bytes || a->nfree != b->nfree ||
	    a->nused != b->nused || a->mallocs != b->mallocs ||
	    a->frees != b->frees || a->failures != b->failures ||
	    a->double_frees != b->double_frees ||
	    a->invalid_frees != b->invalid_frees ||
	    a->use_after_free != b->use_after_free ||
	    a->overflows != b->overflows || a->splits != b->splits ||
	    a->merges != b->merges || a->moves != b->moves ||
	    a->exited != b->exited || a->ncaches != b->ncaches ||
	    a->nslabs != b->nslabs || a->nslots != b->nslots ||
	    a->last.has_addr != b->last.has_addr ||
	    a->last.null != b->last.null || a->last.addr != b->last.addr ||
	    a->last.size != b->last.size || a->last.error != b->last.error)
		return false;
	for (i = a->first, j = b->first; i != NIL && j != NIL;
	     i = a->blocks[i].next, j = b->blocks[j].next) {
		const struct heap_block *x = &a->blocks[i], *y = &b->blocks[j];
		if (x->addr != y->addr || x->size != y->size ||
		    x->req != y->req || x->owner != y->owner ||
		    x->line != y->line || x->state != y->state ||
		    x->orphan != y->orphan || x->slab != y->slab)
			return false;
	}
	if (i != NIL || j != NIL)
		return false;
	n = a->nnames > b->nnames ? a->nnames : b->nnames;
	for (k = 0; k < n; k++) {
		const struct heap_name *x = k < a->nnames ? &a->names[k] : &no_name;
		const struct heap_name *y = k < b->nnames ? &b->names[k] : &no_name;
		/* Block numbers may differ between equal heaps: compare
		 * what they designate. */
		if (x->state == HEAP_NAME_LIVE && y->state == HEAP_NAME_LIVE &&
		    !x->in_slab && !y->in_slab) {
			if (heap_name_addr(a, x) != heap_name_addr(b, y) ||
			    x->line != y->line || x->size != y->size)
				return false;
			continue;
		}
		if (!name_equal(x, y))
			return false;
	}
	for (k = 0; k < a->ncaches; k++)
		if (memcmp(&a->caches[k], &b->caches[k], sizeof a->caches[k]))
			return false;
	for (k = 0; k < a->nslabs; k++) {
		const struct heap_slab *x = &a->slabs[k], *y = &b->slabs[k];
		if (x->cache != y->cache || x->next != y->next ||
		    x->used != y->used || x->slot0 != y->slot0 ||
		    a->blocks[x->block].addr != b->blocks[y->block].addr)
			return false;
	}
	for (k = 0; k < a->nslots; k++)
		if (a->slots[k].owner != b->slots[k].owner ||
		    a->slots[k].line != b->slots[k].line ||
		    a->slots[k].req != b->slots[k].req)
			return false;
	return true;
}

size_t heap_bytes(const struct heap *h)
{
	return h->nblocks * sizeof *h->blocks + h->nspare * sizeof *h->spare +
	       h->nnames * sizeof *h->names + h->ncaches * sizeof *h->caches +
	       h->nslabs * sizeof *h->slabs + h->nslots * sizeof *h->slots;
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
	if (b->sl != NIL && !s_less(h, b->sl, b->size, b->addr))
		return -1;
	if (b->sr != NIL && s_less(h, b->sr, b->size, b->addr + 1))
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
		HEAP_EMIT(x, "alloc-failed", EVF_ERROR, h->cfg.base,
			  "%s fails and returns NULL: %llu bytes are free in total, but they are split over %u blocks and the largest is %llu bytes. This is external fragmentation.",
			  what, ULL(h->free_bytes), h->nfree, ULL(largest));
	} else {
		h->last.error = "out-of-memory";
		HEAP_EMIT(x, "alloc-failed", EVF_ERROR, h->cfg.base,
			  "%s fails and returns NULL: out of memory, it needs %llu bytes and only %llu are free (largest block %llu).",
			  what, ULL(need), ULL(h->free_bytes), ULL(largest));
	}
}

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
		return HEAP_EMIT(x, "search", 0, from == NIL ? 0 : BLK(h, from)->addr,
				 "%s checks %u free blocks that are all smaller than %llu bytes.",
				 pol, count, ULL(need));
	for (k = 0; k < count && i != to; k++) {
		if (i == NIL)
			i = h->ffirst;
		if (!HEAP_EMIT(x, "search", 0, BLK(h, i)->addr,
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
		return HEAP_EMIT(x, "search", 0,
				 h->ffirst == NIL ? 0 : BLK(h, h->ffirst)->addr,
				 "%s checks all %u free blocks for the %s one of at least %llu bytes.",
				 best ? "best-fit" : "worst-fit", h->nfree,
				 best ? "smallest" : "largest", ULL(need));
	for (i = h->ffirst; i != NIL; i = BLK(h, i)->fnext) {
		const struct heap_block *b = BLK(h, i);
		bool ok;
		if (b->size < need) {
			ok = HEAP_EMIT(x, "search", 0, b->addr,
				       "Checked block at 0x%llx (%llu bytes): too small.",
				       ULL(b->addr), ULL(b->size));
		} else if (chosen == NIL ||
			   (best ? b->size < BLK(h, chosen)->size :
				   b->size > BLK(h, chosen)->size)) {
			chosen = i;
			ok = HEAP_EMIT(x, "search", 0, b->addr,
				       "Checked block at 0x%llx (%llu bytes): fits with %llu to spare, the %s so far.",
				       ULL(b->addr), ULL(b->size),
				       ULL(b->size - need),
				       best ? "best" : "largest");
		} else {
			ok = HEAP_EMIT(x, "search", 0, b->addr,
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

/* Choose a free block for `need` under the list policy; narrates. */
static uint32_t list_search(struct heap *h, uint64_t need, struct exec_ctx *x)
{
	int pol = h->cfg.policy == HEAP_SLAB ? HEAP_FIRST_FIT : h->cfg.policy;
	uint32_t c = NIL, count;

	switch (pol) {
	case HEAP_FIRST_FIT:
	default:
		c = a_first_fit(h, h->aroot, need);
		count = c != NIL ? a_rank(h, BLK(h, c)->addr) : h->nfree;
		narrate_too_small(h, h->ffirst, c, count, need, x);
		break;
	case HEAP_NEXT_FIT: {
		uint64_t start = h->rover;
		uint32_t p = a_pred(h, start), s0;
		uint32_t rs;
		if (p != NIL && BLK(h, p)->addr + BLK(h, p)->size > start)
			start = BLK(h, p)->addr;
		rs = a_rank(h, start);
		s0 = a_fit_from(h, h->aroot, start, 0);
		c = a_fit_from(h, h->aroot, start, need);
		if (c != NIL)
			count = a_rank(h, BLK(h, c)->addr) - rs;
		else {
			c = a_first_fit(h, h->aroot, need);
			count = c != NIL ? h->nfree - rs +
						   a_rank(h, BLK(h, c)->addr) :
					   h->nfree;
		}
		if (count || c == NIL) {
			if (!HEAP_EMIT(x, "search", 0, start,
				       "Next-fit resumes at 0x%llx, where the last search stopped%s.",
				       ULL(start),
				       c != NIL && BLK(h, c)->addr < start ?
					       ", and wraps around to the start" :
					       ""))
				return NIL;
		}
		narrate_too_small(h, s0 == NIL ? h->ffirst : s0, c, count,
				  need, x);
		break;
	}
	case HEAP_BEST_FIT:
		c = heap_tree_best(h, need);
		narrate_scan(h, need, true, x);
		break;
	case HEAP_WORST_FIT:
		if (h->aroot != NIL && BLK(h, h->aroot)->maxsz >= need)
			c = a_first_fit(h, h->aroot, BLK(h, h->aroot)->maxsz);
		narrate_scan(h, need, false, x);
		break;
	}
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
		HEAP_EMIT(x, "split", 0, addr,
			  "Split the free block at 0x%llx (%llu bytes): its front %llu bytes are allocated, the other %llu bytes at 0x%llx stay free.",
			  ULL(addr), ULL(size), ULL(need), ULL(rem),
			  ULL(addr + need));
	else if (rem)
		HEAP_EMIT(x, "take", 0, addr,
			  "Take the whole %llu-byte block at 0x%llx: the %llu bytes left over are below split-min=%llu and stay inside it.",
			  ULL(size), ULL(addr), ULL(rem),
			  ULL(h->cfg.split_min));
	else
		HEAP_EMIT(x, "take", 0, addr,
			  "Take the whole %llu-byte block at 0x%llx: an exact fit.",
			  ULL(size), ULL(addr));
	return u;
}

uint32_t heap_alloc_block(struct heap *h, uint64_t req, uint64_t *need,
			  struct exec_ctx *x)
{
	uint32_t c;

	if (h->cfg.policy == HEAP_BUDDY)
		return buddy_alloc(h, req, need, x);
	*need = heap_list_need(h, req);
	c = list_search(h, *need, x);
	if (c == NIL)
		return NIL;
	return list_take(h, c, *need, req, x);
}

/* With coalescing on, merge free block b with free neighbours. */
static void coalesce(struct heap *h, uint32_t b, struct exec_ctx *x)
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
		if (!HEAP_EMIT(x, "coalesce", 0, BLK(h, b)->addr,
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
		HEAP_EMIT(x, "coalesce", 0, BLK(h, p)->addr,
			  "Coalesce with the previous block at 0x%llx (free): one free block of %llu bytes at 0x%llx.",
			  ULL(BLK(h, p)->addr), ULL(BLK(h, p)->size),
			  ULL(BLK(h, p)->addr));
	}
}

void heap_release_block(struct heap *h, uint32_t b, const char *what,
			struct exec_ctx *x)
{
	uint64_t addr = BLK(h, b)->addr, size = BLK(h, b)->size;

	h->used_bytes -= size;
	h->wasted_bytes -= heap_block_waste(h, b);
	h->nused--;
	if (h->cfg.policy == HEAP_BUDDY) {
		buddy_release(h, b, what, x);
		return;
	}
	heap_free_insert(h, b);
	if (!HEAP_EMIT(x, "free", 0, addr,
		       "%s: the %llu-byte block at 0x%llx goes back on the free list (%u free blocks, %llu bytes free).",
		       what, ULL(size), ULL(addr), h->nfree,
		       ULL(h->free_bytes)))
		return;
	if (h->cfg.coalesce)
		coalesce(h, b, x);
}

/* ---- names and operations ---- */

static void reset_result(struct heap *h)
{
	memset(&h->last, 0, sizeof h->last);
}

/* Bind sym to a live location; narrates the return and any leak. */
static void bind_name(struct heap *h, uint32_t sym, bool in_slab,
		      uint32_t block, uint32_t slot, uint64_t req,
		      uint32_t line, const char *call, bool zero,
		      struct exec_ctx *x)
{
	struct heap_name old = *heap_name_mut(h, sym);
	struct heap_name *n = heap_name_mut(h, sym);
	uint64_t addr;

	n->state = HEAP_NAME_LIVE;
	n->in_slab = in_slab;
	n->block = block;
	n->slot = slot;
	n->line = line;
	n->addr = 0;
	n->size = req;
	addr = heap_name_addr(h, n);
	h->last.has_addr = true;
	h->last.addr = addr;
	h->last.size = req;
	if (!in_slab) {
		BLK(h, block)->owner = sym;
		BLK(h, block)->line = line;
		bool ok;
		if (h->cfg.header_bytes)
			ok = HEAP_EMIT(x, "alloc", 0, BLK(h, block)->addr,
				       "The header at 0x%llx records the block size %llu; %s returns 0x%llx, just after it, so %s = 0x%llx%s.",
				       ULL(BLK(h, block)->addr),
				       ULL(BLK(h, block)->size), call,
				       ULL(addr), heap_sym(x, sym), ULL(addr),
				       zero ? " (calloc zero-fills it)" : "");
		else
			ok = HEAP_EMIT(x, "alloc", 0, BLK(h, block)->addr,
				       "%s returns 0x%llx, the start of the %llu-byte block (no header), so %s = 0x%llx%s.",
				       call, ULL(addr),
				       ULL(BLK(h, block)->size),
				       heap_sym(x, sym), ULL(addr),
				       zero ? " (calloc zero-fills it)" : "");
		if (!ok)
			return;
	} else if (!HEAP_EMIT(x, "alloc", 0, addr,
			      "%s returns 0x%llx, so %s = 0x%llx%s.", call,
			      ULL(addr), heap_sym(x, sym), ULL(addr),
			      zero ? " (zero-filled)" : "")) {
		return;
	}
	if (old.state == HEAP_NAME_LIVE) {
		uint64_t oaddr = heap_name_addr(h, &old);
		if (!old.in_slab)
			BLK(h, old.block)->orphan = 1;
		HEAP_EMIT(x, "leak", EVF_ERROR, oaddr,
			  "Leak: %s held 0x%llx (%llu bytes, allocated at line %u), and now points elsewhere; unless another pointer holds it, that block can never be freed.",
			  heap_sym(x, sym), ULL(oaddr), ULL(old.size),
			  old.line);
		h->last.error = "leak";
	}
}

/* Allocate for sym under the policy (slab: from the fitting cache);
 * returns true when bound. */
static bool alloc_for(struct heap *h, uint32_t sym, uint64_t req,
		      uint32_t line, const char *call, bool zero,
		      struct exec_ctx *x)
{
	uint64_t need = 0;
	uint32_t b;

	if (h->cfg.policy == HEAP_SLAB) {
		uint32_t c = slab_cache_for(h, req), slab, slot;
		if (c == NIL) {
			heap_name_mut(h, sym)->state = HEAP_NAME_NULL;
			h->last.has_addr = true;
			h->last.null = true;
			h->last.size = req;
			h->last.error = "no-cache";
			h->failures++;
			HEAP_EMIT(x, "alloc-failed", EVF_ERROR, h->cfg.base,
				  "%s fails and returns NULL: no slab cache holds %llu-byte objects (declare one with `slab`).",
				  call, ULL(req));
			return false;
		}
		if (!slab_alloc(h, c, req, sym, line, &slab, &slot, x))
			return false;
		bind_name(h, sym, true, slab, slot, req, line, call, zero, x);
		return true;
	}
	if (h->cfg.policy != HEAP_BUDDY) {
		need = heap_list_need(h, req);
		if (!HEAP_EMIT(x, "request", 0, h->cfg.base,
			       "%s: %llu byte%s rounded up to align=%llu plus %s %llu-byte header: the block needs %llu bytes.",
			       call, ULL(req), plural_s(req), ULL(h->cfg.align),
			       article_num(h->cfg.header_bytes),
			       ULL(h->cfg.header_bytes), ULL(need)))
			return false;
	}
	b = heap_alloc_block(h, req, &need, x);
	if (x->stopped)
		return false;
	if (b == NIL) {
		heap_name_mut(h, sym)->state = HEAP_NAME_NULL;
		h->last.has_addr = true;
		h->last.null = true;
		h->last.size = req;
		heap_narrate_failure(h, call, need, x);
		return false;
	}
	bind_name(h, sym, false, b, 0, req, line, call, zero, x);
	return true;
}

void heap_malloc(struct heap *h, uint32_t sym, uint64_t req, bool zero_fill,
		 uint32_t line, struct exec_ctx *x)
{
	char call[96] = "";

	reset_result(h);
	h->mallocs++;
	if (!x->quiet)
		snprintf(call, sizeof call, "%s(%llu) for %s",
			 zero_fill ? "calloc" : "malloc", ULL(req),
			 heap_sym(x, sym));
	alloc_for(h, sym, req, line, call, zero_fill, x);
}

void heap_cache_alloc(struct heap *h, uint32_t sym, uint32_t cache_sym,
		      uint32_t line, struct exec_ctx *x)
{
	uint32_t c = slab_cache_find(h, cache_sym), slab, slot;
	char call[96] = "";

	reset_result(h);
	h->mallocs++;
	if (c == NIL) {
		exec_scenario_error(x, 0, "no slab cache named `%s` (create it with `slab %s size=... per-slab=...`)",
				    heap_sym(x, cache_sym),
				    heap_sym(x, cache_sym));
		return;
	}
	if (!x->quiet)
		snprintf(call, sizeof call, "alloc from cache %s for %s",
			 heap_sym(x, cache_sym), heap_sym(x, sym));
	if (!slab_alloc(h, c, h->caches[c].obj_req, sym, line, &slab, &slot,
			x))
		return;
	bind_name(h, sym, true, slab, slot, h->caches[c].obj_req, line, call,
		  false, x);
}

/* Find the live location at user address addr (a free through an alias). */
static bool find_user_addr(const struct heap *h, uint64_t addr,
			   bool *in_slab, uint32_t *block, uint32_t *slot)
{
	uint32_t i = heap_block_at(h, addr);

	if (i == NIL)
		return false;
	if (h->blocks[i].state == HEAP_BLOCK_USED &&
	    h->blocks[i].addr + h->cfg.header_bytes == addr) {
		*in_slab = false;
		*block = i;
		return true;
	}
	if (h->blocks[i].state == HEAP_BLOCK_SLAB &&
	    slab_find_addr(h, addr, block, slot)) {
		*in_slab = true;
		return true;
	}
	return false;
}

/* The name (other than sym) that owns a location, if it still points there. */
static void forget_owner(struct heap *h, uint32_t owner, bool in_slab,
			 uint32_t block, uint32_t slot, uint64_t addr)
{
	struct heap_name *n;

	if (owner == SYM_NONE || owner >= h->nnames)
		return;
	n = &h->names[owner];
	if (n->state == HEAP_NAME_LIVE && n->in_slab == in_slab &&
	    n->block == block && (!in_slab || n->slot == slot)) {
		n->state = HEAP_NAME_FREED;
		n->addr = addr;
	}
}

/* Free a live location; `what` opens the narration. */
static void release_loc(struct heap *h, bool in_slab, uint32_t block,
			uint32_t slot, const char *what, struct exec_ctx *x)
{
	if (in_slab)
		slab_release(h, block, slot, what, x);
	else
		heap_release_block(h, block, what, x);
}

void heap_free_name(struct heap *h, uint32_t sym, bool has_alias,
		    uint64_t alias_addr, struct exec_ctx *x)
{
	struct heap_name *n = heap_name_mut(h, sym);
	char what[96] = "";
	bool in_slab;
	uint32_t block, slot, owner;
	uint64_t addr;

	reset_result(h);
	if (n->state == HEAP_NAME_NULL) {
		HEAP_EMIT(x, "free", 0, 0,
			  "free(%s): %s is NULL (its allocation failed), and free(NULL) does nothing.",
			  heap_sym(x, sym), heap_sym(x, sym));
		return;
	}
	if (n->state == HEAP_NAME_FREED &&
	    find_user_addr(h, n->addr, &in_slab, &block, &slot)) {
		/*
		 * The old address belongs to a later allocation now: the C
		 * library sees an ordinary free of a block in use and frees
		 * it, silently.  The real damage of a double free.
		 */
		owner = in_slab ? h->slots[h->slabs[block].slot0 + slot].owner
				: h->blocks[block].owner;
		h->double_frees++;
		h->last.error = "double-free";
		if (!HEAP_EMIT(x, "double-free", EVF_ERROR, n->addr,
			       "Double free: %s still holds 0x%llx, which malloc has since given to %s. The C library cannot tell: it frees %s's block, silently, while %s still uses it.",
			       heap_sym(x, sym), ULL(n->addr),
			       heap_sym(x, owner), heap_sym(x, owner),
			       heap_sym(x, owner)))
			return;
		addr = n->addr;
		forget_owner(h, owner, in_slab, block, slot, addr);
		h->frees++;
		if (!x->quiet)
			snprintf(what, sizeof what, "free(%s), the block of %s",
				 heap_sym(x, sym), heap_sym(x, owner));
		release_loc(h, in_slab, block, slot, what, x);
		return;
	}
	if (n->state == HEAP_NAME_FREED) {
		h->double_frees++;
		h->last.error = "double-free";
		HEAP_EMIT(x, "double-free", EVF_ERROR | EVF_HALT, n->addr,
			  "Double free: %s (0x%llx) was already freed, and its block is still free. The C library detects it (\"free(): double free detected\") and aborts the program.",
			  heap_sym(x, sym), ULL(n->addr));
		return;
	}
	if (n->state == HEAP_NAME_LIVE) {
		in_slab = n->in_slab;
		block = n->block;
		slot = n->slot;
		addr = heap_name_addr(h, n);
	} else if (!has_alias) {
		h->invalid_frees++;
		h->last.error = "invalid-free";
		HEAP_EMIT(x, "invalid-free", EVF_ERROR | EVF_HALT, 0,
			  "Invalid free: %s was never returned by malloc. The C library aborts (\"free(): invalid pointer\").",
			  heap_sym(x, sym));
		return;
	} else if (!find_user_addr(h, alias_addr, &in_slab, &block, &slot)) {
		uint32_t i = heap_block_at(h, alias_addr);
		bool was_free = i != NIL &&
				h->blocks[i].state == HEAP_BLOCK_FREE;
		if (was_free)
			h->double_frees++;
		else
			h->invalid_frees++;
		h->last.error = was_free ? "double-free" : "invalid-free";
		HEAP_EMIT(x, was_free ? "double-free" : "invalid-free",
			  EVF_ERROR | EVF_HALT, alias_addr,
			  was_free ? "Double free: %s holds 0x%llx, which is already free. The C library detects it and aborts the program." :
				     "Invalid free: %s holds 0x%llx, which no malloc returned. The C library aborts (\"free(): invalid pointer\").",
			  heap_sym(x, sym), ULL(alias_addr));
		return;
	} else {
		addr = alias_addr;
	}
	owner = in_slab ? h->slots[h->slabs[block].slot0 + slot].owner :
			  h->blocks[block].owner;
	forget_owner(h, owner, in_slab, block, slot, addr);
	n = heap_name_mut(h, sym);
	if (n->state == HEAP_NAME_LIVE) {
		n->state = HEAP_NAME_FREED;
		n->addr = addr;
	}
	h->frees++;
	if (!x->quiet)
		snprintf(what, sizeof what, "free(%s)%s%s", heap_sym(x, sym),
			 owner != sym && owner != SYM_NONE ? ", the block of " :
							     "",
			 owner != sym && owner != SYM_NONE ?
				 heap_sym(x, owner) : "");
	release_loc(h, in_slab, block, slot, what, x);
}

/* Resize a list-policy block in place if possible; true when done. */
static bool list_resize_in_place(struct heap *h, uint32_t b, uint64_t req,
				 const char *call, struct exec_ctx *x)
{
	uint64_t need = heap_list_need(h, req), size = BLK(h, b)->size;
	uint64_t addr = BLK(h, b)->addr;
	uint32_t n = BLK(h, b)->next;

	if (need <= size) {
		uint64_t rem = size - need;
		h->wasted_bytes -= size - BLK(h, b)->req;
		if (rem > 0 && rem >= h->cfg.split_min) {
			uint32_t f = heap_block_new(h);
			BLK(h, f)->addr = addr + need;
			BLK(h, f)->size = rem;
			heap_link_after(h, b, f);
			BLK(h, b)->size = need;
			h->used_bytes -= rem;
			heap_free_insert(h, f);
			BLK(h, b)->req = req;
			h->wasted_bytes += need - req;
			h->splits++;
			if (!HEAP_EMIT(x, "realloc", 0, addr,
				       "%s shrinks the block in place to %llu bytes; the %llu bytes after it at 0x%llx become free.",
				       call, ULL(need), ULL(rem),
				       ULL(addr + need)))
				return true;
			if (h->cfg.coalesce && BLK(h, f)->next != NIL &&
			    BLK(h, BLK(h, f)->next)->state == HEAP_BLOCK_FREE)
				coalesce(h, f, x);
			return true;
		}
		BLK(h, b)->req = req;
		h->wasted_bytes += size - req;
		HEAP_EMIT(x, "realloc", 0, addr,
			  "%s: the %llu-byte block at 0x%llx is already large enough; it stays where it is.",
			  call, ULL(size), ULL(addr));
		return true;
	}
	if (n != NIL && BLK(h, n)->state == HEAP_BLOCK_FREE &&
	    size + BLK(h, n)->size >= need) {
		uint64_t extra = need - size, nsize = BLK(h, n)->size;
		uint64_t rem = nsize - extra;
		h->wasted_bytes -= size - BLK(h, b)->req;
		if (rem > 0 && rem >= h->cfg.split_min) {
			heap_free_reshape(h, n, BLK(h, n)->addr + extra, rem);
			BLK(h, b)->size = need;
		} else {
			heap_free_remove(h, n);
			heap_unlink(h, n);
			heap_block_release(h, n);
			BLK(h, b)->size = size + nsize;
		}
		h->used_bytes += BLK(h, b)->size - size;
		BLK(h, b)->req = req;
		h->wasted_bytes += BLK(h, b)->size - req;
		HEAP_EMIT(x, "realloc", 0, addr,
			  "%s grows in place: the free block after it (%llu bytes at 0x%llx) is large enough, so the block takes %llu of its bytes and is now %llu bytes.",
			  call, ULL(nsize), ULL(addr + size),
			  ULL(BLK(h, b)->size - size), ULL(BLK(h, b)->size));
		return true;
	}
	return false;
}

void heap_realloc(struct heap *h, uint32_t sym, uint64_t req, uint32_t line,
		  struct exec_ctx *x)
{
	struct heap_name *n = heap_name_mut(h, sym);
	struct heap_name old;
	char call[96] = "";
	uint64_t old_addr;

	reset_result(h);
	if (!x->quiet)
		snprintf(call, sizeof call, "realloc(%s, %llu)",
			 heap_sym(x, sym), ULL(req));
	if (n->state == HEAP_NAME_NULL) {
		h->mallocs++;
		if (!HEAP_EMIT(x, "request", 0, h->cfg.base,
			       "%s: %s is NULL, so realloc acts as malloc.",
			       call, heap_sym(x, sym)))
			return;
		alloc_for(h, sym, req, line, call, false, x);
		return;
	}
	if (n->state != HEAP_NAME_LIVE) {
		bool freed = n->state == HEAP_NAME_FREED;
		if (freed)
			h->use_after_free++;
		else
			h->invalid_frees++;
		h->last.error = freed ? "use-after-free" : "invalid-free";
		HEAP_EMIT(x, freed ? "use-after-free" : "invalid-free",
			  EVF_ERROR | EVF_HALT, freed ? n->addr : 0,
			  freed ? "%s: %s was already freed; realloc of a freed pointer makes the C library abort (\"realloc(): invalid pointer\")." :
				  "%s: %s was never returned by malloc; the C library aborts (\"realloc(): invalid pointer\").",
			  call, heap_sym(x, sym));
		return;
	}
	old = *n;
	old_addr = heap_name_addr(h, n);
	h->last.has_addr = true;
	h->last.size = req;
	h->last.addr = old_addr;
	if (!old.in_slab) {
		uint32_t b = old.block;
		bool done;
		if (h->cfg.policy == HEAP_BUDDY) {
			done = buddy_need(h, req) <= BLK(h, b)->size;
			if (done) {
				h->wasted_bytes += BLK(h, b)->req;
				BLK(h, b)->req = req;
				h->wasted_bytes -= req;
				HEAP_EMIT(x, "realloc", 0, BLK(h, b)->addr,
					  "%s: %llu bytes still fit in the %llu-byte buddy block at 0x%llx; it stays.",
					  call, ULL(req), ULL(BLK(h, b)->size),
					  ULL(BLK(h, b)->addr));
			}
		} else {
			done = list_resize_in_place(h, b, req, call, x);
		}
		if (done) {
			n = heap_name_mut(h, sym);
			n->size = req;
			return;
		}
	} else if (req <= h->caches[h->slabs[old.block].cache].obj_size) {
		struct heap_slot *s = &h->slots[h->slabs[old.block].slot0 +
						 old.slot];
		h->wasted_bytes += s->req;
		s->req = req;
		h->wasted_bytes -= req;
		n->size = req;
		HEAP_EMIT(x, "realloc", 0, old_addr,
			  "%s: %llu bytes still fit in the %llu-byte slab object; it stays.",
			  call, ULL(req),
			  ULL(h->caches[h->slabs[old.block].cache].obj_size));
		return;
	}
	/* Move: allocate anew (name unbound meanwhile), copy, free the old. */
	if (!HEAP_EMIT(x, "request", 0, old_addr,
		       "%s: the block at 0x%llx cannot grow in place (the block after it is not free or too small), so realloc moves it.",
		       call, ULL(old_addr)))
		return;
	heap_name_mut(h, sym)->state = HEAP_NAME_NONE;
	if (!alloc_for(h, sym, req, line, call, false, x)) {
		if (x->stopped)
			return;
		*heap_name_mut(h, sym) = old;
		h->last.addr = 0;
		HEAP_EMIT(x, "realloc", EVF_ERROR, old_addr,
			  "%s returns NULL; the old block at 0x%llx is untouched and %s still holds it.",
			  call, ULL(old_addr), heap_sym(x, sym));
		return;
	}
	if (!HEAP_EMIT(x, "copy", 0, h->last.addr,
		       "Copy %llu bytes from 0x%llx to 0x%llx.",
		       ULL(old.size < req ? old.size : req), ULL(old_addr),
		       ULL(h->last.addr)))
		return;
	release_loc(h, old.in_slab, old.block, old.slot,
		    "Then realloc frees the old block", x);
}

/* ---- compaction ---- */

void heap_compact(struct heap *h, struct exec_ctx *x)
{
	uint32_t i = h->first;
	uint64_t moved = 0;

	reset_result(h);
	if (h->cfg.policy == HEAP_BUDDY) {
		exec_scenario_error(x, 0, "`compact` needs a free-list or slab policy: buddy blocks must stay aligned to their size");
		return;
	}
	while (i != NIL) {
		uint32_t j;
		uint64_t gap_addr, gap_size, from;
		if (BLK(h, i)->state != HEAP_BLOCK_FREE) {
			i = BLK(h, i)->next;
			continue;
		}
		/* Gather the free blocks that follow into this one. */
		while ((j = BLK(h, i)->next) != NIL &&
		       BLK(h, j)->state == HEAP_BLOCK_FREE) {
			uint64_t js = BLK(h, j)->size;
			heap_free_remove(h, j);
			heap_unlink(h, j);
			heap_block_release(h, j);
			heap_free_reshape(h, i, BLK(h, i)->addr,
					  BLK(h, i)->size + js);
		}
		if (j == NIL)
			break;
		/* Slide j down over the gap; the gap moves above it. */
		gap_addr = BLK(h, i)->addr;
		gap_size = BLK(h, i)->size;
		from = BLK(h, j)->addr;
		heap_unlink(h, i);
		BLK(h, j)->addr = gap_addr;
		heap_free_reshape(h, i, gap_addr + BLK(h, j)->size, gap_size);
		heap_link_after(h, j, i);
		h->moves++;
		moved++;
		if (BLK(h, j)->state == HEAP_BLOCK_SLAB) {
			if (!HEAP_EMIT(x, "move", 0, gap_addr,
				       "Move the slab of cache %s (%llu bytes) from 0x%llx down to 0x%llx; its objects' names now point %llu bytes lower.",
				       heap_sym(x, h->caches[h->slabs[BLK(h, j)->slab].cache].name),
				       ULL(BLK(h, j)->size), ULL(from),
				       ULL(gap_addr), ULL(from - gap_addr)))
				return;
		} else if (!HEAP_EMIT(x, "move", 0, gap_addr,
				      "Move %s (%llu bytes) from 0x%llx down to 0x%llx; %s now holds 0x%llx.",
				      BLK(h, j)->orphan ? "a leaked block" :
							  heap_sym(x, BLK(h, j)->owner),
				      ULL(BLK(h, j)->size), ULL(from),
				      ULL(gap_addr),
				      BLK(h, j)->orphan ? "nobody" :
							  heap_sym(x, BLK(h, j)->owner),
				      ULL(gap_addr + h->cfg.header_bytes))) {
			return;
		}
	}
	h->rover = h->flast != NIL ? BLK(h, h->flast)->addr : h->cfg.base;
	if (h->ffirst == NIL)
		HEAP_EMIT(x, "compact", 0, h->cfg.base,
			  "Compaction done: %llu moves; the heap is full, no free space is left.",
			  ULL(moved));
	else
		HEAP_EMIT(x, "compact", 0, BLK(h, h->ffirst)->addr,
			  "Compaction done: %llu move%s; all %llu free bytes are now one block at 0x%llx. Pointers held elsewhere (stack locals) still hold the old addresses: C cannot compact for this reason.",
			  ULL(moved), moved == 1 ? "" : "s",
			  ULL(h->free_bytes), ULL(BLK(h, h->ffirst)->addr));
}

/* ---- leaks ---- */

void heap_exit(struct heap *h, struct exec_ctx *x)
{
	uint32_t i;
	size_t k, n = 0;

	reset_result(h);
	h->exited = true;
	for (i = h->first; i != NIL; i = BLK(h, i)->next) {
		const struct heap_block *b = BLK(h, i);
		if (b->state != HEAP_BLOCK_USED)
			continue;
		n++;
		h->last.error = "leak";
		if (!HEAP_EMIT(x, "leak", EVF_ERROR, b->addr,
			       "Leak: %llu bytes at 0x%llx allocated for %s at line %u were never freed%s.",
			       ULL(b->req), ULL(b->addr + h->cfg.header_bytes),
			       heap_sym(x, b->owner), b->line,
			       b->orphan ? " (and no name points at them any more)" :
					   ""))
			return;
	}
	for (k = 0; k < h->nslots; k++) {
		const struct heap_slot *s = &h->slots[k];
		if (s->owner == SYM_NONE)
			continue;
		n++;
		h->last.error = "leak";
		if (!HEAP_EMIT(x, "leak", EVF_ERROR, 0,
			       "Leak: %s %llu-byte slab object allocated for %s at line %u was never freed.",
			       article_num(s->req), ULL(s->req),
			       heap_sym(x, s->owner), s->line))
			return;
	}
	if (n)
		HEAP_EMIT(x, "exit", 0, h->cfg.base,
			  "Exit: the program ends with %zu block%s never freed (%llu heap bytes still in use): the leak checker's report is above.",
			  n, n == 1 ? "" : "s", ULL(h->used_bytes));
	else
		HEAP_EMIT(x, "exit", 0, h->cfg.base,
			  "Exit: the program ends and every block was freed: no leaks.");
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
		HEAP_EMIT(x, "null-dereference", EVF_ERROR | EVF_HALT, 0,
			  "%s through %s, which is NULL (its allocation failed): segmentation fault, the program crashes.",
			  op, heap_sym(x, via));
		return false;
	}
	if (n->state == HEAP_NAME_FREED) {
		h->use_after_free++;
		h->last.error = "use-after-free";
		HEAP_EMIT(x, "use-after-free", EVF_ERROR, addr,
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
			HEAP_EMIT(x, "heap-overflow", EVF_ERROR, addr,
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
		HEAP_EMIT(x, "use-after-free", EVF_ERROR, BLK(h, i)->addr,
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
			HEAP_EMIT(x, "heap-overflow", EVF_ERROR, BLK(h, i)->addr,
				  "Heap overflow: %s of %llu byte%s at 0x%llx falls outside the %llu byte%s of %s's block (0x%llx..0x%llx).",
				  op, ULL(len), plural_s(len), ULL(addr), ULL(BLK(h, i)->req),
				  plural_s(BLK(h, i)->req), heap_sym(x, BLK(h, i)->owner), ULL(start),
				  ULL(end - 1));
			return false;
		}
	}
	return true;
}

/* ---- output ---- */

static void json_free_list(const struct heap *h, struct json *j)
{
	uint32_t i;

	json_key(j, "free_list");
	json_begin_array(j);
	for (i = h->ffirst; i != NIL; i = h->blocks[i].fnext) {
		json_begin_array(j);
		json_uint(j, h->blocks[i].addr);
		json_uint(j, h->blocks[i].size);
		json_end_array(j);
	}
	json_end_array(j);
}

void heap_json_step(const struct heap *h, struct json *j)
{
	if (h->last.has_addr) {
		json_key(j, "addr");
		if (h->last.null)
			json_null(j);
		else
			json_uint(j, h->last.addr);
		json_kv_uint(j, "size", h->last.size);
	}
	json_free_list(h, j);
	if (h->last.error)
		json_kv_string(j, "error", h->last.error);
}

static const char *const state_names[] = { "free", "used", "slab" };

void heap_json(const struct heap *h, const struct program *p, struct json *j)
{
	struct heap_totals t;
	uint32_t i;
	size_t k;

	heap_totals(h, &t);
	json_begin_object(j);
	json_kv_string(j, "policy", heap_policy_names[h->cfg.policy]);
	json_kv_uint(j, "base", h->cfg.base);
	json_kv_uint(j, "size", h->cfg.size_bytes);
	json_kv_uint(j, "in_use", t.in_use);
	json_kv_uint(j, "free", t.free);
	json_kv_uint(j, "largest_free", t.largest_free);
	json_key(j, "blocks");
	json_begin_array(j);
	for (i = h->first; i != NIL; i = h->blocks[i].next) {
		const struct heap_block *b = &h->blocks[i];
		json_begin_object(j);
		json_kv_uint(j, "addr", b->addr);
		json_kv_uint(j, "size", b->size);
		json_kv_string(j, "state", state_names[b->state]);
		if (b->state == HEAP_BLOCK_USED) {
			json_kv_string(j, "name", program_name(p, b->owner));
			json_kv_uint(j, "requested", b->req);
			json_kv_bool(j, "leaked", b->orphan);
		} else if (b->state == HEAP_BLOCK_SLAB) {
			const struct heap_slab *s = &h->slabs[b->slab];
			json_kv_string(j, "cache",
				       program_name(p, h->caches[s->cache].name));
			json_kv_uint(j, "objects", s->used);
		}
		json_end_object(j);
	}
	json_end_array(j);
	json_free_list(h, j);
	if (h->ncaches) {
		json_key(j, "caches");
		json_begin_array(j);
		for (k = 0; k < h->ncaches; k++) {
			const struct heap_cache *c = &h->caches[k];
			uint32_t s, full = 0, partial = 0, empty = 0;
			for (s = c->first; s != NIL; s = h->slabs[s].next) {
				if (h->slabs[s].used == 0)
					empty++;
				else if (h->slabs[s].used == c->per_slab)
					full++;
				else
					partial++;
			}
			json_begin_object(j);
			json_kv_string(j, "name", program_name(p, c->name));
			json_kv_uint(j, "object_size", c->obj_size);
			json_kv_uint(j, "per_slab", c->per_slab);
			json_kv_uint(j, "objects", c->objects);
			json_kv_uint(j, "full", full);
			json_kv_uint(j, "partial", partial);
			json_kv_uint(j, "empty", empty);
			json_end_object(j);
		}
		json_end_array(j);
	}
	json_end_object(j);
}

void heap_json_summary(const struct heap *h, const struct program *p,
		       struct json *j)
{
	struct heap_totals t;
	uint32_t i;
	size_t k;

	heap_totals(h, &t);
	json_kv_uint(j, "in_use", t.in_use);
	json_kv_uint(j, "free", t.free);
	json_kv_uint(j, "largest_free", t.largest_free);
	json_kv_double(j, "external_fragmentation", t.external);
	json_kv_double(j, "internal_fragmentation", t.internal);
	json_kv_uint(j, "leaks", heap_leak_count(h));
	json_key(j, "leaked");
	json_begin_array(j);
	for (i = h->first; i != NIL; i = h->blocks[i].next) {
		const struct heap_block *b = &h->blocks[i];
		if (b->state != HEAP_BLOCK_USED)
			continue;
		json_begin_object(j);
		json_kv_string(j, "name", program_name(p, b->owner));
		json_kv_uint(j, "addr", b->addr + h->cfg.header_bytes);
		json_kv_uint(j, "size", b->req);
		json_kv_uint(j, "line", b->line);
		json_end_object(j);
	}
	for (k = 0; k < h->nslots; k++) {
		const struct heap_slot *s = &h->slots[k];
		if (s->owner == SYM_NONE)
			continue;
		json_begin_object(j);
		json_kv_string(j, "name", program_name(p, s->owner));
		json_kv_uint(j, "size", s->req);
		json_kv_uint(j, "line", s->line);
		json_end_object(j);
	}
	json_end_array(j);
	json_kv_uint(j, "mallocs", h->mallocs);
	json_kv_uint(j, "frees", h->frees);
	json_kv_uint(j, "failed_allocations", h->failures);
	json_kv_uint(j, "double_frees", h->double_frees);
	json_kv_uint(j, "invalid_frees", h->invalid_frees);
	json_kv_uint(j, "use_after_free", h->use_after_free);
	json_kv_uint(j, "heap_overflows", h->overflows);
	json_kv_uint(j, "splits", h->splits);
	json_kv_uint(j, "merges", h->merges);
	json_kv_uint(j, "moves", h->moves);
}
