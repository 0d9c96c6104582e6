/*
 * check_preset.c: state given up front.  `pte` entries and exam-style
 * translation (an invalid page or a refused access is an error step and
 * the run goes on; no demand paging; no kernel half; the walk goes
 * through the inner tables the entries created), small address spaces,
 * `frame` presets (the FIFO order of the lines, R and M bits), and the
 * parse errors.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "core/engine.h"
#include "core/machine.h"
#include "core/vm.h"
#include "test_util.h"

/* The vm record after step k. */
static const struct vm_last *after(struct engine *e, size_t k)
{
	engine_goto(e, k);
	return &engine_machine(e)->vm.last;
}

START_TEST(test_pte_translates)
{
	struct program *p;
	struct engine *e = tu_engine("page-size 1K\naddress-bits 14\nframes 32\n"
				     "pte 0 5\npte 2 0x1f prot=r--\n"
				     "read 0x123\nread 0x810\n", &p);
	const struct vm_last *l = after(e, 1);

	ck_assert(l->has_paddr);
	ck_assert_uint_eq(l->paddr, 5 * 1024 + 0x123);
	ck_assert(!l->fault);
	l = after(e, 2);
	ck_assert_uint_eq(l->paddr, 0x1f * 1024 + 0x10);
	ck_assert_uint_eq(engine_machine(e)->vm.st.page_faults, 0);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(test_invalid_goes_on)
{
	struct program *p;
	struct engine *e = tu_engine("page-size 1K\naddress-bits 14\nframes 32\n"
				     "pte 0 5\npte 1 invalid\n"
				     "read 0x523\nread 0x3fff\nread 0x10\n", &p);
	const struct vm_last *l = after(e, 1);

	ck_assert(l->invalid);
	ck_assert(!l->has_paddr);
	ck_assert(engine_flags(e, 1) & EVF_ERROR);
	/* Not listed at all: invalid too, no demand-zero page. */
	l = after(e, 2);
	ck_assert(l->invalid && !l->has_paddr && !l->zero_filled);
	ck_assert(!l->protection);
	ck_assert(engine_flags(e, 2) & EVF_ERROR);
	/* The run went on. */
	ck_assert_uint_eq(engine_count(e), 3);
	l = after(e, 3);
	ck_assert(l->has_paddr);
	ck_assert_uint_eq(l->paddr, 5 * 1024 + 0x10);
	ck_assert_uint_eq(engine_machine(e)->errors, 2);
	ck_assert(!engine_machine(e)->halted);
	ck_assert(engine_machine(e)->vm.procs[0].alive);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(test_protection_goes_on)
{
	struct program *p;
	struct engine *e = tu_engine("page-size 1K\naddress-bits 14\n"
				     "pte 2 3 prot=r--\nwrite 0x810\nread 0x810\n", &p);
	const struct vm_last *l = after(e, 1);

	/* The protection refused it (the frames pane says so), not a
	 * missing entry. */
	ck_assert(l->invalid && l->protection && !l->has_paddr);
	l = after(e, 2);
	ck_assert(l->has_paddr && !l->invalid && !l->protection);
	ck_assert_uint_eq(l->paddr, 3 * 1024 + 0x10);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(test_no_kernel_half)
{
	struct program *p;
	struct engine *e = tu_engine("page-size 16\naddress-bits 8\n"
				     "pte 0xf 2\nread 0xf4\n", &p);
	const struct vm_last *l = after(e, 1);

	ck_assert(l->has_paddr);
	ck_assert_uint_eq(l->paddr, 2 * 16 + 4);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(test_two_levels)
{
	struct program *p;
	struct engine *e = tu_engine("page-size 16\naddress-bits 8\n"
				     "pagetable levels=2\ntlb off\n"
				     "pte 0x3 7\npte 0xa 2\n"
				     "read 0x35\nread 0x77\n", &p);
	const struct vm_last *l = after(e, 1);

	ck_assert_uint_eq(l->walk_level, 2);
	ck_assert_uint_eq(l->paddr, 0x75);
	/* Top-level entry 1 is empty: the walk stops at level 1. */
	l = after(e, 2);
	ck_assert_uint_eq(l->walk_level, 1);
	ck_assert(l->invalid && !l->has_paddr);
	/* The root and two inner tables, made by the entries. */
	ck_assert_uint_eq(engine_machine(e)->vm.pt.ntables, 3);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(test_frames_needed)
{
	struct program *p;
	struct engine *e = tu_engine("page-size 1K\naddress-bits 14\n"
				     "pte 1 40\nread 0x400\n", &p);

	/* Memory grows to hold the preset frame when `frames` is not given. */
	ck_assert_uint_eq(engine_machine(e)->vm.g.frames, 41);
	ck_assert_uint_eq(after(e, 1)->paddr, 40 * 1024);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(test_frame_fifo_order)
{
	struct program *p;
	/* Loaded in line order 2, 0, 1: FIFO evicts frame 2's page first. */
	struct engine *e = tu_engine("frames 3\nreplace fifo\n"
				     "frame 2 7\nframe 0 8\nframe 1 9\n"
				     "refs 8 5 6\n", &p);
	const struct vm_last *l = after(e, 1);

	ck_assert(l->hit);
	l = after(e, 2);
	ck_assert(l->evicted);
	ck_assert_uint_eq(l->evicted_vpn, 7);
	l = after(e, 3);
	ck_assert_uint_eq(l->evicted_vpn, 8);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(test_frame_clock_bits)
{
	struct program *p;
	/* R=1 on frame 0 gives it a second chance; frame 1 (R=0) goes. */
	struct engine *e = tu_engine("frames 3\nreplace clock\n"
				     "frame 0 1 referenced\nframe 1 2\n"
				     "frame 2 3 dirty\nrefs 4\n", &p);
	const struct vm_last *l = after(e, 1);

	ck_assert(l->evicted);
	ck_assert_uint_eq(l->evicted_vpn, 2);
	ck_assert(!l->writeback);
	engine_goto(e, 0);
	ck_assert(engine_machine(e)->vm.fr.f[2].dirty);
	ck_assert(!engine_machine(e)->vm.fr.f[1].referenced);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

static void expect_error(const char *text, const char *needle)
{
	struct diag d;
	struct program *p = tu_parse(text, &d);

	ck_assert_msg(p == NULL, "accepted: %s", text);
	ck_assert_msg(tu_has(&d, needle), "no '%s' in: %s", needle,
		      d.count ? d.lines[0] : "(nothing)");
	diag_free(&d);
}

START_TEST(test_errors)
{
	expect_error("page-size 1K\naddress-bits 14\npte 16 1\nread 0\n",
		     "page 16 does not exist");
	expect_error("frames 4\npte 1 4\nread 0\n", "frame 4 does not exist");
	expect_error("pte 1 2\npte 1 3\nread 0\n", "page 1 is already given on line 1");
	expect_error("pte 1 2\npte 3 2\nread 0\n", "frame 2 already holds page 1");
	expect_error("pte 1 2 prot=rwz\nread 0\n", "prot= takes");
	expect_error("pte 1 2 clean\nread 0\n", "expected prot=PROT, dirty or referenced");
	expect_error("pte 1 invalid dirty\nread 0\n", "an invalid entry takes nothing more");
	expect_error("frame 0 1 prot=r--\nrefs 1\n", "expected dirty or referenced");
	expect_error("pte 1 2\nframes 2\nread 0\n", "the preset pages need 3 frames");
}
END_TEST

Suite *preset_suite(void)
{
	Suite *s = suite_create("preset");
	TCase *tc;

	tc = tcase_create("pte");
	tcase_add_test(tc, test_pte_translates);
	tcase_add_test(tc, test_frames_needed);
	suite_add_tcase(s, tc);
	tc = tcase_create("exam");
	tcase_add_test(tc, test_invalid_goes_on);
	tcase_add_test(tc, test_protection_goes_on);
	tcase_add_test(tc, test_no_kernel_half);
	suite_add_tcase(s, tc);
	tc = tcase_create("levels");
	tcase_add_test(tc, test_two_levels);
	suite_add_tcase(s, tc);
	tc = tcase_create("frame");
	tcase_add_test(tc, test_frame_fifo_order);
	tcase_add_test(tc, test_frame_clock_bits);
	suite_add_tcase(s, tc);
	tc = tcase_create("errors");
	tcase_add_test(tc, test_errors);
	suite_add_tcase(s, tc);
	return s;
}
