/*
 * heap.c: the heap model: lifecycle, names, malloc/calloc/realloc/free,
 * compaction and leaks.  Split by concept: heap_blocks.c (block list,
 * treaps, free set, accessors), heap_fit.c (the fit policies), buddy.c and
 * slab.c (the other allocators), heap_check.c (invariants, memory errors)
 * and heap_json.c (output); heap_impl.h is what they share.
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
		const struct heap_name *x = heap_name(a, (uint32_t)k);
		const struct heap_name *y = heap_name(b, (uint32_t)k);
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
			ok = HEAP_EMIT(x, EV_ALLOC, 0, BLK(h, block)->addr,
				       "The header at 0x%llx records the block size %llu; %s returns 0x%llx, just after it, so %s = 0x%llx%s.",
				       ULL(BLK(h, block)->addr),
				       ULL(BLK(h, block)->size), call,
				       ULL(addr), heap_sym(x, sym), ULL(addr),
				       zero ? " (calloc zero-fills it)" : "");
		else
			ok = HEAP_EMIT(x, EV_ALLOC, 0, BLK(h, block)->addr,
				       "%s returns 0x%llx, the start of the %llu-byte block (no header), so %s = 0x%llx%s.",
				       call, ULL(addr),
				       ULL(BLK(h, block)->size),
				       heap_sym(x, sym), ULL(addr),
				       zero ? " (calloc zero-fills it)" : "");
		if (!ok)
			return;
	} else if (!HEAP_EMIT(x, EV_ALLOC, 0, addr,
			      "%s returns 0x%llx, so %s = 0x%llx%s.", call,
			      ULL(addr), heap_sym(x, sym), ULL(addr),
			      zero ? " (zero-filled)" : "")) {
		return;
	}
	if (old.state == HEAP_NAME_LIVE) {
		uint64_t oaddr = heap_name_addr(h, &old);
		if (!old.in_slab)
			BLK(h, old.block)->orphan = 1;
		HEAP_EMIT(x, EV_LEAK, EVF_ERROR, oaddr,
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
			HEAP_EMIT(x, EV_ALLOC_FAILED, EVF_ERROR, h->cfg.base,
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
		if (!HEAP_EMIT(x, EV_REQUEST, 0, h->cfg.base,
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
		HEAP_EMIT(x, EV_FREE, 0, 0,
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
		if (!HEAP_EMIT(x, EV_DOUBLE_FREE, EVF_ERROR, n->addr,
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
		HEAP_EMIT(x, EV_DOUBLE_FREE, EVF_ERROR | EVF_HALT, n->addr,
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
		HEAP_EMIT(x, EV_INVALID_FREE, EVF_ERROR | EVF_HALT, 0,
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
		HEAP_EMIT(x, was_free ? EV_DOUBLE_FREE : EV_INVALID_FREE,
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
			if (!HEAP_EMIT(x, EV_REALLOC, 0, addr,
				       "%s shrinks the block in place to %llu bytes; the %llu bytes after it at 0x%llx become free.",
				       call, ULL(need), ULL(rem),
				       ULL(addr + need)))
				return true;
			if (h->cfg.coalesce && BLK(h, f)->next != NIL &&
			    BLK(h, BLK(h, f)->next)->state == HEAP_BLOCK_FREE)
				heap_coalesce(h, f, x);
			return true;
		}
		BLK(h, b)->req = req;
		h->wasted_bytes += size - req;
		HEAP_EMIT(x, EV_REALLOC, 0, addr,
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
		HEAP_EMIT(x, EV_REALLOC, 0, addr,
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
		if (!HEAP_EMIT(x, EV_REQUEST, 0, h->cfg.base,
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
		HEAP_EMIT(x, freed ? EV_USE_AFTER_FREE : EV_INVALID_FREE,
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
				HEAP_EMIT(x, EV_REALLOC, 0, BLK(h, b)->addr,
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
		HEAP_EMIT(x, EV_REALLOC, 0, old_addr,
			  "%s: %llu bytes still fit in the %llu-byte slab object; it stays.",
			  call, ULL(req),
			  ULL(h->caches[h->slabs[old.block].cache].obj_size));
		return;
	}
	/* Move: allocate anew (name unbound meanwhile), copy, free the old. */
	if (!HEAP_EMIT(x, EV_REQUEST, 0, old_addr,
		       "%s: the block at 0x%llx cannot grow in place (the block after it is not free or too small), so realloc moves it.",
		       call, ULL(old_addr)))
		return;
	heap_name_mut(h, sym)->state = HEAP_NAME_NONE;
	if (!alloc_for(h, sym, req, line, call, false, x)) {
		if (x->stopped)
			return;
		*heap_name_mut(h, sym) = old;
		h->last.addr = 0;
		HEAP_EMIT(x, EV_REALLOC, EVF_ERROR, old_addr,
			  "%s returns NULL; the old block at 0x%llx is untouched and %s still holds it.",
			  call, ULL(old_addr), heap_sym(x, sym));
		return;
	}
	if (!HEAP_EMIT(x, EV_COPY, 0, h->last.addr,
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
			if (!HEAP_EMIT(x, EV_MOVE, 0, gap_addr,
				       "Move the slab of cache %s (%llu bytes) from 0x%llx down to 0x%llx; its objects' names now point %llu bytes lower.",
				       heap_sym(x, h->caches[h->slabs[BLK(h, j)->slab].cache].name),
				       ULL(BLK(h, j)->size), ULL(from),
				       ULL(gap_addr), ULL(from - gap_addr)))
				return;
		} else if (!HEAP_EMIT(x, EV_MOVE, 0, gap_addr,
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
		HEAP_EMIT(x, EV_COMPACT, 0, h->cfg.base,
			  "Compaction done: %llu moves; the heap is full, no free space is left.",
			  ULL(moved));
	else
		HEAP_EMIT(x, EV_COMPACT, 0, BLK(h, h->ffirst)->addr,
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
		if (!HEAP_EMIT(x, EV_LEAK, EVF_ERROR, b->addr,
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
		if (!HEAP_EMIT(x, EV_LEAK, EVF_ERROR, 0,
			       "Leak: %s %llu-byte slab object allocated for %s at line %u was never freed.",
			       article_num(s->req), ULL(s->req),
			       heap_sym(x, s->owner), s->line))
			return;
	}
	if (n)
		HEAP_EMIT(x, EV_EXIT, 0, h->cfg.base,
			  "Exit: the program ends with %zu block%s never freed (%llu heap bytes still in use): the leak checker's report is above.",
			  n, n == 1 ? "" : "s", ULL(h->used_bytes));
	else
		HEAP_EMIT(x, EV_EXIT, 0, h->cfg.base,
			  "Exit: the program ends and every block was freed: no leaks.");
}
