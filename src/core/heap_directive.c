/*
 * heap_directive.c: the heap's scenario directives: `heap` (configuration)
 * and the steps malloc, calloc, realloc, free, slab, compact and exit.
 * Parsing checks sizes and names; execution calls the heap model
 * (heap.h), which emits the events; the JSON hook adds the step's "addr",
 * "size", "free_list" and "heap_error" fields.
 */
#include <string.h>

#include "core/directive.h"
#include "core/heap.h"
#include "core/json.h"
#include "core/machine.h"
#include "core/scenario.h"

#define MAX_REQUEST (1ull << 40)
#define FLAG_FROM_CACHE 1u

static bool is_pow2(uint64_t v)
{
	return v && (v & (v - 1)) == 0;
}

static bool parse_heap(struct parse_ctx *pc, const struct token *args,
		       size_t nargs)
{
	struct heap_config *c = &pc->prog->config.heap;
	bool size_seen = false, base_seen = false, header_seen = false;
	bool min_seen = false;
	const struct option_spec specs[] = {
		{ "size", OPT_U64, &c->size_bytes, NULL, &size_seen },
		{ "base", OPT_U64, &c->base, NULL, &base_seen },
		{ "policy", OPT_CHOICE, &c->policy, heap_policy_names, NULL },
		{ "align", OPT_U64, &c->align, NULL, NULL },
		{ "header", OPT_U64, &c->header_bytes, NULL, &header_seen },
		{ "coalesce", OPT_BOOL, &c->coalesce, NULL, NULL },
		{ "split-min", OPT_U64, &c->split_min, NULL, NULL },
		{ "min", OPT_U64, &c->buddy_min, NULL, &min_seen },
		{ NULL, OPT_U64, NULL, NULL, NULL },
	};

	if (pc->prog->config.uses & USES_HEAP) {
		parse_error_here(pc, "`heap` given twice");
		return false;
	}
	if (!parse_options(pc, args, nargs, specs))
		return false;
	pc->prog->config.uses |= USES_HEAP;
	if (c->size_bytes < 16 || c->size_bytes > (1ull << 30)) {
		parse_error_here(pc, "heap size must be between 16 bytes and 1G");
		return false;
	}
	if (!is_pow2(c->align) || c->align > 4096) {
		parse_error_here(pc, "align must be a power of two from 1 to 4096");
		return false;
	}
	if (c->header_bytes > 1024) {
		parse_error_here(pc, "header must be at most 1024 bytes");
		return false;
	}
	if (c->base % c->align || c->base > (1ull << 48)) {
		parse_error_here(pc, "heap base 0x%llx must be a multiple of align=%llu below 2^48",
				 (unsigned long long)c->base,
				 (unsigned long long)c->align);
		return false;
	}
	if (c->policy == HEAP_BUDDY) {
		if (!is_pow2(c->size_bytes)) {
			parse_error_here(pc, "a buddy heap's size must be a power of two (e.g. 1K, 64K)");
			return false;
		}
		if (!is_pow2(c->buddy_min) || c->buddy_min > c->size_bytes) {
			parse_error_here(pc, "min must be a power of two no larger than the heap");
			return false;
		}
	} else if (min_seen) {
		parse_error_here(pc, "min= is the buddy allocator's smallest block; it needs policy=buddy");
		return false;
	}
	if (!header_seen &&
	    (c->policy == HEAP_BUDDY || c->policy == HEAP_SLAB))
		c->header_bytes = 0;
	(void)size_seen;
	(void)base_seen;
	return true;
}

/* A request size: 1 byte to 1T. */
static bool parse_size(struct parse_ctx *pc, const struct token *t,
		       uint64_t *out)
{
	if (!parse_u64(pc, t, out))
		return false;
	if (*out == 0 || *out > MAX_REQUEST) {
		parse_error(pc, t, "a size must be between 1 byte and 1T");
		return false;
	}
	return true;
}

/* The value of a key=value token as a name. */
static bool parse_option_ident(struct parse_ctx *pc, const struct token *t,
			       uint32_t *sym)
{
	struct token v = *t;

	v.type = TOK_WORD;
	v.text = t->value;
	v.len = t->value_len;
	v.col = t->value_col;
	return parse_ident(pc, &v, sym);
}

