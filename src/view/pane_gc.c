/*
 * pane_gc.c: the garbage-collected heap as a list of objects, in address
 * order.  A header line gives the algorithm, the phase, the space and the
 * work list; each object row shows its label, size, address, what the
 * collector keeps about it (count, colour, generation and age), whether it
 * is a root, and its references.  Objects the current step freed stay one
 * step longer, marked as freed, then disappear; what the step (or
 * micro-step) touched is drawn in ROLE_CHANGED.  Wider panes (zoomed) get
 * the address column and the field names.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/gc.h"
#include "core/util.h"
#include "core/machine.h"
#include "view/pane.h"
#include "view/view.h"

/* True when an event of this step targets object id. */
static bool obj_changed(const struct pane_ctx *pc, uint32_t id)
{
	size_t i;

	for (i = 0; i < pc->nevents; i++)
		if (pane_event_hits(&pc->events[i], TGT_GC_OBJECT, id, -1))
			return true;
	return false;
}

static bool freed_now(const struct gc *g, const struct machine *m,
		      uint32_t id)
{
	size_t i;

	if (g->result_step != m->steps_done)
		return false;
	for (i = 0; i < g->freed.n; i++)
		if (g->freed.v[i] == id)
			return true;
	return false;
}

static int cmp_u64(const void *a, const void *b)
{
	const uint64_t *x = a, *y = b;

	return *x < *y ? -1 : *x > *y;
}

/* What the collector keeps about o, in a few characters. */
static void state_text(const struct gc *g, const struct gc_object *o,
		       bool done, char *out, size_t outsz)
{
	static const char *const colors[] = { "white", "grey", "black" };

	switch (g->cfg.algorithm) {
	case GC_REFCOUNT:
		snprintf(out, outsz, "rc=%u%s", o->rc, o->leaked ? " leak" : "");
		break;
	case GC_GENERATIONAL:
		snprintf(out, outsz, "%s a%u%s%s", o->old ? "old" : "young",
			 o->age, o->color != GC_WHITE ? " mark" : "",
			 o->remembered ? " rem" : "");
		break;
	case GC_INCREMENTAL:
		/*
		 * Between cycles the colours are reset for the next one: an
		 * object is not white (garbage-to-be) then, only uncoloured.
		 */
		if (g->phase == GC_PHASE_IDLE)
			snprintf(out, outsz, "%s", done ? "survived" : "-");
		else
			snprintf(out, outsz, "%s", colors[o->color]);
		break;
	default:
		snprintf(out, outsz, "%s", o->color != GC_WHITE ? "marked"
					   : done && g->phase == GC_PHASE_IDLE
					       ? "survived"
					       : "-");
		break;
	}
}

/* The title of the state column for this collector. */
static const char *state_title(const struct gc *g)
{
	switch (g->cfg.algorithm) {
	case GC_REFCOUNT:
		return "count";
	case GC_GENERATIONAL:
		return "generation";
	case GC_INCREMENTAL:
		return "colour";
	default:
		return "mark";
	}
}

/*
 * Draw the column headings on row 2 when there is room for them and at
 * least one object row; returns whether it did.
 */
static bool total_rows_header(struct pane_ctx *pc, struct rect r, int y)
{
	const struct gc *g = &pc->machine->gc;
	bool wide = r.w >= 90;
	struct style dim = STYLE(ROLE_DIM, ATTR_UNDERLINE);

	if (r.h < y + 3)
		return false;
	canvas_text(pc->canvas, r, 2, y, dim, "root");
	canvas_text(pc->canvas, r, 7, y, dim, "object");
	if (wide)
		canvas_text(pc->canvas, r, 16, y, dim, "address");
	canvas_text(pc->canvas, r, wide ? 28 : 16, y, dim, "size");
	canvas_text(pc->canvas, r, wide ? 34 : 22, y, dim, state_title(g));
	canvas_text(pc->canvas, r, wide ? 51 : 34, y, dim,
		    r.w - (wide ? 51 : 34) >= 10 ? "references" : "refs");
	return true;
}

/*
 * The statistics in one line of at most w columns: collections, what they
 * reclaimed, the longest pause, the share of steps spent collecting, and
 * what only this collector has (promotions; objects leaked by counting;
 * live objects freed without a barrier).  Presentation mode keeps the
 * first two.
 */
