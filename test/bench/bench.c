/*
 * bench.c: the engine's reversibility at scale (issue: a 1,000,000-step
 * scenario; step back and go to any step in under 5 ms median, the whole
 * history under 200 MB resident).  Prints its figures; no limits enforced
 * here: `make bench` is for reading, `make check` never runs it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/engine.h"
#include "core/scenario.h"
#include "core/util.h"

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static double rss_mb(void)
{
	long pages = 0, rss = 0;
	FILE *f = fopen("/proc/self/statm", "r");

	if (f) {
		if (fscanf(f, "%ld %ld", &pages, &rss) != 2)
			rss = 0;
		fclose(f);
	}
	return (double)rss * (double)sysconf(_SC_PAGESIZE) / (1024.0 * 1024.0);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* A scenario of `n` steps: calls, locals and returns, depth 1 to 40. */
static char *generate(size_t n)
{
	struct strbuf sb;
	unsigned x = 12345;
	size_t i, depth = 1, locals = 0;

	strbuf_init(&sb);
	strbuf_puts(&sb, "title \"bench\"\nstack size=1M\ncall main\n");
	for (i = 1; i < n; i++) {
		unsigned r;
		x = x * 1103515245u + 12345u;
		r = (x >> 16) % 10;
		if (i % 10000 == 0)
			strbuf_printf(&sb, "mark \"m%zu\"\n", i);
		if ((r < 3 && depth < 40) || depth == 1) {
			strbuf_printf(&sb, "call f a=%u\n", r);
			depth++;
		} else if (r < 6) {
			strbuf_printf(&sb, "local v%zu 8 = %u\n", locals++ % 50000, r);
		} else {
			strbuf_puts(&sb, "ret\n");
			depth--;
		}
	}
	return strbuf_detach(&sb);
}

static double median(double *v, size_t n)
{
	qsort(v, n, sizeof *v, cmp_double);
	return v[n / 2];
}

int main(int argc, char **argv)
{
	size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000000;
	size_t trials = 1000, i;
	double *goto_ms = xmalloc(trials * sizeof *goto_ms);
	double *back_ms = xmalloc(trials * sizeof *back_ms);
	double t0, rss0, rss1;
	struct diag d;
	struct program *p;
	struct engine *e;
	char *text;
	unsigned x = 777;

	text = generate(n);
	diag_init(&d, "bench");
	rss0 = rss_mb();
	t0 = now_ms();
	p = scenario_parse("bench", text, strlen(text), &d);
	free(text);
	if (p == NULL) {
		fprintf(stderr, "bench: %s\n", d.count ? d.lines[0] : "parse failed");
		return 1;
	}
	printf("engine: parsed %zu steps in %.0f ms\n", p->nsteps, now_ms() - t0);
	t0 = now_ms();
	e = engine_create(p, &d, 0);
	if (e == NULL) {
		fprintf(stderr, "bench: %s\n", d.count ? d.lines[0] : "load failed");
		return 1;
	}
	rss1 = rss_mb();
	printf("engine: loaded (validated, checkpointed) in %.0f ms\n", now_ms() - t0);
	for (i = 0; i < trials; i++) {
		size_t k;
		x = x * 1103515245u + 12345u;
		k = ((size_t)x * 2654435761u) % (engine_count(e) + 1);
		t0 = now_ms();
		engine_goto(e, k);
		goto_ms[i] = now_ms() - t0;
		t0 = now_ms();
		engine_back(e);
		back_ms[i] = now_ms() - t0;
	}
	{
		double gm = median(goto_ms, trials), bm = median(back_ms, trials);
		printf("engine: %zu steps: goto median %.3f ms (p99 %.3f), back median %.3f ms (p99 %.3f)\n",
		       engine_count(e), gm, goto_ms[trials * 99 / 100], bm,
		       back_ms[trials * 99 / 100]);
	}
	printf("engine: history %.1f MB (checkpoints and flags); process resident %.1f MB (program and history: %.1f MB)\n",
	       engine_history_bytes(e) / (1024.0 * 1024.0), rss_mb(), rss1 - rss0);
	printf("engine: targets: goto and back < 5 ms median, history < 200 MB\n");
	engine_destroy(e);
	program_destroy(p);
	diag_free(&d);
	free(goto_ms);
	free(back_ms);
	return 0;
}
