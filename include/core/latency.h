/*
 * latency.h: what memory costs.  The defaults are the seed's "Memory
 * Hierarchy" table: L1 1 ns, L2 4 ns, L3 12 ns, RAM 80 ns, SSD 100 us,
 * HDD 10 ms.  A scenario changes them with `latency ram=.. ssd=.. hdd=..
 * tlb=.. walk=..` and a level's own `cache ... latency=`, and picks the
 * swap device with `swap-device ssd|hdd`.
 *
 * Accounting, per access (all of it in the step's "cost_ns"):
 *  - translation (only with virtual memory): the TLB lookup (tlb, default
 *    0: done in parallel with L1), on a TLB miss one page-table read per
 *    level walked (walk, default RAM's latency: the tables are in
 *    memory), and on a page fault the swap device's latency once for the
 *    page read in and once more for a dirty victim written out.  A
 *    demand-zero fill needs no disk.
 *  - the hierarchy: the latency of every cache level looked in, plus RAM
 *    when all of them missed (cache.h).  Write-backs and write-throughs
 *    are buffered and cost nothing on the access path.
 *
 * AMAT (average memory access time) = hierarchy time / accesses: the
 * classic hit time + miss rate x miss penalty, measured.  Total time adds
 * translation and disk.  The ladder gives each stage's share of it.
 */
#ifndef MEMVIZ_CORE_LATENCY_H
#define MEMVIZ_CORE_LATENCY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/program.h"

struct cache;

#define LATENCY_L1_NS 1u
#define LATENCY_L2_NS 4u
#define LATENCY_L3_NS 12u
#define LATENCY_RAM_NS 80u
#define LATENCY_SSD_NS 100000u
#define LATENCY_HDD_NS 10000000u

/* latency_config.set bits. */
enum {
	LAT_RAM = 1u << 0,
	LAT_SSD = 1u << 1,
	LAT_HDD = 1u << 2,
	LAT_TLB = 1u << 3,
	LAT_WALK = 1u << 4,
	LAT_SWAP_DEVICE = 1u << 5,
};

enum latency_device { LATENCY_SSD, LATENCY_HDD };

/*
 * Fill the defaults into `out` from the given configuration: level
 * latencies from each level's `latency=` (or the table by level name),
 * RAM, SSD, HDD, the walk (RAM's unless given).
 */
void latency_resolve(const struct cache_config *cfg,
		     struct latency_config *out);
/* The default latency of a level slot (enum cache_slot). */
uint64_t latency_level_default(int slot);
/* The latency of the configured swap device. */
uint64_t latency_swap_ns(const struct latency_config *l);
/* "ssd" or "hdd". */
const char *latency_device_name(int device);

/*
 * Record the translation part of the current step's access: whether the
 * TLB was looked in, how many page-table levels were read, and how many
 * pages went to or from the swap device, each costing disk_op_ns (0: the
 * configured swap device's latency).  Adds to c->last and the totals;
 * returns the cost in ns.
 */
uint64_t latency_translation(struct cache *c, bool tlb, unsigned walk_levels,
			     unsigned disk_reads, unsigned disk_writes,
			     uint64_t disk_op_ns);

/*
 * n TLB hits' translation cost at once: the same as n calls of
 * latency_translation(c, true, 0, 0, 0, 0).
 */
void latency_tlb_hits(struct cache *c, uint64_t n);

/* Average memory access time over the run (0 with no access). */
double latency_amat_ns(const struct cache *c);

/*
 * Format a duration for people: "80 ns", "1.25 us", "100 us", "10 ms",
 * "10.000161 ms", "2.5 s" (exact: trailing zeros dropped).  Returns buf.
 */
const char *latency_format(uint64_t ns, char *buf, size_t bufsz);

/* One rung of the latency ladder (the seed's table, top to bottom). */
struct latency_rung {
	const char *name;     /* "L1", "L2", "L3", "RAM", "SSD", "HDD", ... */
	uint64_t latency_ns;  /* this scenario's latency there */
	uint64_t time_ns;     /* time the run spent there */
	bool present;         /* configured / used by the scenario */
};

/*
 * The ladder: L1 (or L1d, L1i), L2, L3, RAM, SSD, HDD, then "TLB" and
 * "walk" when they cost anything.  Absent cache levels are listed with
 * the default latency and present = false.  Returns the rung count.
 */
size_t latency_ladder(const struct cache *c, struct latency_rung *out,
		      size_t max);

#endif
