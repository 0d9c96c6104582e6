/*
 * variants.c: side-by-side runs of one scenario that differ in one
 * setting: `--compare HEAP-POLICIES` for a heap scenario, and `--vary
 * KEY=V1,V2,...` for any configuration value (see variants.h).  Each run
 * is a shallow copy of the program (sharing its steps and names) with
 * the setting changed, and an engine of its own; all runs move together.
 * `--vary frames=...` is the replacement-policy compare screen of
 * compare.c, as --frames.
 */
#include "app/variants.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/lockstep.h"
#include "app/term.h"
#include "core/cache.h"
#include "core/diag.h"
#include "core/directive.h"
#include "core/engine.h"
#include "core/gc.h"
#include "core/heap.h"
#include "core/program.h"
#include "core/util.h"
#include "core/vm.h"
#include "view/canvas.h"
#include "view/layout.h"
#include "view/sidebyside.h"

/* What a --vary key changes. */
enum vary_field {
	VF_FRAMES,
	VF_TLB_ENTRIES,
	VF_TLB_WAYS,
	VF_CACHE_SIZE,
	VF_CACHE_WAYS,
	VF_CACHE_LINE,
	VF_GC_YOUNG,
	VF_GC_SIZE,
	VF_GC_THRESHOLD,
	VF_HEAP_SIZE,
	VF_HEAP_ALIGN,
	VF_HEAP_HEADER,
};

static const struct {
	const char *name;
	enum vary_field field;
} plain_keys[] = {
	{ "frames", VF_FRAMES },       { "tlb.entries", VF_TLB_ENTRIES },
	{ "tlb.ways", VF_TLB_WAYS },   { "gc.young", VF_GC_YOUNG },
	{ "gc.size", VF_GC_SIZE },     { "gc.threshold", VF_GC_THRESHOLD },
	{ "heap.size", VF_HEAP_SIZE }, { "heap.align", VF_HEAP_ALIGN },
	{ "heap.header", VF_HEAP_HEADER },
};

static const char *const level_names[CACHE_SLOTS] = {
	"L1", "L1i", "L1d", "L2", "L3",
};

#define KEYS_HELP "frames, tlb.entries, tlb.ways, L1.size, L1.ways, L1.line " \
	"(also L1i, L1d, L2, L3), gc.young, gc.size, gc.threshold, " \
	"heap.size, heap.align, heap.header"

struct vary_key {
	enum vary_field field;
	int slot; /* enum cache_slot for the cache fields */
};

/* The key of "KEY=..." (len bytes); false when unknown. */
static bool find_key(const char *s, size_t len, struct vary_key *k)
{
	size_t i;

	for (i = 0; i < sizeof plain_keys / sizeof plain_keys[0]; i++)
		if (strlen(plain_keys[i].name) == len &&
		    strncmp(plain_keys[i].name, s, len) == 0) {
			k->field = plain_keys[i].field;
			k->slot = -1;
			return true;
		}
	for (i = 0; i < CACHE_SLOTS; i++) {
		size_t l = strlen(level_names[i]);
		const char *f = s + l + 1;
		size_t fl = len - l - 1;
		if (len <= l + 1 || strncmp(s, level_names[i], l) != 0 ||
		    s[l] != '.')
			continue;
		k->slot = (int)i;
		if (fl == 4 && strncmp(f, "size", 4) == 0)
			k->field = VF_CACHE_SIZE;
		else if (fl == 4 && strncmp(f, "ways", 4) == 0)
			k->field = VF_CACHE_WAYS;
		else if (fl == 4 && strncmp(f, "line", 4) == 0)
			k->field = VF_CACHE_LINE;
		else
			return false;
		return true;
	}
	return false;
}

/* A value: digits with an optional K, M or G suffix. */
static bool parse_value(const char *s, size_t len, uint64_t *out)
{
	uint64_t v = 0, mul = 1;
	size_t i;

	if (len == 0)
		return false;
	if (s[len - 1] == 'K' || s[len - 1] == 'M' || s[len - 1] == 'G') {
		mul = s[len - 1] == 'K' ? 1024 : s[len - 1] == 'M' ? 1u << 20
								  : 1u << 30;
		len--;
	}
	if (len == 0 || len > 12)
		return false;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	*out = v * mul;
	return true;
}

