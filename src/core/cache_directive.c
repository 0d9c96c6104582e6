/*
 * cache_directive.c: the scenario directives of the memory hierarchy:
 * `cache`, `latency`, `swap-device` (configuration), `walk` and `trace`
 * (steps, whose accesses take access.c's path).
 *
 * Invariants: a configured cache level passed cache_level_check and the
 * hierarchy cache_config_check when its line was parsed; a trace step's
 * references [a, a + b) lie in config.cache.trace.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/access.h"
#include "core/cache.h"
#include "core/directive.h"
#include "core/json.h"
#include "core/latency.h"
#include "core/machine.h"
#include "core/scenario.h"
#include "core/trace.h"
#include "core/util.h"
#include "core/vm.h"

#define WALK_WRITE 1u
#define WALK_MAX_COUNT 1000000u
#define TRACE_MAX_STEPS 2000000u

static struct cache_config *cfg_of(struct parse_ctx *pc)
{
	return &pc->prog->config.cache;
}

/* The option token with key `key` among args, or NULL. */
static const struct token *find_option(const struct token *args,
				       size_t nargs, const char *key)
{
	size_t i;

	for (i = 0; i < nargs; i++)
		if (args[i].type == TOK_OPTION && strlen(key) == args[i].len &&
		    memcmp(args[i].text, key, args[i].len) == 0)
			return &args[i];
	return NULL;
}

/* ---- configuration ---- */

static void sync_swap(struct parse_ctx *pc);

static bool parse_cache(struct parse_ctx *pc, const struct token *args,
			size_t nargs)
{
	struct cache_config *cfg = cfg_of(pc), trial;
	struct cache_level_config lc;
	struct token opts[32];
	size_t nopts = 0, i;
	int slot, bad;
	bool size_seen = false, ways_seen = false, full = false;
	const char *key;
	char why[240];
	const struct option_spec specs[] = {
		{ "size", OPT_U64, &lc.size_bytes, NULL, &size_seen },
		{ "line", OPT_U64, &lc.line_bytes, NULL, NULL },
		{ "ways", OPT_U64, &lc.ways, NULL, &ways_seen },
		{ "replace", OPT_CHOICE, &lc.replace, cache_replace_words,
		  NULL },
		{ "write", OPT_CHOICE, &lc.write, cache_write_words, NULL },
		{ "alloc", OPT_CHOICE, &lc.alloc, cache_alloc_words, NULL },
		{ "writebacks", OPT_CHOICE, &lc.writebacks,
		  cache_writebacks_words, NULL },
		{ "latency", OPT_NS, &lc.latency_ns, NULL, NULL },
		{ NULL, OPT_U64, NULL, NULL, NULL },
	};

	if (!parse_expect(pc, nargs, 2, 33))
		return false;
	if (args[0].type != TOK_WORD ||
	    !parse_choice(pc, &args[0], cache_level_words, "cache level",
			  &slot))
		return false;
	if (cfg->slot[slot].present) {
		parse_error(pc, &args[0], "`cache %s` is already configured (line %u)",
			    cache_level_words[slot], cfg->slot[slot].line);
		return false;
	}
	memset(&lc, 0, sizeof lc);
	lc.line_bytes = 64;
	for (i = 1; i < nargs; i++) {
		/* ways=full: fully associative */
		if (args[i].type == TOK_OPTION && args[i].len == 4 &&
		    memcmp(args[i].text, "ways", 4) == 0 &&
		    args[i].value_len == 4 &&
		    memcmp(args[i].value, "full", 4) == 0) {
			full = true;
			continue;
		}
		/* Associativity in words: direct-mapped is ways=1, fully
		 * associative is ways=full (issue 19). */
		if (args[i].type == TOK_OPTION && args[i].len == 4 &&
		    memcmp(args[i].text, "ways", 4) == 0 &&
		    args[i].value_len >= 2 && args[i].value_len < 40 &&
		    !(args[i].value[0] >= '0' && args[i].value[0] <= '9')) {
			static const char *const words[] = { "1", "full", NULL };
			char w[40];
			const char *near;
			memcpy(w, args[i].value, args[i].value_len);
			w[args[i].value_len] = '\0';
			near = parse_suggest(w, words);
			if (near) {
				parse_error(pc, &args[i], "expected a number of ways or `full`, got `%s` (did you mean `ways=%s`?)",
					    w, near);
				return false;
			}
		}
		opts[nopts++] = args[i];
	}
	if (!parse_options(pc, opts, nopts, specs))
		return false;
	if (full && ways_seen) {
		parse_error(pc, find_option(args, nargs, "ways"),
			    "option `ways` given twice");
		return false;
	}
	if (!size_seen) {
		parse_error(pc, &args[0], "`cache %s` needs size=SIZE (e.g. size=32K)",
			    cache_level_words[slot]);
		return false;
	}
	if (ways_seen && lc.ways == 0) {
		parse_error(pc, find_option(args, nargs, "ways"),
			    "a cache needs at least 1 way (ways=full: fully associative)");
		return false;
	}
	if (full) {
		lc.ways = 0;
	} else if (!ways_seen) {
		uint64_t lines = lc.size_bytes / lc.line_bytes;
		lc.ways = lines >= 8 || lines == 0 ? 8 : lines;
	}
	if (!cache_level_check(cache_level_words[slot], &lc, why, sizeof why,
			       &key)) {
		const struct token *t = find_option(args, nargs, key);
		parse_error(pc, t ? t : &args[0], "%s", why);
		return false;
	}
	lc.present = true;
	lc.line = pc->line;
	trial = *cfg;
	trial.slot[slot] = lc;
	if (!cache_config_check(&trial, why, sizeof why, &bad)) {
		const struct token *t = strstr(why, "line") ?
						find_option(args, nargs, "line") :
						NULL;
		parse_error(pc, t ? t : &args[0], "%s", why);
		return false;
	}
	cfg->slot[slot] = lc;
	pc->prog->config.uses |= USES_CACHE;
	return true;
}

