/*
 * pane_narration.c: what happened, in sentences.  The history of steps
 * runs down the pane, oldest first, the current step last and emphasised
 * (a pointer glyph and bold), each entry "12  sentence sentence", wrapped
 * on word boundaries with continuation lines indented under the text.  A
 * chapter marker gets a heading line before its step.  In micro-step mode
 * the current step is shown event by event.  The scenario's note for the
 * current step sits below the history, set apart, so it is read first.
 * In presentation mode a blank line separates the entries.  In brief mode
 * (--brief, key b) each step is one short line (see brief.h); the full
 * text is one key away (e).
 *
 * Only the entries that can be seen are narrated (engine_narrate replays
 * from a checkpoint, so the cost follows the pane's height plus how far
 * back it is scrolled, never the length of the run).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/engine.h"
#include "core/machine.h"
#include "core/util.h"
#include "view/brief.h"
#include "view/pane.h"
#include "view/view.h"

#define MAX_WRAP 64

/* One display line of the history. */
struct nline {
	const char *text; /* points into an entry's text */
	size_t len;
	int indent;       /* columns before the text */
	int number;       /* step number to print (first line), or 0 */
	struct style st;
	bool pointer;     /* draw the current-step pointer */
	bool heading;     /* a chapter heading: draw rules around it */
};

struct history {
	struct nline *lines;
	size_t n, cap;
	char **texts; /* entry texts, owned */
	size_t ntexts, texts_cap;
};

static void collect_event(const struct event *ev, void *arg)
{
	struct strbuf *sb = arg;

	if (ev->text[0] == '\0')
		return;
	if (sb->len)
		strbuf_putc(sb, ' ');
	strbuf_puts(sb, ev->text);
}

static char *keep_text(struct history *h, char *text)
{
	h->texts = xgrow(h->texts, &h->texts_cap, h->ntexts + 1,
			 sizeof *h->texts);
	h->texts[h->ntexts++] = text;
	return text;
}

/*
 * Wrap `text` into lines and add them in front of the history (which is
 * built newest first and reversed at the end).
 */
static void add_entry(struct history *h, const char *text, int width,
		      int indent, int number, struct style st, bool pointer,
		      bool heading)
{
	struct wrap_line wl[MAX_WRAP];
	int n = canvas_wrap(text, width - indent > 4 ? width - indent : 4, wl,
			    MAX_WRAP);
	int i;

	if (n > MAX_WRAP)
		n = MAX_WRAP;
	/* Newest first: add the entry's lines bottom to top. */
	for (i = n - 1; i >= 0; i--) {
		struct nline *l;
		h->lines = xgrow(h->lines, &h->cap, h->n + 1, sizeof *h->lines);
		l = &h->lines[h->n++];
		l->text = text + wl[i].start;
		l->len = wl[i].len;
		l->indent = indent;
		l->number = i == 0 ? number : 0;
		l->st = st;
		l->pointer = pointer && i == 0;
		l->heading = heading;
	}
}

static int digits(size_t v)
{
	int d = 1;

	while (v >= 10) {
		v /= 10;
		d++;
	}
	return d;
}

/* Add a chapter heading if step k starts one. */
static void add_heading(struct history *h, const struct program *p, size_t k,
			int width)
{
	const char *mark = program_mark(p, k - 1);
	char *t;
	struct strbuf sb;

	if (mark == NULL)
		return;
	strbuf_init(&sb);
	strbuf_puts(&sb, mark);
	t = keep_text(h, strbuf_detach(&sb));
	add_entry(h, t, width, 0, 0, STYLE(ROLE_MARK, ATTR_BOLD), false, true);
}

/*
 * The current step: whole, or event by event in micro-step mode.  Returns
 * how many lines the part being read out takes: the whole step, or in
 * micro-step mode the newest event (the pane scrolls to keep it shown).
 */
