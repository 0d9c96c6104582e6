/*
 * check_scenario.c: the scenario language: lexing, numbers, strings,
 * options, notes and marks, and the errors for bad and hostile input.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "core/directive.h"
#include "core/event.h"
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
		{ "128B", 128 }, { "16B", 16 }, { "0x10B", 267 },
	};
	static const char *const bad[] = {
		"", "x", "4X", "0x", "18446744073709551616",
		"99999999999999999999", "17179869184G", "4KK", "-1",
		"128BB", "B", "0b101B",
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

	/* Control characters never get through (issue 19): raw or escaped
	 * ESC, CR, C1 and invalid UTF-8; UTF-8 by escapes, \n and \t do. */
	p = tu_parse("title \"\x1b]0;x\x07\"\ncall main\n", &d);
	ck_assert_ptr_null(p);
	ck_assert(tu_has(&d, "t.mvs:1:7: error: control character 0x1b"));
	diag_free(&d);
	p = tu_parse("title \"a\\x9b\"\ncall main\n", &d);
	ck_assert_ptr_null(p);
	ck_assert(tu_has(&d, "invalid UTF-8 in a string (byte 0x9b)"));
	diag_free(&d);
	p = tu_parse("title \"\\xc2\\x85\"\ncall main\n", &d);
	ck_assert_ptr_null(p);
	ck_assert(tu_has(&d, "control character U+0085"));
	diag_free(&d);
	p = tu_parse("title \"a\\rb\"\ncall main\n", &d);
	ck_assert_ptr_null(p);
	ck_assert(tu_has(&d, "unknown escape `\\r`"));
	diag_free(&d);
	p = tu_parse("title \"\\xc3\\xa9\\n\\tb\"\ncall main\n", &d);
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(p->config.title, "\xc3\xa9\n\tb");
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

/* The memory accesses are declared in the table, not known by name. */
START_TEST(directive_access_is_declared)
{
	static const struct {
		const char *name;
		unsigned access;
		enum directive_space space;
	} want[] = {
		{ "refs", DA_REF, DS_NONE },	 { "read", DA_READ, DS_NONE },
		{ "write", DA_WRITE, DS_NONE },	 { "fetch", DA_FETCH, DS_NONE },
		{ "walk", DA_STREAM, DS_NONE },	 { "trace", DA_STREAM, DS_NONE },
		{ "malloc", DA_NONE, DS_NONE },	 { "process", DA_NONE, DS_CREATE },
		{ "fork", DA_NONE, DS_FORK },	 { "switch", DA_NONE, DS_SWITCH },
	};
	size_t i;
	uint16_t op;

	for (i = 0; i < sizeof want / sizeof want[0]; i++) {
		const struct directive *d = directive_find(
			want[i].name, strlen(want[i].name), &op);
		ck_assert_ptr_nonnull(d);
		ck_assert_uint_eq(d->access, want[i].access);
		ck_assert_int_eq(d->space, want[i].space);
	}
}
END_TEST

/* One table of event kinds: names are unique, flags come from the table. */
START_TEST(event_kind_table)
{
	size_t i, k;

	ck_assert_str_eq(event_kind_name(EV_PAGE_FAULT), "page-fault");
	ck_assert_str_eq(event_kind_name(EV_NULL_DEREFERENCE),
			 "null-dereference");
	ck_assert_uint_eq(event_kind_flags(EV_PAGE_FAULT), EVF_FAULT);
	ck_assert_uint_eq(event_kind_flags(EV_TLB_MISS), EVF_TLB_MISS);
	ck_assert_uint_eq(event_kind_flags(EV_PUSH_FRAME), 0);
	ck_assert_str_eq(event_kind_name(EV_COUNT), "?");
	for (i = 0; i < EV_COUNT; i++) {
		ck_assert_uint_gt(strlen(event_kind_name(i)), 0);
		for (k = i + 1; k < EV_COUNT; k++)
			ck_assert_str_ne(event_kind_name(i),
					 event_kind_name(k));
	}
}
END_TEST

/* Configuration lines in any order (issue 19): address-bits 10 is invalid
 * with the default 4K page, but not once page-size 256 follows. */
START_TEST(config_in_any_order)
{
	struct diag d;
	struct program *p = tu_parse("address-bits 10\npage-size 256\n"
				     "frames 2\nrefs 0 3\n", &d);

	ck_assert_msg(p != NULL, "%s", d.count ? d.lines[0] : "");
	ck_assert_uint_eq(p->config.vm.address_bits, 10);
	ck_assert_uint_eq(p->config.vm.page_size, 256);
	program_destroy(p);
	diag_free(&d);
	/* Still invalid at the first step: reported once, at its line. */
	p = tu_parse("page-size 256\naddress-bits 8\nframes 2\nrefs 0\n"
		     "refs 1\n", &d);
	ck_assert_ptr_null(p);
	ck_assert_uint_eq(d.count, 1);
	ck_assert_str_eq(d.lines[0], "t.mvs:2:1: error: 8-bit addresses leave "
			 "no room for page numbers with 256-byte pages (8 "
			 "offset bits)");
	diag_free(&d);
	/* No step needs the geometry: checked at the end. */
	p = tu_parse("address-bits 10\ncall main\n", &d);
	ck_assert_ptr_null(p);
	ck_assert_uint_eq(d.count, 1);
	diag_free(&d);
}
END_TEST

/* Synonyms and transpositions suggest memviz's word (issue 19). */
START_TEST(suggestions_know_synonyms)
{
	static const char *const keys[] = { "size", "line", "ways", "replace",
					    "write", "alloc", "latency", NULL };
	static const char *const dirs[] = { "seed", "read", "write", "fetch",
					    NULL };

	ck_assert_str_eq(parse_suggest("assoc", keys), "ways");
	ck_assert_str_eq(parse_suggest("block", keys), "line");
	ck_assert_str_eq(parse_suggest("repl", keys), "replace");
	ck_assert_str_eq(parse_suggest("raed", dirs), "read");
	ck_assert_str_eq(parse_suggest("store", dirs), "write");
	ck_assert_str_eq(parse_suggest("siez", keys), "size");
	/* A synonym whose word is not a candidate suggests nothing. */
	ck_assert_ptr_null(parse_suggest("assoc", dirs));
	ck_assert_int_eq(util_edit_distance("raed", "read", 9), 1);
	ck_assert_int_eq(util_edit_distance("raed", "seed", 9), 2);
	ck_assert_int_eq(util_edit_distance("abc", "abc", 9), 0);
	ck_assert_int_eq(util_edit_distance("kitten", "sitting", 9), 3);
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
	tcase_add_test(tc, directive_access_is_declared);
	tcase_add_test(tc, event_kind_table);
	suite_add_tcase(s, tc);
	tc = tcase_create("config_order");
	tcase_add_test(tc, config_in_any_order);
	suite_add_tcase(s, tc);
	tc = tcase_create("suggestions");
	tcase_add_test(tc, suggestions_know_synonyms);
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
