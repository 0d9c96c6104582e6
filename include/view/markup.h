/*
 * markup.h: a canvas as SVG or as HTML, for slides and printed handouts.
 * Both keep the colour roles (colours from ansi.h's role table) and the
 * attributes; neither needs a font on the reader's machine beyond a
 * monospace one, nor any external tool.
 */
#ifndef MEMVIZ_VIEW_MARKUP_H
#define MEMVIZ_VIEW_MARKUP_H

#include <stdbool.h>
#include <stddef.h>

struct canvas;
struct strbuf;

/* The size of one cell in the SVG, in pixels (font size 15). */
#define MARKUP_CELL_W 9
#define MARKUP_CELL_H 18

/*
 * Append a standalone SVG image of the canvas to out: a white background,
 * one <text> per run of cells with one style (its width fixed with
 * textLength so columns line up in any monospace font), a <rect> behind
 * runs with a background colour or reverse video.  color false draws the
 * monochrome attributes (bold, underline) instead of colours.  When
 * `standalone` is false the XML declaration is left out (for inline SVG in
 * HTML).
 */
void markup_svg(const struct canvas *c, bool color, bool standalone,
		struct strbuf *out);

/*
 * Append the canvas as an HTML <pre class="screen"> with a <span> per
 * style run.  Classes: fN / gN foreground and background colour N (0-7),
 * b bold, d dim, u underline, v reverse; mb / mu / md the bold, underline
 * or dim a role has only in monochrome (markup_css shows them in print).
 */
void markup_html_pre(const struct canvas *c, struct strbuf *out);

/* The CSS for markup_html_pre's classes, screen and print (no <style>). */
const char *markup_css(void);

/* Append s (n bytes) with & < > " escaped for HTML and XML. */
void markup_escape(struct strbuf *out, const char *s, size_t n);

#endif
