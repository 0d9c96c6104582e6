/*
 * check_cache.c: the cache hierarchy against hand-worked examples (each
 * replacement and write policy, the 3C split, line-spanning accesses,
 * costs), properties over random traces (a fully associative LRU cache has
 * no conflict misses; hits + misses = accesses; the NINE inclusion rule;
 * a batch of trace references equals the same references one at a time),
 * engine reversibility with cache steps, `repeat` blocks and geometry
 * errors at their positions.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "core/access.h"
#include "core/cache.h"
#include "core/directive.h"
#include "core/json.h"
#include "core/latency.h"
#include "core/machine.h"
#include "core/trace.h"
#include "test_util.h"

/* A machine for `text` (a scenario with at least one step). */
struct rig {
	struct program *p;
	struct machine m;
};

static void rig_open(struct rig *r, const char *text)
{
	struct diag d;

	r->p = tu_parse(text, &d);
	if (r->p == NULL)
		ck_abort_msg("scenario failed: %s",
			     d.count ? d.lines[0] : "(no message)");
	diag_free(&d);
	machine_init(&r->m, r->p);
}

static void rig_close(struct rig *r)
{
	machine_free(&r->m);
	program_destroy(r->p);
}

/* One access; returns its cost. */
static uint64_t acc(struct rig *r, uint64_t addr, enum cache_kind k)
{
	cache_step_begin(&r->m.cache);
	return cache_access(&r->m.cache, &r->m.rng, addr, 4, k, NULL);
}

/* True if `addr` is in level i. */
static bool has(const struct rig *r, uint32_t i, uint64_t addr)
{
	const struct cache_level *l = &r->m.cache.level[i];
	uint32_t set = cache_set_of(l, addr), k;

	for (k = 0; k < l->ways; k++) {
		const struct cache_way *w = &l->w[set * l->ways + k];
		if (w->valid && w->tag == cache_tag_of(l, addr))
			return true;
	}
	return false;
}

static bool dirty(const struct rig *r, uint32_t i, uint64_t addr)
{
	const struct cache_level *l = &r->m.cache.level[i];
	uint32_t set = cache_set_of(l, addr), k;

	for (k = 0; k < l->ways; k++) {
		const struct cache_way *w = &l->w[set * l->ways + k];
		if (w->valid && w->tag == cache_tag_of(l, addr))
			return w->dirty;
	}
	return false;
}

/* One set of 4 ways (fully associative, 64-byte lines): A..E. */
#define ONESET(policy) "cache L1 size=256 line=64 ways=4 replace=" policy "\nwalk 0 count=1 stride=1\n"
#define A 0x000
#define B 0x040
#define C 0x080
#define D 0x0c0
#define E 0x100

START_TEST(lru_evicts_least_recent)
{
	struct rig r;

	rig_open(&r, ONESET("lru"));
	acc(&r, A, CACHE_READ);
	acc(&r, B, CACHE_READ);
	acc(&r, C, CACHE_READ);
	acc(&r, D, CACHE_READ);
	acc(&r, A, CACHE_READ); /* A is now the most recent: B is LRU */
	acc(&r, E, CACHE_READ);
	ck_assert(has(&r, 0, A));
	ck_assert(!has(&r, 0, B));
	ck_assert(has(&r, 0, C) && has(&r, 0, D) && has(&r, 0, E));
	ck_assert_uint_eq(r.m.cache.last.touch[0].evicted_tag, B / 64);
	ck_assert_uint_eq(r.m.cache.level[0].st.hits, 1);
	ck_assert_uint_eq(r.m.cache.level[0].st.misses, 5);
	rig_close(&r);
}
END_TEST

START_TEST(fifo_evicts_oldest_fill)
{
	struct rig r;

	rig_open(&r, ONESET("fifo"));
	acc(&r, A, CACHE_READ);
	acc(&r, B, CACHE_READ);
	acc(&r, C, CACHE_READ);
	acc(&r, D, CACHE_READ);
	acc(&r, A, CACHE_READ); /* a hit does not reorder FIFO */
	acc(&r, E, CACHE_READ);
	ck_assert(!has(&r, 0, A));
	ck_assert(has(&r, 0, B));
	ck_assert_uint_eq(r.m.cache.last.touch[0].way, 0);
	rig_close(&r);
}
END_TEST

START_TEST(plru_follows_tree_bits)
{
	struct rig r;

	/*
	 * Tree: root bit picks the half, then one bit per pair.  After
	 * A(0) B(1) C(2) D(3) A(0) the root points right and the right
	 * pair's bit points at way 2 (C), although true LRU would pick B.
	 */
	rig_open(&r, ONESET("plru"));
	acc(&r, A, CACHE_READ);
	acc(&r, B, CACHE_READ);
	acc(&r, C, CACHE_READ);
	acc(&r, D, CACHE_READ);
	acc(&r, A, CACHE_READ);
	ck_assert_uint_eq(cache_way_rank(&r.m.cache.level[0], 0, 2), 0);
	acc(&r, E, CACHE_READ);
	ck_assert(!has(&r, 0, C));
	ck_assert(has(&r, 0, B));
	ck_assert_uint_eq(r.m.cache.last.touch[0].way, 2);
	rig_close(&r);
}
END_TEST

START_TEST(random_is_seeded)
{
	struct rig r1, r2;
	int i;

	rig_open(&r1, "seed 7\n" ONESET("random"));
	rig_open(&r2, "seed 7\n" ONESET("random"));
	for (i = 0; i < 200; i++) {
		uint64_t a = (uint64_t)(i * 7919 % 13) * 64;
		acc(&r1, a, CACHE_READ);
		acc(&r2, a, CACHE_READ);
		ck_assert_uint_eq(r1.m.cache.last.touch[0].way,
				  r2.m.cache.last.touch[0].way);
	}
	ck_assert(cache_equal(&r1.m.cache, &r2.m.cache));
	ck_assert_uint_gt(r1.m.cache.level[0].st.evictions, 0);
	rig_close(&r1);
	rig_close(&r2);
}
END_TEST

