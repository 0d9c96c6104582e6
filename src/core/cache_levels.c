/*
 * cache_levels.c: the cache levels' lifecycle: a level built from its
 * configuration (sets, ways, the 3C shadow, the seen set, PLRU bits),
 * freed, copied, compared and measured; cache_step_begin.  The access path
 * is cache.c's.
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
#include "cache_impl.h"

/* ---- levels ---- */

static void level_init(struct cache_level *l, int slot,
		       const struct cache_level_config *lc, uint64_t lat_ns)
{
	uint64_t lines = lc->size_bytes / lc->line_bytes;

	memset(l, 0, sizeof *l);
	snprintf(l->name, sizeof l->name, "%s", cache_level_words[slot]);
	l->size_bytes = lc->size_bytes;
	l->line_bytes = lc->line_bytes;
	l->ways = (uint32_t)(lc->ways ? lc->ways : lines);
	l->sets = (uint32_t)(lines / l->ways);
	l->line_bits = util_log2(l->line_bytes);
	l->set_bits = util_log2(l->sets);
	l->replace = lc->replace;
	l->write = lc->write;
	l->alloc = lc->alloc;
	l->writebacks = lc->writebacks;
	l->latency_ns = lat_ns;
	l->next = CACHE_NONE;
	l->w = xcalloc(lines, sizeof *l->w);
	l->key = xcalloc(lines, sizeof *l->key);
	l->node = xcalloc(lines, sizeof *l->node);
	l->sig = xcalloc(lines + 8, sizeof *l->sig);
	if (l->replace == CACHE_PLRU)
		l->plru = xcalloc(l->sets, sizeof *l->plru);
	cache_shadow_init(&l->shadow, (uint32_t)lines);
}

void cache_init(struct cache *c, const struct cache_config *cfg)
{
	static const int order[] = { CACHE_SLOT_L1, CACHE_SLOT_L1D,
				      CACHE_SLOT_L1I, CACHE_SLOT_L2,
				      CACHE_SLOT_L3 };
	uint32_t idx[CACHE_SLOTS], l2;
	size_t i;

	memset(c, 0, sizeof *c);
	latency_resolve(cfg, &c->lat);
	for (i = 0; i < CACHE_SLOTS; i++)
		idx[i] = CACHE_NONE;
	for (i = 0; i < sizeof order / sizeof order[0]; i++) {
		int s = order[i];
		if (!cfg->slot[s].present || c->nlevels >= CACHE_MAX_LEVELS)
			continue;
		idx[s] = c->nlevels;
		level_init(&c->level[c->nlevels++], s, &cfg->slot[s],
			   c->lat.level_ns[s]);
	}
	l2 = idx[CACHE_SLOT_L2];
	for (i = 0; i < CACHE_SLOTS; i++) {
		if (idx[i] == CACHE_NONE)
			continue;
		if (i == CACHE_SLOT_L2)
			c->level[idx[i]].next = idx[CACHE_SLOT_L3];
		else if (i != CACHE_SLOT_L3)
			c->level[idx[i]].next = l2;
	}
	c->first_data = idx[CACHE_SLOT_L1] != CACHE_NONE ? idx[CACHE_SLOT_L1] :
			idx[CACHE_SLOT_L1D] != CACHE_NONE ? idx[CACHE_SLOT_L1D] :
							    l2;
	c->first_fetch = idx[CACHE_SLOT_L1] != CACHE_NONE ? idx[CACHE_SLOT_L1] :
			 idx[CACHE_SLOT_L1I] != CACHE_NONE ? idx[CACHE_SLOT_L1I] :
							     l2;
}

static void level_free(struct cache_level *l)
{
	free(l->w);
	free(l->key);
	free(l->node);
	free(l->sig);
	free(l->plru);
	free(l->shadow.node);
	free(l->shadow.hash);
	free(l->seen.slot);
}

void cache_free(struct cache *c)
{
	uint32_t i;

	for (i = 0; i < c->nlevels; i++)
		level_free(&c->level[i]);
	c->nlevels = 0;
}

/* dst = a copy of `bytes` bytes at src, reusing dst's buffer. */
static void *copy_buf(void *dst, const void *src, size_t bytes)
{
	if (src == NULL || bytes == 0) {
		free(dst);
		return NULL;
	}
	dst = xrealloc(dst, bytes);
	memcpy(dst, src, bytes);
	return dst;
}

void cache_copy(struct cache *dst, const struct cache *src)
{
	uint32_t i;

	for (i = src->nlevels; i < dst->nlevels; i++)
		level_free(&dst->level[i]);
	for (i = 0; i < src->nlevels; i++) {
		struct cache_level *d = &dst->level[i];
		const struct cache_level *s = &src->level[i];
		size_t lines = (size_t)s->sets * s->ways;
		struct cache_level keep;

		if (i >= dst->nlevels)
			memset(d, 0, sizeof *d);
		keep = *d;
		*d = *s;
		d->w = copy_buf(keep.w, s->w, lines * sizeof *s->w);
		d->key = copy_buf(keep.key, s->key, lines * sizeof *s->key);
		d->node = copy_buf(keep.node, s->node,
				   lines * sizeof *s->node);
		d->sig = copy_buf(keep.sig, s->sig, (lines + 8) * sizeof *s->sig);
		d->plru = copy_buf(keep.plru, s->plru,
				   s->plru ? s->sets * sizeof *s->plru : 0);
		d->shadow.node = copy_buf(keep.shadow.node, s->shadow.node,
					  ((size_t)s->shadow.cap + 1) *
						  sizeof *s->shadow.node);
		d->shadow.hash = copy_buf(keep.shadow.hash, s->shadow.hash,
					  ((size_t)1 << s->shadow.hbits) *
						  sizeof *s->shadow.hash);
		d->seen.slot = copy_buf(keep.seen.slot, s->seen.slot,
					s->seen.cap * sizeof *s->seen.slot);
	}
	dst->nlevels = src->nlevels;
	dst->first_data = src->first_data;
	dst->first_fetch = src->first_fetch;
	dst->clock = src->clock;
	dst->lat = src->lat;
	dst->t = src->t;
	dst->last = src->last;
}

