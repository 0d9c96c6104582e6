/*
 * check_heap.c: the heap model's free-list policies.  Hand-worked examples
 * (OSTEP malloc.py style: a 100-byte heap at 1000, 4-byte headers, align
 * 4) for each policy and tie rule; split-min, coalescing on and off,
 * realloc in place and moving, compaction, the memory errors and their
 * flags; property tests on random malloc/free sequences under every
 * policy (heap_check after every operation); engine reversibility with
 * heap steps; the per-step JSON fields.
 */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/directive.h"
#include "core/heap.h"
#include "core/json.h"
#include "core/machine.h"
#include "test_util.h"

/* The heap after running `text` to the end (engine left open in *ep). */
static const struct heap *run(const char *text, struct engine **ep,
			      struct program **pp)
{
	struct engine *e = tu_engine(text, pp);

	engine_goto(e, tu_last_written(e));
	*ep = e;
	return &engine_machine(e)->heap;
}

static void done(struct engine *e, struct program *p)
{
	engine_destroy(e);
	program_destroy(p);
}

/* The free list as "addr:size addr:size". */
static const char *free_list(const struct heap *h)
{
	static char buf[1024];
	size_t off = 0;
	uint32_t i;

	buf[0] = '\0';
	for (i = heap_free_first(h); i != HEAP_NIL; i = heap_free_next(h, i))
		off += (size_t)snprintf(buf + off, sizeof buf - off, "%s%llu:%llu",
					off ? " " : "",
					(unsigned long long)heap_block(h, i)->addr,
					(unsigned long long)heap_block(h, i)->size);
	return buf;
}

static uint64_t addr_of(const struct heap *h, const struct program *p,
			const char *name)
{
	uint64_t a = 0;

	ck_assert(heap_resolve(h, program_lookup(p, name), &a));
	return a;
}

#define OSTEP "heap size=100 base=1000 header=4 align=4 policy="

/* Four blocks, two freed: free list 1000:20 1028:12 1048:52. */
#define SETUP "malloc a 16\nmalloc b 4\nmalloc c 8\nmalloc d 4\nfree a\nfree c\n"

START_TEST(first_fit_ostep)
{
	struct engine *e;
	struct program *p;
	const struct heap *h = run(OSTEP "first-fit\nmalloc a 3\nmalloc b 5\n"
				   "malloc c 8\nfree b\nmalloc d 2\n", &e, &p);

	ck_assert_uint_eq(addr_of(h, p, "a"), 1004);
	ck_assert_uint_eq(addr_of(h, p, "c"), 1024);
	ck_assert_uint_eq(addr_of(h, p, "d"), 1012);
	ck_assert_str_eq(free_list(h), "1016:4 1032:68");
	ck_assert_ptr_null(heap_check(h));
	done(e, p);
}
END_TEST

START_TEST(policies_choose)
{
	static const struct {
		const char *policy;
		uint64_t e;
		const char *fl;
	} cases[] = {
		{ "first-fit", 1004, "1012:8 1028:12 1048:52" },
		{ "best-fit", 1032, "1000:20 1048:52" },
		{ "worst-fit", 1052, "1000:20 1028:12 1060:40" },
		{ "next-fit", 1052, "1000:20 1028:12 1060:40" },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char text[512];
		struct engine *e;
		struct program *p;
		const struct heap *h;

		snprintf(text, sizeof text, OSTEP "%s\n" SETUP "malloc e 8\n",
			 cases[i].policy);
		h = run(text, &e, &p);
		ck_assert_msg(addr_of(h, p, "e") == cases[i].e, "%s: e=%llu",
			      cases[i].policy,
			      (unsigned long long)addr_of(h, p, "e"));
		ck_assert_str_eq(free_list(h), cases[i].fl);
		ck_assert_ptr_null(heap_check(h));
		done(e, p);
	}
}
END_TEST

