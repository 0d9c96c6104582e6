/*
 * gc_collect.c: the collectors, each a sequence of phases narrated object
 * by object: mark-sweep, mark-compact (LISP2 sliding), copying (Cheney),
 * generational (minor and major), incremental tri-colour marking, and the
 * reference-counting backup cycle collector (trial deletion, as CPython's
 * gc module does it).
 *
 * Marking is shared: an object is shaded grey (marked, pushed on the work
 * list) and turns black when popped and scanned.  Every phase change and
 * every object touched is changed first and then narrated; a function
 * returns false as soon as exec_emit says the event budget is spent, and
 * callers return at once, so the state is exactly as of the last event.
 *
 * Outside a collection all objects are white and the work list is empty
 * (the incremental collector is the exception: between its increments
 * the phase is `mark` and grey objects wait on the work list).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/stack.h"
#include "core/util.h"
#include "gc_impl.h"

bool gc_shade(struct gc_run *r, uint32_t id, const char *via)
{
	struct gc *g = r->g;
	struct gc_object *o = gc_obj(g, id);

	o->color = GC_GREY;
	gc_ids_push(&g->work, id);
	gc_ids_push(&g->marked, id);
	gc_work_unit(r);
	return GC_EMIT(r, "mark", 0, id,
		       "Mark %s (%s): grey, pushed on the work list (now: %s).",
		       gc_lab(r, id), via, gc_list(r, g->work.v, g->work.n));
}

/* May tracing follow into object t?  young_only: the nursery only. */
static bool traceable(const struct gc *g, uint32_t t, bool young_only)
{
	return t != GC_NIL && g->objs[t].live &&
	       g->objs[t].color == GC_WHITE &&
	       (!young_only || !g->objs[t].old);
}

/* "A.next" into a label buffer (for narration). */
static const char *field_text(struct gc_run *r, uint32_t id, unsigned k)
{
	char *b;

	if (r->x->quiet)
		return "";
	b = r->lab[r->nlab++ % 6];
	gc_label(r->g, r->p, id, b, GC_LABEL_MAX);
	snprintf(b + strlen(b), GC_LABEL_MAX - strlen(b), ".%s",
		 program_name(r->p, r->g->objs[id].field_name[k]));
	return b;
}

/* Scan one popped object: black, its white children grey. */
static bool scan_object(struct gc_run *r, uint32_t id, bool young_only)
{
	struct gc *g = r->g;
	struct gc_object *o = gc_obj(g, id);
	unsigned k;

	o->color = GC_BLACK;
	for (k = 0; k < o->nfields; k++) {
		uint32_t t = o->field[k];
		char via[GC_LABEL_MAX + 16];
		if (!traceable(g, t, young_only))
			continue;
		if (!r->x->quiet)
			snprintf(via, sizeof via, "via %s",
				 field_text(r, id, k));
		else
			via[0] = '\0';
		if (!gc_shade(r, t, via))
			return false;
	}
	return true;
}

/* Trace until the work list is empty (stop the world). */
static bool mark_all(struct gc_run *r, bool young_only)
{
	struct gc *g = r->g;

	while (g->work.n) {
		uint32_t id = g->work.v[--g->work.n];
		if (!scan_object(r, id, young_only))
			return false;
	}
	return true;
}

/* Shade every (white) root; young_only skips old objects. */
static bool mark_roots(struct gc_run *r, bool young_only)
{
	struct gc *g = r->g;
	uint32_t *ids;
	size_t *slots, n, i;
	bool ok = true;

	n = gc_roots(g, &r->m->stack, &ids, &slots);
	for (i = 0; i < n && ok; i++) {
		char via[GC_LABEL_MAX + 8];
		if (!traceable(g, ids[i], young_only))
			continue;
		if (!r->x->quiet)
			snprintf(via, sizeof via, "root: %s",
				 gc_root_text(r, slots[i], ids[i]));
		else
			via[0] = '\0';
		ok = gc_shade(r, ids[i], via);
	}
	free(ids);
	free(slots);
	return ok;
}

/* All live objects back to white (the end of a collection). */
static void whiten(struct gc *g)
{
	size_t i;

	for (i = 0; i < g->nobjs; i++)
		g->objs[i].color = GC_WHITE;
	g->work.n = 0;
	g->scan = 0;
}

