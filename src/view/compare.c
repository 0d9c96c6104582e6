/*
 * compare.c: the compare screen (see compare.h).
 *
 * Top to bottom: a title row (scenario, step, how many runs fit), a row
 * of run headings ("FIFO 3"), the history rows (one per memory access,
 * newest at the bottom, scrolling back towards the first), a rule, the
 * faults and the hits of each run so far, the Belady line when the
 * anomaly shows at this step, and the status row.  Each run is a column
 * block: its frames, F for a fault, the page evicted.  The page just
 * loaded in the current row is drawn in ROLE_CHANGED (reversed) and the
 * current row has the pointer in column 0, so the step shows without
 * colour; older loads are bold, pages that stayed are dim (the textbook
 * way of drawing the table).  Runs that do not fit the width are left
 * out and the title row says how many.
 */
#include "view/compare.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/engine.h"
#include "core/json.h"
#include "core/machine.h"
#include "core/util.h"
#include "view/vmview.h"

#define MIN_W 30
#define MIN_H 8

struct runinfo {
	struct vmhist h;
	const struct vm *vm;
	int x;          /* first column of its block */
	size_t at;      /* history column of the row being drawn */
};

static int page_width(const struct vm *vm, bool refs, const struct vmhist *h)
{
	size_t i;
	int w = 1;
	char pg[64];
	uint32_t proc;
	uint64_t vpn;

	for (i = 0; i < h->ncols * h->nframes; i++) {
		if (!vmhist_key(h->cell[i], &proc, &vpn))
			continue;
		vmview_page(vm, refs, true, proc, vpn, pg, sizeof pg);
		if ((int)strlen(pg) > w)
			w = (int)strlen(pg);
	}
	for (i = 0; i < h->ncols; i++) {
		vmview_page(vm, refs, true, h->col[i].proc, h->col[i].vpn, pg,
			    sizeof pg);
		if ((int)strlen(pg) + h->col[i].write > w)
			w = (int)strlen(pg) + h->col[i].write;
	}
	return w;
}

/* "FIFO 3" for run r. */
static void run_label(const struct compare_run *r, char *buf, size_t n)
{
	snprintf(buf, n, "%s %llu", vmview_policy_name(r->policy),
		 (unsigned long long)r->frames);
}

static void draw_too_small(struct canvas *c)
{
	struct rect all = canvas_bounds(c);
	char msg[48];

	snprintf(msg, sizeof msg, "too small (need %dx%d)", MIN_W, MIN_H);
	if (c->width >= (int)strlen(msg))
		canvas_text(c, all, (c->width - (int)strlen(msg)) / 2,
			    c->height / 2, STYLE(ROLE_ERROR, ATTR_BOLD), msg);
	else if (c->width > 0 && c->height > 0)
		canvas_text(c, all, 0, 0, STYLE(ROLE_ERROR, ATTR_BOLD), "!");
}

/*
 * The Belady line: a policy that has more faults with more frames at
 * this point.  Returns false when no pair shows it.
 */
static bool belady(const struct compare_view *cv, const struct runinfo *ri,
		   int width, char *buf, size_t n)
{
	size_t a, b;

	for (a = 0; a < cv->nruns; a++) {
		for (b = 0; b < cv->nruns; b++) {
			const struct compare_run *x = &cv->runs[a];
			const struct compare_run *y = &cv->runs[b];
			uint64_t fx = ri[a].vm->st.page_faults;
			uint64_t fy = ri[b].vm->st.page_faults;
			if (x->policy != y->policy || x->frames >= y->frames ||
			    fx >= fy)
				continue;
			snprintf(buf, n,
				 "Belady's anomaly: %s with %llu frames has %llu faults, with %llu only %llu",
				 vmview_policy_name(x->policy),
				 (unsigned long long)y->frames,
				 (unsigned long long)fy,
				 (unsigned long long)x->frames,
				 (unsigned long long)fx);
			if ((int)strlen(buf) > width)
				snprintf(buf, n, "Belady: %s %llu frames %llu faults, %llu frames %llu",
					 vmview_policy_name(x->policy),
					 (unsigned long long)y->frames,
					 (unsigned long long)fy,
					 (unsigned long long)x->frames,
					 (unsigned long long)fx);
			return true;
		}
	}
	return false;
}

