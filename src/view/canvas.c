/*
 * canvas.c: the cell grid panes draw on, and its text and box helpers.
 *
 * Invariants: cells has width * height entries; a CANVAS_WIDE_TAIL cell is
 * always right of a wide code point in the same row, and a wide code point
 * always has its tail (canvas_set breaks up a pair it overwrites half of).
 * In ASCII mode no cell holds a code point above 0x7e.
 */
#include "view/canvas.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

static const char *const role_names[] = {
#define CANVAS_ROLE_NAME(name, desc) #name,
	CANVAS_ROLES(CANVAS_ROLE_NAME)
#undef CANVAS_ROLE_NAME
};

static const char *const role_descs[] = {
#define CANVAS_ROLE_DESC(name, desc) desc,
	CANVAS_ROLES(CANVAS_ROLE_DESC)
#undef CANVAS_ROLE_DESC
};

/* Each symbol as Unicode and as ASCII. */
static const struct {
	uint32_t utf8, ascii;
} glyphs[GLYPH_COUNT] = {
	[GLYPH_HLINE] = { 0x2500, '-' },
	[GLYPH_VLINE] = { 0x2502, '|' },
	[GLYPH_ULCORNER] = { 0x250c, '+' },
	[GLYPH_URCORNER] = { 0x2510, '+' },
	[GLYPH_LLCORNER] = { 0x2514, '+' },
	[GLYPH_LRCORNER] = { 0x2518, '+' },
	[GLYPH_LTEE] = { 0x251c, '+' },
	[GLYPH_RTEE] = { 0x2524, '+' },
	[GLYPH_ARROW_LEFT] = { 0x2190, '<' },
	[GLYPH_ARROW_RIGHT] = { 0x2192, '>' },
	[GLYPH_ARROW_DOWN] = { 0x2193, 'v' },
	[GLYPH_ARROW_UP] = { 0x2191, '^' },
	[GLYPH_POINTER] = { 0x25b6, '>' },
	[GLYPH_CHANGED] = { 0x2605, '*' },
	[GLYPH_BULLET] = { 0x2022, '*' },
	[GLYPH_ELLIPSIS] = { 0x2026, '~' },
	[GLYPH_DIAMOND] = { 0x25c6, '*' },
	[GLYPH_CROSS] = { 0x2717, 'x' },
	[GLYPH_DONE] = { 0x2501, '=' },
	[GLYPH_TODO] = { 0x2500, '-' },
	[GLYPH_KNOB] = { 0x25cf, '#' },
	[GLYPH_FAULT] = { 0x25be, 'f' },
};

const char *canvas_role_name(enum role r)
{
	return (unsigned)r < ROLE_COUNT ? role_names[r] : "?";
}

const char *canvas_role_desc(enum role r)
{
	return (unsigned)r < ROLE_COUNT ? role_descs[r] : "?";
}

struct canvas *canvas_create(int width, int height, bool ascii)
{
	struct canvas *c = xcalloc(1, sizeof *c);

	c->ascii = ascii;
	canvas_resize(c, width, height);
	return c;
}

void canvas_destroy(struct canvas *c)
{
	if (c == NULL)
		return;
	free(c->cells);
	free(c);
}

void canvas_resize(struct canvas *c, int width, int height)
{
	size_t n;

	c->width = width > 0 ? width : 0;
	c->height = height > 0 ? height : 0;
	n = (size_t)c->width * (size_t)c->height;
	free(c->cells);
	c->cells = xcalloc(n ? n : 1, sizeof *c->cells);
	canvas_clear(c);
}

void canvas_clear(struct canvas *c)
{
	size_t i, n = (size_t)c->width * (size_t)c->height;

	for (i = 0; i < n; i++) {
		c->cells[i].ch = ' ';
		c->cells[i].style = STYLE(ROLE_NORMAL, 0);
	}
}

struct rect canvas_bounds(const struct canvas *c)
{
	struct rect r = { 0, 0, c->width, c->height };
	return r;
}

struct rect rect_inset(struct rect r, int n)
{
	r.x += n;
	r.y += n;
	r.w -= 2 * n;
	r.h -= 2 * n;
	if (r.w < 0)
		r.w = 0;
	if (r.h < 0)
		r.h = 0;
	return r;
}