static int add_current(struct history *h, struct pane_ctx *pc, size_t k,
		       int width, int indent)
{
	struct style cur = STYLE(ROLE_CURRENT, ATTR_BOLD);
	struct strbuf sb;
	size_t i, before = h->n;
	int newest_lines = 0;

	if (engine_flags(pc->engine, k) & EVF_ERROR)
		cur = STYLE(ROLE_ERROR, ATTR_BOLD);
	if (pc->vs->brief && !pc->vs->micro) {
		strbuf_init(&sb);
		brief_step(&sb, pc->events, pc->nevents);
		add_entry(h, keep_text(h, strbuf_detach(&sb)), width, indent,
			  (int)k, cur, true, false);
		return (int)(h->n - before);
	}
	if (pc->vs->micro && pc->nevents > 0) {
		/* Newest event last: add in reverse, newest first. */
		for (i = pc->nevents; i-- > 0;) {
			const char *t = pc->events[i].text;
			bool newest = i + 1 == pc->nevents;
			add_entry(h, t, width, indent + 2, 0,
				  newest ? cur : STYLE(ROLE_NORMAL, 0), newest,
				  false);
			if (newest)
				newest_lines = (int)(h->n - before);
		}
		strbuf_init(&sb);
		strbuf_printf(&sb, "event %zu/%zu:", engine_event_pos(pc->engine),
			      engine_event_count(pc->engine));
		add_entry(h, keep_text(h, strbuf_detach(&sb)), width, indent,
			  (int)k, cur, false, false);
		/* The first event: its "event 1/N:" header shows with it. */
		if (pc->nevents == 1)
			newest_lines = (int)(h->n - before);
		return newest_lines;
	}
	strbuf_init(&sb);
	for (i = 0; i < pc->nevents; i++)
		collect_event(&pc->events[i], &sb);
	if (pc->vs->micro && pc->nevents == 0)
		strbuf_printf(&sb, "(event 0/%zu: nothing applied yet)",
			      engine_event_count(pc->engine));
	add_entry(h, keep_text(h, strbuf_detach(&sb)), width, indent, (int)k,
		  cur, true, false);
	return (int)(h->n - before);
}

static void free_history(struct history *h)
{
	size_t i;

	for (i = 0; i < h->ntexts; i++)
		free(h->texts[i]);
	free(h->texts);
	free(h->lines);
}

/*
 * Rows for the note when the current step needs cur_lines: the whole note
 * under its rule if there is room, else what is left but at least a third
 * of the pane (the note is then marked as cut).  The rule always shows
 * when the note has two rows or more, so the note never loses its label.
 */
static int note_rows(const char *note, struct rect r, int cur_lines)
{
	struct wrap_line wl[1];
	int n = canvas_wrap(note, r.w - 2 > 4 ? r.w - 2 : 4, wl, 0);
	int avail = r.h - cur_lines, least = r.h / 3 > 2 ? r.h / 3 : 2;

	if (n > MAX_WRAP)
		n = MAX_WRAP;
	if (avail >= n + 1)
		return n + 1;
	if (least > n + 1)
		least = n + 1;
	if (least > r.h)
		least = r.h;
	return avail > least ? avail : least;
}

/*
 * Draw the note in the bottom `rows` rows of r under a rule labelled
 * "note"; when the rows are too few, the label says so ("e" shows the
 * note whole) and an ellipsis ends the last row.
 */
static void draw_note(struct pane_ctx *pc, const char *note, struct rect r,
		      int rows)
{
	struct wrap_line wl[MAX_WRAP];
	struct style st = STYLE(ROLE_NOTE, ATTR_BOLD);
	int n, i, y = r.h - rows;

	n = canvas_wrap(note, r.w - 2 > 4 ? r.w - 2 : 4, wl, MAX_WRAP);
	if (n > MAX_WRAP)
		n = MAX_WRAP;
	if (rows >= 2) {
		canvas_hline(pc->canvas, r, y, STYLE(ROLE_DIM, 0));
		canvas_text(pc->canvas, r, 1, y, st,
			    rows > n ? " note " : " note (cut: e shows it all) ");
		y++;
	}
	for (i = 0; y < r.h && i < n; i++, y++) {
		canvas_textn(pc->canvas, r, 1, y, st, note + wl[i].start,
			     wl[i].len);
		if (y == r.h - 1 && i < n - 1) {
			/* Out of room: mark the cut at the end of the row. */
			canvas_put_glyph(pc->canvas, r, r.w - 1, y,
					 GLYPH_ELLIPSIS, st);
			break;
		}
	}
}

