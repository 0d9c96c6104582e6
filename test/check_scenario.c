/*
 * check_scenario.c: the scenario language: lexing, numbers, strings,
 * options, notes and marks, and the errors for bad and hostile input.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "core/directive.h"
#include "core/scenario.h"
#include "test_util.h"

START_TEST(parses_basic_program)
{
	struct diag d;
	struct program *p = tu_parse(
		"# comment\n"
		"title \"Hello \\\"world\\\"\"\n"
		"about \"a\\tb\\x41\"\n"
		"stack size=4K base=0x10000\n"
		"seed 42\n"
		"call main   # trailing comment\n"
		"local n 4 = 3\n"
		"ret\n",
		&d);

	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(p->config.title, "Hello \"world\"");
	ck_assert_str_eq(p->config.about, "a\tbA");
	ck_assert_uint_eq(p->config.stack.size_bytes, 4096);
	ck_assert_uint_eq(p->config.stack.base, 0x10000);
	ck_assert_uint_eq(p->config.seed, 42);
	ck_assert_uint_eq(p->nsteps, 3);
	ck_assert_uint_eq(p->steps[0].line, 6);
	ck_assert_uint_eq(p->steps[1].a, 4);
	ck_assert_str_eq(program_name(p, p->steps[1].sym), "n");
	program_destroy(p);
	diag_free(&d);
}
END_TEST

START_TEST(numbers)
{
	static const struct {
		const char *text;
		uint64_t value;
	} ok[] = {
		{ "0", 0 }, { "42", 42 }, { "0x1f", 31 }, { "0X10", 16 },
		{ "4K", 4096 }, { "4k", 4096 }, { "2M", 2 << 20 },
		{ "1G", 1ull << 30 }, { "8KB", 8192 }, { "1_000", 1000 },
		{ "0b101", 5 }, { "18446744073709551615", UINT64_MAX },
	};
	static const char *const bad[] = {
		"", "x", "4X", "0x", "18446744073709551616",
		"99999999999999999999", "17179869184G", "4KK", "-1",
	};
	size_t i;
	uint64_t v;
	const char *why;

	for (i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		ck_assert_msg(parse_number_text(ok[i].text, strlen(ok[i].text),
						&v, &why),
			      "%s", ok[i].text);
		ck_assert_uint_eq(v, ok[i].value);
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(!parse_number_text(bad[i], strlen(bad[i]), &v,
						 &why),
			      "%s", bad[i]);
}
END_TEST

START_TEST(crlf_and_no_final_newline)
{
	struct diag d;
	struct program *p = tu_parse("call main\r\nlocal x 8 = 1\r\nret", &d);

	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(p->nsteps, 3);
	program_destroy(p);
	diag_free(&d);
}
END_TEST

START_TEST(notes_and_marks_attach_to_next_step)
{
	struct diag d;
	struct program *p = tu_parse("note \"one\"\nnote \"two\"\nmark \"M\"\n"
				     "call main\nret\n", &d);

	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(program_note(p, 0), "one two");
	ck_assert_str_eq(program_mark(p, 0), "M");
	ck_assert_ptr_null(program_note(p, 1));
	ck_assert_str_eq(program_chapter(p, 1), "M");
	program_destroy(p);
	diag_free(&d);
}
END_TEST

START_TEST(unknown_directive_suggests)
{
	struct diag d;
	struct program *p = tu_parse("cal main\nret\n", &d);

	ck_assert_ptr_null(p);
	ck_assert_uint_eq(d.errors, 1);
	ck_assert_str_eq(d.lines[0],
			 "t.mvs:1:1: error: unknown directive `cal` (did you mean `call`?)");
	diag_free(&d);
}
END_TEST

/* panes: names by comma or space, errors at the unknown name. */
START_TEST(panes_directive)
{
	struct diag d;
	struct program *p = tu_parse("panes stack,heap gc\ncall main\n", &d);

	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(p->config.panes, PANES_STACK | PANES_HEAP | PANES_GC);
	program_destroy(p);
	diag_free(&d);

	p = tu_parse("panes pagetable, frames\ncall main\n", &d);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(p->config.panes, PANES_PAGETABLE | PANES_FRAMES);
	program_destroy(p);
	diag_free(&d);

	p = tu_parse("panes stack,hep\ncall main\n", &d);
	ck_assert_ptr_null(p);
	ck_assert(tu_has(&d, "t.mvs:1:13: error: unknown pane `hep` (did you "
			     "mean `heap`?"));
	diag_free(&d);

	p = tu_parse("panes cache\npanes gc\ncall main\n", &d);
	ck_assert_ptr_null(p);
	ck_assert(tu_has(&d, "t.mvs:2:1: error: `panes` given twice"));
	diag_free(&d);

	/* Between steps it switches the panes; it needs a step after it. */
	p = tu_parse("call main\npanes heap\n", &d);
	ck_assert_ptr_null(p);
	ck_assert(tu_has(&d, "t.mvs:2:1: error: `panes` between steps must be "
			     "followed by a step"));
	diag_free(&d);

	ck_assert_uint_eq(program_pane_bit("cache", 5), PANES_CACHE);
	ck_assert_uint_eq(program_pane_bit("cachex", 5), PANES_CACHE);
	ck_assert_uint_eq(program_pane_bit("narration", 9), 0);
}
END_TEST