/* Direct-mapped L1 of 2 lines over a 4-way L2 (both write-back). */
#define TWO_LEVEL(l1opts) \
	"cache L1 size=128 line=64 ways=1 " l1opts "\n" \
	"cache L2 size=1K line=64 ways=4\nwalk 0 count=1 stride=1\n"

START_TEST(write_back_dirty_eviction)
{
	struct rig r;

	rig_open(&r, TWO_LEVEL(""));
	acc(&r, 0x000, CACHE_WRITE); /* miss, allocate, dirty */
	ck_assert(dirty(&r, 0, 0x000));
	ck_assert(!dirty(&r, 1, 0x000)); /* L2 filled clean by the fetch */
	acc(&r, 0x080, CACHE_READ);  /* same L1 set: evicts the dirty line */
	ck_assert(r.m.cache.last.touch[0].evicted);
	ck_assert(r.m.cache.last.touch[0].writeback);
	ck_assert_uint_eq(r.m.cache.level[0].st.writebacks, 1);
	ck_assert(dirty(&r, 1, 0x000)); /* written back into L2 */
	ck_assert_uint_eq(r.m.cache.t.ram_writes, 0);
	rig_close(&r);
}
END_TEST

START_TEST(write_through_never_dirty)
{
	struct rig r;

	rig_open(&r, TWO_LEVEL("write=through"));
	acc(&r, 0x000, CACHE_READ);
	acc(&r, 0x000, CACHE_WRITE); /* hit: passed to L2 */
	ck_assert(!dirty(&r, 0, 0x000));
	ck_assert(dirty(&r, 1, 0x000));
	ck_assert_uint_eq(r.m.cache.level[0].st.write_throughs, 1);
	acc(&r, 0x080, CACHE_READ);  /* eviction: nothing to write back */
	ck_assert_uint_eq(r.m.cache.level[0].st.writebacks, 0);
	rig_close(&r);
}
END_TEST

START_TEST(no_write_allocate_goes_down)
{
	struct rig r;
	uint64_t cost;

	rig_open(&r, TWO_LEVEL("alloc=no-write"));
	cost = acc(&r, 0x000, CACHE_WRITE);
	ck_assert(!has(&r, 0, 0x000));  /* not filled at L1 */
	ck_assert(has(&r, 1, 0x000));   /* L2 allocates the write */
	ck_assert(dirty(&r, 1, 0x000));
	ck_assert_uint_eq(r.m.cache.last.touch[0].way, CACHE_NONE);
	ck_assert_uint_eq(cost, 1 + 4 + 80);
	ck_assert_uint_eq(r.m.cache.level[1].st.writes, 1);
	/* a read still allocates */
	acc(&r, 0x000, CACHE_READ);
	ck_assert(has(&r, 0, 0x000));
	rig_close(&r);
}
END_TEST

START_TEST(three_c_by_hand)
{
	struct rig r;
	const struct cache_stats *st;

	/* Direct-mapped, 2 lines: A and C share set 0. */
	rig_open(&r, "cache L1 size=128 line=64 ways=1\nwalk 0 count=1 stride=1\n");
	st = &r.m.cache.level[0].st;
	acc(&r, 0x000, CACHE_READ); /* compulsory */
	acc(&r, 0x080, CACHE_READ); /* compulsory, evicts A */
	acc(&r, 0x000, CACHE_READ); /* conflict: 2 lines fully assoc. hit */
	ck_assert_uint_eq(st->compulsory, 2);
	ck_assert_uint_eq(st->conflict, 1);
	ck_assert_uint_eq(st->capacity, 0);
	ck_assert_uint_eq(r.m.cache.last.touch[0].miss_kind, 3);
	/* Three lines cycling through two: capacity misses. */
	acc(&r, 0x040, CACHE_READ); /* compulsory (set 1) */
	acc(&r, 0x080, CACHE_READ); /* shadow LRU holds 0x040, 0x000: capacity */
	ck_assert_uint_eq(st->capacity, 1);
	ck_assert_uint_eq(st->hits + st->misses, st->accesses);
	rig_close(&r);
}
END_TEST

/*
 * The 3C split under alloc=no-write, worked by hand as Dinero IV's -ccc
 * does it (ref.c: the fully associative shadow is updated by every access
 * except a non-allocating write that misses in it).  Direct-mapped, two
 * 16-byte lines: A = 0x00 and B = 0x20 share set 0, C = 0x10 is set 1.
 */
START_TEST(three_c_no_write_allocate_as_dinero)
{
	struct rig r;
	const struct cache_stats *st;

	rig_open(&r, "cache L1 size=32B line=16B ways=1 alloc=no-write "
		     "write=through\nwalk 0 count=1 stride=1\n");
	st = &r.m.cache.level[0].st;
	acc(&r, 0x00, CACHE_READ);  /* A: compulsory; shadow [A] */
	acc(&r, 0x20, CACHE_READ);  /* B: compulsory, evicts A; shadow [B A] */
	acc(&r, 0x00, CACHE_WRITE); /* A: miss, in the shadow: conflict; not
				     * allocated, but the shadow uses A: [A B] */
	ck_assert_uint_eq(st->conflict, 1);
	ck_assert(!has(&r, 0, 0x00));
	acc(&r, 0x10, CACHE_READ);  /* C: compulsory; the shadow drops its
				     * least recent, B: [C A] */
	acc(&r, 0x00, CACHE_READ);  /* A: miss, in the shadow: conflict (it was
				     * "capacity" when the write left A last) */
	ck_assert_uint_eq(st->compulsory, 3);
	ck_assert_uint_eq(st->conflict, 2);
	ck_assert_uint_eq(st->capacity, 0);
	ck_assert_uint_eq(r.m.cache.last.touch[0].miss_kind, 3);
	rig_close(&r);

	/* A non-allocating write that misses in the shadow stays out of it
	 * (but counts as seen): the next miss on it is capacity. */
	rig_open(&r, "cache L1 size=32B line=16B ways=1 alloc=no-write "
		     "write=through\nwalk 0 count=1 stride=1\n");
	st = &r.m.cache.level[0].st;
	acc(&r, 0x00, CACHE_WRITE); /* A: compulsory; shadow [] */
	acc(&r, 0x20, CACHE_READ);  /* B: compulsory; shadow [B] */
	acc(&r, 0x10, CACHE_READ);  /* C: compulsory; shadow [C B] */
	acc(&r, 0x00, CACHE_READ);  /* A: seen, not in the shadow: capacity */
	ck_assert_uint_eq(st->compulsory, 3);
	ck_assert_uint_eq(st->capacity, 1);
	ck_assert_uint_eq(st->conflict, 0);
	rig_close(&r);
}
END_TEST