static bool parse_latency(struct parse_ctx *pc, const struct token *args,
			  size_t nargs)
{
	struct latency_config *l = &cfg_of(pc)->lat;
	bool seen[5] = { false };
	const struct option_spec specs[] = {
		{ "ram", OPT_NS, &l->ram_ns, NULL, &seen[0] },
		{ "ssd", OPT_NS, &l->ssd_ns, NULL, &seen[1] },
		{ "hdd", OPT_NS, &l->hdd_ns, NULL, &seen[2] },
		{ "tlb", OPT_NS, &l->tlb_ns, NULL, &seen[3] },
		{ "walk", OPT_NS, &l->walk_ns, NULL, &seen[4] },
		{ NULL, OPT_U64, NULL, NULL, NULL },
	};
	static const uint32_t bits[] = { LAT_RAM, LAT_SSD, LAT_HDD, LAT_TLB,
					 LAT_WALK };
	size_t i;

	if (!parse_expect(pc, nargs, 1, 5) ||
	    !parse_options(pc, args, nargs, specs))
		return false;
	for (i = 0; i < 5; i++) {
		if (!seen[i])
			continue;
		if (l->set & bits[i]) {
			parse_error(pc, find_option(args, nargs, specs[i].key),
				    "latency `%s` is already set", specs[i].key);
			return false;
		}
		l->set |= bits[i];
	}
	if (seen[0] && l->ram_ns == 0) {
		parse_error(pc, find_option(args, nargs, "ram"),
			    "RAM cannot take 0 ns");
		return false;
	}
	if (seen[1] || seen[2])
		sync_swap(pc);
	pc->prog->config.uses |= USES_CACHE;
	return true;
}

static bool parse_swap_device(struct parse_ctx *pc, const struct token *args,
			      size_t nargs)
{
	static const char *const words[] = { "ssd", "hdd", NULL };
	struct latency_config *l = &cfg_of(pc)->lat;
	int d;

	if (!parse_expect(pc, nargs, 1, 1) ||
	    !parse_choice(pc, &args[0], words, "swap device", &d))
		return false;
	if (l->set & LAT_SWAP_DEVICE) {
		parse_error_here(pc, "`swap-device` given twice");
		return false;
	}
	l->swap_device = d;
	l->set |= LAT_SWAP_DEVICE;
	sync_swap(pc);
	pc->prog->config.uses |= USES_CACHE;
	return true;
}

/*
 * Make the VM's swap latency the chosen device's, so that the page-fault
 * narration and the cost agree (a later `swap latency=` overrides it).
 */
