/*
 * session.h: what an interactive session reads and leaves behind besides
 * the screen: its input (the terminal, or a key file being replayed), its
 * key log (--keys-out) and its recording (--record).  The event loop asks
 * the session for each key and shows it each frame; the session keeps one
 * clock for all three, so a replayed session's recording has the timing of
 * the key file, not of the machine that replayed it.
 *
 * The clock: seconds since the session started; while a key file is being
 * replayed, the time of the last key taken from it (so --keys-speed 0
 * still records the original timing); after the file ends, that time plus
 * the real time since.
 */
#ifndef MEMVIZ_APP_SESSION_H
#define MEMVIZ_APP_SESSION_H

#include <stdbool.h>
#include <stddef.h>

struct canvas;
struct program;

struct session_options {
	const char *record_path; /* --record: the cast to write, or NULL */
	double idle_limit;       /* --idle-limit seconds (<= 0: none) */
	bool marker_every_step;  /* an "m" at every step, not only marks */
	const char *keys_in;     /* --keys: a key file to replay, or NULL */
	const char *keys_out;    /* --keys-out: where to log keys, or NULL */
	double keys_speed;       /* replay speed factor; 0: no waiting */
};

struct session;

/*
 * Open the files a session needs (the terminal is already open, width x
 * height; the recording has colours when the terminal shows them).
 * Returns NULL after writing a one-line reason into err (a key
 * file that cannot be read or parses badly, a file that cannot be
 * created).  With no options set it returns a session that only reads the
 * terminal.
 */
struct session *session_open(const struct session_options *opt,
			     const struct program *p, int width, int height,
			     char *err, size_t errsz);

/*
 * The next input event for the loop, as term_getkey() would return it:
 * from the key file while one is being replayed (waiting for each key's
 * time, scaled by the speed; a key typed meanwhile goes first), then from
 * the terminal.  Every event returned is logged with --keys-out.
 */
int session_getkey(struct session *s, int timeout_ms);

/*
 * The screen was drawn: record it (with --record) and, when the engine
 * position `pos` differs from the last frame's, a marker for it (see
 * record_step_label).
 */
void session_frame(struct session *s, const struct canvas *c, size_t pos);

/*
 * A marker `label` at the session's clock (with --record), e.g. when a
 * quiz question comes on screen: call it after the session_frame that
 * showed it.
 */
void session_marker(struct session *s, const char *label);

/*
 * Close the files; accepts NULL.  Returns 0, or 1 when a write failed,
 * with the reason in err.
 */
int session_close(struct session *s, char *err, size_t errsz);

#endif