struct rect rect_intersect(struct rect a, struct rect b)
{
	struct rect r;
	int x1 = a.x + a.w < b.x + b.w ? a.x + a.w : b.x + b.w;
	int y1 = a.y + a.h < b.y + b.h ? a.y + a.h : b.y + b.h;

	r.x = a.x > b.x ? a.x : b.x;
	r.y = a.y > b.y ? a.y : b.y;
	r.w = x1 > r.x ? x1 - r.x : 0;
	r.h = y1 > r.y ? y1 - r.y : 0;
	return r;
}

bool rect_empty(struct rect r)
{
	return r.w <= 0 || r.h <= 0;
}

static struct cell *cell_at(struct canvas *c, int x, int y)
{
	if (x < 0 || y < 0 || x >= c->width || y >= c->height)
		return NULL;
	return &c->cells[(size_t)y * (size_t)c->width + (size_t)x];
}

const struct cell *canvas_cell(const struct canvas *c, int x, int y)
{
	return cell_at((struct canvas *)c, x, y);
}

/* What a code point becomes on this canvas (ASCII mode, controls). */
static uint32_t cell_char(const struct canvas *c, uint32_t ch)
{
	if (ch < 0x20 || (ch >= 0x7f && ch < 0xa0))
		return '?';
	if (ch > 0x10ffff)
		return 0xfffd;
	if (c->ascii && ch > 0x7e)
		return '?';
	return ch;
}

/* Blank the other half of any wide pair that cell (x, y) belongs to. */
static void break_pair(struct canvas *c, int x, int y)
{
	struct cell *here = cell_at(c, x, y), *other;

	if (here == NULL)
		return;
	if (here->ch == CANVAS_WIDE_TAIL) {
		other = cell_at(c, x - 1, y);
		if (other)
			other->ch = ' ';
	} else if (canvas_cp_width(here->ch) == 2) {
		other = cell_at(c, x + 1, y);
		if (other && other->ch == CANVAS_WIDE_TAIL)
			other->ch = ' ';
	}
}

void canvas_set(struct canvas *c, int x, int y, uint32_t ch, struct style st)
{
	struct cell *cell = cell_at(c, x, y);

	if (cell == NULL)
		return;
	break_pair(c, x, y);
	ch = cell_char(c, ch);
	if (canvas_cp_width(ch) != 1)
		ch = c->ascii ? '?' : 0xfffd;
	cell->ch = ch;
	cell->style = st;
}

/* Set a wide code point at (x, y) and its tail at (x + 1, y). */
static void set_wide(struct canvas *c, int x, int y, uint32_t ch,
		     struct style st)
{
	struct cell *head = cell_at(c, x, y), *tail = cell_at(c, x + 1, y);

	if (head == NULL || tail == NULL)
		return;
	break_pair(c, x, y);
	break_pair(c, x + 1, y);
	head->ch = ch;
	head->style = st;
	tail->ch = CANVAS_WIDE_TAIL;
	tail->style = st;
}

void canvas_restyle(struct canvas *c, struct rect r, int x, int y, int w,
		    struct style st)
{
	int i;

	if (y < 0 || y >= r.h)
		return;
	for (i = x; i < x + w; i++) {
		struct cell *cell;
		if (i < 0 || i >= r.w)
			continue;
		cell = cell_at(c, r.x + i, r.y + y);
		if (cell)
			cell->style = st;
	}
}

uint32_t canvas_glyph(const struct canvas *c, enum glyph g)
{
	if ((unsigned)g >= GLYPH_COUNT)
		return '?';
	return c->ascii ? glyphs[g].ascii : glyphs[g].utf8;
}

/* Is relative (x, y) inside r and the canvas? */
static bool inside(const struct canvas *c, struct rect r, int x, int y)
{
	return x >= 0 && y >= 0 && x < r.w && y < r.h && r.x + x >= 0 &&
	       r.y + y >= 0 && r.x + x < c->width && r.y + y < c->height;
}

void canvas_put_glyph(struct canvas *c, struct rect r, int x, int y,
		      enum glyph g, struct style st)
{
	if (inside(c, r, x, y))
		canvas_set(c, r.x + x, r.y + y, canvas_glyph(c, g), st);
}

