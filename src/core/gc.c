/*
 * gc.c: managed objects, their space, the roots, reference counting and
 * the collector's output.  The collectors are in gc_collect.c and the
 * directives in gc_directive.c.
 *
 * Invariants (checked by gc_check):
 *  - every live object lies inside the managed heap, in its region (the
 *    current semispace for copying; nursery or old generation by its
 *    `old` flag for generational), and no two live objects overlap;
 *  - a field holds GC_NIL or the id of an object that exists (live, or
 *    freed: a dangling reference, only possible with the barrier off);
 *  - under reference counting, a live object's count equals the fields
 *    of live objects pointing to it, plus one if rooted, plus the stack
 *    slots counted at the last sync (stack_rc);
 *  - outside a collection every object is white.
 *
 * The free list is not stored: it is the gaps between live objects of a
 * region, in address order, so it can never disagree with the objects.
 * The number of events never depends on x->quiet; in quiet mode nothing
 * here formats text.
 */
#include "core/gc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "core/stack.h"
#include "core/util.h"
#include "gc_impl.h"

const char *const gc_algorithm_names[] = {
	"refcount", "mark-sweep", "mark-compact", "copying", "generational",
	"incremental", NULL,
};

const char *const gc_phase_names[] = {
	"idle", "roots", "mark", "sweep", "forward", "update", "move", "copy",
	"flip", "trial-deletion",
};

/* ---- lifecycle ---- */

void gc_config_defaults(struct gc_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->algorithm = GC_MARK_SWEEP;
	cfg->base = 0x20000;
	cfg->size_bytes = 1024;
	cfg->promote_after = 2;
	cfg->increment = 1;
	cfg->barrier = true;
}

void gc_init(struct gc *g, const struct program *prog)
{
	memset(g, 0, sizeof *g);
	if (prog->config.gc.given)
		g->cfg = prog->config.gc;
	else
		gc_config_defaults(&g->cfg);
	if (g->cfg.algorithm == GC_GENERATIONAL && g->cfg.young_bytes == 0)
		g->cfg.young_bytes = g->cfg.size_bytes / 4 / 8 * 8;
	g->nnames = prog->nnames;
	g->name_obj = xcalloc(g->nnames ? g->nnames : 1, sizeof *g->name_obj);
	g->name_count = xcalloc(g->nnames ? g->nnames : 1,
				sizeof *g->name_count);
	g->step_phase = NULL;
}

static void ids_free(struct gc_ids *a)
{
	free(a->v);
	memset(a, 0, sizeof *a);
}

void gc_free(struct gc *g)
{
	free(g->objs);
	free(g->name_obj);
	free(g->name_count);
	ids_free(&g->work);
	ids_free(&g->marked);
	ids_free(&g->freed);
	ids_free(&g->moved);
	memset(g, 0, sizeof *g);
}

static void ids_copy(struct gc_ids *dst, const struct gc_ids *src,
		     struct gc_ids keep)
{
	keep.v = xgrow(keep.v, &keep.cap, src->n, sizeof *keep.v);
	if (src->n)
		memcpy(keep.v, src->v, src->n * sizeof *keep.v);
	keep.n = src->n;
	*dst = keep;
}

void gc_copy(struct gc *dst, const struct gc *src)
{
	struct gc_object *objs = dst->objs;
	size_t ocap = dst->objs_cap;
	uint32_t *no = dst->name_obj, *nc = dst->name_count;
	struct gc_ids w = dst->work, mk = dst->marked, fr = dst->freed,
		      mv = dst->moved;

	objs = xgrow(objs, &ocap, src->nobjs, sizeof *objs);
	if (no == NULL || dst->nnames != src->nnames) {
		free(no);
		free(nc);
		no = xcalloc(src->nnames ? src->nnames : 1, sizeof *no);
		nc = xcalloc(src->nnames ? src->nnames : 1, sizeof *nc);
	}
	*dst = *src;
	dst->objs = objs;
	dst->objs_cap = ocap;
	if (src->nobjs)
		memcpy(objs, src->objs, src->nobjs * sizeof *objs);
	dst->name_obj = no;
	dst->name_count = nc;
	if (src->nnames) {
		memcpy(no, src->name_obj, src->nnames * sizeof *no);
		memcpy(nc, src->name_count, src->nnames * sizeof *nc);
	}
	ids_copy(&dst->work, &src->work, w);
	ids_copy(&dst->marked, &src->marked, mk);
	ids_copy(&dst->freed, &src->freed, fr);
	ids_copy(&dst->moved, &src->moved, mv);
}