void pane_narration_draw(struct pane_ctx *pc)
{
	const struct program *p = engine_program(pc->engine);
	size_t pos = engine_pos(pc->engine), total = engine_count(pc->engine);
	struct history h;
	struct rect r = pc->inner;
	const char *note = pos ? program_note(p, pos - 1) : NULL;
	int indent = digits(total) + 4 + 1, first, y, need, anchor, top;
	int focus_lines, bottom, scroll;
	size_t k;

	memset(&h, 0, sizeof h);
	if (pc->vs->question) {
		pane_question_draw(pc);
		return;
	}
	if (pos == 0) {
		canvas_text(pc->canvas, r, 1, 0, STYLE(ROLE_DIM, 0),
			    "Nothing has happened yet: press Space to take the "
			    "first step.");
		pc->scroll_max = 0;
		return;
	}

	/*
	 * The current step first (below it, at the end of a run that was cut
	 * short, what never runs): the note takes what they leave.
	 */
	focus_lines = 0;
	if (pos == total && engine_unreached(pc->engine)) {
		const struct step *s =
			&p->steps[engine_unreached(pc->engine) - 1];
		struct strbuf sb;
		size_t before = h.n;

		strbuf_init(&sb);
		strbuf_printf(&sb, "The run stops here: line %u and the lines after it "
			      "never run.", (unsigned)s->line);
		add_entry(&h, keep_text(&h, strbuf_detach(&sb)), r.w, indent,
			  0, STYLE(ROLE_ERROR, ATTR_BOLD), false, false);
		focus_lines = (int)(h.n - before);
	}
	focus_lines += add_current(&h, pc, pos, r.w, indent);
	if (note && r.h >= 2) {
		int rows = note_rows(note, r, focus_lines);
		draw_note(pc, note, r, rows);
		r.h -= rows;
	}
	add_heading(&h, p, pos, r.w);

	/* Then older steps, newest first, until the window is full. */
	need = r.h + (pc->scroll > 0 ? pc->scroll : 0) + 1;
	for (k = pos - 1; k >= 1 && (int)h.n < need; k--) {
		struct strbuf sb;
		struct style st = STYLE(ROLE_NORMAL, 0);

		/* Presentation: air between the entries, read from afar. */
		if (pc->vs->present)
			add_entry(&h, "", r.w, indent, 0, st, false, false);
		strbuf_init(&sb);
		if (pc->vs->brief) {
			struct brief_acc acc = { 0 };
			engine_narrate(pc->engine, k, brief_collect, &acc);
			brief_acc_finish(&acc, &sb);
		} else {
			engine_narrate(pc->engine, k, collect_event, &sb);
		}
		if (engine_flags(pc->engine, k) & EVF_ERROR)
			st = STYLE(ROLE_ERROR, 0);
		add_entry(&h, keep_text(&h, strbuf_detach(&sb)), r.w, indent,
			  (int)k, st, false, false);
		add_heading(&h, p, k, r.w);
	}

	/* h.lines is newest first; row 0 of the content is the oldest. */
	/*
	 * Anchored at the bottom, except that the part being read out (the
	 * current step, or in micro-step mode its newest event) always starts
	 * on screen: a long entry in a short pane shows its beginning, and
	 * scrolling on (Down) shows the rest of it.  Earlier steps and
	 * events scroll up out of sight; the border's arrow says so.
	 */
	bottom = (int)h.n > r.h ? (int)h.n - r.h : 0;
	anchor = bottom;
	if ((int)h.n - focus_lines < anchor)
		anchor = (int)h.n - focus_lines;
	pc->scroll_max = anchor;
	pc->scroll_min = anchor - bottom;
	scroll = pc->scroll > pc->scroll_max	 ? pc->scroll_max
		 : pc->scroll < pc->scroll_min ? pc->scroll_min
					       : pc->scroll;
	first = anchor - scroll;
	pc->more_above = first > 0;
	pc->more_below = first + r.h < (int)h.n;
	if (pc->more_below && note && pc->inner.y > pc->area.y &&
	    pc->area.h >= 4) {
		/* The arrow goes by the last row of the history, not the note. */
		canvas_put_glyph(pc->canvas, pc->area, pc->area.w - 1,
				 pc->inner.y - pc->area.y + r.h - 1,
				 GLYPH_ARROW_DOWN,
				 pc->focused ? STYLE(ROLE_FOCUS_BORDER, ATTR_BOLD)
					     : STYLE(ROLE_BORDER, ATTR_BOLD));
		pc->more_below = false;
	}
	/* Short history: keep it at the bottom, next to the note. */
	top = (int)h.n < r.h ? r.h - (int)h.n : 0;
	r.y += top;
	r.h -= top;
	for (y = 0; y < r.h && first + y < (int)h.n; y++) {
		const struct nline *l = &h.lines[h.n - 1 - (size_t)(first + y)];
		int x = l->indent;

		if (l->heading) {
			canvas_hline(pc->canvas, r, y, STYLE(ROLE_MARK, 0));
			canvas_text(pc->canvas, r, 1, y, l->st, " ");
			x = canvas_textn(pc->canvas, r, 2, y, l->st, l->text,
					 l->len);
			canvas_text(pc->canvas, r, x, y, l->st, " ");
			continue;
		}
		if (l->pointer)
			canvas_put_glyph(pc->canvas, r, 0, y, GLYPH_POINTER,
					 l->st);
		if (l->number)
			canvas_printf(pc->canvas, r, 2, y, l->st, "%*d",
				      digits(total), l->number);
		canvas_textn(pc->canvas, r, x, y, l->st, l->text, l->len);
	}
	free_history(&h);
}
