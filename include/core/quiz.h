/*
 * quiz.h: predict, then reveal.  Which outcomes of a step a person can be
 * asked to predict, their expected answers, and the grading of an answer.
 *
 * The questions of a step are derived from the machine as it was before
 * the step and as the step left it, and from the step's events (their
 * flags and targets, never their kind names); this module is the one
 * place that knows how, so it is the one to change when steps leave typed
 * records.  The kinds, in the order a step's questions come in:
 *
 *   hit      a page reference (`refs`): hit or miss; an address access's
 *            TLB lookup, then its first cache level's lookup: hit or miss
 *   victim   a page fault with no free frame, a TLB miss whose set is
 *            full, a first-level cache miss whose set is full: the page
 *            (or tag) evicted, or none
 *   address  an allocation (malloc, calloc, realloc, a slab object): the
 *            address returned, or NULL
 *   paddr    a translated access: the physical address, or invalid
 *   set      an access that reaches the caches: its first-level set
 *   freed    a step of collector work: the objects it frees, or none
 *
 * A scenario `ask` (program_ask) is always asked: with answer=TEXT it is a
 * question of kind "ask" (read in the form of the derived question that
 * answer fits, if any); without, it takes the place of the step's first
 * derived question (of its kind=, when given): its kind, form and
 * expected answer.  When the step has no such outcome the ask is an open
 * question, revealed but not graded.
 *
 * Nothing here prints or draws: callers format the structs.
 */
#ifndef MEMVIZ_CORE_QUIZ_H
#define MEMVIZ_CORE_QUIZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/event.h"
#include "core/machine.h"
#include "core/program.h"

struct engine;

enum quiz_kind {
	QUIZ_HIT,
	QUIZ_VICTIM,
	QUIZ_ADDRESS,
	QUIZ_PADDR,
	QUIZ_SET,
	QUIZ_FREED,
	QUIZ_ASK,     /* a scenario `ask` with its own answer */
	QUIZ_KINDS,
};

/* Bits of the kinds --quiz asks (1u << QUIZ_*); QUIZ_ALL: every one. */
#define QUIZ_ALL ((1u << QUIZ_ASK) - 1)

/* How an answer is read and compared. */
enum quiz_form {
	QF_HIT_MISS,   /* hit | miss */
	QF_NUMBER,     /* a number: 0x hex or decimal (K/M suffixes) */
	QF_VICTIM,     /* a number, or none */
	QF_ADDRESS,    /* a number, or NULL (= 0) */
	QF_PADDR,      /* a number, or invalid (= fault) */
	QF_NAMES,      /* names in any order, space or comma separated; none */
	QF_TEXT,       /* text, compared ignoring case and extra spaces */
};

enum quiz_verdict {
	QUIZ_SKIPPED,  /* no answer given */
	QUIZ_RIGHT,
	QUIZ_WRONG,
	QUIZ_OPEN,     /* an open question: nothing to grade */
};

#define QUIZ_QUESTION_MAX 200
#define QUIZ_ANSWER_MAX 200

struct quiz_question {
	size_t step;                  /* 1-based */
	enum quiz_kind kind;
	enum quiz_form form;
	bool open;                    /* no expected answer */
	bool from_ask;                /* the scenario's `ask` text */
	char question[QUIZ_QUESTION_MAX];
	char expected[QUIZ_ANSWER_MAX]; /* the first form of its kind */
	char why[EVENT_TEXT_MAX];     /* the narration sentence behind it */
};

/* "hit", "victim", ..., "ask". */
extern const char *const quiz_kind_names[];

/*
 * Parse a --quiz kind list ("hit,victim", commas or spaces) into bits.
 * False with a one-line message in err on an unknown or missing kind.
 */
bool quiz_kinds_parse(const char *list, uint32_t *bits, char *err,
		      size_t errsz);

/*
 * The questions of step k (1-based): `before` is the machine before it,
 * `after` as it left it, ev/nev its events.  `kinds` (QUIZ_* bits) says
 * which derived questions to keep; the step's `ask` is always kept.
 * Writes at most max questions to out, in kind order; returns how many.
 */
size_t quiz_step(const struct program *p, size_t k,
		 const struct machine *before, const struct machine *after,
		 const struct event *ev, size_t nev, uint32_t kinds,
		 struct quiz_question *out, size_t max);

/* Most questions one step can have. */
#define QUIZ_STEP_MAX 8

/* Every question of a run, in step order. */
struct quiz_list {
	struct quiz_question *q;
	size_t n, cap;
};

/*
 * Collect the questions of e's run (kinds as for quiz_step; 0: the
 * scenario's asks only, visiting only their steps: nothing at all for a
 * scenario without asks).  Moves the engine; leaves it at step 0.  Free
 * the list with quiz_list_free.
 */
void quiz_collect(struct engine *e, uint32_t kinds, struct quiz_list *out);
void quiz_list_free(struct quiz_list *l);
/* The first question of step k in l (its index), or -1. */
long quiz_list_find(const struct quiz_list *l, size_t k);

/*
 * Grade an answer (NUL-terminated, may be NULL: skipped).  An empty or
 * blank answer is QUIZ_SKIPPED; an open question QUIZ_OPEN.
 */
enum quiz_verdict quiz_grade(const struct quiz_question *q,
			     const char *answer);

/* Running score: right answers and questions graded, per kind. */
struct quiz_score {
	unsigned correct, total;
	unsigned kind_correct[QUIZ_KINDS], kind_total[QUIZ_KINDS];
};

/* Count a verdict (QUIZ_OPEN is not counted; a skip counts as wrong). */
void quiz_score_add(struct quiz_score *s, const struct quiz_question *q,
		    enum quiz_verdict v);

#endif
