/*
 * quizbatch.c: the headless quiz.  The questions come from quiz_collect
 * (core/quiz.h); this file only reads the answers and prints.  The exit
 * status does not depend on the score.
 */
#include "app/quizbatch.h"

#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "core/quiz.h"
#include "core/util.h"

/* One answer line into buf (newline dropped); false at end of input. */
static bool read_answer(FILE *in, char *buf, size_t n)
{
	size_t len;
	int c;

	if (in == NULL || fgets(buf, (int)n, in) == NULL)
		return false;
	len = strlen(buf);
	if (len && buf[len - 1] == '\n')
		buf[--len] = '\0';
	else /* a long line: drop the rest */
		while ((c = fgetc(in)) != EOF && c != '\n')
			;
	if (len && buf[len - 1] == '\r')
		buf[--len] = '\0';
	return true;
}

static void question_json(const struct quiz_question *q, const char *answer,
			  enum quiz_verdict v, struct strbuf *out)
{
	struct json j;

	json_init(&j, out);
	json_begin_object(&j);
	json_kv_uint(&j, "step", q->step);
	json_kv_string(&j, "kind", quiz_kind_names[q->kind]);
	json_kv_string(&j, "question", q->question);
	json_key(&j, "answer");
	if (v == QUIZ_SKIPPED)
		json_null(&j);
	else
		json_string(&j, answer);
	json_kv_string(&j, "expected", q->expected);
	json_kv_bool(&j, "correct", v == QUIZ_RIGHT);
	json_end_object(&j);
	strbuf_putc(out, '\n');
}

static void question_text(const struct quiz_question *q, const char *answer,
			  enum quiz_verdict v, struct strbuf *out)
{
	strbuf_printf(out, "step %zu [%s] %s\n", q->step,
		      quiz_kind_names[q->kind], q->question);
	switch (v) {
	case QUIZ_OPEN:
		strbuf_printf(out, "  open question: %s\n", q->why);
		break;
	case QUIZ_RIGHT:
		strbuf_printf(out, "  answer: %s: right\n", answer);
		break;
	case QUIZ_WRONG:
		strbuf_printf(out, "  answer: %s: wrong, it is %s.%s%s\n",
			      answer, q->expected, q->why[0] ? " " : "",
			      q->why);
		break;
	default:
		strbuf_printf(out, "  skipped: it is %s.%s%s\n", q->expected,
			      q->why[0] ? " " : "", q->why);
		break;
	}
}

static void score_out(const struct quiz_score *s, bool json,
		      struct strbuf *out)
{
	struct json j;
	const char *sep = " (";
	int k;

	if (!json) {
		strbuf_printf(out, "score: %u/%u", s->correct, s->total);
		for (k = 0; k < QUIZ_KINDS; k++)
			if (s->kind_total[k]) {
				strbuf_printf(out, "%s%s %u/%u", sep,
					      quiz_kind_names[k],
					      s->kind_correct[k],
					      s->kind_total[k]);
				sep = ", ";
			}
		strbuf_puts(out, s->total ? ")\n" : "\n");
		return;
	}
	json_init(&j, out);
	json_begin_object(&j);
	json_key(&j, "score");
	json_begin_object(&j);
	json_kv_uint(&j, "correct", s->correct);
	json_kv_uint(&j, "total", s->total);
	json_key(&j, "by_kind");
	json_begin_object(&j);
	for (k = 0; k < QUIZ_KINDS; k++) {
		if (s->kind_total[k] == 0)
			continue;
		json_key(&j, quiz_kind_names[k]);
		json_begin_object(&j);
		json_kv_uint(&j, "correct", s->kind_correct[k]);
		json_kv_uint(&j, "total", s->kind_total[k]);
		json_end_object(&j);
	}
	json_end_object(&j);
	json_end_object(&j);
	json_end_object(&j);
	strbuf_putc(out, '\n');
}

int quizbatch_run(struct engine *e, uint32_t kinds, bool json, FILE *in,
		  FILE *out)
{
	const struct program *p = engine_program(e);
	struct quiz_list l;
	struct quiz_score s;
	struct strbuf sb;
	char answer[QUIZ_ANSWER_MAX];
	bool eof = false;
	size_t i;
	int rc = 0;

	memset(&s, 0, sizeof s);
	quiz_collect(e, kinds, &l);
	strbuf_init(&sb);
	if (!json && p->config.title)
		strbuf_printf(&sb, "# %s\n", p->config.title);
	for (i = 0; i < l.n; i++) {
		const struct quiz_question *q = &l.q[i];
		enum quiz_verdict v;

		answer[0] = '\0';
		if (!q->open && !eof && !read_answer(in, answer, sizeof answer))
			eof = true;
		v = quiz_grade(q, answer);
		quiz_score_add(&s, q, v);
		if (json && v != QUIZ_OPEN)
			question_json(q, answer, v, &sb);
		else if (!json)
			question_text(q, answer, v, &sb);
	}
	score_out(&s, json, &sb);
	if (fwrite(sb.buf, 1, sb.len, out) != sb.len || fflush(out) != 0)
		rc = 1;
	strbuf_free(&sb);
	quiz_list_free(&l);
	return rc;
}