START_TEST(next_fit_resumes)
{
	struct engine *e;
	struct program *p;
	const struct heap *h;

	/* After e (ends at 1060) next-fit continues from 1060, first-fit
	 * would go back to 1000. */
	h = run(OSTEP "next-fit\n" SETUP "malloc e 8\nmalloc f 4\n", &e, &p);
	ck_assert_uint_eq(addr_of(h, p, "f"), 1064);
	done(e, p);
	/* Wrap-around: nothing fits above the rover, the search restarts. */
	h = run(OSTEP "next-fit\n" SETUP "malloc e 44\nmalloc f 4\n", &e, &p);
	ck_assert_uint_eq(addr_of(h, p, "e"), 1052);
	ck_assert_uint_eq(addr_of(h, p, "f"), 1004);
	done(e, p);
	/* The rover inside a block that merged downward: resume at it. */
	h = run(OSTEP "next-fit\nmalloc a 16\nmalloc b 16\nfree a\nfree b\n"
		"malloc c 4\n", &e, &p);
	ck_assert_uint_eq(addr_of(h, p, "c"), 1004);
	done(e, p);
}
END_TEST

START_TEST(ties_go_low)
{
	struct engine *e;
	struct program *p;
	const struct heap *h;

	/* Two free 12-byte blocks (1000, 1020) and the 60-byte tail. */
	h = run(OSTEP "best-fit\nmalloc a 8\nmalloc b 4\nmalloc c 8\n"
		"malloc d 4\nfree a\nfree c\nmalloc e 8\n", &e, &p);
	ck_assert_uint_eq(addr_of(h, p, "e"), 1004);
	done(e, p);
	/* worst-fit: two equal largest blocks (32 each). */
	h = run(OSTEP "worst-fit\nmalloc a 28\nmalloc b 4\nmalloc c 28\n"
		"malloc d 20\nfree a\nfree c\nmalloc e 4\n", &e, &p);
	ck_assert_str_eq(free_list(h), "1008:24 1040:32 1096:4");
	ck_assert_uint_eq(addr_of(h, p, "e"), 1004);
	done(e, p);
}
END_TEST

START_TEST(split_min_absorbs)
{
	struct engine *e;
	struct program *p;
	const struct heap *h;
	struct heap_totals t;

	/* A 20-byte hole, a 12-byte request: 8 bytes left, below 16. */
	h = run(OSTEP "first-fit split-min=16\nmalloc a 16\nmalloc b 4\n"
		"free a\nmalloc c 8\n", &e, &p);
	ck_assert_uint_eq(addr_of(h, p, "c"), 1004);
	ck_assert_uint_eq(heap_block(h, heap_first(h))->size, 20);
	heap_totals(h, &t);
	ck_assert_uint_eq(t.wasted, 12 + 4);
	ck_assert_str_eq(free_list(h), "1028:72");
	done(e, p);
}
END_TEST

START_TEST(coalescing)
{
	struct engine *e;
	struct program *p;
	const struct heap *h;

	h = run(OSTEP "first-fit coalesce=off\nmalloc a 4\nmalloc b 4\n"
		"free a\nfree b\n", &e, &p);
	ck_assert_str_eq(free_list(h), "1000:8 1008:8 1016:84");
	ck_assert_ptr_null(heap_check(h));
	done(e, p);
	h = run(OSTEP "first-fit\nmalloc a 4\nmalloc b 4\nmalloc c 4\n"
		"free a\nfree c\nfree b\n", &e, &p);
	ck_assert_str_eq(free_list(h), "1000:100");
	ck_assert_uint_eq(h->merges, 2 + 1);
	done(e, p);
}
END_TEST

