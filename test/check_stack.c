/*
 * check_stack.c: the call stack model: frame layout and addresses, locals,
 * returns, overflow, and the scenario errors found at load time.
 */
#include <check.h>
#include <string.h>

#include "core/stack.h"
#include "test_util.h"

START_TEST(frame_layout)
{
	struct program *p;
	struct engine *e = tu_engine("stack size=1K base=0x8000\n"
				     "call main\n"
				     "call f a=1 b=2\n"
				     "local x 4 = 7\n",
				     &p);
	const struct stack *st;
	const struct stack_frame *f;

	engine_goto(e, 1);
	st = &engine_machine(e)->stack;
	ck_assert_uint_eq(st->nframes, 1);
	/* main: return address at 0x7ff8, saved fp at 0x7ff0 */
	ck_assert_uint_eq(st->slots[0].addr, 0x7ff8);
	ck_assert_uint_eq(st->slots[0].value, stack_code_addr(2));
	ck_assert_uint_eq(st->fp, 0x7ff0);
	ck_assert_uint_eq(st->sp, 0x7ff0);

	engine_goto(e, 3);
	st = &engine_machine(e)->stack;
	f = stack_top(st);
	ck_assert_uint_eq(st->nframes, 2);
	ck_assert_uint_eq(f->top, 0x7ff0);
	/* a highest, then b, return address, saved fp, then x */
	ck_assert_uint_eq(st->slots[f->slot0 + 0].addr, 0x7fe8);
	ck_assert_uint_eq(st->slots[f->slot0 + 1].addr, 0x7fe0);
	ck_assert_uint_eq(st->slots[f->slot0 + 2].addr, 0x7fd8);
	ck_assert_uint_eq(st->slots[f->slot0 + 3].addr, 0x7fd0);
	ck_assert_uint_eq(f->saved_fp, 0x7ff0);
	ck_assert_uint_eq(f->fp, 0x7fd0);
	ck_assert_uint_eq(st->slots[f->slot0 + 4].addr, 0x7fc8);
	ck_assert_uint_eq(st->slots[f->slot0 + 4].size, 8);
	ck_assert_uint_eq(st->slots[f->slot0 + 4].declared, 4);
	ck_assert_int_eq(st->slots[f->slot0 + 4].value, 7);
	ck_assert_uint_eq(stack_used(st), 0x8000 - 0x7fc8);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(values_by_name_and_return)
{
	struct program *p;
	struct engine *e = tu_engine("call main\nlocal n 4 = 3\ncall f x=n\n"
				     "ret x\nret\n", &p);
	const struct stack *st;
	const struct event *ev;
	size_t n;

	engine_goto(e, 3);
	st = &engine_machine(e)->stack;
	ck_assert_int_eq(stack_find(st, program_lookup(p, "x"))->value, 3);
	engine_goto(e, 4);
	st = &engine_machine(e)->stack;
	ck_assert_uint_eq(st->nframes, 1);
	ev = engine_events(e, &n);
	ck_assert_uint_eq(n, 1);
	ck_assert_ptr_nonnull(strstr(ev[0].text, "Return 3 from f to line 3"));
	engine_goto(e, 5);
	ck_assert_uint_eq(engine_machine(e)->stack.nframes, 0);
	ck_assert_uint_eq(engine_machine(e)->stack.sp,
			  engine_machine(e)->stack.base);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(narration)
{
	struct program *p;
	struct engine *e = tu_engine("call main\ncall fact n=2\n", &p);
	const struct event *ev;
	size_t n;

	engine_goto(e, 2);
	ev = engine_events(e, &n);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(ev[0].kind, "push-arg");
	ck_assert_ptr_nonnull(strstr(ev[0].text, "call fact(n=2): push argument n=2 at 0x7ffeffe8"));
	ck_assert_ptr_nonnull(strstr(ev[2].text, "Frame #2 is 24 bytes at 0x7ffeffd8; stack use 40 of 8192 bytes."));
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(overflow_halts)
{
	struct program *p;
	struct engine *e = tu_engine("stack size=64\ncall main\ncall f a=1\n"
				     "local big 64\ncall g\nret\n", &p);
	const struct event *ev;
	size_t n;

	ck_assert_uint_eq(engine_count(e), 3);
	ck_assert(engine_flags(e, 3) & EVF_ERROR);
	ck_assert_uint_eq(engine_find(e, 0, EVF_ERROR, 1), 3);
	engine_goto(e, 3);
	ev = engine_events(e, &n);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(ev[0].kind, "stack-overflow");
	ck_assert(engine_machine(e)->halted);
	ck_assert(engine_machine(e)->stack.overflowed);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(scenario_errors_at_load)
{
	struct diag d;
	struct program *p = tu_parse("ret\nlocal x 8\ncall main\nlocal y 8 = z\n"
				     "local y 8\nlocal y 8\ncall f a=nope\n", &d);

	ck_assert_ptr_nonnull(p);
	ck_assert_ptr_null(engine_create(p, &d, 0));
	ck_assert(tu_has(&d, "t.mvs:1:1: error: `ret` with no frame to return from"));
	ck_assert(tu_has(&d, "t.mvs:2:1: error: `local x` outside any frame"));
	ck_assert(tu_has(&d, "t.mvs:4:13: error: unknown name `z`: not a parameter or local of main, nor a heap block or object"));
	ck_assert(tu_has(&d, "t.mvs:6:1: error: `y` already exists in this frame of main"));
	ck_assert(tu_has(&d, "t.mvs:7:10: error: unknown name `nope`"));
	ck_assert_uint_eq(d.errors, 5);
	diag_free(&d);
	program_destroy(p);
}
END_TEST

Suite *stack_suite(void)
{
	Suite *s = suite_create("stack");
	TCase *tc = tcase_create("model");

	tcase_add_test(tc, frame_layout);
	tcase_add_test(tc, values_by_name_and_return);
	tcase_add_test(tc, narration);
	tcase_add_test(tc, overflow_halts);
	tcase_add_test(tc, scenario_errors_at_load);
	suite_add_tcase(s, tc);
	return s;
}
