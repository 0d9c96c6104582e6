/*
 * bench_vm.c: page replacement throughput (issue 3, section 10).  A
 * 10,000,000-reference string over 1,000 pages (80% of references go to
 * a hot set of 100 pages that drifts, 10% are writes), replayed under
 * each policy with 64 and 512 frames, with no per-step output: the model
 * is driven directly (vm_ref with no exec context), as batch replay does.
 * Prints references per second, the best of RUNS runs (each on a fresh
 * machine, timed in process CPU time: a shared or noisy machine slows
 * some runs, never speeds one up); targets: 20M/s for fifo, lru and
 * clock, 5M/s for opt.  `make bench` runs it; no limit is enforced here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/frames.h"
#include "core/machine.h"
#include "core/program.h"
#include "core/vm.h"

#define NREFS 10000000u
#define NPAGES 1000u
#define RUNS 3

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	static const int policies[] = { REPLACE_FIFO, REPLACE_LRU,
					REPLACE_CLOCK, REPLACE_ECLOCK,
					REPLACE_OPT, REPLACE_RANDOM };
	static const unsigned frame_counts[] = { 64, 512 };
	size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : NREFS, i;
	uint32_t *pages = malloc(n * sizeof *pages);
	uint64_t *keys = malloc(n * sizeof *keys);
	uint8_t *writes = malloc(n);
	uint64_t x = 88172645463325252ull;
	struct vm_future *future;
	size_t pi, fi;

	if (!pages || !keys || !writes)
		return 1;
	for (i = 0; i < n; i++) {
		uint32_t hot = (uint32_t)(i / 100000 * 37 % NPAGES);
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		if (x % 10 < 8)
			pages[i] = (hot + (uint32_t)(x >> 8) % 100) % NPAGES;
		else
			pages[i] = (uint32_t)(x >> 8) % NPAGES;
		writes[i] = (x >> 40) % 10 == 0;
		keys[i] = (uint64_t)pages[i] + 1;
	}
	future = vm_future_create(keys, n);
	printf("%-8s %7s %14s %10s %12s   (refs/s: best of %d runs)\n",
	       "policy", "frames", "refs/s", "faults", "writebacks", RUNS);
	for (pi = 0; pi < sizeof policies / sizeof policies[0]; pi++) {
		for (fi = 0; fi < 2; fi++) {
			struct program *p = program_create("bench");
			struct machine m;
			double t0, t1, best = 0;
			unsigned long long faults = 0, wbs = 0;
			int run;

			p->config.vm.frames = frame_counts[fi];
			p->config.vm.policy = policies[pi];
			p->config.vm.tlb_off = true;
			p->config.vm.implicit_process = true;
			p->config.vm.set = VMC_FRAMES | VMC_REPLACE | VMC_TLB;
			p->config.uses = USES_VM;
			for (run = 0; run < RUNS; run++) {
				machine_init(&m, p);
				vm_set_future(&m.vm, future);
				t0 = now_s();
				for (i = 0; i < n; i++)
					vm_ref(&m.vm, &m.rng, NULL, i, pages[i], writes[i]);
				t1 = now_s();
				if (run == 0 || t1 - t0 < best)
					best = t1 - t0;
				faults = m.vm.st.page_faults;
				wbs = m.vm.st.writebacks;
				machine_free(&m);
			}
			printf("%-8s %7u %14.0f %10llu %12llu\n",
			       replace_policy_names[policies[pi]],
			       frame_counts[fi], (double)n / best, faults, wbs);
			program_destroy(p);
		}
	}
	vm_future_release(future);
	free(pages);
	free(keys);
	free(writes);
	return 0;
}