START_TEST(every_error_is_reported)
{
	struct diag d;
	struct program *p = tu_parse("call main\nlocal x\nbogus\nlocal y 4 = \"s\"\n"
				     "stack size=4K\nret 1 2\n", &d);

	ck_assert_ptr_null(p);
	ck_assert_uint_eq(d.errors, 5);
	ck_assert(tu_has(&d, "t.mvs:2:1: error: too few arguments"));
	ck_assert(tu_has(&d, "t.mvs:3:1: error: unknown directive `bogus`"));
	ck_assert(tu_has(&d, "t.mvs:4:13: error: expected a number, got a string"));
	ck_assert(tu_has(&d, "t.mvs:5:1: error: `stack` configures the machine and must come before the first step (line 1)"));
	ck_assert(tu_has(&d, "t.mvs:6:1: error: too many arguments"));
	diag_free(&d);
}
END_TEST

START_TEST(error_limit)
{
	struct diag d;
	struct strbuf sb;
	struct program *p;
	int i;

	strbuf_init(&sb);
	for (i = 0; i < 100; i++)
		strbuf_puts(&sb, "nope\n");
	p = tu_parse(sb.buf, &d);
	ck_assert_ptr_null(p);
	ck_assert_uint_eq(d.count, DIAG_DEFAULT_LIMIT + 1);
	ck_assert(tu_has(&d, "too many errors"));
	strbuf_free(&sb);
	diag_free(&d);
}
END_TEST

START_TEST(strings_and_escapes)
{
	struct diag d;
	struct program *p;

	p = tu_parse("title \"unterminated\ncall main\n", &d);
	ck_assert_ptr_null(p);
	ck_assert(tu_has(&d, "t.mvs:1:7: error: unterminated string"));
	diag_free(&d);

	p = tu_parse("title \"bad \\q\"\ncall main\n", &d);
	ck_assert_ptr_null(p);
	ck_assert(tu_has(&d, "unknown escape `\\q`"));
	diag_free(&d);

	p = tu_parse("title \"caf\xc3\xa9\"\ncall main\n", &d);
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(p->config.title, "caf\xc3\xa9");
	program_destroy(p);
	diag_free(&d);
}
END_TEST

START_TEST(options)
{
	struct diag d;
	struct program *p;

	p = tu_parse("stack sise=4K\ncall main\n", &d);
	ck_assert_ptr_null(p);
	ck_assert(tu_has(&d, "t.mvs:1:7: error: unknown option `sise` for `stack` (did you mean `size`?)"));
	diag_free(&d);

	p = tu_parse("stack size=4K size=8K\ncall main\n", &d);
	ck_assert_ptr_null(p);
	ck_assert(tu_has(&d, "option `size` given twice"));
	diag_free(&d);

	p = tu_parse("stack size=100\ncall main\n", &d);
	ck_assert_ptr_null(p);
	ck_assert(tu_has(&d, "multiple of 8"));
	diag_free(&d);
}
END_TEST

