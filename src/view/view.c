/*
 * view.c: the screen from the engine's current position.  It lays the
 * panes out, draws each one through the pane table (boxed panes get a
 * border whose title shows focus, zoom and scrolling), then what sits on
 * top: the title card at step 0, the help or explain overlay.  A screen
 * below the minimum size shows only "terminal too small (need WxH)",
 * shortened to fit, down to a single cell.
 *
 * The view only reads: the machine through engine_machine() (const), the
 * current events through engine_events(), older narration through
 * engine_narrate() (a replay on a scratch copy).
 */
#include "view/view.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/directive.h"
#include "core/engine.h"
#include "core/machine.h"
#include "core/program.h"
#include "core/util.h"
#include "view/pane.h"

#define MAX_WRAP 64

/* The core names the panes of a `panes` line with the same bits. */
_Static_assert(PANES_STACK == PANE_BIT(PANE_ID_STACK) &&
		       PANES_HEAP == PANE_BIT(PANE_ID_HEAP) &&
		       PANES_PAGETABLE == PANE_BIT(PANE_ID_PAGETABLE) &&
		       PANES_FRAMES == PANE_BIT(PANE_ID_FRAMES) &&
		       PANES_CACHE == PANE_BIT(PANE_ID_CACHE) &&
		       PANES_GC == PANE_BIT(PANE_ID_GC),
	       "PANES_* (core/program.h) must match PANE_BIT (view/layout.h)");

uint32_t view_wanted_panes(const struct program *p)
{
	uint32_t want = 0;

	if (p && p->config.panes)
		want = p->config.panes & PANE_MODEL_MASK;
	else if (p) {
		if (p->config.uses & USES_STACK)
			want |= PANE_BIT(PANE_ID_STACK);
		if (p->config.uses & USES_HEAP)
			want |= PANE_BIT(PANE_ID_HEAP);
		if (p->config.uses & USES_GC)
			want |= PANE_BIT(PANE_ID_GC);
		if (p->config.uses & USES_VM)
			want |= PANE_BIT(PANE_ID_PAGETABLE) |
				PANE_BIT(PANE_ID_FRAMES);
		if (p->config.uses & USES_CACHE)
			want |= PANE_BIT(PANE_ID_CACHE);
	}
	if (want == 0)
		want = PANE_BIT(PANE_ID_STACK);
	return want | PANE_BIT(PANE_ID_NARRATION) | PANE_BIT(PANE_ID_TIMELINE) |
	       PANE_BIT(PANE_ID_STATUS);
}

/* Focus the first focusable wanted pane. */
static void focus_first(struct view_state *vs)
{
	int id;

	vs->focus = PANE_ID_NARRATION;
	for (id = 0; id < PANE_ID_COUNT; id++) {
		if ((vs->wanted & PANE_BIT(id)) && pane_get(id)->focusable) {
			vs->focus = id;
			break;
		}
	}
}

void view_state_init(struct view_state *vs, const struct program *p)
{
	memset(vs, 0, sizeof *vs);
	vs->zoom = PANE_ID_NONE;
	vs->wanted = view_wanted_panes(p);
	vs->delay_ms = 800;
	focus_first(vs);
}

void view_follow_panes(struct view_state *vs, const struct engine *e)
{
	const struct program *p = engine_program(e);
	size_t pos = engine_pos(e);
	uint32_t bits, want;

	if (vs->panes_pinned || p->npane_switches == 0)
		return;
	bits = program_panes_at(p, pos ? pos - 1 : 0) & PANE_MODEL_MASK;
	if (bits == 0)
		bits = view_wanted_panes(p) & PANE_MODEL_MASK;
	want = bits | PANE_BIT(PANE_ID_NARRATION) | PANE_BIT(PANE_ID_TIMELINE) |
	       PANE_BIT(PANE_ID_STATUS);
	if (want == vs->wanted)
		return;
	vs->wanted = want;
	vs->zoom = PANE_ID_NONE;
	if (!(vs->wanted & PANE_BIT(vs->focus)) ||
	    !pane_get(vs->focus)->focusable)
		focus_first(vs);
}

void view_want_panes(struct view_state *vs, uint32_t models)
{
	models &= PANE_MODEL_MASK;
	if (models == 0)
		return;
	vs->panes_pinned = true;
	vs->wanted = models | PANE_BIT(PANE_ID_NARRATION) |
		     PANE_BIT(PANE_ID_TIMELINE) | PANE_BIT(PANE_ID_STATUS);
	vs->zoom = PANE_ID_NONE;
	focus_first(vs);
}