static void sync_swap(struct parse_ctx *pc)
{
	struct latency_config *l = &cfg_of(pc)->lat;
	struct vm_config *vm = &pc->prog->config.vm;

	if (!(vm->set & VMC_SWAP)) {
		vm->swap_slots = VM_DEFAULT_SWAP_SLOTS;
		vm->set |= VMC_SWAP;
	}
	if (l->swap_device == LATENCY_HDD)
		vm->swap_latency_ns = l->set & LAT_HDD ? l->hdd_ns :
							 LATENCY_HDD_NS;
	else
		vm->swap_latency_ns = l->set & LAT_SSD ? l->ssd_ns :
							 LATENCY_SSD_NS;
}

/* ---- steps ---- */

/* With paging, accesses before any `process` run in the implicit "p0". */
static void need_process_parse(struct parse_ctx *pc)
{
	struct vm_config *vm = &pc->prog->config.vm;

	if (access_paging(pc->prog) && !(vm->set & VMC_PROCESS))
		vm->implicit_process = true;
}

static bool parse_walk(struct parse_ctx *pc, const struct token *args,
		       size_t nargs)
{
	uint64_t addr, count = 0, stride = 0, size = 4, k;
	bool count_seen = false, stride_seen = false, write = false;
	struct token opts[8];
	size_t nopts = 0, i;
	const struct option_spec specs[] = {
		{ "count", OPT_U64, &count, NULL, &count_seen },
		{ "stride", OPT_U64, &stride, NULL, &stride_seen },
		{ "size", OPT_U64, &size, NULL, NULL },
		{ NULL, OPT_U64, NULL, NULL, NULL },
	};

	if (!parse_expect(pc, nargs, 3, 5))
		return false;
	if (args[0].type != TOK_WORD || !parse_u64(pc, &args[0], &addr))
		return false;
	for (i = 1; i < nargs; i++) {
		if (args[i].type == TOK_WORD && args[i].len == 5 &&
		    memcmp(args[i].text, "write", 5) == 0 && !write) {
			write = true;
			continue;
		}
		if (args[i].type == TOK_WORD && args[i].len == 4 &&
		    memcmp(args[i].text, "read", 4) == 0)
			continue;
		if (nopts < 8)
			opts[nopts++] = args[i];
	}
	if (!parse_options(pc, opts, nopts, specs))
		return false;
	if (!count_seen || !stride_seen) {
		parse_error_here(pc, "`walk` needs count=N and stride=BYTES (e.g. walk 0x1000 count=16 stride=64)");
		return false;
	}
	if (count == 0 || count > WALK_MAX_COUNT) {
		parse_error(pc, find_option(args, nargs, "count"),
			    "count must be between 1 and %u", WALK_MAX_COUNT);
		return false;
	}
	if (size == 0 || size > 255) {
		parse_error(pc, find_option(args, nargs, "size"),
			    "an access is 1 to 255 bytes");
		return false;
	}
	if (stride > (1ull << 40) ||
	    addr + stride * (count - 1) + size > (1ull << TRACE_ADDR_BITS)) {
		parse_error(pc, &args[0], "the walk goes past the largest address (2^%u)",
			    TRACE_ADDR_BITS);
		return false;
	}
	need_process_parse(pc);
	for (k = 0; k < count; k++) {
		struct step *s = parse_add_step(pc);
		s->a = (int64_t)(addr + k * stride);
		s->b = (int64_t)size;
		s->flags = write ? WALK_WRITE : 0;
	}
	pc->prog->config.uses |= USES_CACHE;
	return true;
}

/* `path` relative to the scenario file's folder; a new string. */
static char *resolve_path(const char *scenario, const char *path)
{
	const char *slash = strrchr(scenario, '/');
	struct strbuf sb;

	if (path[0] == '/' || slash == NULL || strcmp(path, "-") == 0)
		return xstrdup(path);
	strbuf_init(&sb);
	strbuf_add(&sb, scenario, (size_t)(slash - scenario) + 1);
	strbuf_puts(&sb, path);
	return strbuf_detach(&sb);
}

