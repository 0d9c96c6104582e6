/*
 * check_generate.c: generated exercises.  memviz's own generator gives
 * known numbers (so the same seed gives the same bytes everywhere); per
 * kind, the same seed gives the same scenario and different seeds
 * different ones; every scenario generated for many seeds and settings
 * loads with no errors and has exam size by default; bad keys and values
 * are refused naming the key and its range; and the answer key
 * (`--table`) agrees with what the steps did.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/engine.h"
#include "core/generate.h"
#include "core/machine.h"
#include "core/table.h"
#include "test_util.h"

/* Generate kind for seed with args; fails the test when refused. */
static char *gen(const char *kind, uint64_t seed, const char *const *args,
		 size_t nargs)
{
	struct strbuf sb;
	char err[256];

	strbuf_init(&sb);
	ck_assert_msg(generate(kind, seed, args, nargs, &sb, err, sizeof err),
		      "%s refused: %s", kind, err);
	return strbuf_detach(&sb);
}

/* Load a generated scenario, failing the test on any error. */
static struct engine *load(const char *text, struct program **pp)
{
	return tu_engine(text, pp);
}

START_TEST(test_rng_known_values)
{
	struct gen_rng r;

	/* splitmix64's published first outputs for seed 0. */
	gen_rng_seed(&r, 0);
	ck_assert_uint_eq(gen_rng_next(&r), 0xe220a8397b1dcdafull);
	ck_assert_uint_eq(gen_rng_next(&r), 0x6e789e6aa1b965f4ull);
	ck_assert_uint_eq(gen_rng_next(&r), 0x06c45d188009454full);
	gen_rng_seed(&r, 7);
	for (int i = 0; i < 1000; i++)
		ck_assert_uint_lt(gen_rng_below(&r, 6), 6);
}
END_TEST

START_TEST(test_deterministic)
{
	const char *kind = generate_kinds[_i];
	char *a = gen(kind, 42, NULL, 0), *b = gen(kind, 42, NULL, 0);
	char *c = gen(kind, 43, NULL, 0);

	ck_assert_str_eq(a, b);
	ck_assert_msg(strcmp(a, c) != 0, "%s: seeds 42 and 43 agree", kind);
	free(a);
	free(b);
	free(c);
}
END_TEST

START_TEST(test_valid_for_many_seeds)
{
	const char *kind = generate_kinds[_i];
	uint64_t seed;

	for (seed = 0; seed < 40; seed++) {
		char *text = gen(kind, seed, NULL, 0);
		struct program *p;
		struct engine *e = load(text, &p);
		size_t n = tu_last_written(e);
		/* Exam size: 10 to 20 steps by default. */
		ck_assert_msg(n >= 10 && n <= 20, "%s seed %llu: %zu steps",
			      kind, (unsigned long long)seed, n);
		ck_assert(p->config.title && p->config.about);
		ck_assert(p->nnotes >= 1);
		engine_destroy(e);
		program_destroy(p);
		free(text);
	}
}
END_TEST

/* Settings at the edges of their ranges still give valid scenarios. */
START_TEST(test_valid_settings)
{
	static const char *const sets[][4] = {
		{ "paging", "policy=opt", "frames=1", "length=40" },
		{ "paging", "policy=eclock", "writes=0.5", "pages=2" },
		{ "paging", "policy=random", "frames=8", "pages=16" },
		{ "translate", "levels=2", "address-bits=8", "page-size=16" },
		{ "translate", "address-bits=16", "page-size=4096", "valid=0" },
		{ "translate", "valid=1", "accesses=40", "page-size=256" },
		{ "malloc", "policy=best-fit", "size=128", "ops=40" },
		{ "malloc", "policy=worst-fit", "size=65536", "ops=4" },
		{ "malloc", "policy=next-fit", "ops=30", "size=300" },
		{ "buddy", "size=65536", "min=16", "ops=40" },
		{ "buddy", "size=256", "min=32", "ops=4" },
		{ "cache", "size=64", "line=4", "ways=16" },
		{ "cache", "write=through", "alloc=no-write", "replace=fifo" },
		{ "cache", "size=65536", "line=256", "accesses=40" },
		{ "gc", "algorithm=copying", "objects=12", "edges=24" },
		{ "gc", "algorithm=mark-compact", "objects=3", "roots=3" },
		{ "gc", "edges=0", "roots=1", "objects=12" },
	};
	size_t i;
	uint64_t seed;

	for (i = 0; i < sizeof sets / sizeof sets[0]; i++) {
		for (seed = 1; seed <= 5; seed++) {
			char *text = gen(sets[i][0], seed, sets[i] + 1, 3);
			struct program *p;
			struct engine *e = load(text, &p);
			engine_goto(e, engine_count(e));
			engine_destroy(e);
			program_destroy(p);
			free(text);
		}
	}
}
END_TEST