void view_focus_step(struct view_state *vs, int dir)
{
	int i, id = vs->focus;

	for (i = 0; i < PANE_ID_COUNT; i++) {
		id = (id + (dir < 0 ? PANE_ID_COUNT - 1 : 1)) % PANE_ID_COUNT;
		if ((vs->wanted & PANE_BIT(id)) && pane_get(id)->focusable) {
			vs->focus = id;
			break;
		}
	}
	/* A zoomed screen follows the focus. */
	if (vs->zoom != PANE_ID_NONE)
		vs->zoom = vs->focus;
}

void view_zoom_toggle(struct view_state *vs)
{
	if (vs->zoom != PANE_ID_NONE)
		vs->zoom = PANE_ID_NONE;
	else if (vs->focus >= 0 && vs->focus < PANE_ID_COUNT &&
		 pane_get(vs->focus)->focusable)
		vs->zoom = vs->focus;
}

void view_scroll(struct view_state *vs, int rows)
{
	int id = vs->focus, v, max = -1, min = 0;

	if (id < 0 || id >= PANE_ID_COUNT)
		return;
	if (vs->metrics) {
		max = vs->metrics->scroll_max[id];
		min = vs->metrics->scroll_min[id];
	}
	v = vs->scroll[id] + rows;
	if (max >= 0 && v > max)
		v = max;
	if (v < min)
		v = min;
	vs->scroll[id] = v;
}

int view_page_rows(const struct view_state *vs)
{
	int rows = 0;

	if (vs->metrics && vs->focus >= 0 && vs->focus < PANE_ID_COUNT)
		rows = vs->metrics->page[vs->focus] - 1;
	return rows > 1 ? rows : 1;
}

void view_scroll_reset(struct view_state *vs)
{
	memset(vs->scroll, 0, sizeof vs->scroll);
}

void view_message(struct view_state *vs, bool error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(vs->message, sizeof vs->message, fmt, ap);
	va_end(ap);
	vs->message_error = error;
}

/* "terminal too small (need 40x10)", or the longest shorter form that fits. */
static void draw_too_small(struct canvas *c)
{
	char need[24], full[64], mid[64];
	const char *forms[5];
	struct rect all = canvas_bounds(c);
	struct wrap_line wl[8];
	int f, n, i, y0;

	snprintf(need, sizeof need, "%dx%d", LAYOUT_MIN_WIDTH,
		 LAYOUT_MIN_HEIGHT);
	snprintf(full, sizeof full, "terminal too small (need %s)", need);
	snprintf(mid, sizeof mid, "too small (need %s)", need);
	forms[0] = full;
	forms[1] = mid;
	forms[2] = need;
	forms[3] = "small";
	forms[4] = "!";
	for (f = 0; f < 5; f++) {
		n = canvas_wrap(forms[f], c->width, wl, 8);
		if (n > 8 || n > c->height)
			continue;
		for (i = 0; i < n; i++)
			if (canvas_textn_width(forms[f] + wl[i].start,
					       wl[i].len) > c->width)
				break;
		if (i < n)
			continue;
		y0 = (c->height - n) / 2;
		for (i = 0; i < n; i++) {
			int w = canvas_textn_width(forms[f] + wl[i].start,
						   wl[i].len);
			canvas_textn(c, all, (c->width - w) / 2, y0 + i,
				     STYLE(ROLE_ERROR, ATTR_BOLD),
				     forms[f] + wl[i].start, wl[i].len);
		}
		return;
	}
}

/*
 * Draw wrapped text centred in r from row y, in at most max_rows rows (the
 * last one ends with an ellipsis if the text goes on); returns the next row.
 */
static int draw_centred(struct canvas *c, struct rect r, int y, int max_rows,
			struct style st, const char *text)
{
	struct wrap_line wl[MAX_WRAP];
	int n = canvas_wrap(text, r.w, wl, MAX_WRAP), i;

	if (n > MAX_WRAP)
		n = MAX_WRAP;
	for (i = 0; i < n && i < max_rows && y < r.h; i++, y++) {
		int w = canvas_textn_width(text + wl[i].start, wl[i].len);
		int cut = i == max_rows - 1 && i < n - 1;

		if (cut && w >= r.w)
			w = r.w - 1;
		canvas_textn(c, r, (r.w - w - cut) / 2, y, st,
			     text + wl[i].start, wl[i].len);
		if (cut)
			canvas_put_glyph(c, r, (r.w - w - 1) / 2 + w, y,
					 GLYPH_ELLIPSIS, st);
	}
	return y;
}