static bool ids_equal(const struct gc_ids *a, const struct gc_ids *b)
{
	return a->n == b->n &&
	       (a->n == 0 || memcmp(a->v, b->v, a->n * sizeof *a->v) == 0);
}

static bool obj_equal(const struct gc_object *a, const struct gc_object *b)
{
	return a->name == b->name && a->nth == b->nth && a->line == b->line &&
	       a->addr == b->addr && a->size == b->size &&
	       a->forward == b->forward && a->rc == b->rc &&
	       a->stack_rc == b->stack_rc && a->freed_step == b->freed_step &&
	       a->live == b->live && a->color == b->color &&
	       a->old == b->old && a->age == b->age &&
	       a->rooted == b->rooted && a->remembered == b->remembered &&
	       a->leaked == b->leaked &&
	       a->wrongly_freed == b->wrongly_freed &&
	       a->nfields == b->nfields &&
	       memcmp(a->field_name, b->field_name, sizeof a->field_name) == 0 &&
	       memcmp(a->field, b->field, sizeof a->field) == 0;
}

bool gc_equal(const struct gc *a, const struct gc *b)
{
	size_t i;

	if (a->nobjs != b->nobjs || a->nnames != b->nnames ||
	    a->phase != b->phase || a->cur_space != b->cur_space ||
	    a->scan != b->scan || a->cycle_rescans != b->cycle_rescans ||
	    a->since_collect != b->since_collect ||
	    a->major_due != b->major_due || a->result_step != b->result_step ||
	    a->step_phase != b->step_phase ||
	    a->step_worked != b->step_worked || a->pause != b->pause ||
	    a->allocations != b->allocations ||
	    a->allocated_bytes != b->allocated_bytes ||
	    a->collections != b->collections || a->minor != b->minor ||
	    a->major != b->major ||
	    a->cycle_collections != b->cycle_collections ||
	    a->freed_objects != b->freed_objects ||
	    a->freed_bytes != b->freed_bytes ||
	    a->promotions != b->promotions || a->died_young != b->died_young ||
	    a->max_pause != b->max_pause || a->total_pause != b->total_pause ||
	    a->gc_steps != b->gc_steps ||
	    a->wrongly_freed != b->wrongly_freed ||
	    a->barrier_hits != b->barrier_hits ||
	    a->moved_objects != b->moved_objects ||
	    a->out_of_memory != b->out_of_memory ||
	    a->live_objects != b->live_objects ||
	    a->live_bytes != b->live_bytes || a->peak_bytes != b->peak_bytes)
		return false;
	if (!ids_equal(&a->work, &b->work) ||
	    !ids_equal(&a->marked, &b->marked) ||
	    !ids_equal(&a->freed, &b->freed) || !ids_equal(&a->moved, &b->moved))
		return false;
	if (a->nnames &&
	    (memcmp(a->name_obj, b->name_obj, a->nnames * sizeof *a->name_obj) ||
	     memcmp(a->name_count, b->name_count,
		    a->nnames * sizeof *a->name_count)))
		return false;
	for (i = 0; i < a->nobjs; i++)
		if (!obj_equal(&a->objs[i], &b->objs[i]))
			return false;
	return true;
}

size_t gc_bytes(const struct gc *g)
{
	return g->nobjs * sizeof *g->objs +
	       g->nnames * (sizeof *g->name_obj + sizeof *g->name_count) +
	       (g->work.n + g->marked.n + g->freed.n + g->moved.n) *
		       sizeof(uint32_t);
}

/* ---- reading ---- */

const struct gc_object *gc_object(const struct gc *g, uint32_t id)
{
	return id < g->nobjs ? &g->objs[id] : NULL;
}

uint32_t gc_lookup(const struct gc *g, uint32_t sym)
{
	if (sym >= g->nnames || g->name_obj[sym] == 0)
		return GC_NIL;
	return g->name_obj[sym] - 1;
}

bool gc_resolve(const struct gc *g, uint32_t sym, uint64_t *addr)
{
	uint32_t id = gc_lookup(g, sym);

	if (id == GC_NIL)
		return false;
	*addr = g->objs[id].addr;
	return true;
}

