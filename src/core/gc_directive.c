/*
 * gc_directive.c: the scenario directives of the garbage collector:
 *
 *   gc ALGORITHM [heap=SIZE] [base=ADDR] [threshold=N] [young=SIZE]
 *      [promote-after=N] [increment=N] [paced=on|off] [barrier=on|off]
 *      [cycles=on|off]                       configuration
 *   gc [full|minor|major|step]               a collection (or increment)
 *   new NAME SIZE [fields=N]                 allocate; global NAME roots it
 *   set A.FIELD = B | null                   store a reference
 *   root NAME / unroot NAME                  the global NAME holds / drops
 *   use NAME[.FIELD]                         the program follows a reference
 *
 * Every step first brings reference counts from the stack up to date
 * (reference counting only), then does its work, narrating each change
 * after making it.  Its results (marked, freed, moved) are kept in the gc
 * state for the JSON hook and the view.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "core/scenario.h"
#include "core/util.h"
#include "gc_impl.h"

enum { SET_NULL = 0 };

static const char *const gc_step_words[] = {
	"full", "minor", "major", "step", NULL,
};

/* The configuration in force while parsing (the defaults until given). */
static struct gc_config parse_cfg(const struct parse_ctx *pc)
{
	struct gc_config c;

	if (pc->prog->config.gc.given)
		return pc->prog->config.gc;
	gc_config_defaults(&c);
	return c;
}

static bool parse_gc_config(struct parse_ctx *pc, const struct token *args,
			    size_t nargs, int alg)
{
	struct gc_config c;
	bool heap_seen = false, young_seen = false, promote_seen = false,
	     inc_seen = false, paced_seen = false, barrier_seen = false,
	     cycles_seen = false, base_seen = false, thr_seen = false;
	uint64_t promote = 2, inc = 1;
	const struct option_spec specs[] = {
		{ "heap", OPT_U64, &c.size_bytes, NULL, &heap_seen },
		{ "base", OPT_U64, &c.base, NULL, &base_seen },
		{ "threshold", OPT_U64, &c.threshold, NULL, &thr_seen },
		{ "young", OPT_U64, &c.young_bytes, NULL, &young_seen },
		{ "promote-after", OPT_U64, &promote, NULL, &promote_seen },
		{ "increment", OPT_U64, &inc, NULL, &inc_seen },
		{ "paced", OPT_BOOL, &c.paced, NULL, &paced_seen },
		{ "barrier", OPT_BOOL, &c.barrier, NULL, &barrier_seen },
		{ "cycles", OPT_BOOL, &c.cycles, NULL, &cycles_seen },
		{ NULL, OPT_U64, NULL, NULL, NULL },
	};
	const char *name = gc_algorithm_names[alg];
	bool ok;

	if (pc->steps_started) {
		parse_error_here(pc, "`gc %s` configures the machine and must come before the first step",
				 name);
		return false;
	}
	if (pc->prog->config.gc.given) {
		parse_error_here(pc, "the collector is configured twice");
		return false;
	}
	gc_config_defaults(&c);
	c.algorithm = alg;
	if (!parse_options(pc, args + 1, nargs - 1, specs))
		return false;
	ok = true;
	if (heap_seen && (c.size_bytes < 64 || c.size_bytes % 16 ||
			  c.size_bytes > 16ull * 1024 * 1024)) {
		parse_error_here(pc, "the managed heap's size must be a multiple of 16 between 64 bytes and 16M");
		ok = false;
	}
	if (base_seen && (c.base % 16 || c.base > (1ull << 47))) {
		parse_error_here(pc, "the managed heap's base must be a multiple of 16 below 2^47");
		ok = false;
	}
	if ((young_seen || promote_seen) && alg != GC_GENERATIONAL) {
		parse_error_here(pc, "`young` and `promote-after` apply to the generational collector only");
		ok = false;
	}
	if ((inc_seen || paced_seen) && alg != GC_INCREMENTAL) {
		parse_error_here(pc, "`increment` and `paced` apply to the incremental collector only");
		ok = false;
	}
	if (barrier_seen && alg != GC_INCREMENTAL && alg != GC_GENERATIONAL) {
		parse_error_here(pc, "`barrier` applies to the generational and incremental collectors only");
		ok = false;
	}
	if (cycles_seen && alg != GC_REFCOUNT) {
		parse_error_here(pc, "`cycles` applies to reference counting only");
		ok = false;
	}
	if (thr_seen && alg == GC_REFCOUNT && !c.cycles) {
		parse_error_here(pc, "`threshold` needs something to collect: reference counting collects only with cycles=on");
		ok = false;
	}
	if (young_seen && (c.young_bytes < 16 || c.young_bytes % 8 ||
			   c.young_bytes >= c.size_bytes)) {
		parse_error_here(pc, "`young` must be a multiple of 8, at least 16 and smaller than the heap");
		ok = false;
	}
	if (promote_seen && (promote < 1 || promote > 15)) {
		parse_error_here(pc, "`promote-after` must be between 1 and 15 collections");
		ok = false;
	}
	if (inc_seen && (inc < 1 || inc > 1000)) {
		parse_error_here(pc, "`increment` must be between 1 and 1000 objects");
		ok = false;
	}
	if (!ok)
		return false;
	if (alg == GC_GENERATIONAL && !young_seen)
		c.young_bytes = c.size_bytes / 4 / 8 * 8;
	c.promote_after = (uint32_t)promote;
	c.increment = (uint32_t)inc;
	c.given = true;
	pc->prog->config.gc = c;
	pc->prog->config.uses |= USES_GC;
	return true;
}