static bool touch_equal(const struct cache_touch *a,
			const struct cache_touch *b)
{
	return a->level == b->level && a->hit == b->hit &&
	       a->evicted == b->evicted && a->writeback == b->writeback &&
	       a->filled == b->filled && a->miss_kind == b->miss_kind &&
	       a->set == b->set && a->way == b->way &&
	       a->evicted_tag == b->evicted_tag;
}

static bool level_equal(const struct cache_level *a,
			const struct cache_level *b)
{
	size_t lines = (size_t)a->sets * a->ways, i;

	if (a->sets != b->sets || a->ways != b->ways ||
	    a->line_bytes != b->line_bytes || a->replace != b->replace ||
	    a->write != b->write || a->alloc != b->alloc ||
	    a->latency_ns != b->latency_ns || a->next != b->next ||
	    memcmp(&a->st, &b->st, sizeof a->st) != 0)
		return false;
	for (i = 0; i < lines; i++) {
		const struct cache_way *x = &a->w[i], *y = &b->w[i];
		if (x->valid != y->valid || x->dirty != y->dirty ||
		    x->tag != y->tag || x->stamp != y->stamp)
			return false;
	}
	if (a->plru && memcmp(a->plru, b->plru, a->sets * sizeof *a->plru))
		return false;
	if (a->shadow.n != b->shadow.n || a->shadow.cap != b->shadow.cap)
		return false;
	for (i = 0; i < a->shadow.n; i++) {
		const struct cache_shadow_node *x = &a->shadow.node[i];
		const struct cache_shadow_node *y = &b->shadow.node[i];
		if (x->line != y->line || x->prev != y->prev ||
		    x->next != y->next)
			return false;
	}
	/* The sentinel: the most and least recently used lines. */
	if (a->shadow.node[a->shadow.cap].next !=
		    b->shadow.node[b->shadow.cap].next ||
	    a->shadow.node[a->shadow.cap].prev !=
		    b->shadow.node[b->shadow.cap].prev)
		return false;
	if (memcmp(a->shadow.hash, b->shadow.hash,
		   ((size_t)1 << a->shadow.hbits) * sizeof *a->shadow.hash))
		return false;
	return a->seen.n == b->seen.n && a->seen.cap == b->seen.cap &&
	       (a->seen.cap == 0 ||
		memcmp(a->seen.slot, b->seen.slot,
		       a->seen.cap * sizeof *a->seen.slot) == 0);
}

bool cache_equal(const struct cache *a, const struct cache *b)
{
	uint32_t i;

	if (a->nlevels != b->nlevels || a->clock != b->clock ||
	    a->first_data != b->first_data ||
	    a->first_fetch != b->first_fetch ||
	    memcmp(&a->t, &b->t, sizeof a->t) != 0)
		return false;
	for (i = 0; i < a->nlevels; i++)
		if (!level_equal(&a->level[i], &b->level[i]))
			return false;
	if (a->last.refs != b->last.refs || a->last.ntouch != b->last.ntouch ||
	    a->last.addr != b->last.addr || a->last.kind != b->last.kind ||
	    a->last.cost_ns != b->last.cost_ns ||
	    a->last.pre_ns != b->last.pre_ns || a->last.ram != b->last.ram ||
	    a->last.tlb_ns != b->last.tlb_ns ||
	    a->last.walk_ns != b->last.walk_ns ||
	    a->last.disk_ns != b->last.disk_ns ||
	    a->last.translated != b->last.translated ||
	    memcmp(a->last.hits, b->last.hits, sizeof a->last.hits) ||
	    memcmp(a->last.misses, b->last.misses, sizeof a->last.misses))
		return false;
	for (i = 0; i < a->last.ntouch; i++)
		if (!touch_equal(&a->last.touch[i], &b->last.touch[i]))
			return false;
	return true;
}

size_t cache_bytes(const struct cache *c)
{
	size_t n = sizeof *c;
	uint32_t i;

	for (i = 0; i < c->nlevels; i++) {
		const struct cache_level *l = &c->level[i];
		n += (size_t)l->sets * l->ways *
			     (sizeof *l->w + sizeof *l->key + sizeof *l->node +
			      sizeof *l->sig) + 8 +
		     (l->plru ? l->sets * sizeof *l->plru : 0) +
		     ((size_t)l->shadow.cap + 1) * sizeof *l->shadow.node +
		     ((size_t)1 << l->shadow.hbits) * sizeof *l->shadow.hash +
		     l->seen.cap * sizeof *l->seen.slot;
	}
	return n;
}

void cache_step_begin(struct cache *c)
{
	struct cache_last *l = &c->last;

	/* The touch records past ntouch are never read: leave them. */
	l->refs = l->ntouch = 0;
	c->npending = 0; /* a step cut short by its event budget */
	l->addr = 0;
	l->kind = 0;
	l->cost_ns = l->pre_ns = l->tlb_ns = l->walk_ns = l->disk_ns = 0;
	l->translated = l->ram = false;
	memset(l->hits, 0, sizeof l->hits);
	memset(l->misses, 0, sizeof l->misses);
}
