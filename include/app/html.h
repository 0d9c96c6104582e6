/*
 * html.h: the interactive page for course websites.  `memviz --html
 * OUT.html` writes one self-contained HTML file (inline CSS and
 * JavaScript, nothing loaded from anywhere) that plays a scenario like the
 * viewer: every step's screen exactly as `memviz --dump` draws it, the
 * micro-step screens as the viewer draws them after `m`, the narration and
 * the note beside the screen, keys, buttons, a timeline with chapter marks,
 * a search over the narration, and a URL fragment (#step=7, #step=7.3) that
 * follows the position and opens it.
 *
 * The screens are stored compactly: every distinct row (as styled HTML)
 * once, each screen as the row numbers it differs in from the screen
 * before it, with a full screen (a keyframe) every HTML_KEYFRAME screens.
 */
#ifndef MEMVIZ_APP_HTML_H
#define MEMVIZ_APP_HTML_H

#include <stdbool.h>
#include <stddef.h>

struct engine;
struct strbuf;
struct ui_options;

/* A full screen at least every this many screens. */
#define HTML_KEYFRAME 32

enum html_theme {
	HTML_THEME_AUTO,  /* colours; monochrome for prefers-contrast: more */
	HTML_THEME_COLOR, /* colours on screen always */
	HTML_THEME_MONO,  /* monochrome attributes only */
};

struct html_options {
	int width, height;           /* the screen size of every step */
	size_t from, to;             /* steps included (clamped to 0..N) */
	bool marked_only;            /* only marked steps, the first, the last */
	enum html_theme theme;
	const struct ui_options *ui; /* drawing options, as for --dump */
};

/*
 * Whether the page (or a --marked-only handout or export) includes step k
 * of the range from..to: every step, or with marked_only a step with a
 * scenario mark, and from and to themselves.
 */
bool html_step_included(const struct engine *e, size_t k, size_t from,
			size_t to, bool marked_only);

/*
 * Append the whole page to out.  The same input gives the same bytes (no
 * dates).  Returns 0, or 2 for an impossible size (below 1 or above 1000).
 * The engine is left at some step.
 */
int html_build(struct engine *e, const struct html_options *opt,
	       struct strbuf *out);

/*
 * html_build, written to `path`.  Returns 0, or 1 after printing why on
 * stderr.
 */
int html_write(struct engine *e, const char *path,
	       const struct html_options *opt);

/* The name of a theme ("auto", "color", "mono"). */
const char *html_theme_name(enum html_theme t);

#endif