void compare_view_draw(struct canvas *c, struct compare_view *cv)
{
	struct rect all = canvas_bounds(c);
	struct runinfo *ri;
	const struct engine *e0;
	bool refs, victim_col = true, anomaly;
	int cw = 2, vw = 1, blockw = 0, refw, shown, rows, hist_top, y;
	int bottom, k, first, nrows;
	size_t i, maxcount = 0, maxcols;
	char buf[256], lab[48];

	canvas_clear(c);
	cv->scroll_max = 0;
	cv->page = 0;
	if (c->width < MIN_W || c->height < MIN_H || cv->nruns == 0) {
		draw_too_small(c);
		return;
	}
	e0 = cv->runs[0].e;
	refs = vmview_refs_only(engine_program(e0));
	anomaly = false;
	bottom = c->height - 5;         /* rule, faults, hits, note, status */
	hist_top = 2;
	rows = bottom - hist_top;
	if (rows < 1) {
		draw_too_small(c);
		return;
	}
	maxcols = (size_t)rows + (size_t)(cv->scroll > 0 ? cv->scroll : 0);
	ri = xcalloc(cv->nruns, sizeof *ri);
	for (i = 0; i < cv->nruns; i++) {
		int w;
		ri[i].vm = &engine_machine(cv->runs[i].e)->vm;
		vmhist_build(&ri[i].h, cv->runs[i].e, maxcols);
		w = page_width(ri[i].vm, refs, &ri[i].h);
		if (w + 1 > cw)
			cw = w + 1;
		if (w > vw)
			vw = w;
		if (engine_count(cv->runs[i].e) > maxcount)
			maxcount = engine_count(cv->runs[i].e);
	}
	refw = vw + 3; /* pointer, page, gap */

	/* Block width: frames, "F", the victim; at least the heading. */
	for (;;) {
		blockw = 0;
		for (i = 0; i < cv->nruns; i++) {
			int w = (int)ri[i].h.nframes * cw + 2 +
				(victim_col ? vw + 1 : 0);
			run_label(&cv->runs[i], lab, sizeof lab);
			if ((int)strlen(lab) + 1 > w)
				w = (int)strlen(lab) + 1;
			if (w < 10)
				w = 10; /* "faults 10" */
			if (w > blockw)
				blockw = w;
		}
		blockw++; /* the separator */
		if (!victim_col ||
		    refw + (int)cv->nruns * blockw <= c->width)
			break;
		victim_col = false;
	}
	/* Spare width widens the blocks a little (room for "8 (43%)"). */
	if (refw + (int)cv->nruns * blockw < c->width) {
		int wide = (c->width - refw) / (int)cv->nruns;
		blockw = wide < 16 ? wide : 16;
	}
	shown = (c->width - refw) / blockw;
	if (shown > (int)cv->nruns)
		shown = (int)cv->nruns;
	if (shown < 1)
		shown = 1;
	for (i = 0; i < (size_t)shown; i++)
		ri[i].x = refw + (int)i * blockw;

	/* Title row. */
	snprintf(buf, sizeof buf, "compare: %s  step %zu/%zu",
		 cv->title && *cv->title ? cv->title : "runs",
		 engine_pos(e0), maxcount);
	if ((size_t)shown < cv->nruns)
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf),
			 "  (%d of %zu runs fit: widen the terminal)", shown,
			 cv->nruns);
	canvas_text_fit(c, all, 0, 0, c->width, STYLE(ROLE_TITLE, ATTR_BOLD),
			buf);

	/* Headings. */
	canvas_text(c, all, 1, 1, STYLE(ROLE_DIM, ATTR_UNDERLINE), "ref");
	for (i = 0; i < (size_t)shown; i++) {
		canvas_put_glyph(c, all, ri[i].x, 1, GLYPH_VLINE,
				 STYLE(ROLE_BORDER, 0));
		run_label(&cv->runs[i], lab, sizeof lab);
		canvas_text_fit(c, all, ri[i].x + 1, 1, blockw - 1,
				STYLE(ROLE_TITLE, ATTR_BOLD), lab);
	}

	/* History rows, aligned on run 0's accesses. */
	nrows = (int)ri[0].h.ncols; /* the last rows + scroll accesses */
	cv->scroll_max = (int)ri[0].h.total > rows ? (int)ri[0].h.total - rows
						   : 0;
	cv->page = rows;
	first = nrows - rows - (cv->scroll < 0 ? 0 :
				cv->scroll > cv->scroll_max ? cv->scroll_max :
							      cv->scroll);
	if (first < 0)
		first = 0;
	if (nrows == 0)
		canvas_text_fit(c, all, 1, hist_top, c->width - 1,
				STYLE(ROLE_DIM, 0),
				"(no memory access yet: Space steps all runs)");
	for (k = 0; k < rows && first + k < nrows; k++) {
		const struct vmhist_col *c0 = &ri[0].h.col[first + k];
		bool now = c0->step == engine_pos(e0) &&
			   first + k == nrows - 1;
		char pg[64];

		y = hist_top + k;
		vmview_page(ri[0].vm, refs, true, c0->proc, c0->vpn, pg,
			    sizeof pg);
		if (c0->write)
			strcat(pg, "w");
		canvas_printf(c, all, 1, y,
			      now ? STYLE(ROLE_CURRENT, ATTR_BOLD | ATTR_REVERSE)
				  : STYLE(ROLE_NORMAL, 0),
			      "%*s", vw, pg);
		if (now)
			canvas_put_glyph(c, all, 0, y, GLYPH_POINTER,
					 STYLE(ROLE_CURRENT, ATTR_BOLD));
		for (i = 0; i < (size_t)shown; i++) {
			const struct vmhist *h = &ri[i].h;
			const struct vmhist_col *col = NULL;
			uint32_t f;
			int x = ri[i].x + 1;
			size_t j;

			canvas_put_glyph(c, all, ri[i].x, y, GLYPH_VLINE,
					 STYLE(ROLE_BORDER, 0));
			/* The same access in this run (same step). */
			for (j = h->ncols; j-- > 0;) {
				if (h->col[j].step == c0->step) {
					col = &h->col[j];
					break;
				}
				if (h->col[j].step < c0->step)
					break;
			}
			if (col == NULL)
				continue;
			j = (size_t)(col - h->col);
			for (f = 0; f < h->nframes; f++, x += cw) {
				uint32_t proc;
				uint64_t vpn;
				bool loaded = !col->hit && col->frame == f;
				struct style st;
				if (!vmhist_key(h->cell[j * h->nframes + f],
						&proc, &vpn)) {
					canvas_text(c, all, x, y,
						    STYLE(ROLE_DIM, 0), ".");
					continue;
				}
				vmview_page(ri[i].vm, refs, true, proc, vpn, pg,
					    sizeof pg);
				st = loaded && now ? STYLE(ROLE_CHANGED,
							   ATTR_BOLD | ATTR_REVERSE)
				     : loaded      ? STYLE(ROLE_NORMAL, ATTR_BOLD)
						   : STYLE(ROLE_DIM, 0);
				canvas_text(c, all, x, y, st, pg);
			}
			if (col->segfault)
				canvas_text(c, all, x, y,
					    STYLE(ROLE_ERROR, ATTR_BOLD), "S");
			else if (!col->hit)
				canvas_text(c, all, x, y,
					    now ? STYLE(ROLE_CHANGED, ATTR_BOLD)
						: STYLE(ROLE_NORMAL, ATTR_BOLD),
					    "F");
			if (victim_col && col->evicted) {
				vmview_page(ri[i].vm, refs, true,
					    col->evicted_proc, col->evicted_vpn,
					    pg, sizeof pg);
				canvas_text(c, all, x + 2, y,
					    now ? STYLE(ROLE_CHANGED, 0)
						: STYLE(ROLE_DIM, 0),
					    pg);
			}
		}
	}
	if (first > 0 || ri[0].h.total > ri[0].h.ncols)
		canvas_put_glyph(c, all, 0, hist_top, GLYPH_ARROW_UP,
				 STYLE(ROLE_DIM, ATTR_BOLD));

	/* Totals. */
	y = bottom;
	canvas_hline(c, all, y, STYLE(ROLE_BORDER, 0));
	{
		uint64_t best = UINT64_MAX;
		for (i = 0; i < (size_t)shown; i++)
			if (ri[i].vm->st.page_faults < best)
				best = ri[i].vm->st.page_faults;
		for (i = 0; i < (size_t)shown; i++) {
			const struct vm_stats *s = &ri[i].vm->st;
			double ratio = s->references
					       ? 100.0 * (double)s->hits /
							 (double)s->references
					       : 0.0;
			bool top = s->page_faults == best && shown > 1 &&
				   s->references;
			canvas_printf(c, all, ri[i].x + 1, y + 1,
				      top ? STYLE(ROLE_TITLE, ATTR_BOLD)
					  : STYLE(ROLE_NORMAL, 0),
				      "faults %llu",
				      (unsigned long long)s->page_faults);
			if (blockw - 1 >= 14)
				canvas_printf(c, all, ri[i].x + 1, y + 2,
					      STYLE(ROLE_NORMAL, 0),
					      "hits %llu %.0f%%",
					      (unsigned long long)s->hits, ratio);
			else
				canvas_printf(c, all, ri[i].x + 1, y + 2,
					      STYLE(ROLE_NORMAL, 0), "hits %.0f%%",
					      ratio);
		}
	}
	anomaly = belady(cv, ri, c->width, buf, sizeof buf);
	if (anomaly)
		canvas_text_fit(c, all, 0, y + 3, c->width,
				STYLE(ROLE_ERROR, ATTR_BOLD), buf);

	/* Status row. */
	if (cv->message && *cv->message)
		canvas_text_fit(c, all, 0, c->height - 1, c->width,
				cv->message_error ? STYLE(ROLE_ERROR, ATTR_BOLD)
						  : STYLE(ROLE_STATUS, 0),
				cv->message);
	else if (cv->hints)
		canvas_text_fit(c, all, 0, c->height - 1, c->width,
				STYLE(ROLE_STATUS, 0), cv->hints);

	for (i = 0; i < cv->nruns; i++)
		vmhist_free(&ri[i].h);
	free(ri);
}