/* Names of the roots for the opening sentence of a collection. */
static const char *root_summary(struct gc_run *r)
{
	uint32_t *ids;
	size_t *slots, n;
	const char *s;

	if (r->x->quiet)
		return "";
	n = gc_roots(r->g, &r->m->stack, &ids, &slots);
	s = gc_list(r, ids, n);
	free(ids);
	free(slots);
	return s;
}

/*
 * Free a white object found by a sweep, flagging (as an error) one the
 * program can still reach: only a broken write barrier does that.
 */
static bool sweep_free(struct gc_run *r, uint32_t id, const uint8_t *reach,
		       const char *what)
{
	struct gc_object *o = gc_obj(r->g, id);

	gc_release(r, id);
	gc_work_unit(r);
	if (reach && reach[id]) {
		o->wrongly_freed = 1;
		r->g->wrongly_freed++;
		return GC_EMIT(r, "freed-live", EVF_ERROR, id,
			       "%s is unmarked, so it is freed (%llu bytes), but the program can still reach it! With the barrier off it was never marked: a live object is lost, references to it dangle.",
			       gc_lab(r, id), ULL(o->size));
	}
	return GC_EMIT(r, "sweep", 0, id, "%s%s is unmarked: garbage, freed (%llu bytes).",
		       what, gc_lab(r, id), ULL(o->size));
}

static void free_summary(struct gc_run *r, char *out, size_t outsz)
{
	uint64_t bytes = 0;
	size_t i;

	if (r->x->quiet) {
		out[0] = '\0';
		return;
	}
	for (i = 0; i < r->g->freed.n; i++)
		bytes += r->g->objs[r->g->freed.v[i]].size;
	snprintf(out, outsz, "%zu object%s, %llu byte%s reclaimed",
		 r->g->freed.n, plural_s(r->g->freed.n), ULL(bytes),
		 plural_s(bytes));
}

/* The closing event of a stop-the-world collection. */
static bool finish(struct gc_run *r, const char *what)
{
	struct gc *g = r->g;
	char sum[96];
	uint64_t pause = g->pause + 1;

	whiten(g);
	gc_set_phase(r, GC_PHASE_IDLE);
	g->since_collect = 0;
	gc_work_unit(r);
	gc_pause_end(r);
	free_summary(r, sum, sizeof sum);
	return GC_EMIT(r, "gc-done", 0, GC_NIL,
		       "%s done: %s; %llu live object%s, %llu byte%s free. Pause: %llu micro-step%s; the program resumes.",
		       what, sum, ULL(g->live_objects), plural_s(g->live_objects),
		       ULL(gc_free_bytes(g)), plural_s(gc_free_bytes(g)),
		       ULL(pause), plural_s(pause));
}

/* Stop-the-world marking: the roots, then everything they reach. */
static bool mark_from_roots(struct gc_run *r)
{
	if (!mark_roots(r, false))
		return false;
	gc_set_phase(r, GC_PHASE_MARK);
	return mark_all(r, false);
}

/* ---- mark-sweep ---- */

static bool mark_sweep(struct gc_run *r, const char *why)
{
	struct gc *g = r->g;
	uint32_t *order;
	size_t n, i;

	g->collections++;
	gc_set_phase(r, GC_PHASE_ROOTS);
	gc_work_unit(r);
	if (!GC_EMIT(r, "gc-start", 0, GC_NIL,
		     "Mark-sweep collection #%llu (%s): stop the world. Mark all that is reachable from the roots: %s.",
		     ULL(g->collections), why, root_summary(r)))
		return false;
	if (!mark_from_roots(r))
		return false;
	gc_set_phase(r, GC_PHASE_SWEEP);
	gc_work_unit(r);
	if (!GC_EMIT(r, "sweep-start", 0, GC_NIL,
		     "Marking done: %zu object%s marked. Sweep the heap in address order: every unmarked object is garbage.",
		     g->marked.n, plural_s(g->marked.n)))
		return false;
	order = gc_by_addr(g, &n);
	for (i = 0; i < n; i++) {
		struct gc_object *o = gc_obj(g, order[i]);
		char at[32] = "";
		if (o->color != GC_WHITE) {
			o->color = GC_WHITE;
			continue;
		}
		if (!r->x->quiet)
			snprintf(at, sizeof at, "At 0x%llx, ", ULL(o->addr));
		if (!sweep_free(r, order[i], NULL, at)) {
			free(order);
			return false;
		}
	}
	free(order);
	return finish(r, "Sweep");
}

/* ---- mark-compact ---- */

