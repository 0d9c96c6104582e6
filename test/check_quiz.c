/*
 * check_quiz.c: the quiz (issue 16).  The `ask` directive; the questions
 * a step yields and their expected answers, checked against what the
 * simulation did (page, TLB and cache hits, victims only when nothing is
 * free, addresses, physical addresses, cache sets, freed objects); the
 * grading of every accepted answer form; the score.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/quiz.h"
#include "test_util.h"

/* Collect a scenario's questions (kinds as quiz_collect). */
static struct engine *collect(const char *text, uint32_t kinds,
			      struct program **p, struct quiz_list *l)
{
	struct engine *e = tu_engine(text, p);

	quiz_collect(e, kinds, l);
	return e;
}

static void done(struct engine *e, struct program *p, struct quiz_list *l)
{
	quiz_list_free(l);
	engine_destroy(e);
	program_destroy(p);
}

/* The i-th question is of `kind` at step `step` expecting `expected`. */
static void expect_q(const struct quiz_list *l, size_t i, size_t step,
		     enum quiz_kind kind, const char *expected)
{
	ck_assert_msg(i < l->n, "only %zu questions", l->n);
	ck_assert_uint_eq(l->q[i].step, step);
	ck_assert_str_eq(quiz_kind_names[l->q[i].kind], quiz_kind_names[kind]);
	ck_assert_str_eq(l->q[i].expected, expected);
	ck_assert(l->q[i].question[0] != '\0');
}

/* ---- the ask directive ---- */

START_TEST(ask_attaches_to_next_step)
{
	struct diag d;
	struct program *p = tu_parse("frames 3\nrefs 1\n"
				     "ask \"Hit?\"\nnote \"n\"\nrefs 1 2\n"
				     "ask \"Which?\" answer=2 kind=victim\n"
				     "refs 3\n", &d);
	const struct program_ask *a;

	ck_assert_ptr_nonnull(p);
	ck_assert_ptr_null(program_ask(p, 0));
	a = program_ask(p, 1);
	ck_assert_ptr_nonnull(a);
	ck_assert_str_eq(a->question, "Hit?");
	ck_assert_ptr_null(a->answer);
	ck_assert_int_eq(a->kind, -1);
	ck_assert_ptr_null(program_ask(p, 2));
	a = program_ask(p, 3);
	ck_assert_ptr_nonnull(a);
	ck_assert_str_eq(a->answer, "2");
	ck_assert_int_eq(a->kind, QUIZ_VICTIM);
	ck_assert_uint_eq(a->line, 6);
	program_destroy(p);
	diag_free(&d);
}
END_TEST

START_TEST(ask_errors)
{
	static const struct {
		const char *text, *msg;
	} cases[] = {
		{ "frames 3\nask \"a\"\nask \"b\"\nrefs 1\n",
		  "t.mvs:3:1: error: two asks in a row" },
		{ "frames 3\nrefs 1\nask \"a\"\n",
		  "t.mvs:3:1: error: `ask` must be followed by a step" },
		{ "heap size=1K\nmalloc a 8\nask \"leak?\"\n",
		  "t.mvs:3:1: error: `ask` must be followed by a step" },
		{ "frames 3\nask \"a\" kind=hits\nrefs 1\n",
		  "t.mvs:2:14: error: unknown kind" },
		{ "frames 3\nask \"a\" answer=1 answer=2\nrefs 1\n",
		  "`answer` given twice" },
		{ "frames 3\nask \"a\" why=1\nrefs 1\n",
		  "`ask` takes a question in quotes" },
		{ "frames 3\nask\nrefs 1\n", "`ask` expects" },
		{ "frames 3\nask \"\"\nrefs 1\n", "the question must be" },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct diag d;
		struct program *p = tu_parse(cases[i].text, &d);

		ck_assert_msg(p == NULL, "case %zu parsed", i);
		ck_assert_msg(tu_has(&d, cases[i].msg), "case %zu: got %s", i,
			      d.count ? d.lines[0] : "nothing");
		diag_free(&d);
	}
}
END_TEST

/* ---- derived questions ---- */

START_TEST(page_references)
{
	struct program *p;
	struct quiz_list l;
	struct engine *e = collect("frames 2\nreplace fifo\nrefs 1 2 1 3 1\n",
				   QUIZ_ALL, &p, &l);

	/* Each reference: hit or miss; a victim only once frames are full. */
	ck_assert_uint_eq(l.n, 7);
	expect_q(&l, 0, 1, QUIZ_HIT, "miss");
	expect_q(&l, 1, 2, QUIZ_HIT, "miss");
	expect_q(&l, 2, 3, QUIZ_HIT, "hit");
	expect_q(&l, 3, 4, QUIZ_HIT, "miss");
	expect_q(&l, 4, 4, QUIZ_VICTIM, "1");
	expect_q(&l, 5, 5, QUIZ_HIT, "miss");
	expect_q(&l, 6, 5, QUIZ_VICTIM, "2");
	ck_assert(strstr(l.q[4].why, "Evict page 1") != NULL);
	done(e, p, &l);
}
END_TEST