/* Rows wrapped text takes in width w. */
static int wrapped_rows(const char *text, int w)
{
	struct wrap_line wl[1];
	int n = canvas_wrap(text, w, wl, 0);
	return n > MAX_WRAP ? MAX_WRAP : n;
}

/* The rows of the title card; the parts set to 0 are left out. */
struct card {
	int pad, title, gap_title, about, gap_about, facts, gap_facts, start;
};

static int card_rows(const struct card *k)
{
	return 2 * k->pad + k->title + k->gap_title + k->about + k->gap_about +
	       k->facts + k->gap_facts + k->start;
}

/*
 * Step 0: the scenario's title, what it is about, its size, how to start.
 * When rows are short, the padding and blank lines go first, then the
 * facts, then the about text is cut; the start line always shows.
 */
static void draw_title_card(struct canvas *c, struct rect area,
			    const struct engine *e)
{
	const struct program *p = engine_program(e);
	const char *title = p->config.title && *p->config.title
				    ? p->config.title
				    : p->file;
	const char *about = p->config.about;
	const char *start = "press Space to start, ? for help, q to quit";
	struct card k;
	int *drop[] = { &k.pad, &k.gap_facts, &k.gap_about, &k.facts,
			&k.gap_title };
	struct rect box, in;
	char facts[128];
	int w, tw, avail, y, over;
	size_t i;

	snprintf(facts, sizeof facts, "%zu step%s", engine_count(e),
		 engine_count(e) == 1 ? "" : "s");
	if (p->nmarks)
		snprintf(facts + strlen(facts), sizeof facts - strlen(facts),
			 ", %zu chapter%s", p->nmarks, p->nmarks == 1 ? "" : "s");
	w = area.w - 4 < 72 ? area.w - 4 : 72;
	if (w < 20)
		w = area.w;
	tw = w - 4; /* border and one column of margin each side */
	if (canvas_text_width(start) > tw)
		start = "Space: start  ?: help";
	k.pad = 1;
	k.title = wrapped_rows(title, tw);
	k.gap_title = 1;
	k.about = about ? wrapped_rows(about, tw) : 0;
	k.gap_about = about ? 1 : 0;
	k.facts = 1;
	k.gap_facts = 1;
	k.start = wrapped_rows(start, tw);
	avail = area.h - 2;
	for (i = 0; card_rows(&k) > avail && i < sizeof drop / sizeof *drop;
	     i++)
		*drop[i] = 0;
	over = card_rows(&k) - avail;
	if (over > 0) {
		k.about = k.about > over ? k.about - over : 0;
		over = card_rows(&k) - avail;
	}
	if (over > 0)
		k.title = k.title > over ? k.title - over : 1;

	box.w = w;
	box.h = card_rows(&k) + 2;
	if (box.h > area.h)
		box.h = area.h;
	box.x = area.x + (area.w - box.w) / 2;
	box.y = area.y + (area.h - box.h) / 2;
	box = rect_intersect(box, area);
	canvas_fill(c, box, ' ', STYLE(ROLE_NORMAL, 0));
	canvas_box(c, box, STYLE(ROLE_BORDER, 0), "memviz",
		   STYLE(ROLE_TITLE, ATTR_BOLD));
	in = rect_inset(box, 1);
	in.x += 1;
	in.w -= 2;
	if (rect_empty(in))
		return;
	y = draw_centred(c, in, k.pad, k.title, STYLE(ROLE_TITLE, ATTR_BOLD),
			 title) +
	    k.gap_title;
	if (about && k.about)
		y = draw_centred(c, in, y, k.about, STYLE(ROLE_NORMAL, 0),
				 about) +
		    k.gap_about;
	if (k.facts)
		y = draw_centred(c, in, y, 1, STYLE(ROLE_DIM, 0), facts) +
		    k.gap_facts;
	draw_centred(c, in, y, k.start, STYLE(ROLE_KEY, ATTR_BOLD), start);
}