uint32_t gc_object_at(const struct gc *g, uint64_t addr)
{
	size_t i;

	for (i = 0; i < g->nobjs; i++)
		if (g->objs[i].live && g->objs[i].addr == addr)
			return (uint32_t)i;
	return GC_NIL;
}

void gc_label(const struct gc *g, const struct program *p, uint32_t id,
	      char *out, size_t outsz)
{
	const struct gc_object *o = gc_object(g, id);

	if (o == NULL)
		snprintf(out, outsz, "?");
	else if (o->nth <= 1)
		snprintf(out, outsz, "%s", program_name(p, o->name));
	else
		snprintf(out, outsz, "%s#%u", program_name(p, o->name), o->nth);
}

bool gc_is_young(const struct gc *g, uint32_t id)
{
	return g->cfg.algorithm == GC_GENERATIONAL && !g->objs[id].old;
}

bool gc_region(const struct gc *g, int which, uint64_t *lo, uint64_t *hi)
{
	uint64_t base = g->cfg.base, size = g->cfg.size_bytes, half = size / 2;

	switch (g->cfg.algorithm) {
	case GC_COPYING: {
		int s = which == 0 ? g->cur_space : 1 - g->cur_space;
		*lo = base + (uint64_t)s * half;
		*hi = *lo + half;
		return true;
	}
	case GC_GENERATIONAL:
		*lo = which == 0 ? base : base + g->cfg.young_bytes;
		*hi = which == 0 ? base + g->cfg.young_bytes : base + size;
		return true;
	default:
		*lo = base;
		*hi = base + size;
		return which == 0;
	}
}

struct addr_id {
	uint64_t addr;
	uint32_t id;
};

static int cmp_addr_id(const void *a, const void *b)
{
	const struct addr_id *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* Live objects (optionally only those in [lo, hi)) sorted by address. */
static struct addr_id *sorted_live(const struct gc *g, uint64_t lo,
				   uint64_t hi, size_t *n)
{
	struct addr_id *v = xmalloc((g->nobjs ? g->nobjs : 1) * sizeof *v);
	size_t i, k = 0;

	for (i = 0; i < g->nobjs; i++) {
		const struct gc_object *o = &g->objs[i];
		if (o->live && o->addr >= lo && o->addr < hi) {
			v[k].addr = o->addr;
			v[k].id = (uint32_t)i;
			k++;
		}
	}
	qsort(v, k, sizeof *v, cmp_addr_id);
	*n = k;
	return v;
}

uint32_t *gc_by_addr(const struct gc *g, size_t *n)
{
	struct addr_id *v = sorted_live(g, 0, UINT64_MAX, n);
	uint32_t *ids = xmalloc((*n ? *n : 1) * sizeof *ids);
	size_t i;

	for (i = 0; i < *n; i++)
		ids[i] = v[i].id;
	free(v);
	return ids;
}

size_t gc_holes(const struct gc *g, int which, uint64_t *addr,
		uint64_t *size, size_t max)
{
	uint64_t lo, hi, at;
	struct addr_id *v;
	size_t n, i, k = 0;

	if (!gc_region(g, which, &lo, &hi))
		return 0;
	v = sorted_live(g, lo, hi, &n);
	at = lo;
	for (i = 0; i <= n; i++) {
		uint64_t next = i < n ? v[i].addr : hi;
		if (next > at) {
			if (k < max) {
				addr[k] = at;
				size[k] = next - at;
			}
			k++;
		}
		if (i < n)
			at = v[i].addr + g->objs[v[i].id].size;
	}
	free(v);
	return k;
}

bool gc_fit_first(const struct gc *g, uint64_t lo, uint64_t hi,
		  uint64_t size, uint64_t *out)
{
	size_t n, i;
	struct addr_id *v = sorted_live(g, lo, hi, &n);
	uint64_t at = lo;
	bool found = false;

	for (i = 0; i <= n; i++) {
		uint64_t next = i < n ? v[i].addr : hi;
		if (next >= at && next - at >= size) {
			*out = at;
			found = true;
			break;
		}
		if (i < n)
			at = v[i].addr + g->objs[v[i].id].size;
	}
	free(v);
	return found;
}

bool gc_fit_bump(const struct gc *g, uint64_t lo, uint64_t hi, uint64_t size,
		 uint64_t *out)
{
	uint64_t top = lo;
	size_t i;

	for (i = 0; i < g->nobjs; i++) {
		const struct gc_object *o = &g->objs[i];
		if (o->live && o->addr >= lo && o->addr < hi &&
		    o->addr + o->size > top)
			top = o->addr + o->size;
	}
	if (hi - top < size)
		return false;
	*out = top;
	return true;
}

uint64_t gc_free_bytes(const struct gc *g)
{
	uint64_t lo, hi, used = 0;
	size_t i;

	gc_region(g, 0, &lo, &hi);
	if (g->cfg.algorithm == GC_GENERATIONAL)
		hi = g->cfg.base + g->cfg.size_bytes;
	for (i = 0; i < g->nobjs; i++)
		if (g->objs[i].live && g->objs[i].addr >= lo &&
		    g->objs[i].addr < hi)
			used += g->objs[i].size;
	return hi - lo - used;
}

/* ---- roots and reachability ---- */

/* The live object at addr using a sorted array, or GC_NIL. */
static uint32_t find_addr(const struct addr_id *v, size_t n, uint64_t addr)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid].addr < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && v[lo].addr == addr ? v[lo].id : GC_NIL;
}