START_TEST(kinds_filter_and_asks)
{
	struct program *p;
	struct quiz_list l;
	struct engine *e = collect("frames 2\nrefs 1 2\n"
				   "ask \"Which goes?\" kind=victim\nrefs 3\n"
				   "ask \"Faults?\" answer=4\nrefs 1\n"
				   "ask \"Why?\"\ncall main\n",
				   1u << QUIZ_VICTIM, &p, &l);

	ck_assert_uint_eq(l.n, 4);
	/* The ask takes the victim question's place, with its text. */
	expect_q(&l, 0, 3, QUIZ_VICTIM, "1");
	ck_assert_str_eq(l.q[0].question, "Which goes?");
	ck_assert(l.q[0].from_ask);
	expect_q(&l, 1, 4, QUIZ_ASK, "4");
	ck_assert_int_eq(l.q[1].form, QF_NUMBER);
	expect_q(&l, 2, 4, QUIZ_VICTIM, "2");
	/* A step with nothing to predict: an open question. */
	ck_assert_uint_eq(l.q[3].step, 5);
	ck_assert(l.q[3].open);
	ck_assert_int_eq(quiz_grade(&l.q[3], "anything"), QUIZ_OPEN);
	ck_assert_int_eq(quiz_list_find(&l, 4), 1);
	ck_assert_int_eq(quiz_list_find(&l, 2), -1);
	done(e, p, &l);
	/* Asks only: kinds 0. */
	e = collect("frames 2\nrefs 1 2\nask \"Hit?\"\nrefs 1\n", 0, &p, &l);
	ck_assert_uint_eq(l.n, 1);
	expect_q(&l, 0, 3, QUIZ_HIT, "hit");
	done(e, p, &l);
}
END_TEST

START_TEST(tlb_and_translation)
{
	struct program *p;
	struct quiz_list l;
	struct engine *e = collect("frames 8\ntlb entries=2 replace=lru\n"
				   "read 0x1000\nread 0x2004\nread 0x1008\n"
				   "read 0x3000\n",
				   QUIZ_ALL, &p, &l);

	expect_q(&l, 0, 1, QUIZ_HIT, "miss");
	expect_q(&l, 1, 1, QUIZ_PADDR, "0x0");
	expect_q(&l, 2, 2, QUIZ_HIT, "miss");
	expect_q(&l, 3, 2, QUIZ_PADDR, "0x1004");
	expect_q(&l, 4, 3, QUIZ_HIT, "hit");
	expect_q(&l, 5, 3, QUIZ_PADDR, "0x8");
	/* Both entries in use: the LRU entry (page 0x2) is replaced. */
	expect_q(&l, 6, 4, QUIZ_HIT, "miss");
	expect_q(&l, 7, 4, QUIZ_VICTIM, "0x2");
	expect_q(&l, 8, 4, QUIZ_PADDR, "0x2000");
	ck_assert_uint_eq(l.n, 9);
	done(e, p, &l);
}
END_TEST

START_TEST(segfault_is_invalid)
{
	struct program *p;
	struct quiz_list l;
	struct engine *e = collect("frames 8\nmap 0x400000 4K prot=r-x\n"
				   "write 0x400010\n",
				   1u << QUIZ_PADDR, &p, &l);

	ck_assert_uint_eq(l.n, 1);
	expect_q(&l, 0, 2, QUIZ_PADDR, "invalid");
	ck_assert_int_eq(quiz_grade(&l.q[0], "fault"), QUIZ_RIGHT);
	ck_assert_int_eq(quiz_grade(&l.q[0], "0x0"), QUIZ_WRONG);
	done(e, p, &l);
}
END_TEST