START_TEST(hostile_input)
{
	static const char nul[] = "call main\n\0\0\0\nret\n";
	char *garbage = malloc(4096);
	struct diag d;
	struct program *p;
	int i;

	p = tu_parse("", &d);
	ck_assert_ptr_null(p);
	ck_assert(tu_has(&d, "no steps"));
	diag_free(&d);

	p = tu_parse("# only a comment\n\n   \n", &d);
	ck_assert_ptr_null(p);
	ck_assert(tu_has(&d, "no steps"));
	diag_free(&d);

	diag_init(&d, "t.mvs");
	p = scenario_parse("t.mvs", nul, sizeof nul - 1, &d);
	ck_assert_ptr_null(p);
	ck_assert(tu_has(&d, "t.mvs:2:1: error: NUL byte"));
	diag_free(&d);

	/* Deterministic pseudo-random bytes: must not crash. */
	for (i = 0; i < 4096; i++)
		garbage[i] = (char)((i * 2654435761u) >> 13);
	diag_init(&d, "t.mvs");
	p = scenario_parse("t.mvs", garbage, 4096, &d);
	ck_assert_ptr_null(p);
	ck_assert_uint_gt(d.errors, 0);
	diag_free(&d);
	free(garbage);

	p = tu_parse("call main\nlocal x 4 = 99999999999999999999\n", &d);
	ck_assert_ptr_null(p);
	ck_assert(tu_has(&d, "number too large"));
	diag_free(&d);

	p = tu_parse("note \"dangling\"\n", &d);
	ck_assert_ptr_null(p);
	ck_assert(tu_has(&d, "`note` must be followed by a step"));
	diag_free(&d);
}
END_TEST

START_TEST(long_lines_and_many_steps)
{
	struct strbuf sb;
	struct diag d;
	struct program *p;
	int i;

	strbuf_init(&sb);
	strbuf_puts(&sb, "title \"");
	for (i = 0; i < 100000; i++)
		strbuf_putc(&sb, 'a' + i % 26);
	strbuf_puts(&sb, "\"\n");
	for (i = 0; i < 20000; i++)
		strbuf_puts(&sb, "call f\nret\n");
	p = tu_parse(sb.buf, &d);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(strlen(p->config.title), 100000);
	ck_assert_uint_eq(p->nsteps, 40000);
	program_destroy(p);
	diag_free(&d);
	strbuf_free(&sb);
}
END_TEST

START_TEST(load_errors)
{
	struct diag d;

	diag_init(&d, "/");
	ck_assert_ptr_null(scenario_load("/", &d));
	ck_assert_str_eq(d.lines[0], "/: error: is a directory, not a scenario file");
	diag_free(&d);

	diag_init(&d, "/nonexistent/x.mvs");
	ck_assert_ptr_null(scenario_load("/nonexistent/x.mvs", &d));
	ck_assert(tu_has(&d, "cannot open: No such file or directory"));
	diag_free(&d);
}
END_TEST

START_TEST(directive_table)
{
	const char *names[256];
	size_t n = directive_names(names, 256), i;
	uint16_t op;

	ck_assert_uint_gt(n, 5);
	for (i = 0; i < n; i++) {
		const struct directive *d =
			directive_find(names[i], strlen(names[i]), &op);
		ck_assert_ptr_nonnull(d);
		ck_assert_ptr_eq(directive_get(op), d);
		ck_assert_ptr_nonnull(d->synopsis);
		ck_assert_ptr_nonnull(d->summary);
		ck_assert(d->parse != NULL);
		ck_assert(d->kind != DK_STEP || d->exec != NULL);
	}
	ck_assert_ptr_null(directive_find("nosuch", 6, &op));
}
END_TEST

Suite *scenario_suite(void)
{
	Suite *s = suite_create("scenario");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, parses_basic_program);
	tcase_add_test(tc, numbers);
	tcase_add_test(tc, crlf_and_no_final_newline);
	tcase_add_test(tc, panes_directive);
	tcase_add_test(tc, notes_and_marks_attach_to_next_step);
	tcase_add_test(tc, strings_and_escapes);
	tcase_add_test(tc, options);
	tcase_add_test(tc, directive_table);
	suite_add_tcase(s, tc);
	tc = tcase_create("errors");
	tcase_add_test(tc, unknown_directive_suggests);
	tcase_add_test(tc, every_error_is_reported);
	tcase_add_test(tc, error_limit);
	tcase_add_test(tc, load_errors);
	suite_add_tcase(s, tc);
	tc = tcase_create("hostile");
	tcase_add_test(tc, hostile_input);
	tcase_add_test(tc, long_lines_and_many_steps);
	suite_add_tcase(s, tc);
	return s;
}