size_t gc_roots(const struct gc *g, const struct stack *st, uint32_t **ids,
		size_t **slots)
{
	size_t n = 0, cap = 0, scap = 0, i, nl;
	struct addr_id *v;

	*ids = NULL;
	*slots = NULL;
	for (i = 0; i < g->nobjs; i++) {
		if (g->objs[i].live && g->objs[i].rooted) {
			*ids = xgrow(*ids, &cap, n + 1, sizeof **ids);
			*slots = xgrow(*slots, &scap, n + 1, sizeof **slots);
			(*ids)[n] = (uint32_t)i;
			(*slots)[n] = SIZE_MAX;
			n++;
		}
	}
	if (st == NULL || st->nslots == 0)
		return n;
	v = sorted_live(g, 0, UINT64_MAX, &nl);
	for (i = 0; i < st->nslots; i++) {
		const struct stack_slot *s = &st->slots[i];
		uint32_t id;
		if (s->kind != SLOT_PARAM && s->kind != SLOT_LOCAL)
			continue;
		if (!s->has_value)
			continue;
		id = find_addr(v, nl, (uint64_t)s->value);
		if (id == GC_NIL)
			continue;
		*ids = xgrow(*ids, &cap, n + 1, sizeof **ids);
		*slots = xgrow(*slots, &scap, n + 1, sizeof **slots);
		(*ids)[n] = id;
		(*slots)[n] = i;
		n++;
	}
	free(v);
	return n;
}

void gc_reachable(const struct gc *g, const struct stack *st, uint8_t *out)
{
	uint32_t *roots, *stk;
	size_t *slots, nr, i, n = 0;

	memset(out, 0, g->nobjs);
	nr = gc_roots(g, st, &roots, &slots);
	stk = xmalloc((g->nobjs + nr + 1) * sizeof *stk);
	for (i = 0; i < nr; i++)
		if (!out[roots[i]]) {
			out[roots[i]] = 1;
			stk[n++] = roots[i];
		}
	while (n) {
		const struct gc_object *o = &g->objs[stk[--n]];
		unsigned k;
		for (k = 0; k < o->nfields; k++) {
			uint32_t t = o->field[k];
			if (t != GC_NIL && g->objs[t].live && !out[t]) {
				out[t] = 1;
				stk[n++] = t;
			}
		}
	}
	free(stk);
	free(roots);
	free(slots);
}

size_t gc_unreachable_count(const struct gc *g, const struct stack *st)
{
	uint8_t *r = xmalloc(g->nobjs ? g->nobjs : 1);
	size_t i, n = 0;

	gc_reachable(g, st, r);
	for (i = 0; i < g->nobjs; i++)
		if (g->objs[i].live && !r[i])
			n++;
	free(r);
	return n;
}

/* ---- the run context ---- */

void gc_run_init(struct gc_run *r, struct machine *m, struct exec_ctx *x)
{
	r->g = &m->gc;
	r->m = m;
	r->x = x;
	r->p = x->prog;
	r->nlab = 0;
	r->nlist = 0;
	r->hold_pause = false;
}

const char *gc_lab(struct gc_run *r, uint32_t id)
{
	char *b;

	if (r->x->quiet)
		return "";
	b = r->lab[r->nlab++ % 6];
	gc_label(r->g, r->p, id, b, GC_LABEL_MAX);
	return b;
}