START_TEST(cache_lookups)
{
	struct program *p;
	struct quiz_list l;
	/* Direct-mapped, 4 sets of 64 bytes: 0x0 and 0x100 share set 0. */
	struct engine *e = collect("cache L1 size=256 line=64 ways=1\n"
				   "read 0x40\nread 0x44\nread 0x0\n"
				   "read 0x100\n",
				   QUIZ_ALL, &p, &l);

	expect_q(&l, 0, 1, QUIZ_HIT, "miss");
	expect_q(&l, 1, 1, QUIZ_SET, "1");
	expect_q(&l, 2, 2, QUIZ_HIT, "hit");
	expect_q(&l, 3, 2, QUIZ_SET, "1");
	/* Set 0 was empty: a miss, but no victim question. */
	expect_q(&l, 4, 3, QUIZ_HIT, "miss");
	expect_q(&l, 5, 3, QUIZ_SET, "0");
	expect_q(&l, 6, 4, QUIZ_HIT, "miss");
	expect_q(&l, 7, 4, QUIZ_VICTIM, "0x0");
	expect_q(&l, 8, 4, QUIZ_SET, "0");
	ck_assert_uint_eq(l.n, 9);
	done(e, p, &l);
}
END_TEST

START_TEST(allocations)
{
	struct program *p;
	struct quiz_list l;
	struct engine *e = collect("heap size=64 base=0x1000 header=0 "
				   "align=8 policy=first-fit\n"
				   "malloc a 16\nmalloc b 100\nfree a\n"
				   "realloc b 8\ncall main\n",
				   QUIZ_ALL, &p, &l);

	ck_assert_uint_eq(l.n, 3);
	expect_q(&l, 0, 1, QUIZ_ADDRESS, "0x1000");
	expect_q(&l, 1, 2, QUIZ_ADDRESS, "NULL");
	ck_assert_int_eq(quiz_grade(&l.q[1], "0"), QUIZ_RIGHT);
	ck_assert_int_eq(quiz_grade(&l.q[1], "null"), QUIZ_RIGHT);
	expect_q(&l, 2, 4, QUIZ_ADDRESS, "0x1000");
	ck_assert(strstr(l.q[2].question, "realloc") != NULL);
	done(e, p, &l);
}
END_TEST

START_TEST(collections)
{
	struct program *p;
	struct quiz_list l;
	struct engine *e = collect("gc mark-sweep heap=256\nnew A 32\n"
				   "new B 32\nnew C 32\nset A.ref = B\n"
				   "unroot A\nunroot C\ngc\ngc\n",
				   QUIZ_ALL, &p, &l);

	ck_assert_uint_eq(l.n, 2);
	expect_q(&l, 0, 7, QUIZ_FREED, "A C");
	ck_assert_int_eq(quiz_grade(&l.q[0], "C,A"), QUIZ_RIGHT);
	ck_assert_int_eq(quiz_grade(&l.q[0], "C"), QUIZ_WRONG);
	expect_q(&l, 1, 8, QUIZ_FREED, "none");
	done(e, p, &l);
}
END_TEST

/* ---- grading ---- */

static struct quiz_question question(enum quiz_form form,
				     const char *expected)
{
	struct quiz_question q;

	memset(&q, 0, sizeof q);
	q.form = form;
	snprintf(q.expected, sizeof q.expected, "%s", expected);
	return q;
}