/* A centred overlay box of up to w x h inside area; returns its inside. */
static struct rect overlay_box(struct canvas *c, struct rect area, int w,
			       int h, const char *title)
{
	struct rect box;

	if (w > area.w)
		w = area.w;
	if (h > area.h)
		h = area.h;
	box.w = w;
	box.h = h;
	box.x = area.x + (area.w - w) / 2;
	box.y = area.y + (area.h - h) / 2;
	canvas_fill(c, box, ' ', STYLE(ROLE_NORMAL, 0));
	canvas_box(c, box, STYLE(ROLE_FOCUS_BORDER, ATTR_BOLD), title,
		   STYLE(ROLE_FOCUS_BORDER, ATTR_BOLD | ATTR_REVERSE));
	box = rect_inset(box, 1);
	box.x += 1;
	box.w -= 2;
	return box;
}

/*
 * The key help, from the application's key table: one column, or two
 * (filled column by column) when one is too tall and two fit; scrolled
 * by vs->help_scroll when even that is too tall.
 */
static void draw_help(struct canvas *c, struct rect area,
		      const struct view_state *vs)
{
	int keys_w = 4, text_w = 10, col_w, cols = 1, rows, w, h, visible;
	int scroll, max, y, col;
	int n = (int)vs->nhelp;
	struct rect in;

	for (y = 0; y < n; y++) {
		int k = canvas_text_width(vs->help_lines[y].keys);
		int t = canvas_text_width(vs->help_lines[y].text);
		if (k > keys_w)
			keys_w = k;
		if (t > text_w)
			text_w = t;
	}
	if (keys_w > 16)
		keys_w = 16;
	col_w = keys_w + 1 + text_w;
	if (n + 4 > area.h && 2 * col_w + 2 + 4 <= area.w)
		cols = 2;
	rows = (n + cols - 1) / cols;
	w = cols * col_w + (cols - 1) * 2 + 4;
	h = rows + 4;
	in = overlay_box(c, area, w, h, "keys");
	visible = in.h - 2;
	if (visible < 1)
		visible = 1;
	max = rows > visible ? rows - visible : 0;
	scroll = vs->help_scroll < 0 ? 0
		 : vs->help_scroll > max ? max
					 : vs->help_scroll;
	if (vs->metrics)
		vs->metrics->help_scroll_max = max;
	for (y = 0; y < visible && y + scroll < rows; y++) {
		for (col = 0; col < cols; col++) {
			int i = col * rows + y + scroll;
			int x = col * (col_w + 2);
			if (i >= n)
				continue;
			canvas_text_fit(c, in, x, y, keys_w,
					STYLE(ROLE_KEY, ATTR_BOLD),
					vs->help_lines[i].keys);
			canvas_text_fit(c, in, x + keys_w + 1, y,
					in.w - x - keys_w - 1 < text_w
						? in.w - x - keys_w - 1
						: text_w,
					STYLE(ROLE_NORMAL, 0),
					vs->help_lines[i].text);
		}
	}
	canvas_text_fit(c, in, 0, in.h - 1, in.w, STYLE(ROLE_DIM, 0),
			max ? "Up/Down scroll, other keys close"
			    : "any key closes this help");
}

/* One line of the explanation: a piece of a wrapped text, or a heading. */
struct xline {
	const char *text;
	size_t len;
	int indent;
	bool bullet;
	struct style st;
};

struct xlines {
	struct xline *v;
	size_t n, cap;
	struct event *events; /* every event of the step, copied */
	size_t nevents, events_cap;
};

static void xline_add(struct xlines *x, const char *text, size_t len,
		      int indent, bool bullet, struct style st)
{
	x->v = xgrow(x->v, &x->cap, x->n + 1, sizeof *x->v);
	x->v[x->n].text = text;
	x->v[x->n].len = len;
	x->v[x->n].indent = indent;
	x->v[x->n].bullet = bullet;
	x->v[x->n].st = st;
	x->n++;
}

/* Text wrapped to width w at the given indent, one xline per row. */
static void xline_wrap(struct xlines *x, const char *text, int indent, int w,
		       struct style st)
{
	struct wrap_line wl[MAX_WRAP];
	int rows = canvas_wrap(text, w - indent > 1 ? w - indent : 1, wl,
			       MAX_WRAP), j;

	if (rows > MAX_WRAP)
		rows = MAX_WRAP;
	for (j = 0; j < rows; j++)
		xline_add(x, text + wl[j].start, wl[j].len, indent, false, st);
}

static void keep_event(const struct event *ev, void *arg)
{
	struct xlines *x = arg;

	x->events = xgrow(x->events, &x->events_cap, x->nevents + 1,
			  sizeof *x->events);
	x->events[x->nevents++] = *ev;
}