const char *gc_list(struct gc_run *r, const uint32_t *ids, size_t n)
{
	char *b, lab[GC_LABEL_MAX];
	size_t i, off = 0;

	if (r->x->quiet)
		return "";
	b = r->list[r->nlist++ % 2];
	if (n == 0)
		return strcpy(b, "empty");
	b[0] = '\0';
	for (i = 0; i < n; i++) {
		gc_label(r->g, r->p, ids[i], lab, sizeof lab);
		if (off + strlen(lab) + 6 >= GC_LIST_MAX) {
			snprintf(b + off, GC_LIST_MAX - off, " ...");
			break;
		}
		off += (size_t)snprintf(b + off, GC_LIST_MAX - off, "%s%s",
					i ? ", " : "", lab);
	}
	return b;
}

const char *gc_root_text(struct gc_run *r, size_t slot, uint32_t id)
{
	const struct stack *st = &r->m->stack;
	char *b;
	size_t f;

	if (r->x->quiet)
		return "";
	b = r->lab[r->nlab++ % 6];
	if (slot == SIZE_MAX) {
		snprintf(b, GC_LABEL_MAX, "global %s",
			 program_name(r->p, r->g->objs[id].name));
		return b;
	}
	for (f = st->nframes; f-- > 0;)
		if (st->frames[f].slot0 <= slot)
			break;
	snprintf(b, GC_LABEL_MAX, "%s %s of %s",
		 st->slots[slot].kind == SLOT_PARAM ? "parameter" : "local",
		 program_name(r->p, st->slots[slot].name),
		 f < st->nframes ? program_name(r->p, st->frames[f].func) : "?");
	return b;
}

void gc_ids_push(struct gc_ids *a, uint32_t id)
{
	a->v = xgrow(a->v, &a->cap, a->n + 1, sizeof *a->v);
	a->v[a->n++] = id;
}

void gc_work_begin(struct gc_run *r)
{
	if (!r->g->step_worked) {
		r->g->step_worked = true;
		r->g->gc_steps++;
	}
}

void gc_work_unit(struct gc_run *r)
{
	gc_work_begin(r);
	r->g->pause++;
}

void gc_pause_end(struct gc_run *r)
{
	struct gc *g = r->g;

	if (r->hold_pause)
		return;
	g->total_pause += g->pause;
	if (g->pause > g->max_pause)
		g->max_pause = g->pause;
	g->pause = 0;
}

void gc_set_phase(struct gc_run *r, int phase)
{
	r->g->phase = phase;
	if (phase != GC_PHASE_IDLE)
		r->g->step_phase = gc_phase_names[phase];
}

void gc_release(struct gc_run *r, uint32_t id)
{
	struct gc *g = r->g;
	struct gc_object *o = gc_obj(g, id);

	o->live = 0;
	o->color = GC_WHITE;
	o->remembered = 0;
	o->freed_step = (uint32_t)r->x->step_index + 1;
	g->freed_objects++;
	g->freed_bytes += o->size;
	g->live_objects--;
	g->live_bytes -= o->size;
	gc_ids_push(&g->freed, id);
}

void gc_slot_target(const struct stack *st, size_t i, int64_t *frame,
		    int64_t *slot)
{
	size_t f = 0;

	while (f + 1 < st->nframes && st->frames[f + 1].slot0 <= i)
		f++;
	*frame = (int64_t)f;
	*slot = st->nframes ? (int64_t)(i - st->frames[f].slot0) : 0;
}

bool gc_move(struct gc_run *r, uint32_t id, uint64_t to)
{
	struct stack *st = &r->m->stack;
	struct gc_object *o = gc_obj(r->g, id);
	uint64_t from = o->addr;
	size_t i;

	o->addr = to;
	r->g->moved_objects++;
	gc_ids_push(&r->g->moved, id);
	for (i = 0; i < st->nslots; i++) {
		struct stack_slot *s = &st->slots[i];
		if ((s->kind != SLOT_PARAM && s->kind != SLOT_LOCAL) ||
		    !s->has_value || (uint64_t)s->value != from)
			continue;
		int64_t f, k;

		s->value = (int64_t)to;
		gc_work_unit(r);
		gc_slot_target(st, i, &f, &k);
		if (!exec_emit(r->x, "update-root", EVF_GC, TGT_STACK_SLOT, f, k,
			       "%s held %s's old address 0x%llx: rewritten to 0x%llx.",
			       gc_root_text(r, i, id), gc_lab(r, id), ULL(from),
			       ULL(to)))
			return false;
	}
	return true;
}