START_TEST(fragmentation_failure)
{
	struct engine *e;
	struct program *p;
	const struct heap *h;
	size_t k;

	/* 40 bytes free in two 20-byte holes, a 28-byte block wanted. */
	h = run(OSTEP "first-fit\nmalloc a 16\nmalloc b 16\nmalloc c 16\n"
		"malloc d 16\nmalloc z 16\nfree a\nfree c\nmalloc big 24\n",
		&e, &p);
	ck_assert_uint_eq(heap_name(h, program_lookup(p, "big"))->state,
			  HEAP_NAME_NULL);
	ck_assert_str_eq(h->last.error, "fragmentation");
	ck_assert(h->last.null);
	k = tu_last_written(e);
	ck_assert(engine_flags(e, k) & EVF_ERROR);
	ck_assert(!(engine_flags(e, k) & EVF_HALT));
	ck_assert_uint_eq(engine_find(e, 0, EVF_ERROR, 1), k);
	done(e, p);
	h = run(OSTEP "first-fit\nmalloc a 200\n", &e, &p);
	ck_assert_str_eq(h->last.error, "out-of-memory");
	done(e, p);
}
END_TEST

START_TEST(leak_report_at_the_end)
{
	struct program *p;
	struct engine *e = tu_engine("heap size=1K\nmalloc a 16\nmalloc b 32\n"
				     "free a\n", &p);
	const struct event *ev;
	size_t n;

	/* An implicit exit is added on the last line: the leak check. */
	ck_assert_uint_eq(engine_count(e), 4);
	ck_assert(engine_step(e, 4)->flags & STEP_IMPLICIT);
	ck_assert_uint_eq(engine_step(e, 4)->line, 4);
	ck_assert(engine_flags(e, 4) & EVF_ERROR);
	engine_goto(e, 4);
	ev = engine_events(e, &n);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(ev[0].kind, EV_LEAK);
	ck_assert_ptr_nonnull(strstr(ev[0].text, "allocated for b at line 3"));
	engine_destroy(e);
	program_destroy(p);

	/* An explicit exit gets no second one. */
	e = tu_engine("malloc a 16\nfree a\nexit\n", &p);
	ck_assert_uint_eq(engine_count(e), 3);
	ck_assert(!(engine_step(e, 3)->flags & STEP_IMPLICIT));
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(double_free_halts)
{
	struct engine *e;
	struct program *p;
	const struct heap *h;

	h = run(OSTEP "first-fit\nmalloc a 4\nfree a\nfree a\nmalloc b 4\n",
		&e, &p);
	ck_assert_uint_eq(engine_count(e), 3);
	ck_assert(engine_flags(e, 3) & EVF_HALT);
	ck_assert_str_eq(h->last.error, "double-free");
	ck_assert(engine_machine(e)->halted);
	done(e, p);
	h = run(OSTEP "first-fit\nfree nothing\n", &e, &p);
	ck_assert_str_eq(h->last.error, "invalid-free");
	ck_assert(engine_flags(e, 1) & EVF_HALT);
	done(e, p);
	/* free(NULL) after a failed malloc is fine. */
	h = run(OSTEP "first-fit\nmalloc a 500\nfree a\n", &e, &p);
	ck_assert(!(engine_flags(e, 2) & EVF_ERROR));
	done(e, p);
}
END_TEST

START_TEST(free_through_a_stack_local)
{
	struct engine *e;
	struct program *p;
	const struct heap *h;

	h = run(OSTEP "first-fit\nmalloc buf 8\ncall main\nlocal q 8 = 1004\n"
		"free q\nfree buf\n", &e, &p);
	ck_assert_uint_eq(engine_count(e), 5);
	ck_assert_str_eq(h->last.error, "double-free");
	ck_assert_uint_eq(heap_name(h, program_lookup(p, "buf"))->state,
			  HEAP_NAME_FREED);
	done(e, p);
}
END_TEST

START_TEST(realloc_in_place_and_move)
{
	struct engine *e;
	struct program *p;
	const struct heap *h;

	/* b freed: a grows into it. */
	h = run(OSTEP "first-fit\nmalloc a 4\nmalloc b 12\nmalloc c 4\n"
		"free b\nrealloc a 12\n", &e, &p);
	ck_assert_uint_eq(addr_of(h, p, "a"), 1004);
	ck_assert_uint_eq(heap_block(h, heap_first(h))->size, 16);
	ck_assert_str_eq(free_list(h), "1016:8 1032:68");
	ck_assert_ptr_null(heap_check(h));
	done(e, p);
	/* c in the way: a moves to the end. */
	h = run(OSTEP "first-fit\nmalloc a 4\nmalloc c 4\nrealloc a 12\n", &e,
		&p);
	ck_assert_uint_eq(addr_of(h, p, "a"), 1020);
	ck_assert_str_eq(free_list(h), "1000:8 1032:68");
	ck_assert_uint_eq(h->last.addr, 1020);
	ck_assert_ptr_null(heap_check(h));
	done(e, p);
	/* Shrink: the tail is freed and merges with the free block after. */
	h = run(OSTEP "first-fit\nmalloc a 40\nrealloc a 8\n", &e, &p);
	ck_assert_str_eq(free_list(h), "1012:88");
	done(e, p);
	/* Failure keeps the old block. */
	h = run(OSTEP "first-fit\nmalloc a 40\nmalloc b 40\nrealloc a 60\n",
		&e, &p);
	ck_assert_uint_eq(addr_of(h, p, "a"), 1004);
	ck_assert(h->last.null);
	done(e, p);
}
END_TEST

START_TEST(compaction)
{
	struct engine *e;
	struct program *p;
	const struct heap *h;

	h = run(OSTEP "first-fit\nmalloc a 4\nmalloc b 4\nmalloc c 4\n"
		"malloc d 4\nfree a\nfree c\ncompact\n", &e, &p);
	ck_assert_uint_eq(addr_of(h, p, "b"), 1004);
	ck_assert_uint_eq(addr_of(h, p, "d"), 1012);
	ck_assert_str_eq(free_list(h), "1016:84");
	ck_assert_uint_eq(h->moves, 2);
	ck_assert_uint_eq(engine_event_count(e), 3);
	ck_assert_ptr_null(heap_check(h));
	done(e, p);
}
END_TEST

START_TEST(leaks_at_exit)
{
	struct engine *e;
	struct program *p;
	const struct heap *h;

	h = run(OSTEP "first-fit\nmalloc a 4\nmalloc a 8\nmalloc b 4\nfree b\n"
		"exit\n", &e, &p);
	ck_assert_uint_eq(heap_leak_count(h), 2);
	ck_assert(engine_flags(e, 2) & EVF_ERROR); /* a's first block lost */
	ck_assert(engine_flags(e, 5) & EVF_ERROR);
	ck_assert(!engine_machine(e)->halted);
	ck_assert_uint_eq(engine_event_count(e), 3);
	done(e, p);
}
END_TEST

START_TEST(step_after_exit_is_a_scenario_error)
{
	struct diag d;
	struct program *p = tu_parse(OSTEP "first-fit\nexit\nmalloc a 4\n", &d);

	ck_assert_ptr_nonnull(p);
	ck_assert_ptr_null(engine_create(p, &d, 0));
	ck_assert(tu_has(&d, "t.mvs:3:1: error: `malloc` after `exit`"));
	diag_free(&d);
	program_destroy(p);
}
END_TEST

START_TEST(bad_configuration)
{
	static const char *const bad[][2] = {
		{ "heap policy=bestfit\n", "did you mean `best-fit`" },
		{ "heap size=100 policy=buddy\n", "power of two" },
		{ "heap align=3\n", "align must be a power of two" },
		{ "heap min=64\n", "needs policy=buddy" },
		{ "heap\nheap\n", "given twice" },
		{ "malloc a 0\n", "between 1 byte" },
		{ "malloc a from=\n", "expected a name" },
		{ "slab c size=8\n", "per-slab" },
		{ "heap\nmalloc a 8\ncompact x\n", "expects" },
	};
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct diag d;
		struct program *p = tu_parse(bad[i][0], &d);
		ck_assert_msg(p == NULL, "accepted: %s", bad[i][0]);
		ck_assert_msg(tu_has(&d, bad[i][1]), "%s: got %s", bad[i][0],
			      d.count ? d.lines[0] : "nothing");
		diag_free(&d);
	}
}
END_TEST

