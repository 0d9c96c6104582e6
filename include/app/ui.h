/*
 * ui.h: the interactive program and its screen dump.  ui_run is the event
 * loop: a key becomes an action (keymap.h), the action moves the engine or
 * changes the view state, the view draws the screen on a canvas and the
 * terminal module shows it.  ui_dump draws one screen with no terminal at
 * all, for `memviz --dump` and for tests.
 */
#ifndef MEMVIZ_APP_UI_H
#define MEMVIZ_APP_UI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/cli.h"
#include "app/session.h"

struct canvas;
struct engine;
struct strbuf;

struct ui_options {
	enum cli_color color; /* auto: colours unless NO_COLOR or no support */
	bool ascii;           /* ASCII only, even in a UTF-8 locale */
	size_t start_step;    /* the step shown first (clamped to 0..N) */
	bool micro;           /* start in micro-step mode */
	struct session_options session; /* recording, key files (ui_run) */
	uint32_t panes;       /* PANES_* bits to show (0: the scenario's) */
	bool present;         /* presentation mode: fewer counters, more space */
	bool brief;           /* brief narration: one short line a step */
	bool mouse;           /* report clicks and the wheel (ui_run only) */
	/*
	 * The quiz (ui_run only): the scenario's `ask` steps are always
	 * questions (Space reveals); with `quiz`, every outcome of the kinds
	 * in quiz_kinds (QUIZ_* bits, core/quiz.h) is asked too, each with an
	 * answer field, a verdict, a score and a summary at the end.
	 */
	bool quiz;
	uint32_t quiz_kinds;
};

/* Defaults: colour auto, UTF-8 when the locale has it, step 0. */
void ui_options_init(struct ui_options *opt);

/*
 * Run the interactive screen until the user quits, input closes or a
 * signal ends it; the terminal is restored in every case.  Returns the
 * exit status: 0, or 1 when the terminal cannot be used (unknown TERM, no
 * cursor addressing, not a terminal), after printing why on stderr.
 */
int ui_run(struct engine *e, const struct ui_options *opt);

/*
 * Render the screen at step `step` (clamped to 0..N) as it would look in a
 * width x height terminal, as plain text (rows with trailing spaces
 * trimmed, each ending in '\n'), appended to out.  ASCII when opt->ascii;
 * no colour codes either way.  The engine is left at that step.  Returns
 * 0, or 2 for an impossible size (width or height below 1 or above 1000).
 */
int ui_dump(struct engine *e, size_t step, int width, int height,
	    const struct ui_options *opt, struct strbuf *out);

/*
 * Draw the screen at step `step` (clamped to 0..N) on c, at c's size,
 * exactly as ui_dump renders it (c->ascii is set from opt->ascii).  For
 * recordings and SVG/HTML snapshots.  The engine is left at that step.
 */
void ui_draw_step(struct engine *e, size_t step, const struct ui_options *opt,
		  struct canvas *c);

/*
 * Draw the screen at the engine's current position (step and event) on c,
 * as ui_draw_step does, in micro-step mode when `micro` (as the viewer
 * draws it after `m`).  The engine does not move.  For the HTML page.
 */
void ui_draw_here(struct engine *e, const struct ui_options *opt, bool micro,
		  struct canvas *c);
struct quiz_question;
/*
 * Draw question q as the viewer shows it, on c at c's size: the screen at
 * the step before q->step, with the question in the narration pane and no
 * answer field.  For --export and handouts.  The engine is left at that
 * step.
 */
void ui_draw_question(struct engine *e, const struct quiz_question *q,
		      const struct ui_options *opt, struct canvas *c);

#endif
