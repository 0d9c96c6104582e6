/*
 * check_gc.c: the garbage collector: each algorithm on hand-worked
 * graphs, the configuration errors, and property tests on random object
 * graphs and mutation sequences (a full tracing collection frees exactly
 * the unreachable objects; reference counting never frees a reachable
 * object and leaks exactly what sits on or hangs from a cycle; a minor
 * collection never frees what an old object reaches), plus engine
 * reversibility with GC steps.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/directive.h"
#include "core/gc.h"
#include "core/json.h"
#include "core/machine.h"
#include "core/stack.h"
#include "test_util.h"

/* The gc state after step k. */
static const struct gc *gc_at(struct engine *e, size_t k)
{
	engine_goto(e, k);
	return &engine_machine(e)->gc;
}

/* The newest object created under `name`. */
static const struct gc_object *obj(struct engine *e, const struct program *p,
				   const char *name)
{
	const struct gc *g = &engine_machine(e)->gc;
	uint32_t id = gc_lookup(g, program_lookup(p, name));

	ck_assert_msg(id != GC_NIL, "no object %s", name);
	return gc_object(g, id);
}

/* Is `name` (a label) in the step's id list? */
static bool in_ids(const struct gc *g, const struct program *p,
		   const struct gc_ids *ids, const char *name)
{
	char b[80];
	size_t i;

	for (i = 0; i < ids->n; i++) {
		gc_label(g, p, ids->v[i], b, sizeof b);
		if (strcmp(b, name) == 0)
			return true;
	}
	return false;
}

/* Concatenated narration of the current step. */
static void step_text(struct engine *e, char *out, size_t outsz)
{
	const struct event *ev;
	size_t n, i, off = 0;

	ev = engine_events(e, &n);
	out[0] = '\0';
	for (i = 0; i < n && off < outsz; i++)
		off += (size_t)snprintf(out + off, outsz - off, "%s ",
					ev[i].text);
}

static const char *cycle_text =
	"new A 32\n"
	"new B 32\n"
	"set A.ref = B\n"
	"set B.ref = A\n"
	"unroot A\n"
	"unroot B\n"
	"gc\n";

