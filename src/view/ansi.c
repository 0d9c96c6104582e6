/*
 * ansi.c: canvases as ANSI terminal bytes, for recordings.
 *
 * A frame is either a full redraw (reset, hide the cursor, clear, then
 * every row up to its last non-blank cell) or a diff: for each row, the
 * cells that differ from the previous canvas, each run reached with a
 * cursor move (CUP), or by rewriting a few unchanged cells when that is
 * shorter.  The pen (current SGR) is tracked so a run of cells with one
 * style costs one SGR.  Invariant: after a frame the pen is reset (SGR 0),
 * so frames can be concatenated and any frame boundary is a clean state.
 *
 * Wide characters: a changed tail cell makes its head cell changed, and
 * writing a head covers its tail, so the terminal never sees half a wide
 * character.
 */
#include "view/ansi.h"

#include <string.h>

#include "core/util.h"

/* Unchanged cells worth rewriting rather than moving the cursor over. */
#define GAP_REWRITE_MAX 4

static const struct ansi_look role_looks[ROLE_COUNT] = {
	[ROLE_NORMAL] = { -1, -1, 0, 0 },
	[ROLE_TITLE] = { -1, -1, 0, ATTR_BOLD },
	[ROLE_BORDER] = { -1, -1, 0, 0 },
	[ROLE_FOCUS_BORDER] = { 6, -1, 0, ATTR_BOLD },
	[ROLE_CHANGED] = { 0, 3, 0, ATTR_BOLD | ATTR_UNDERLINE },
	[ROLE_ERROR] = { 1, -1, 0, ATTR_BOLD },
	[ROLE_DIM] = { -1, -1, ANSI_ATTR_DIM, 0 },
	[ROLE_STATUS] = { -1, -1, 0, 0 },
	[ROLE_KEY] = { 2, -1, 0, ATTR_BOLD },
	[ROLE_MARK] = { 5, -1, 0, ATTR_BOLD },
	[ROLE_NOTE] = { 2, -1, 0, ATTR_BOLD },
	[ROLE_CURRENT] = { -1, -1, 0, ATTR_BOLD },
	[ROLE_STACK_FRAME] = { 6, -1, 0, ATTR_BOLD },
	[ROLE_RETADDR] = { 5, -1, 0, 0 },
	[ROLE_SAVED_FP] = { 4, -1, 0, 0 },
	[ROLE_POINTER] = { 2, -1, 0, ATTR_BOLD },
	[ROLE_HEAP_FREE] = { 2, -1, 0, 0 },
	[ROLE_HEAP_USED] = { 6, -1, 0, ATTR_BOLD },
	[ROLE_PAGE_PRESENT] = { 2, -1, 0, 0 },
	[ROLE_PAGE_ABSENT] = { 1, -1, 0, ANSI_ATTR_DIM },
	[ROLE_FRAME_FREE] = { 2, -1, 0, 0 },
	[ROLE_FRAME_USED] = { 6, -1, 0, ATTR_BOLD },
	[ROLE_CACHE_HIT] = { 2, -1, 0, ATTR_BOLD },
	[ROLE_CACHE_MISS] = { 1, -1, 0, ATTR_BOLD },
	[ROLE_TIMELINE] = { 6, -1, 0, 0 },
};

static const char *const css_colors[8] = {
	"#000000", "#b71c1c", "#1b5e20", "#f9d849",
	"#0d47a1", "#6a1b9a", "#006064", "#ffffff",
};

const struct ansi_look *ansi_role_look(unsigned r)
{
	const struct ansi_look *l = &role_looks[r < ROLE_COUNT ? r : 0];

	/* A role missing from the table ({0, 0}) looks normal. */
	if (l->fg == 0 && l->bg == 0)
		return &role_looks[ROLE_NORMAL];
	return l;
}

unsigned ansi_cell_attrs(struct style st, bool color)
{
	const struct ansi_look *l = ansi_role_look(st.role);

	return (st.attr & ~(unsigned)ATTR_ROW) | l->always |
	       (color ? 0 : l->mono);
}

const char *ansi_css_color(int n)
{
	return n >= 0 && n < 8 ? css_colors[n] : NULL;
}

void ansi_put_utf8(struct strbuf *out, uint32_t cp)
{
	char b[4];

	if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		cp = 0xfffd;
	if (cp < 0x80) {
		strbuf_putc(out, (char)cp);
		return;
	}
	if (cp < 0x800) {
		b[0] = (char)(0xc0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3f));
		strbuf_add(out, b, 2);
	} else if (cp < 0x10000) {
		b[0] = (char)(0xe0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f));
		strbuf_add(out, b, 3);
	} else {
		b[0] = (char)(0xf0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[3] = (char)(0x80 | (cp & 0x3f));
		strbuf_add(out, b, 4);
	}
}

/* The writer's state: where the cursor is and what the pen draws with. */
struct pen {
	struct strbuf *out;
	bool color;
	int x, y;      /* cursor position, -1: unknown */
	bool known;    /* sgr is what the terminal has */
	unsigned attrs;
	int fg, bg;
};

/* Set the pen for a cell's style, writing SGR only when it changes. */
static void pen_style(struct pen *p, struct style st)
{
	const struct ansi_look *l = ansi_role_look(st.role);
	unsigned attrs = ansi_cell_attrs(st, p->color);
	int fg = p->color ? l->fg : ANSI_DEFAULT;
	int bg = p->color ? l->bg : ANSI_DEFAULT;

	if (p->known && attrs == p->attrs && fg == p->fg && bg == p->bg)
		return;
	strbuf_puts(p->out, "\033[0");
	if (attrs & ATTR_BOLD)
		strbuf_puts(p->out, ";1");
	if (attrs & ANSI_ATTR_DIM)
		strbuf_puts(p->out, ";2");
	if (attrs & ATTR_UNDERLINE)
		strbuf_puts(p->out, ";4");
	if (attrs & ATTR_REVERSE)
		strbuf_puts(p->out, ";7");
	if (fg >= 0)
		strbuf_printf(p->out, ";%d", 30 + fg);
	if (bg >= 0)
		strbuf_printf(p->out, ";%d", 40 + bg);
	strbuf_putc(p->out, 'm');
	p->known = true;
	p->attrs = attrs;
	p->fg = fg;
	p->bg = bg;
}

