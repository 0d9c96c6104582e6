/*
 * bench_cache.c: the memory hierarchy at scale (issue 5: 10,000,000
 * references through a TLB, a 2-level page table, L1 and L2, at least 20
 * million references per second from memory and at least 100 MB/s of
 * lackey text parsed).  Prints its figures; enforces nothing.
 *
 *  1. model: references already in memory, as one batch through
 *     access_run_quiet (per reference: TLB, walk, faults, then L1 and L2,
 *     as access_step does with no events), over a working set that
 *     fits in L2 and over one that fits nowhere;
 *  2. lackey: a 10,000,000-line lackey file parsed by trace_load (MB/s);
 *  3. batch: the same file as a scenario (`trace FILE group=10000`), parsed
 *     and run by the engine quietly, as `memviz --batch` does before it
 *     prints anything.
 * Times are process CPU time, so other load on the machine does not count.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/access.h"
#include "core/cache.h"
#include "core/engine.h"
#include "core/machine.h"
#include "core/scenario.h"
#include "core/trace.h"
#include "core/util.h"

#define NREFS 10000000u
#define RUNS 3

static const char config[] =
	"page-size 4K\n"
	"frames 8192\n"
	"pagetable levels=2\n"
	"tlb entries=64 ways=4\n"
	"cache L1 size=32K line=64 ways=8\n"
	"cache L2 size=256K line=64 ways=8\n";

/* Process CPU time: the figures hold on a shared, busy machine too. */
static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t xs(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/*
 * A program-like stream over a working set of `span` bytes: runs of
 * sequential 8-byte accesses (arrays), a hot stack region, and random
 * jumps.  24 MB defeats both caches; 128K fits in L2.
 */
static void make_refs(uint64_t *addr, uint8_t *kind, size_t n, uint64_t span)
{
	uint64_t s = 0x9e3779b97f4a7c15ull, cur = 0x100000;
	size_t i;

	for (i = 0; i < n; i++) {
		uint64_t r = xs(&s);
		switch (r % 8) {
		case 0:
			cur = 0x100000 + (r >> 8) % span;
			break;
		case 1:
		case 2:
			addr[i] = 0x7000000 + (r >> 16) % 4096;
			kind[i] = (uint8_t)(r >> 40 & 1);
			continue;
		default:
			break;
		}
		cur += 8;
		addr[i] = cur & ~7ull;
		kind[i] = (uint8_t)((r >> 40) % 4 == 0);
	}
}

static struct program *parse(const char *text, const char *file)
{
	struct diag d;
	struct program *p;

	diag_init(&d, file);
	p = scenario_parse(file, text, strlen(text), &d);
	if (p == NULL) {
		fprintf(stderr, "bench_cache: %s\n",
			d.count ? d.lines[0] : "parse failed");
		exit(1);
	}
	diag_free(&d);
	return p;
}

static void print_levels(const struct machine *m)
{
	uint32_t i;

	for (i = 0; i < m->cache.nlevels; i++) {
		const struct cache_level *l = &m->cache.level[i];
		printf("    %s: %llu accesses, hit ratio %.3f (compulsory %llu, capacity %llu, conflict %llu)\n",
		       l->name, (unsigned long long)l->st.accesses,
		       l->st.accesses ? (double)l->st.hits / (double)l->st.accesses : 0.0,
		       (unsigned long long)l->st.compulsory,
		       (unsigned long long)l->st.capacity,
		       (unsigned long long)l->st.conflict);
	}
}

int main(void)
{
	uint64_t *addr = xmalloc(NREFS * sizeof *addr);
	uint8_t *kind = xmalloc(NREFS);
	uint64_t *packed = xmalloc(NREFS * sizeof *packed);
	char path[] = "/tmp/bench_cache_XXXXXX";
	struct strbuf sb;
	struct program *p;
	struct machine m;
	struct engine *e;
	struct trace_opts o = { TRACE_LACKEY, 0, 0, true };
	struct trace_buf tb;
	char why[256];
	double t0, t1, mb;
	size_t i;
	int fd, pass;
	FILE *f;

	/* 1. the model, references in memory: a small, then a large set */
	strbuf_init(&sb);
	strbuf_printf(&sb, "%sread 0\n", config);
	p = parse(sb.buf, "bench.mvs");
	for (pass = 0; pass < 2; pass++) {
		uint64_t span = pass == 0 ? 128u << 10 : 24u << 20;
		double best = 0;
		int run;

		make_refs(addr, kind, NREFS, span);
		for (i = 0; i < NREFS; i++)
			packed[i] = TRACE_PACK(addr[i], 8, kind[i] ? TRACE_WRITE :
								     TRACE_READ);
		/* The best of RUNS runs, each on a fresh machine. */
		for (run = 0; run < RUNS; run++) {
			if (run)
				machine_free(&m);
			machine_init(&m, p);
			t0 = now_s();
			cache_step_begin(&m.cache);
			access_run_quiet(&m, packed, NREFS);
			t1 = now_s();
			if (run == 0 || t1 - t0 < best)
				best = t1 - t0;
		}
		printf("model (TLB + 2-level page table + L1 + L2), %u references in memory over %llu K: %.1f M references/s (%.0f ns each; best of %d runs)\n",
		       NREFS, (unsigned long long)(span >> 10),
		       NREFS / best / 1e6, best * 1e9 / NREFS, RUNS);
		printf("    TLB hits %llu, misses %llu; page faults %llu; AMAT %.1f ns\n",
		       (unsigned long long)m.vm.st.tlb_hits,
		       (unsigned long long)m.vm.st.tlb_misses,
		       (unsigned long long)m.vm.st.page_faults,
		       m.cache.t.accesses ? (double)m.cache.t.hierarchy_ns / (double)m.cache.t.accesses : 0.0);
		print_levels(&m);
		machine_free(&m);
	}
	program_destroy(p);
	/* ... and the parts alone, to see where the time goes */
	for (pass = 0; pass < 2; pass++) {
		static const char *const what[] = {
			"caches alone (L1 + L2, physical addresses)",
			"translation alone (TLB + 2-level page table)",
		};
		strbuf_reset(&sb);
		if (pass == 0)
			strbuf_printf(&sb, "cache L1 size=32K line=64 ways=8\n"
				      "cache L2 size=256K line=64 ways=8\n"
				      "walk 0 count=1 stride=1\n");
		else
			strbuf_printf(&sb, "page-size 4K\nframes 8192\n"
				      "pagetable levels=2\ntlb entries=64 ways=4\n"
				      "read 0\n");
		p = parse(sb.buf, "bench.mvs");
		machine_init(&m, p);
		t0 = now_s();
		for (i = 0; i < NREFS; i++) {
			if (pass == 0) {
				cache_step_begin(&m.cache);
				cache_access(&m.cache, &m.rng, addr[i], 8,
					     kind[i] ? CACHE_WRITE : CACHE_READ,
					     NULL);
			} else {
				vm_access(&m.vm, &m.rng, NULL, 0, addr[i],
					  kind[i] ? VM_WRITE : VM_READ);
			}
		}
		t1 = now_s();
		printf("    %s, same references: %.1f M references/s (%.0f ns each)\n",
		       what[pass], NREFS / (t1 - t0) / 1e6,
		       (t1 - t0) * 1e9 / NREFS);
		machine_free(&m);
		program_destroy(p);
	}

	/* 2. lackey parsing */
	fd = mkstemp(path);
	if (fd < 0 || (f = fdopen(fd, "w")) == NULL) {
		perror("bench_cache: temporary file");
		return 1;
	}
	fprintf(f, "==1== Lackey, an example Valgrind tool\n");
	for (i = 0; i < NREFS; i++) {
		if (i % 4 == 0)
			fprintf(f, "I  %08llx,%u\n",
				(unsigned long long)(0x400000 + i % 65536), 3u);
		else
			fprintf(f, " %c %08llx,8\n", kind[i] ? 'S' : 'L',
				(unsigned long long)addr[i]);
	}
	mb = (double)ftell(f) / (1024.0 * 1024.0);
	fclose(f);
	memset(&tb, 0, sizeof tb);
	t0 = now_s();
	if (!trace_load(path, &o, &tb, why, sizeof why)) {
		fprintf(stderr, "bench_cache: %s\n", why);
		return 1;
	}
	t1 = now_s();
	printf("lackey parsing: %.0f MB, %zu references in %.2f s: %.0f MB/s (%.1f M lines/s)\n",
	       mb, tb.n, t1 - t0, mb / (t1 - t0), (double)tb.n / (t1 - t0) / 1e6);
	free(tb.refs);

	/* 3. the lackey file as a scenario, through the engine (batch mode) */
	strbuf_reset(&sb);
	strbuf_printf(&sb, "%strace %s format=lackey group=10000\n", config,
		      path);
	t0 = now_s();
	p = parse(sb.buf, "bench.mvs");
	t1 = now_s();
	e = engine_create(p, NULL, 0);
	if (e == NULL) {
		fprintf(stderr, "bench_cache: the engine refused the scenario\n");
		return 1;
	}
	engine_goto(e, engine_count(e));
	printf("batch (scenario `trace FILE group=10000`, %zu steps): parse %.2f s, run %.2f s: %.1f M references/s including the parse\n",
	       engine_count(e), t1 - t0, now_s() - t1,
	       NREFS / (now_s() - t0) / 1e6);
	print_levels(engine_machine(e));
	printf("cache: targets: at least 20 M references/s from memory (the model lines), at least 100 MB/s of lackey text\n");
	engine_destroy(e);
	program_destroy(p);
	unlink(path);
	strbuf_free(&sb);
	free(addr);
	free(kind);
	free(packed);
	return 0;
}