void compare_table(const char *title, const struct vm_compare_result *res,
		   size_t n, bool json, struct strbuf *out)
{
	size_t i;

	if (!json) {
		if (title && *title)
			strbuf_printf(out, "# %s\n", title);
		strbuf_printf(out, "%-8s %6s %10s %8s %8s %9s\n", "policy",
			      "frames", "references", "faults", "hits",
			      "hit ratio");
	}
	for (i = 0; i < n; i++) {
		const struct vm_compare_result *r = &res[i];
		const char *name = replace_policy_names[r->policy];
		struct json j;

		if (!json) {
			strbuf_printf(out, "%-8s %6llu %10llu %8llu %8llu %8.1f%%%s\n",
				      name, (unsigned long long)r->frames,
				      (unsigned long long)r->references,
				      (unsigned long long)r->page_faults,
				      (unsigned long long)r->hits,
				      100.0 * r->hit_ratio,
				      r->crashed ? "  (crashed)" : "");
			continue;
		}
		json_init(&j, out);
		json_begin_object(&j);
		json_kv_string(&j, "policy", name);
		json_kv_uint(&j, "frames", r->frames);
		json_kv_uint(&j, "references", r->references);
		json_kv_uint(&j, "page_faults", r->page_faults);
		json_kv_uint(&j, "hits", r->hits);
		json_kv_uint(&j, "evictions", r->evictions);
		json_kv_uint(&j, "writebacks", r->writebacks);
		json_kv_double(&j, "hit_ratio", r->hit_ratio);
		json_kv_bool(&j, "crashed", r->crashed);
		json_end_object(&j);
		strbuf_putc(out, '\n');
	}
}
