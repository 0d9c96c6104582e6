/*
 * snapshot.h: screens as pictures and pages, for slides and handouts.
 * `memviz --dump --format=svg` draws one step's screen as an SVG image;
 * `memviz --handout OUT.html` writes one self-contained, printable HTML
 * page with, for each step, its screen, its narration and its note.  Both
 * draw each step exactly as `memviz --dump` does (ui_draw_step).
 */
#ifndef MEMVIZ_APP_SNAPSHOT_H
#define MEMVIZ_APP_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>

struct engine;
struct strbuf;
struct ui_options;

/*
 * Append to out an SVG image of step `step` (clamped to 0..N) in a
 * width x height screen; color false keeps only the monochrome
 * attributes.  Returns 0, or 2 for an impossible size (below 1 or above
 * 1000).
 */
int snapshot_svg(struct engine *e, size_t step, int width, int height,
		 const struct ui_options *ui, bool color, struct strbuf *out);

struct quiz_list;

struct snapshot_handout_options {
	int width, height;           /* the screen size of every step */
	size_t from, to;             /* steps included (clamped to 0..N) */
	bool marked_only;            /* only marked steps, and from and to */
	const struct ui_options *ui; /* drawing options, as for --dump */
	/*
	 * A quiz (core/quiz.h), or NULL: each step with questions lists them
	 * under its screen, and an answer key ends the page.  With
	 * questions_only the page is a worksheet: only the steps with
	 * questions, each as the screen before it and its questions, with
	 * no narration and no answers.
	 */
	const struct quiz_list *quiz;
	bool questions_only;
};

/*
 * Write the handout to `path`: the scenario's title, its description and
 * file, then one section per step (a page each when printed): "Step K of
 * N" with the chapter, the screen as styled text (readable in black and
 * white: colours become bold and underline in print), the narration and
 * the step's note (with marked_only, only the steps with a scenario mark,
 * and from and to).  No scripts, no external files, no dates: the same
 * input writes the same bytes.  Returns 0, or 1 after printing why on
 * stderr.
 */
int snapshot_handout(struct engine *e, const char *path,
		     const struct snapshot_handout_options *opt);

/*
 * Write sb's bytes to `path` (created or truncated).  Returns 0, or 1
 * after printing "memviz: cannot write PATH: REASON" on stderr.  For the
 * handout and the --html page (html.c).
 */
int snapshot_write(const char *path, const struct strbuf *sb);

#endif
