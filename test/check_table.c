/*
 * check_table.c: the textbook's tables.  The reference grid of Belady's
 * string as a textbook prints it, the translation table of an exam with
 * an invalid page, CSV quoting, the heap table's NULL, and a scenario
 * of several models giving one table per model.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "core/engine.h"
#include "core/table.h"
#include "test_util.h"

/* The tables of `text`, written as text or CSV (caller frees). */
static char *tables_text(const char *text, bool csv)
{
	struct program *p;
	struct engine *e = tu_engine(text, &p);
	struct table t[TABLE_MODELS];
	struct strbuf sb;
	int i;

	strbuf_init(&sb);
	table_build(e, t);
	table_write(t, csv, &sb);
	for (i = 0; i < TABLE_MODELS; i++)
		table_free(&t[i]);
	engine_destroy(e);
	program_destroy(p);
	return strbuf_detach(&sb);
}

START_TEST(test_belady_grid)
{
	char *s = tables_text("frames 3\nreplace fifo\nrefs 1 2 3 4 1 2 5 1 2 3 4 5\n",
			      false);

	ck_assert_str_eq(s,
		"Page references\n"
		"ref      1  2  3  4  1  2  5  1  2  3  4  5\n"
		"frame 0  1  1  1  4  4  4  5  5  5  5  5  5\n"
		"frame 1     2  2  2  1  1  1  1  1  3  3  3\n"
		"frame 2        3  3  3  2  2  2  2  2  4  4\n"
		"fault    F  F  F  F  F  F  F        F  F\n"
		"evicted           1  2  3  4        1  2\n");
	free(s);
}
END_TEST

START_TEST(test_translation)
{
	char *s = tables_text("page-size 16\naddress-bits 8\npagetable levels=2\n"
			      "tlb off\npte 0x3 7\nread 0x35\nread 0x77\n",
			      false);

	ck_assert_str_eq(s,
		"Address translation\n"
		"VA    VPN  offset  TLB  L1 index  L2 index  PFN      PA\n"
		"0x35  0x3  0x5     -    0x0       0x3       7        0x75\n"
		"0x77  0x7  0x7     -    0x1       0x3       invalid  -\n");
	free(s);
}
END_TEST

START_TEST(test_csv)
{
	char *s = tables_text("heap size=64\nmalloc a 8\nmalloc b 100\nfree a\n",
			      true);

	ck_assert_str_eq(s,
		"# Heap operations\n"
		"request,address,free list after\n"
		"malloc a 8,0x10008,0x10010:48\n"
		"malloc b 100,NULL,0x10010:48\n"
		"free a,-,0x10000:64\n"
		"exit,-,0x10000:64\n");
	free(s);
	/* A cell with a comma is quoted. */
	s = tables_text("page-size 4K\nframes 2\ntlb off\nread 0x1000\n", true);
	ck_assert_str_eq(s,
		"# Address translation\n"
		"VA,VPN,offset,TLB,L1 index,L2 index,PFN,PA\n"
		"0x1000,0x1,0x0,-,0x0,0x1,\"fault, 0\",0x0\n");
	free(s);
}
END_TEST

START_TEST(test_models)
{
	char *s = tables_text("cache L1 size=64 line=16 ways=1\nframes 2\n"
			      "heap size=64\nrefs 1 2\nmalloc a 8\n", false);

	ck_assert_ptr_nonnull(strstr(s, "Page references\n"));
	ck_assert_ptr_nonnull(strstr(s, "\n\nHeap operations\n"));
	free(s);
}
END_TEST

Suite *table_suite(void)
{
	Suite *s = suite_create("table");
	TCase *tc;

	tc = tcase_create("refs");
	tcase_add_test(tc, test_belady_grid);
	suite_add_tcase(s, tc);
	tc = tcase_create("translate");
	tcase_add_test(tc, test_translation);
	suite_add_tcase(s, tc);
	tc = tcase_create("format");
	tcase_add_test(tc, test_csv);
	tcase_add_test(tc, test_models);
	suite_add_tcase(s, tc);
	return s;
}