/* ---- reference counting ---- */

/* Free an object whose count reached zero, then release what it held. */
static bool rc_free(struct gc_run *r, uint32_t id, const char *why)
{
	struct gc_object *o = gc_obj(r->g, id);
	unsigned k;
	char held[GC_LABEL_MAX + 8];

	gc_release(r, id);
	gc_work_unit(r);
	if (!GC_EMIT(r, "rc-free", 0, id,
		     "%s's count drops to 0 (%s): it is freed at once, %llu bytes at 0x%llx back to the free list.",
		     gc_lab(r, id), why, ULL(o->size), ULL(o->addr)))
		return false;
	for (k = 0; k < o->nfields; k++) {
		uint32_t t = o->field[k];
		if (t == GC_NIL || !r->g->objs[t].live)
			continue;
		if (!r->x->quiet)
			snprintf(held, sizeof held, "freed %s.%s",
				 gc_lab(r, id),
				 program_name(r->p, o->field_name[k]));
		else
			held[0] = '\0';
		if (!gc_rc_dec(r, t, held))
			return false;
	}
	return true;
}

bool gc_rc_inc(struct gc_run *r, uint32_t id, const char *why)
{
	struct gc_object *o = gc_obj(r->g, id);

	o->rc++;
	return GC_EMIT(r, "rc-inc", 0, id, "%s's count %u -> %u (%s).",
		       gc_lab(r, id), o->rc - 1, o->rc, why);
}

bool gc_rc_dec(struct gc_run *r, uint32_t id, const char *why)
{
	struct gc_object *o = gc_obj(r->g, id);

	if (o->rc > 0)
		o->rc--;
	if (o->rc == 0)
		return rc_free(r, id, why);
	gc_work_unit(r);
	return GC_EMIT(r, "rc-dec", 0, id, "%s's count %u -> %u (%s): still referenced, so it stays.",
		       gc_lab(r, id), o->rc + 1, o->rc, why);
}

bool gc_rc_sync(struct gc_run *r)
{
	struct gc *g = r->g;
	uint32_t *roots, *count;
	size_t *slots, n, i;
	bool ok = true;

	if (g->cfg.algorithm != GC_REFCOUNT)
		return true;
	n = gc_roots(g, &r->m->stack, &roots, &slots);
	count = xcalloc(g->nobjs ? g->nobjs : 1, sizeof *count);
	for (i = 0; i < n; i++)
		if (slots[i] != SIZE_MAX)
			count[roots[i]]++;
	/* Increments first, so a swap between slots frees nothing. */
	for (i = 0; i < g->nobjs && ok; i++) {
		struct gc_object *o = &g->objs[i];
		if (!o->live || count[i] <= o->stack_rc)
			continue;
		o->rc += count[i] - o->stack_rc;
		o->stack_rc = count[i];
		ok = GC_EMIT(r, "rc-inc", 0, i,
			     "%s's count rises to %u: %u stack slot%s hold%s its address.",
			     gc_lab(r, (uint32_t)i), o->rc, count[i],
			     plural_s(count[i]), count[i] == 1 ? "s" : "");
	}
	for (i = 0; i < g->nobjs && ok; i++) {
		struct gc_object *o = &g->objs[i];
		uint32_t lost;
		if (!o->live || count[i] >= o->stack_rc)
			continue;
		lost = o->stack_rc - count[i];
		o->stack_rc = count[i];
		o->rc = o->rc >= lost ? o->rc - lost + 1 : 1;
		ok = gc_rc_dec(r, (uint32_t)i,
			       r->x->quiet ? "" : "a frame returned or a local changed: its stack reference is gone");
	}
	free(count);
	free(roots);
	free(slots);
	return ok;
}

