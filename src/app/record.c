/*
 * record.c: the asciicast v2 writer and the headless export.
 *
 * Invariants: the file always ends with a complete line (each event is
 * formatted whole, written with one fwrite and flushed); times are written
 * with six decimals and never decrease; the writer keeps a copy of the
 * last canvas it recorded, so the next frame is a diff against what a
 * player's screen shows at that point.
 */
#include "app/record.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/ui.h"
#include "core/engine.h"
#include "core/json.h"
#include "core/program.h"
#include "core/util.h"
#include "view/ansi.h"
#include "view/canvas.h"

struct record {
	FILE *f;
	bool color;
	double idle_limit;
	double last_raw;  /* the raw time of the last event */
	double last_out;  /* the written time of the last event */
	struct canvas *prev; /* the screen as recorded so far, or NULL */
	struct strbuf line;
	struct strbuf bytes;
	char error[160];
};

static void fail(struct record *r, const char *what)
{
	if (r->error[0] == '\0')
		snprintf(r->error, sizeof r->error, "%s", what);
}

/* Write the line buffer as one line and flush it. */
static void put_line(struct record *r)
{
	strbuf_putc(&r->line, '\n');
	if (fwrite(r->line.buf, 1, r->line.len, r->f) != r->line.len ||
	    fflush(r->f) != 0)
		fail(r, strerror(errno));
	strbuf_reset(&r->line);
}

struct record *record_create(const char *path, const struct record_header *h,
			     bool color, char *err, size_t errsz)
{
	struct record *r;
	struct json j;
	FILE *f = fopen(path, "w");

	if (f == NULL) {
		snprintf(err, errsz, "cannot write the recording %s: %s", path,
			 strerror(errno));
		return NULL;
	}
	r = xcalloc(1, sizeof *r);
	r->f = f;
	r->color = color;
	r->idle_limit = h->idle_limit;
	strbuf_init(&r->line);
	strbuf_init(&r->bytes);
	json_init(&j, &r->line);
	json_begin_object(&j);
	json_kv_int(&j, "version", 2);
	json_kv_int(&j, "width", h->width);
	json_kv_int(&j, "height", h->height);
	if (h->timestamp >= 0)
		json_kv_int(&j, "timestamp", h->timestamp);
	if (h->idle_limit > 0)
		json_kv_double(&j, "idle_time_limit", h->idle_limit);
	if (h->title)
		json_kv_string(&j, "title", h->title);
	if (h->term || h->shell) {
		json_key(&j, "env");
		json_begin_object(&j);
		if (h->term)
			json_kv_string(&j, "TERM", h->term);
		if (h->shell)
			json_kv_string(&j, "SHELL", h->shell);
		json_end_object(&j);
	}
	json_end_object(&j);
	put_line(r);
	if (r->error[0]) {
		snprintf(err, errsz, "cannot write the recording %s: %s", path,
			 r->error);
		record_close(r, NULL, 0);
		return NULL;
	}
	return r;
}

int record_close(struct record *r, char *err, size_t errsz)
{
	int rc;

	if (r == NULL)
		return 0;
	if (fclose(r->f) != 0)
		fail(r, strerror(errno));
	rc = r->error[0] ? 1 : 0;
	if (rc && err)
		snprintf(err, errsz, "%s", r->error);
	canvas_destroy(r->prev);
	strbuf_free(&r->line);
	strbuf_free(&r->bytes);
	free(r);
	return rc;
}

/* The written time of an event at raw time t (idle limit, monotonic). */
static double event_time(struct record *r, double t)
{
	double gap = t - r->last_raw;

	if (gap < 0)
		gap = 0;
	if (r->idle_limit > 0 && gap > r->idle_limit)
		gap = r->idle_limit;
	if (t > r->last_raw)
		r->last_raw = t;
	r->last_out += gap;
	return r->last_out;
}

static void event(struct record *r, double t, const char *code,
		  const char *data, size_t n)
{
	strbuf_printf(&r->line, "[%.6f, \"%s\", ", event_time(r, t), code);
	json_escape(&r->line, data, n);
	strbuf_putc(&r->line, ']');
	put_line(r);
}

void record_output(struct record *r, double t, const char *data, size_t n)
{
	if (n > 0)
		event(r, t, "o", data, n);
}

void record_marker(struct record *r, double t, const char *label)
{
	event(r, t, "m", label ? label : "", label ? strlen(label) : 0);
}

void record_resize(struct record *r, double t, int width, int height)
{
	char size[32];

	snprintf(size, sizeof size, "%dx%d", width, height);
	event(r, t, "r", size, strlen(size));
}

void record_frame(struct record *r, double t, const struct canvas *c)
{
	bool resized = r->prev && (r->prev->width != c->width ||
				   r->prev->height != c->height);

	if (resized)
		record_resize(r, t, c->width, c->height);
	strbuf_reset(&r->bytes);
	ansi_frame(&r->bytes, resized ? NULL : r->prev, c, r->color);
	record_output(r, t, r->bytes.buf, r->bytes.len);
	if (r->prev == NULL)
		r->prev = canvas_create(c->width, c->height, c->ascii);
	else if (resized)
		canvas_resize(r->prev, c->width, c->height);
	r->prev->ascii = c->ascii;
	memcpy(r->prev->cells, c->cells,
	       (size_t)c->width * (size_t)c->height * sizeof *c->cells);
}

const char *record_step_label(const struct program *p, size_t k, bool every,
			      char *buf, size_t n)
{
	const char *mark = k > 0 ? program_mark(p, k - 1) : NULL;

	if (mark)
		snprintf(buf, n, "step %zu: %s", k, mark);
	else if (every)
		snprintf(buf, n, "step %zu", k);
	else
		return NULL;
	return buf;
}

int record_export(struct engine *e, const char *path,
		  const struct record_export_options *opt)
{
	const struct program *p = engine_program(e);
	struct record_header h;
	struct record *r;
	struct canvas *c;
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	size_t n = engine_count(e), from = opt->from, to = opt->to, k;
	char err[256], label[256];
	double t = 0, shown = 0;
	int rc;

	if (to > n)
		to = n;
	if (from > to)
		from = to;
	memset(&h, 0, sizeof h);
	h.width = opt->width;
	h.height = opt->height;
	h.timestamp = epoch && epoch[0] ? strtoll(epoch, NULL, 10) : -1;
	h.title = p->config.title;
	h.term = "xterm-256color";
	r = record_create(path, &h, opt->color, err, sizeof err);
	if (r == NULL) {
		fprintf(stderr, "memviz: %s\n", err);
		return 1;
	}
	c = canvas_create(opt->width, opt->height, opt->ui->ascii);
	for (k = from; k <= to; k++) {
		const char *l;

		if (opt->marked_only && k != from && k != to &&
		    (k == 0 || program_mark(p, k - 1) == NULL))
			continue;
		t = shown++ * opt->step_delay;
		ui_draw_step(e, k, opt->ui, c);
		record_frame(r, t, c);
		l = record_step_label(p, k, opt->marker_every_step, label, sizeof label);
		if (l)
			record_marker(r, t, l);
	}
	/* Hold the last screen one delay, then give the cursor back. */
	record_output(r, t + opt->step_delay, "\033[?25h", 6);
	canvas_destroy(c);
	rc = record_close(r, err, sizeof err);
	if (rc)
		fprintf(stderr, "memviz: writing %s failed: %s\n", path, err);
	return rc;
}