static bool parse_gc(struct parse_ctx *pc, const struct token *args,
		     size_t nargs)
{
	struct gc_config c = parse_cfg(pc);
	struct step *s;
	int kind = GC_KIND_FULL, i;

	if (nargs >= 1 && args[0].type == TOK_WORD)
		for (i = 0; gc_algorithm_names[i]; i++)
			if (strlen(gc_algorithm_names[i]) == args[0].len &&
			    memcmp(gc_algorithm_names[i], args[0].text,
				   args[0].len) == 0)
				return parse_gc_config(pc, args, nargs, i);
	if (!parse_expect(pc, nargs, 0, 1))
		return false;
	if (nargs == 1 &&
	    !parse_choice(pc, &args[0], gc_step_words, "collection", &kind))
		return false;
	if ((kind == GC_KIND_MINOR || kind == GC_KIND_MAJOR) &&
	    c.algorithm != GC_GENERATIONAL) {
		parse_error(pc, &args[0], "`gc %s` needs the generational collector (`gc generational` before the first step)",
			    gc_step_words[kind]);
		return false;
	}
	if (kind == GC_KIND_STEP && c.algorithm != GC_INCREMENTAL) {
		parse_error(pc, &args[0], "`gc step` needs the incremental collector (`gc incremental` before the first step)");
		return false;
	}
	s = parse_add_step(pc);
	s->a = kind;
	pc->prog->config.uses |= USES_GC;
	return true;
}

/* An object name: an identifier without dots. */
static bool parse_object_name(struct parse_ctx *pc, const struct token *t,
			      uint32_t *sym)
{
	if (!parse_ident(pc, t, sym))
		return false;
	if (strchr(program_name(pc->prog, *sym), '.')) {
		parse_error(pc, t, "an object's name cannot contain `.` (that separates a field: A.next)");
		return false;
	}
	return true;
}

static bool parse_new(struct parse_ctx *pc, const struct token *args,
		      size_t nargs)
{
	struct gc_config c = parse_cfg(pc);
	uint64_t size, fields = 0;
	bool fields_seen = false;
	const struct option_spec specs[] = {
		{ "fields", OPT_U64, &fields, NULL, &fields_seen },
		{ NULL, OPT_U64, NULL, NULL, NULL },
	};
	uint32_t name;
	struct step *s;

	if (!parse_expect(pc, nargs, 2, 3) ||
	    !parse_object_name(pc, &args[0], &name) ||
	    !parse_u64(pc, &args[1], &size) ||
	    !parse_options(pc, args + 2, nargs - 2, specs))
		return false;
	if (size < 8 || size > c.size_bytes) {
		parse_error(pc, &args[1], "an object's size must be between 8 bytes and the managed heap's %llu",
			    ULL(c.size_bytes));
		return false;
	}
	if (fields_seen && (fields > GC_MAX_FIELDS || fields * 8 > size)) {
		parse_error(pc, &args[2], "an object of %llu bytes has room for at most %llu reference fields (8 bytes each, at most %d)",
			    ULL(size), ULL(size / 8 < GC_MAX_FIELDS ? size / 8 : GC_MAX_FIELDS),
			    GC_MAX_FIELDS);
		return false;
	}
	if (!fields_seen)
		fields = size / 8 < 4 ? size / 8 : 4;
	s = parse_add_step(pc);
	s->sym = name;
	s->a = (int64_t)size;
	s->b = (int64_t)fields;
	pc->prog->config.uses |= USES_GC;
	return true;
}