START_TEST(grade_forms)
{
	struct quiz_question q = question(QF_HIT_MISS, "hit");

	ck_assert_int_eq(quiz_grade(&q, "hit"), QUIZ_RIGHT);
	ck_assert_int_eq(quiz_grade(&q, "  HIT \n"), QUIZ_RIGHT);
	ck_assert_int_eq(quiz_grade(&q, "miss"), QUIZ_WRONG);
	ck_assert_int_eq(quiz_grade(&q, ""), QUIZ_SKIPPED);
	ck_assert_int_eq(quiz_grade(&q, "   "), QUIZ_SKIPPED);
	ck_assert_int_eq(quiz_grade(&q, NULL), QUIZ_SKIPPED);

	q = question(QF_VICTIM, "0x1a");
	ck_assert_int_eq(quiz_grade(&q, "26"), QUIZ_RIGHT);
	ck_assert_int_eq(quiz_grade(&q, "0x1A"), QUIZ_RIGHT);
	ck_assert_int_eq(quiz_grade(&q, "1a"), QUIZ_WRONG);
	ck_assert_int_eq(quiz_grade(&q, "none"), QUIZ_WRONG);
	q = question(QF_VICTIM, "none");
	ck_assert_int_eq(quiz_grade(&q, "None"), QUIZ_RIGHT);
	ck_assert_int_eq(quiz_grade(&q, "0"), QUIZ_WRONG);

	q = question(QF_ADDRESS, "0x4008");
	ck_assert_int_eq(quiz_grade(&q, "16392"), QUIZ_RIGHT);
	ck_assert_int_eq(quiz_grade(&q, "NULL"), QUIZ_WRONG);
	ck_assert_int_eq(quiz_grade(&q, "0x4008 please"), QUIZ_WRONG);

	q = question(QF_PADDR, "invalid");
	ck_assert_int_eq(quiz_grade(&q, "INVALID"), QUIZ_RIGHT);
	ck_assert_int_eq(quiz_grade(&q, "fault"), QUIZ_RIGHT);
	q = question(QF_PADDR, "0x2000");
	ck_assert_int_eq(quiz_grade(&q, "8192"), QUIZ_RIGHT);
	ck_assert_int_eq(quiz_grade(&q, "8K"), QUIZ_RIGHT);
	ck_assert_int_eq(quiz_grade(&q, "fault"), QUIZ_WRONG);

	q = question(QF_NUMBER, "3");
	ck_assert_int_eq(quiz_grade(&q, "0x3"), QUIZ_RIGHT);
	ck_assert_int_eq(quiz_grade(&q, "4"), QUIZ_WRONG);

	q = question(QF_NAMES, "A tmp#2 C");
	ck_assert_int_eq(quiz_grade(&q, "C A tmp#2"), QUIZ_RIGHT);
	ck_assert_int_eq(quiz_grade(&q, "tmp#2,C, A"), QUIZ_RIGHT);
	ck_assert_int_eq(quiz_grade(&q, "A C"), QUIZ_WRONG);
	ck_assert_int_eq(quiz_grade(&q, "A C tmp#2 B"), QUIZ_WRONG);
	ck_assert_int_eq(quiz_grade(&q, "a c tmp#2"), QUIZ_WRONG);
	q = question(QF_NAMES, "none");
	ck_assert_int_eq(quiz_grade(&q, "none"), QUIZ_RIGHT);
	ck_assert_int_eq(quiz_grade(&q, "A"), QUIZ_WRONG);

	q = question(QF_TEXT, "Belady's  anomaly");
	ck_assert_int_eq(quiz_grade(&q, " belady's anomaly"), QUIZ_RIGHT);
	ck_assert_int_eq(quiz_grade(&q, "belady"), QUIZ_WRONG);
}
END_TEST

START_TEST(score_and_kinds)
{
	struct quiz_question q = question(QF_HIT_MISS, "hit");
	struct quiz_score s;
	uint32_t bits = 0;
	char err[128];

	memset(&s, 0, sizeof s);
	q.kind = QUIZ_HIT;
	quiz_score_add(&s, &q, QUIZ_RIGHT);
	quiz_score_add(&s, &q, QUIZ_SKIPPED);
	q.kind = QUIZ_SET;
	quiz_score_add(&s, &q, QUIZ_WRONG);
	quiz_score_add(&s, &q, QUIZ_OPEN);
	ck_assert_uint_eq(s.correct, 1);
	ck_assert_uint_eq(s.total, 3);
	ck_assert_uint_eq(s.kind_total[QUIZ_HIT], 2);
	ck_assert_uint_eq(s.kind_correct[QUIZ_HIT], 1);
	ck_assert_uint_eq(s.kind_total[QUIZ_SET], 1);

	ck_assert(quiz_kinds_parse("hit,freed set", &bits, err, sizeof err));
	ck_assert_uint_eq(bits, 1u << QUIZ_HIT | 1u << QUIZ_FREED |
					1u << QUIZ_SET);
	ck_assert(!quiz_kinds_parse("hit,ask", &bits, err, sizeof err));
	ck_assert(strstr(err, "unknown kind 'ask'") != NULL);
	ck_assert(!quiz_kinds_parse(",", &bits, err, sizeof err));
}
END_TEST

Suite *quiz_suite(void)
{
	Suite *s = suite_create("quiz");
	TCase *tc = tcase_create("ask");

	tcase_add_test(tc, ask_attaches_to_next_step);
	tcase_add_test(tc, ask_errors);
	suite_add_tcase(s, tc);
	tc = tcase_create("page-references");
	tcase_add_test(tc, page_references);
	tcase_add_test(tc, kinds_filter_and_asks);
	suite_add_tcase(s, tc);
	tc = tcase_create("translation");
	tcase_add_test(tc, tlb_and_translation);
	tcase_add_test(tc, segfault_is_invalid);
	suite_add_tcase(s, tc);
	tc = tcase_create("cache");
	tcase_add_test(tc, cache_lookups);
	suite_add_tcase(s, tc);
	tc = tcase_create("heap");
	tcase_add_test(tc, allocations);
	suite_add_tcase(s, tc);
	tc = tcase_create("gc");
	tcase_add_test(tc, collections);
	suite_add_tcase(s, tc);
	tc = tcase_create("grading");
	tcase_add_test(tc, grade_forms);
	tcase_add_test(tc, score_and_kinds);
	suite_add_tcase(s, tc);
	return s;
}
