/*
 * cache_json.c: the cache hierarchy's headless output (JSON Lines
 * fields: levels, the step's touches, the summary).
 */
#include "core/cache.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/directive.h"
#include "core/json.h"
#include "core/latency.h"
#include "core/trace.h"
#include "core/util.h"

static const char *const miss_kind_words[] = { "", "compulsory", "capacity",
					       "conflict" };

/* ---- JSON ---- */

void cache_json(const struct cache *c, struct json *j)
{
	uint32_t i, k;

	json_begin_object(j);
	json_key(j, "levels");
	json_begin_array(j);
	for (i = 0; i < c->nlevels; i++) {
		const struct cache_level *l = &c->level[i];
		size_t lines = (size_t)l->sets * l->ways, n;
		uint64_t valid = 0, dirty = 0;
		uint32_t set = CACHE_NONE;

		for (n = 0; n < lines; n++) {
			valid += l->w[n].valid;
			dirty += l->w[n].dirty;
		}
		for (k = 0; k < c->last.ntouch; k++)
			if (c->last.touch[k].level == i)
				set = c->last.touch[k].set;
		json_begin_object(j);
		json_kv_string(j, "name", l->name);
		json_kv_uint(j, "size", l->size_bytes);
		json_kv_uint(j, "line", l->line_bytes);
		json_kv_uint(j, "ways", l->ways);
		json_kv_uint(j, "sets", l->sets);
		json_kv_string(j, "replace", cache_replace_words[l->replace]);
		json_kv_string(j, "write", cache_write_words[l->write]);
		json_kv_string(j, "alloc", cache_alloc_words[l->alloc]);
		json_kv_string(j, "writebacks",
			       cache_writebacks_words[l->writebacks]);
		json_kv_uint(j, "latency_ns", l->latency_ns);
		json_kv_uint(j, "valid", valid);
		json_kv_uint(j, "dirty", dirty);
		if (set != CACHE_NONE) {
			json_kv_uint(j, "set", set);
			json_key(j, "lines");
			json_begin_array(j);
			for (k = 0; k < l->ways; k++) {
				const struct cache_way *w =
					&l->w[(size_t)set * l->ways + k];
				if (!w->valid) {
					json_null(j);
					continue;
				}
				json_begin_object(j);
				json_kv_uint(j, "tag", w->tag);
				json_kv_bool(j, "dirty", w->dirty);
				json_kv_uint(j, "rank",
					     cache_way_rank(l, set, k));
				json_end_object(j);
			}
			json_end_array(j);
		}
		json_end_object(j);
	}
	json_end_array(j);
	json_end_object(j);
}

void cache_json_summary(const struct cache *c, struct json *j)
{
	struct latency_rung r[12];
	size_t n, i;

	json_key(j, "cache");
	json_begin_object(j);
	for (i = 0; i < c->nlevels; i++) {
		const struct cache_level *l = &c->level[i];
		json_key(j, l->name);
		json_begin_object(j);
		json_kv_uint(j, "accesses", l->st.accesses);
		json_kv_uint(j, "hits", l->st.hits);
		json_kv_uint(j, "misses", l->st.misses);
		json_kv_uint(j, "compulsory", l->st.compulsory);
		json_kv_uint(j, "capacity", l->st.capacity);
		json_kv_uint(j, "conflict", l->st.conflict);
		json_kv_uint(j, "writebacks", l->st.writebacks);
		json_kv_uint(j, "write_throughs", l->st.write_throughs);
		json_kv_uint(j, "evictions", l->st.evictions);
		json_kv_double(j, "hit_ratio",
			       l->st.accesses ? (double)l->st.hits /
						       (double)l->st.accesses :
						0.0);
		json_end_object(j);
	}
	json_end_object(j);
	json_kv_uint(j, "accesses", c->t.accesses);
	json_kv_double(j, "amat_ns", latency_amat_ns(c));
	json_kv_uint(j, "total_ns", c->t.total_ns);
	json_key(j, "time_ns");
	json_begin_object(j);
	n = latency_ladder(c, r, sizeof r / sizeof r[0]);
	for (i = 0; i < n; i++)
		if (r[i].present || r[i].time_ns)
			json_kv_uint(j, r[i].name, r[i].time_ns);
	json_end_object(j);
}

void cache_json_last(const struct cache *c, struct json *j)
{
	uint32_t i;

	if (c->last.refs > 1) {
		json_kv_uint(j, "refs", c->last.refs);
		json_key(j, "step_hits");
		json_begin_object(j);
		for (i = 0; i < c->nlevels; i++)
			json_kv_uint(j, c->level[i].name, c->last.hits[i]);
		json_end_object(j);
		json_key(j, "step_misses");
		json_begin_object(j);
		for (i = 0; i < c->nlevels; i++)
			json_kv_uint(j, c->level[i].name, c->last.misses[i]);
		json_end_object(j);
	} else {
		json_key(j, "cache");
		json_begin_array(j);
		for (i = 0; i < c->last.ntouch; i++) {
			const struct cache_touch *t = &c->last.touch[i];
			json_begin_object(j);
			json_kv_string(j, "level", c->level[t->level].name);
			json_kv_bool(j, "hit", t->hit);
			json_kv_uint(j, "set", t->set);
			json_key(j, "way");
			if (t->way == CACHE_NONE)
				json_null(j);
			else
				json_uint(j, t->way);
			if (!t->hit)
				json_kv_string(j, "miss",
					       miss_kind_words[t->miss_kind]);
			json_key(j, "evicted_tag");
			if (t->evicted)
				json_uint(j, t->evicted_tag);
			else
				json_null(j);
			json_kv_bool(j, "writeback", t->writeback);
			json_end_object(j);
		}
		json_end_array(j);
	}
	json_kv_uint(j, "cost_ns", c->last.cost_ns);
}