static void stats_text(const struct gc *g, const struct machine *m,
		       bool present, int w, char *buf, size_t n)
{
	char extra[96] = "", coll[64];
	double overhead = m->steps_done ? 100.0 * (double)g->gc_steps /
						  (double)m->steps_done : 0.0;
	size_t leaked = 0, k;

	if (g->cfg.algorithm == GC_REFCOUNT)
		leaked = gc_unreachable_count(g, &m->stack);
	if (g->cfg.algorithm == GC_GENERATIONAL)
		snprintf(extra, sizeof extra, "  promoted %llu",
			 (unsigned long long)g->promotions);
	else if (leaked)
		snprintf(extra, sizeof extra, "  leaked %zu", leaked);
	if (g->wrongly_freed)
		snprintf(extra + strlen(extra), sizeof extra - strlen(extra),
			 "  wrongly freed %llu",
			 (unsigned long long)g->wrongly_freed);
	if (present) {
		snprintf(buf, n, "collections %llu  freed %llu object%s%s",
			 (unsigned long long)g->collections,
			 (unsigned long long)g->freed_objects,
			 plural_s(g->freed_objects), extra);
		return;
	}
	/* Longest first, until one fits. */
	for (k = 0; k < 4; k++) {
		int len;
		unsigned long long c = g->collections, f = g->freed_objects,
				   b = g->freed_bytes, p = g->max_pause;

		if (k == 0 && g->cfg.algorithm == GC_GENERATIONAL)
			snprintf(coll, sizeof coll, " (%llu minor, %llu major)",
				 (unsigned long long)g->minor,
				 (unsigned long long)g->major);
		else
			coll[0] = '\0';
		if (k == 0)
			len = snprintf(buf, n, "collections %llu%s  freed %llu object%s, %llu B  max pause %llu step%s  overhead %.0f%%%s",
				 c, coll, f, plural_s(f), b, p, plural_s(p),
				 overhead, extra);
		else if (k == 1)
			len = snprintf(buf, n, "collections %llu  freed %llu (%llu B)  max pause %llu  overhead %.0f%%%s",
				 c, f, b, p, overhead, extra);
		else if (k == 2)
			len = snprintf(buf, n, "collections %llu  freed %llu  overhead %.0f%%%s",
				 c, f, overhead, extra);
		else
			len = snprintf(buf, n, "gc %llu  freed %llu (%llu B)  pause<=%llu  ovh %.0f%%%s",
				 c, f, b, p, overhead, extra);
		if (len >= 0 && len <= w)
			return;
	}
}