/* Split "KEY=V1,V2" into key and values; false with a message. */
static bool split_vary(const char *arg, struct vary_key *key, uint64_t *vals,
		       const char **texts, size_t *lens, size_t *n, char *err,
		       size_t errsz)
{
	const char *eq = strchr(arg, '='), *s;

	*n = 0;
	if (eq == NULL || eq == arg) {
		snprintf(err, errsz, "--vary needs KEY=V1,V2,... such as L1.ways=1,2,4 (keys: %s)",
			 KEYS_HELP);
		return false;
	}
	if (!find_key(arg, (size_t)(eq - arg), key)) {
		snprintf(err, errsz, "--vary: unknown key '%.*s' (keys: %s)",
			 (int)(eq - arg > 32 ? 32 : eq - arg), arg, KEYS_HELP);
		return false;
	}
	for (s = eq + 1; *s;) {
		size_t len = strcspn(s, ",");
		if (len) {
			if (*n == CLI_MAX_COMPARE) {
				snprintf(err, errsz, "--vary: at most %d values",
					 CLI_MAX_COMPARE);
				return false;
			}
			if (!parse_value(s, len, &vals[*n])) {
				snprintf(err, errsz,
					 "--vary: '%.*s' is not a number (such as 4, 16K, 1M)",
					 (int)(len > 32 ? 32 : len), s);
				return false;
			}
			texts[*n] = s;
			lens[*n] = len;
			(*n)++;
		}
		s += len;
		s += strspn(s, ",");
	}
	if (*n == 0) {
		snprintf(err, errsz, "--vary %.*s= needs values such as 1,2,4",
			 (int)(eq - arg > 32 ? 32 : eq - arg), arg);
		return false;
	}
	return true;
}

bool variants_check_vary(const char *arg, char *err, size_t errsz)
{
	struct vary_key key;
	uint64_t vals[CLI_MAX_COMPARE];
	const char *texts[CLI_MAX_COMPARE];
	size_t lens[CLI_MAX_COMPARE], n;

	return split_vary(arg, &key, vals, texts, lens, &n, err, errsz);
}

bool variants_vary_frames(const char *arg, uint64_t *frames, size_t *n)
{
	struct vary_key key;
	const char *texts[CLI_MAX_COMPARE];
	size_t lens[CLI_MAX_COMPARE];
	char err[256];

	return split_vary(arg, &key, frames, texts, lens, n, err, sizeof err) &&
	       key.field == VF_FRAMES;
}

/* Apply one value to a copy of the configuration; false with a message
 * when the scenario lacks the model or the value does not fit it. */