static void refused(const char *kind, const char *arg, const char *needle)
{
	struct strbuf sb;
	char err[256];
	const char *args[1] = { arg };

	strbuf_init(&sb);
	ck_assert_msg(!generate(kind, 1, args, arg ? 1 : 0, &sb, err, sizeof err),
		      "%s %s accepted", kind, arg ? arg : "");
	ck_assert_msg(strstr(err, needle), "no '%s' in: %s", needle, err);
	ck_assert_uint_eq(sb.len, 0);
	strbuf_free(&sb);
}

START_TEST(test_bad_keys)
{
	refused("nope", NULL, "the kinds are paging, translate");
	refused("paging", "frames=9", "frames takes 1..8");
	refused("paging", "frames=x", "frames takes 1..8");
	refused("paging", "frame=3", "unknown key `frame`");
	refused("paging", "frames", "no value for `frames`");
	refused("paging", "policy=lfu", "policy takes fifo|lru|clock");
	refused("paging", "writes=1.5", "writes takes 0..1");
	refused("translate", "page-size=100", "page-size takes a power of two 16..4096");
	refused("translate", "page-size=16", "leaves 10 page-number bits");
	refused("cache", "ways=3", "ways takes a power of two 1..16");
	refused("cache", "size=128K", "size takes a power of two 64..65536");
	refused("buddy", "min=4096", "min takes 16..128");
	refused("gc", "roots=7", "roots takes 1..6");
	refused("malloc", "policy=buddy", "policy takes first-fit|next-fit");
}
END_TEST

/* ---- the answer key agrees with the steps ---- */

static void tables_of(struct engine *e, struct table t[TABLE_MODELS])
{
	table_build(e, t);
}

static void free_tables(struct table t[TABLE_MODELS])
{
	int i;

	for (i = 0; i < TABLE_MODELS; i++)
		table_free(&t[i]);
}

static const char *cell(const struct table *t, size_t r, size_t c)
{
	const char *s = t->cell[r * t->ncols + c];

	return s ? s : "";
}

START_TEST(test_paging_table_agrees)
{
	uint64_t seed;

	for (seed = 1; seed <= 20; seed++) {
		const char *args[] = { "policy=lru", "frames=4" };
		char *text = gen("paging", seed, args, 2);
		struct program *p;
		struct engine *e = load(text, &p);
		struct table t[TABLE_MODELS];
		const struct table *g;
		size_t c, faults = 0, k;

		tables_of(e, t);
		g = &t[TABLE_REFS];
		ck_assert_uint_eq(g->ncols, engine_count(e) + 1);
		for (c = 1; c < g->ncols; c++)
			faults += strcmp(cell(g, g->nrows - 2, c), "F") == 0;
		ck_assert_uint_eq(faults, engine_machine(e)->vm.st.page_faults);
		/* Each column's frames are the memory after that step. */
		for (k = 1; k <= engine_count(e); k++) {
			const struct vm *vm;
			uint32_t f;
			engine_goto(e, k);
			vm = &engine_machine(e)->vm;
			for (f = 0; f + 3 < g->nrows; f++) {
				char want[24] = "";
				if (vm->fr.f[f].proc != FRAME_NONE)
					snprintf(want, sizeof want, "%llu",
						 (unsigned long long)vm->fr.f[f].vpn);
				ck_assert_str_eq(cell(g, f + 1, k), want);
			}
		}
		free_tables(t);
		engine_destroy(e);
		program_destroy(p);
		free(text);
	}
}
END_TEST

START_TEST(test_translate_table_agrees)
{
	uint64_t seed;

	for (seed = 1; seed <= 20; seed++) {
		const char *args[] = { seed % 2 ? "levels=2" : "levels=1" };
		char *text = gen("translate", seed, args, 1);
		struct program *p;
		struct engine *e = load(text, &p);
		struct table t[TABLE_MODELS];
		const struct table *a;
		size_t k;

		tables_of(e, t);
		a = &t[TABLE_ADDR];
		ck_assert_uint_eq(a->nrows, engine_count(e) + 1);
		for (k = 1; k <= engine_count(e); k++) {
			const struct vm_last *l;
			char pa[32] = "-";
			engine_goto(e, k);
			l = &engine_machine(e)->vm.last;
			if (l->has_paddr)
				snprintf(pa, sizeof pa, "0x%llx",
					 (unsigned long long)l->paddr);
			ck_assert_str_eq(cell(a, k, a->ncols - 1), pa);
			ck_assert_int_eq(strcmp(cell(a, k, a->ncols - 2), "invalid") == 0,
					 (engine_flags(e, k) & EVF_ERROR) != 0);
		}
		free_tables(t);
		engine_destroy(e);
		program_destroy(p);
		free(text);
	}
}
END_TEST

