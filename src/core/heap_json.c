/*
 * heap_json.c: the heap's headless output (JSON Lines fields).
 */
#include "core/heap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/directive.h"
#include "core/json.h"
#include "core/util.h"
#include "heap_impl.h"

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
	/* Not "error": the step object's "error" is already its boolean;
	 * this is the heap's own word for it ("fragmentation", ...). */
	if (h->last.error)
		json_kv_string(j, "heap_error", h->last.error);
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