static bool apply(struct config *c, const struct vary_key *k, uint64_t v,
		  char *err, size_t errsz)
{
	switch (k->field) {
	case VF_FRAMES:
		c->vm.frames = v;
		c->vm.memory_bytes = 0;
		c->vm.set |= VMC_FRAMES;
		if (v < 1 || v > VM_MAX_FRAMES)
			goto range;
		return true;
	case VF_TLB_ENTRIES:
	case VF_TLB_WAYS:
		if (!(c->uses & USES_VM)) {
			snprintf(err, errsz, "the scenario does not use virtual memory (no TLB to vary)");
			return false;
		}
		if (v < (k->field == VF_TLB_WAYS ? 0 : 1) || v > 4096)
			goto range;
		if (k->field == VF_TLB_ENTRIES)
			c->vm.tlb_entries = (uint32_t)v;
		else
			c->vm.tlb_ways = (uint32_t)v;
		if (c->vm.tlb_ways && c->vm.tlb_entries % c->vm.tlb_ways) {
			snprintf(err, errsz, "tlb entries must be a multiple of its ways");
			return false;
		}
		return true;
	case VF_CACHE_SIZE:
	case VF_CACHE_WAYS:
	case VF_CACHE_LINE: {
		struct cache_level_config *lc = &c->cache.slot[k->slot];
		char why[160];
		int bad;
		if (!lc->present) {
			snprintf(err, errsz, "the scenario has no %s cache",
				 level_names[k->slot]);
			return false;
		}
		if (k->field == VF_CACHE_SIZE)
			lc->size_bytes = v;
		else if (k->field == VF_CACHE_WAYS)
			lc->ways = v;
		else
			lc->line_bytes = v;
		if (!cache_config_check(&c->cache, why, sizeof why, &bad)) {
			snprintf(err, errsz, "%s", why);
			return false;
		}
		return true;
	}
	case VF_GC_YOUNG:
	case VF_GC_SIZE:
	case VF_GC_THRESHOLD:
		if (!(c->uses & USES_GC)) {
			snprintf(err, errsz, "the scenario has no garbage-collected heap");
			return false;
		}
		if (v < 1 || v > (1ull << 30))
			goto range;
		if (k->field == VF_GC_YOUNG) {
			/* the rule of `gc generational young=` */
			if (c->gc.algorithm != GC_GENERATIONAL) {
				snprintf(err, errsz, "gc.young applies to the generational collector only");
				return false;
			}
			if (v < 16 || v % 8 || v >= c->gc.size_bytes) {
				snprintf(err, errsz, "young must be a multiple of 8, at least 16 and smaller than the heap (%llu bytes)",
					 (unsigned long long)c->gc.size_bytes);
				return false;
			}
			c->gc.young_bytes = v;
		} else if (k->field == VF_GC_SIZE) {
			if (c->gc.algorithm == GC_GENERATIONAL &&
			    c->gc.young_bytes >= v) {
				snprintf(err, errsz, "the heap must be larger than its young generation (%llu bytes)",
					 (unsigned long long)c->gc.young_bytes);
				return false;
			}
			c->gc.size_bytes = v;
		} else {
			c->gc.threshold = v;
		}
		return true;
	case VF_HEAP_SIZE:
	case VF_HEAP_ALIGN:
	case VF_HEAP_HEADER:
		if (!(c->uses & USES_HEAP)) {
			snprintf(err, errsz, "the scenario has no heap");
			return false;
		}
		if (k->field == VF_HEAP_SIZE) {
			if (v < 16 || v > (1ull << 30) ||
			    (c->heap.policy == HEAP_BUDDY && (v & (v - 1))))
				goto range;
			c->heap.size_bytes = v;
		} else if (k->field == VF_HEAP_ALIGN) {
			if (v == 0 || (v & (v - 1)) || v > 4096 ||
			    c->heap.base % v)
				goto range;
			c->heap.align = v;
		} else {
			if (v > 1024)
				goto range;
			c->heap.header_bytes = v;
		}
		return true;
	}
range:
	snprintf(err, errsz, "the value %llu is out of range for this key",
		 (unsigned long long)v);
	return false;
}

static int pane_for(const struct vary_key *k)
{
	switch (k->field) {
	case VF_FRAMES:
		return PANE_ID_FRAMES;
	case VF_TLB_ENTRIES:
	case VF_TLB_WAYS:
		return PANE_ID_PAGETABLE;
	case VF_CACHE_SIZE:
	case VF_CACHE_WAYS:
	case VF_CACHE_LINE:
		return PANE_ID_CACHE;
	case VF_GC_YOUNG:
	case VF_GC_SIZE:
	case VF_GC_THRESHOLD:
		return PANE_ID_GC;
	default:
		return PANE_ID_HEAP;
	}
}

/* True when the program declares a slab cache (a `slab` step). */
static bool has_slab_caches(const struct program *p)
{
	size_t i;

	for (i = 0; i < p->nsteps; i++)
		if (strcmp(directive_get(p->steps[i].op)->name, "slab") == 0)
			return true;
	return false;
}

struct runs {
	struct program *progs;
	struct sbs_run *run;
	char (*labels)[48];
	char (*names)[32];
	size_t n;
	int pane_id;
	const char *key; /* NULL for a policy comparison */
	char keybuf[48];
};

static void runs_destroy(struct runs *rs)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		engine_destroy(rs->run[i].e);
	free(rs->run);
	free(rs->labels);
	free(rs->names);
	free(rs->progs); /* shallow copies: the program owns the rest */
}