static bool parse_trace(struct parse_ctx *pc, const struct token *args,
			size_t nargs)
{
	struct cache_config *cfg = cfg_of(pc);
	struct trace_opts o = { TRACE_LACKEY, 0, 0, true };
	uint64_t group = 1, first, n, k;
	struct trace_buf buf;
	char *file, *path, why[512];
	const struct option_spec specs[] = {
		{ "format", OPT_CHOICE, &o.format, trace_format_words, NULL },
		{ "skip", OPT_U64, &o.skip, NULL, NULL },
		{ "limit", OPT_U64, &o.limit, NULL, NULL },
		{ "group", OPT_U64, &group, NULL, NULL },
		{ "fetch", OPT_BOOL, &o.fetches, NULL, NULL },
		{ NULL, OPT_U64, NULL, NULL, NULL },
	};

	if (!parse_expect(pc, nargs, 1, 6))
		return false;
	if (args[0].type == TOK_OPTION) {
		parse_error(pc, &args[0], "`trace` needs the trace file first");
		return false;
	}
	if (!parse_options(pc, args + 1, nargs - 1, specs))
		return false;
	if (group == 0 || group > 100000000) {
		parse_error(pc, find_option(args, nargs, "group"),
			    "group must be between 1 and 100000000 references per step");
		return false;
	}
	if (!parse_string(pc, &args[0], &file))
		return false;
	path = resolve_path(pc->prog->file, file);
	memset(&buf, 0, sizeof buf);
	first = cfg->ntrace;
	/* Append to the program's array. */
	buf.refs = cfg->trace;
	buf.n = cfg->ntrace;
	buf.cap = cfg->trace_cap;
	if (o.limit)
		o.limit += first;
	if (!trace_load(path, &o, &buf, why, sizeof why)) {
		cfg->trace = buf.refs;
		cfg->trace_cap = buf.cap;
		parse_error(pc, &args[0], "%s", why);
		free(file);
		free(path);
		return false;
	}
	cfg->trace = buf.refs;
	cfg->ntrace = buf.n;
	cfg->trace_cap = buf.cap;
	n = buf.n - first;
	free(file);
	free(path);
	if (n == 0) {
		parse_error(pc, &args[0], "the trace has no references%s",
			    o.format == TRACE_LACKEY ? " (is it a lackey --trace-mem=yes log?)" : "");
		return false;
	}
	if ((n + group - 1) / group > TRACE_MAX_STEPS) {
		parse_error(pc, &args[0], "the trace has %llu references: more than %u steps (use limit=N, or group=N to make each step N references)",
			    (unsigned long long)n, TRACE_MAX_STEPS);
		return false;
	}
	need_process_parse(pc);
	for (k = 0; k < n; k += group) {
		struct step *s = parse_add_step(pc);
		s->a = (int64_t)(first + k);
		s->b = (int64_t)(n - k < group ? n - k : group);
	}
	pc->prog->config.uses |= USES_CACHE;
	return true;
}

/* ---- the shared access path ---- */

static void exec_walk(struct machine *m, const struct step *s,
		      struct exec_ctx *x)
{
	cache_step_begin(&m->cache);
	access_step(m, x, (uint64_t)s->a, (unsigned)s->b,
			  s->flags & WALK_WRITE ? CACHE_WRITE : CACHE_READ);
}

/* A din label 4 (copy back) or 5 (invalidate) as a step of its own. */
static void control_step(struct machine *m, struct exec_ctx *x,
			 uint64_t addr, int op)
{
	uint64_t dirty = 0;
	uint64_t n = cache_control(&m->cache, &m->rng, addr, op, &dirty);
	bool all = op == CACHE_COPYBACK_ALL || op == CACHE_INVALIDATE_ALL;
	char where[64];

	if (all)
		snprintf(where, sizeof where, "every line");
	else
		snprintf(where, sizeof where, "the line holding 0x%llx",
			 (unsigned long long)addr);
	if (op == CACHE_COPYBACK || op == CACHE_COPYBACK_ALL)
		exec_emit(x, EV_CACHE_COPYBACK, 0, TGT_NONE, 0, 0,
			  "copy back (din label 4) %s: %llu write-back%s toward memory; what stays cached is valid and clean at every level.",
			  where, (unsigned long long)n, n == 1 ? "" : "s");
	else
		exec_emit(x, EV_CACHE_INVALIDATE, 0, TGT_NONE, 0, 0,
			  "invalidate (din label 5) %s: %llu line%s dropped at every level%s; the next miss on them is compulsory.",
			  where, (unsigned long long)n, n == 1 ? "" : "s",
			  dirty ? " (dirty data discarded without a write-back, as Dinero IV does)" :
				  "");
}

static void exec_trace(struct machine *m, const struct step *s,
		       struct exec_ctx *x)
{
	const uint64_t *refs = m->prog->config.cache.trace + s->a;
	uint64_t n = (uint64_t)s->b, k;
	struct cache *c = &m->cache;
	uint32_t i, flags = 0;
	struct strbuf sb;
	char b[32];