/*
 * writebacks=demand, by hand: L1 and L2 both direct-mapped with two
 * 16-byte lines, A = 0x00 and B = 0x20 in set 0.  L1's write-back of A
 * reaches L2 as a demand write after B's fetch (Dinero IV's order): it
 * is counted, misses (B's fill evicted A) as a conflict, and fills A.
 * The default (a write buffer) neither counts nor fills.
 */
#define WB_RIG(mode) "cache L1 size=32B line=16B ways=1 writebacks=" mode \
	"\ncache L2 size=32B line=16B ways=1\nwalk 0 count=1 stride=1\n"
START_TEST(writebacks_demand_by_hand)
{
	struct rig r;
	const struct cache_stats *l2;
	uint64_t reads;

	rig_open(&r, WB_RIG("demand"));
	l2 = &r.m.cache.level[1].st;
	acc(&r, 0x00, CACHE_WRITE); /* L1 fills A dirty; L2 fetch: fills A */
	acc(&r, 0x20, CACHE_READ);  /* L1 evicts A (dirty): write-back queued;
				     * L2 fetch of B evicts A; then W A at L2 */
	ck_assert_uint_eq(r.m.cache.level[0].st.writebacks, 1);
	ck_assert_uint_eq(l2->accesses, 3);
	ck_assert_uint_eq(l2->writes, 1);
	ck_assert_uint_eq(l2->hits, 0);
	ck_assert_uint_eq(l2->misses, 3);
	ck_assert_uint_eq(l2->compulsory, 2);
	ck_assert_uint_eq(l2->conflict, 1);
	ck_assert(has(&r, 1, 0x00));
	ck_assert(dirty(&r, 1, 0x00));
	ck_assert(!has(&r, 1, 0x20));
	ck_assert_uint_eq(r.m.cache.npending, 0);
	/* The write-allocate fill fetched A from RAM: 3 reads in all. */
	ck_assert_uint_eq(r.m.cache.t.ram_reads, 3);
	reads = r.m.cache.t.ram_reads;
	/* A hit at L2 only changes recency and the dirty bit. */
	acc(&r, 0x20, CACHE_WRITE); /* L1 hit on B: dirty */
	acc(&r, 0x00, CACHE_READ);  /* L1 evicts B: W B at L2 misses, fills */
	ck_assert_uint_eq(l2->writes, 2);
	ck_assert_uint_gt(r.m.cache.t.ram_reads, reads);
	rig_close(&r);

	rig_open(&r, WB_RIG("buffer"));
	l2 = &r.m.cache.level[1].st;
	acc(&r, 0x00, CACHE_WRITE);
	acc(&r, 0x20, CACHE_READ);
	ck_assert_uint_eq(r.m.cache.level[0].st.writebacks, 1);
	ck_assert_uint_eq(l2->accesses, 2);
	ck_assert_uint_eq(l2->writes, 0);
	ck_assert(!has(&r, 1, 0x00)); /* the write-back went on to RAM */
	ck_assert(has(&r, 1, 0x20));
	ck_assert_uint_eq(r.m.cache.t.ram_writes, 1);
	rig_close(&r);
}
END_TEST

/*
 * Dinero IV's copy back (din label 4) and invalidate (label 5), by hand:
 * L1 and L2 write-back, A dirty in L1.  A copy back writes A to L2 (which
 * it dirties) and then from L2 to RAM: both stay valid and clean.  An
 * invalidate drops a dirty line without writing it back, and its next
 * miss is compulsory.
 */
START_TEST(copyback_and_invalidate)
{
	struct rig r;
	uint64_t dropped = 9;

	rig_open(&r, "cache L1 size=128 line=64 ways=1\n"
		     "cache L2 size=512 line=64 ways=2\nwalk 0 count=1 stride=1\n");
	acc(&r, 0x000, CACHE_WRITE);
	ck_assert(dirty(&r, 0, 0x000));
	ck_assert_uint_eq(cache_control(&r.m.cache, &r.m.rng, 0x000, CACHE_COPYBACK, NULL), 2);
	ck_assert(has(&r, 0, 0x000) && !dirty(&r, 0, 0x000));
	ck_assert(has(&r, 1, 0x000) && !dirty(&r, 1, 0x000));
	ck_assert_uint_eq(r.m.cache.level[0].st.writebacks, 1);
	ck_assert_uint_eq(r.m.cache.level[1].st.writebacks, 1);
	ck_assert_uint_eq(r.m.cache.t.ram_writes, 1);
	/* nothing dirty: nothing written */
	ck_assert_uint_eq(cache_control(&r.m.cache, &r.m.rng, 0x000, CACHE_COPYBACK_ALL, NULL),
			  0);
	/* dirty again, then invalidated: the data is lost, not written */
	acc(&r, 0x000, CACHE_WRITE);
	acc(&r, 0x040, CACHE_READ);
	ck_assert_uint_eq(cache_control(&r.m.cache, &r.m.rng, 0x010, CACHE_INVALIDATE,
					&dropped), 2);
	ck_assert_uint_eq(dropped, 1);
	ck_assert(!has(&r, 0, 0x000) && !has(&r, 1, 0x000));
	ck_assert(has(&r, 0, 0x040));
	ck_assert_uint_eq(r.m.cache.t.ram_writes, 1);
	acc(&r, 0x000, CACHE_READ);
	ck_assert_uint_eq(r.m.cache.last.touch[0].miss_kind, 1); /* compulsory */
	/* every line, every level */
	ck_assert_uint_eq(cache_control(&r.m.cache, &r.m.rng, 0, CACHE_INVALIDATE_ALL,
					&dropped), 4);
	ck_assert_uint_eq(dropped, 0);
	ck_assert(!has(&r, 0, 0x040) && !has(&r, 1, 0x040));
	acc(&r, 0x040, CACHE_READ);
	ck_assert_uint_eq(r.m.cache.last.touch[0].miss_kind, 1);
	rig_close(&r);
}
END_TEST