/* Make the runs; false after a message on stderr. */
static bool runs_create(struct runs *rs, const struct program *p,
			const struct cli_options *opt)
{
	uint64_t vals[CLI_MAX_COMPARE];
	const char *texts[CLI_MAX_COMPARE];
	size_t lens[CLI_MAX_COMPARE], n, i;
	struct vary_key key = { VF_HEAP_SIZE, -1 };
	char err[256];

	memset(rs, 0, sizeof *rs);
	if (opt->vary) {
		if (!split_vary(opt->vary, &key, vals, texts, lens, &n, err,
				sizeof err)) {
			fprintf(stderr, "memviz: %s\n", err);
			return false;
		}
		snprintf(rs->keybuf, sizeof rs->keybuf, "%.*s",
			 (int)(strchr(opt->vary, '=') - opt->vary), opt->vary);
		rs->key = rs->keybuf;
		rs->pane_id = pane_for(&key);
	} else {
		n = opt->nheap_policies;
		rs->pane_id = PANE_ID_HEAP;
	}
	rs->progs = xcalloc(n, sizeof *rs->progs);
	rs->run = xcalloc(n, sizeof *rs->run);
	rs->labels = xcalloc(n, sizeof *rs->labels);
	rs->names = xcalloc(n, sizeof *rs->names);
	for (i = 0; i < n; i++) {
		struct program *q = &rs->progs[i];
		struct diag d;

		*q = *p;
		if (opt->vary) {
			if (!apply(&q->config, &key, vals[i], err, sizeof err)) {
				fprintf(stderr, "memviz: %s: --vary %s=%.*s: %s\n",
					p->file, rs->key, (int)lens[i], texts[i],
					err);
				return false;
			}
			snprintf(rs->labels[i], sizeof rs->labels[i], "%s=%.*s",
				 rs->key, (int)(lens[i] > 24 ? 24 : lens[i]),
				 texts[i]);
			snprintf(rs->names[i], sizeof rs->names[i], "%.*s",
				 (int)(lens[i] > 24 ? 24 : lens[i]), texts[i]);
		} else {
			int pol = opt->heap_policies[i];
			uint64_t sz = q->config.heap.size_bytes;
			q->config.heap.policy = pol;
			snprintf(rs->labels[i], sizeof rs->labels[i], "%s",
				 heap_policy_names[pol]);
			snprintf(rs->names[i], sizeof rs->names[i], "%s",
				 heap_policy_names[pol]);
			if (pol == HEAP_BUDDY && (sz & (sz - 1))) {
				/* A buddy heap is a power of two: the next
				 * one up, and the label says so. */
				uint64_t b = 16;
				while (b < sz)
					b *= 2;
				q->config.heap.size_bytes = b;
				snprintf(rs->labels[i], sizeof rs->labels[i],
					 "buddy (heap %llu)",
					 (unsigned long long)b);
			}
			if (pol == HEAP_SLAB && !has_slab_caches(p))
				snprintf(rs->labels[i], sizeof rs->labels[i],
					 "slab (no caches)");
			if (pol == HEAP_BUDDY && q->config.heap.buddy_min == 0)
				q->config.heap.buddy_min = 16;
			if ((pol == HEAP_BUDDY || pol == HEAP_SLAB) &&
			    p->config.heap.policy != HEAP_BUDDY &&
			    p->config.heap.policy != HEAP_SLAB)
				q->config.heap.header_bytes = 0;
		}
		diag_init(&d, p->file);
		rs->run[i].e = engine_create(q, &d, 0);
		if (rs->run[i].e == NULL) {
			size_t k;
			for (k = 0; k < d.count; k++)
				fprintf(stderr, "%s\n", d.lines[k]);
			diag_free(&d);
			return false;
		}
		diag_free(&d);
		rs->run[i].label = rs->labels[i];
		rs->run[i].name = rs->names[i];
		rs->n++;
	}
	return true;
}

static size_t runs_count(const struct runs *rs)
{
	size_t i, n = 0;

	for (i = 0; i < rs->n; i++)
		if (engine_count(rs->run[i].e) > n)
			n = engine_count(rs->run[i].e);
	return n;
}

