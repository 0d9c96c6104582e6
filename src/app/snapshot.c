/*
 * snapshot.c: SVG snapshots and HTML handouts of a scenario's steps.
 *
 * Every screen comes from ui_draw_step, so it is what `memviz --dump`
 * prints for that step; the markup (view/markup.h) adds the styles.  The
 * handout is built in memory and written at once, and it holds nothing
 * that changes between runs.
 */
#include "app/snapshot.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "app/ui.h"
#include "core/engine.h"
#include "core/program.h"
#include "core/quiz.h"
#include "core/util.h"
#include "view/canvas.h"
#include "view/markup.h"

static bool size_ok(int width, int height)
{
	return width >= 1 && height >= 1 && width <= 1000 && height <= 1000;
}

int snapshot_svg(struct engine *e, size_t step, int width, int height,
		 const struct ui_options *ui, bool color, struct strbuf *out)
{
	struct canvas *c;

	if (!size_ok(width, height))
		return 2;
	c = canvas_create(width, height, ui->ascii);
	ui_draw_step(e, step, ui, c);
	markup_svg(c, color, true, out);
	canvas_destroy(c);
	return 0;
}

static void put_text(struct strbuf *out, const char *s)
{
	markup_escape(out, s, strlen(s));
}

static const char page_css[] =
	"body{font-family:Georgia,'DejaVu Serif',serif;color:#111;"
	"background:#fff;max-width:60em;margin:1em auto;padding:0 1em}\n"
	"h1{font-size:1.6em;margin:0.2em 0}h2{font-size:1.15em;margin:0.8em 0 "
	"0.3em;border-bottom:1px solid #888}\n"
	".chapter{font-weight:normal;font-style:italic}\n"
	".mark{font-weight:bold;font-style:normal;text-decoration:underline}\n"
	".narration{margin:0.4em 0}\n"
	".note{margin:0.4em 0;padding:0.2em 0.6em;border-left:4px solid #444;"
	"font-style:italic}\n"
	".meta{color:#444;font-size:0.9em}\n"
	"section.step{break-inside:avoid;page-break-inside:avoid}\n"
	"@media print{body{max-width:none;margin:0;padding:0}"
	"section.step{break-before:page;page-break-before:always}"
	"header+section.step{break-before:auto;page-break-before:auto}"
	".meta{color:#000}}\n"
	"@page{margin:12mm}\n";

/* The narration of the current step: its events' sentences. */
static void put_narration(struct strbuf *out, struct engine *e)
{
	const struct event *ev;
	size_t n, i;

	ev = engine_events(e, &n);
	for (i = 0; i < n; i++) {
		if (i)
			strbuf_putc(out, ' ');
		put_text(out, ev[i].text);
	}
}

/* The questions of step k, as a list (with the answers when asked). */
static void put_questions(struct strbuf *out, const struct quiz_list *l,
			  size_t k, bool answers)
{
	long i = l ? quiz_list_find(l, k) : -1;

	if (i < 0)
		return;
	strbuf_puts(out, "<ol class=\"questions\">\n");
	for (; (size_t)i < l->n && l->q[i].step == k; i++) {
		strbuf_puts(out, "<li><strong>Question:</strong> ");
		put_text(out, l->q[i].question);
		if (answers && !l->q[i].open) {
			strbuf_puts(out, " <em>Answer:</em> ");
			put_text(out, l->q[i].expected);
		} else if (!answers) {
			strbuf_puts(out, " <span class=\"blank\">"
					 "Answer: ____________</span>");
		}
		strbuf_puts(out, "</li>\n");
	}
	strbuf_puts(out, "</ol>\n");
}

/* A worksheet section: the screen before step k and its questions. */
static void put_question_step(struct strbuf *out, struct engine *e,
			      struct canvas *c, size_t k,
			      const struct snapshot_handout_options *opt)
{
	ui_draw_question(e, &opt->quiz->q[quiz_list_find(opt->quiz, k)],
			 opt->ui, c);
	strbuf_printf(out, "<section class=\"step\" id=\"step-%zu\">\n", k);
	strbuf_printf(out, "<h2>Before step %zu of %zu</h2>\n", k,
		      engine_count(e));
	markup_html_pre(c, out);
	put_questions(out, opt->quiz, k, false);
	strbuf_puts(out, "</section>\n");
}

/* The answer key: every question with its answer, in step order. */
static void put_answer_key(struct strbuf *out, const struct quiz_list *l,
			   size_t from, size_t to)
{
	size_t i;

	strbuf_puts(out, "<section class=\"key\" id=\"answer-key\">\n"
			 "<h2>Answer key</h2>\n<ol class=\"answers\">\n");
	for (i = 0; i < l->n; i++) {
		const struct quiz_question *q = &l->q[i];

		if (q->step < from || q->step > to)
			continue;
		strbuf_printf(out, "<li>Step %zu (%s): ", q->step,
			      quiz_kind_names[q->kind]);
		put_text(out, q->question);
		strbuf_puts(out, " <strong>");
		put_text(out, q->open ? "(open question)" : q->expected);
		strbuf_puts(out, "</strong>");
		if (q->why[0]) {
			strbuf_puts(out, " ");
			put_text(out, q->why);
		}
		strbuf_puts(out, "</li>\n");
	}
	strbuf_puts(out, "</ol>\n</section>\n");
}

