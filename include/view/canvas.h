/*
 * canvas.h: a grid of character cells that every pane draws on.  A cell
 * holds one Unicode code point and a style: a colour role (what the cell
 * means, never a raw colour) and attribute bits.  The canvas knows nothing
 * about terminals: the curses backend (src/app/term.c) copies it to the
 * screen, and canvas_to_text() turns it into plain text for --dump and the
 * tests.
 *
 * Coordinates: x grows right, y grows down, (0, 0) is the top left cell.
 * Drawing helpers take a clip rectangle and coordinates relative to it, so
 * a pane draws at (0, 0) of its own area and nothing it draws can leave it.
 *
 * Wide characters (CJK, emoji) take two cells: the first holds the code
 * point, the second CANVAS_WIDE_TAIL.  Combining marks are dropped, control
 * characters and invalid UTF-8 show as '?' and U+FFFD.  In ASCII mode
 * (canvas->ascii) every non-ASCII code point is drawn as '?' and line
 * drawing falls back to + - |, so the output is pure ASCII.
 */
#ifndef MEMVIZ_VIEW_CANVAS_H
#define MEMVIZ_VIEW_CANVAS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct strbuf;

/*
 * Colour roles, named once.  The terminal backend maps each to a colour
 * pair and a monochrome attribute; panes pick a role by meaning.
 */
#define CANVAS_ROLES(X)                                                      \
	X(NORMAL, "ordinary text")                                           \
	X(TITLE, "pane titles, the title card")                              \
	X(BORDER, "pane borders")                                            \
	X(FOCUS_BORDER, "border of the focused pane")                        \
	X(CHANGED, "what the last step or event changed")                    \
	X(ERROR, "errors, crashes, overflow")                                \
	X(DIM, "secondary text: addresses, older history")                   \
	X(STATUS, "the status line")                                         \
	X(KEY, "key names in hints and help")                                \
	X(MARK, "chapter markers")                                           \
	X(NOTE, "scenario notes")                                            \
	X(CURRENT, "the current step")                                       \
	X(STACK_FRAME, "stack frame headers")                                \
	X(RETADDR, "return addresses")                                       \
	X(SAVED_FP, "saved frame pointers")                                  \
	X(POINTER, "sp and fp markers")                                      \
	X(HEAP_FREE, "free heap blocks")                                     \
	X(HEAP_USED, "allocated heap blocks")                                \
	X(PAGE_PRESENT, "present pages")                                     \
	X(PAGE_ABSENT, "pages not in memory")                                \
	X(FRAME_FREE, "free physical frames")                                \
	X(FRAME_USED, "used physical frames")                                \
	X(CACHE_HIT, "cache hits")                                           \
	X(CACHE_MISS, "cache misses")                                        \
	X(TIMELINE, "the timeline strip")

enum role {
#define CANVAS_ROLE_ENUM(name, desc) ROLE_##name,
	CANVAS_ROLES(CANVAS_ROLE_ENUM)
#undef CANVAS_ROLE_ENUM
	ROLE_COUNT
};

/* Attribute bits; they carry meaning when there is no colour. */
enum {
	ATTR_BOLD = 1u << 0,
	ATTR_REVERSE = 1u << 1,
	ATTR_UNDERLINE = 1u << 2,
	/*
	 * Not drawn: on the change marker of a list row (a frame, an entry,
	 * an object), so presentation mode can widen the highlight to the
	 * whole row.  Renderers ignore it.
	 */
	ATTR_ROW = 1u << 6,
};

struct style {
	uint8_t role; /* enum role */
	uint8_t attr; /* ATTR_* */
};

/* A style value: STYLE(ROLE_TITLE, ATTR_BOLD). */
#define STYLE(role, attr) ((struct style){ (uint8_t)(role), (uint8_t)(attr) })

/* The second cell of a wide character (not a code point). */
#define CANVAS_WIDE_TAIL 0x110000u

struct cell {
	uint32_t ch;
	struct style style;
};

struct rect {
	int x, y, w, h;
};

struct canvas {
	int width, height;
	bool ascii; /* ASCII output only: + - | boxes, '?' for other text */
	struct cell *cells; /* width * height, row by row */
};

/* Symbols with an ASCII fallback; see canvas_glyph(). */
enum glyph {
	GLYPH_HLINE,
	GLYPH_VLINE,
	GLYPH_ULCORNER,
	GLYPH_URCORNER,
	GLYPH_LLCORNER,
	GLYPH_LRCORNER,
	GLYPH_LTEE,
	GLYPH_RTEE,
	GLYPH_ARROW_LEFT,
	GLYPH_ARROW_RIGHT,
	GLYPH_ARROW_DOWN,
	GLYPH_ARROW_UP,
	GLYPH_POINTER, /* the current item: a triangle, or '>' */
	GLYPH_CHANGED, /* changed by the last step: a star, or '*' */
	GLYPH_BULLET,
	GLYPH_ELLIPSIS,
	GLYPH_DIAMOND,
	GLYPH_CROSS,
	GLYPH_DONE,    /* timeline: steps already done */
	GLYPH_TODO,    /* timeline: steps still to come */
	GLYPH_KNOB,    /* timeline: the current position */
	GLYPH_FAULT,   /* timeline: a page fault (a small triangle, or 'f') */
	GLYPH_COUNT
};