START_TEST(test_cache_table_agrees)
{
	uint64_t seed;

	for (seed = 1; seed <= 20; seed++) {
		char *text = gen("cache", seed, NULL, 0);
		struct program *p;
		struct engine *e = load(text, &p);
		struct table t[TABLE_MODELS];
		const struct table *a;
		size_t r, hits = 0;

		tables_of(e, t);
		a = &t[TABLE_CACHE];
		ck_assert_uint_eq(a->nrows, engine_count(e) + 1);
		for (r = 1; r < a->nrows; r++)
			hits += strcmp(cell(a, r, 4), "hit") == 0;
		ck_assert_uint_eq(hits, engine_machine(e)->cache.level[0].st.hits);
		free_tables(t);
		engine_destroy(e);
		program_destroy(p);
		free(text);
	}
}
END_TEST

START_TEST(test_heap_table_agrees)
{
	const char *kind = _i ? "buddy" : "malloc";
	uint64_t seed;

	for (seed = 1; seed <= 20; seed++) {
		char *text = gen(kind, seed, NULL, 0);
		struct program *p;
		struct engine *e = load(text, &p);
		struct table t[TABLE_MODELS];
		const struct table *h;
		size_t k;

		tables_of(e, t);
		h = &t[TABLE_HEAP];
		ck_assert_uint_eq(h->nrows, engine_count(e) + 1);
		for (k = 1; k <= engine_count(e); k++) {
			const struct heap_result *l;
			char want[32] = "-";
			engine_goto(e, k);
			l = &engine_machine(e)->heap.last;
			if (l->has_addr)
				snprintf(want, sizeof want, l->null ? "NULL" : "0x%llx",
					 (unsigned long long)l->addr);
			ck_assert_str_eq(cell(h, k, 1), want);
		}
		free_tables(t);
		engine_destroy(e);
		program_destroy(p);
		free(text);
	}
}
END_TEST

START_TEST(test_gc_table_agrees)
{
	uint64_t seed;

	for (seed = 1; seed <= 20; seed++) {
		char *text = gen("gc", seed, NULL, 0);
		struct program *p;
		struct engine *e = load(text, &p);
		struct table t[TABLE_MODELS];
		const struct table *g;
		size_t freed = 0, r;
		const char *s;

		tables_of(e, t);
		g = &t[TABLE_GC];
		ck_assert_uint_ge(g->nrows, 2);
		for (r = 1; r < g->nrows; r++) {
			s = cell(g, r, 4);
			if (strcmp(s, "-") == 0)
				continue;
			for (freed++; *s; s++)
				freed += *s == ' ';
		}
		ck_assert_uint_eq(freed, engine_machine(e)->gc.freed_objects);
		free_tables(t);
		engine_destroy(e);
		program_destroy(p);
		free(text);
	}
}
END_TEST

Suite *generate_suite(void)
{
	Suite *s = suite_create("generate");
	TCase *tc;
	int nkinds = 0;

	while (generate_kinds[nkinds])
		nkinds++;
	tc = tcase_create("rng");
	tcase_add_test(tc, test_rng_known_values);
	suite_add_tcase(s, tc);
	tc = tcase_create("determinism");
	tcase_add_loop_test(tc, test_deterministic, 0, nkinds);
	suite_add_tcase(s, tc);
	tc = tcase_create("valid");
	tcase_add_loop_test(tc, test_valid_for_many_seeds, 0, nkinds);
	tcase_add_test(tc, test_valid_settings);
	suite_add_tcase(s, tc);
	tc = tcase_create("keys");
	tcase_add_test(tc, test_bad_keys);
	suite_add_tcase(s, tc);
	tc = tcase_create("answer-key");
	tcase_add_test(tc, test_paging_table_agrees);
	tcase_add_test(tc, test_translate_table_agrees);
	tcase_add_test(tc, test_cache_table_agrees);
	tcase_add_loop_test(tc, test_heap_table_agrees, 0, 2);
	tcase_add_test(tc, test_gc_table_agrees);
	suite_add_tcase(s, tc);
	return s;
}