static bool mark_compact(struct gc_run *r, const char *why)
{
	struct gc *g = r->g;
	struct stack *st = &r->m->stack;
	uint32_t *order;
	size_t n, i, s;
	uint64_t next = g->cfg.base;
	bool ok = true;

	g->collections++;
	gc_set_phase(r, GC_PHASE_ROOTS);
	gc_work_unit(r);
	if (!GC_EMIT(r, "gc-start", 0, GC_NIL,
		     "Mark-compact collection #%llu (%s): stop the world, mark from the roots (%s), then slide the live objects together.",
		     ULL(g->collections), why, root_summary(r)))
		return false;
	if (!mark_from_roots(r))
		return false;
	gc_set_phase(r, GC_PHASE_FORWARD);
	gc_work_unit(r);
	if (!GC_EMIT(r, "forward-start", 0, GC_NIL,
		     "Marking done: %zu live. Pass 1, in address order: free the unmarked; give each live object its new address, the next free byte from the base.",
		     g->marked.n))
		return false;
	order = gc_by_addr(g, &n);
	for (i = 0; i < n && ok; i++) {
		struct gc_object *o = gc_obj(g, order[i]);
		if (o->color == GC_WHITE) {
			ok = sweep_free(r, order[i], NULL, "");
			continue;
		}
		o->forward = next;
		next += o->size;
		if (o->forward == o->addr)
			continue;
		gc_work_unit(r);
		ok = GC_EMIT(r, "forward", 0, order[i],
			     "%s will slide from 0x%llx to 0x%llx (its forwarding address).",
			     gc_lab(r, order[i]), ULL(o->addr), ULL(o->forward));
	}
	if (!ok)
		goto out;
	gc_set_phase(r, GC_PHASE_UPDATE);
	gc_work_unit(r);
	if (!(ok = GC_EMIT(r, "update-start", 0, GC_NIL,
			   "Pass 2: every reference to a moving object, in objects and roots, gets its forwarding address.")))
		goto out;
	for (i = 0; i < n && ok; i++) {
		struct gc_object *o = gc_obj(g, order[i]);
		unsigned k;
		if (!o->live)
			continue;
		for (k = 0; k < o->nfields && ok; k++) {
			uint32_t t = o->field[k];
			if (t == GC_NIL || !g->objs[t].live ||
			    g->objs[t].forward == g->objs[t].addr)
				continue;
			gc_work_unit(r);
			ok = GC_EMIT(r, "update", 0, order[i],
				     "%s: 0x%llx -> 0x%llx (%s's new address).",
				     field_text(r, order[i], k),
				     ULL(g->objs[t].addr), ULL(g->objs[t].forward),
				     gc_lab(r, t));
		}
	}
	for (s = 0; s < st->nslots && ok; s++) {
		struct stack_slot *sl = &st->slots[s];
		uint32_t t;
		int64_t tf, ts;

		if ((sl->kind != SLOT_PARAM && sl->kind != SLOT_LOCAL) ||
		    !sl->has_value)
			continue;
		t = gc_object_at(g, (uint64_t)sl->value);
		if (t == GC_NIL || g->objs[t].forward == g->objs[t].addr)
			continue;
		sl->value = (int64_t)g->objs[t].forward;
		gc_work_unit(r);
		gc_slot_target(st, s, &tf, &ts);
		ok = exec_emit(r->x, "update-root", EVF_GC, TGT_STACK_SLOT, tf, ts,
			     "%s: 0x%llx -> 0x%llx (%s's new address).",
			     gc_root_text(r, s, t), ULL(g->objs[t].addr),
			     ULL(g->objs[t].forward), gc_lab(r, t));
	}
	if (!ok)
		goto out;
	gc_set_phase(r, GC_PHASE_MOVE);
	for (i = 0; i < n && ok; i++) {
		struct gc_object *o = gc_obj(g, order[i]);
		uint64_t from = o->addr;
		if (!o->live || o->forward == o->addr)
			continue;
		o->addr = o->forward;
		g->moved_objects++;
		gc_ids_push(&g->moved, order[i]);
		gc_work_unit(r);
		ok = GC_EMIT(r, "move", 0, order[i],
			     "Pass 3: move %s from 0x%llx down to 0x%llx (%llu bytes copied).",
			     gc_lab(r, order[i]), ULL(from), ULL(o->addr),
			     ULL(o->size));
	}
	if (ok)
		ok = finish(r, "Compaction");
out:
	free(order);
	return ok;
}

