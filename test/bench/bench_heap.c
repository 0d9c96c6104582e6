/*
 * bench_heap.c: the heap allocators' speed (issue: 1,000,000 random
 * malloc/free steps with a live set of about 10,000 blocks, at least a
 * million operations per second under every policy).  For each policy it
 * times (1) the model alone, quiet, and (2) the engine's whole run of a
 * generated 1,000,000-step scenario (parse excluded), as `--batch` does
 * before printing.  Prints its figures; enforces nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/directive.h"
#include "core/engine.h"
#include "core/heap.h"
#include "core/scenario.h"
#include "core/util.h"

#define OPS 1000000u
#define NAMES 20000u

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *const heap_lines[] = {
	"heap size=16M policy=first-fit",
	"heap size=16M policy=next-fit",
	"heap size=16M policy=best-fit",
	"heap size=16M policy=worst-fit",
	"heap size=16M policy=buddy min=16",
	"heap size=16M policy=slab",
};

static const char caches[] = "slab k16 size=16 per-slab=64\n"
			     "slab k32 size=32 per-slab=64\n"
			     "slab k64 size=64 per-slab=64\n"
			     "slab k128 size=128 per-slab=32\n"
			     "slab k256 size=256 per-slab=16\n";

/* The random operation stream: name index and size (0: free). */
static void next_op(unsigned *r, const unsigned char *live, unsigned *name,
		    unsigned *size)
{
	*r = *r * 1103515245u + 12345u;
	*name = (*r >> 4) % NAMES;
	*r = *r * 1103515245u + 12345u;
	*size = live[*name] ? 0 : 1 + (*r >> 8) % 256;
}

static char *generate(int policy)
{
	struct strbuf sb;
	unsigned char *live = xcalloc(NAMES, 1);
	unsigned r = 42, name, size;
	size_t i;

	strbuf_init(&sb);
	strbuf_printf(&sb, "title \"bench\"\n%s\n", heap_lines[policy]);
	if (policy == HEAP_SLAB)
		strbuf_puts(&sb, caches);
	for (i = 0; i < OPS; i++) {
		next_op(&r, live, &name, &size);
		if (size)
			strbuf_printf(&sb, "malloc v%u %u\n", name, size);
		else
			strbuf_printf(&sb, "free v%u\n", name);
		live[name] = !live[name];
	}
	free(live);
	return strbuf_detach(&sb);
}

/* The model alone: returns seconds for OPS operations. */
static double bench_model(int policy, size_t *peak_live)
{
	struct program *p;
	struct diag d;
	char *text = generate(policy);
	struct heap h;
	struct exec_ctx x;
	unsigned char *live = xcalloc(NAMES, 1);
	uint32_t *sym = xmalloc(NAMES * sizeof *sym);
	unsigned r = 42, name, size;
	size_t i, nlive = 0;
	double t0, t;

	diag_init(&d, "bench");
	p = scenario_parse("bench", text, strlen(text), &d);
	if (p == NULL) {
		fprintf(stderr, "%s\n", d.count ? d.lines[0] : "parse failed");
		exit(1);
	}
	for (i = 0; i < NAMES; i++) {
		char n[16];
		snprintf(n, sizeof n, "v%zu", i);
		sym[i] = program_lookup(p, n);
	}
	memset(&x, 0, sizeof x);
	x.prog = p;
	x.step = &p->steps[0];
	x.limit = SIZE_MAX;
	x.quiet = true;
	heap_init(&h, &p->config.heap);
	if (policy == HEAP_SLAB) {
		static const unsigned sizes[] = { 16, 32, 64, 128, 256 };
		static const unsigned per[] = { 64, 64, 64, 32, 16 };
		for (i = 0; i < 5; i++) {
			char n[8];
			snprintf(n, sizeof n, "k%u", sizes[i]);
			heap_cache_create(&h, program_lookup(p, n), sizes[i],
					  per[i], &x);
		}
	}
	*peak_live = 0;
	t0 = now_s();
	for (i = 0; i < OPS; i++) {
		next_op(&r, live, &name, &size);
		x.nevents = 0;
		if (size) {
			heap_malloc(&h, sym[name], size, false, 1, &x);
			nlive++;
		} else {
			heap_free_name(&h, sym[name], false, 0, &x);
			nlive--;
		}
		live[name] = !live[name];
		if (nlive > *peak_live)
			*peak_live = nlive;
	}
	t = now_s() - t0;
	if (heap_check(&h)) {
		fprintf(stderr, "invariant broken: %s\n", heap_check(&h));
		exit(1);
	}
	if (h.failures)
		fprintf(stderr, "  (%llu allocations failed)\n",
			(unsigned long long)h.failures);
	heap_free(&h);
	free(x.events);
	free(live);
	free(sym);
	program_destroy(p);
	diag_free(&d);
	free(text);
	return t;
}

/* The engine's initial run of the whole scenario. */
static double bench_engine(int policy, size_t *history)
{
	struct program *p;
	struct engine *e;
	struct diag d;
	char *text = generate(policy);
	double t0, t;

	diag_init(&d, "bench");
	p = scenario_parse("bench", text, strlen(text), &d);
	t0 = now_s();
	e = engine_create(p, &d, 0);
	t = now_s() - t0;
	if (e == NULL) {
		fprintf(stderr, "%s\n", d.count ? d.lines[0] : "engine failed");
		exit(1);
	}
	*history = engine_history_bytes(e);
	engine_destroy(e);
	program_destroy(p);
	diag_free(&d);
	free(text);
	return t;
}

int main(void)
{
	int policy;

	printf("%-10s %16s %16s %12s\n", "policy", "model ops/s",
	       "engine steps/s", "history MB");
	for (policy = HEAP_FIRST_FIT; policy <= HEAP_SLAB; policy++) {
		size_t peak, history;
		double tm = bench_model(policy, &peak);
		double te = bench_engine(policy, &history);
		printf("%-10s %16.0f %16.0f %12.1f   (live blocks up to %zu)\n",
		       heap_policy_names[policy], OPS / tm, OPS / te,
		       (double)history / (1024.0 * 1024.0), peak);
		fflush(stdout);
	}
	return 0;
}