static void pen_reset(struct pen *p)
{
	if (!p->known || p->attrs || p->fg >= 0 || p->bg >= 0)
		strbuf_puts(p->out, "\033[0m");
	p->known = true;
	p->attrs = 0;
	p->fg = p->bg = ANSI_DEFAULT;
}

static void pen_move(struct pen *p, int x, int y)
{
	if (p->x == x && p->y == y)
		return;
	if (x == 0)
		strbuf_printf(p->out, "\033[%dH", y + 1);
	else
		strbuf_printf(p->out, "\033[%d;%dH", y + 1, x + 1);
	p->x = x;
	p->y = y;
}

/* Columns the cell at x takes (a wide head 2, a tail 0). */
static int cell_cols(const struct canvas *c, int x, int y)
{
	const struct cell *next = canvas_cell(c, x + 1, y);

	if (canvas_cell(c, x, y)->ch == CANVAS_WIDE_TAIL)
		return 0;
	return next && next->ch == CANVAS_WIDE_TAIL ? 2 : 1;
}

/* Write the cell at (x, y), the cursor being there; returns columns. */
static int put_cell(struct pen *p, const struct canvas *c, int x, int y)
{
	const struct cell *cell = canvas_cell(c, x, y);
	int cols = cell_cols(c, x, y);
	uint32_t ch = cell->ch;

	if (cols == 0)
		return 0;
	if (ch < 0x20 || ch == 0x7f || (ch >= 0x80 && ch < 0xa0))
		ch = '?';
	if (c->ascii && ch > 0x7e)
		ch = '?';
	if (c->ascii && cols == 2) {
		/* An ASCII terminal shows a wide character as two '?'. */
		pen_style(p, cell->style);
		strbuf_puts(p->out, "??");
		p->x += 2;
		return 2;
	}
	pen_style(p, cell->style);
	ansi_put_utf8(p->out, ch);
	p->x += cols;
	return cols;
}

static bool cell_blank(const struct cell *cell)
{
	return cell->ch == ' ' && cell->style.attr == 0 &&
	       cell->style.role == ROLE_NORMAL;
}

static bool cell_same(const struct cell *a, const struct cell *b)
{
	return a->ch == b->ch && a->style.role == b->style.role &&
	       a->style.attr == b->style.attr;
}

/* Does cell x of row y need writing?  A wide character counts whole. */
static bool cell_changed(const struct canvas *prev, const struct canvas *next,
			 int x, int y)
{
	if (!cell_same(canvas_cell(prev, x, y), canvas_cell(next, x, y)))
		return true;
	if (cell_cols(next, x, y) == 2)
		return !cell_same(canvas_cell(prev, x + 1, y),
				  canvas_cell(next, x + 1, y));
	return false;
}

static void full_frame(struct pen *p, const struct canvas *c)
{
	int x, y;

	strbuf_puts(p->out, "\033[0m\033[?25l\033[H\033[2J");
	p->known = true;
	p->attrs = 0;
	p->fg = p->bg = ANSI_DEFAULT;
	p->x = p->y = 0;
	for (y = 0; y < c->height; y++) {
		int last = c->width - 1;

		while (last >= 0 && cell_blank(canvas_cell(c, last, y)))
			last--;
		for (x = 0; x <= last;) {
			int cols;

			pen_move(p, x, y);
			cols = put_cell(p, c, x, y);
			x += cols ? cols : 1;
			if (cols == 0)
				p->x = -1; /* a stray tail: position unknown */
		}
	}
}

static void diff_frame(struct pen *p, const struct canvas *prev,
		       const struct canvas *next)
{
	int x, y;

	for (y = 0; y < next->height; y++) {
		for (x = 0; x < next->width;) {
			int start = x, gap;

			if (canvas_cell(next, x, y)->ch == CANVAS_WIDE_TAIL) {
				/* Handled with its head; a lone tail is skipped. */
				x++;
				continue;
			}
			if (!cell_changed(prev, next, x, y)) {
				x++;
				continue;
			}
			/* Rewrite a short gap of unchanged cells instead of a move. */
			gap = start - p->x;
			if (p->y == y && p->x >= 0 && gap > 0 &&
			    gap <= GAP_REWRITE_MAX) {
				int gx = p->x;
				while (gx < start) {
					int cols = put_cell(p, next, gx, y);
					gx += cols ? cols : 1;
				}
				if (gx != start)
					pen_move(p, start, y);
			} else {
				pen_move(p, start, y);
			}
			x += put_cell(p, next, x, y);
		}
	}
}

void ansi_frame(struct strbuf *out, const struct canvas *prev,
		const struct canvas *next, bool color)
{
	struct pen p;
	size_t before = out->len;

	memset(&p, 0, sizeof p);
	p.out = out;
	p.color = color;
	p.x = p.y = -1;
	p.known = true; /* every frame starts and ends reset */
	p.fg = p.bg = ANSI_DEFAULT;
	if (prev == NULL || prev->width != next->width ||
	    prev->height != next->height)
		full_frame(&p, next);
	else
		diff_frame(&p, prev, next);
	if (out->len != before)
		pen_reset(&p);
}
