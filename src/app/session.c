/*
 * session.c: the input, key log and recording of an interactive session.
 *
 * Invariants: the clock never goes back; every event handed to the loop is
 * logged exactly once, in the order handed out; a key of the replayed file
 * interrupted by a typed key is kept (pending) and handed out next.
 */
#include "app/session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/keylog.h"
#include "app/keymap.h"
#include "app/record.h"
#include "app/term.h"
#include "core/program.h"
#include "core/util.h"

struct session {
	const struct program *prog;
	struct record *rec;
	struct keylog *in, *out;
	bool marker_every_step;
	double speed;
	double start;       /* real time the session started */
	bool replaying;     /* a key file is being replayed */
	double vclock;      /* replay: the time of the last file key */
	double live_base;   /* live: the session time when going live */
	double live_start;  /* live: the real time when going live */
	bool have_pending;  /* a file key waits behind a typed one */
	double pending_t;
	int pending_key;
	size_t last_pos;
	bool any_frame;
};

/* Seconds on a monotonic clock. */
static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double session_clock(const struct session *s)
{
	if (s->replaying)
		return s->vclock;
	return s->live_base + (now_s() - s->live_start);
}

static void sleep_s(double secs)
{
	struct timespec ts;

	if (secs <= 0)
		return;
	ts.tv_sec = (time_t)secs;
	ts.tv_nsec = (long)((secs - (double)ts.tv_sec) * 1e9);
	nanosleep(&ts, NULL);
}

struct session *session_open(const struct session_options *opt,
			     const struct program *p, int width, int height,
			     char *err, size_t errsz)
{
	struct session *s = xcalloc(1, sizeof *s);

	s->prog = p;
	s->marker_every_step = opt->marker_every_step;
	s->speed = opt->keys_speed;
	s->start = s->live_start = now_s();
	if (opt->keys_in) {
		s->in = keylog_load(opt->keys_in, err, errsz);
		if (s->in == NULL)
			goto bad;
		s->replaying = true;
	}
	if (opt->keys_out) {
		s->out = keylog_create(opt->keys_out, err, errsz);
		if (s->out == NULL)
			goto bad;
	}
	if (opt->record_path) {
		struct record_header h;

		memset(&h, 0, sizeof h);
		h.width = width;
		h.height = height;
		h.timestamp = (int64_t)time(NULL);
		h.idle_limit = opt->idle_limit;
		h.title = p->config.title;
		h.term = getenv("TERM");
		h.shell = getenv("SHELL");
		s->rec = record_create(opt->record_path, &h, term_color(), err,
				       errsz);
		if (s->rec == NULL)
			goto bad;
	}
	return s;
bad:
	session_close(s, NULL, 0);
	return NULL;
}

/* The next key of the replayed file (waiting for its time), or -1 when the
 * file has ended. */
static int replay_key(struct session *s)
{
	double t;
	int key;

	if (s->have_pending) {
		t = s->pending_t;
		key = s->pending_key;
		s->have_pending = false;
	} else if (!keylog_next(s->in, &t, &key)) {
		s->live_base = s->vclock;
		s->live_start = now_s();
		s->replaying = false;
		return -1;
	}
	if (s->speed > 0) {
		double due = s->start + t / s->speed;
		double left;

		while ((left = due - now_s()) > 0) {
			int typed = term_getkey((int)(left * 1000) + 1);
			if (typed == KEYC_TIMEOUT)
				continue;
			if (typed == KEYC_EOF) {
				sleep_s(left); /* input closed: just wait */
				break;
			}
			/* A typed key goes first; the file key waits. */
			s->have_pending = true;
			s->pending_t = t;
			s->pending_key = key;
			return typed;
		}
	}
	s->vclock = t;
	return key;
}

int session_getkey(struct session *s, int timeout_ms)
{
	int key = -1;

	if (s->replaying)
		key = replay_key(s);
	if (key < 0)
		key = term_getkey(timeout_ms);
	keylog_write(s->out, session_clock(s), key);
	return key;
}

void session_frame(struct session *s, const struct canvas *c, size_t pos)
{
	char label[256];
	const char *l;
	double t;

	if (s->rec == NULL)
		return;
	t = session_clock(s);
	record_frame(s->rec, t, c);
	if (s->any_frame && pos == s->last_pos)
		return;
	l = record_step_label(s->prog, pos, s->marker_every_step, label,
			      sizeof label);
	if (l)
		record_marker(s->rec, t, l);
	s->any_frame = true;
	s->last_pos = pos;
}

void session_marker(struct session *s, const char *label)
{
	if (s->rec)
		record_marker(s->rec, session_clock(s), label);
}

int session_close(struct session *s, char *err, size_t errsz)
{
	char rerr[160] = "";
	int rc = 0;

	if (s == NULL)
		return 0;
	if (s->rec) {
		/* Give the cursor back in players that stop at the end. */
		record_output(s->rec, session_clock(s), "\033[?25h", 6);
		if (record_close(s->rec, rerr, sizeof rerr)) {
			rc = 1;
			if (err)
				snprintf(err, errsz, "writing the recording failed: %s",
					 rerr);
		}
	}
	if (keylog_close(s->out)) {
		if (rc == 0 && err)
			snprintf(err, errsz, "writing the key file failed");
		rc = 1;
	}
	keylog_close(s->in);
	free(s);
	return rc;
}
