/*
 * markup.c: canvases as SVG images and HTML <pre> blocks.
 *
 * Both walk each row in runs: maximal spans of cells that share an
 * effective look (attributes, foreground, background).  Wide-character
 * tails are skipped (their head stands for both cells).  Text is escaped
 * for XML; code points outside what XML allows become '?'.
 */
#include "view/markup.h"

#include <stdio.h>
#include <string.h>

#include "core/util.h"
#include "view/ansi.h"
#include "view/canvas.h"

#define FG_DEFAULT "#1e1e1e"
#define BG_DEFAULT "#ffffff"
#define FONT_FAMILY "DejaVu Sans Mono, Menlo, Consolas, Liberation Mono, monospace"

/* The effective look of a cell. */
struct look {
	unsigned attrs;
	int fg, bg;
	unsigned mono_only; /* attributes only monochrome output adds */
};

static struct look cell_look(const struct cell *cell, bool color)
{
	const struct ansi_look *l = ansi_role_look(cell->style.role);
	struct look k;

	k.attrs = ansi_cell_attrs(cell->style, color);
	k.fg = color ? l->fg : ANSI_DEFAULT;
	k.bg = color ? l->bg : ANSI_DEFAULT;
	k.mono_only = l->mono & ~ansi_cell_attrs(cell->style, true);
	return k;
}

static bool look_eq(struct look a, struct look b)
{
	return a.attrs == b.attrs && a.fg == b.fg && a.bg == b.bg &&
	       a.mono_only == b.mono_only;
}

/* Append one cell's character, XML-escaped. */
static void put_char(struct strbuf *out, const struct canvas *c, uint32_t ch)
{
	if (ch < 0x20 || ch == 0x7f || (ch >= 0x80 && ch < 0xa0) ||
	    ch == 0xfffe || ch == 0xffff)
		ch = '?';
	if (c->ascii && ch > 0x7e)
		ch = '?';
	if (ch == '&')
		strbuf_puts(out, "&amp;");
	else if (ch == '<')
		strbuf_puts(out, "&lt;");
	else if (ch == '>')
		strbuf_puts(out, "&gt;");
	else if (ch == '"')
		strbuf_puts(out, "&quot;");
	else
		ansi_put_utf8(out, ch);
}

void markup_escape(struct strbuf *out, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '&':
			strbuf_puts(out, "&amp;");
			break;
		case '<':
			strbuf_puts(out, "&lt;");
			break;
		case '>':
			strbuf_puts(out, "&gt;");
			break;
		case '"':
			strbuf_puts(out, "&quot;");
			break;
		default:
			strbuf_putc(out, s[i]);
		}
	}
}

/* The end of the run of cells starting at x with the same look. */
static int run_end(const struct canvas *c, int x, int y, bool color)
{
	struct look k = cell_look(canvas_cell(c, x, y), color);
	int e = x + 1;

	while (e < c->width) {
		const struct cell *cell = canvas_cell(c, e, y);
		if (cell->ch != CANVAS_WIDE_TAIL &&
		    !look_eq(cell_look(cell, color), k))
			break;
		e++;
	}
	return e;
}

static bool run_blank(const struct canvas *c, int x, int e, int y)
{
	for (; x < e; x++) {
		uint32_t ch = canvas_cell(c, x, y)->ch;
		if (ch != ' ' && ch != CANVAS_WIDE_TAIL)
			return false;
	}
	return true;
}

static const char *css(int n, const char *dflt)
{
	const char *s = ansi_css_color(n);

	return s ? s : dflt;
}

static void svg_run(struct strbuf *out, const struct canvas *c, int x, int e,
		    int y, bool color)
{
	struct look k = cell_look(canvas_cell(c, x, y), color);
	const char *fg = css(k.fg, FG_DEFAULT), *bg = NULL;
	int i;

	if (k.bg >= 0)
		bg = css(k.bg, BG_DEFAULT);
	if (k.attrs & ATTR_REVERSE) {
		const char *t = fg;
		fg = bg ? bg : BG_DEFAULT;
		bg = t;
	}
	if (bg)
		strbuf_printf(out,
			      "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
			      "fill=\"%s\"/>\n",
			      8 + x * MARKUP_CELL_W, 8 + y * MARKUP_CELL_H,
			      (e - x) * MARKUP_CELL_W, MARKUP_CELL_H, bg);
	if (run_blank(c, x, e, y) && !(k.attrs & ATTR_UNDERLINE))
		return;
	strbuf_printf(out,
		      "<text x=\"%d\" y=\"%d\" textLength=\"%d\" "
		      "lengthAdjust=\"spacingAndGlyphs\" fill=\"%s\"",
		      8 + x * MARKUP_CELL_W, 8 + y * MARKUP_CELL_H + 14,
		      (e - x) * MARKUP_CELL_W, fg);
	if (k.attrs & ATTR_BOLD)
		strbuf_puts(out, " font-weight=\"bold\"");
	if (k.attrs & ATTR_UNDERLINE)
		strbuf_puts(out, " text-decoration=\"underline\"");
	if (k.attrs & ANSI_ATTR_DIM)
		strbuf_puts(out, " fill-opacity=\"0.6\"");
	strbuf_puts(out, ">");
	for (i = x; i < e; i++) {
		uint32_t ch = canvas_cell(c, i, y)->ch;
		if (ch != CANVAS_WIDE_TAIL)
			put_char(out, c, ch);
	}
	strbuf_puts(out, "</text>\n");
}