size_t canvas_utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t c;
	size_t len, i;

	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if (u[0] >= 0xc2 && u[0] <= 0xdf) {
		len = 2;
		c = u[0] & 0x1f;
	} else if (u[0] >= 0xe0 && u[0] <= 0xef) {
		len = 3;
		c = u[0] & 0x0f;
	} else if (u[0] >= 0xf0 && u[0] <= 0xf4) {
		len = 4;
		c = u[0] & 0x07;
	} else {
		*cp = 0xfffd;
		return 1;
	}
	if (len > n) {
		*cp = 0xfffd;
		return 1;
	}
	for (i = 1; i < len; i++) {
		if ((u[i] & 0xc0) != 0x80) {
			*cp = 0xfffd;
			return 1;
		}
		c = (c << 6) | (u[i] & 0x3f);
	}
	/* Overlong forms, surrogates and values past U+10FFFF. */
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff) {
		*cp = 0xfffd;
		return 1;
	}
	*cp = c;
	return len;
}

int canvas_cp_width(uint32_t cp)
{
	/* Combining marks and zero-width characters. */
	static const uint32_t zero[][2] = {
		{ 0x0300, 0x036f }, { 0x0483, 0x0489 }, { 0x0591, 0x05bd },
		{ 0x0610, 0x061a }, { 0x064b, 0x065f }, { 0x1ab0, 0x1aff },
		{ 0x1dc0, 0x1dff }, { 0x200b, 0x200f }, { 0x202a, 0x202e },
		{ 0x2060, 0x2064 }, { 0x20d0, 0x20ff }, { 0xfe00, 0xfe0f },
		{ 0xfe20, 0xfe2f }, { 0xfeff, 0xfeff },
	};
	/* East Asian wide and fullwidth ranges, and emoji. */
	static const uint32_t wide[][2] = {
		{ 0x1100, 0x115f },   { 0x231a, 0x231b },   { 0x2329, 0x232a },
		{ 0x23e9, 0x23ec },   { 0x23f0, 0x23f0 },   { 0x23f3, 0x23f3 },
		{ 0x25fd, 0x25fe },   { 0x2614, 0x2615 },   { 0x2648, 0x2653 },
		{ 0x26aa, 0x26ab },   { 0x26bd, 0x26be },   { 0x26c4, 0x26c5 },
		{ 0x26ce, 0x26ce },   { 0x26d4, 0x26d4 },   { 0x26ea, 0x26ea },
		{ 0x26f2, 0x26f5 },   { 0x26fa, 0x26fa },   { 0x26fd, 0x26fd },
		{ 0x2705, 0x2705 },   { 0x270a, 0x270b },   { 0x2728, 0x2728 },
		{ 0x274c, 0x274c },   { 0x2753, 0x2755 },   { 0x2757, 0x2757 },
		{ 0x2795, 0x2797 },   { 0x27b0, 0x27b0 },   { 0x27bf, 0x27bf },
		{ 0x2b1b, 0x2b1c },   { 0x2b50, 0x2b50 },   { 0x2b55, 0x2b55 },
		{ 0x2e80, 0x303e },   { 0x3041, 0x33ff },   { 0x3400, 0x4dbf },
		{ 0x4e00, 0x9fff },   { 0xa000, 0xa4cf },   { 0xa960, 0xa97f },
		{ 0xac00, 0xd7a3 },   { 0xf900, 0xfaff },   { 0xfe10, 0xfe19 },
		{ 0xfe30, 0xfe6f },   { 0xff00, 0xff60 },   { 0xffe0, 0xffe6 },
		{ 0x1f004, 0x1f004 }, { 0x1f0cf, 0x1f0cf }, { 0x1f18e, 0x1f18e },
		{ 0x1f191, 0x1f19a }, { 0x1f200, 0x1f251 }, { 0x1f300, 0x1f64f },
		{ 0x1f680, 0x1f6ff }, { 0x1f7e0, 0x1f7eb }, { 0x1f900, 0x1f9ff },
		{ 0x1fa70, 0x1faff }, { 0x20000, 0x3fffd },
	};
	size_t i;

	if (cp < 0x300)
		return 1;
	for (i = 0; i < sizeof zero / sizeof zero[0]; i++)
		if (cp >= zero[i][0] && cp <= zero[i][1])
			return 0;
	for (i = 0; i < sizeof wide / sizeof wide[0]; i++)
		if (cp >= wide[i][0] && cp <= wide[i][1])
			return 2;
	return 1;
}