/* ---- copying ---- */

/* Evacuate a from-space object to the to-space free pointer. */
static bool evacuate(struct gc_run *r, uint32_t id, uint64_t *free_ptr,
		     const char *via)
{
	struct gc *g = r->g;
	struct gc_object *o = gc_obj(g, id);
	uint64_t from = o->addr;

	o->color = GC_GREY;
	gc_ids_push(&g->work, id);
	gc_ids_push(&g->marked, id);
	o->addr = *free_ptr;
	*free_ptr += o->size;
	g->moved_objects++;
	gc_ids_push(&g->moved, id);
	gc_work_unit(r);
	if (!GC_EMIT(r, "copy", 0, id,
		     "Copy %s (%s) 0x%llx -> 0x%llx; the old copy keeps a forwarding address. Queue: %s.",
		     gc_lab(r, id), via, ULL(from), ULL(o->addr),
		     gc_list(r, g->work.v + g->scan, g->work.n - g->scan)))
		return false;
	{
		/* Roots on the stack that held the old address follow it. */
		struct stack *st = &r->m->stack;
		size_t i;
		for (i = 0; i < st->nslots; i++) {
			struct stack_slot *s = &st->slots[i];
			if ((s->kind != SLOT_PARAM && s->kind != SLOT_LOCAL) ||
			    !s->has_value || (uint64_t)s->value != from)
				continue;
			int64_t tf, ts;

			s->value = (int64_t)o->addr;
			gc_work_unit(r);
			gc_slot_target(st, i, &tf, &ts);
			if (!exec_emit(r->x, "update-root", EVF_GC,
				       TGT_STACK_SLOT, tf, ts,
				     "%s now holds %s's new address 0x%llx.",
				     gc_root_text(r, i, id), gc_lab(r, id),
				     ULL(o->addr)))
				return false;
		}
	}
	return true;
}

static bool copying(struct gc_run *r, const char *why)
{
	struct gc *g = r->g;
	uint64_t lo, hi, free_ptr;
	uint32_t *roots, *left;
	size_t *slots, n, i, nleft = 0;
	bool ok = true;

	g->collections++;
	gc_region(g, 1, &lo, &hi);
	free_ptr = lo;
	gc_set_phase(r, GC_PHASE_ROOTS);
	gc_work_unit(r);
	if (!GC_EMIT(r, "gc-start", 0, GC_NIL,
		     "Copying collection #%llu (%s): stop the world; evacuate the live objects to the empty semispace at 0x%llx. Roots: %s.",
		     ULL(g->collections), why, ULL(lo), root_summary(r)))
		return false;
	n = gc_roots(g, &r->m->stack, &roots, &slots);
	for (i = 0; i < n && ok; i++) {
		char via[GC_LABEL_MAX + 8];
		if (g->objs[roots[i]].color != GC_WHITE)
			continue;
		if (!r->x->quiet)
			snprintf(via, sizeof via, "root: %s",
				 gc_root_text(r, slots[i], roots[i]));
		else
			via[0] = '\0';
		ok = evacuate(r, roots[i], &free_ptr, via);
	}
	free(roots);
	free(slots);
	if (!ok)
		return false;
	gc_set_phase(r, GC_PHASE_COPY);
	while (g->scan < g->work.n) {
		uint32_t id = g->work.v[g->scan++];
		struct gc_object *o = gc_obj(g, id);
		unsigned k;
		o->color = GC_BLACK;
		for (k = 0; k < o->nfields; k++) {
			uint32_t t = o->field[k];
			char via[GC_LABEL_MAX + 16];
			if (!traceable(g, t, false))
				continue;
			if (!r->x->quiet)
				snprintf(via, sizeof via, "scan reaches %s",
					 field_text(r, id, k));
			else
				via[0] = '\0';
			if (!evacuate(r, t, &free_ptr, via))
				return false;
		}
	}
	gc_set_phase(r, GC_PHASE_FLIP);
	left = xmalloc((g->nobjs ? g->nobjs : 1) * sizeof *left);
	for (i = 0; i < g->nobjs; i++)
		if (g->objs[i].live && g->objs[i].color == GC_WHITE) {
			gc_release(r, (uint32_t)i);
			left[nleft++] = (uint32_t)i;
		}
	g->cur_space = 1 - g->cur_space;
	gc_work_unit(r);
	ok = GC_EMIT(r, "flip", 0, nleft ? left[0] : GC_NIL,
		     "Scan meets free pointer: all reachable objects are copied. Flip: the old semispace, with %s left behind, is reclaimed whole, unvisited.",
		     nleft ? gc_list(r, left, nleft) : "nothing");
	free(left);
	return ok && finish(r, "Copying collection");
}