START_TEST(access_checks)
{
	struct program *p = program_create("t");
	struct heap h;
	struct exec_ctx x;
	struct step st;
	struct heap_config cfg = { .size_bytes = 100, .base = 1000, .align = 4,
				   .header_bytes = 4, .coalesce = true };
	uint32_t a = program_intern(p, "a", 1), b = program_intern(p, "b", 1);

	memset(&x, 0, sizeof x);
	memset(&st, 0, sizeof st);
	x.prog = p;
	x.step = &st;
	x.limit = SIZE_MAX;
	heap_init(&h, &cfg);
	heap_malloc(&h, a, 10, false, 1, &x);
	ck_assert(heap_check_access(&h, a, 1004, 10, true, &x));
	ck_assert(!heap_check_access(&h, a, 1012, 4, true, &x));
	ck_assert_str_eq(h.last.error, "heap-overflow");
	x.nevents = 0;
	heap_free_name(&h, a, false, 0, &x);
	ck_assert(!heap_check_access(&h, a, 1004, 1, false, &x));
	ck_assert_str_eq(h.last.error, "use-after-free");
	ck_assert(x.flags & EVF_ERROR);
	ck_assert(!heap_check_access(&h, SYM_NONE, 1050, 1, false, &x));
	ck_assert(heap_check_access(&h, SYM_NONE, 5000, 1, false, &x));
	heap_malloc(&h, b, 500, false, 2, &x);
	x.flags = 0;
	ck_assert(!heap_check_access(&h, b, 0, 1, false, &x));
	ck_assert(x.flags & EVF_HALT);
	ck_assert_uint_eq(h.use_after_free, 2);
	ck_assert_uint_eq(h.overflows, 1);
	heap_free(&h);
	free(x.events);
	program_destroy(p);
}
END_TEST