/* The width a decoded code point takes on canvas c (after substitution). */
static int drawn_width(const struct canvas *c, uint32_t cp)
{
	int w = canvas_cp_width(cp);

	if (c && c->ascii)
		return w == 0 ? 0 : 1;
	return w;
}

int canvas_textn_width(const char *s, size_t n)
{
	size_t i = 0;
	int w = 0;

	while (i < n && s[i]) {
		uint32_t cp;
		i += canvas_utf8_decode(s + i, n - i, &cp);
		w += canvas_cp_width(cp);
	}
	return w;
}

int canvas_text_width(const char *s)
{
	return canvas_textn_width(s, strlen(s));
}

int canvas_textn(struct canvas *c, struct rect r, int x, int y,
		 struct style st, const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && s[i]) {
		uint32_t cp;
		int w;

		i += canvas_utf8_decode(s + i, n - i, &cp);
		w = drawn_width(c, cp);
		if (w == 0)
			continue;
		if (w == 2) {
			if (inside(c, r, x, y) && inside(c, r, x + 1, y))
				set_wide(c, r.x + x, r.y + y, cp, st);
			else if (inside(c, r, x, y))
				canvas_set(c, r.x + x, r.y + y, ' ', st);
			else if (inside(c, r, x + 1, y))
				canvas_set(c, r.x + x + 1, r.y + y, ' ', st);
		} else if (inside(c, r, x, y)) {
			canvas_set(c, r.x + x, r.y + y, cp, st);
		}
		x += w;
	}
	return x;
}

int canvas_text(struct canvas *c, struct rect r, int x, int y,
		struct style st, const char *s)
{
	return canvas_textn(c, r, x, y, st, s, strlen(s));
}

int canvas_printf(struct canvas *c, struct rect r, int x, int y,
		  struct style st, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return canvas_text(c, r, x, y, st, buf);
}

int canvas_text_fit(struct canvas *c, struct rect r, int x, int y, int width,
		    struct style st, const char *s)
{
	size_t i = 0, n = strlen(s);
	int used = 0;

	if (width <= 0)
		return 0;
	if (canvas_text_width(s) <= width) {
		canvas_text(c, r, x, y, st, s);
		return canvas_text_width(s);
	}
	/* Keep whole code points that fit in width - 1, then the ellipsis. */
	while (i < n) {
		uint32_t cp;
		size_t len = canvas_utf8_decode(s + i, n - i, &cp);
		int w = canvas_cp_width(cp);
		if (used + w > width - 1)
			break;
		used += w;
		i += len;
	}
	canvas_textn(c, r, x, y, st, s, i);
	canvas_put_glyph(c, r, x + used, y, GLYPH_ELLIPSIS, st);
	return used + 1;
}

void canvas_fill(struct canvas *c, struct rect r, uint32_t ch,
		 struct style st)
{
	int x, y;

	for (y = 0; y < r.h; y++)
		for (x = 0; x < r.w; x++)
			if (inside(c, r, x, y))
				canvas_set(c, r.x + x, r.y + y, ch, st);
}

void canvas_hline(struct canvas *c, struct rect r, int y, struct style st)
{
	int x;

	for (x = 0; x < r.w; x++)
		canvas_put_glyph(c, r, x, y, GLYPH_HLINE, st);
}