/* ---- generational ---- */

/* Old objects that point into the nursery (the remembered set). */
static void rebuild_remembered(struct gc *g)
{
	size_t i;
	unsigned k;

	for (i = 0; i < g->nobjs; i++) {
		struct gc_object *o = &g->objs[i];
		o->remembered = 0;
		if (!o->live || !o->old || !g->cfg.barrier)
			continue;
		for (k = 0; k < o->nfields; k++)
			if (o->field[k] != GC_NIL && g->objs[o->field[k]].live &&
			    !g->objs[o->field[k]].old)
				o->remembered = 1;
	}
}

/* Age the nursery's survivors, promote the old enough, slide the rest. */
static bool survivors(struct gc_run *r, uint32_t *order, size_t n)
{
	struct gc *g = r->g;
	uint64_t lo, hi, next, olo, ohi;
	size_t i;

	gc_region(g, 0, &lo, &hi);
	gc_region(g, 1, &olo, &ohi);
	gc_set_phase(r, GC_PHASE_MOVE);
	for (i = 0; i < n; i++) {
		struct gc_object *o = gc_obj(g, order[i]);
		uint64_t to, from = o->addr;
		if (!o->live || o->old)
			continue;
		if (o->age < 255)
			o->age++;
		if (o->age < g->cfg.promote_after)
			continue;
		if (!gc_fit_first(g, olo, ohi, o->size, &to)) {
			g->major_due = true;
			gc_work_unit(r);
			if (!GC_EMIT(r, "promote-failed", 0, order[i],
				     "%s is old enough for promotion, but the old generation is full: it stays young; a major collection is due.",
				     gc_lab(r, order[i])))
				return false;
			continue;
		}
		o->old = 1;
		g->promotions++;
		gc_work_unit(r);
		if (!gc_move(r, order[i], to))
			return false;
		if (!GC_EMIT(r, "promote", 0, order[i],
			     "%s survived %u collection%s: promoted to the old generation, 0x%llx -> 0x%llx.",
			     gc_lab(r, order[i]), o->age, plural_s(o->age),
			     ULL(from), ULL(to)))
			return false;
	}
	next = lo;
	for (i = 0; i < n; i++) {
		struct gc_object *o = gc_obj(g, order[i]);
		uint64_t from = o->addr;
		if (!o->live || o->old)
			continue;
		if (o->addr == next) {
			next += o->size;
			continue;
		}
		gc_work_unit(r);
		if (!gc_move(r, order[i], next))
			return false;
		next += o->size;
		if (!GC_EMIT(r, "survive", 0, order[i],
			     "%s survives (age %u): it slides down the nursery, 0x%llx -> 0x%llx.",
			     gc_lab(r, order[i]), o->age, ULL(from), ULL(o->addr)))
			return false;
	}
	return true;
}