START_TEST(json_fields)
{
	struct engine *e;
	struct program *p;
	const struct heap *h;
	struct strbuf sb;
	struct json j;

	h = run(OSTEP "first-fit\nmalloc a 3\nmalloc b 500\n", &e, &p);
	strbuf_init(&sb);
	json_init(&j, &sb);
	json_begin_object(&j);
	directive_get(engine_step(e, 2)->op)->json(engine_machine(e),
						   engine_step(e, 2), &j);
	json_end_object(&j);
	ck_assert_str_eq(sb.buf, "{\"addr\":null,\"size\":500,\"free_list\":"
				 "[[1008,92]],\"heap_error\":\"out-of-memory\"}");
	strbuf_reset(&sb);
	json_init(&j, &sb);
	json_begin_object(&j);
	machine_json_summary(engine_machine(e), &j);
	json_end_object(&j);
	ck_assert(strstr(sb.buf, "\"in_use\":8,\"free\":92,\"largest_free\":92,"
				 "\"external_fragmentation\":0,"
				 "\"internal_fragmentation\":0.625,\"leaks\":1"));
	strbuf_free(&sb);
	(void)h;
	done(e, p);
}
END_TEST

/* ---- properties ---- */

struct sim {
	struct program *p;
	struct heap h;
	struct exec_ctx x;
	struct step st;
	uint32_t names[64];
};

static void sim_init(struct sim *s, const struct heap_config *cfg)
{
	char n[8];
	size_t i;

	memset(s, 0, sizeof *s);
	s->p = program_create("t");
	for (i = 0; i < 64; i++) {
		snprintf(n, sizeof n, "n%zu", i);
		s->names[i] = program_intern(s->p, n, strlen(n));
	}
	s->x.prog = s->p;
	s->x.step = &s->st;
	s->x.limit = SIZE_MAX;
	s->x.quiet = (cfg->size_bytes & 1) == 0;
	heap_init(&s->h, cfg);
}

static void sim_free(struct sim *s)
{
	heap_free(&s->h);
	free(s->x.events);
	program_destroy(s->p);
}

