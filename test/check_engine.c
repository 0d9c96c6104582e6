/*
 * check_engine.c: the stepping engine.  Property tests on random scenarios:
 * goto(k) equals a fresh replay to k; back then forward restores the state
 * exactly; stepping event by event ends where whole steps do; narration
 * of a step does not depend on how it was reached.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "test_util.h"

/* A deterministic random scenario of calls, locals and returns. */
static char *random_scenario(unsigned seed, size_t nsteps)
{
	struct strbuf sb;
	unsigned x = seed * 2654435761u + 1;
	size_t i, depth = 0, locals = 0;

	strbuf_init(&sb);
	strbuf_puts(&sb, "stack size=64K\ncall main\n");
	depth = 1;
	for (i = 0; i < nsteps; i++) {
		unsigned r;
		x = x * 1103515245u + 12345u;
		r = (x >> 16) % 10;
		if (i % 7 == 3)
			strbuf_printf(&sb, "mark \"m%zu\"\n", i);
		if (r < 3 || depth == 0) {
			strbuf_printf(&sb, "call f%u a=%u b=%u\n", r, x % 100,
				      (x >> 8) % 100);
			depth++;
		} else if (r < 7) {
			strbuf_printf(&sb, "local v%zu %u = %u\n", locals++,
				      1 + (x >> 4) % 40, x % 1000);
		} else {
			strbuf_printf(&sb, "ret %u\n", x % 50);
			depth--;
		}
	}
	return strbuf_detach(&sb);
}

/* A fresh engine's state after k steps. */
static struct machine *fresh_state(const struct program *p, size_t k)
{
	struct diag d;
	struct engine *e;
	struct machine *m = xcalloc(1, sizeof *m);
	size_t i;

	diag_init(&d, "t");
	e = engine_create(p, &d, 1000000);
	for (i = 0; i < k; i++)
		engine_forward(e);
	machine_init(m, p);
	machine_copy(m, engine_machine(e));
	engine_destroy(e);
	diag_free(&d);
	return m;
}

static void free_state(struct machine *m)
{
	machine_free(m);
	free(m);
}

START_TEST(goto_equals_fresh_replay)
{
	char *text = random_scenario((unsigned)_i + 1, 300);
	struct program *p;
	struct engine *e = tu_engine(text, &p);
	size_t n = engine_count(e), t;
	unsigned x = (unsigned)_i * 7919u + 3;

	for (t = 0; t < 40; t++) {
		size_t k;
		struct machine *m;
		x = x * 1103515245u + 12345u;
		k = (x >> 8) % (n + 1);
		engine_goto(e, k);
		ck_assert_uint_eq(engine_pos(e), k);
		m = fresh_state(p, k);
		ck_assert_msg(machine_equal(engine_machine(e), m),
			      "goto(%zu) differs from a fresh replay", k);
		free_state(m);
	}
	engine_destroy(e);
	program_destroy(p);
	free(text);
}
END_TEST

START_TEST(back_then_forward_restores)
{
	char *text = random_scenario((unsigned)_i + 100, 200);
	struct program *p;
	struct engine *e = tu_engine(text, &p);
	size_t k;

	for (k = 1; k <= engine_count(e); k++) {
		struct machine before;
		engine_goto(e, k);
		machine_init(&before, p);
		machine_copy(&before, engine_machine(e));
		ck_assert(engine_back(e));
		ck_assert_uint_eq(engine_pos(e), k - 1);
		ck_assert(engine_forward(e));
		ck_assert(machine_equal(&before, engine_machine(e)));
		machine_free(&before);
	}
	engine_destroy(e);
	program_destroy(p);
	free(text);
}
END_TEST

START_TEST(events_add_up_to_steps)
{
	char *text = random_scenario((unsigned)_i + 200, 150);
	struct program *p;
	struct engine *e = tu_engine(text, &p);
	struct engine *w;
	struct diag d;
	size_t moves = 0;

	diag_init(&d, "t");
	w = engine_create(p, &d, 0);
	while (engine_event_forward(e)) {
		moves++;
		ck_assert_uint_ge(engine_event_pos(e), 1);
		if (engine_event_pos(e) == engine_event_count(e)) {
			engine_goto(w, engine_pos(e));
			ck_assert(machine_equal(engine_machine(e),
						engine_machine(w)));
		}
	}
	ck_assert_uint_eq(engine_pos(e), engine_count(e));
	ck_assert_uint_ge(moves, engine_count(e));
	/* and back again, event by event, to the start */
	while (engine_event_back(e))
		moves--;
	ck_assert_uint_eq(engine_pos(e), 0);
	ck_assert_uint_eq(moves, 0);
	engine_goto(w, 0);
	ck_assert(machine_equal(engine_machine(e), engine_machine(w)));
	engine_destroy(w);
	diag_free(&d);
	engine_destroy(e);
	program_destroy(p);
	free(text);
}
END_TEST