static bool parse_malloc(struct parse_ctx *pc, const struct token *args,
			 size_t nargs)
{
	struct step *s;
	uint32_t name, cache = SYM_NONE;
	uint64_t size = 0;

	if (!parse_expect(pc, nargs, 2, 2) || !parse_ident(pc, &args[0], &name))
		return false;
	if (args[1].type == TOK_OPTION) {
		if (args[1].len != 4 || memcmp(args[1].text, "from", 4) != 0) {
			parse_error(pc, &args[1], "expected a size or from=CACHE");
			return false;
		}
		if (!parse_option_ident(pc, &args[1], &cache))
			return false;
	} else if (!parse_size(pc, &args[1], &size)) {
		return false;
	}
	s = parse_add_step(pc);
	s->sym = name;
	s->a = (int64_t)size;
	s->b = cache;
	s->flags = cache != SYM_NONE ? FLAG_FROM_CACHE : 0;
	pc->prog->config.uses |= USES_HEAP;
	return true;
}

static bool parse_calloc(struct parse_ctx *pc, const struct token *args,
			 size_t nargs)
{
	struct step *s;
	uint32_t name;
	uint64_t count, size;

	if (!parse_expect(pc, nargs, 3, 3) ||
	    !parse_ident(pc, &args[0], &name) ||
	    !parse_size(pc, &args[1], &count) ||
	    !parse_size(pc, &args[2], &size))
		return false;
	if (count > MAX_REQUEST / size) {
		parse_error(pc, &args[2], "COUNT * SIZE must be at most 1T");
		return false;
	}
	s = parse_add_step(pc);
	s->sym = name;
	s->a = (int64_t)count;
	s->b = (int64_t)size;
	pc->prog->config.uses |= USES_HEAP;
	return true;
}

static bool parse_realloc(struct parse_ctx *pc, const struct token *args,
			  size_t nargs)
{
	struct step *s;
	uint32_t name;
	uint64_t size;

	if (!parse_expect(pc, nargs, 2, 2) ||
	    !parse_ident(pc, &args[0], &name) || !parse_size(pc, &args[1], &size))
		return false;
	s = parse_add_step(pc);
	s->sym = name;
	s->a = (int64_t)size;
	pc->prog->config.uses |= USES_HEAP;
	return true;
}

static bool parse_free(struct parse_ctx *pc, const struct token *args,
		       size_t nargs)
{
	uint32_t name;

	if (!parse_expect(pc, nargs, 1, 1) || !parse_ident(pc, &args[0], &name))
		return false;
	parse_add_step(pc)->sym = name;
	pc->prog->config.uses |= USES_HEAP;
	return true;
}

static bool parse_slab(struct parse_ctx *pc, const struct token *args,
		       size_t nargs)
{
	struct step *s;
	uint32_t name;
	uint64_t size = 0, per = 0;
	bool size_seen = false, per_seen = false;
	const struct option_spec specs[] = {
		{ "size", OPT_U64, &size, NULL, &size_seen },
		{ "per-slab", OPT_U64, &per, NULL, &per_seen },
		{ NULL, OPT_U64, NULL, NULL, NULL },
	};

	if (!parse_expect(pc, nargs, 3, 3) ||
	    !parse_ident(pc, &args[0], &name) ||
	    !parse_options(pc, args + 1, nargs - 1, specs))
		return false;
	if (!size_seen || !per_seen) {
		parse_error_here(pc, "`slab` needs size=OBJECT-BYTES and per-slab=N");
		return false;
	}
	if (size == 0 || size > (1u << 20) || per == 0 || per > 4096) {
		parse_error_here(pc, "slab objects must be 1 byte to 1M, and per-slab 1 to 4096");
		return false;
	}
	s = parse_add_step(pc);
	s->sym = name;
	s->a = (int64_t)size;
	s->b = (int64_t)per;
	pc->prog->config.uses |= USES_HEAP;
	return true;
}

static bool parse_noargs(struct parse_ctx *pc, const struct token *args,
			 size_t nargs)
{
	(void)args;
	if (!parse_expect(pc, nargs, 0, 0))
		return false;
	parse_add_step(pc);
	pc->prog->config.uses |= USES_HEAP;
	return true;
}

/* A heap step after `exit` is a scenario error: the program has ended. */
static bool after_exit(const struct machine *m, struct exec_ctx *x)
{
	if (!m->heap.exited)
		return false;
	exec_scenario_error(x, 0, "`%s` after `exit`: the program has already ended",
			    x->keyword ? x->keyword : "a step");
	return true;
}

static void exec_malloc(struct machine *m, const struct step *s,
			struct exec_ctx *x)
{
	if (after_exit(m, x))
		return;
	if (s->flags & FLAG_FROM_CACHE)
		heap_cache_alloc(&m->heap, s->sym, (uint32_t)s->b, s->line, x);
	else
		heap_malloc(&m->heap, s->sym, (uint64_t)s->a, false, s->line,
			    x);
}

static void exec_calloc(struct machine *m, const struct step *s,
			struct exec_ctx *x)
{
	if (after_exit(m, x))
		return;
	heap_malloc(&m->heap, s->sym, (uint64_t)s->a * (uint64_t)s->b, true,
		    s->line, x);
}