/* Split "A.field" into two symbols. */
static bool parse_field_ref(struct parse_ctx *pc, const struct token *t,
			    const char *s, size_t n, uint32_t *obj,
			    uint32_t *field, bool field_optional)
{
	const char *dot = memchr(s, '.', n);
	struct token part = *t;

	part.type = TOK_WORD;
	part.value = NULL;
	part.text = s;
	part.len = dot ? (size_t)(dot - s) : n;
	if (!parse_object_name(pc, &part, obj))
		return false;
	if (dot == NULL) {
		if (field_optional) {
			*field = SYM_NONE;
			return true;
		}
		parse_error(pc, t, "expected OBJECT.FIELD, such as a.next");
		return false;
	}
	part.text = dot + 1;
	part.len = n - (size_t)(dot + 1 - s);
	part.col = t->col + (unsigned)(dot + 1 - s);
	if (!parse_object_name(pc, &part, field))
		return false;
	return true;
}

static bool parse_set(struct parse_ctx *pc, const struct token *args,
		      size_t nargs)
{
	const char *lhs, *rhs;
	size_t lhs_len, rhs_len;
	const struct token *rtok;
	uint32_t obj, field, target = SET_NULL;
	struct step *s;

	if (nargs == 1 && args[0].type == TOK_OPTION) {
		lhs = args[0].text, lhs_len = args[0].len;
		rhs = args[0].value, rhs_len = args[0].value_len;
		rtok = &args[0];
	} else if (nargs == 3 && args[1].type == TOK_EQUALS &&
		   args[0].type == TOK_WORD) {
		lhs = args[0].text, lhs_len = args[0].len;
		rhs = args[2].text, rhs_len = args[2].len;
		rtok = &args[2];
		if (args[2].type != TOK_WORD) {
			parse_error(pc, &args[2], "expected an object's name or null");
			return false;
		}
	} else {
		parse_error_here(pc, "`set` expects OBJECT.FIELD = OBJECT (or = null)");
		return false;
	}
	if (!parse_field_ref(pc, &args[0], lhs, lhs_len, &obj, &field, false))
		return false;
	if (!(rhs_len == 4 && memcmp(rhs, "null", 4) == 0)) {
		struct token t = *rtok;
		t.type = TOK_WORD;
		t.text = rhs;
		t.len = rhs_len;
		t.value = NULL;
		if (rtok->type == TOK_OPTION)
			t.col = rtok->value_col;
		if (!parse_object_name(pc, &t, &target))
			return false;
	}
	s = parse_add_step(pc);
	s->sym = obj;
	s->a = field;
	s->b = target;
	pc->prog->config.uses |= USES_GC;
	return true;
}

static bool parse_root(struct parse_ctx *pc, const struct token *args,
		       size_t nargs)
{
	uint32_t name;
	struct step *s;

	if (!parse_expect(pc, nargs, 1, 1) ||
	    !parse_object_name(pc, &args[0], &name))
		return false;
	s = parse_add_step(pc);
	s->sym = name;
	pc->prog->config.uses |= USES_GC;
	return true;
}

static bool parse_use(struct parse_ctx *pc, const struct token *args,
		      size_t nargs)
{
	uint32_t obj, field;
	struct step *s;

	if (!parse_expect(pc, nargs, 1, 1))
		return false;
	if (args[0].type != TOK_WORD) {
		parse_error(pc, &args[0], "expected OBJECT or OBJECT.FIELD");
		return false;
	}
	if (!parse_field_ref(pc, &args[0], args[0].text, args[0].len, &obj,
			     &field, true))
		return false;
	s = parse_add_step(pc);
	s->sym = obj;
	s->a = field;
	pc->prog->config.uses |= USES_GC;
	return true;
}

/* ---- execution ---- */

