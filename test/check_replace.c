/*
 * check_replace.c: page replacement.  Each policy against hand-worked
 * textbook examples (Silberschatz's reference string; Belady's anomaly;
 * clock second chances; enhanced clock preferring clean pages; OPT's
 * tie-break), the semantics of memviz-scenario(5) one by one, and
 * property tests on random reference strings: OPT never faults more than
 * any other policy, no policy faults fewer times than there are distinct
 * pages, and hits + faults = references.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/directive.h"
#include "core/machine.h"
#include "core/replace.h"
#include "core/util.h"
#include "core/vm.h"
#include "test_util.h"

static const char *const classic =
	"7 0 1 2 0 3 0 4 2 3 0 3 2 1 2 0 1 7 0 1";
static const char *const belady = "1 2 3 4 1 2 5 1 2 3 4 5";

/* Run `refs` with `frames` frames under `policy`; returns the engine. */
static struct engine *run_refs(const char *policy, unsigned frames,
			       const char *refs, struct program **pp)
{
	char text[4096];
	struct engine *e;

	snprintf(text, sizeof text, "frames %u\nreplace %s\nrefs %s\n", frames,
		 policy, refs);
	e = tu_engine(text, pp);
	engine_goto(e, engine_count(e));
	return e;
}

static uint64_t faults_of(const char *policy, unsigned frames,
			  const char *refs)
{
	struct program *p;
	struct engine *e = run_refs(policy, frames, refs, &p);
	uint64_t n = engine_machine(e)->vm.st.page_faults;

	engine_destroy(e);
	program_destroy(p);
	return n;
}

/* The resident page of each frame as "7 0 1" ("-" when free). */
static void frames_text(const struct machine *m, char *out, size_t n)
{
	size_t o = 0;
	uint32_t i;

	out[0] = '\0';
	for (i = 0; i < m->vm.fr.count && o < n; i++) {
		if (m->vm.fr.f[i].proc == FRAME_NONE)
			o += (size_t)snprintf(out + o, n - o, "%s-", i ? " " : "");
		else
			o += (size_t)snprintf(out + o, n - o, "%s%llu",
					      i ? " " : "",
					      (unsigned long long)m->vm.fr.f[i].vpn);
	}
}

/* Pages evicted in order, as "1 2 3". */
static void evictions_text(struct engine *e, char *out, size_t n)
{
	size_t k, o = 0;

	out[0] = '\0';
	for (k = 1; k <= engine_count(e); k++) {
		const struct machine *m;
		engine_goto(e, k);
		m = engine_machine(e);
		if (m->vm.last.evicted)
			o += (size_t)snprintf(out + o, n - o, "%s%llu",
					      o ? " " : "",
					      (unsigned long long)m->vm.last.evicted_vpn);
	}
}

START_TEST(test_textbook_counts)
{
	ck_assert_uint_eq(faults_of("fifo", 3, classic), 15);
	ck_assert_uint_eq(faults_of("lru", 3, classic), 12);
	ck_assert_uint_eq(faults_of("opt", 3, classic), 9);
}
END_TEST

START_TEST(test_belady)
{
	ck_assert_uint_eq(faults_of("fifo", 3, belady), 9);
	ck_assert_uint_eq(faults_of("fifo", 4, belady), 10);
	/* LRU and OPT are stack algorithms: no anomaly. */
	ck_assert_uint_le(faults_of("lru", 4, belady), faults_of("lru", 3, belady));
	ck_assert_uint_le(faults_of("opt", 4, belady), faults_of("opt", 3, belady));
}
END_TEST

