/*
 * pane_question.c: the narration pane while a quiz question is on screen
 * (the application sets view_state.question; the engine stays at the step
 * before, so the other panes show the state the question is about).  A
 * heading, the question in bold, wrapped, then the hint on answering,
 * dimmed.  In presentation mode, for a room reading from afar, the
 * question is set off by blank lines and centred when it fits one row.
 */
#include <string.h>

#include "view/pane.h"
#include "view/view.h"

#define QUESTION_WRAP 16

/* Draw text wrapped from row y; returns the row after it. */
static int wrapped(struct pane_ctx *pc, struct rect r, int y, const char *s,
		   struct style st, bool centre)
{
	struct wrap_line wl[QUESTION_WRAP];
	int n = canvas_wrap(s, r.w - 2 > 4 ? r.w - 2 : 4, wl, QUESTION_WRAP);
	int i;

	if (n > QUESTION_WRAP)
		n = QUESTION_WRAP;
	for (i = 0; i < n && y < r.h; i++, y++) {
		int x = 1;

		if (centre && n == 1)
			x = (r.w - canvas_textn_width(s + wl[i].start,
						      wl[i].len)) / 2;
		canvas_textn(pc->canvas, r, x > 1 ? x : 1, y, st,
			     s + wl[i].start, wl[i].len);
	}
	return y;
}

void pane_question_draw(struct pane_ctx *pc)
{
	const struct view_state *vs = pc->vs;
	struct rect r = pc->inner;
	bool big = vs->present;
	int y = 0;

	pc->scroll_max = 0;
	if (vs->question_head) {
		canvas_put_glyph(pc->canvas, r, 0, y, GLYPH_POINTER,
				 STYLE(ROLE_MARK, ATTR_BOLD));
		canvas_text_fit(pc->canvas, r, 2, y, r.w - 2,
				STYLE(ROLE_MARK, ATTR_BOLD), vs->question_head);
		y++;
	}
	if (big && r.h >= 5)
		y++;
	y = wrapped(pc, r, y, vs->question,
		    STYLE(ROLE_CURRENT, ATTR_BOLD | (big ? ATTR_UNDERLINE : 0)),
		    big);
	if (big && r.h >= 5)
		y++;
	if (vs->question_hint && y < r.h)
		wrapped(pc, r, y, vs->question_hint, STYLE(ROLE_DIM, 0), false);
}