bool gc_note_unreachable(struct gc_run *r)
{
	struct gc *g = r->g;
	uint8_t *reach = xmalloc(g->nobjs ? g->nobjs : 1);
	uint32_t *news = xmalloc((g->nobjs ? g->nobjs : 1) * sizeof *news);
	size_t i, n = 0;
	bool ok = true;

	gc_reachable(g, &r->m->stack, reach);
	for (i = 0; i < g->nobjs; i++) {
		struct gc_object *o = &g->objs[i];
		if (!o->live)
			continue;
		if (reach[i]) {
			o->leaked = 0;
		} else if (!o->leaked) {
			o->leaked = 1;
			news[n++] = (uint32_t)i;
		}
	}
	if (n && g->cfg.algorithm == GC_REFCOUNT)
		ok = GC_EMIT(r, "leak", 0, news[0],
			     "Nothing reaches %s now, but the count%s not 0: a reference cycle (or hangs from one). Counting alone never frees %s: leaked%s.",
			     gc_list(r, news, n), n > 1 ? "s are" : " is",
			     n > 1 ? "them" : "it",
			     g->cfg.cycles ? ", until the cycle collector runs" : "");
	else if (n)
		ok = GC_EMIT(r, "garbage", 0, news[0],
			     "Nothing reaches %s now: garbage, left in place until the next collection finds it.",
			     gc_list(r, news, n));
	free(reach);
	free(news);
	return ok;
}

/* ---- checking ---- */

const char *gc_check(const struct gc *g, const struct stack *st)
{
	size_t n, i;
	struct addr_id *v = sorted_live(g, 0, UINT64_MAX, &n);
	const char *why = NULL;
	uint64_t end = g->cfg.base + g->cfg.size_bytes;
	uint32_t *cnt;

	for (i = 0; i < n && !why; i++) {
		const struct gc_object *o = &g->objs[v[i].id];
		uint64_t lo, hi;
		if (o->addr < g->cfg.base || o->addr + o->size > end)
			why = "a live object lies outside the managed heap";
		else if (i + 1 < n && o->addr + o->size > v[i + 1].addr)
			why = "two live objects overlap";
		else if (g->cfg.algorithm == GC_COPYING) {
			gc_region(g, 0, &lo, &hi);
			if (o->addr < lo || o->addr + o->size > hi)
				why = "a live object lies outside the current semispace";
		} else if (g->cfg.algorithm == GC_GENERATIONAL) {
			gc_region(g, o->old ? 1 : 0, &lo, &hi);
			if (o->addr < lo || o->addr + o->size > hi)
				why = "a live object lies outside its generation";
		}
		if (!why && g->phase == GC_PHASE_IDLE && o->color != GC_WHITE)
			why = "an object is still marked outside a collection";
	}
	free(v);
	for (i = 0; i < g->nobjs && !why; i++) {
		unsigned k;
		for (k = 0; k < GC_MAX_FIELDS; k++)
			if (g->objs[i].field[k] != GC_NIL &&
			    g->objs[i].field[k] >= g->nobjs)
				why = "a field points to no object";
	}
	if (why || g->cfg.algorithm != GC_REFCOUNT)
		return why;
	cnt = xcalloc(g->nobjs ? g->nobjs : 1, sizeof *cnt);
	for (i = 0; i < g->nobjs; i++) {
		const struct gc_object *o = &g->objs[i];
		unsigned k;
		if (!o->live)
			continue;
		cnt[i] += o->rooted + o->stack_rc;
		for (k = 0; k < o->nfields; k++)
			if (o->field[k] != GC_NIL)
				cnt[o->field[k]]++;
	}
	for (i = 0; i < g->nobjs && !why; i++)
		if (g->objs[i].live && g->objs[i].rc != cnt[i])
			why = "a reference count disagrees with the references";
	free(cnt);
	(void)st;
	return why;
}

/* ---- output ---- */

static void label_json(const struct gc *g, const struct program *p,
		       uint32_t id, struct json *j)
{
	char b[GC_LABEL_MAX];

	gc_label(g, p, id, b, sizeof b);
	json_string(j, b);
}

static void ids_json(const struct gc *g, const struct program *p,
		     const struct gc_ids *a, struct json *j)
{
	size_t i;

	json_begin_array(j);
	for (i = 0; i < a->n; i++)
		label_json(g, p, a->v[i], j);
	json_end_array(j);
}

static const char *const color_names[] = { "white", "grey", "black" };

