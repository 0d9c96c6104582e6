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
 * The headless export (--export) that writes one is export.h's.
 */
#ifndef MEMVIZ_APP_RECORD_H
#define MEMVIZ_APP_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct canvas;
struct engine;
struct program;

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

#endif