static void runs_goto(struct runs *rs, size_t k)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		engine_goto(rs->run[i].e, k);
}

static int write_out(struct strbuf *sb)
{
	int rc = 0;

	if (sb->len && (fwrite(sb->buf, 1, sb->len, stdout) != sb->len ||
			fflush(stdout) != 0))
		rc = 1;
	strbuf_free(sb);
	return rc;
}

static void view_init(struct sbs_view *v, const struct runs *rs,
		      const struct program *p)
{
	memset(v, 0, sizeof *v);
	v->runs = rs->run;
	v->nruns = rs->n;
	v->pane_id = rs->pane_id;
	v->policies = rs->key == NULL;
	v->title = p->config.title;
	v->hints = "Space next  Left back  Home/End  g go to  e explain  p play  q quit";
}

static int interactive(struct runs *rs, const struct program *p,
		       const struct cli_options *opt)
{
	struct term_options to;
	struct sbs_view v;
	struct lockstep ls;
	struct canvas *c;
	struct engine **engines = xcalloc(rs->n, sizeof *engines);
	char err[256];
	int w, h;
	size_t i;

	memset(&to, 0, sizeof to);
	to.color = opt->color;
	to.ascii = opt->ascii;
	if (!term_open(&to, err, sizeof err)) {
		fprintf(stderr, "memviz: %s\n", err);
		free(engines);
		return 1;
	}
	for (i = 0; i < rs->n; i++)
		engines[i] = rs->run[i].e;
	lockstep_init(&ls, engines, rs->n, opt->step < 0 ? 0 : (size_t)opt->step,
		      "keys: Space/Right next, Left back, Home/End, g go to step, e explain, p play, +/- speed, Up/Down scroll, q quit");
	view_init(&v, rs, p);
	term_size(&w, &h);
	c = canvas_create(w, h, term_ascii());
	while (!ls.quit) {
		int key;

		term_size(&w, &h);
		if (w != c->width || h != c->height)
			canvas_resize(c, w, h);
		v.message = lockstep_message(&ls);
		v.scroll = ls.scroll;
		v.explain = ls.explain;
		sbs_view_draw(c, &v);
		term_blit(c);
		key = term_getkey(lockstep_timeout(&ls));
		if (!lockstep_key(&ls, key))
			snprintf(ls.msg, sizeof ls.msg,
				 "not in side-by-side mode (? lists the keys)");
	}
	canvas_destroy(c);
	term_close();
	free(engines);
	return 0;
}

int variants_main(const struct program *p, const struct cli_options *opt)
{
	struct runs rs;
	int rc = 0;

	if (opt->nheap_policies && !(p->config.uses & USES_HEAP)) {
		fprintf(stderr,
			"memviz: %s: --compare with heap policies needs a scenario with a heap (malloc, free)\n",
			p->file);
		return 2;
	}
	if (!runs_create(&rs, p, opt)) {
		runs_destroy(&rs);
		return 2;
	}
	if (opt->mode == CLI_BATCH) {
		struct strbuf sb;
		strbuf_init(&sb);
		sbs_summary(rs.run, rs.n, p->config.title, rs.key, opt->json,
			    &sb);
		rc = write_out(&sb);
	} else if (opt->mode == CLI_DUMP) {
		struct canvas *c = canvas_create(opt->width ? opt->width : 80,
						 opt->height ? opt->height : 24,
						 opt->ascii);
		struct sbs_view v;
		struct strbuf sb;

		runs_goto(&rs, opt->step < 0 ? runs_count(&rs) : (size_t)opt->step);
		view_init(&v, &rs, p);
		sbs_view_draw(c, &v);
		strbuf_init(&sb);
		canvas_to_text(c, &sb);
		rc = write_out(&sb);
		canvas_destroy(c);
	} else if (opt->mode == CLI_INTERACTIVE) {
		rc = interactive(&rs, p, opt);
	} else {
		fprintf(stderr, "memviz: --compare and --vary go with the viewer, --batch or --dump\n");
		rc = 2;
	}
	runs_destroy(&rs);
	return rc;
}
