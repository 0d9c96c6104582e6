/*
 * sidebyside.c: the side-by-side screen (see sidebyside.h).  Columns
 * share the width equally (at least 20 columns each; runs that do not
 * fit are named in the status line); every column's pane is drawn by the
 * pane table's draw function, exactly as in the single view.
 */
#include "view/sidebyside.h"

#include <stdio.h>
#include <string.h>

#include "core/engine.h"
#include "core/event.h"
#include "core/heap.h"
#include "core/json.h"
#include "core/machine.h"
#include "core/program.h"
#include "core/util.h"
#include "view/layout.h"
#include "view/pane.h"

#define MIN_COLUMN 20

void sbs_heap_figures(const struct engine *e, char *out, size_t n)
{
	const struct heap *h = &engine_machine(e)->heap;
	struct heap_totals t;

	heap_totals(h, &t);
	snprintf(out, n, "free list %u  failed %llu  ext %.0f%%  int %.0f%%",
		 t.free_blocks, (unsigned long long)h->failures,
		 t.external * 100.0, t.internal * 100.0);
}

/* The last event's text of the run's current step, or "". */
static const char *last_text(struct engine *e)
{
	size_t n;
	const struct event *ev = engine_events(e, &n);

	return n ? ev[n - 1].text : "";
}

static void draw_events(struct canvas *c, struct rect r, struct engine *e)
{
	size_t n, i;
	const struct event *ev = engine_events(e, &n);
	int y = 0;

	for (i = 0; i < n && y < r.h; i++) {
		struct wrap_line lines[16];
		int k, m = canvas_wrap(ev[i].text, r.w, lines, 16);
		if (m > 16)
			m = 16;
		for (k = 0; k < m && y < r.h; k++, y++)
			canvas_textn(c, r, 0, y,
				     STYLE((ev[i].flags & EVF_ERROR) ? ROLE_ERROR
								     : ROLE_NORMAL, 0),
				     ev[i].text + lines[k].start,
				     lines[k].len);
	}
	if (n == 0)
		canvas_text(c, r, 0, 0, STYLE(ROLE_DIM, 0),
			    "(step 0: nothing has happened yet)");
}

static void draw_column(struct canvas *c, const struct sbs_view *v,
			const struct sbs_run *run, struct rect col)
{
	struct rect box = col, below;
	bool heap = v->pane_id == PANE_ID_HEAP;
	int fig_rows = heap ? 4 : 2, text_row = heap ? 2 : 0;
	char fig[128];

	box.h = col.h - fig_rows;
	below.x = col.x;
	below.y = col.y + box.h;
	below.w = col.w - 1; /* a blank column between the runs' texts */
	below.h = fig_rows;
	/* The heap pane names its policy on the border itself: the label
	 * only when it says more ("slab (no caches)"). */
	canvas_box(c, box, STYLE(ROLE_BORDER, 0),
		   v->pane_id == PANE_ID_HEAP && v->policies && !v->explain &&
				   run->name && strcmp(run->label, run->name) == 0
			   ? NULL : run->label,
		   STYLE(ROLE_TITLE, ATTR_BOLD));
	if (v->explain) {
		draw_events(c, rect_inset(box, 1), run->e);
	} else {
		const struct pane_ops *ops = pane_get(v->pane_id);
		struct pane_ctx pc;

		memset(&pc, 0, sizeof pc);
		pc.canvas = c;
		pc.area = box;
		pc.inner = rect_inset(box, 1);
		pc.engine = run->e;
		pc.machine = engine_machine(run->e);
		pc.events = engine_events(run->e, &pc.nevents);
		pc.scroll = v->scroll;
		ops->draw(&pc);
	}
	if (heap) {
		/* Two rows: "free list 3  failed 0" / "ext 42%  int 11%". */
		char *ext;
		sbs_heap_figures(run->e, fig, sizeof fig);
		ext = strstr(fig, "  ext ");
		if (ext && (int)strlen(fig) > below.w) {
			*ext = '\0';
			canvas_text_fit(c, below, 0, 1, below.w,
					STYLE(ROLE_NORMAL, 0), ext + 2);
		}
		canvas_text_fit(c, below, 0, 0, below.w, STYLE(ROLE_NORMAL, 0),
				fig);
	}
	{
		struct wrap_line lines[2];
		const char *t = last_text(run->e);
		int k, m = canvas_wrap(t, below.w, lines, 2);
		if (m > 2)
			m = 2;
		for (k = 0; k < m && k + text_row < below.h; k++)
			canvas_textn(c, below, 0, k + text_row,
				     STYLE(ROLE_DIM, 0),
				     t + lines[k].start, lines[k].len);
	}
}

