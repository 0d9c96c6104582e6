/*
 * check_buddy.c: the buddy allocator.  A hand-worked 64K example (splits
 * on demand, lowest address first, merges on free, stopping at a buddy in
 * use), internal fragmentation per block, realloc within the block, and a
 * property test: random malloc/free sequences keep every block a power of
 * two aligned to its size, with no two free buddies left unmerged.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/directive.h"
#include "core/heap.h"
#include "core/machine.h"
#include "test_util.h"

static const char *free_list(const struct heap *h)
{
	static char buf[1024];
	size_t off = 0;
	uint32_t i;

	buf[0] = '\0';
	for (i = heap_free_first(h); i != HEAP_NIL; i = heap_free_next(h, i))
		off += (size_t)snprintf(buf + off, sizeof buf - off, "%s%llx:%llu",
					off ? " " : "",
					(unsigned long long)heap_block(h, i)->addr,
					(unsigned long long)heap_block(h, i)->size);
	return buf;
}

#define BUDDY "heap size=64K base=0x10000 policy=buddy min=1K\n"

START_TEST(splits_and_merges)
{
	struct program *p;
	struct engine *e = tu_engine(BUDDY "malloc a 3K\nmalloc b 7K\n"
				     "malloc c 1000\nfree a\nfree c\nfree b\n",
				     &p);
	const struct heap *h;
	struct heap_totals t;

	engine_goto(e, 1);
	h = &engine_machine(e)->heap;
	ck_assert_str_eq(free_list(h), "11000:4096 12000:8192 14000:16384 18000:32768");
	ck_assert_uint_eq(engine_event_count(e), 1 + 4 + 1 + 1);
	engine_goto(e, 3);
	h = &engine_machine(e)->heap;
	ck_assert_str_eq(free_list(h), "11400:1024 11800:2048 14000:16384 18000:32768");
	heap_totals(h, &t);
	ck_assert_uint_eq(t.wasted, 1024 + 1024 + 24);
	ck_assert_uint_eq(t.in_use, 4096 + 8192 + 1024);
	engine_goto(e, 4); /* a's buddy (0x11000) is split: no merge */
	ck_assert_str_eq(free_list(&engine_machine(e)->heap),
			 "10000:4096 11400:1024 11800:2048 14000:16384 18000:32768");
	engine_goto(e, 5); /* c merges up to 8K, stops at b */
	ck_assert_str_eq(free_list(&engine_machine(e)->heap),
			 "10000:8192 14000:16384 18000:32768");
	engine_goto(e, 6);
	ck_assert_str_eq(free_list(&engine_machine(e)->heap), "10000:65536");
	ck_assert_uint_eq(engine_machine(e)->heap.merges, 6);
	ck_assert_ptr_null(heap_check(&engine_machine(e)->heap));
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(lowest_address_among_equals)
{
	struct program *p;
	struct engine *e = tu_engine(BUDDY "malloc a 1K\nmalloc b 1K\n"
				     "malloc c 1K\nfree a\nmalloc d 1K\n", &p);
	uint64_t addr;

	engine_goto(e, engine_count(e));
	ck_assert(heap_resolve(&engine_machine(e)->heap,
			       program_lookup(p, "d"), &addr));
	ck_assert_uint_eq(addr, 0x10000);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(realloc_within_block)
{
	struct program *p;
	struct engine *e = tu_engine(BUDDY "malloc a 1100\nrealloc a 2000\n"
				     "realloc a 3000\n", &p);
	const struct heap *h;
	uint64_t addr;

	engine_goto(e, 2);
	h = &engine_machine(e)->heap;
	ck_assert(heap_resolve(h, program_lookup(p, "a"), &addr));
	ck_assert_uint_eq(addr, 0x10000);
	engine_goto(e, 3); /* 3000 needs 4K: moves */
	h = &engine_machine(e)->heap;
	ck_assert(heap_resolve(h, program_lookup(p, "a"), &addr));
	ck_assert_uint_eq(addr, 0x11000);
	ck_assert_ptr_null(heap_check(h));
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(random_buddy)
{
	struct heap_config cfg = { .size_bytes = 1u << (12 + _i % 4),
				   .base = 0x100000, .policy = HEAP_BUDDY,
				   .align = 8, .header_bytes = (_i & 1) * 8,
				   .buddy_min = 16u << (_i % 3) };
	struct program *p = program_create("t");
	struct heap h;
	struct exec_ctx x;
	struct step st;
	uint32_t names[48];
	unsigned r = (unsigned)_i * 977u + 1;
	size_t i;

	memset(&x, 0, sizeof x);
	memset(&st, 0, sizeof st);
	x.prog = p;
	x.step = &st;
	x.limit = SIZE_MAX;
	x.quiet = true;
	for (i = 0; i < 48; i++) {
		char n[8];
		snprintf(n, sizeof n, "b%zu", i);
		names[i] = program_intern(p, n, strlen(n));
	}
	heap_init(&h, &cfg);
	for (i = 0; i < 3000; i++) {
		uint32_t sym;
		const char *why;
		r = r * 1103515245u + 12345u;
		sym = names[(r >> 8) % 48];
		x.nevents = 0;
		if (heap_name(&h, sym)->state == HEAP_NAME_LIVE)
			heap_free_name(&h, sym, false, 0, &x);
		else
			heap_malloc(&h, sym, 1 + (r >> 4) % (cfg.size_bytes / 8),
				    false, 1, &x);
		why = heap_check(&h);
		ck_assert_msg(why == NULL, "op %zu: %s", i, why);
	}
	heap_free(&h);
	free(x.events);
	program_destroy(p);
}
END_TEST

Suite *buddy_suite(void)
{
	Suite *s = suite_create("buddy");
	TCase *tc = tcase_create("examples");

	tcase_add_test(tc, splits_and_merges);
	tcase_add_test(tc, lowest_address_among_equals);
	tcase_add_test(tc, realloc_within_block);
	suite_add_tcase(s, tc);
	tc = tcase_create("properties");
	tcase_add_loop_test(tc, random_buddy, 0, 12);
	suite_add_tcase(s, tc);
	return s;
}