void pane_gc_draw(struct pane_ctx *pc)
{
	const struct machine *m = pc->machine;
	const struct gc *g = &m->gc;
	const struct program *p = m->prog;
	struct canvas *c = pc->canvas;
	struct rect r = pc->inner;
	bool wide = r.w >= 90;
	uint64_t *keys;
	uint8_t *held;
	size_t n = 0, i;
	int y, total, first, rows, top;
	char lab[72], buf[200], garbage[40] = "";
	bool done;
	unsigned long long nreach = 0, ngarbage = 0;

	done = g->phase == GC_PHASE_IDLE && g->result_step == m->steps_done &&
	       g->step_phase != NULL;
	/*
	 * Live means reachable: an object nothing reaches is garbage, even
	 * before a collection frees it (counted apart).
	 */
	{
		uint8_t *reach = calloc(g->nobjs ? g->nobjs : 1, 1);
		if (reach) {
			gc_reachable(g, &m->stack, reach);
			for (i = 0; i < g->nobjs; i++)
				if (gc_object(g, (uint32_t)i)->live) {
					if (reach[i])
						nreach++;
					else
						ngarbage++;
				}
			free(reach);
		}
	}
	if (ngarbage)
		snprintf(garbage, sizeof garbage, " + %llu garbage", ngarbage);
	/* header: algorithm, phase, space, work list */
	snprintf(buf, sizeof buf, "%s  phase %s  %llu live%s, %llu B free",
		 gc_algorithm_names[g->cfg.algorithm],
		 /* Idle after this step's work: the collection is over. */
		 g->phase != GC_PHASE_IDLE ? gc_phase_names[g->phase]
		 : (g->result_step == m->steps_done && g->step_phase)
			 ? "done"
			 : gc_phase_names[g->phase],
		 (unsigned long long)nreach, garbage,
		 (unsigned long long)gc_free_bytes(g));
	canvas_text_fit(c, r, 0, 0, r.w, STYLE(ROLE_TITLE, ATTR_BOLD), buf);
	if (r.h < 3)
		return;
	top = 1;
	/* The statistics, when a list of a few objects still fits. */
	if (r.h >= 7) {
		stats_text(g, m, pc->vs && pc->vs->present, r.w, buf,
			   sizeof buf);
		canvas_text_fit(c, r, 0, top++, r.w, STYLE(ROLE_NORMAL, 0),
				buf);
	}
	{
		int x = canvas_text(c, r, 0, top, STYLE(ROLE_DIM, 0), "work: ");
		size_t k;
		if (g->work.n == 0)
			canvas_text(c, r, x, top, STYLE(ROLE_DIM, 0), "-");
		for (k = 0; k < g->work.n && x < r.w; k++) {
			gc_label(g, p, g->work.v[k], lab, sizeof lab);
			x = canvas_printf(c, r, x, top, STYLE(ROLE_NORMAL, 0),
					  "%s ", lab);
		}
		top++;
	}
	/* rows: live objects and those freed by this step, address order */
	keys = malloc((g->nobjs ? g->nobjs : 1) * sizeof *keys);
	for (i = 0; i < g->nobjs; i++) {
		const struct gc_object *o = gc_object(g, (uint32_t)i);
		if (o->live || freed_now(g, m, (uint32_t)i))
			keys[n++] = (o->addr << 20) | i;
	}
	qsort(keys, n, sizeof *keys, cmp_u64);
	/* Which objects a stack slot holds: roots too, shown as "stk". */
	held = calloc(g->nobjs ? g->nobjs : 1, 1);
	{
		uint32_t *ids;
		size_t *slots, nr = gc_roots(g, &m->stack, &ids, &slots), k;
		for (k = 0; k < nr; k++)
			if (slots[k] != SIZE_MAX && held)
				held[ids[k]] = 1;
		free(ids);
		free(slots);
	}
	if (total_rows_header(pc, r, top))
		top++;
	rows = r.h - top;
	total = (int)n;
	first = pane_first_row(pc, total, rows);
	for (y = 0; y < rows && first + y < total; y++) {
		uint32_t id = (uint32_t)(keys[first + y] & 0xfffff);
		const struct gc_object *o = gc_object(g, id);
		bool gone = !o->live;
		bool changed = obj_changed(pc, id);
		struct style st = gone ? STYLE(ROLE_ERROR, 0) :
				  changed ? STYLE(ROLE_CHANGED, ATTR_BOLD) :
				  STYLE(ROLE_NORMAL, 0);
		int x = 0, row = y + r.h - rows;
		unsigned k;
		char state[40];

		gc_label(g, p, id, lab, sizeof lab);
		if (changed || gone)
			canvas_put_glyph(c, r, 0, row, gone ? GLYPH_CROSS : GLYPH_CHANGED,
					 STYLE(st.role, st.attr | ATTR_ROW));
		if (o->rooted && o->live)
			canvas_text(c, r, 2, row, STYLE(ROLE_KEY, 0), "root");
		else if (o->live && held && held[id])
			canvas_text(c, r, 2, row, STYLE(ROLE_KEY, 0), "stk");
		canvas_text_fit(c, r, 7, row, 8, st, lab);
		x = 16;
		if (wide) {
			canvas_printf(c, r, x, row, STYLE(ROLE_DIM, 0), "0x%llx",
				      (unsigned long long)o->addr);
			x += 12;
		}
		canvas_printf(c, r, x, row, STYLE(ROLE_DIM, 0), "%4lluB",
			      (unsigned long long)o->size);
		x += 6;
		if (gone)
			snprintf(state, sizeof state, "%s",
				 o->wrongly_freed ? "FREED LIVE" : "freed");
		else
			state_text(g, o, done, state, sizeof state);
		canvas_text_fit(c, r, x, row, wide ? 16 : 11,
				gone || o->leaked ? STYLE(ROLE_ERROR, 0) : st, state);
		x += wide ? 17 : 12;
		for (k = 0; k < o->nfields && x < r.w; k++) {
			const struct gc_object *t;
			if (o->field_name[k] == SYM_NONE)
				continue;
			if (o->field[k] == GC_NIL) {
				if (wide)
					x = canvas_printf(c, r, x, row,
							  STYLE(ROLE_DIM, 0), "%s=null ",
							  program_name(p, o->field_name[k]));
				continue;
			}
			t = gc_object(g, o->field[k]);
			gc_label(g, p, o->field[k], lab, sizeof lab);
			if (wide)
				x = canvas_printf(c, r, x, row, STYLE(ROLE_DIM, 0),
						  "%s", program_name(p, o->field_name[k]));
			x = canvas_printf(c, r, x, row,
					  t->live ? st : STYLE(ROLE_ERROR, 0),
					  "->%s ", lab);
		}
	}
	if (total == 0 && rows > 0)
		canvas_text(c, r, 0, r.h - rows, STYLE(ROLE_DIM, 0),
			    "no objects yet");
	free(keys);
	free(held);
}
