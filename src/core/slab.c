/*
 * slab.c: slab caches on the heap.  A cache serves objects of one size;
 * its slabs are heap blocks (state SLAB) of per_slab objects each, taken
 * from the heap by its policy (first-fit under policy=slab).  An object
 * comes from the lowest-addressed partial slab, else the lowest-addressed
 * empty slab, else a new slab; inside a slab from the lowest free slot.
 * Empty slabs are kept for reuse.
 *
 * Invariants: a cache's slabs are linked in address order from `first`
 * (compaction keeps the order); slab.used counts the slots with an owner;
 * cache.objects is the sum of its slabs' used counts.
 */
#include "core/heap.h"

#include <string.h>

#include "core/util.h"
#include "heap_impl.h"

uint32_t slab_cache_find(const struct heap *h, uint32_t sym)
{
	size_t k;

	for (k = 0; k < h->ncaches; k++)
		if (h->caches[k].name == sym)
			return (uint32_t)k;
	return NIL;
}

uint32_t slab_cache_for(const struct heap *h, uint64_t req)
{
	uint32_t best = NIL;
	size_t k;

	for (k = 0; k < h->ncaches; k++)
		if (h->caches[k].obj_size >= req &&
		    (best == NIL ||
		     h->caches[k].obj_size < h->caches[best].obj_size))
			best = (uint32_t)k;
	return best;
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

bool slab_find_addr(const struct heap *h, uint64_t addr, uint32_t *slab,
		    uint32_t *slot)
{
	uint32_t i = heap_block_at(h, addr), s;
	uint64_t first, obj, k;

	if (i == NIL || h->blocks[i].state != HEAP_BLOCK_SLAB)
		return false;
	s = h->blocks[i].slab;
	first = heap_slab_obj_addr(h, s, 0);
	obj = h->caches[h->slabs[s].cache].obj_size;
	if (addr < first || (addr - first) % obj)
		return false;
	k = (addr - first) / obj;
	if (k >= h->caches[h->slabs[s].cache].per_slab ||
	    heap_slab_slot(h, s, (uint32_t)k)->owner == SYM_NONE)
		return false;
	*slab = s;
	*slot = (uint32_t)k;
	return true;
}

void heap_cache_create(struct heap *h, uint32_t sym, uint64_t obj_size,
		       uint32_t per_slab, struct exec_ctx *x)
{
	struct heap_cache *c;
	uint64_t size = (obj_size + h->cfg.align - 1) / h->cfg.align *
			h->cfg.align;

	memset(&h->last, 0, sizeof h->last);
	if (slab_cache_find(h, sym) != NIL) {
		exec_scenario_error(x, 0, "slab cache `%s` already exists",
				    heap_sym(x, sym));
		return;
	}
	h->caches = xgrow(h->caches, &h->caches_cap, h->ncaches + 1,
			  sizeof *h->caches);
	c = &h->caches[h->ncaches++];
	memset(c, 0, sizeof *c);
	c->name = sym;
	c->obj_size = size;
	c->obj_req = obj_size;
	c->per_slab = per_slab;
	c->first = NIL;
	HEAP_EMIT(x, "cache", 0, h->cfg.base,
		  "Slab cache %s: objects of %llu bytes%s, %u per slab, so each slab is %llu bytes. No slab exists until the first allocation.",
		  heap_sym(x, sym), ULL(size),
		  size != obj_size ? " (rounded up to the alignment)" : "",
		  per_slab, ULL(size * per_slab));
}

/* Add a slab held by block b to cache c, keeping address order. */
static uint32_t new_slab(struct heap *h, uint32_t c, uint32_t b)
{
	struct heap_cache *cache = &h->caches[c];
	struct heap_slab *s;
	uint32_t idx = (uint32_t)h->nslabs, *link;

	h->slabs = xgrow(h->slabs, &h->slabs_cap, h->nslabs + 1,
			 sizeof *h->slabs);
	s = &h->slabs[h->nslabs++];
	s->cache = c;
	s->block = b;
	s->used = 0;
	s->slot0 = (uint32_t)h->nslots;
	h->slots = xgrow(h->slots, &h->slots_cap, h->nslots + cache->per_slab,
			 sizeof *h->slots);
	memset(h->slots + h->nslots, 0, cache->per_slab * sizeof *h->slots);
	h->nslots += cache->per_slab;
	link = &cache->first;
	while (*link != NIL &&
	       h->blocks[h->slabs[*link].block].addr < h->blocks[b].addr)
		link = &h->slabs[*link].next;
	s->next = *link;
	*link = idx;
	cache->nslabs++;
	return idx;
}

bool slab_alloc(struct heap *h, uint32_t c, uint64_t req, uint32_t owner,
		uint32_t line, uint32_t *slab, uint32_t *slot,
		struct exec_ctx *x)
{
	struct heap_cache *cache = &h->caches[c];
	uint32_t s, pick = NIL, empty = NIL, k;
	const char *cname = heap_sym(x, cache->name);
	struct heap_slot *sl;

	for (s = cache->first; s != NIL; s = h->slabs[s].next) {
		if (h->slabs[s].used > 0 && h->slabs[s].used < cache->per_slab) {
			pick = s;
			break;
		}
		if (h->slabs[s].used == 0 && empty == NIL)
			empty = s;
	}
	if (pick == NIL && empty != NIL) {
		pick = empty;
		if (!HEAP_EMIT(x, "slab", 0,
			       h->blocks[h->slabs[pick].block].addr,
			       "Cache %s has no partial slab; it uses the empty slab at 0x%llx.",
			       cname,
			       ULL(h->blocks[h->slabs[pick].block].addr)))
			return false;
	} else if (pick == NIL) {
		uint64_t chunk = cache->obj_size * cache->per_slab, need = 0;
		uint32_t b;
		if (!HEAP_EMIT(x, "slab", 0, h->cfg.base,
			       "Cache %s has no partial or empty slab: it asks the heap for a new slab of %llu bytes.",
			       cname, ULL(chunk)))
			return false;
		b = heap_alloc_block(h, chunk, &need, x);
		if (x->stopped)
			return false;
		if (b == NIL) {
			struct heap_name *n = heap_name_mut(h, owner);
			n->state = HEAP_NAME_NULL;
			h->last.has_addr = true;
			h->last.null = true;
			h->last.size = req;
			heap_narrate_failure(h, "The new slab", need, x);
			return false;
		}
		cache = &h->caches[c];
		pick = new_slab(h, c, b);
		h->blocks[b].state = HEAP_BLOCK_SLAB;
		h->blocks[b].slab = pick;
		h->blocks[b].owner = cache->name;
		h->blocks[b].line = line;
		h->wasted_bytes += h->blocks[b].req;
		h->blocks[b].req = 0;
		if (!HEAP_EMIT(x, "slab", 0, h->blocks[b].addr,
			       "The new slab at 0x%llx holds %u objects of %llu bytes, all free.",
			       ULL(h->blocks[b].addr), cache->per_slab,
			       ULL(cache->obj_size)))
			return false;
	}
	for (k = 0; k < cache->per_slab; k++)
		if (heap_slab_slot(h, pick, k)->owner == SYM_NONE)
			break;
	sl = &h->slots[h->slabs[pick].slot0 + k];
	sl->owner = owner;
	sl->line = line;
	sl->req = req;
	h->slabs[pick].used++;
	cache->objects++;
	h->wasted_bytes -= req;
	*slab = pick;
	*slot = k;
	return HEAP_EMIT(x, "slab-alloc", 0, heap_slab_obj_addr(h, pick, k),
			 "Object %u of the slab at 0x%llx (cache %s) is taken; the slab is now %s (%u of %u in use).",
			 k, ULL(h->blocks[h->slabs[pick].block].addr), cname,
			 h->slabs[pick].used == cache->per_slab ? "full" :
								  "partial",
			 h->slabs[pick].used, cache->per_slab);
}

void slab_release(struct heap *h, uint32_t slab, uint32_t slot,
		  const char *what, struct exec_ctx *x)
{
	struct heap_slab *s = &h->slabs[slab];
	struct heap_cache *c = &h->caches[s->cache];
	struct heap_slot *sl = &h->slots[s->slot0 + slot];
	uint64_t addr = heap_slab_obj_addr(h, slab, slot);

	h->wasted_bytes += sl->req;
	sl->owner = SYM_NONE;
	sl->req = 0;
	sl->line = 0;
	s->used--;
	c->objects--;
	HEAP_EMIT(x, "slab-free", 0, addr,
		  "%s: object %u of the slab at 0x%llx (cache %s) is free again; the slab is now %s (%u of %u in use).",
		  what, slot, ULL(h->blocks[s->block].addr),
		  heap_sym(x, c->name), s->used ? "partial" : "empty", s->used,
		  c->per_slab);
}