void gc_json(const struct gc *g, const struct machine *m, struct json *j)
{
	const struct program *p = m->prog;
	uint8_t *reach = xmalloc(g->nobjs ? g->nobjs : 1);
	size_t i;
	unsigned k;

	gc_reachable(g, &m->stack, reach);
	json_begin_object(j);
	json_kv_string(j, "algorithm", gc_algorithm_names[g->cfg.algorithm]);
	json_kv_uint(j, "base", g->cfg.base);
	json_kv_uint(j, "size", g->cfg.size_bytes);
	json_kv_string(j, "phase", gc_phase_names[g->phase]);
	json_kv_uint(j, "live_objects", g->live_objects);
	json_kv_uint(j, "live_bytes", g->live_bytes);
	json_kv_uint(j, "free_bytes", gc_free_bytes(g));
	json_key(j, "objects");
	json_begin_array(j);
	for (i = 0; i < g->nobjs; i++) {
		const struct gc_object *o = &g->objs[i];
		if (!o->live)
			continue;
		json_begin_object(j);
		json_key(j, "name");
		label_json(g, p, (uint32_t)i, j);
		json_kv_uint(j, "addr", o->addr);
		json_kv_uint(j, "size", o->size);
		json_kv_bool(j, "root", o->rooted);
		json_kv_bool(j, "reachable", reach[i]);
		if (g->cfg.algorithm == GC_REFCOUNT)
			json_kv_uint(j, "count", o->rc);
		else
			json_kv_string(j, "color", color_names[o->color]);
		if (g->cfg.algorithm == GC_GENERATIONAL) {
			json_kv_string(j, "generation", o->old ? "old" : "young");
			json_kv_uint(j, "age", o->age);
			json_kv_bool(j, "remembered", o->remembered);
		}
		json_key(j, "refs");
		json_begin_object(j);
		for (k = 0; k < o->nfields; k++) {
			if (o->field_name[k] == SYM_NONE)
				continue;
			json_key(j, program_name(p, o->field_name[k]));
			if (o->field[k] == GC_NIL)
				json_null(j);
			else
				label_json(g, p, o->field[k], j);
		}
		json_end_object(j);
		json_end_object(j);
	}
	json_end_array(j);
	json_key(j, "work_list");
	ids_json(g, p, &g->work, j);
	json_end_object(j);
	free(reach);
}

void gc_json_step(const struct gc *g, const struct machine *m,
		  struct json *j)
{
	bool mine = g->result_step == m->steps_done;
	static const struct gc_ids none;

	json_key(j, "gc");
	json_begin_object(j);
	json_kv_string(j, "algorithm", gc_algorithm_names[g->cfg.algorithm]);
	json_kv_string(j, "phase", mine && g->step_phase ? g->step_phase :
				   gc_phase_names[g->phase]);
	json_key(j, "marked");
	ids_json(g, m->prog, mine ? &g->marked : &none, j);
	json_key(j, "freed");
	ids_json(g, m->prog, mine ? &g->freed : &none, j);
	json_key(j, "moved");
	ids_json(g, m->prog, mine ? &g->moved : &none, j);
	json_end_object(j);
}

void gc_json_summary(const struct gc *g, const struct machine *m,
		     struct json *j)
{
	size_t unreachable = gc_unreachable_count(g, &m->stack);
	bool rc = g->cfg.algorithm == GC_REFCOUNT;

	json_kv_string(j, "gc_algorithm", gc_algorithm_names[g->cfg.algorithm]);
	json_kv_uint(j, "collections", g->collections);
	json_kv_uint(j, "minor_collections", g->minor);
	json_kv_uint(j, "major_collections", g->major);
	json_kv_uint(j, "allocated_objects", g->allocations);
	json_kv_uint(j, "allocated_bytes", g->allocated_bytes);
	json_kv_uint(j, "freed_objects", g->freed_objects);
	json_kv_uint(j, "freed_bytes", g->freed_bytes);
	json_kv_uint(j, "max_pause_steps", g->max_pause);
	json_kv_uint(j, "total_pause_steps", g->total_pause);
	json_kv_uint(j, "gc_steps", g->gc_steps);
	json_kv_double(j, "gc_overhead",
		       m->steps_done ? (double)g->gc_steps / (double)m->steps_done : 0.0);
	json_kv_uint(j, "promotions", g->promotions);
	json_kv_uint(j, "died_young", g->died_young);
	json_kv_uint(j, "moved_objects", g->moved_objects);
	json_kv_uint(j, "leaked_objects", rc ? unreachable : 0);
	json_kv_uint(j, "garbage_objects", rc ? 0 : unreachable);
	json_kv_uint(j, "wrongly_freed", g->wrongly_freed);
	json_kv_uint(j, "live_objects", g->live_objects);
	json_kv_uint(j, "live_bytes", g->live_bytes);
	json_kv_uint(j, "peak_gc_bytes", g->peak_bytes);
	json_kv_uint(j, "out_of_memory", g->out_of_memory);
}
