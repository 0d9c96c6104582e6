/*
 * pane_timeline.c: the whole run as one row.  Steps map onto the columns
 * left to right (several steps share a column when the run is longer than
 * the row); the part already done is a heavy line, the rest a light one,
 * chapter markers are diamonds, errors crosses, page faults small
 * triangles, and the current position a knob.  When steps share a column
 * the error wins over the marker, the marker over the fault.  The step
 * count closes the row.  Flagged steps are found with engine_find, so the
 * cost follows the number of flagged steps, not of steps.
 */
#include <stdio.h>
#include <string.h>

#include "core/engine.h"
#include "view/pane.h"
#include "view/view.h"

/* Column (0..w-1) of step k (0..n) on a bar w columns wide. */
static int column_of(size_t k, size_t n, int w)
{
	if (n == 0 || w <= 1)
		return 0;
	return (int)((unsigned long long)k * (unsigned long long)(w - 1) / n);
}

void pane_timeline_draw(struct pane_ctx *pc)
{
	struct canvas *c = pc->canvas;
	struct rect r = pc->inner;
	size_t n = engine_count(pc->engine), pos = engine_pos(pc->engine), k;
	const uint32_t mask = EVF_MARK | EVF_ERROR | EVF_FAULT;
	unsigned char rank[1024]; /* per column: 3 error, 2 marker, 1 fault */
	char label[48];
	int w, x, knob;

	snprintf(label, sizeof label, " %zu step%s ", n, n == 1 ? "" : "s");
	w = r.w - 2 - canvas_text_width(label);
	if (w < 8) {
		w = r.w - 2;
		label[0] = '\0';
	}
	if (w < 2)
		return;
	if (w > (int)sizeof rank)
		w = (int)sizeof rank;
	memset(rank, 0, sizeof rank);
	knob = column_of(pos, n, w);
	for (x = 0; x < w; x++)
		canvas_put_glyph(c, r, 1 + x, 0,
				 x < knob ? GLYPH_DONE : GLYPH_TODO,
				 STYLE(ROLE_TIMELINE, x < knob ? ATTR_BOLD : 0));
	for (k = engine_find(pc->engine, 0, mask, 1); k;
	     k = engine_find(pc->engine, k, mask, 1)) {
		uint32_t f = engine_flags(pc->engine, k);
		int col = column_of(k, n, w);
		unsigned char want = (f & EVF_ERROR) ? 3 : (f & EVF_MARK) ? 2 : 1;

		if (rank[col] >= want)
			continue;
		rank[col] = want;
		if (want == 3)
			canvas_put_glyph(c, r, 1 + col, 0, GLYPH_CROSS,
					 STYLE(ROLE_ERROR, ATTR_BOLD));
		else if (want == 2)
			canvas_put_glyph(c, r, 1 + col, 0, GLYPH_DIAMOND,
					 STYLE(ROLE_MARK, ATTR_BOLD));
		else
			canvas_put_glyph(c, r, 1 + col, 0, GLYPH_FAULT,
					 STYLE(ROLE_PAGE_ABSENT, 0));
	}
	canvas_put_glyph(c, r, 1 + knob, 0, GLYPH_KNOB,
			 STYLE(ROLE_CURRENT, ATTR_BOLD | ATTR_REVERSE));
	canvas_text(c, r, 1 + w, 0, STYLE(ROLE_DIM, 0), label);
}
