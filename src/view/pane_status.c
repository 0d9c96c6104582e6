/*
 * pane_status.c: the status line, one row in reverse video.  From the left:
 * the position ("step 3/12", and "event 1/2" in micro-step mode), autoplay,
 * the current chapter's name (always, cut to a third of the row when a
 * message needs room), then either the prompt being answered, the message,
 * or the scenario title; the key hints sit on the right.  When the row is
 * short, the title goes first, then the hints shrink to their first one,
 * and the middle part is cut with an ellipsis; the position always shows.
 * In presentation mode the position reads "step 3 of 12" and there are no
 * key hints.
 */
#include <stdio.h>
#include <string.h>

#include "core/engine.h"
#include "core/program.h"
#include "view/pane.h"
#include "view/view.h"

/* The scenario title, or the file's base name without one. */
static const char *scenario_title(const struct program *p)
{
	const char *slash;

	if (p->config.title && *p->config.title)
		return p->config.title;
	slash = strrchr(p->file, '/');
	return slash ? slash + 1 : p->file;
}

void pane_status_draw(struct pane_ctx *pc)
{
	const struct view_state *vs = pc->vs;
	const struct program *p = engine_program(pc->engine);
	struct canvas *c = pc->canvas;
	struct rect r = pc->inner;
	struct style base = STYLE(ROLE_STATUS, ATTR_REVERSE);
	struct style bold = STYLE(ROLE_STATUS, ATTR_REVERSE | ATTR_BOLD);
	size_t pos = engine_pos(pc->engine);
	const char *hints = vs->hints ? vs->hints : "? help  q quit";
	const char *chapter = pos ? program_chapter(p, pos - 1) : NULL;
	char left[96], middle[VIEW_MESSAGE_MAX + 64], short_hints[32];
	int x, right_w, mid_w;

	canvas_fill(c, r, ' ', base);
	snprintf(left, sizeof left, vs->present ? " step %zu of %zu "
						: " step %zu/%zu ",
		 pos, engine_count(pc->engine));
	if (vs->micro)
		snprintf(left + strlen(left), sizeof left - strlen(left),
			 " event %zu/%zu ", engine_event_pos(pc->engine),
			 engine_event_count(pc->engine));
	x = canvas_text(c, r, 0, 0, bold, left);
	if (vs->score)
		x = canvas_printf(c, r, x, 0, bold, "%s ", vs->score);
	if (vs->playing)
		x = canvas_printf(c, r, x, 0, bold, "[playing %d ms] ",
				  vs->delay_ms);
	if (vs->present && !vs->prompt)
		hints = "";

	/*
	 * Hints: whole, or only the first "key word" pair if space is short
	 * or a message or prompt needs the room.
	 */
	right_w = canvas_text_width(hints);
	if (r.w - x - right_w < 20 || vs->prompt || vs->message[0]) {
		const char *gap = strstr(hints, "  ");
		size_t n = gap ? (size_t)(gap - hints) : strlen(hints);
		if (n >= sizeof short_hints)
			n = sizeof short_hints - 1;
		memcpy(short_hints, hints, n);
		short_hints[n] = '\0';
		hints = short_hints;
		right_w = canvas_text_width(hints);
	}
	if (r.w - x - right_w < 8 || hints[0] == '\0')
		right_w = -1; /* no room for hints at all */
	if (right_w > 0)
		canvas_text(c, r, r.w - right_w - 1, 0,
			    STYLE(ROLE_KEY, ATTR_REVERSE), hints);
	mid_w = r.w - x - (right_w > 0 ? right_w + 3 : 1);

	/* The chapter, always; a third of the room when more follows. */
	if (chapter && (vs->prompt || vs->message[0]) && mid_w > 24) {
		int cw = canvas_text_width(chapter) + 1;
		int room = mid_w / 3 > 12 ? mid_w / 3 : 12;

		cw = canvas_text_fit(c, r, x + 1, 0, cw < room ? cw : room,
				     STYLE(ROLE_MARK, ATTR_REVERSE | ATTR_BOLD),
				     chapter) +
		     2;
		x += cw;
		mid_w -= cw;
	}
	if (vs->prompt) {
		snprintf(middle, sizeof middle, "%s%s_", vs->prompt, vs->input);
		canvas_text_fit(c, r, x + 1, 0, mid_w, bold, middle);
	} else if (vs->message[0]) {
		canvas_text_fit(c, r, x + 1, 0, mid_w,
				vs->message_error
					? STYLE(ROLE_ERROR, ATTR_REVERSE | ATTR_BOLD)
					: bold,
				vs->message);
	} else {
		int used = 0;
		if (chapter) {
			snprintf(middle, sizeof middle, "%s", chapter);
			used = canvas_text_fit(c, r, x + 1, 0, mid_w,
					       STYLE(ROLE_MARK, ATTR_REVERSE |
								ATTR_BOLD),
					       middle) + 3;
		}
		if (mid_w - used > 8)
			canvas_text_fit(c, r, x + 1 + used, 0, mid_w - used,
					base, scenario_title(p));
	}
}
