/*
 * quiz_directive.c: the `ask` directive.  `ask "QUESTION" [answer=TEXT]
 * [kind=KIND]` makes the next step a question (see quiz.h for what is
 * asked and how an answer is graded; KIND picks which of the step's
 * outcomes answers it when answer= is not given).  Like `note`, it attaches to the next step; it is
 * recorded at once with the index that step will have, so `ask` before a
 * `refs` line asks about its first reference, and inside a `repeat` block
 * about the first round only.
 *
 * Invariants: program->asks is sorted by step with at most one per step;
 * after a successful parse every ask's step exists and is written in the
 * file (not an implicit step added at the end).
 */
#include <stdlib.h>
#include <string.h>

#include "core/directive.h"
#include "core/scenario.h"
#include "core/util.h"

#define ASK_TEXT_MAX 160

/* The kinds an ask can name (quiz_kind_names without "ask"). */
static const char *const ask_kinds[] = {
	"hit", "victim", "address", "paddr", "set", "freed", NULL,
};

static bool parse_ask(struct parse_ctx *pc, const struct token *args,
		      size_t nargs)
{
	struct program *p = pc->prog;
	struct program_ask *a;
	char *question = NULL, *answer = NULL;
	int kind = -1;
	size_t i;

	if (nargs < 1 || args[0].type == TOK_OPTION ||
	    args[0].type == TOK_EQUALS) {
		parse_error_here(pc, "`ask` expects ask \"QUESTION\" "
				 "[answer=TEXT] [kind=KIND]");
		return false;
	}
	for (i = 1; i < nargs; i++) {
		if (args[i].type == TOK_OPTION && args[i].len == 4 &&
		    memcmp(args[i].text, "kind", 4) == 0) {
			struct token v = args[i];

			v.type = TOK_WORD;
			v.text = args[i].value;
			v.len = args[i].value_len;
			v.col = args[i].value_col;
			if (kind >= 0) {
				parse_error(pc, &args[i], "`kind` given twice");
				free(answer);
				return false;
			}
			if (!parse_choice(pc, &v, ask_kinds, "kind", &kind)) {
				free(answer);
				return false;
			}
			continue;
		}
		if (args[i].type != TOK_OPTION || args[i].len != 6 ||
		    memcmp(args[i].text, "answer", 6) != 0) {
			parse_error(pc, &args[i], "`ask` takes a question in "
				    "quotes, then answer=TEXT or kind=KIND");
			free(answer);
			return false;
		}
		if (answer) {
			parse_error(pc, &args[i], "`answer` given twice");
			free(answer);
			return false;
		}
		if (args[i].value_len == 0 ||
		    args[i].value_len > ASK_TEXT_MAX) {
			parse_error(pc, &args[i], "the answer must be 1 to %d "
				    "characters", ASK_TEXT_MAX);
			return false;
		}
		answer = xstrndup(args[i].value, args[i].value_len);
	}
	if (!parse_string(pc, &args[0], &question)) {
		free(answer);
		return false;
	}
	if (question[0] == '\0' || strlen(question) > ASK_TEXT_MAX) {
		parse_error(pc, &args[0], "the question must be 1 to %d "
			    "characters", ASK_TEXT_MAX);
		free(question);
		free(answer);
		return false;
	}
	if (p->nasks && p->asks[p->nasks - 1].step == p->nsteps) {
		parse_error_here(pc, "two asks in a row: put a step between "
				 "them");
		free(question);
		free(answer);
		return false;
	}
	p->asks = xgrow(p->asks, &p->asks_cap, p->nasks + 1, sizeof *p->asks);
	a = &p->asks[p->nasks++];
	a->step = p->nsteps;
	a->line = pc->line;
	a->question = question;
	a->answer = answer;
	a->kind = kind;
	return true;
}

/* After the whole file: the last ask must be followed by a written step. */
static void finish_ask(struct parse_ctx *pc)
{
	const struct program *p = pc->prog;
	const struct program_ask *a;

	if (p->nasks == 0)
		return;
	a = &p->asks[p->nasks - 1];
	if (a->step >= p->nsteps || (p->steps[a->step].flags & STEP_IMPLICIT))
		diag_error(pc->diag, a->line, 1,
			   "`ask` must be followed by a step to ask about");
}

const struct directive quiz_directives[] = {
	{ .name = "ask",
	  .synopsis = "ask \"QUESTION\" [answer=TEXT] [kind=KIND]",
	  .summary = "make the next step a question: its outcome is hidden "
		     "until revealed",
	  .kind = DK_META, .parse = parse_ask, .finish = finish_ask },
	{ .name = NULL },
};