/* Start a step: its results are reset and stack counts synced. */
static bool begin(struct gc_run *r, struct machine *m, struct exec_ctx *x)
{
	struct gc *g = &m->gc;

	gc_run_init(r, m, x);
	g->marked.n = g->freed.n = g->moved.n = 0;
	g->result_step = (uint32_t)x->step_index + 1;
	g->step_phase = NULL;
	g->step_worked = false;
	g->pause = 0;
	return gc_rc_sync(r);
}

void gc_after_step(struct machine *m, struct exec_ctx *x)
{
	struct gc *g = &m->gc;
	struct gc_run r;

	/* Not after the collector's own steps: begin() already ran. */
	if (x->stopped || x->halt ||
	    g->result_step == (uint32_t)x->step_index + 1)
		return;
	if (begin(&r, m, x) && gc_note_unreachable(&r))
		gc_pause_end(&r);
}

/* The object a scenario name stands for, or GC_NIL (a scenario error). */
static uint32_t object_of(struct gc_run *r, uint32_t sym)
{
	uint32_t id = gc_lookup(r->g, sym);

	if (id == GC_NIL)
		exec_scenario_error(r->x, 0, "unknown object `%s` (create it first with `new %s SIZE`)",
				    program_name(r->p, sym),
				    program_name(r->p, sym));
	return id;
}

/* Narrate the use of a freed object as the program error it is. */
static void dangling(struct gc_run *r, uint32_t id, const char *how)
{
	const struct gc_object *o = gc_obj(r->g, id);

	GC_EMIT(r, "dangling", EVF_ERROR, id,
		"%s %s, but %s was freed at step %u%s: a dangling reference, the program touches freed memory at 0x%llx.",
		how, gc_lab(r, id), gc_lab(r, id), o->freed_step,
		o->wrongly_freed ? " while still reachable (the write barrier was off)" : "",
		ULL(o->addr));
}

static void exec_new(struct machine *m, const struct step *s,
		     struct exec_ctx *x)
{
	struct gc_run r;
	struct gc *g = &m->gc;
	struct gc_object *o;
	uint64_t size = ((uint64_t)s->a + 7) / 8 * 8, addr;
	uint32_t id, prev;
	bool ok, old;
	unsigned k;

	if (!begin(&r, m, x))
		return;
	if (g->cfg.algorithm == GC_INCREMENTAL && g->cfg.paced &&
	    g->phase != GC_PHASE_IDLE &&
	    !gc_increment(&r, "paced by allocation"))
		return;
	if (g->cfg.threshold && g->since_collect >= g->cfg.threshold) {
		const char *why = "threshold: enough allocations since the last collection";
		if (g->cfg.algorithm == GC_INCREMENTAL) {
			if (g->phase == GC_PHASE_IDLE) {
				if (!gc_inc_start(&r, why))
					return;
				gc_pause_end(&r);
			}
		} else if (!gc_collect(&r, g->cfg.algorithm == GC_GENERATIONAL ?
						   GC_KIND_MINOR : GC_KIND_FULL,
				       why)) {
			return;
		}
	}
	if (!gc_place(&r, size, &addr, &old, &ok)) {
		if (ok)
			return;
		g->out_of_memory++;
		GC_EMIT(&r, "out-of-memory", EVF_ERROR | EVF_HALT, GC_NIL,
			"new %s (%llu bytes): no room%s, even after collecting. %llu live objects hold %llu bytes of the %llu: out of memory, the program stops.",
			program_name(r.p, s->sym), ULL(size),
			g->cfg.algorithm == GC_COPYING ? " in the semispace" : "",
			ULL(g->live_objects), ULL(g->live_bytes),
			ULL(g->cfg.size_bytes));
		return;
	}
	g->objs = xgrow(g->objs, &g->objs_cap, g->nobjs + 1, sizeof *g->objs);
	id = (uint32_t)g->nobjs++;
	o = &g->objs[id];
	memset(o, 0, sizeof *o);
	o->name = s->sym;
	o->nth = ++g->name_count[s->sym];
	o->line = s->line;
	o->addr = addr;
	o->size = size;
	o->live = 1;
	o->rooted = 1;
	o->rc = 1;
	o->old = old;
	o->nfields = (uint8_t)s->b;
	for (k = 0; k < GC_MAX_FIELDS; k++)
		o->field[k] = GC_NIL;
	if (g->cfg.algorithm == GC_INCREMENTAL && g->phase != GC_PHASE_IDLE)
		o->color = GC_BLACK;
	prev = gc_lookup(g, s->sym);
	g->name_obj[s->sym] = id + 1;
	g->since_collect++;
	g->allocations++;
	g->allocated_bytes += size;
	g->live_objects++;
	g->live_bytes += size;
	if (g->live_bytes > g->peak_bytes)
		g->peak_bytes = g->live_bytes;
	if (!exec_emit(x, "new", 0, TGT_GC_OBJECT, id, 0,
		       "new %s: %llu bytes at 0x%llx%s%s, %u reference field%s; the global %s refers to it (a root)%s.",
		       gc_lab(&r, id), ULL(size), ULL(addr),
		       g->cfg.algorithm == GC_GENERATIONAL ?
			       (old ? " in the old generation (too big for the nursery)" : " in the nursery") : "",
		       o->color == GC_BLACK ? ", allocated black (marking is in progress)" : "",
		       o->nfields, plural_s(o->nfields), program_name(r.p, s->sym),
		       g->cfg.algorithm == GC_REFCOUNT ? ": count 1" : ""))
		return;
	if (prev == GC_NIL || !g->objs[prev].live || !g->objs[prev].rooted)
		return;
	g->objs[prev].rooted = 0;
	if (g->cfg.algorithm == GC_REFCOUNT) {
		if (!gc_rc_dec(&r, prev, r.x->quiet ? "" : "its global now refers to the new object"))
			return;
	} else if (!exec_emit(x, "unroot", 0, TGT_GC_OBJECT, prev, 0,
			      "The global %s now refers to the new object, so %s is no longer a root.",
			      program_name(r.p, s->sym), gc_lab(&r, prev))) {
		return;
	}
	if (gc_note_unreachable(&r))
		gc_pause_end(&r);
}