static void put_step(struct strbuf *out, struct engine *e, struct canvas *c,
		     size_t k, const struct snapshot_handout_options *opt)
{
	const struct program *p = engine_program(e);
	const char *mark = k > 0 ? program_mark(p, k - 1) : NULL;
	const char *chapter = k > 0 ? program_chapter(p, k - 1) : NULL;
	const char *note = k > 0 ? program_note(p, k - 1) : NULL;

	ui_draw_step(e, k, opt->ui, c);
	strbuf_printf(out, "<section class=\"step\" id=\"step-%zu\">\n", k);
	strbuf_printf(out, "<h2>Step %zu of %zu", k, engine_count(e));
	if (mark) {
		strbuf_puts(out, " <span class=\"chapter\">&mdash; chapter: "
				 "<span class=\"mark\">");
		put_text(out, mark);
		strbuf_puts(out, "</span></span>");
	} else if (chapter) {
		strbuf_puts(out, " <span class=\"chapter\">&mdash; ");
		put_text(out, chapter);
		strbuf_puts(out, "</span>");
	}
	strbuf_puts(out, "</h2>\n");
	markup_html_pre(c, out);
	put_questions(out, opt->quiz, k, true);
	strbuf_puts(out, "<p class=\"narration\">");
	if (k == 0)
		strbuf_puts(out, "The starting state, before the first step.");
	else
		put_narration(out, e);
	strbuf_puts(out, "</p>\n");
	if (note) {
		strbuf_puts(out, "<p class=\"note\"><strong>Note:</strong> ");
		put_text(out, note);
		strbuf_puts(out, "</p>\n");
	}
	strbuf_puts(out, "</section>\n");
}

int snapshot_handout(struct engine *e, const char *path,
		     const struct snapshot_handout_options *opt)
{
	const struct program *p = engine_program(e);
	const char *title = p->config.title ? p->config.title : p->file;
	size_t n = engine_count(e), from = opt->from, to = opt->to, k;
	struct strbuf out;
	struct canvas *c;
	int rc = 0;

	if (!size_ok(opt->width, opt->height)) {
		fprintf(stderr, "memviz: impossible screen size %dx%d\n",
			opt->width, opt->height);
		return 1;
	}
	if (to > n)
		to = n;
	if (from > to)
		from = to;
	strbuf_init(&out);
	strbuf_puts(&out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
			  "<meta charset=\"utf-8\">\n<title>");
	put_text(&out, title);
	strbuf_puts(&out, " - memviz handout</title>\n<style>\n");
	strbuf_puts(&out, page_css);
	if (opt->quiz && opt->quiz->n)
		strbuf_puts(&out, ".questions{margin:0.4em 0;padding-left:1.5em}"
				  "\n.blank{color:#444}\n");
	strbuf_puts(&out, markup_css());
	strbuf_puts(&out, "</style>\n</head>\n<body>\n<header>\n<h1>");
	put_text(&out, title);
	strbuf_puts(&out, "</h1>\n");
	if (p->config.about) {
		strbuf_puts(&out, "<p class=\"about\">");
		put_text(&out, p->config.about);
		strbuf_puts(&out, "</p>\n");
	}
	strbuf_puts(&out, "<p class=\"meta\">Scenario ");
	put_text(&out, p->file);
	strbuf_printf(&out, ", steps %zu to %zu of %zu%s. Made with memviz %s."
			    "</p>\n</header>\n",
		      from, to, n, opt->marked_only ? " (marked steps only)" : "",
		      MEMVIZ_VERSION);
	c = canvas_create(opt->width, opt->height, opt->ui->ascii);
	for (k = from; k <= to; k++) {
		bool shown = !opt->marked_only || k == from || k == to ||
			     (k > 0 && program_mark(p, k - 1) != NULL);
		if (!opt->questions_only) {
			if (shown)
				put_step(&out, e, c, k, opt);
		} else if (k > 0 && opt->quiz &&
			   quiz_list_find(opt->quiz, k) >= 0) {
			put_question_step(&out, e, c, k, opt);
		}
	}
	if (opt->quiz && opt->quiz->n && !opt->questions_only)
		put_answer_key(&out, opt->quiz, from, to);
	canvas_destroy(c);
	strbuf_puts(&out, "</body>\n</html>\n");
	rc = snapshot_write(path, &out);
	strbuf_free(&out);
	return rc;
}

int snapshot_write(const char *path, const struct strbuf *sb)
{
	FILE *f = fopen(path, "w");
	int rc = 0;

	if (f == NULL || fwrite(sb->buf ? sb->buf : "", 1, sb->len, f) != sb->len ||
	    fflush(f) != 0) {
		fprintf(stderr, "memviz: cannot write %s: %s\n", path,
			strerror(errno));
		rc = 1;
	}
	if (f && fclose(f) != 0 && rc == 0) {
		fprintf(stderr, "memviz: cannot write %s: %s\n", path,
			strerror(errno));
		rc = 1;
	}
	return rc;
}