static bool generational(struct gc_run *r, bool major, const char *why)
{
	struct gc *g = r->g;
	uint8_t *reach = NULL;
	uint32_t *order, *rem;
	size_t n, i, nrem = 0;
	bool ok = true;

	g->collections++;
	if (major)
		g->major++, g->major_due = false;
	else
		g->minor++;
	rem = xmalloc((g->nobjs ? g->nobjs : 1) * sizeof *rem);
	for (i = 0; i < g->nobjs; i++)
		if (g->objs[i].live && g->objs[i].remembered)
			rem[nrem++] = (uint32_t)i;
	gc_set_phase(r, GC_PHASE_ROOTS);
	gc_work_unit(r);
	if (major)
		ok = GC_EMIT(r, "gc-start", 0, GC_NIL,
			     "Major collection #%llu (%s): stop the world, trace both generations from the roots (%s).",
			     ULL(g->collections), why, root_summary(r));
	else
		ok = GC_EMIT(r, "gc-start", 0, GC_NIL,
			     "Minor collection #%llu (%s): trace the nursery only, from young roots and the remembered set (%s)%s.",
			     ULL(g->collections), why, gc_list(r, rem, nrem),
			     g->cfg.barrier ? "" : " (barrier off: always empty)");
	ok = ok && mark_roots(r, !major);
	if (!ok)
		goto out;
	for (i = 0; i < nrem && !major && ok; i++) {
		struct gc_object *o = gc_obj(g, rem[i]);
		unsigned k;
		for (k = 0; k < o->nfields && ok; k++) {
			char via[GC_LABEL_MAX + 24];
			if (!traceable(g, o->field[k], true))
				continue;
			if (!r->x->quiet)
				snprintf(via, sizeof via, "%s, remembered set",
					 field_text(r, rem[i], k));
			else
				via[0] = '\0';
			ok = gc_shade(r, o->field[k], via);
		}
	}
	gc_set_phase(r, GC_PHASE_MARK);
	ok = ok && mark_all(r, !major);
	if (!ok)
		goto out;
	gc_set_phase(r, GC_PHASE_SWEEP);
	reach = xmalloc(g->nobjs ? g->nobjs : 1);
	gc_reachable(g, &r->m->stack, reach);
	gc_work_unit(r);
	if (!(ok = GC_EMIT(r, "sweep-start", 0, GC_NIL,
			   "Marking done: %zu object%s marked. Free the unmarked %s.",
			   g->marked.n, plural_s(g->marked.n), major ? "objects of both generations" : "young objects (old ones are not even looked at)")))
		goto out;
	order = gc_by_addr(g, &n);
	for (i = 0; i < n && ok; i++) {
		struct gc_object *o = gc_obj(g, order[i]);
		if (o->color != GC_WHITE || (!major && o->old))
			continue;
		if (!o->old)
			g->died_young++;
		ok = sweep_free(r, order[i], reach, o->old ? "Old " : "Young ");
	}
	if (ok)
		ok = survivors(r, order, n);
	free(order);
	if (!ok)
		goto out;
	rebuild_remembered(g);
	ok = finish(r, major ? "Major collection" : "Minor collection");
out:
	free(rem);
	free(reach);
	return ok;
}

/* ---- incremental ---- */

bool gc_inc_start(struct gc_run *r, const char *why)
{
	struct gc *g = r->g;

	if (g->phase != GC_PHASE_IDLE)
		return true;
	g->collections++;
	g->cycle_rescans = 0;
	gc_set_phase(r, GC_PHASE_ROOTS);
	gc_work_unit(r);
	if (!GC_EMIT(r, "gc-start", 0, GC_NIL,
		     "Incremental cycle #%llu begins (%s): all objects white; grey the roots (%s). The program and the marker now take turns.",
		     ULL(g->collections), why, root_summary(r)))
		return false;
	if (!mark_roots(r, false))
		return false;
	gc_set_phase(r, GC_PHASE_MARK);
	return true;
}

/* Incremental sweep: free the white, whiten the black; the cycle ends. */
static bool inc_sweep(struct gc_run *r)
{
	struct gc *g = r->g;
	uint8_t *reach = xmalloc(g->nobjs ? g->nobjs : 1);
	uint32_t *order;
	size_t n, i;
	bool ok;

	gc_reachable(g, &r->m->stack, reach);
	gc_set_phase(r, GC_PHASE_SWEEP);
	gc_work_unit(r);
	ok = GC_EMIT(r, "sweep-start", 0, GC_NIL,
		     "No grey objects left, roots all black: marking is complete. Sweep: every white object is garbage.");
	order = gc_by_addr(g, &n);
	for (i = 0; i < n && ok; i++) {
		if (g->objs[order[i]].color != GC_WHITE)
			continue;
		ok = sweep_free(r, order[i], reach, "White ");
	}
	free(order);
	free(reach);
	return ok && finish(r, "Incremental cycle");
}

bool gc_increment(struct gc_run *r, const char *why)
{
	struct gc *g = r->g;
	uint32_t done = 0;

	if (g->phase == GC_PHASE_IDLE) {
		if (!gc_inc_start(r, why))
			return false;
		gc_pause_end(r);
		return true;
	}
	while (g->work.n && done < g->cfg.increment) {
		uint32_t id = g->work.v[--g->work.n];
		size_t before = g->marked.n;
		done++;
		if (!scan_object(r, id, false))
			return false;
		gc_work_unit(r);
		if (!GC_EMIT(r, "scan", 0, id,
			     "Scan %s: black (all its references seen)%s. Work list: %s.",
			     gc_lab(r, id),
			     g->marked.n > before ? ", its white children now grey" : "",
			     gc_list(r, g->work.v, g->work.n)))
			return false;
	}
	if (done) {
		gc_pause_end(r);
		return true;
	}
	{
		/* Mark termination: the roots may have changed meanwhile. */
		size_t before = g->marked.n;
		g->cycle_rescans++;
		gc_work_unit(r);
		if (!GC_EMIT(r, "rescan", 0, GC_NIL,
			     "The work list is empty. Before sweeping, rescan the roots: the write barrier does not cover globals and the stack."))
			return false;
		if (!mark_roots(r, false))
			return false;
		if (g->marked.n > before) {
			gc_pause_end(r);
			return true;
		}
	}
	if (!inc_sweep(r))
		return false;
	return true;
}