/* The field slot of object o called name (a free slot when new), or -1. */
static int field_slot(const struct gc_object *o, uint32_t name)
{
	unsigned k;

	for (k = 0; k < o->nfields; k++)
		if (o->field_name[k] == name)
			return (int)k;
	for (k = 0; k < o->nfields; k++)
		if (o->field_name[k] == SYM_NONE)
			return (int)k;
	return -1;
}

/* The write barriers of `set a.f = b` (generational, incremental). */
static bool barrier(struct gc_run *r, uint32_t a, uint32_t b)
{
	struct gc *g = r->g;
	struct gc_object *src = gc_obj(g, a), *dst = gc_obj(g, b);

	if (g->cfg.algorithm == GC_GENERATIONAL && src->old && !dst->old) {
		if (!g->cfg.barrier)
			return GC_EMIT(r, "no-barrier", 0, a,
				       "Old %s now points to young %s, and with the write barrier off nobody records it: a minor collection will not know.",
				       gc_lab(r, a), gc_lab(r, b));
		if (src->remembered)
			return true;
		src->remembered = 1;
		g->barrier_hits++;
		return GC_EMIT(r, "barrier", 0, a,
			       "Write barrier: old %s now points to young %s, so %s joins the remembered set; minor collections will treat %s as a root.",
			       gc_lab(r, a), gc_lab(r, b), gc_lab(r, a),
			       r->x->quiet ? "" : gc_lab(r, a));
	}
	if (g->cfg.algorithm != GC_INCREMENTAL || g->phase == GC_PHASE_IDLE ||
	    src->color != GC_BLACK || dst->color != GC_WHITE)
		return true;
	if (!g->cfg.barrier)
		return GC_EMIT(r, "no-barrier", 0, a,
			       "Black %s (already scanned) now points to white %s, and with the write barrier off the marker is not told: the tri-colour invariant (no black-to-white references) is broken.",
			       gc_lab(r, a), gc_lab(r, b));
	g->barrier_hits++;
	return gc_shade(r, b, "write barrier: a black object now points to it");
}

static void exec_set(struct machine *m, const struct step *s,
		     struct exec_ctx *x)
{
	struct gc_run r;
	struct gc *g = &m->gc;
	struct gc_object *o;
	uint32_t a, b = GC_NIL, prev, fname = (uint32_t)s->a;
	int k;

