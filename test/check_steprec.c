/*
 * check_steprec.c: step records (steprec.h, engine_record): each section
 * says in fields what the step's narration says in words.
 */
#include <check.h>
#include <string.h>

#include "core/engine.h"
#include "core/steprec.h"
#include "core/vm.h"
#include "test_util.h"

/* The record of step k, after going there. */
static void at(struct engine *e, size_t k, struct step_record *r)
{
	engine_goto(e, k);
	engine_record(e, r);
	ck_assert_uint_eq(r->step, k);
}

START_TEST(refs_fault_victim_and_hit)
{
	struct program *p;
	struct engine *e = tu_engine("frames 2\nreplace fifo\n"
				     "refs 1 2 1 3\n",
				     &p);
	struct step_record r;

	at(e, 1, &r);
	ck_assert_uint_eq(r.has, STEPREC_ACCESS);
	ck_assert_int_eq(r.access.kind, VM_REF);
	ck_assert(r.access.translated);
	ck_assert_uint_eq(r.access.vpn, 1);
	ck_assert_int_eq(r.access.fault, STEPREC_FAULT_ZERO_FILL);
	ck_assert(!r.access.evicted);
	ck_assert_uint_eq(r.access.frame, 0);
	at(e, 3, &r);
	ck_assert_int_eq(r.access.fault, STEPREC_FAULT_NONE);
	ck_assert_uint_eq(r.access.frame, 0);
	/* 3 replaces the oldest page, 1, in frame 0: FIFO's choice */
	at(e, 4, &r);
	ck_assert_int_eq(r.access.fault, STEPREC_FAULT_ZERO_FILL);
	ck_assert(r.access.evicted);
	ck_assert_uint_eq(r.access.victim_vpn, 1);
	ck_assert_uint_eq(r.access.victim_frame, 0);
	ck_assert_int_eq(r.access.victim_policy, REPLACE_FIFO);
	ck_assert_uint_eq(r.access.frame, 0);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(whole_path_with_caches)
{
	struct program *p;
	struct engine *e = tu_engine("page-size 4K\nframes 2\n"
				     "pagetable levels=2\ntlb entries=4\n"
				     "cache L1 size=1K line=64 ways=2\n"
				     "cache L2 size=4K line=64 ways=4\n"
				     "write 0x1008\nread 0x1010\n",
				     &p);
	struct step_record r;

	at(e, 1, &r);
	ck_assert_uint_eq(r.has, STEPREC_ACCESS);
	ck_assert_int_eq(r.access.kind, VM_WRITE);
	ck_assert_uint_eq(r.access.vaddr, 0x1008);
	ck_assert_uint_eq(r.access.vpn, 1);
	ck_assert_uint_eq(r.access.offset, 8);
	ck_assert_int_eq(r.access.tlb, VM_TLB_MISS);
	ck_assert_uint_ge(r.access.walk_levels, 1);
	ck_assert_int_eq(r.access.fault, STEPREC_FAULT_ZERO_FILL);
	ck_assert(r.access.has_paddr);
	ck_assert_uint_eq(r.access.paddr, (uint64_t)r.access.frame * 4096 + 8);
	ck_assert_uint_eq(r.access.nlevels, 2);
	ck_assert(!r.access.level[0].hit);
	ck_assert_uint_eq(r.access.level[0].miss_class, 1); /* compulsory */
	ck_assert(r.access.level[0].filled);
	ck_assert_uint_eq(r.access.level[0].set, (r.access.paddr >> 6) % 8);
	ck_assert_uint_eq(r.access.level[1].level, 1);
	ck_assert_uint_eq(r.access.cost.total_ns,
			  engine_machine(e)->cache.last.cost_ns);
	ck_assert_uint_gt(r.access.cost.hierarchy_ns, 0);
	/* same line, same page: TLB hit and L1 hit, nothing below */
	at(e, 2, &r);
	ck_assert_int_eq(r.access.tlb, VM_TLB_HIT);
	ck_assert_int_eq(r.access.fault, STEPREC_FAULT_NONE);
	ck_assert_uint_eq(r.access.nlevels, 1);
	ck_assert(r.access.level[0].hit);
	ck_assert_uint_eq(r.access.level[0].miss_class, 0);
	ck_assert_uint_eq(r.access.cost.walk_ns, 0);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(heap_request_split_and_errors)
{
	struct program *p;
	struct engine *e = tu_engine("heap policy=first-fit size=1K\n"
				     "malloc a 24\nfree a\nfree a\n",
				     &p);
	struct step_record r;

	at(e, 1, &r);
	ck_assert_uint_eq(r.has, STEPREC_HEAP);
	ck_assert(r.heap.has_addr);
	ck_assert(!r.heap.failed);
	ck_assert_uint_eq(r.heap.size, 24);
	ck_assert_uint_gt(r.heap.addr, 0);
	ck_assert_uint_eq(r.heap.splits, 1);
	ck_assert_ptr_null(r.heap.error);
	at(e, 2, &r);
	ck_assert(!r.heap.has_addr);
	ck_assert_uint_ne(r.heap.block, 0);
	at(e, 3, &r);
	ck_assert_str_eq(r.heap.error, "double-free");
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(stack_push_and_pop)
{
	struct program *p;
	struct engine *e = tu_engine("call main\ncall f n=3\nlocal x 4\n"
				     "ret\n",
				     &p);
	struct step_record r;

	at(e, 2, &r);
	ck_assert_uint_eq(r.has, STEPREC_STACK);
	ck_assert(r.stack.pushed);
	ck_assert_int_eq(r.stack.frame, 1);
	ck_assert_uint_eq(r.stack.slots, 3); /* n, return address, fp */
	at(e, 3, &r);
	ck_assert(!r.stack.pushed);
	ck_assert_uint_eq(r.stack.slots, 1);
	at(e, 4, &r);
	ck_assert(r.stack.popped);
	ck_assert_int_eq(r.stack.frame, 1);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(gc_marked_freed_moved)
{
	struct program *p;
	struct engine *e = tu_engine("gc copying heap=256\nnew A 32\n"
				     "new junk 32\nunroot junk\ngc\n",
				     &p);
	struct step_record r;
	size_t k, moved = 0, freed = 0;

	for (k = 4; k <= engine_count(e); k++) {
		at(e, k, &r);
		ck_assert(r.has & STEPREC_GC);
		ck_assert_ptr_nonnull(r.gc.phase_name);
		moved += r.gc.moved;
		freed += r.gc.freed;
	}
	ck_assert_uint_eq(moved, 1); /* A survives, copied */
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

/* A step's record is the same from wherever it is asked for. */
START_TEST(record_at_equals_record_there)
{
	static const char *const scenarios[] = {
		"frames 3\nreplace lru\nrefs 1 2 3 4 1 2 5 1 2 3 4 5\n",
		"page-size 4K\nframes 2\ntlb entries=2\n"
		"cache L1 size=512 line=64 ways=2\n"
		"write 0x1000\nread 0x2000\nread 0x3000\nread 0x1000\n",
		"heap policy=best-fit size=512\nmalloc a 40\nmalloc b 8\n"
		"free a\nmalloc c 16\n",
	};
	size_t i, k;

	for (i = 0; i < sizeof scenarios / sizeof scenarios[0]; i++) {
		struct program *p;
		struct engine *e = tu_engine(scenarios[i], &p);
		size_t n = engine_count(e);

		for (k = 1; k <= n; k++) {
			struct step_record here, there;
			at(e, k, &here);
			engine_goto(e, n - k);
			ck_assert(engine_record_at(e, k, &there));
			ck_assert_uint_eq(engine_pos(e), n - k);
			ck_assert_int_eq(memcmp(&here, &there, sizeof here), 0);
		}
		{
			struct step_record none;
			ck_assert(!engine_record_at(e, n + 1, &none));
			ck_assert_uint_eq(none.has, 0);
		}
		engine_destroy(e);
		program_destroy(p);
	}
}
END_TEST

Suite *steprec_suite(void)
{
	Suite *s = suite_create("steprec");
	TCase *tc = tcase_create("access");

	tcase_add_test(tc, refs_fault_victim_and_hit);
	tcase_add_test(tc, whole_path_with_caches);
	suite_add_tcase(s, tc);
	tc = tcase_create("heap");
	tcase_add_test(tc, heap_request_split_and_errors);
	suite_add_tcase(s, tc);
	tc = tcase_create("stack");
	tcase_add_test(tc, stack_push_and_pop);
	suite_add_tcase(s, tc);
	tc = tcase_create("gc");
	tcase_add_test(tc, gc_marked_freed_moved);
	suite_add_tcase(s, tc);
	tc = tcase_create("engine");
	tcase_add_test(tc, record_at_equals_record_there);
	suite_add_tcase(s, tc);
	return s;
}
