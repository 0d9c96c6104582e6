/*
 * check_slab.c: slab caches.  Partial slabs first (lowest address), then
 * empty, then a new slab; lowest free slot inside a slab; malloc under
 * policy=slab picks the smallest cache that fits; caches under another
 * policy take their slabs from it; compaction moves slabs and the names
 * of their objects follow; a property test with random allocations.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/directive.h"
#include "core/heap.h"
#include "core/machine.h"
#include "test_util.h"

static uint64_t addr_of(const struct heap *h, const struct program *p,
			const char *name)
{
	uint64_t a = 0;

	ck_assert(heap_resolve(h, program_lookup(p, name), &a));
	return a;
}

#define SLAB "heap size=1K base=0x1000 policy=slab\nslab obj size=32 per-slab=4\n"

START_TEST(partial_then_empty_then_new)
{
	struct program *p;
	struct engine *e = tu_engine(SLAB
				     "malloc a from=obj\nmalloc b from=obj\n"
				     "malloc c from=obj\nmalloc d from=obj\n"
				     "malloc e from=obj\nfree b\nmalloc f from=obj\n"
				     "free e\nmalloc g from=obj\nmalloc h from=obj\n",
				     &p);
	const struct heap *h;

	engine_goto(e, tu_last_written(e));
	h = &engine_machine(e)->heap;
	ck_assert_uint_eq(addr_of(h, p, "a"), 0x1000);
	ck_assert_uint_eq(addr_of(h, p, "e"), 0x1080); /* freed: dangling */
	ck_assert_uint_eq(addr_of(h, p, "f"), 0x1020); /* b's slot again */
	/* slab 1 full, slab 2 empty after free e: g reuses it */
	ck_assert_uint_eq(addr_of(h, p, "g"), 0x1080);
	ck_assert_uint_eq(addr_of(h, p, "h"), 0x10a0); /* partial slab 2 */
	ck_assert_uint_eq(h->nslabs, 2);
	ck_assert_uint_eq(h->caches[0].objects, 6);
	ck_assert_ptr_null(heap_check(h));
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(malloc_picks_smallest_cache)
{
	struct program *p;
	struct engine *e = tu_engine("heap size=4K base=0x1000 policy=slab\n"
				     "slab big size=256 per-slab=2\n"
				     "slab small size=24 per-slab=8\n"
				     "malloc a 20\nmalloc b 100\nmalloc c 300\n",
				     &p);
	const struct heap *h;
	struct heap_totals t;

	engine_goto(e, tu_last_written(e));
	h = &engine_machine(e)->heap;
	ck_assert_uint_eq(addr_of(h, p, "a"), 0x1000);
	ck_assert_uint_eq(addr_of(h, p, "b"), 0x1000 + 24 * 8);
	ck_assert_uint_eq(heap_name(h, program_lookup(p, "c"))->state,
			  HEAP_NAME_NULL);
	ck_assert_str_eq(h->last.error, "no-cache");
	heap_totals(h, &t);
	ck_assert_uint_eq(t.in_use, 24 * 8 + 512);
	ck_assert_uint_eq(t.wasted, 24 * 8 + 512 - 20 - 100);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(cache_on_first_fit_and_compaction)
{
	struct program *p;
	struct engine *e = tu_engine("heap size=1K base=0x1000 header=8\n"
				     "malloc x 24\nslab s size=16 per-slab=2\n"
				     "malloc o1 from=s\nmalloc o2 from=s\n"
				     "free x\ncompact\n",
				     &p);
	const struct heap *h;

	engine_goto(e, 4);
	h = &engine_machine(e)->heap;
	/* the slab is a 40-byte block after x's 32 */
	ck_assert_uint_eq(addr_of(h, p, "o1"), 0x1000 + 32 + 8);
	ck_assert_uint_eq(addr_of(h, p, "o2"), 0x1000 + 32 + 8 + 16);
	engine_goto(e, 6);
	h = &engine_machine(e)->heap;
	ck_assert_uint_eq(addr_of(h, p, "o1"), 0x1008);
	ck_assert_uint_eq(addr_of(h, p, "o2"), 0x1018);
	ck_assert_ptr_null(heap_check(h));
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(unknown_cache_is_a_scenario_error)
{
	struct diag d;
	struct program *p = tu_parse("malloc a from=nope\n", &d);

	ck_assert_ptr_nonnull(p);
	ck_assert_ptr_null(engine_create(p, &d, 0));
	ck_assert(tu_has(&d, "no slab cache named `nope`"));
	diag_free(&d);
	program_destroy(p);
}
END_TEST

START_TEST(random_slab)
{
	struct heap_config cfg = { .size_bytes = 8192, .base = 0x2000,
				   .policy = (_i & 1) ? HEAP_SLAB : HEAP_BEST_FIT,
				   .align = 8, .header_bytes = (_i & 1) ? 0 : 8,
				   .coalesce = true };
	struct program *p = program_create("t");
	struct heap h;
	struct exec_ctx x;
	struct step st;
	uint32_t names[64], caches[3];
	unsigned r = (unsigned)_i * 1237u + 5;
	size_t i;

	memset(&x, 0, sizeof x);
	memset(&st, 0, sizeof st);
	x.prog = p;
	x.step = &st;
	x.limit = SIZE_MAX;
	for (i = 0; i < 64; i++) {
		char n[8];
		snprintf(n, sizeof n, "o%zu", i);
		names[i] = program_intern(p, n, strlen(n));
	}
	caches[0] = program_intern(p, "c16", 3);
	caches[1] = program_intern(p, "c64", 3);
	caches[2] = program_intern(p, "c200", 4);
	heap_init(&h, &cfg);
	heap_cache_create(&h, caches[0], 16, 8, &x);
	heap_cache_create(&h, caches[1], 64, 4, &x);
	heap_cache_create(&h, caches[2], 200, 2, &x);
	for (i = 0; i < 3000; i++) {
		uint32_t sym;
		const char *why;
		r = r * 1103515245u + 12345u;
		sym = names[(r >> 8) % 64];
		x.nevents = 0;
		if (heap_name(&h, sym)->state == HEAP_NAME_LIVE) {
			if ((r >> 20) % 7 == 0)
				heap_compact(&h, &x);
			else if ((r >> 20) % 7 == 1)
				heap_realloc(&h, sym, 1 + (r >> 4) % 200, 1, &x);
			else
				heap_free_name(&h, sym, false, 0, &x);
		} else if (cfg.policy == HEAP_SLAB) {
			heap_malloc(&h, sym, 1 + (r >> 4) % 200, false, 1, &x);
		} else {
			heap_cache_alloc(&h, sym, caches[(r >> 4) % 3], 1, &x);
		}
		why = heap_check(&h);
		ck_assert_msg(why == NULL, "op %zu: %s", i, why);
	}
	heap_free(&h);
	free(x.events);
	program_destroy(p);
}
END_TEST

Suite *slab_suite(void)
{
	Suite *s = suite_create("slab");
	TCase *tc = tcase_create("examples");

	tcase_add_test(tc, partial_then_empty_then_new);
	tcase_add_test(tc, malloc_picks_smallest_cache);
	tcase_add_test(tc, cache_on_first_fit_and_compaction);
	tcase_add_test(tc, unknown_cache_is_a_scenario_error);
	suite_add_tcase(s, tc);
	tc = tcase_create("properties");
	tcase_add_loop_test(tc, random_slab, 0, 8);
	suite_add_tcase(s, tc);
	return s;
}
