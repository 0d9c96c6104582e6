/*
 * check_trace.c: the lackey and din importers (records, ignored lines,
 * skip/limit/fetch, malformed din lines, chunk boundaries) and the
 * `trace` directive (paths relative to the scenario, grouped steps, a
 * modify as a load then a store).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/machine.h"
#include "core/trace.h"
#include "test_util.h"

static const char lackey_text[] =
	"==12345== Lackey, an example Valgrind tool\n"
	"==12345== Command: ./prog\n"
	"I  0401ab70,3\n"
	" S 1fff000628,8\n"
	" L 04c5a040,8\n"
	" M 0421d1d0,4\n"
	"hello from the program\n"
	"I  0401ab73,5\n"
	"==12345== \n";

START_TEST(lackey_records)
{
	struct trace_opts o = { TRACE_LACKEY, 0, 0, true };
	struct trace_buf b;
	char why[200];

	memset(&b, 0, sizeof b);
	ck_assert(trace_parse(&o, lackey_text, strlen(lackey_text), &b, why,
			      sizeof why));
	ck_assert_uint_eq(b.n, 5);
	ck_assert_int_eq(TRACE_KIND(b.refs[0]), TRACE_FETCH);
	ck_assert_uint_eq(TRACE_ADDR(b.refs[0]), 0x401ab70);
	ck_assert_uint_eq(TRACE_SIZE(b.refs[0]), 3);
	ck_assert_int_eq(TRACE_KIND(b.refs[1]), TRACE_WRITE);
	ck_assert_uint_eq(TRACE_ADDR(b.refs[1]), 0x1fff000628ull);
	ck_assert_uint_eq(TRACE_SIZE(b.refs[1]), 8);
	ck_assert_int_eq(TRACE_KIND(b.refs[2]), TRACE_READ);
	ck_assert_int_eq(TRACE_KIND(b.refs[3]), TRACE_MODIFY);
	ck_assert_uint_eq(TRACE_SIZE(b.refs[3]), 4);
	ck_assert_uint_eq(b.lines, 9);
	free(b.refs);
}
END_TEST

START_TEST(lackey_options)
{
	struct trace_opts o = { TRACE_LACKEY, 1, 2, false };
	struct trace_buf b;
	char why[200];

	memset(&b, 0, sizeof b);
	ck_assert(trace_parse(&o, lackey_text, strlen(lackey_text), &b, why,
			      sizeof why));
	/* fetches dropped, the first data reference skipped, two kept */
	ck_assert_uint_eq(b.n, 2);
	ck_assert_int_eq(TRACE_KIND(b.refs[0]), TRACE_READ);
	ck_assert_int_eq(TRACE_KIND(b.refs[1]), TRACE_MODIFY);
	ck_assert(trace_full(&o, &b));
	free(b.refs);
}
END_TEST

START_TEST(din_records)
{
	static const char text[] = "2 0\n0 1000\n1 70f60889\n# comment\n\n"
				   "4 10\nr 0x7ffd1000 8\nw 20\n";
	struct trace_opts o = { TRACE_DIN, 0, 0, true };
	struct trace_buf b;
	char why[200];

	memset(&b, 0, sizeof b);
	ck_assert(trace_parse(&o, text, strlen(text), &b, why, sizeof why));
	ck_assert_uint_eq(b.n, 6);
	ck_assert_int_eq(TRACE_KIND(b.refs[0]), TRACE_FETCH);
	ck_assert_uint_eq(TRACE_ADDR(b.refs[1]), 0x1000);
	ck_assert_uint_eq(TRACE_SIZE(b.refs[1]), 4);
	ck_assert_int_eq(TRACE_KIND(b.refs[2]), TRACE_WRITE);
	ck_assert_uint_eq(TRACE_ADDR(b.refs[2]), 0x70f60888); /* rounded */
	/* label 4: a control reference, kept in order */
	ck_assert(TRACE_IS_CONTROL(b.refs[3]));
	ck_assert_int_eq(TRACE_KIND(b.refs[3]), TRACE_COPYBACK);
	ck_assert_uint_eq(TRACE_ADDR(b.refs[3]), 0x10);
	ck_assert_uint_eq(TRACE_ADDR(b.refs[4]), 0x7ffd1000);
	ck_assert_uint_eq(TRACE_SIZE(b.refs[4]), 8);
	ck_assert_int_eq(TRACE_KIND(b.refs[5]), TRACE_WRITE);
	free(b.refs);
}
END_TEST

/* Labels 4 and 5 as Dinero IV reads them, upper-case labels, the
 * extended c/v forms (size 0: the whole cache); skip counts them. */