/* A whole incremental cycle in one go (or the rest of one): one pause. */
static bool inc_full(struct gc_run *r, const char *why)
{
	struct gc *g = r->g;

	r->hold_pause = true;
	if (g->phase == GC_PHASE_IDLE && !gc_inc_start(r, why))
		return false;
	while (g->phase != GC_PHASE_IDLE)
		if (!gc_increment(r, why))
			return false;
	r->hold_pause = false;
	gc_pause_end(r);
	return true;
}

/* ---- reference counting's cycle collector ---- */

static bool cycle_collect(struct gc_run *r, const char *why)
{
	struct gc *g = r->g;
	uint32_t *ext = xcalloc(g->nobjs ? g->nobjs : 1, sizeof *ext);
	uint32_t *garbage = xmalloc((g->nobjs ? g->nobjs : 1) * sizeof *garbage);
	size_t i, ng = 0;
	bool ok = true;

	g->collections++;
	g->cycle_collections++;
	gc_set_phase(r, GC_PHASE_TRIAL);
	gc_work_unit(r);
	ok = GC_EMIT(r, "gc-start", 0, GC_NIL,
		     "Cycle collector #%llu (%s), like CPython's gc.collect(): from each count subtract the references from other objects; what is left comes from outside.",
		     ULL(g->collections), why);
	if (!ok)
		goto out;
	for (i = 0; i < g->nobjs; i++)
		if (g->objs[i].live)
			ext[i] = g->objs[i].rc;
	for (i = 0; i < g->nobjs; i++) {
		const struct gc_object *o = &g->objs[i];
		unsigned k;
		if (!o->live)
			continue;
		for (k = 0; k < o->nfields; k++)
			if (o->field[k] != GC_NIL && g->objs[o->field[k]].live &&
			    ext[o->field[k]] > 0)
				ext[o->field[k]]--;
	}
	for (i = 0; i < g->nobjs && ok; i++) {
		if (!g->objs[i].live)
			continue;
		gc_work_unit(r);
		ok = GC_EMIT(r, "trial", 0, i,
			     "%s: count %u, of which %u from other objects: %u from outside%s.",
			     gc_lab(r, (uint32_t)i), g->objs[i].rc,
			     g->objs[i].rc - ext[i], ext[i],
			     ext[i] ? ", so it is reachable: a starting point" : "");
	}
	if (!ok)
		goto out;
	gc_set_phase(r, GC_PHASE_MARK);
	for (i = 0; i < g->nobjs && ok; i++)
		if (g->objs[i].live && ext[i] && g->objs[i].color == GC_WHITE)
			ok = gc_shade(r, (uint32_t)i, "referenced from outside");
	while (ok && g->work.n)
		ok = scan_object(r, g->work.v[--g->work.n], false);
	if (!ok)
		goto out;
	gc_set_phase(r, GC_PHASE_SWEEP);
	for (i = 0; i < g->nobjs; i++)
		if (g->objs[i].live && g->objs[i].color == GC_WHITE)
			garbage[ng++] = (uint32_t)i;
	gc_work_unit(r);
	if (!(ok = GC_EMIT(r, "sweep-start", 0, ng ? garbage[0] : GC_NIL,
			   "Everything not reached from outside is cyclic garbage: %s.",
			   ng ? gc_list(r, garbage, ng) : "nothing")))
		goto out;
	for (i = 0; i < ng && ok; i++) {
		gc_release(r, garbage[i]);
		gc_work_unit(r);
		ok = GC_EMIT(r, "sweep", 0, garbage[i],
			     "Free %s (%llu bytes): its count never reached 0, but only garbage referred to it.",
			     gc_lab(r, garbage[i]), ULL(g->objs[garbage[i]].size));
	}
	/* Survivors referenced by the garbage lose those references. */
	for (i = 0; i < ng && ok; i++) {
		struct gc_object *o = gc_obj(g, garbage[i]);
		unsigned k;
		for (k = 0; k < o->nfields && ok; k++) {
			uint32_t t = o->field[k];
			if (t == GC_NIL || !g->objs[t].live)
				continue;
			ok = gc_rc_dec(r, t, r->x->quiet ? "" : field_text(r, garbage[i], k));
		}
	}
	if (ok)
		ok = finish(r, "Cycle collection");
out:
	free(ext);
	free(garbage);
	return ok;
}

