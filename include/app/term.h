/*
 * term.h: the terminal, and the only module that includes curses.  It
 * opens the terminal (checking that TERM is known and can move the
 * cursor), maps colour roles to colour pairs or to monochrome attributes,
 * copies a canvas to the screen with a single update, reads keys as
 * keymap.h key codes, and restores the terminal on every way out: normal
 * close, fatal error, atexit, SIGINT, SIGTERM, SIGHUP and crashes.
 */
#ifndef MEMVIZ_APP_TERM_H
#define MEMVIZ_APP_TERM_H

#include <stdbool.h>

#include "app/cli.h"

struct canvas;

struct term_options {
	enum cli_color color; /* auto honours NO_COLOR and the terminal */
	bool ascii;           /* force ASCII output */
	bool mouse;           /* report clicks and the wheel */
	bool present;         /* presentation: stronger highlights */
};

/*
 * Open the terminal on stdin/stdout.  On failure returns false after
 * writing a one-line reason into err (e.g. "unknown terminal type 'x';
 * try TERM=xterm-256color, or use --batch"); the terminal is untouched.
 */
bool term_open(const struct term_options *opt, char *err, size_t errsz);
/*
 * The scenario was read from standard input (`memviz -`): term_open
 * takes the keys from /dev/tty instead (when stdin is not a terminal).
 */
void term_keys_from_tty(void);
/* Restore the terminal (idempotent; safe if never opened). */
void term_close(void);

/* The screen size in cells. */
void term_size(int *width, int *height);
/* True when output must be ASCII (asked for, or the locale is not UTF-8). */
bool term_ascii(void);
/* True when colours are in use. */
bool term_color(void);
/* The colour theme in use: 256, 16 or 8 colours, or 0 (monochrome). */
int term_colors(void);
/* Where the last KEYC_MOUSE_CLICK or wheel event happened (cells). */
void term_mouse_pos(int *x, int *y);

/* Show the canvas (same size as the screen) with one update. */
void term_blit(const struct canvas *c);
/* Repaint everything on the next blit (Ctrl-L). */
void term_redraw(void);

/*
 * Wait for a key, at most timeout_ms (< 0: forever).  Returns a key code
 * (keymap.h), KEYC_RESIZE after a resize, KEYC_TIMEOUT when the time ran
 * out, KEYC_EOF when input is closed.
 */
int term_getkey(int timeout_ms);

#endif