	if (!begin(&r, m, x))
		return;
	if ((a = object_of(&r, s->sym)) == GC_NIL)
		return;
	if (s->b != SET_NULL && (b = object_of(&r, (uint32_t)s->b)) == GC_NIL)
		return;
	if (!g->objs[a].live) {
		dangling(&r, a, "The program writes to");
		return;
	}
	if (b != GC_NIL && !g->objs[b].live) {
		dangling(&r, b, "The program stores a reference to");
		return;
	}
	o = gc_obj(g, a);
	k = field_slot(o, fname);
	if (k < 0) {
		exec_scenario_error(x, 0, "`%s` has no room for a field `%s`: all its %u reference fields are in use (give more with `new %s SIZE fields=N`)",
				    program_name(r.p, s->sym),
				    program_name(r.p, fname), o->nfields,
				    program_name(r.p, s->sym));
		return;
	}
	prev = o->field[k];
	o->field_name[k] = fname;
	o->field[k] = b;
	if (!exec_emit(x, "set", g->cfg.algorithm == GC_REFCOUNT ? EVF_GC : 0,
		       TGT_GC_OBJECT, a, 0, "%s.%s = %s%s%s%s.",
		       gc_lab(&r, a), program_name(r.p, fname),
		       b == GC_NIL ? "null" : gc_lab(&r, b),
		       prev != GC_NIL ? " (it pointed to " : "",
		       prev != GC_NIL ? gc_lab(&r, prev) : "",
		       prev != GC_NIL ? ")" : ""))
		return;
	if (g->cfg.algorithm == GC_REFCOUNT) {
		char why[GC_LABEL_MAX + 24] = "";
		if (!x->quiet)
			snprintf(why, sizeof why, "%s.%s", gc_lab(&r, a),
				 program_name(r.p, fname));
		if (b != GC_NIL && !gc_rc_inc(&r, b, why))
			return;
		if (!x->quiet)
			snprintf(why, sizeof why, "%s.%s no longer points to it",
				 gc_lab(&r, a), program_name(r.p, fname));
		if (prev != GC_NIL && g->objs[prev].live &&
		    !gc_rc_dec(&r, prev, why))
			return;
	} else if (b != GC_NIL && !barrier(&r, a, b)) {
		return;
	}
	if (gc_note_unreachable(&r))
		gc_pause_end(&r);
}

static void exec_root(struct machine *m, const struct step *s,
		      struct exec_ctx *x)
{
	struct gc_run r;
	struct gc *g = &m->gc;
	uint32_t a;

	if (!begin(&r, m, x) || (a = object_of(&r, s->sym)) == GC_NIL)
		return;
	if (!g->objs[a].live) {
		dangling(&r, a, "The global takes");
		return;
	}
	if (g->objs[a].rooted) {
		exec_emit(x, "root", 0, TGT_GC_OBJECT, a, 0,
			  "%s is already a root: its global refers to it.",
			  gc_lab(&r, a));
		return;
	}
	g->objs[a].rooted = 1;
	if (g->cfg.algorithm == GC_REFCOUNT) {
		if (!gc_rc_inc(&r, a, r.x->quiet ? "" : "its global refers to it again"))
			return;
	} else if (!exec_emit(x, "root", 0, TGT_GC_OBJECT, a, 0,
			      "The global %s refers to %s again: a root.",
			      program_name(r.p, g->objs[a].name),
			      gc_lab(&r, a))) {
		return;
	}
	gc_note_unreachable(&r);
}

static void exec_unroot(struct machine *m, const struct step *s,
			struct exec_ctx *x)
{
	struct gc_run r;
	struct gc *g = &m->gc;
	uint32_t a;

	if (!begin(&r, m, x) || (a = object_of(&r, s->sym)) == GC_NIL)
		return;
	if (!g->objs[a].live || !g->objs[a].rooted) {
		exec_emit(x, "unroot", 0, TGT_GC_OBJECT, a, 0,
			  "The global %s no longer refers to anything; nothing changes.",
			  program_name(r.p, s->sym));
		return;
	}
	g->objs[a].rooted = 0;
	if (g->cfg.algorithm == GC_REFCOUNT) {
		if (!gc_rc_dec(&r, a, r.x->quiet ? "" : "its global is deleted"))
			return;
	} else if (!exec_emit(x, "unroot", 0, TGT_GC_OBJECT, a, 0,
			      "The global %s is deleted: %s is no longer a root.",
			      program_name(r.p, s->sym), gc_lab(&r, a))) {
		return;
	}
	if (gc_note_unreachable(&r))
		gc_pause_end(&r);
}