START_TEST(spanning_access_touches_both_lines)
{
	struct rig r;
	uint64_t cost;

	rig_open(&r, "cache L1 size=1K line=64 ways=2\nwalk 0 count=1 stride=1\n");
	cache_step_begin(&r.m.cache);
	cost = cache_access(&r.m.cache, &r.m.rng, 0x3e, 4, CACHE_READ, NULL);
	ck_assert_uint_eq(r.m.cache.level[0].st.accesses, 2);
	ck_assert_uint_eq(r.m.cache.last.ntouch, 2);
	ck_assert_uint_eq(r.m.cache.last.touch[1].set, 1);
	ck_assert_uint_eq(cost, 2 * (1 + 80));
	ck_assert_uint_eq(r.m.cache.t.accesses, 1);
	rig_close(&r);
}
END_TEST

START_TEST(costs_and_narration)
{
	struct program *p;
	struct engine *e = tu_engine(
		"cache L1 size=128 line=64 ways=1\n"
		"cache L2 size=1K line=64 ways=4\n"
		"cache L3 size=4K line=64 ways=4 latency=10ns\n"
		"latency ram=100ns\n"
		"walk 0x1000 count=1 stride=0 write\n"
		"walk 0x1080 count=1 stride=0\n",
		&p);
	const struct event *ev;
	size_t n;

	engine_goto(e, 1);
	ev = engine_events(e, &n);
	ck_assert_uint_eq(n, 3);
	ck_assert_msg(strstr(ev[2].text, "1 + 4 + 10 + 100 = 115 ns"),
		      "%s", ev[2].text);
	ck_assert_uint_eq(ev[0].target, TGT_CACHE_LINE);
	ck_assert_int_eq(ev[1].id, 1);
	engine_goto(e, 2);
	ev = engine_events(e, &n);
	ck_assert_uint_eq(n, 3);
	ck_assert_msg(strstr(ev[0].text, "evicts tag 0x20 from way 0, dirty: write back to L2"),
		      "%s", ev[0].text);
	ck_assert_msg(strstr(ev[1].text, "L2 hit") == NULL, "%s", ev[1].text);
	ck_assert_msg(strstr(ev[1].text, "L2 miss"), "%s", ev[1].text);
	ck_assert(engine_flags(e, 2) & EVF_CACHE_MISS);
	ck_assert(engine_flags(e, 2) & EVF_EVICT);
	ck_assert_uint_eq(engine_machine(e)->cache.t.total_ns, 2 * 115);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(hit_cost_sentence)
{
	struct program *p;
	struct engine *e = tu_engine(
		"cache L1 size=128 line=64 ways=1\n"
		"cache L2 size=1K line=64 ways=4\n"
		"walk 0x1000 count=1 stride=0 write\n"
		"walk 0x1080 count=1 stride=0\n"
		"walk 0x1000 count=1 stride=0\n",
		&p);
	const struct event *ev;
	size_t n;

	engine_goto(e, 3);
	ev = engine_events(e, &n);
	ck_assert_uint_eq(n, 2);
	ck_assert_msg(strstr(ev[1].text, "L2 hit (set 0, way 0): 1 + 4 = 5 ns"),
		      "%s", ev[1].text);
	ck_assert_uint_eq(engine_machine(e)->cache.last.cost_ns, 5);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(latency_defaults_and_format)
{
	struct rig r;
	char b[32];
	struct latency_rung rung[12];
	size_t n;

	rig_open(&r, "swap-device hdd\nwalk 0 count=1 stride=1\n");
	ck_assert_uint_eq(r.m.cache.lat.ram_ns, 80);
	ck_assert_uint_eq(r.m.cache.lat.ssd_ns, 100000);
	ck_assert_uint_eq(r.m.cache.lat.hdd_ns, 10000000);
	ck_assert_uint_eq(latency_swap_ns(&r.m.cache.lat), 10000000);
	ck_assert_uint_eq(acc(&r, 0, CACHE_READ), 80); /* no cache: RAM */
	ck_assert_str_eq(latency_format(80, b, sizeof b), "80 ns");
	ck_assert_str_eq(latency_format(1250, b, sizeof b), "1.25 us");
	ck_assert_str_eq(latency_format(10000161, b, sizeof b), "10.000161 ms");
	ck_assert_str_eq(latency_format(10000000, b, sizeof b), "10 ms");
	n = latency_ladder(&r.m.cache, rung, 12);
	ck_assert_uint_ge(n, 6);
	ck_assert_str_eq(rung[0].name, "L1");
	ck_assert(!rung[0].present);
	ck_assert_str_eq(rung[3].name, "RAM");
	ck_assert_uint_eq(rung[3].time_ns, 80);
	ck_assert_str_eq(rung[5].name, "HDD");
	ck_assert(rung[5].present);
	latency_translation(&r.m.cache, true, 2, 1, 1, 0);
	ck_assert_uint_eq(r.m.cache.t.disk_ns, 20000000);
	ck_assert_uint_eq(r.m.cache.t.walk_ns, 160);
	ck_assert_uint_eq(r.m.cache.t.total_ns, 80 + 160 + 20000000);
	rig_close(&r);
}
END_TEST

/* ---- properties over random traces ---- */

static uint64_t xs(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

START_TEST(fully_associative_lru_has_no_conflicts)
{
	struct rig r;
	uint64_t s = 88172645463325252ull;
	int i;

	rig_open(&r, "cache L1 size=2K line=64 ways=full\nwalk 0 count=1 stride=1\n");
	for (i = 0; i < 20000; i++) {
		uint64_t a = xs(&s) % 4096 * 16;
		acc(&r, a, xs(&s) % 3 == 0 ? CACHE_WRITE : CACHE_READ);
		if (i % 97 == 0) /* new frame contents: shadow nodes move */
			cache_invalidate_range(&r.m.cache, xs(&s) % 256 * 256,
					       256, NULL);
	}
	ck_assert_uint_eq(r.m.cache.level[0].sets, 1);
	ck_assert_uint_eq(r.m.cache.level[0].st.conflict, 0);
	ck_assert_uint_gt(r.m.cache.level[0].st.capacity, 0);
	rig_close(&r);
}
END_TEST

static const char *const prop_configs[] = {
	"cache L1 size=1K line=32 ways=2 replace=lru\ncache L2 size=4K line=64 ways=4 replace=fifo\n",
	"cache L1 size=512 line=64 ways=4 replace=plru write=through alloc=no-write\ncache L2 size=2K line=64 ways=8 replace=random\ncache L3 size=8K line=128 ways=2\n",
	"cache L1d size=256 line=32 ways=1\ncache L1i size=256 line=32 ways=2\ncache L2 size=1K line=64 ways=full\n",
	"cache L1 size=512 line=32 ways=2 writebacks=demand\ncache L2 size=2K line=64 ways=4 write=through writebacks=demand\ncache L3 size=8K line=64 ways=4 alloc=no-write\n",
};

START_TEST(counters_add_up)
{
	struct rig r;
	uint64_t s = 12345 + (uint64_t)_i;
	uint32_t l;
	int i;
	char text[512];

	snprintf(text, sizeof text, "%swalk 0 count=1 stride=1\n",
		 prop_configs[_i]);
	rig_open(&r, text);
	for (i = 0; i < 20000; i++) {
		uint64_t a = xs(&s) % 16384;
		int k = (int)(xs(&s) % 3);
		cache_step_begin(&r.m.cache);
		cache_access(&r.m.cache, &r.m.rng, a, 1 + (unsigned)(xs(&s) % 8),
			     (enum cache_kind)k, NULL);
	}
	for (l = 0; l < r.m.cache.nlevels; l++) {
		const struct cache_stats *st = &r.m.cache.level[l].st;
		ck_assert_uint_eq(st->hits + st->misses, st->accesses);
		ck_assert_uint_eq(st->compulsory + st->capacity + st->conflict,
				  st->misses);
		ck_assert_uint_eq(st->reads + st->writes, st->accesses);
		/* Demand write-downs are accesses that cost no time. */
		if (strstr(prop_configs[_i], "demand"))
			ck_assert_uint_le(st->time_ns,
					  st->accesses *
						  r.m.cache.level[l].latency_ns);
		else
			ck_assert_uint_eq(st->time_ns,
					  st->accesses *
						  r.m.cache.level[l].latency_ns);
	}
	ck_assert_uint_eq(r.m.cache.t.total_ns, r.m.cache.t.hierarchy_ns);
	rig_close(&r);
}
END_TEST

START_TEST(nine_inclusion_rule)
{
	struct rig r;
	uint64_t s = 4242, k;
	int i;
	bool l1_only_seen = false;

	/*
	 * NINE: a read fills every level it missed in, so right after a read
	 * the line is in L1 and in L2 if L1 missed; and an L2 eviction never
	 * removes a line from L1, so L1 may hold lines L2 does not.
	 */
	rig_open(&r, "cache L1 size=512 line=64 ways=2\ncache L2 size=1K line=64 ways=2\nwalk 0 count=1 stride=1\n");
	for (i = 0; i < 5000; i++) {
		uint64_t a = xs(&s) % 64 * 64;
		acc(&r, a, CACHE_READ);
		ck_assert(has(&r, 0, a));
		if (!r.m.cache.last.touch[0].hit)
			ck_assert(has(&r, 1, a));
		for (k = 0; k < 64 && !l1_only_seen; k++)
			if (has(&r, 0, k * 64) && !has(&r, 1, k * 64))
				l1_only_seen = true;
	}
	ck_assert_msg(l1_only_seen, "NINE: some L1 line should be gone from L2");
	rig_close(&r);
}
END_TEST

/* ---- the engine ---- */

START_TEST(goto_equals_fresh_replay)
{
	const char *text =
		"seed 3\n"
		"cache L1 size=256 line=32 ways=2 replace=random\n"
		"cache L2 size=1K line=64 ways=4 replace=plru write=through\n"
		"walk 0x1000 count=40 stride=24\n"
		"repeat 3\n"
		"walk 0x1000 count=10 stride=100 write\n"
		"walk 0x2000 count=5 stride=4096\n"
		"end\n";
	struct program *p;
	struct engine *e = tu_engine(text, &p);
	size_t n = engine_count(e), k;

	ck_assert_uint_eq(n, 40 + 3 * 15);
	for (k = n; k > 0; k -= 7) {
		struct engine *f = engine_create(p, NULL, 1000);
		size_t j;
		engine_goto(e, k);
		for (j = 0; j < k; j++)
			engine_forward(f);
		ck_assert_msg(machine_equal(engine_machine(e), engine_machine(f)),
			      "goto(%zu) differs from a replay", k);
		engine_destroy(f);
		if (k < 7)
			break;
	}
	engine_goto(e, 10);
	engine_back(e);
	{
		struct engine *f = engine_create(p, NULL, 0);
		engine_goto(f, 9);
		ck_assert(machine_equal(engine_machine(e), engine_machine(f)));
		engine_destroy(f);
	}
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(event_by_event)
{
	struct program *p;
	struct engine *e = tu_engine(
		"cache L1 size=128 line=64 ways=1\n"
		"cache L2 size=1K line=64 ways=4\n"
		"walk 0x1000 count=2 stride=64\n",
		&p);

	engine_goto(e, 1);
	engine_event_back(e);
	ck_assert_uint_eq(engine_event_pos(e), 1);
	/* after L1's event only: L1 filled, L2 not yet */
	ck_assert_uint_eq(engine_machine(e)->cache.level[0].st.misses, 1);
	ck_assert_uint_eq(engine_machine(e)->cache.level[1].st.accesses, 0);
	engine_event_forward(e);
	ck_assert_uint_eq(engine_machine(e)->cache.level[1].st.accesses, 1);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(with_virtual_memory)
{
	const char *text =
		"page-size 4K\nframes 2\npagetable levels=2\nswap-device hdd\n"
		"cache L1 size=1K line=64 ways=2\ncache L2 size=4K line=64 ways=4\n"
		"write 0x1000\nread 0x1008\nread 0x2000\nread 0x3000\n"
		"read 0x1000\nwalk 0x1000 count=8 stride=512 write\n";
	struct program *p;
	struct engine *e = tu_engine(text, &p);
	const struct machine *m;
	size_t k;

	engine_goto(e, 1);
	m = engine_machine(e);
	/* the walk reads level 1 from RAM, zero fill (no disk), L1 + L2 + RAM */
	ck_assert_uint_eq(m->cache.last.walk_ns, 80); /* level 1 is empty */
	ck_assert_uint_eq(m->cache.last.disk_ns, 0);
	ck_assert_uint_eq(m->cache.last.cost_ns, 80 + 1 + 4 + 80);
	ck_assert(m->cache.last.translated);
	engine_goto(e, 2);
	ck_assert_uint_eq(engine_machine(e)->cache.last.cost_ns, 1);
	engine_goto(e, 4); /* evicts dirty page 0x1: written to the HDD */
	m = engine_machine(e);
	ck_assert_uint_eq(m->cache.last.disk_ns, 10000000);
	engine_goto(e, 5); /* page 0x1 read back into frame 1: invalidated */
	m = engine_machine(e);
	ck_assert_uint_eq(m->cache.last.disk_ns, 10000000);
	ck_assert(!m->cache.last.touch[0].hit);
	ck_assert_uint_eq(m->cache.last.touch[0].miss_kind, 1);
	ck_assert(engine_flags(e, 5) & EVF_FAULT);
	for (k = 1; k <= engine_count(e); k++) {
		struct engine *f = engine_create(p, NULL, 1);
		size_t j;
		engine_goto(e, k);
		for (j = 0; j < k; j++)
			engine_forward(f);
		ck_assert(machine_equal(engine_machine(e), engine_machine(f)));
		engine_destroy(f);
	}
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

/*
 * A batch of trace references (access_run_quiet, with its fast paths: the
 * quiet TLB hit, the noted pages, the one-line access) leaves the machine
 * exactly as the same references one at a time by the general path do:
 * with paging (faults, evictions, invalidated frames, a TLB of each
 * policy, OPT, a process killed by a kernel address) and without.
 */
static const char *const batch_configs[] = {
	"page-size 4K\nframes 16\npagetable levels=2\ntlb entries=8 ways=2\n"
	"cache L1 size=1K line=64 ways=4\ncache L2 size=8K line=64 ways=8\n",
	"page-size 4K\nframes 24\npagetable levels=2\n"
	"tlb entries=16 ways=4 replace=fifo\nreplace clock\n"
	"cache L1 size=512 line=32 ways=4 replace=fifo write=through alloc=no-write\n"
	"cache L2 size=4K line=64 ways=16 replace=plru\n",
	"page-size 4K\nframes 12\npagetable levels=3\n"
	"tlb entries=8 ways=8 replace=random\nreplace opt\n"
	"cache L1 size=1K line=64 ways=2 replace=random\n",
	"page-size 1K\naddress-bits 24\nframes 40\npagetable levels=1\n"
	"tlb entries=32 ways=4\n"
	"replace lru\ncache L1 size=2K line=64 ways=8\n",
	"cache L1 size=512 line=64 ways=4 replace=plru write=through alloc=no-write\n"
	"cache L2 size=2K line=64 ways=8 replace=random\ncache L3 size=8K line=128 ways=2\n",
	"cache L1d size=256 line=32 ways=1\ncache L1i size=256 line=32 ways=2\n"
	"cache L2 size=1K line=64 ways=full\n",
	"cache L1 size=512 line=32 ways=2 writebacks=demand\n"
	"cache L2 size=2K line=64 ways=4 write=through writebacks=demand\n"
	"cache L3 size=8K line=64 ways=4 alloc=no-write\n",
};

START_TEST(batch_equals_one_at_a_time)
{
	const char *cfg = batch_configs[_i];
	bool paging = strstr(cfg, "page-size") != NULL;
	enum { N = 6000 };
	static uint64_t refs[N];
	uint64_t s = 0x2545f4914f6cdd1dull + (uint64_t)_i, cur = 0x10000;
	struct rig a, b;
	char text[1024];
	size_t i, ran;

	/* arrays walked, a stack, jumps, a few unaligned and spanning */
	for (i = 0; i < N; i++) {
		uint64_t r = xs(&s), addr;
		int kind = (int)(r >> 40 & 7);
		unsigned size = r >> 44 & 1 ? 8 : 1 + (unsigned)(r >> 45 & 15);
		switch (r % 8) {
		case 0:
			cur = 0x10000 + (r >> 8) % (paging ? 160u << 10 : 24u << 10);
			addr = cur;
			break;
		case 1:
		case 2:
			addr = 0x700000 + (r >> 16) % 2048;
			break;
		default:
			cur += 8;
			addr = cur;
			break;
		}
		kind = kind < 4 ? TRACE_READ : kind < 6 ? TRACE_WRITE :
		       kind < 7 ? TRACE_MODIFY : TRACE_FETCH;
		/* a fetch under paging is checked as a read by a trace step
		 * only; access_step checks execute permission */
		if (paging && kind == TRACE_FETCH)
			kind = TRACE_READ;
		refs[i] = TRACE_PACK(addr, size, kind);
	}
	/* config 3's process dies at a kernel address near the end */
	if (_i == 3)
		refs[N - 50] = TRACE_PACK(1ull << 47, 8, TRACE_READ);
	snprintf(text, sizeof text, "%sread 0\n", cfg);
	rig_open(&a, text);
	rig_open(&b, text);
	cache_step_begin(&a.m.cache);
	ran = access_run_quiet(&a.m, refs, N);
	cache_step_begin(&b.m.cache);
	for (i = 0; i < N; i++) {
		uint64_t r = refs[i];
		int kind = TRACE_KIND(r);
		if (kind == TRACE_MODIFY) {
			access_step(&b.m, NULL, TRACE_ADDR(r), TRACE_SIZE(r),
				    CACHE_READ);
			kind = CACHE_WRITE;
		}
		access_step(&b.m, NULL, TRACE_ADDR(r), TRACE_SIZE(r),
			    (enum cache_kind)kind);
	}
	ck_assert_uint_eq(ran, _i == 3 ? N - 50 : N);
	if (paging) /* the run did fault, evict and refill */
		ck_assert_uint_gt(b.m.vm.st.page_faults, b.m.vm.fr.count);
	ck_assert_uint_gt(b.m.cache.level[0].st.misses, 100);
	ck_assert_msg(machine_equal(&a.m, &b.m), "config %d: the batch differs",
		      _i);
	rig_close(&a);
	rig_close(&b);
}
END_TEST

START_TEST(json_fields)
{
	struct program *p;
	struct engine *e = tu_engine(
		"cache L1 size=128 line=64 ways=1\n"
		"cache L2 size=1K line=64 ways=4\n"
		"walk 0x1000 count=1 stride=0 write\n"
		"walk 0x1080 count=1 stride=0\n", &p);
	const struct step *st;
	struct strbuf sb;
	struct json j;

	engine_goto(e, 2);
	st = engine_step(e, 2);
	strbuf_init(&sb);
	json_init(&j, &sb);
	json_begin_object(&j);
	directive_get(st->op)->json(engine_machine(e), st, &j);
	json_end_object(&j);
	ck_assert_str_eq(sb.buf,
			 "{\"cache\":[{\"level\":\"L1\",\"hit\":false,\"set\":0,\"way\":0,"
			 "\"miss\":\"compulsory\",\"evicted_tag\":32,\"writeback\":true},"
			 "{\"level\":\"L2\",\"hit\":false,\"set\":2,\"way\":0,"
			 "\"miss\":\"compulsory\",\"evicted_tag\":null,\"writeback\":false}],"
			 "\"cost_ns\":85}");
	strbuf_reset(&sb);
	json_init(&j, &sb);
	json_begin_object(&j);
	machine_json_summary(engine_machine(e), &j);
	json_end_object(&j);
	ck_assert_msg(strstr(sb.buf, "\"L1\":{\"accesses\":2,\"hits\":0,\"misses\":2,"
				     "\"compulsory\":2,\"capacity\":0,\"conflict\":0,"
				     "\"writebacks\":1,"), "%s", sb.buf);
	ck_assert_msg(strstr(sb.buf, "\"amat_ns\":85,\"total_ns\":170,"), "%s",
		      sb.buf);
	ck_assert_msg(strstr(sb.buf, "\"time_ns\":{\"L1\":2,\"L2\":8,\"RAM\":160"),
		      "%s", sb.buf);
	strbuf_free(&sb);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

/* ---- parsing ---- */

START_TEST(repeat_blocks)
{
	struct diag d;
	struct program *p;

	p = tu_parse("cache L1 size=1K\nrepeat 2\nwalk 0 count=2 stride=4\n"
		     "repeat 3\nwalk 64 count=1 stride=4\nend\nend\n"
		     "walk 0 count=1 stride=1\n", &d);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(p->nsteps, 2 * (2 + 3) + 1);
	ck_assert_int_eq(p->steps[2].a, 64);
	ck_assert_int_eq(p->steps[5].a, 0);
	program_destroy(p);
	diag_free(&d);

	p = tu_parse("walk 0 count=1 stride=1\nend\n", &d);
	ck_assert_ptr_null(p);
	ck_assert(tu_has(&d, "t.mvs:2:1: error: `end` without a `repeat`"));
	diag_free(&d);

	p = tu_parse("repeat 2\nwalk 0 count=1 stride=1\n", &d);
	ck_assert_ptr_null(p);
	ck_assert(tu_has(&d, "a block is not closed with `end`"));
	diag_free(&d);

	p = tu_parse("walk 0 count=1 stride=1\nrepeat 2\nend\n", &d);
	ck_assert_ptr_null(p);
	ck_assert(tu_has(&d, "t.mvs:3:1: error: the `repeat` block of line 2 has no steps"));
	diag_free(&d);

	p = tu_parse("repeat 2\ncache L1 size=1K\nwalk 0 count=1 stride=1\nend\n", &d);
	ck_assert_ptr_null(p);
	ck_assert(tu_has(&d, "must come before the first step"));
	diag_free(&d);

	p = tu_parse("repeat 0\nwalk 0 count=1 stride=1\nend\n", &d);
	ck_assert_ptr_null(p);
	ck_assert(tu_has(&d, "t.mvs:1:8: error: `repeat` takes a count"));
	diag_free(&d);
}
END_TEST

static void expect_error(const char *text, const char *msg)
{
	struct diag d;
	struct program *p = tu_parse(text, &d);

	ck_assert_ptr_null(p);
	ck_assert_msg(tu_has(&d, msg), "wanted \"%s\", got \"%s\"", msg,
		      d.count ? d.lines[0] : "(nothing)");
	diag_free(&d);
	program_destroy(p);
}

START_TEST(geometry_errors)
{
	expect_error("cache L1 size=1000 line=64\nwalk 0 count=1 stride=1\n",
		     "t.mvs:1:15: error: L1: size 1000 is not a multiple of the line size 64");
	expect_error("cache L1 size=3K line=64 ways=8\nwalk 0 count=1 stride=1\n",
		     "t.mvs:1:15: error: L1: size / (line x ways) gives 6 sets, which is not a power of two");
	expect_error("cache L1 size=1K line=48\nwalk 0 count=1 stride=1\n",
		     "t.mvs:1:23: error: L1: the line size must be a power of two");
	expect_error("cache L1 size=1K line=64 ways=32\nwalk 0 count=1 stride=1\n",
		     "t.mvs:1:31: error: L1: 32 ways need at least 32 lines");
	expect_error("cache L1 size=1536 line=64 ways=3 replace=plru\nwalk 0 count=1 stride=1\n",
		     "t.mvs:1:43: error: L1: plru needs a power-of-two number of ways");
	expect_error("cache L2 size=1K\nwalk 0 count=1 stride=1\n",
		     "t.mvs:1:7: error: L2 needs an L1");
	expect_error("cache L1 size=1K line=64\ncache L2 size=4K line=32\nwalk 0 count=1 stride=1\n",
		     "t.mvs:2:23: error: L2's line (32 bytes) is smaller");
	expect_error("cache L1 size=1K\ncache L1i size=1K\nwalk 0 count=1 stride=1\n",
		     "t.mvs:2:7: error: a unified L1 and a split L1i/L1d");
	expect_error("cache L4 size=1K\nwalk 0 count=1 stride=1\n",
		     "t.mvs:1:7: error: unknown cache level `L4`");
	expect_error("cache L1 size=1K replace=lfu\nwalk 0 count=1 stride=1\n",
		     "unknown replace `lfu`");
	expect_error("cache L1 line=64\nwalk 0 count=1 stride=1\n",
		     "needs size=SIZE");
	expect_error("cache L1 size=1K\ncache L1 size=2K\nwalk 0 count=1 stride=1\n",
		     "t.mvs:2:7: error: `cache L1` is already configured (line 1)");
	expect_error("walk 0 count=1 size=4\n", "`walk` needs count=N and stride=BYTES");
	expect_error("latency ram=fast\nwalk 0 count=1 stride=1\n",
		     "t.mvs:1:13: error: expected a duration");
	expect_error("swap-device tape\nwalk 0 count=1 stride=1\n",
		     "unknown swap device `tape`");
}
END_TEST

/* access_paging, the one place that says whether addresses are virtual. */
START_TEST(paging_is_decided_once)
{
	static const struct {
		const char *text;
		bool paging;
	} cases[] = {
		{ "cache L1 size=1K\nread 0x100\n", false },
		{ "frames 4\nrefs 1 2\n", true },
		{ "read 0x1000\n", true }, /* no other model: a VM lesson */
		{ "heap size=1K\nmalloc a 8\nwrite a\n", false },
		{ "page-size 4K\ncache L1 size=1K\nread 0x100\n", true },
		/* swap alone, beside caches, does not make addresses virtual */
		{ "swap-device hdd\ncache L1 size=1K\nread 0x100\n", false },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct diag d;
		struct program *p = tu_parse(cases[i].text, &d);
		ck_assert_msg(p != NULL, "case %zu: %s", i,
			      d.count ? d.lines[0] : "");
		ck_assert_msg(access_paging(p) == cases[i].paging, "case %zu",
			      i);
		program_destroy(p);
		diag_free(&d);
	}
}
END_TEST

Suite *cache_suite(void)
{
	Suite *s = suite_create("cache");
	TCase *tc;

	tc = tcase_create("access path");
	tcase_add_test(tc, paging_is_decided_once);
	suite_add_tcase(s, tc);
	tc = tcase_create("replacement");
	tcase_add_test(tc, lru_evicts_least_recent);
	tcase_add_test(tc, fifo_evicts_oldest_fill);
	tcase_add_test(tc, plru_follows_tree_bits);
	tcase_add_test(tc, random_is_seeded);
	suite_add_tcase(s, tc);
	tc = tcase_create("write policies");
	tcase_add_test(tc, write_back_dirty_eviction);
	tcase_add_test(tc, write_through_never_dirty);
	tcase_add_test(tc, no_write_allocate_goes_down);
	suite_add_tcase(s, tc);
	tc = tcase_create("misses and costs");
	tcase_add_test(tc, three_c_by_hand);
	tcase_add_test(tc, spanning_access_touches_both_lines);
	tcase_add_test(tc, costs_and_narration);
	tcase_add_test(tc, hit_cost_sentence);
	tcase_add_test(tc, latency_defaults_and_format);
	suite_add_tcase(s, tc);
	tc = tcase_create("writebacks=demand");
	tcase_add_test(tc, writebacks_demand_by_hand);
	suite_add_tcase(s, tc);
	tc = tcase_create("din copy back and invalidate");
	tcase_add_test(tc, copyback_and_invalidate);
	suite_add_tcase(s, tc);
	tc = tcase_create("3C with alloc=no-write");
	tcase_add_test(tc, three_c_no_write_allocate_as_dinero);
	suite_add_tcase(s, tc);
	tc = tcase_create("properties");
	tcase_add_test(tc, fully_associative_lru_has_no_conflicts);
	tcase_add_loop_test(tc, counters_add_up, 0,
			    (int)(sizeof prop_configs / sizeof prop_configs[0]));
	tcase_add_test(tc, nine_inclusion_rule);
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);
	tc = tcase_create("engine");
	tcase_add_test(tc, goto_equals_fresh_replay);
	tcase_add_test(tc, event_by_event);
	tcase_add_test(tc, with_virtual_memory);
	tcase_add_loop_test(tc, batch_equals_one_at_a_time, 0,
			    (int)(sizeof batch_configs / sizeof *batch_configs));
	tcase_add_test(tc, json_fields);
	suite_add_tcase(s, tc);
	tc = tcase_create("parsing");
	tcase_add_test(tc, repeat_blocks);
	tcase_add_test(tc, geometry_errors);
	suite_add_tcase(s, tc);
	return s;
}