/* Plain reference counting has no collection: say why. */
static bool refcount_explain(struct gc_run *r)
{
	struct gc *g = r->g;
	uint8_t *reach = xmalloc(g->nobjs ? g->nobjs : 1);
	uint32_t *leak = xmalloc((g->nobjs ? g->nobjs : 1) * sizeof *leak);
	size_t i, n = 0;
	bool ok;

	gc_reachable(g, &r->m->stack, reach);
	for (i = 0; i < g->nobjs; i++)
		if (g->objs[i].live && !reach[i])
			leak[n++] = (uint32_t)i;
	if (n)
		ok = GC_EMIT(r, "gc-nothing", 0, leak[0],
			     "gc: nothing to do. Counting frees each object when its count hits 0; %s are unreachable but on or under a cycle, so never hit 0: leaked. (cycles=on adds CPython's cycle collector.)",
			     gc_list(r, leak, n));
	else
		ok = GC_EMIT(r, "gc-nothing", 0, GC_NIL,
			     "gc: nothing to do. Reference counting already freed each object the moment its count hit 0, and no cycle is leaking.");
	free(reach);
	free(leak);
	return ok;
}

bool gc_collect(struct gc_run *r, enum gc_kind kind, const char *why)
{
	struct gc *g = r->g;
	bool ok;

	gc_work_begin(r);
	switch (g->cfg.algorithm) {
	case GC_REFCOUNT:
		if (!g->cfg.cycles)
			return refcount_explain(r);
		ok = cycle_collect(r, why);
		break;
	case GC_MARK_SWEEP:
		ok = mark_sweep(r, why);
		break;
	case GC_MARK_COMPACT:
		ok = mark_compact(r, why);
		break;
	case GC_COPYING:
		ok = copying(r, why);
		break;
	case GC_GENERATIONAL:
		ok = generational(r, kind == GC_KIND_MAJOR, why);
		break;
	default:
		ok = kind == GC_KIND_STEP ? gc_increment(r, why) :
					    inc_full(r, why);
		break;
	}
	return ok;
}

bool gc_place(struct gc_run *r, uint64_t size, uint64_t *addr, bool *old,
	      bool *ok)
{
	struct gc *g = r->g;
	uint64_t lo, hi;
	int attempt;

	*ok = true;
	*old = false;
	for (attempt = 0; attempt < 3; attempt++) {
		switch (g->cfg.algorithm) {
		case GC_MARK_COMPACT:
		case GC_COPYING:
			gc_region(g, 0, &lo, &hi);
			if (gc_fit_bump(g, lo, hi, size, addr))
				return true;
			break;
		case GC_GENERATIONAL:
			if (size > g->cfg.young_bytes) {
				gc_region(g, 1, &lo, &hi);
				*old = true;
				if (gc_fit_first(g, lo, hi, size, addr))
					return true;
				break;
			}
			gc_region(g, 0, &lo, &hi);
			if (gc_fit_bump(g, lo, hi, size, addr))
				return true;
			break;
		default:
			gc_region(g, 0, &lo, &hi);
			if (gc_fit_first(g, lo, hi, size, addr))
				return true;
			break;
		}
		if (attempt == 2)
			break;
		/* No room: collect, then try again. */
		if (g->cfg.algorithm == GC_REFCOUNT && !g->cfg.cycles)
			break;
		if (g->cfg.algorithm == GC_GENERATIONAL) {
			bool major = attempt == 1 || *old || g->major_due;
			if (!gc_collect(r, major ? GC_KIND_MAJOR : GC_KIND_MINOR,
					major ? "no room even after a minor collection" :
						"the nursery is full"))
				return false;
			continue;
		}
		if (attempt == 1)
			break;
		if (!gc_collect(r, GC_KIND_FULL,
				"triggered: the allocation does not fit"))
			return false;
	}
	*ok = false;
	return false;
}