/* The name of a role ("CHANGED") and its description, for docs and tests. */
const char *canvas_role_name(enum role r);
const char *canvas_role_desc(enum role r);

/*
 * Create a canvas of width x height blank cells (sizes below 0 count as
 * 0).  canvas_destroy accepts NULL.
 */
struct canvas *canvas_create(int width, int height, bool ascii);
void canvas_destroy(struct canvas *c);
/* Change the size; the content becomes blank. */
void canvas_resize(struct canvas *c, int width, int height);
/* Blank every cell (space, ROLE_NORMAL, no attributes). */
void canvas_clear(struct canvas *c);

/* The whole canvas as a rectangle. */
struct rect canvas_bounds(const struct canvas *c);
/* A rectangle shrunk by n cells on every side (never negative). */
struct rect rect_inset(struct rect r, int n);
/* The part of a inside b. */
struct rect rect_intersect(struct rect a, struct rect b);
bool rect_empty(struct rect r);

/* The cell at absolute (x, y), or NULL outside the canvas. */
const struct cell *canvas_cell(const struct canvas *c, int x, int y);

/*
 * Set one cell at absolute (x, y) (ignored outside the canvas).  A code
 * point is drawn as given except as the header describes (ASCII mode,
 * controls); wide characters must go through canvas_text.
 */
void canvas_set(struct canvas *c, int x, int y, uint32_t ch, struct style st);
/* Change only the style of w cells from (x, y) in r (relative). */
void canvas_restyle(struct canvas *c, struct rect r, int x, int y, int w,
		    struct style st);

/* The code point for a symbol, honouring the ASCII flag. */
uint32_t canvas_glyph(const struct canvas *c, enum glyph g);

/*
 * Draw UTF-8 text at (x, y) relative to r, clipped to r; no wrapping.
 * Returns the relative x after the text (what it would be even if clipped),
 * so calls can be chained.  canvas_textn draws at most n bytes.
 */
int canvas_text(struct canvas *c, struct rect r, int x, int y,
		struct style st, const char *s);
int canvas_textn(struct canvas *c, struct rect r, int x, int y,
		 struct style st, const char *s, size_t n);
int canvas_printf(struct canvas *c, struct rect r, int x, int y,
		  struct style st, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
/*
 * Draw text in at most `width` columns at (x, y) of r: text that does not
 * fit is cut and ends with an ellipsis.  Returns the columns used.
 */
int canvas_text_fit(struct canvas *c, struct rect r, int x, int y, int width,
		    struct style st, const char *s);
/* Draw a symbol at (x, y) relative to r, clipped. */
void canvas_put_glyph(struct canvas *c, struct rect r, int x, int y,
		      enum glyph g, struct style st);

/* Fill r with code point ch. */
void canvas_fill(struct canvas *c, struct rect r, uint32_t ch,
		 struct style st);
/* A horizontal line across r at relative row y. */
void canvas_hline(struct canvas *c, struct rect r, int y, struct style st);
/*
 * A box around the edge of r.  A non-NULL title is drawn on the top edge
 * as " title " in title_st, cut to fit.  Boxes smaller than 2x2 draw
 * nothing.
 */
void canvas_box(struct canvas *c, struct rect r, struct style border,
		const char *title, struct style title_st);

/* Columns a code point takes: 0 (combining), 1, or 2 (wide). */
int canvas_cp_width(uint32_t cp);
/*
 * Decode one UTF-8 code point from s (n bytes available, n >= 1); stores
 * it and returns the bytes used (invalid input: U+FFFD, 1 byte).
 */
size_t canvas_utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Columns UTF-8 text takes when drawn. */
int canvas_text_width(const char *s);
int canvas_textn_width(const char *s, size_t n);

/* One line of wrapped text: bytes [start, start + len) of the input. */
struct wrap_line {
	size_t start, len;
};

/*
 * Word-wrap UTF-8 text to `width` columns: lines break at spaces (which
 * are dropped at the break), at '\n', and inside words longer than a line.
 * Fills up to `max` lines and returns how many lines the whole text needs
 * (which may exceed max).  Empty text is one empty line.
 */
int canvas_wrap(const char *s, int width, struct wrap_line *lines, int max);

/*
 * The canvas as text: one line per row, '\n' after each, trailing spaces
 * trimmed, styles dropped.  Appends to out.
 */
void canvas_to_text(const struct canvas *c, struct strbuf *out);
/* Row y as text (trailing spaces trimmed), appended to out. */
void canvas_row_text(const struct canvas *c, int y, struct strbuf *out);

#endif