void sbs_view_draw(struct canvas *c, const struct sbs_view *v)
{
	struct rect all = canvas_bounds(c), cols, status, note_r;
	size_t shown, i, pos = 0, count = 0;
	const struct program *p;
	const char *note;
	int w;

	canvas_clear(c);
	if (v->nruns == 0 || all.w < MIN_COLUMN || all.h < 10) {
		canvas_text(c, all, 0, 0, STYLE(ROLE_ERROR, 0),
			    "terminal too small");
		return;
	}
	p = engine_program(v->runs[0].e);
	for (i = 0; i < v->nruns; i++) {
		if (engine_count(v->runs[i].e) > count)
			count = engine_count(v->runs[i].e);
	}
	pos = engine_pos(v->runs[0].e);
	canvas_printf(c, all, 0, 0, STYLE(ROLE_TITLE, ATTR_BOLD), "%s",
		      v->title ? v->title : "compare");
	{
		char s[48];
		int len = snprintf(s, sizeof s, "step %zu/%zu", pos, count);
		canvas_text(c, all, all.w - len, 0, STYLE(ROLE_CURRENT, 0), s);
	}
	shown = (size_t)(all.w / MIN_COLUMN);
	if (shown > v->nruns)
		shown = v->nruns;
	w = all.w / (int)shown;
	cols.x = 0;
	cols.y = 1;
	cols.w = all.w;
	cols.h = all.h - 4;
	note_r.x = 0;
	note_r.y = all.h - 3;
	note_r.w = all.w;
	note_r.h = 2;
	status.x = 0;
	status.y = all.h - 1;
	status.w = all.w;
	status.h = 1;
	for (i = 0; i < shown; i++) {
		struct rect col = cols;
		col.x = (int)i * w;
		col.w = i + 1 == shown ? all.w - col.x : w;
		draw_column(c, v, &v->runs[i], col);
	}
	note = pos > 0 ? program_note(p, pos - 1) : NULL;
	if (note) {
		struct wrap_line lines[2];
		int k, m = canvas_wrap(note, note_r.w, lines, 2);
		if (m > 2)
			m = 2;
		for (k = 0; k < m; k++)
			canvas_textn(c, note_r, 0, k, STYLE(ROLE_NOTE, 0),
				     note + lines[k].start, lines[k].len);
	}
	canvas_fill(c, status, ' ', STYLE(ROLE_STATUS, 0));
	if (v->message && v->message[0])
		canvas_text_fit(c, status, 0, 0, status.w,
				STYLE(v->message_error ? ROLE_ERROR : ROLE_STATUS,
				      0),
				v->message);
	else if (shown < v->nruns)
		canvas_printf(c, status, 0, 0, STYLE(ROLE_STATUS, 0),
			      "%zu of %zu runs fit: widen the terminal",
			      shown, v->nruns);
	else if (v->hints)
		canvas_text_fit(c, status, 0, 0, status.w,
				STYLE(ROLE_STATUS, 0), v->hints);
}

void sbs_summary(const struct sbs_run *runs, size_t n, const char *title,
		 const char *key, bool json, struct strbuf *out)
{
	size_t i;

	if (!json)
		strbuf_printf(out, "# %s: %s\n", title ? title : "compare",
			      key ? key : "heap policies");
	for (i = 0; i < n; i++) {
		struct engine *e = runs[i].e;
		const struct machine *m;
		struct json j;

		engine_goto(e, engine_count(e));
		m = engine_machine(e);
		if (!json) {
			char fig[128];
			if (m->prog->config.uses & USES_HEAP) {
				sbs_heap_figures(e, fig, sizeof fig);
				strbuf_printf(out, "%-12s %s\n", runs[i].label, fig);
			} else {
				strbuf_printf(out, "%-12s ", runs[i].label);
			}
			strbuf_puts(out, "  summary: ");
		}
		json_init(&j, out);
		json_begin_object(&j);
		if (json) {
			if (key == NULL) {
				json_kv_string(&j, "policy", runs[i].name);
			} else {
				json_kv_string(&j, "vary", key);
				json_kv_string(&j, "value", runs[i].name);
			}
			json_key(&j, "summary");
			json_begin_object(&j);
		}
		machine_json_summary(m, &j);
		if (json)
			json_end_object(&j);
		json_end_object(&j);
		strbuf_putc(out, '\n');
	}
}
