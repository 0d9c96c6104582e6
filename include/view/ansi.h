/*
 * ansi.h: a canvas as terminal bytes, with no curses and no terminal.
 * ansi_frame() writes the ANSI/VT100 sequences (cursor moves, SGR for the
 * colour roles and attributes, UTF-8 text) that turn one screen into the
 * next, or draw a whole screen.  It is what recordings are made of: the
 * headless export and the live recorder feed the same canvases through it,
 * so a recording replayed in any xterm-compatible terminal (asciinema,
 * tmux) shows exactly what memviz drew.
 *
 * The role look table (colours and attributes per role) lives here so the
 * cast, SVG and HTML backends agree; it mirrors the curses table in
 * src/app/term.c (ANSI colour numbers are the curses COLOR_* values).
 */
#ifndef MEMVIZ_VIEW_ANSI_H
#define MEMVIZ_VIEW_ANSI_H

#include <stdbool.h>
#include <stdint.h>

#include "view/canvas.h"

struct strbuf;

/* Dim text: an effective attribute next to the canvas ATTR_* bits. */
#define ANSI_ATTR_DIM (1u << 3)

/* No colour: the terminal's (or the page's) own foreground/background. */
#define ANSI_DEFAULT (-1)

/*
 * How a role looks: ANSI colour numbers 0-7 (black, red, green, yellow,
 * blue, magenta, cyan, white) or ANSI_DEFAULT; attributes (ATTR_* and
 * ANSI_ATTR_DIM) always added, and added only when colours are off so the
 * meaning survives in monochrome.
 */
struct ansi_look {
	int8_t fg, bg;
	uint8_t always;
	uint8_t mono;
};

/* The look of role r (an unknown role looks like ROLE_NORMAL). */
const struct ansi_look *ansi_role_look(unsigned r);

/*
 * The attributes a cell is drawn with: its own ATTR_* bits plus its role's
 * (the mono ones only when color is false).
 */
unsigned ansi_cell_attrs(struct style st, bool color);

/*
 * A CSS colour (#rrggbb) for ANSI colour n (0-7), chosen to read well on
 * white paper and slides; NULL for ANSI_DEFAULT or out of range.
 */
const char *ansi_css_color(int n);

/*
 * Append to out the bytes that change a terminal showing `prev` into one
 * showing `next`: only the cells that differ, with cursor moves.  When
 * prev is NULL or a different size, the whole screen is drawn (attributes
 * reset, cursor hidden, screen cleared).  color false draws the mono
 * attributes instead of colours.  Text is UTF-8 (or '?' for non-ASCII when
 * next->ascii).  Identical canvases append nothing.  The cursor is left
 * wherever the last cell was written; attributes are left reset.
 */
void ansi_frame(struct strbuf *out, const struct canvas *prev,
		const struct canvas *next, bool color);

/* Append code point cp as UTF-8 (invalid code points as U+FFFD). */
void ansi_put_utf8(struct strbuf *out, uint32_t cp);

#endif