START_TEST(din_control_and_upper_case)
{
	static const char text[] = "5 2000\nR 1000\nW 0X1004\nI 30\n"
				   "M 40 4\nC 50 0\nv 60 4\nV 0 0\n";
	struct trace_opts o = { TRACE_DIN, 1, 0, true };
	struct trace_buf b;
	char why[200];

	memset(&b, 0, sizeof b);
	ck_assert_msg(trace_parse(&o, text, strlen(text), &b, why, sizeof why),
		      "%s", why);
	ck_assert_uint_eq(b.seen, 8);
	ck_assert_uint_eq(b.n, 7); /* the first (label 5) skipped */
	ck_assert_int_eq(TRACE_KIND(b.refs[0]), TRACE_READ);
	ck_assert_int_eq(TRACE_KIND(b.refs[1]), TRACE_WRITE);
	ck_assert_uint_eq(TRACE_ADDR(b.refs[1]), 0x1004);
	ck_assert_int_eq(TRACE_KIND(b.refs[2]), TRACE_FETCH);
	ck_assert_int_eq(TRACE_KIND(b.refs[3]), TRACE_READ);
	ck_assert(!TRACE_IS_CONTROL(b.refs[3]));
	ck_assert(TRACE_IS_CONTROL(b.refs[4]));
	ck_assert_int_eq(TRACE_KIND(b.refs[4]), TRACE_COPYBACK_ALL);
	ck_assert(TRACE_IS_CONTROL(b.refs[5]));
	ck_assert_int_eq(TRACE_KIND(b.refs[5]), TRACE_INVALIDATE);
	ck_assert_uint_eq(TRACE_ADDR(b.refs[5]), 0x60);
	ck_assert_int_eq(TRACE_KIND(b.refs[6]), TRACE_INVALIDATE_ALL);
	free(b.refs);
	/* the numeric label 5 when kept */
	o.skip = 0;
	memset(&b, 0, sizeof b);
	ck_assert(trace_parse(&o, text, 7, &b, why, sizeof why));
	ck_assert_uint_eq(b.n, 1);
	ck_assert_int_eq(TRACE_KIND(b.refs[0]), TRACE_INVALIDATE);
	ck_assert_uint_eq(TRACE_ADDR(b.refs[0]), 0x2000);
	free(b.refs);
}
END_TEST

/* More than TRACE_MAX_REFS references is an error naming the limit,
 * before any more memory is taken (the buffer is not touched). */
START_TEST(reference_limit)
{
	struct trace_opts o = { TRACE_DIN, 0, 0, true };
	struct trace_buf b;
	char why[200];

	memset(&b, 0, sizeof b);
	b.n = TRACE_MAX_REFS; /* as if full; refs is never written */
	ck_assert(!trace_parse(&o, "0 10\n", 5, &b, why, sizeof why));
	ck_assert_msg(strstr(why, "more than 67108864 references, the limit (512 MB"),
		      "%s", why);
	o.format = TRACE_LACKEY;
	b.too_many = false;
	ck_assert(!trace_parse(&o, " L 10,4\n", 8, &b, why, sizeof why));
	ck_assert(b.too_many);
}
END_TEST

START_TEST(din_bad_line)
{
	static const char text[] = "0 1000\n0 2000\nload 3000\n";
	struct trace_opts o = { TRACE_DIN, 0, 0, true };
	struct trace_buf b;
	char why[200];

	memset(&b, 0, sizeof b);
	ck_assert(!trace_parse(&o, text, strlen(text), &b, why, sizeof why));
	ck_assert_msg(strstr(why, "line 3 is not a din record"), "%s", why);
	free(b.refs);
}
END_TEST

/* Write `text` to a file in a fresh folder; returns the folder. */
static char *scratch(const char *name, const char *text, size_t len)
{
	char *dir = xstrdup("/tmp/memviz-trace-XXXXXX"), path[256];
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fwrite(text, 1, len, f);
	fclose(f);
	return dir;
}

static void cleanup(char *dir, const char *name)
{
	char path[256];

	snprintf(path, sizeof path, "%s/%s", dir, name);
	unlink(path);
	rmdir(dir);
	free(dir);
}

START_TEST(load_across_chunks)
{
	/* 200,000 lines (over 3 MB): crosses several 1 MB chunks. */
	struct strbuf sb;
	struct trace_opts o = { TRACE_LACKEY, 0, 0, true };
	struct trace_buf b;
	char why[300], path[256], *dir;
	size_t i;

	strbuf_init(&sb);
	for (i = 0; i < 200000; i++)
		strbuf_printf(&sb, " L %010zx,%zu\n", i * 8, i % 8 + 1);
	dir = scratch("big.lackey", sb.buf, sb.len);
	snprintf(path, sizeof path, "%s/big.lackey", dir);
	memset(&b, 0, sizeof b);
	ck_assert_msg(trace_load(path, &o, &b, why, sizeof why), "%s", why);
	ck_assert_uint_eq(b.n, 200000);
	for (i = 0; i < 200000; i++) {
		ck_assert_uint_eq(TRACE_ADDR(b.refs[i]), i * 8);
		ck_assert_uint_eq(TRACE_SIZE(b.refs[i]), i % 8 + 1);
	}
	free(b.refs);
	strbuf_free(&sb);
	cleanup(dir, "big.lackey");
	memset(&b, 0, sizeof b);
	ck_assert(!trace_load("/nonexistent/t.lackey", &o, &b, why, sizeof why));
	ck_assert_msg(strstr(why, "cannot open trace"), "%s", why);
}
END_TEST