/* Random mallocs, reallocs and frees with heap_check after each. */
static void random_ops(struct sim *s, unsigned seed, size_t nops,
		       uint64_t maxreq)
{
	unsigned r = seed * 2654435761u + 7;
	size_t i;

	for (i = 0; i < nops; i++) {
		uint32_t sym;
		const char *why;
		unsigned op;

		r = r * 1103515245u + 12345u;
		sym = s->names[(r >> 8) % 64];
		op = (r >> 20) % 10;
		s->x.nevents = 0;
		s->x.halt = false;
		if (heap_name(&s->h, sym)->state == HEAP_NAME_LIVE && op < 5)
			heap_free_name(&s->h, sym, false, 0, &s->x);
		else if (heap_name(&s->h, sym)->state == HEAP_NAME_LIVE &&
			 op == 9)
			heap_realloc(&s->h, sym, 1 + (r >> 3) % maxreq, 1,
				     &s->x);
		else if (heap_name(&s->h, sym)->state != HEAP_NAME_LIVE)
			heap_malloc(&s->h, sym, 1 + (r >> 3) % maxreq, op & 1,
				    (uint32_t)i, &s->x);
		else if (op == 8 && s->h.cfg.policy != HEAP_BUDDY)
			heap_compact(&s->h, &s->x);
		why = heap_check(&s->h);
		ck_assert_msg(why == NULL, "seed %u op %zu: %s", seed, i, why);
	}
}

START_TEST(random_list_policies)
{
	static const int policies[] = { HEAP_FIRST_FIT, HEAP_NEXT_FIT,
					HEAP_BEST_FIT, HEAP_WORST_FIT };
	size_t k;

	for (k = 0; k < 4; k++) {
		struct heap_config cfg = {
			.size_bytes = 4096 + (uint64_t)(_i & 1), .base = 0x1000,
			.policy = policies[k], .align = 8, .header_bytes = 8,
			.coalesce = (_i & 2) == 0,
			.split_min = (_i & 4) ? 24 : 0,
		};
		struct sim s;
		sim_init(&s, &cfg);
		random_ops(&s, (unsigned)_i * 31u + (unsigned)k, 1500, 300);
		sim_free(&s);
	}
}
END_TEST

START_TEST(copy_is_equal_and_independent)
{
	struct heap_config cfg = { .size_bytes = 8192, .base = 0x4000,
				   .policy = HEAP_BEST_FIT, .align = 16,
				   .header_bytes = 8, .coalesce = true };
	struct sim s;
	struct heap c;

	sim_init(&s, &cfg);
	random_ops(&s, 5, 400, 200);
	memset(&c, 0, sizeof c);
	heap_copy(&c, &s.h);
	ck_assert(heap_equal(&c, &s.h));
	ck_assert_ptr_null(heap_check(&c));
	random_ops(&s, 6, 50, 200);
	ck_assert(!heap_equal(&c, &s.h));
	ck_assert_ptr_null(heap_check(&c));
	heap_copy(&c, &s.h);
	ck_assert(heap_equal(&c, &s.h));
	heap_free(&c);
	sim_free(&s);
}
END_TEST

/* A random scenario of heap steps with a stack frame around them. */
static char *random_heap_scenario(unsigned seed, size_t nsteps,
				  const char *heap_line)
{
	struct strbuf sb;
	unsigned r = seed * 2654435761u + 1;
	bool live[16] = { false };
	size_t i;

	strbuf_init(&sb);
	strbuf_printf(&sb, "%s\ncall main\n", heap_line);
	for (i = 0; i < nsteps; i++) {
		unsigned v, op;
		r = r * 1103515245u + 12345u;
		v = (r >> 8) % 16;
		op = (r >> 16) % 8;
		if (live[v] && op < 4) {
			strbuf_printf(&sb, "free v%u\n", v);
			live[v] = false;
		} else if (live[v] && op == 4) {
			strbuf_printf(&sb, "realloc v%u %u\n", v, 1 + (r >> 4) % 300);
		} else if (!live[v]) {
			if (op & 1)
				strbuf_printf(&sb, "malloc v%u %u\n", v,
					      1 + (r >> 4) % 300);
			else
				strbuf_printf(&sb, "calloc v%u %u 8\n", v,
					      1 + (r >> 4) % 30);
			live[v] = true;
		} else if (op == 5 && !strstr(heap_line, "buddy")) {
			strbuf_puts(&sb, "compact\n");
		} else {
			strbuf_printf(&sb, "local l%zu 8 = %u\n", i, r % 100);
		}
	}
	strbuf_puts(&sb, "exit\n");
	return strbuf_detach(&sb);
}