/*
 * The current step explained: the scenario's note for it, then every
 * event of the step in full with its kind (in micro-step mode the events
 * still to come are there too, dimmed).  Scrolls by vs->explain_scroll.
 */
static void draw_explain(struct canvas *c, struct rect area,
			 const struct view_state *vs, const struct engine *e)
{
	const struct program *p = engine_program(e);
	size_t pos = engine_pos(e), done = engine_event_pos(e), i;
	const struct step *s = pos ? engine_step(e, pos) : NULL;
	const char *note = pos ? program_note(p, pos - 1) : NULL;
	const char *chapter = pos ? program_chapter(p, pos - 1) : NULL;
	struct xlines x;
	struct rect in;
	char head[160];
	int w = area.w <= 84 ? area.w : area.w - 4 < 100 ? area.w - 4 : 100;
	int visible, max, scroll, y;

	memset(&x, 0, sizeof x);
	in = overlay_box(c, area, w, area.h, "explain this step");
	if (rect_empty(in))
		return;
	if (pos)
		engine_narrate(e, pos, keep_event, &x);
	if (s)
		snprintf(head, sizeof head,
			 "step %zu of %zu, scenario line %u: %zu event%s%s%s",
			 pos, engine_count(e), (unsigned)s->line, x.nevents,
			 x.nevents == 1 ? "" : "s", chapter ? ", chapter " : "",
			 chapter ? chapter : "");
	else
		snprintf(head, sizeof head,
			 "step 0: nothing has run yet (%zu steps to go)",
			 engine_count(e));
	xline_wrap(&x, head, 0, in.w, STYLE(ROLE_TITLE, ATTR_BOLD));
	if (note) {
		xline_add(&x, "", 0, 0, false, STYLE(ROLE_NORMAL, 0));
		xline_add(&x, "note", 4, 0, false, STYLE(ROLE_NOTE, ATTR_BOLD));
		xline_wrap(&x, note, 2, in.w, STYLE(ROLE_NOTE, 0));
	}
	if (x.nevents) {
		xline_add(&x, "", 0, 0, false, STYLE(ROLE_NORMAL, 0));
		xline_add(&x, "what the step did", 17, 0, false,
			  STYLE(ROLE_TITLE, ATTR_BOLD));
	}
	for (i = 0; i < x.nevents; i++) {
		const struct event *ev = &x.events[i];
		bool later = vs->micro && i >= done;
		struct style st = (ev->flags & EVF_ERROR)
					  ? STYLE(ROLE_ERROR, ATTR_BOLD)
				  : later ? STYLE(ROLE_DIM, 0)
					  : STYLE(ROLE_NORMAL, 0);

		xline_add(&x, event_name(ev), strlen(event_name(ev)), 2, true,
			  later ? STYLE(ROLE_DIM, 0)
				: STYLE(ROLE_KEY, ATTR_BOLD));
		if (later)
			xline_add(&x, "(still to come in micro-steps)", 30, 4,
				  false, STYLE(ROLE_DIM, 0));
		xline_wrap(&x, ev->text, 4, in.w, st);
	}
	visible = in.h - 1;
	if (visible < 1)
		visible = 1;
	max = (int)x.n > visible ? (int)x.n - visible : 0;
	scroll = vs->explain_scroll < 0 ? 0
		 : vs->explain_scroll > max ? max
					    : vs->explain_scroll;
	if (vs->metrics)
		vs->metrics->explain_scroll_max = max;
	for (y = 0; y < visible && (size_t)(y + scroll) < x.n; y++) {
		const struct xline *l = &x.v[y + scroll];

		if (l->bullet) {
			canvas_put_glyph(c, in, 0, y, GLYPH_BULLET, l->st);
			canvas_textn(c, in, l->indent, y, l->st, l->text,
				     l->len);
		} else {
			canvas_textn(c, in, l->indent, y, l->st, l->text,
				     l->len);
		}
	}
	if (in.h > 1)
		canvas_text_fit(c, in, 0, in.h - 1, in.w, STYLE(ROLE_DIM, 0),
				max ? "Up/Down scroll, other keys close"
				    : "any key closes this");
	free(x.v);
	free(x.events);
}

/*
 * Presentation mode: a list row that a pane marks as changed (the change
 * marker, with ATTR_ROW, in its first column) is highlighted across the
 * whole pane, a bar that reads from the back of a lecture hall.
 */
