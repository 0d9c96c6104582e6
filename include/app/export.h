/*
 * export.h: the headless export (--export): a scenario autoplayed with no
 * terminal into an asciicast v2 recording (record.h), each step drawn as
 * `memviz --dump` would, at times taken from the step delay, never the
 * clock, so two runs write identical bytes.
 */
#ifndef MEMVIZ_APP_EXPORT_H
#define MEMVIZ_APP_EXPORT_H

#include <stdbool.h>
#include <stddef.h>

struct engine;
struct ui_options;

/* What --export needs besides the engine. */
struct export_options {
	int width, height;      /* screen size */
	double step_delay;      /* seconds between steps (> 0) */
	size_t from, to;        /* steps shown, clamped to 0..N, from <= to */
	bool marker_every_step; /* an "m" at every step, not only at marks */
	bool marked_only;       /* only marked steps, and from and to */
	bool color;             /* colours (else monochrome attributes) */
	const struct ui_options *ui; /* drawing options, as for --dump */
};

/*
 * Write the recording of steps from..to to `path`: step `from` at time 0,
 * each later step step_delay seconds after the previous one, each drawn
 * exactly as `memviz --dump --step K` draws it (with marked_only, only
 * the steps with a scenario mark, and from and to, one delay apart); a
 * marker labelled
 * "step K: MARK" at each step with a scenario mark (and "step K" at every
 * other step with marker_every_step); a last event that shows the cursor
 * again.  The header has the scenario's title and a fixed TERM, and a
 * timestamp only when SOURCE_DATE_EPOCH is set, so the bytes depend on
 * nothing but the scenario and the options.  Returns 0, or 1 after
 * printing why on stderr.
 */
int export_recording(struct engine *e, const char *path,
		     const struct export_options *opt);

#endif