	cache_step_begin(c);
	if (n == 1) {
		/* One reference: its events and narration. */
		uint64_t r = refs[0], addr = TRACE_ADDR(r);
		unsigned size = TRACE_SIZE(r);
		int kind = TRACE_KIND(r);

		if (TRACE_IS_CONTROL(r)) {
			control_step(m, x, addr, kind);
			return;
		}
		if (kind == TRACE_MODIFY) {
			access_one(m, x, addr, size, CACHE_READ, VM_READ);
			if (x->stopped)
				return;
			kind = CACHE_WRITE;
		} else if (kind == TRACE_FETCH) {
			kind = CACHE_FETCH;
		}
		access_one(m, x, addr, size, (enum cache_kind)kind,
			    kind == CACHE_WRITE ? VM_WRITE : VM_READ);
		return;
	}
	/* Grouped: no events per reference, so the batch path. */
	k = access_run_quiet(m, refs, (size_t)n);
	if (k < n) {
		/* The VM said nothing; say it here. */
		exec_emit(x, EV_SEGFAULT, EVF_ERROR | EVF_FAULT | EVF_HALT,
			  TGT_NONE, 0, 0,
			  "trace reference %llu (0x%llx): segmentation fault; the process is killed and the run stops.",
			  (unsigned long long)(s->a + (int64_t)k + 1),
			  (unsigned long long)TRACE_ADDR(refs[k]));
		return;
	}
	for (i = 0; i < c->nlevels; i++)
		if (c->last.misses[i])
			flags |= EVF_CACHE_MISS;
	if (x->quiet) {
		exec_emit(x, EV_TRACE, flags, TGT_NONE, 0, 0, "%s", "");
		return;
	}
	strbuf_init(&sb);
	strbuf_printf(&sb, "%llu trace references:",
		      (unsigned long long)s->b);
	for (i = 0; i < c->nlevels; i++)
		strbuf_printf(&sb, "%s %s %llu hit%s, %llu miss%s",
			      i ? ";" : "", c->level[i].name,
			      (unsigned long long)c->last.hits[i],
			      c->last.hits[i] == 1 ? "" : "s",
			      (unsigned long long)c->last.misses[i],
			      c->last.misses[i] == 1 ? "" : "es");
	strbuf_printf(&sb, "; %s in all",
		      latency_format(c->last.cost_ns, b, sizeof b));
	exec_emit(x, EV_TRACE, flags, TGT_NONE, 0, 0, "%s", sb.buf);
	strbuf_free(&sb);
}

static void json_access(const struct machine *m, const struct step *s,
			struct json *j)
{
	(void)s;
	access_json_step(m, j);
}

const struct directive cache_directives[] = {
	{ .name = "cache",
	  .synopsis = "cache L1|L1i|L1d|L2|L3 size=SIZE [line=64] [ways=N|full] [replace=lru|fifo|random|plru] [write=back|through] [alloc=write|no-write] [writebacks=buffer|demand] [latency=TIME]",
	  .summary = "configure one level of the cache hierarchy",
	  .kind = DK_CONFIG, .parse = parse_cache },
	{ .name = "latency",
	  .synopsis = "latency [ram=TIME] [ssd=TIME] [hdd=TIME] [tlb=TIME] [walk=TIME]",
	  .summary = "memory latencies (defaults: RAM 80ns, SSD 100us, HDD 10ms)",
	  .kind = DK_CONFIG, .parse = parse_latency },
	{ .name = "swap-device", .synopsis = "swap-device ssd|hdd",
	  .summary = "the device page faults swap from (its latency is the fault's cost)",
	  .kind = DK_CONFIG, .parse = parse_swap_device },
	{ .name = "walk",
	  .synopsis = "walk ADDR count=N stride=BYTES [size=BYTES] [write]",
	  .summary = "an array traversal: count accesses, stride bytes apart (one step each)",
	  .kind = DK_STEP, .parse = parse_walk, .exec = exec_walk,
	  .access = DA_STREAM,
	  .json = json_access },
	{ .name = "trace",
	  .synopsis = "trace FILE [format=lackey|din] [skip=N] [limit=N] [group=N] [fetch=on|off]",
	  .summary = "import a real program's memory trace (one step per reference, or per group)",
	  .kind = DK_STEP, .parse = parse_trace, .exec = exec_trace,
	  .access = DA_STREAM,
	  .json = json_access },
	{ .name = NULL },
};
