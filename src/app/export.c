/*
 * export.c: the headless export (--export): autoplay a scenario with no
 * terminal, each step drawn by the UI as `memviz --dump` draws it, into an
 * asciicast recording (record.c).  Apart from the writer, so that the
 * interactive session (which records through record.c) and the UI do not
 * form a cycle with it.
 */
#include "app/export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/record.h"
#include "app/ui.h"
#include "core/engine.h"
#include "core/program.h"
#include "core/quiz.h"
#include "view/canvas.h"

int export_recording(struct engine *e, const char *path,
		     const struct export_options *opt)
{
	const struct program *p = engine_program(e);
	struct record_header h;
	struct record *r;
	struct canvas *c;
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	size_t n = engine_count(e), from = opt->from, to = opt->to, k;
	char err[256], label[256];
	struct quiz_list asks;
	size_t frames = 0;
	double t = 0;
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
	/* The scenario's asks: each shows for a delay before its step. */
	quiz_collect(e, 0, &asks);
	for (k = from; k <= to; k++) {
		const char *l;
		long i = k > from ? quiz_list_find(&asks, k) : -1;

		if (opt->marked_only && k != from && k != to &&
		    (k == 0 || program_mark(p, k - 1) == NULL))
			continue;
		for (; i >= 0 && (size_t)i < asks.n && asks.q[i].step == k;
		     i++) {
			t = (double)frames++ * opt->step_delay;
			ui_draw_question(e, &asks.q[i], opt->ui, c);
			record_frame(r, t, c);
			snprintf(label, sizeof label, "step %zu: %s", k,
				 asks.q[i].question);
			record_marker(r, t, label);
		}
		t = (double)frames++ * opt->step_delay;
		ui_draw_step(e, k, opt->ui, c);
		record_frame(r, t, c);
		l = record_step_label(p, k, opt->marker_every_step, label, sizeof label);
		if (l)
			record_marker(r, t, l);
	}
	quiz_list_free(&asks);
	/* Hold the last screen one delay, then give the cursor back. */
	record_output(r, t + opt->step_delay, "\033[?25h", 6);
	canvas_destroy(c);
	rc = record_close(r, err, sizeof err);
	if (rc)
		fprintf(stderr, "memviz: writing %s failed: %s\n", path, err);
	return rc;
}
