/*
 * record.h: asciicast v2 recordings (the format `asciinema play`, the
 * asciinema web player, svg-term and termtosvg read).  A recording is a
 * header line, then one JSON array per event: [time, "o", output],
 * [time, "m", label] (a marker), [time, "r", "COLSxROWS"] (a resize).
 *
 * The writer flushes every line as it is written, so the file is a valid,
 * playable recording after every event: a crash or a dropped SSH link
 * loses nothing before it.  Times never go backwards; with an idle limit,
 * every pause longer than the limit is shortened to it (as asciinema rec
 * -i does), and the limit is written in the header.
 *
 * record_frame() turns canvases into output events with the ANSI renderer
 * (view/ansi.h): the first frame, and the first after a size change (which
 * also writes an "r" event), redraws the whole screen; later frames send
 * only the cells that changed.
 *
 * Then the export: record_export() autoplays a scenario with no terminal,
 * drawing each step as `memviz --dump` would, at times taken from the step
 * delay, never the clock, so two runs write identical bytes.
 */
#ifndef MEMVIZ_APP_RECORD_H
#define MEMVIZ_APP_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct canvas;
struct engine;
struct program;
struct ui_options;

struct record_header {
	int width, height;   /* the terminal size at the start */
	int64_t timestamp;   /* Unix seconds, or -1 to leave it out */
	double idle_limit;   /* seconds; <= 0: no limit (and not written) */
	const char *title;   /* or NULL */
	const char *term;    /* env TERM, or NULL */
	const char *shell;   /* env SHELL, or NULL */
};

struct record;

/*
 * Create `path` (truncating it) and write the header.  Returns NULL after
 * writing a one-line reason into err when the file cannot be written.
 * `color` selects colours (else monochrome attributes) for record_frame.
 */
struct record *record_create(const char *path, const struct record_header *h,
			     bool color, char *err, size_t errsz);

/*
 * Finish and close the recording; accepts NULL.  Returns 0, or 1 when a
 * write failed at any point, with the first reason written into err (when
 * err is not NULL).
 */
int record_close(struct record *r, char *err, size_t errsz);

/*
 * Events at `t` seconds from the start (raw time: the idle limit and
 * monotonicity are applied here).  Output data is any bytes (invalid UTF-8
 * is written as U+FFFD); empty output writes nothing.
 */
void record_output(struct record *r, double t, const char *data, size_t n);
void record_marker(struct record *r, double t, const char *label);
void record_resize(struct record *r, double t, int width, int height);

/*
 * Record what the screen shows now: the bytes from the last recorded
 * canvas to c (a full redraw the first time, and after a size change,
 * which is also written as an "r" event first).  Nothing is written when
 * nothing changed.  The canvas is copied, not kept.
 */
void record_frame(struct record *r, double t, const struct canvas *c);

/*
 * The marker label for arriving at step k of p: "step K: MARK" when the
 * scenario marks step k, else "step K" when every is true, else NULL.
 * Written into buf (size n).
 */
const char *record_step_label(const struct program *p, size_t k, bool every,
			      char *buf, size_t n);

/* What --export needs besides the engine. */
struct record_export_options {
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
int record_export(struct engine *e, const char *path,
		  const struct record_export_options *opt);

#endif
