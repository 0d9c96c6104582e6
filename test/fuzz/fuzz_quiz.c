/*
 * fuzz_quiz.c: a libFuzzer harness for the quiz: `ask` lines in a
 * scenario and the answers a student types (--quiz, --quiz --batch
 * reading standard input).  The input is answers, then a line holding
 * only "%%", then a scenario.  If the scenario loads, every question of
 * every kind is collected and each answer line is graded against each
 * question: never a crash, and the expected answer of a question that
 * has one is always graded right.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/diag.h"
#include "core/engine.h"
#include "core/quiz.h"
#include "core/scenario.h"
#include "core/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_ANSWERS 8

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = xstrndup((const char *)data, size);
	char *scen = strstr(text, "\n%%\n"), *answers[MAX_ANSWERS], *line;
	char *save = NULL;
	size_t nanswers = 0, i, j;
	struct diag d;
	struct program *p;
	struct engine *e;

	if (scen == NULL) {
		free(text);
		return 0;
	}
	*scen = '\0';
	scen += 4;
	for (line = strtok_r(text, "\n", &save); line && nanswers < MAX_ANSWERS;
	     line = strtok_r(NULL, "\n", &save))
		answers[nanswers++] = line;
	diag_init(&d, "quiz.mvs");
	p = scenario_parse("quiz.mvs", scen, strlen(scen), &d);
	e = p ? engine_create(p, &d, 0) : NULL;
	if (e) {
		struct quiz_list l;
		struct quiz_score s;

		memset(&s, 0, sizeof s);
		quiz_collect(e, QUIZ_ALL, &l);
		for (i = 0; i < l.n; i++) {
			const struct quiz_question *q = &l.q[i];

			if (!q->open && quiz_grade(q, q->expected) != QUIZ_RIGHT)
				abort();
			quiz_score_add(&s, q, quiz_grade(q, NULL));
			for (j = 0; j < nanswers; j++)
				quiz_score_add(&s, q, quiz_grade(q, answers[j]));
		}
		quiz_list_free(&l);
		engine_destroy(e);
	}
	program_destroy(p);
	diag_free(&d);
	free(text);
	return 0;
}