START_TEST(directive_relative_path)
{
	char *dir = scratch("t.lackey", lackey_text, strlen(lackey_text));
	char scen[256];
	static const char text[] =
		"cache L1 size=1K line=64 ways=2\n"
		"trace t.lackey format=lackey\n";
	struct diag d;
	struct program *p;
	struct engine *e;
	const struct machine *m;
	const struct event *ev;
	size_t n;

	snprintf(scen, sizeof scen, "%s/s.mvs", dir);
	diag_init(&d, scen);
	p = scenario_parse(scen, text, strlen(text), &d);
	ck_assert_msg(p != NULL, "%s", d.count ? d.lines[0] : "?");
	ck_assert_uint_eq(p->nsteps, 5);
	e = engine_create(p, &d, 0);
	ck_assert_ptr_nonnull(e);
	engine_goto(e, 4); /* the modify: a load, then a store that hits */
	m = engine_machine(e);
	ck_assert_uint_eq(m->cache.last.refs, 2);
	ev = engine_events(e, &n);
	ck_assert_uint_eq(n, 2);
	ck_assert(strstr(ev[1].text, "Write 0x421d1d0: L1 hit") != NULL);
	ck_assert(m->cache.level[0].st.writes == 2);
	engine_destroy(e);
	program_destroy(p);
	diag_free(&d);

	/* grouped: 2 steps of up to 3 references */
	diag_init(&d, scen);
	p = scenario_parse(scen, "cache L1 size=1K\ntrace t.lackey group=3\n",
			   strlen("cache L1 size=1K\ntrace t.lackey group=3\n"),
			   &d);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(p->nsteps, 2);
	e = engine_create(p, &d, 0);
	engine_goto(e, 2);
	ev = engine_events(e, &n);
	ck_assert_uint_eq(n, 1);
	ck_assert_msg(strstr(ev[0].text, "2 trace references: L1 2 hits, 1 miss;"),
		      "%s", ev[0].text);
	engine_destroy(e);
	program_destroy(p);
	diag_free(&d);

	/* din through the directive, and a bad record's line */
	{
		static const char din[] = "0 1000\n1 1004\n2 2000\n";
		char *d2 = scratch("t.din", din, strlen(din));
		char s2[256];
		static const char t2[] = "trace t.din format=din fetch=off\n";
		snprintf(s2, sizeof s2, "%s/s.mvs", d2);
		diag_init(&d, s2);
		p = scenario_parse(s2, t2, strlen(t2), &d);
		ck_assert_ptr_nonnull(p);
		ck_assert_uint_eq(p->nsteps, 2);
		program_destroy(p);
		diag_free(&d);
		cleanup(d2, "t.din");
		d2 = scratch("t.din", "0 1000\nxyz\n", 11);
		snprintf(s2, sizeof s2, "%s/s.mvs", d2);
		diag_init(&d, s2);
		p = scenario_parse(s2, "trace t.din format=din\n", 22, &d);
		ck_assert_ptr_null(p);
		ck_assert(tu_has(&d, "s.mvs:1:7: error: line 2 is not a din record"));
		diag_free(&d);
		cleanup(d2, "t.din");
	}

	/* a missing file is an error at the file name */
	diag_init(&d, scen);
	p = scenario_parse(scen, "trace nope.lackey\n", 18, &d);
	ck_assert_ptr_null(p);
	ck_assert(tu_has(&d, "s.mvs:1:7: error: cannot open trace"));
	diag_free(&d);
	cleanup(dir, "t.lackey");
}
END_TEST

Suite *trace_suite(void)
{
	Suite *s = suite_create("trace");
	TCase *tc;

	tc = tcase_create("lackey");
	tcase_add_test(tc, lackey_records);
	tcase_add_test(tc, lackey_options);
	tcase_add_test(tc, load_across_chunks);
	suite_add_tcase(s, tc);
	tc = tcase_create("din");
	tcase_add_test(tc, din_records);
	tcase_add_test(tc, din_bad_line);
	suite_add_tcase(s, tc);
	tc = tcase_create("reference limit");
	tcase_add_test(tc, reference_limit);
	suite_add_tcase(s, tc);
	tc = tcase_create("din labels 4 and 5");
	tcase_add_test(tc, din_control_and_upper_case);
	suite_add_tcase(s, tc);
	tc = tcase_create("directive");
	tcase_add_test(tc, directive_relative_path);
	suite_add_tcase(s, tc);
	return s;
}