START_TEST(refcount_cycle_leaks)
{
	struct program *p;
	char text[512];
	struct engine *e;
	const struct gc *g;
	char buf[4096];

	snprintf(text, sizeof text, "gc refcount\n%s", cycle_text);
	e = tu_engine(text, &p);
	g = gc_at(e, 4);
	ck_assert_uint_eq(obj(e, p, "A")->rc, 2);
	ck_assert_uint_eq(obj(e, p, "B")->rc, 2);
	g = gc_at(e, 6);
	ck_assert(obj(e, p, "A")->live && obj(e, p, "B")->live);
	ck_assert_uint_eq(obj(e, p, "A")->rc, 1);
	ck_assert(obj(e, p, "A")->leaked && obj(e, p, "B")->leaked);
	g = gc_at(e, 7);
	ck_assert_uint_eq(g->freed.n, 0);
	ck_assert_uint_eq(g->collections, 0);
	step_text(e, buf, sizeof buf);
	ck_assert_ptr_nonnull(strstr(buf, "leaked"));
	ck_assert_uint_eq(gc_unreachable_count(g, &engine_machine(e)->stack), 2);
	ck_assert_ptr_null(gc_check(g, NULL));
	engine_destroy(e);
	program_destroy(p);

	snprintf(text, sizeof text, "gc refcount cycles=on\n%s", cycle_text);
	e = tu_engine(text, &p);
	g = gc_at(e, 7);
	ck_assert_uint_eq(g->freed.n, 2);
	ck_assert(in_ids(g, p, &g->freed, "A") && in_ids(g, p, &g->freed, "B"));
	ck_assert(!obj(e, p, "A")->live && !obj(e, p, "B")->live);
	ck_assert_uint_eq(g->collections, 1);
	ck_assert_uint_eq(g->freed_bytes, 64);
	ck_assert(engine_flags(e, 7) & EVF_GC);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(refcount_cascade)
{
	struct program *p;
	struct engine *e = tu_engine("gc refcount\n"
				     "new A 32\nnew B 32\nnew C 32\n"
				     "set A.n = B\nset B.n = C\n"
				     "unroot B\nunroot C\nunroot A\n",
				     &p);
	const struct gc *g = gc_at(e, 7);

	ck_assert_uint_eq(g->freed.n, 0);
	ck_assert_uint_eq(obj(e, p, "C")->rc, 1);
	g = gc_at(e, 8);
	ck_assert_uint_eq(g->freed.n, 3);
	ck_assert_uint_eq(g->freed.v[0], gc_lookup(g, program_lookup(p, "A")));
	ck_assert_uint_eq(g->freed.v[2], gc_lookup(g, program_lookup(p, "C")));
	ck_assert_uint_eq(g->live_objects, 0);
	ck_assert_ptr_null(gc_check(g, NULL));
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

/* A -> B -> C rooted at A; D garbage in the middle of the heap. */
static const char *graph_text =
	"new A 32\nnew D 32\nnew B 32\nnew C 32\n"
	"set A.n = B\nset B.n = C\nset D.n = C\n"
	"unroot D\nunroot B\nunroot C\n"
	"gc\n";

static struct engine *graph(const char *alg, struct program **p)
{
	char text[512];

	snprintf(text, sizeof text, "gc %s heap=512\n%s", alg, graph_text);
	return tu_engine(text, p);
}

START_TEST(mark_sweep_graph)
{
	struct program *p;
	struct engine *e = graph("mark-sweep", &p);
	const struct gc *g = gc_at(e, 11);
	uint64_t ha[4], hs[4];

	ck_assert_uint_eq(g->marked.n, 3);
	ck_assert_uint_eq(g->freed.n, 1);
	ck_assert(in_ids(g, p, &g->freed, "D"));
	ck_assert_uint_eq(g->moved.n, 0);
	ck_assert_uint_eq(obj(e, p, "B")->addr, 0x20040);
	/* the free list: D's hole, then the rest of the heap */
	ck_assert_uint_eq(gc_holes(g, 0, ha, hs, 4), 2);
	ck_assert_uint_eq(ha[0], 0x20020);
	ck_assert_uint_eq(hs[0], 32);
	ck_assert_uint_eq(g->max_pause, g->total_pause);
	ck_assert_ptr_null(gc_check(g, NULL));
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(mark_compact_graph)
{
	struct program *p;
	struct engine *e = graph("mark-compact", &p);
	const struct gc *g = gc_at(e, 11);

	ck_assert_uint_eq(g->freed.n, 1);
	ck_assert(in_ids(g, p, &g->freed, "D"));
	ck_assert_uint_eq(g->moved.n, 2);
	ck_assert_uint_eq(obj(e, p, "A")->addr, 0x20000);
	ck_assert_uint_eq(obj(e, p, "B")->addr, 0x20020);
	ck_assert_uint_eq(obj(e, p, "C")->addr, 0x20040);
	ck_assert_uint_eq(gc_free_bytes(g), 512 - 96);
	ck_assert_ptr_null(gc_check(g, NULL));
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(copying_graph)
{
	struct program *p;
	struct engine *e = graph("copying", &p);
	const struct gc *g = gc_at(e, 10);

	ck_assert_int_eq(g->cur_space, 0);
	g = gc_at(e, 11);
	ck_assert_int_eq(g->cur_space, 1);
	ck_assert_uint_eq(g->moved.n, 3);
	ck_assert_uint_eq(g->freed.n, 1);
	ck_assert(in_ids(g, p, &g->freed, "D"));
	/* Cheney order: A (root), then B, then C, from the to-space base. */
	ck_assert_uint_eq(obj(e, p, "A")->addr, 0x20100);
	ck_assert_uint_eq(obj(e, p, "B")->addr, 0x20120);
	ck_assert_uint_eq(obj(e, p, "C")->addr, 0x20140);
	ck_assert_ptr_null(gc_check(g, NULL));
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(stack_roots_conservative)
{
	struct program *p;
	/* B is at 0x20020: a local holding that value keeps it alive. */
	struct engine *e = tu_engine("gc mark-compact heap=256\n"
				     "new A 32\nnew B 32\nunroot A\nunroot B\n"
				     "call main\nlocal p 8 = 0x20020\n"
				     "gc\nret\ngc\n",
				     &p);
	const struct gc *g = gc_at(e, 7);
	const struct stack *st;

	ck_assert(in_ids(g, p, &g->freed, "A"));
	ck_assert(obj(e, p, "B")->live);
	/* B slid down to the base, and the slot was rewritten. */
	ck_assert_uint_eq(obj(e, p, "B")->addr, 0x20000);
	st = &engine_machine(e)->stack;
	ck_assert_int_eq(stack_find(st, program_lookup(p, "p"))->value, 0x20000);
	g = gc_at(e, 9);
	ck_assert(in_ids(g, p, &g->freed, "B"));
	ck_assert_uint_eq(g->live_objects, 0);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(refcount_stack_counts)
{
	struct program *p;
	struct engine *e = tu_engine("gc refcount\n"
				     "new A 32\ncall main\nlocal p 8 = 0x20000\n"
				     "unroot A\nret\nroot A\n",
				     &p);

	const struct event *ev;
	size_t n, i;
	bool freed = false;

	/* the local counts at once: A's count is 2, then 1 without its global */
	gc_at(e, 3);
	ck_assert_uint_eq(obj(e, p, "A")->rc, 2);
	ck_assert_uint_eq(obj(e, p, "A")->stack_rc, 1);
	gc_at(e, 4);
	ck_assert(obj(e, p, "A")->live);
	ck_assert_uint_eq(obj(e, p, "A")->rc, 1);
	/* the frame returns: the ret step itself frees A */
	gc_at(e, 5);
	ck_assert(!obj(e, p, "A")->live);
	ev = engine_events(e, &n);
	for (i = 0; i < n; i++)
		if (ev[i].kind == EV_RC_FREE ||
		    strstr(ev[i].text, "freed at once"))
			freed = true;
	ck_assert(freed);
	ck_assert_int_eq(engine_machine(e)->gc.result_step, 5);
	engine_destroy(e);
	program_destroy(p);

	/* a tracing collector: the ret says what became garbage */
	e = tu_engine("gc mark-sweep\nnew A 32\ncall main\n"
		      "local p 8 = 0x20000\nunroot A\nret\n", &p);
	gc_at(e, 5);
	ev = engine_events(e, &n);
	ck_assert_int_eq(ev[n - 1].kind, EV_GARBAGE);
	ck_assert_ptr_nonnull(strstr(ev[n - 1].text, "Nothing reaches A now"));
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(allocation_triggers_collection)
{
	struct program *p;
	struct engine *e = tu_engine("gc mark-sweep heap=128\n"
				     "new a 32\nnew a 32\nnew a 32\nnew a 32\n"
				     "new a 32\n",
				     &p);
	const struct gc *g = gc_at(e, 5);

	ck_assert_uint_eq(g->collections, 1);
	ck_assert_uint_eq(g->freed.n, 3);
	ck_assert_uint_eq(obj(e, p, "a")->nth, 5);
	ck_assert_uint_eq(obj(e, p, "a")->addr, 0x20000);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(out_of_memory_halts)
{
	struct program *p;
	struct engine *e = tu_engine("gc copying heap=128\n"
				     "new a 32\nnew b 32\nnew c 32\nnew d 32\n",
				     &p);

	ck_assert_uint_eq(engine_count(e), 3);
	ck_assert(engine_flags(e, 3) & EVF_ERROR);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(generational_promotion_and_remembered_set)
{
	struct program *p;
	struct engine *e = tu_engine("gc generational heap=512 young=128 promote-after=2\n"
				     "new cache 32\n"
				     "gc\ngc\n"
				     "new y 16\n"
				     "set cache.e = y\n"
				     "unroot y\n"
				     "gc\n"
				     "new t 16\nunroot t\ngc\n",
				     &p);
	const struct gc *g = gc_at(e, 2);

	ck_assert(!obj(e, p, "cache")->old);
	ck_assert_uint_eq(obj(e, p, "cache")->age, 1);
	g = gc_at(e, 3);
	ck_assert(obj(e, p, "cache")->old);
	ck_assert_uint_eq(g->promotions, 1);
	ck_assert_uint_eq(obj(e, p, "cache")->addr, 0x20080);
	g = gc_at(e, 5);
	ck_assert(obj(e, p, "cache")->remembered);
	g = gc_at(e, 7);
	ck_assert(obj(e, p, "y")->live);
	ck_assert(in_ids(g, p, &g->marked, "y"));
	g = gc_at(e, 10);
	ck_assert(in_ids(g, p, &g->freed, "t"));
	ck_assert_uint_eq(g->minor, 4);
	ck_assert_uint_eq(g->died_young, 1);
	ck_assert_ptr_null(gc_check(g, NULL));
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(generational_without_barrier_loses_young)
{
	struct program *p;
	struct engine *e = tu_engine("gc generational heap=512 young=128 promote-after=1 barrier=off\n"
				     "new cache 32\ngc\n"
				     "new y 16\nset cache.e = y\nunroot y\ngc\n"
				     "use cache.e\n",
				     &p);
	const struct gc *g = gc_at(e, 6);

	ck_assert(!obj(e, p, "y")->live);
	ck_assert(obj(e, p, "y")->wrongly_freed);
	ck_assert_uint_eq(g->wrongly_freed, 1);
	ck_assert(engine_flags(e, 6) & EVF_ERROR);
	ck_assert(engine_flags(e, 7) & EVF_ERROR);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

static const char *incremental_text =
	"new C 32\nnew A 32\nnew B 32\n"
	"set C.f = B\nunroot B\n"
	"gc step\ngc step\n"  /* roots grey; A scanned (black) */
	"set A.f = B\nset C.f = null\n"
	"gc step\ngc step\ngc step\ngc step\n"
	"use A.f\n";

START_TEST(incremental_barrier)
{
	struct program *p;
	char text[512];
	struct engine *e;
	const struct gc *g;

	snprintf(text, sizeof text, "gc incremental barrier=off\n%s",
		 incremental_text);
	e = tu_engine(text, &p);
	g = gc_at(e, 7);
	ck_assert_int_eq(obj(e, p, "A")->color, GC_BLACK);
	ck_assert_int_eq(obj(e, p, "B")->color, GC_WHITE);
	ck_assert_int_eq(g->phase, GC_PHASE_MARK);
	g = gc_at(e, engine_count(e));
	ck_assert_uint_eq(g->wrongly_freed, 1);
	ck_assert(!obj(e, p, "B")->live);
	ck_assert(engine_flags(e, engine_count(e)) & EVF_ERROR);
	engine_destroy(e);
	program_destroy(p);

	snprintf(text, sizeof text, "gc incremental barrier=on\n%s",
		 incremental_text);
	e = tu_engine(text, &p);
	g = gc_at(e, 8);
	ck_assert_int_eq(obj(e, p, "B")->color, GC_GREY);
	ck_assert_uint_eq(g->barrier_hits, 1);
	g = gc_at(e, engine_count(e));
	ck_assert_uint_eq(g->wrongly_freed, 0);
	ck_assert(obj(e, p, "B")->live);
	ck_assert(!(engine_flags(e, engine_count(e)) & EVF_ERROR));
	/* each increment is a short pause */
	ck_assert_uint_le(g->max_pause, 4);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(json_step_fields)
{
	struct program *p;
	struct engine *e = graph("copying", &p);
	struct strbuf sb;
	struct json j;

	engine_goto(e, 11);
	strbuf_init(&sb);
	json_init(&j, &sb);
	json_begin_object(&j);
	gc_json_step(&engine_machine(e)->gc, engine_machine(e)->prog,
		     engine_machine(e)->steps_done, &j);
	json_end_object(&j);
	ck_assert_str_eq(sb.buf, "{\"gc\":{\"algorithm\":\"copying\",\"phase\":\"flip\",\"marked\":[\"A\",\"B\",\"C\"],\"freed\":[\"D\"],\"moved\":[\"A\",\"B\",\"C\"]}}");
	strbuf_reset(&sb);
	json_init(&j, &sb);
	json_begin_object(&j);
	machine_json_summary(engine_machine(e), &j);
	json_end_object(&j);
	ck_assert_ptr_nonnull(strstr(sb.buf, "\"collections\":1"));
	ck_assert_ptr_nonnull(strstr(sb.buf, "\"freed_objects\":1"));
	ck_assert_ptr_nonnull(strstr(sb.buf, "\"freed_bytes\":32"));
	ck_assert_ptr_nonnull(strstr(sb.buf, "\"max_pause_steps\":"));
	ck_assert_ptr_nonnull(strstr(sb.buf, "\"leaked_objects\":0"));
	strbuf_free(&sb);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(config_errors)
{
	static const struct {
		const char *text, *msg;
	} bad[] = {
		{ "gc mark-sweep young=64\nnew a 8\n", "generational collector only" },
		{ "gc refcount barrier=off\nnew a 8\n", "`barrier` applies" },
		{ "gc generational\ngc refcount\nnew a 8\n", "configured twice" },
		{ "new a 8\ngc copying\n", "before the first step" },
		{ "gc mark-sweep\ngc minor\n", "needs the generational" },
		{ "gc mark-sweep\ngc step\n", "needs the incremental" },
		{ "new a 8 fields=3\n", "at most 1 reference" },
		{ "new a.b 8\n", "cannot contain" },
		{ "new a 8\nset a = b\n", "OBJECT.FIELD" },
		{ "gc mark-sweep heap=100\nnew a 8\n", "multiple of 16" },
		{ "gc refcount threshold=4\nnew a 8\n", "cycles=on" },
		{ "gc sweep\n", "collection" },
	};
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct diag d;
		struct program *p = tu_parse(bad[i].text, &d);
		ck_assert_msg(p == NULL, "accepted: %s", bad[i].text);
		ck_assert_msg(tu_has(&d, bad[i].msg), "%s: got %s", bad[i].text,
			      d.count ? d.lines[0] : "nothing");
		diag_free(&d);
	}
}
END_TEST

START_TEST(logic_errors)
{
	struct diag d;
	struct program *p = tu_parse("new a 16 fields=1\nset a.x = a\n"
				     "set a.y = a\nset b.x = a\n", &d);
	struct engine *e;

	ck_assert_ptr_nonnull(p);
	e = engine_create(p, &d, 0);
	ck_assert_ptr_null(e);
	ck_assert(tu_has(&d, "t.mvs:3:1: error: `a` has no room for a field `y`"));
	ck_assert(tu_has(&d, "t.mvs:4:1: error: unknown object `b`"));
	diag_free(&d);
	program_destroy(p);
}
END_TEST

/* ---- property tests ---- */

struct rng {
	uint64_t s;
};

static uint32_t rnd(struct rng *r, uint32_t n)
{
	r->s = r->s * 6364136223846793005ull + 1442695040888963407ull;
	return (uint32_t)((r->s >> 33) % n);
}

/* A random mutation sequence over objects o0..o(n-1). */
static void random_program(struct strbuf *sb, struct rng *r, const char *cfg,
			   int nops, const char *last)
{
	int created = 0, i, depth = 0, locals = 0;

	strbuf_printf(sb, "%s\n", cfg);
	for (i = 0; i < nops; i++) {
		uint32_t k = rnd(r, 12);

		/* Frames and locals: stack roots that come and go. */
		if (k == 10 && created >= 2) {
			if (depth == 0 || rnd(r, 3) == 0) {
				strbuf_printf(sb, "call f%d\n", depth);
				depth++;
			}
			strbuf_printf(sb, "local v%d 8 = o%u\n", locals++,
				      rnd(r, (uint32_t)created));
			continue;
		}
		if (k == 11 && created >= 2) {
			if (depth > 0) {
				strbuf_printf(sb, "ret\n");
				depth--;
			}
			continue;
		}
		if (k >= 10)
			k = 9;
		if (created < 2 || (k < 3 && created < 40)) {
			strbuf_printf(sb, "new o%d %u fields=4\n", created,
				      32 + 8 * rnd(r, 3));
			created++;
		} else if (k < 7) {
			if (rnd(r, 4) == 0)
				strbuf_printf(sb, "set o%u.f%u = null\n",
					      rnd(r, (uint32_t)created), rnd(r, 4));
			else
				strbuf_printf(sb, "set o%u.f%u = o%u\n",
					      rnd(r, (uint32_t)created), rnd(r, 4),
					      rnd(r, (uint32_t)created));
		} else if (k < 9) {
			strbuf_printf(sb, "unroot o%u\n", rnd(r, (uint32_t)created));
		} else {
			strbuf_printf(sb, "root o%u\n", rnd(r, (uint32_t)created));
		}
	}
	if (last)
		strbuf_printf(sb, "%s\n", last);
}

/* No reachable live object points to a freed one. */
static void check_no_lost(const struct gc *g, const struct stack *st,
			  const char *what)
{
	uint8_t *reach = malloc(g->nobjs + 1);
	size_t i;
	unsigned k;

	gc_reachable(g, st, reach);
	for (i = 0; i < g->nobjs; i++) {
		const struct gc_object *o = gc_object(g, (uint32_t)i);
		if (!reach[i])
			continue;
		for (k = 0; k < o->nfields; k++)
			ck_assert_msg(o->field[k] == GC_NIL ||
					      gc_object(g, o->field[k])->live,
				      "%s: a reachable object points to a freed one",
				      what);
	}
	free(reach);
}

static void tracing_property(const char *cfg, const char *last, int seeds)
{
	int seed;

	for (seed = 1; seed <= seeds; seed++) {
		struct rng r = { (uint64_t)seed * 7919 };
		struct strbuf sb;
		struct program *p;
		struct engine *e;
		uint8_t *reach;
		const struct gc *g;
		size_t n, k, i;

		strbuf_init(&sb);
		random_program(&sb, &r, cfg, 120, last);
		e = tu_engine(sb.buf, &p);
		n = engine_count(e);
		for (k = 1; k <= n; k++) {
			g = gc_at(e, k);
			ck_assert_msg(gc_check(g, &engine_machine(e)->stack) == NULL,
				      "%s seed %d step %zu: %s", cfg, seed, k,
				      gc_check(g, &engine_machine(e)->stack));
			check_no_lost(g, &engine_machine(e)->stack, cfg);
			ck_assert_uint_eq(g->wrongly_freed, 0);
		}
		/* the last step is a full collection: exactly the unreachable go */
		g = gc_at(e, n - 1);
		reach = malloc(g->nobjs + 1);
		gc_reachable(g, &engine_machine(e)->stack, reach);
		g = gc_at(e, n);
		for (i = 0; i < g->nobjs; i++) {
			const struct gc_object *o = gc_object(g, (uint32_t)i);
			ck_assert_msg(o->live == reach[i],
				      "%s seed %d: object %zu live=%d reachable=%d",
				      cfg, seed, i, o->live, reach[i]);
		}
		free(reach);
		strbuf_free(&sb);
		engine_destroy(e);
		program_destroy(p);
	}
}

START_TEST(prop_mark_sweep)
{
	tracing_property("gc mark-sweep heap=2K", "gc", 12);
	tracing_property("gc mark-sweep heap=1K threshold=7", "gc", 8);
}
END_TEST

START_TEST(prop_mark_compact)
{
	tracing_property("gc mark-compact heap=1K", "gc", 12);
}
END_TEST

START_TEST(prop_copying)
{
	tracing_property("gc copying heap=2K", "gc", 12);
}
END_TEST

START_TEST(prop_generational)
{
	tracing_property("gc generational heap=2K young=256", "gc major", 12);
	tracing_property("gc generational heap=2K young=512 promote-after=1 threshold=5",
			 "gc major", 8);
}
END_TEST

START_TEST(prop_incremental)
{
	/* a full `gc` finishes the cycle in progress; a second one is a
	 * complete cycle, which frees exactly the unreachable */
	tracing_property("gc incremental heap=2K threshold=6 paced=on", "gc\ngc", 12);
}
END_TEST

START_TEST(prop_refcount)
{
	int seed;

	for (seed = 1; seed <= 16; seed++) {
		struct rng r = { (uint64_t)seed * 104729 };
		struct strbuf sb;
		struct program *p;
		struct engine *e;
		size_t n, k, i;

		strbuf_init(&sb);
		random_program(&sb, &r, "gc refcount heap=4K", 150, NULL);
		e = tu_engine(sb.buf, &p);
		n = engine_count(e);
		for (k = 1; k <= n; k++) {
			const struct gc *g = gc_at(e, k);
			const struct stack *st = &engine_machine(e)->stack;
			uint8_t *reach = malloc(g->nobjs + 1);
			uint8_t *has_in = calloc(g->nobjs + 1, 1);

			ck_assert_ptr_null(gc_check(g, st));
			check_no_lost(g, st, "refcount");
			gc_reachable(g, st, reach);
			/* every unreachable live object is referenced by another
			 * unreachable live one: it sits on or hangs from a cycle
			 * (nothing with no incoming references is left) */
			for (i = 0; i < g->nobjs; i++) {
				const struct gc_object *o = gc_object(g, (uint32_t)i);
				unsigned f;
				if (!o->live || reach[i])
					continue;
				for (f = 0; f < o->nfields; f++)
					if (o->field[f] != GC_NIL)
						has_in[o->field[f]] = 1;
			}
			for (i = 0; i < g->nobjs; i++) {
				const struct gc_object *o = gc_object(g, (uint32_t)i);
				if (o->live && !reach[i])
					ck_assert_msg(has_in[i] && o->leaked,
						      "seed %d step %zu: object %zu unreachable, not on a cycle, not freed",
						      seed, k, i);
			}
			free(reach);
			free(has_in);
		}
		strbuf_free(&sb);
		engine_destroy(e);
		program_destroy(p);
	}
}
END_TEST

START_TEST(prop_refcount_cycles_on)
{
	/* with the cycle collector, a final gc leaves exactly the reachable */
	tracing_property("gc refcount cycles=on heap=4K", "gc", 12);
}
END_TEST

START_TEST(prop_minor_keeps_old_reachable)
{
	int seed;

	for (seed = 1; seed <= 16; seed++) {
		struct rng r = { (uint64_t)seed * 31337 };
		struct strbuf sb;
		struct program *p;
		struct engine *e;
		size_t n, k, i;

		strbuf_init(&sb);
		random_program(&sb, &r, "gc generational heap=4K young=512 promote-after=1", 40, "gc");
		/* more mutations with old objects around, then minors */
		for (i = 0; i < 6; i++) {
			struct strbuf more;
			strbuf_init(&more);
			random_program(&more, &r, "", 15, "gc minor");
			strbuf_add(&sb, more.buf + 1, more.len - 1);
			strbuf_free(&more);
		}
		e = tu_engine(sb.buf, &p);
		n = engine_count(e);
		for (k = 2; k <= n; k++) {
			const struct step *s = engine_step(e, k);
			const struct gc *g;
			uint8_t *from_old;
			size_t top = 0;
			uint32_t *stk;

			if (strcmp(directive_get(s->op)->name, "gc") != 0)
				continue;
			/* what old objects reach before the minor collection */
			g = gc_at(e, k - 1);
			from_old = calloc(g->nobjs + 1, 1);
			stk = malloc((g->nobjs + 1) * sizeof *stk);
			for (i = 0; i < g->nobjs; i++)
				if (gc_object(g, (uint32_t)i)->live &&
				    gc_object(g, (uint32_t)i)->old) {
					from_old[i] = 1;
					stk[top++] = (uint32_t)i;
				}
			while (top) {
				const struct gc_object *o = gc_object(g, stk[--top]);
				unsigned f;
				for (f = 0; f < o->nfields; f++) {
					uint32_t t = o->field[f];
					if (t != GC_NIL && gc_object(g, t)->live &&
					    !from_old[t]) {
						from_old[t] = 1;
						stk[top++] = t;
					}
				}
			}
			g = gc_at(e, k);
			for (i = 0; i < g->nobjs; i++)
				if (from_old[i])
					ck_assert_msg(gc_object(g, (uint32_t)i)->live,
						      "seed %d step %zu: minor freed object %zu reachable from an old one",
						      seed, k, i);
			free(from_old);
			free(stk);
		}
		strbuf_free(&sb);
		engine_destroy(e);
		program_destroy(p);
	}
}
END_TEST

START_TEST(reversible_with_gc_steps)
{
	static const char *const cfgs[] = {
		"gc refcount cycles=on heap=1K", "gc mark-sweep heap=1K threshold=9",
		"gc mark-compact heap=1K", "gc copying heap=1K",
		"gc generational heap=1K young=256 threshold=6",
		"gc incremental heap=1K threshold=5 paced=on",
	};
	size_t c;

	for (c = 0; c < sizeof cfgs / sizeof cfgs[0]; c++) {
		struct rng r = { 99 + c };
		struct strbuf sb;
		struct program *p;
		struct engine *e, *fresh;
		struct diag d;
		size_t n, k;

		strbuf_init(&sb);
		random_program(&sb, &r, cfgs[c], 90, "gc");
		e = tu_engine(sb.buf, &p);
		diag_init(&d, "t.mvs");
		fresh = engine_create(p, &d, 1000000);
		diag_free(&d);
		n = engine_count(e);
		/* jump around in e; step fresh forward one step at a time */
		for (k = 1; k <= n; k++) {
			size_t back = rnd(&r, (uint32_t)k);
			engine_goto(e, back);
			engine_goto(e, k);
			engine_forward(fresh);
			ck_assert_msg(machine_equal(engine_machine(e),
						    engine_machine(fresh)),
				      "%s: goto(%zu) differs from a replay", cfgs[c], k);
		}
		/* event by event back to the start: every event undoes one
		 * (a model that emits past its budget would loop here) */
		engine_goto(e, n);
		for (k = 0; engine_event_back(e); k++)
			ck_assert_uint_lt(k, 100000);
		ck_assert_uint_eq(engine_pos(e), 0);
		engine_destroy(fresh);
		engine_destroy(e);
		program_destroy(p);
		strbuf_free(&sb);
	}
}
END_TEST

Suite *gc_suite(void)
{
	Suite *s = suite_create("gc");
	TCase *t;

	t = tcase_create("algorithms");
	tcase_add_test(t, refcount_cycle_leaks);
	tcase_add_test(t, refcount_cascade);
	tcase_add_test(t, mark_sweep_graph);
	tcase_add_test(t, mark_compact_graph);
	tcase_add_test(t, copying_graph);
	tcase_add_test(t, stack_roots_conservative);
	tcase_add_test(t, refcount_stack_counts);
	tcase_add_test(t, allocation_triggers_collection);
	tcase_add_test(t, out_of_memory_halts);
	tcase_add_test(t, generational_promotion_and_remembered_set);
	tcase_add_test(t, generational_without_barrier_loses_young);
	tcase_add_test(t, incremental_barrier);
	tcase_add_test(t, json_step_fields);
	suite_add_tcase(s, t);

	t = tcase_create("errors");
	tcase_add_test(t, config_errors);
	tcase_add_test(t, logic_errors);
	suite_add_tcase(s, t);

	t = tcase_create("properties");
	tcase_set_timeout(t, 120);
	tcase_add_test(t, prop_mark_sweep);
	tcase_add_test(t, prop_mark_compact);
	tcase_add_test(t, prop_copying);
	tcase_add_test(t, prop_generational);
	tcase_add_test(t, prop_incremental);
	tcase_add_test(t, prop_refcount);
	tcase_add_test(t, prop_refcount_cycles_on);
	tcase_add_test(t, prop_minor_keeps_old_reachable);
	tcase_add_test(t, reversible_with_gc_steps);
	suite_add_tcase(s, t);
	return s;
}