START_TEST(micro_steps_show_partial_state)
{
	struct program *p;
	struct engine *e = tu_engine("call main\ncall f a=1 b=2\n", &p);

	engine_goto(e, 1);
	ck_assert(engine_event_forward(e));
	ck_assert_uint_eq(engine_pos(e), 2);
	ck_assert_uint_eq(engine_event_pos(e), 1);
	ck_assert_uint_eq(engine_event_count(e), 4);
	/* one argument pushed so far */
	ck_assert_uint_eq(engine_machine(e)->stack.nslots, 3);
	ck_assert(engine_event_forward(e));
	ck_assert_uint_eq(engine_machine(e)->stack.nslots, 4);
	ck_assert(engine_event_back(e));
	ck_assert_uint_eq(engine_machine(e)->stack.nslots, 3);
	ck_assert(engine_event_back(e));
	ck_assert_uint_eq(engine_pos(e), 1);
	ck_assert_uint_eq(engine_machine(e)->stack.nslots, 2);
	/* forward from a partial step completes it */
	ck_assert(engine_event_forward(e));
	ck_assert(engine_forward(e));
	ck_assert_uint_eq(engine_pos(e), 2);
	ck_assert_uint_eq(engine_event_pos(e), 4);
	ck_assert(!engine_forward(e));
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

struct collect {
	struct strbuf sb;
};

static void collect(const struct event *ev, void *arg)
{
	struct collect *c = arg;
	strbuf_puts(&c->sb, ev->text);
	strbuf_putc(&c->sb, '|');
}

START_TEST(narrate_matches_visit)
{
	char *text = random_scenario(77, 120);
	struct program *p;
	struct engine *e = tu_engine(text, &p);
	size_t k, i, n;

	for (k = 1; k <= engine_count(e); k++) {
		struct collect a, b;
		const struct event *ev;
		strbuf_init(&a.sb);
		strbuf_init(&b.sb);
		engine_goto(e, engine_count(e) - k / 2);
		engine_narrate(e, k, collect, &a);
		engine_goto(e, k);
		ev = engine_events(e, &n);
		for (i = 0; i < n; i++)
			collect(&ev[i], &b);
		ck_assert_str_eq(a.sb.buf, b.sb.buf);
		strbuf_free(&a.sb);
		strbuf_free(&b.sb);
	}
	engine_destroy(e);
	program_destroy(p);
	free(text);
}
END_TEST

START_TEST(find_marks)
{
	struct program *p;
	struct engine *e = tu_engine("call main\nmark \"a\"\nlocal x 8\nlocal y 8\n"
				     "mark \"b\"\nret\n", &p);

	ck_assert_uint_eq(engine_find(e, 0, EVF_MARK, 1), 2);
	ck_assert_uint_eq(engine_find(e, 2, EVF_MARK, 1), 4);
	ck_assert_uint_eq(engine_find(e, 4, EVF_MARK, 1), 0);
	ck_assert_uint_eq(engine_find(e, 4, EVF_MARK, -1), 2);
	ck_assert_uint_eq(engine_find(e, 2, EVF_MARK, -1), 0);
	ck_assert_uint_eq(engine_find(e, 99, EVF_MARK, -1), 4);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(checkpoint_thinning_keeps_correctness)
{
	char *text = random_scenario(5, 2000);
	struct program *p;
	struct diag d;
	struct engine *e;
	size_t k;

	p = tu_parse(text, &d);
	ck_assert_ptr_nonnull(p);
	/* interval 1: a checkpoint per step */
	e = engine_create(p, &d, 1);
	for (k = engine_count(e); k > engine_count(e) - 50; k--) {
		struct machine *m = fresh_state(p, k);
		engine_goto(e, k);
		ck_assert(machine_equal(engine_machine(e), m));
		free_state(m);
	}
	engine_destroy(e);
	program_destroy(p);
	diag_free(&d);
	free(text);
}
END_TEST

Suite *engine_suite(void)
{
	Suite *s = suite_create("engine");
	TCase *tc = tcase_create("properties");

	tcase_add_loop_test(tc, goto_equals_fresh_replay, 0, 8);
	tcase_add_loop_test(tc, back_then_forward_restores, 0, 4);
	tcase_add_loop_test(tc, events_add_up_to_steps, 0, 4);
	tcase_add_test(tc, narrate_matches_visit);
	tcase_add_test(tc, checkpoint_thinning_keeps_correctness);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	tc = tcase_create("navigation");
	tcase_add_test(tc, micro_steps_show_partial_state);
	tcase_add_test(tc, find_marks);
	suite_add_tcase(s, tc);
	return s;
}