START_TEST(test_fifo_order)
{
	struct program *p;
	struct engine *e = run_refs("fifo", 3, classic, &p);
	char ev[256], fr[64];

	frames_text(engine_machine(e), fr, sizeof fr);
	ck_assert_str_eq(fr, "7 0 1");
	evictions_text(e, ev, sizeof ev);
	/* Silberschatz fig. 9.12. */
	ck_assert_str_eq(ev, "7 0 1 2 3 0 4 2 3 0 1 2");
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(test_fifo_hits_do_not_reorder)
{
	struct program *p;
	/* 1 is hit after loading, FIFO still evicts it first. */
	struct engine *e = run_refs("fifo", 3, "1 2 3 1 1 4", &p);
	const struct machine *m = engine_machine(e);

	ck_assert(m->vm.last.evicted);
	ck_assert_uint_eq(m->vm.last.evicted_vpn, 1);
	ck_assert_uint_eq(m->vm.last.victim_frame, 0);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(test_lru_order)
{
	struct program *p;
	struct engine *e = run_refs("lru", 3, classic, &p);
	char ev[256], fr[64];

	frames_text(engine_machine(e), fr, sizeof fr);
	ck_assert_str_eq(fr, "1 0 7");
	evictions_text(e, ev, sizeof ev);
	ck_assert_str_eq(ev, "7 1 2 3 0 4 0 3 2");
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(test_opt_order)
{
	struct program *p;
	struct engine *e = run_refs("opt", 3, classic, &p);
	char ev[256];

	evictions_text(e, ev, sizeof ev);
	ck_assert_str_eq(ev, "7 1 0 4 3 2");
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(test_opt_tie_break)
{
	struct program *p;
	/* At 4: 1 is used again, 2 and 3 never; 2 was loaded earlier, even
	 * though it was referenced more recently than 3. */
	struct engine *e = run_refs("opt", 3, "1 2 3 2 4 1", &p);

	engine_goto(e, 5);
	ck_assert(engine_machine(e)->vm.last.evicted);
	ck_assert_uint_eq(engine_machine(e)->vm.last.evicted_vpn, 2);
	engine_destroy(e);
	/* All never used again: the one loaded earliest. */
	program_destroy(p);
	e = run_refs("opt", 3, "1 2 3 4", &p);
	ck_assert_uint_eq(engine_machine(e)->vm.last.evicted_vpn, 1);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(test_clock_belady)
{
	struct program *p;
	struct engine *e = run_refs("clock", 3, belady, &p);
	const struct machine *m = engine_machine(e);
	char ev[128], fr[64];

	ck_assert_uint_eq(m->vm.st.page_faults, 9);
	frames_text(m, fr, sizeof fr);
	ck_assert_str_eq(fr, "5 3 4");
	ck_assert_uint_eq(m->vm.fr.hand, 0);
	evictions_text(e, ev, sizeof ev);
	ck_assert_str_eq(ev, "1 2 3 4 1 2");
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(test_clock_second_chance)
{
	struct program *p;
	/* After 4 the frames are [4 2 3], R = [1 0 0], hand at 1.  The hit on
	 * 2 sets its R; at 5 the hand clears it and evicts 3 instead.  FIFO
	 * would evict 2. */
	struct engine *e = run_refs("clock", 3, "1 2 3 4 2 5", &p);
	const struct machine *m = engine_machine(e);
	const struct event *ev;
	size_t n, i, hands = 0;

	ck_assert_uint_eq(m->vm.last.evicted_vpn, 3);
	ck_assert_uint_eq(m->vm.last.victim_frame, 2);
	ck_assert_uint_eq(m->vm.fr.hand, 0);
	ck_assert(!m->vm.fr.f[1].referenced);
	ev = engine_events(e, &n);
	for (i = 0; i < n; i++)
		if (ev[i].kind == EV_CLOCK_HAND) {
			hands++;
			ck_assert(strstr(ev[i].text, "frame 1") != NULL);
			ck_assert(strstr(ev[i].text, "R=1") != NULL);
		}
	ck_assert_uint_eq(hands, 1);
	engine_destroy(e);
	program_destroy(p);
	e = run_refs("fifo", 3, "1 2 3 4 2 5", &p);
	ck_assert_uint_eq(engine_machine(e)->vm.last.evicted_vpn, 2);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(test_clock_hand_still_while_free)
{
	struct program *p;
	struct engine *e = run_refs("clock", 4, "5 6 7", &p);
	const struct machine *m = engine_machine(e);
	char fr[64];

	ck_assert_uint_eq(m->vm.fr.hand, 0);
	frames_text(m, fr, sizeof fr);
	ck_assert_str_eq(fr, "5 6 7 -");
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(test_eclock_prefers_clean)
{
	struct program *p;
	/* 1 and 3 dirty, 2 clean, all R=1: pass 1 finds no (0,0), pass 2
	 * clears every R finding no (0,1) (R was 1), pass 3 finds 2 clean. */
	struct engine *e = run_refs("eclock", 3, "1w 2 3w 4 5", &p);
	const struct machine *m;

	engine_goto(e, 4);
	m = engine_machine(e);
	ck_assert_uint_eq(m->vm.last.evicted_vpn, 2);
	ck_assert_uint_eq(m->vm.last.victim_frame, 1);
	ck_assert(!m->vm.last.writeback);
	/* Then [1 4 3] as (0,1) (1,0) (0,1), hand at 2: no (0,0), so the
	 * first (0,1) from the hand: 3, written back. */
	engine_goto(e, 5);
	m = engine_machine(e);
	ck_assert_uint_eq(m->vm.last.evicted_vpn, 3);
	ck_assert(m->vm.last.writeback);
	ck_assert_uint_eq(m->vm.st.writebacks, 1);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(test_lowest_free_first)
{
	struct program *p;
	struct engine *e = run_refs("lru", 5, "9 8 7", &p);
	char fr[64];

	frames_text(engine_machine(e), fr, sizeof fr);
	ck_assert_str_eq(fr, "9 8 7 - -");
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(test_dirty_victim_written)
{
	struct program *p;
	struct engine *e = run_refs("fifo", 3, "1w 2 3 4 1", &p);
	const struct machine *m;
	const struct event *ev;
	size_t n, i;
	int order = 0;

	engine_goto(e, 4);
	m = engine_machine(e);
	ck_assert(m->vm.last.writeback);
	ck_assert_uint_eq(m->vm.st.writebacks, 1);
	ev = engine_events(e, &n);
	/* fault, evict, writeback, load: in that order. */
	for (i = 0; i < n; i++) {
		if (ev[i].kind == EV_PAGE_FAULT)
			ck_assert_int_eq(order++, 0);
		else if (ev[i].kind == EV_EVICT)
			ck_assert_int_eq(order++, 1);
		else if (ev[i].kind == EV_WRITEBACK)
			ck_assert_int_eq(order++, 2);
		else if (ev[i].kind == EV_ZERO_FILL)
			ck_assert_int_eq(order++, 3);
	}
	ck_assert_int_eq(order, 4);
	engine_goto(e, 5);
	m = engine_machine(e);
	ck_assert(m->vm.last.swapped_in);
	ck_assert_uint_eq(m->vm.last.swap_slot, 0);
	ck_assert_uint_eq(m->vm.st.swap_ins, 1);
	/* 2 was clean: evicted with no write. */
	ck_assert_uint_eq(m->vm.last.evicted_vpn, 2);
	ck_assert(!m->vm.last.writeback);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(test_random_seeded)
{
	uint64_t a = faults_of("random", 3, classic);
	uint64_t b = faults_of("random", 3, classic);

	ck_assert_uint_eq(a, b);
	ck_assert_uint_ge(a, 9);
}
END_TEST

START_TEST(test_compare)
{
	struct diag d;
	char text[256];
	struct program *p;
	const char *pols[] = { "fifo", "lru", "opt" };
	const char *bad[] = { "lfu" };
	uint64_t frames[] = { 3, 4 };
	struct vm_compare_result r[6];

	snprintf(text, sizeof text, "frames 3\nrefs %s\n", belady);
	p = tu_parse(text, &d);
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(vm_compare(p, pols, 3, frames, 2, r), 0);
	ck_assert_uint_eq(r[0].page_faults, 9);
	ck_assert_uint_eq(r[1].page_faults, 10);
	ck_assert_uint_eq(r[0].frames, 3);
	ck_assert_uint_eq(r[1].frames, 4);
	ck_assert_uint_eq(r[2].page_faults, 10); /* lru, 3 frames */
	ck_assert_uint_eq(r[3].page_faults, 8);  /* lru, 4 frames */
	ck_assert_uint_eq(r[4].page_faults, 7);  /* opt, 3 frames */
	ck_assert_uint_eq(r[5].page_faults, 6);  /* opt, 4 frames */
	ck_assert_uint_eq(r[0].references, 12);
	ck_assert_int_eq(vm_compare(p, bad, 1, NULL, 0, r), -1);
	ck_assert_int_eq(vm_compare(p, pols, 1, NULL, 0, r), 0);
	ck_assert_uint_eq(r[0].frames, 3);
	program_destroy(p);
	diag_free(&d);
}
END_TEST

/* A random reference string over `pages` pages, some writes. */
static char *random_refs(unsigned seed, size_t n, unsigned pages)
{
	struct strbuf sb;
	uint64_t x = seed * 0x9e3779b97f4a7c15ull + 7;
	size_t i;

	strbuf_init(&sb);
	for (i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		strbuf_printf(&sb, "%s%u%s", i ? " " : "",
			      (unsigned)(x % pages), (x >> 20) % 5 == 0 ? "w" : "");
	}
	return strbuf_detach(&sb);
}

static size_t distinct_pages(const char *refs)
{
	bool seen[64] = { false };
	size_t n = 0;
	const char *s = refs;

	while (*s) {
		unsigned v = (unsigned)strtoul(s, (char **)&s, 10);
		if (!seen[v]) {
			seen[v] = true;
			n++;
		}
		while (*s && *s != ' ')
			s++;
		while (*s == ' ')
			s++;
	}
	return n;
}

START_TEST(test_property_opt_is_optimal)
{
	static const char *const pols[] = { "fifo", "lru", "clock", "eclock",
					    "opt", "random" };
	unsigned seed;

	for (seed = 1; seed <= 60; seed++) {
		unsigned pages = 2 + seed % 11, frames = 1 + seed % 6;
		char *refs = random_refs(seed, 30 + seed * 3, pages);
		char text[8192];
		struct diag d;
		struct program *p;
		struct vm_compare_result r[6];
		uint64_t fr = frames;
		size_t i, distinct = distinct_pages(refs);

		snprintf(text, sizeof text, "seed %u\nrefs %s\n", seed, refs);
		p = tu_parse(text, &d);
		ck_assert_ptr_nonnull(p);
		ck_assert_int_eq(vm_compare(p, pols, 6, &fr, 1, r), 0);
		for (i = 0; i < 6; i++) {
			ck_assert_msg(r[4].page_faults <= r[i].page_faults,
				      "seed %u: opt %llu > %s %llu", seed,
				      (unsigned long long)r[4].page_faults, pols[i],
				      (unsigned long long)r[i].page_faults);
			ck_assert_uint_ge(r[i].page_faults, distinct);
			ck_assert_uint_eq(r[i].page_faults + r[i].hits,
					  r[i].references);
		}
		/* LRU is a stack algorithm: one more frame never hurts. */
		{
			const char *lru[] = { "lru" };
			uint64_t two[2] = { frames, frames + 1 };
			struct vm_compare_result q[2];
			ck_assert_int_eq(vm_compare(p, lru, 1, two, 2, q), 0);
			ck_assert_uint_le(q[1].page_faults, q[0].page_faults);
		}
		program_destroy(p);
		diag_free(&d);
		free(refs);
	}
}
END_TEST

/* State of a fresh engine after k steps, for reversibility checks. */
static void check_reversible(const char *text)
{
	struct program *p;
	struct engine *e = tu_engine(text, &p), *f;
	struct diag d;
	size_t n = engine_count(e), k;
	size_t order[] = { 7, 3, 0, 11, 5, 1, 9 };

	diag_init(&d, "t");
	f = engine_create(p, &d, 1000000);
	/* goto(k) in any order equals stepping forward from the start. */
	for (k = 0; k < sizeof order / sizeof order[0]; k++) {
		size_t target = order[k] % (n + 1), i;
		engine_goto(f, 0);
		for (i = 0; i < target; i++)
			engine_forward(f);
		engine_goto(e, target);
		ck_assert_msg(machine_equal(engine_machine(e), engine_machine(f)),
			      "goto(%zu) differs from a replay: %s", target, text);
	}
	/* Event by event ends where whole steps do, at every step. */
	engine_goto(f, 0);
	engine_goto(e, 0);
	for (k = 1; k <= n; k++) {
		engine_forward(f);
		do
			ck_assert(engine_event_forward(e));
		while (engine_event_pos(e) < engine_event_count(e));
		ck_assert_msg(machine_equal(engine_machine(e), engine_machine(f)),
			      "step %zu by events differs", k);
	}
	/* And back again. */
	for (k = n; k-- > 0;) {
		engine_back(e);
		engine_goto(f, 0);
		{
			size_t i;
			for (i = 0; i < k; i++)
				engine_forward(f);
		}
		ck_assert(machine_equal(engine_machine(e), engine_machine(f)));
	}
	engine_destroy(e);
	engine_destroy(f);
	diag_free(&d);
	program_destroy(p);
}

START_TEST(test_reversible_policies)
{
	static const char *const pols[] = { "fifo", "lru", "clock", "eclock",
					    "opt", "random" };
	size_t i;

	for (i = 0; i < 6; i++) {
		char text[4096];
		char *refs = random_refs((unsigned)i + 3, 40, 7);
		snprintf(text, sizeof text, "frames 3\nreplace %s\nrefs %s\n",
			 pols[i], refs);
		check_reversible(text);
		free(refs);
	}
}
END_TEST

START_TEST(test_reversible_addresses)
{
	check_reversible(
		"frames 3\nreplace clock\ntlb entries=2\nswap slots=16\n"
		"process a\nwrite 0x1000\nwrite 0x2000\nread 0x1008\n"
		"fork b\nwrite 0x1010\nswitch b\nread 0x1000\nwrite 0x3000\n"
		"write 0x4000\nread 0x2000\nshare lib 0x40000000 8K\n"
		"fetch 0x40000000\nswitch a\nshare lib 0x40000000 8K\n"
		"fetch 0x40001000\nread 0x40000000\nwrite 0x5000\n"
		"map 0x10000000 1M prot=r-- name=ro\nread 0x10000000\n"
		"write 0x10000000\n");
}
END_TEST

/* Every policy is one complete entry of the table, named once. */
START_TEST(test_policy_table)
{
	int i;
	size_t n = 0;

	while (replace_policy_names[n])
		n++;
	ck_assert_uint_eq(n, REPLACE_COUNT);
	for (i = 0; i < REPLACE_COUNT; i++) {
		const struct replace_ops *o = replace_ops(i);
		ck_assert_ptr_nonnull(o->display);
		ck_assert_ptr_nonnull(o->on_hit);
		ck_assert(o->victim_step != NULL);
		ck_assert(o->reason != NULL);
	}
	ck_assert(replace_ops(REPLACE_LRU)->reorder);
	ck_assert(!replace_ops(REPLACE_FIFO)->reorder);
	ck_assert(replace_ops(REPLACE_ECLOCK)->hand);
	ck_assert(replace_ops(REPLACE_OPT)->future);
	ck_assert(replace_ops(REPLACE_RANDOM)->random);
	ck_assert_str_eq(replace_ops(REPLACE_ECLOCK)->display, "ECLOCK");
}
END_TEST

Suite *replace_suite(void)
{
	Suite *s = suite_create("replace");
	TCase *tc;

	tc = tcase_create("textbook");
	tcase_add_test(tc, test_textbook_counts);
	tcase_add_test(tc, test_policy_table);
	tcase_add_test(tc, test_belady);
	tcase_add_test(tc, test_compare);
	suite_add_tcase(s, tc);
	tc = tcase_create("fifo");
	tcase_add_test(tc, test_fifo_order);
	tcase_add_test(tc, test_fifo_hits_do_not_reorder);
	suite_add_tcase(s, tc);
	tc = tcase_create("lru");
	tcase_add_test(tc, test_lru_order);
	suite_add_tcase(s, tc);
	tc = tcase_create("opt");
	tcase_add_test(tc, test_opt_order);
	tcase_add_test(tc, test_opt_tie_break);
	suite_add_tcase(s, tc);
	tc = tcase_create("clock");
	tcase_add_test(tc, test_clock_belady);
	tcase_add_test(tc, test_clock_second_chance);
	tcase_add_test(tc, test_clock_hand_still_while_free);
	suite_add_tcase(s, tc);
	tc = tcase_create("eclock");
	tcase_add_test(tc, test_eclock_prefers_clean);
	suite_add_tcase(s, tc);
	tc = tcase_create("frames");
	tcase_add_test(tc, test_lowest_free_first);
	tcase_add_test(tc, test_dirty_victim_written);
	tcase_add_test(tc, test_random_seeded);
	suite_add_tcase(s, tc);
	tc = tcase_create("properties");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_property_opt_is_optimal);
	tcase_add_test(tc, test_reversible_policies);
	tcase_add_test(tc, test_reversible_addresses);
	suite_add_tcase(s, tc);
	return s;
}