void canvas_box(struct canvas *c, struct rect r, struct style border,
		const char *title, struct style title_st)
{
	int x, y;

	if (r.w < 2 || r.h < 2)
		return;
	for (x = 1; x < r.w - 1; x++) {
		canvas_put_glyph(c, r, x, 0, GLYPH_HLINE, border);
		canvas_put_glyph(c, r, x, r.h - 1, GLYPH_HLINE, border);
	}
	for (y = 1; y < r.h - 1; y++) {
		canvas_put_glyph(c, r, 0, y, GLYPH_VLINE, border);
		canvas_put_glyph(c, r, r.w - 1, y, GLYPH_VLINE, border);
	}
	canvas_put_glyph(c, r, 0, 0, GLYPH_ULCORNER, border);
	canvas_put_glyph(c, r, r.w - 1, 0, GLYPH_URCORNER, border);
	canvas_put_glyph(c, r, 0, r.h - 1, GLYPH_LLCORNER, border);
	canvas_put_glyph(c, r, r.w - 1, r.h - 1, GLYPH_LRCORNER, border);
	if (title && *title && r.w >= 6) {
		/* " title " from x = 1, leaving the right corner alone. */
		canvas_set(c, r.x + 1, r.y, ' ', title_st);
		x = 2 + canvas_text_fit(c, r, 2, 0, r.w - 5, title_st, title);
		if (x < r.w - 1)
			canvas_set(c, r.x + x, r.y, ' ', title_st);
	}
}

int canvas_wrap(const char *s, int width, struct wrap_line *lines, int max)
{
	size_t n = strlen(s), i = 0;
	int count = 0;

	if (width < 1)
		width = 1;
	do {
		size_t start = i, end = i, last_space = (size_t)-1;
		bool by_width = false;
		int used = 0;

		/* The longest prefix that fits; remember the last space. */
		while (end < n && s[end] != '\n') {
			uint32_t cp;
			size_t len = canvas_utf8_decode(s + end, n - end, &cp);
			int w = canvas_cp_width(cp);
			if (used + w > width) {
				by_width = true;
				break;
			}
			if (cp == ' ')
				last_space = end;
			used += w;
			end += len;
		}
		if (by_width && end == start) {
			/* A code point wider than the line: take it anyway. */
			uint32_t cp;
			end += canvas_utf8_decode(s + end, n - end, &cp);
		} else if (by_width && s[end] != ' ' &&
			   last_space != (size_t)-1 && last_space > start) {
			end = last_space; /* break at the space, dropping it */
		}
		if (count < max) {
			size_t len = end - start;
			while (len && s[start + len - 1] == ' ')
				len--;
			lines[count].start = start;
			lines[count].len = len;
		}
		count++;
		i = end;
		if (by_width) {
			while (i < n && s[i] == ' ')
				i++;
		}
		if (i < n && s[i] == '\n')
			i++;
	} while (i < n);
	return count;
}

void canvas_row_text(const struct canvas *c, int y, struct strbuf *out)
{
	size_t start = out->len, keep;
	int x;

	if (y < 0 || y >= c->height)
		return;
	for (x = 0; x < c->width; x++) {
		uint32_t ch = c->cells[(size_t)y * (size_t)c->width + (size_t)x].ch;
		char buf[4];

		if (ch == CANVAS_WIDE_TAIL)
			continue;
		if (ch < 0x80) {
			strbuf_putc(out, (char)ch);
		} else if (ch < 0x800) {
			buf[0] = (char)(0xc0 | (ch >> 6));
			buf[1] = (char)(0x80 | (ch & 0x3f));
			strbuf_add(out, buf, 2);
		} else if (ch < 0x10000) {
			buf[0] = (char)(0xe0 | (ch >> 12));
			buf[1] = (char)(0x80 | ((ch >> 6) & 0x3f));
			buf[2] = (char)(0x80 | (ch & 0x3f));
			strbuf_add(out, buf, 3);
		} else {
			buf[0] = (char)(0xf0 | (ch >> 18));
			buf[1] = (char)(0x80 | ((ch >> 12) & 0x3f));
			buf[2] = (char)(0x80 | ((ch >> 6) & 0x3f));
			buf[3] = (char)(0x80 | (ch & 0x3f));
			strbuf_add(out, buf, 4);
		}
	}
	keep = out->len;
	while (keep > start && out->buf[keep - 1] == ' ')
		keep--;
	out->len = keep;
	if (out->buf)
		out->buf[keep] = '\0';
}

void canvas_to_text(const struct canvas *c, struct strbuf *out)
{
	int y;

	for (y = 0; y < c->height; y++) {
		canvas_row_text(c, y, out);
		strbuf_putc(out, '\n');
	}
}