static void widen_highlights(struct canvas *c, struct rect in)
{
	int y;

	for (y = 0; y < in.h; y++) {
		const struct cell *k = canvas_cell(c, in.x, in.y + y);

		if (k && k->style.role == ROLE_CHANGED &&
		    (k->style.attr & ATTR_ROW))
			canvas_restyle(c, in, 0, y, in.w,
				       STYLE(ROLE_CHANGED, ATTR_BOLD | ATTR_ROW));
	}
}

/* The border title: the pane's name plus zoom and scroll state. */
static void pane_title(const struct view_state *vs, int id, int scroll,
		       char *buf, size_t n)
{
	const struct pane_ops *ops = pane_get(id);
	size_t len;

	snprintf(buf, n, "%s", ops->title);
	len = strlen(buf);
	if (vs->zoom == id && len < n)
		snprintf(buf + len, n - len, " (zoomed: z)");
	len = strlen(buf);
	if (scroll > 0 && len < n)
		snprintf(buf + len, n - len, " [back %d]", scroll);
	else if (scroll < 0 && len < n)
		snprintf(buf + len, n - len, " [on %d]", -scroll);
}

static void draw_pane(struct canvas *c, const struct view_state *vs,
		      const struct engine *e, const struct layout *l, int id)
{
	const struct pane_ops *ops = pane_get(id);
	struct pane_ctx pc;
	char title[96];

	memset(&pc, 0, sizeof pc);
	pc.canvas = c;
	pc.area = l->rect[id];
	pc.inner = pc.area;
	pc.vs = vs;
	pc.engine = e;
	pc.machine = engine_machine(e);
	pc.events = engine_events(e, &pc.nevents);
	pc.focused = vs->focus == id && ops->focusable;
	pc.scroll = vs->scroll[id];
	if (ops->boxed) {
		bool f = pc.focused;

		/* The box first: a pane may write on its border (stack use). */
		pane_title(vs, id, pc.scroll, title, sizeof title);
		canvas_box(c, pc.area,
			   f ? STYLE(ROLE_FOCUS_BORDER, ATTR_BOLD)
			     : STYLE(ROLE_BORDER, 0),
			   title,
			   f ? STYLE(ROLE_FOCUS_BORDER, ATTR_BOLD | ATTR_REVERSE)
			     : STYLE(ROLE_TITLE, ATTR_BOLD));
		pc.inner = rect_inset(pc.area, 1);
	}
	ops->draw(&pc);
	if (vs->present && ops->focusable)
		widen_highlights(c, rect_inset(pc.area, ops->boxed ? 1 : 0));
	if (ops->boxed && pc.area.h >= 4) {
		/* Scroll arrows on the right border: more above, more below. */
		struct style st = pc.focused ? STYLE(ROLE_FOCUS_BORDER, ATTR_BOLD)
					     : STYLE(ROLE_BORDER, ATTR_BOLD);
		if (pc.more_above)
			canvas_put_glyph(c, pc.area, pc.area.w - 1, 1,
					 GLYPH_ARROW_UP, st);
		if (pc.more_below)
			canvas_put_glyph(c, pc.area, pc.area.w - 1,
					 pc.area.h - 2, GLYPH_ARROW_DOWN, st);
	}
	if (vs->metrics) {
		vs->metrics->scroll_max[id] = pc.scroll_max;
		vs->metrics->scroll_min[id] = pc.scroll_min;
		vs->metrics->page[id] = pc.inner.h;
	}
}

void view_draw(struct canvas *c, const struct view_state *vs,
	       const struct engine *e)
{
	struct layout l;
	int id;
	/* A question about step 1 shows the panes before it, not the card. */
	bool card = engine_pos(e) == 0 && vs->question == NULL;

	canvas_clear(c);
	if (c->width <= 0 || c->height <= 0)
		return;
	layout_compute(&l, c->width, c->height, vs->wanted, vs->zoom);
	if (l.too_small) {
		draw_too_small(c);
		return;
	}
	for (id = 0; id < PANE_ID_COUNT; id++) {
		bool in_main = id != PANE_ID_TIMELINE && id != PANE_ID_STATUS;
		if (!layout_shown(&l, id) || (card && in_main))
			continue;
		draw_pane(c, vs, e, &l, id);
	}
	if (card)
		draw_title_card(c, l.main, e);
	if (vs->help)
		draw_help(c, l.main, vs);
	else if (vs->explain)
		draw_explain(c, l.main, vs, e);
}