void markup_svg(const struct canvas *c, bool color, bool standalone,
		struct strbuf *out)
{
	int w = c->width * MARKUP_CELL_W + 16, h = c->height * MARKUP_CELL_H + 16;
	int x, y;

	if (standalone)
		strbuf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	strbuf_printf(out,
		      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
		      "height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"%s\" "
		      "font-size=\"15\" xml:space=\"preserve\">\n",
		      w, h, w, h, FONT_FAMILY);
	strbuf_printf(out, "<rect width=\"%d\" height=\"%d\" fill=\"%s\"/>\n", w,
		      h, BG_DEFAULT);
	for (y = 0; y < c->height; y++) {
		for (x = 0; x < c->width;) {
			int e = run_end(c, x, y, color);
			svg_run(out, c, x, e, y, color);
			x = e;
		}
	}
	strbuf_puts(out, "</svg>\n");
}

static void html_open_span(struct strbuf *out, struct look k)
{
	char cls[64] = "";
	size_t n = 0;

#define ADD(...) n += (size_t)snprintf(cls + n, sizeof cls - n, __VA_ARGS__)
	if (k.fg >= 0)
		ADD(" f%d", k.fg);
	if (k.bg >= 0)
		ADD(" g%d", k.bg);
	if (k.attrs & ATTR_BOLD)
		ADD(" b");
	if (k.attrs & ANSI_ATTR_DIM)
		ADD(" d");
	if (k.attrs & ATTR_UNDERLINE)
		ADD(" u");
	if (k.attrs & ATTR_REVERSE)
		ADD(" v");
	if (k.mono_only & ATTR_BOLD)
		ADD(" mb");
	if (k.mono_only & ATTR_UNDERLINE)
		ADD(" mu");
	if (k.mono_only & ANSI_ATTR_DIM)
		ADD(" md");
#undef ADD
	strbuf_printf(out, "<span class=\"%s\">", cls + 1);
}

void markup_html_pre(const struct canvas *c, struct strbuf *out)
{
	int x, y;

	strbuf_puts(out, "<pre class=\"screen\">");
	for (y = 0; y < c->height; y++) {
		int last = c->width - 1;

		while (last >= 0 && canvas_cell(c, last, y)->ch == ' ' &&
		       cell_look(canvas_cell(c, last, y), true).bg < 0 &&
		       !(cell_look(canvas_cell(c, last, y), true).attrs &
			 (ATTR_REVERSE | ATTR_UNDERLINE)))
			last--;
		for (x = 0; x <= last;) {
			int e = run_end(c, x, y, true), i;
			struct look k = cell_look(canvas_cell(c, x, y), true);
			bool plain = k.attrs == 0 && k.fg < 0 && k.bg < 0 &&
				     k.mono_only == 0;

			if (e > last + 1)
				e = last + 1;
			if (!plain)
				html_open_span(out, k);
			for (i = x; i < e; i++) {
				uint32_t ch = canvas_cell(c, i, y)->ch;
				if (ch != CANVAS_WIDE_TAIL)
					put_char(out, c, ch);
			}
			if (!plain)
				strbuf_puts(out, "</span>");
			x = e;
		}
		strbuf_putc(out, '\n');
	}
	strbuf_puts(out, "</pre>\n");
}

const char *markup_css(void)
{
	return "pre.screen{font-family:" FONT_FAMILY ";font-size:10.5pt;"
	       "line-height:1.2;color:" FG_DEFAULT ";background:" BG_DEFAULT ";"
	       "border:1px solid #888;padding:4px;margin:0.5em 0;"
	       "white-space:pre;overflow-x:auto}\n"
	       ".f0{color:#000000}.f1{color:#b71c1c}.f2{color:#1b5e20}"
	       ".f3{color:#8d6e00}.f4{color:#0d47a1}.f5{color:#6a1b9a}"
	       ".f6{color:#006064}.f7{color:#ffffff}\n"
	       ".g0{background:#000000}.g1{background:#ffcdd2}"
	       ".g2{background:#c8e6c9}.g3{background:#f9d849}"
	       ".g4{background:#bbdefb}.g5{background:#e1bee7}"
	       ".g6{background:#b2ebf2}.g7{background:#ffffff}\n"
	       ".b{font-weight:bold}.d{opacity:0.6}.u{text-decoration:underline}"
	       ".v{color:" BG_DEFAULT ";background:" FG_DEFAULT "}\n"
	       "@media print{pre.screen{font-size:8.5pt;border-color:#000;"
	       "overflow:visible}"
	       "pre.screen span{color:#000 !important;background:none !important}"
	       "pre.screen .v{color:#fff !important;background:#000 !important;"
	       "-webkit-print-color-adjust:exact;print-color-adjust:exact}"
	       ".mb{font-weight:bold}.mu{text-decoration:underline}"
	       ".md{opacity:0.6}}\n";
}