static void exec_use(struct machine *m, const struct step *s,
		     struct exec_ctx *x)
{
	struct gc_run r;
	struct gc *g = &m->gc;
	uint32_t a, t;
	int k;

	if (!begin(&r, m, x) || (a = object_of(&r, s->sym)) == GC_NIL)
		return;
	if (!g->objs[a].live) {
		dangling(&r, a, "The program uses");
		return;
	}
	if (s->a == SYM_NONE) {
		exec_emit(x, "use", 0, TGT_GC_OBJECT, a, 0,
			  "The program uses %s at 0x%llx.", gc_lab(&r, a),
			  ULL(g->objs[a].addr));
		return;
	}
	for (k = 0; k < g->objs[a].nfields; k++)
		if (g->objs[a].field_name[k] == (uint32_t)s->a)
			break;
	t = k < g->objs[a].nfields ? g->objs[a].field[k] : GC_NIL;
	if (t == GC_NIL) {
		exec_emit(x, "use", 0, TGT_GC_OBJECT, a, 0,
			  "The program reads %s.%s: null.", gc_lab(&r, a),
			  program_name(r.p, (uint32_t)s->a));
		return;
	}
	if (!g->objs[t].live) {
		char how[GC_LABEL_MAX * 2];
		if (!x->quiet)
			snprintf(how, sizeof how, "The program follows %s.%s to",
				 gc_lab(&r, a), program_name(r.p, (uint32_t)s->a));
		else
			how[0] = '\0';
		dangling(&r, t, how);
		return;
	}
	exec_emit(x, "use", 0, TGT_GC_OBJECT, t, 0,
		  "The program follows %s.%s to %s at 0x%llx.", gc_lab(&r, a),
		  program_name(r.p, (uint32_t)s->a), gc_lab(&r, t),
		  ULL(g->objs[t].addr));
}

static void exec_gc(struct machine *m, const struct step *s,
		    struct exec_ctx *x)
{
	struct gc_run r;
	enum gc_kind kind = (enum gc_kind)s->a;

	if (!begin(&r, m, x))
		return;
	if (m->gc.cfg.algorithm == GC_GENERATIONAL && kind == GC_KIND_FULL)
		kind = m->gc.major_due ? GC_KIND_MAJOR : GC_KIND_MINOR;
	if (!gc_collect(&r, kind, kind == GC_KIND_STEP ? "gc step" : "gc"))
		return;
	gc_pause_end(&r);
}

static void gc_step_json(const struct machine *m, const struct step *s,
			 struct json *j)
{
	(void)s;
	gc_json_step(&m->gc, m, j);
}

const struct directive gc_directives[] = {
	{ .name = "gc",
	  .synopsis = "gc ALGORITHM [heap=SIZE] [threshold=N] [OPTION=VALUE ...] | gc [full|minor|major|step]",
	  .summary = "configure the garbage collector (refcount, mark-sweep, mark-compact, copying, generational, incremental), or run a collection",
	  .kind = DK_STEP, .parse = parse_gc, .exec = exec_gc,
	  .json = gc_step_json },
	{ .name = "new", .synopsis = "new NAME SIZE [fields=N]",
	  .summary = "allocate a managed object; the global NAME refers to it (a root)",
	  .kind = DK_STEP, .parse = parse_new, .exec = exec_new,
	  .json = gc_step_json },
	{ .name = "set", .synopsis = "set OBJECT.FIELD = OBJECT|null",
	  .summary = "store a reference in an object's field",
	  .kind = DK_STEP, .parse = parse_set, .exec = exec_set,
	  .json = gc_step_json },
	{ .name = "root", .synopsis = "root NAME",
	  .summary = "the global NAME refers to its object again: a root",
	  .kind = DK_STEP, .parse = parse_root, .exec = exec_root,
	  .json = gc_step_json },
	{ .name = "unroot", .synopsis = "unroot NAME",
	  .summary = "delete the global NAME (Python's del): its object is no longer a root",
	  .kind = DK_STEP, .parse = parse_root, .exec = exec_unroot,
	  .json = gc_step_json },
	{ .name = "use", .synopsis = "use OBJECT[.FIELD]",
	  .summary = "the program follows a reference (an error if it dangles)",
	  .kind = DK_STEP, .parse = parse_use, .exec = exec_use,
	  .json = gc_step_json },
	{ .name = NULL },
};