static const char *const heap_lines[] = {
	"heap size=2K policy=first-fit",
	"heap size=2K policy=next-fit align=16",
	"heap size=2K policy=best-fit coalesce=off",
	"heap size=2K policy=worst-fit split-min=32",
	"heap size=2K policy=buddy min=32",
	"heap size=2K policy=slab\nslab s64 size=64 per-slab=4\n"
	"slab s320 size=320 per-slab=2",
};

START_TEST(engine_goto_equals_replay)
{
	char *text = random_heap_scenario((unsigned)_i + 1, 250,
					  heap_lines[_i % 6]);
	struct program *p;
	struct engine *e = tu_engine(text, &p);
	struct engine *w;
	struct diag d;
	size_t n = engine_count(e), t, k;
	unsigned r = (unsigned)_i * 7919u + 3;

	diag_init(&d, "t");
	w = engine_create(p, &d, 1000000);
	ck_assert_ptr_nonnull(w);
	for (t = 0; t < 30; t++) {
		r = r * 1103515245u + 12345u;
		k = (r >> 8) % (n + 1);
		engine_goto(e, k);
		engine_goto(w, 0);
		while (engine_pos(w) < k)
			engine_forward(w);
		ck_assert_msg(machine_equal(engine_machine(e), engine_machine(w)),
			      "goto(%zu) differs from a replay", k);
		ck_assert_ptr_null(heap_check(&engine_machine(e)->heap));
	}
	/* event by event: every partial state keeps the invariants */
	engine_goto(e, 0);
	while (engine_event_forward(e)) {
		const char *why = heap_check(&engine_machine(e)->heap);
		/* Between "free" and "coalesce" (or a buddy split and the
		 * take) two free blocks touch. */
		ck_assert_msg(why == NULL ||
				      (engine_event_pos(e) < engine_event_count(e) &&
				       (strstr(why, "adjacent") != NULL ||
					strstr(why, "buddies") != NULL)),
			      "step %zu event %zu: %s", engine_pos(e),
			      engine_event_pos(e), why);
	}
	engine_destroy(w);
	diag_free(&d);
	engine_destroy(e);
	program_destroy(p);
	free(text);
}
END_TEST

Suite *heap_suite(void)
{
	Suite *s = suite_create("heap");
	TCase *tc;

	tc = tcase_create("policies");
	tcase_add_test(tc, first_fit_ostep);
	tcase_add_test(tc, policies_choose);
	tcase_add_test(tc, next_fit_resumes);
	tcase_add_test(tc, ties_go_low);
	tcase_add_test(tc, split_min_absorbs);
	tcase_add_test(tc, coalescing);
	suite_add_tcase(s, tc);

	tc = tcase_create("operations");
	tcase_add_test(tc, realloc_in_place_and_move);
	tcase_add_test(tc, compaction);
	tcase_add_test(tc, json_fields);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_test(tc, fragmentation_failure);
	tcase_add_test(tc, double_free_halts);
	tcase_add_test(tc, leak_report_at_the_end);
	tcase_add_test(tc, free_through_a_stack_local);
	tcase_add_test(tc, leaks_at_exit);
	tcase_add_test(tc, step_after_exit_is_a_scenario_error);
	tcase_add_test(tc, bad_configuration);
	tcase_add_test(tc, access_checks);
	suite_add_tcase(s, tc);

	tc = tcase_create("properties");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, random_list_policies, 0, 8);
	tcase_add_test(tc, copy_is_equal_and_independent);
	tcase_add_loop_test(tc, engine_goto_equals_replay, 0, 12);
	suite_add_tcase(s, tc);
	return s;
}