static void exec_realloc(struct machine *m, const struct step *s,
			 struct exec_ctx *x)
{
	if (after_exit(m, x))
		return;
	heap_realloc(&m->heap, s->sym, (uint64_t)s->a, s->line, x);
}

static void exec_free(struct machine *m, const struct step *s,
		      struct exec_ctx *x)
{
	uint64_t addr = 0;
	bool alias = false;

	if (after_exit(m, x))
		return;
	if (heap_name(&m->heap, s->sym)->state == HEAP_NAME_NONE)
		alias = machine_resolve(m, s->sym, &addr);
	heap_free_name(&m->heap, s->sym, alias, addr, x);
}

static void exec_slab(struct machine *m, const struct step *s,
		      struct exec_ctx *x)
{
	if (after_exit(m, x))
		return;
	heap_cache_create(&m->heap, s->sym, (uint64_t)s->a, (uint32_t)s->b, x);
}

static void exec_compact(struct machine *m, const struct step *s,
			 struct exec_ctx *x)
{
	(void)s;
	if (after_exit(m, x))
		return;
	heap_compact(&m->heap, x);
}

static void exec_exit(struct machine *m, const struct step *s,
		      struct exec_ctx *x)
{
	(void)s;
	if (after_exit(m, x))
		return;
	heap_exit(&m->heap, x);
}

/*
 * A scenario that uses the heap and does not end with `exit` gets one
 * implicit `exit` step at its end, on its last line: the leak report a
 * leak checker prints when the program ends.
 */
static void finish_exit(struct parse_ctx *pc)
{
	struct program *p = pc->prog;
	const struct step *last = &p->steps[p->nsteps - 1];
	struct step *s;

	if (!(p->config.uses & USES_HEAP) || last->op == pc->op)
		return;
	s = program_add_step(p, pc->op, last->line, last->col);
	s->flags = STEP_IMPLICIT;
}

static void json_step(const struct machine *m, const struct step *s,
		      struct json *j)
{
	(void)s;
	heap_json_step(&m->heap, j);
}

const struct directive heap_directives[] = {
	{ .name = "heap",
	  .synopsis = "heap [size=BYTES] [base=ADDR] [policy=first-fit|next-fit|best-fit|worst-fit|buddy|slab] [align=A] [header=H] [coalesce=on|off] [split-min=N] [min=BYTES]",
	  .summary = "the heap: its size (default 4K), base (0x10000), allocation policy (first-fit), alignment (8), header bytes (8; 0 for buddy and slab), coalescing (on), split-min (0) and buddy min block (16)",
	  .kind = DK_CONFIG, .parse = parse_heap },
	{ .name = "malloc", .synopsis = "malloc NAME SIZE | malloc NAME from=CACHE",
	  .summary = "allocate SIZE bytes (or one object of a slab cache) and bind NAME to the address",
	  .kind = DK_STEP, .parse = parse_malloc, .exec = exec_malloc,
	  .json = json_step },
	{ .name = "calloc", .synopsis = "calloc NAME COUNT SIZE",
	  .summary = "allocate COUNT * SIZE zeroed bytes and bind NAME to the address",
	  .kind = DK_STEP, .parse = parse_calloc, .exec = exec_calloc,
	  .json = json_step },
	{ .name = "realloc", .synopsis = "realloc NAME SIZE",
	  .summary = "resize NAME's block: in place when the next block is free and large enough, else move it",
	  .kind = DK_STEP, .parse = parse_realloc, .exec = exec_realloc,
	  .json = json_step },
	{ .name = "free", .synopsis = "free NAME",
	  .summary = "free the block NAME points to (NAME may be a stack local holding a heap address)",
	  .kind = DK_STEP, .parse = parse_free, .exec = exec_free,
	  .json = json_step },
	{ .name = "slab", .synopsis = "slab NAME size=OBJECT-BYTES per-slab=N",
	  .summary = "create a slab cache of N objects per slab; allocate from it with malloc NAME from=CACHE",
	  .kind = DK_STEP, .parse = parse_slab, .exec = exec_slab,
	  .json = json_step },
	{ .name = "compact", .synopsis = "compact",
	  .summary = "slide every allocated block down to the heap base, updating the names that point to them",
	  .kind = DK_STEP, .parse = parse_noargs, .exec = exec_compact,
	  .json = json_step },
	{ .name = "exit", .synopsis = "exit",
	  .summary = "end the program: report every heap block never freed (a leak check) and stop",
	  .kind = DK_STEP, .parse = parse_noargs, .exec = exec_exit,
	  .json = json_step, .finish = finish_exit },
	{ .name = NULL },
};
