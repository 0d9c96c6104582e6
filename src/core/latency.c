/*
 * latency.c: memory latencies (the seed's table as defaults), the cost of
 * translation, AMAT and the ladder of where the time went.  See latency.h
 * for the accounting rules.
 *
 * Invariant: cache_time.total_ns is the sum of hierarchy_ns, tlb_ns,
 * walk_ns and disk_ns; hierarchy_ns is the levels' time_ns plus ram_ns.
 */
#include "core/latency.h"

#include <stdio.h>
#include <string.h>

#include "core/cache.h"

uint64_t latency_level_default(int slot)
{
	switch (slot) {
	case CACHE_SLOT_L2:
		return LATENCY_L2_NS;
	case CACHE_SLOT_L3:
		return LATENCY_L3_NS;
	default:
		return LATENCY_L1_NS;
	}
}

void latency_resolve(const struct cache_config *cfg,
		     struct latency_config *out)
{
	const struct latency_config *in = &cfg->lat;
	int i;

	*out = *in;
	for (i = 0; i < CACHE_SLOTS; i++)
		out->level_ns[i] = cfg->slot[i].latency_ns ?
					   cfg->slot[i].latency_ns :
					   latency_level_default(i);
	out->ram_ns = in->set & LAT_RAM ? in->ram_ns : LATENCY_RAM_NS;
	out->ssd_ns = in->set & LAT_SSD ? in->ssd_ns : LATENCY_SSD_NS;
	out->hdd_ns = in->set & LAT_HDD ? in->hdd_ns : LATENCY_HDD_NS;
	out->tlb_ns = in->set & LAT_TLB ? in->tlb_ns : 0;
	out->walk_ns = in->set & LAT_WALK ? in->walk_ns : out->ram_ns;
}

uint64_t latency_swap_ns(const struct latency_config *l)
{
	return l->swap_device == LATENCY_HDD ? l->hdd_ns : l->ssd_ns;
}

const char *latency_device_name(int device)
{
	return device == LATENCY_HDD ? "hdd" : "ssd";
}

/* Add translation time to the run's and the step's totals. */
static uint64_t add_translation(struct cache *c, uint64_t tlb_ns,
				uint64_t walk_ns, uint64_t disk_ns,
				unsigned disk_reads, unsigned disk_writes)
{
	uint64_t sum = tlb_ns + walk_ns + disk_ns;

	c->t.tlb_ns += tlb_ns;
	c->t.walk_ns += walk_ns;
	c->t.disk_ns += disk_ns;
	c->t.disk_reads += disk_reads;
	c->t.disk_writes += disk_writes;
	c->t.total_ns += sum;
	c->last.pre_ns += sum;
	c->last.tlb_ns += tlb_ns;
	c->last.walk_ns += walk_ns;
	c->last.disk_ns += disk_ns;
	c->last.translated = true;
	c->last.cost_ns += sum;
	return sum;
}

uint64_t latency_translation(struct cache *c, bool tlb, unsigned walk_levels,
			     unsigned disk_reads, unsigned disk_writes,
			     uint64_t disk_op_ns)
{
	uint64_t disk = disk_op_ns ? disk_op_ns : latency_swap_ns(&c->lat);

	return add_translation(c, tlb ? c->lat.tlb_ns : 0,
			       (uint64_t)walk_levels * c->lat.walk_ns,
			       (uint64_t)(disk_reads + disk_writes) * disk,
			       disk_reads, disk_writes);
}

void latency_tlb_hits(struct cache *c, uint64_t n)
{
	if (n)
		add_translation(c, n * c->lat.tlb_ns, 0, 0, 0, 0);
}

double latency_amat_ns(const struct cache *c)
{
	return c->t.accesses ? (double)c->t.hierarchy_ns / (double)c->t.accesses :
			       0.0;
}

const char *latency_format(uint64_t ns, char *buf, size_t bufsz)
{
	static const struct {
		const char *unit;
		uint64_t ns;
	} units[] = {
		{ "s", 1000000000ull }, { "ms", 1000000 }, { "us", 1000 },
	};
	size_t i;

	for (i = 0; i < sizeof units / sizeof units[0]; i++) {
		if (ns >= units[i].ns) {
			uint64_t whole = ns / units[i].ns;
			uint64_t frac = ns % units[i].ns;
			int digits = i == 0 ? 9 : i == 1 ? 6 : 3;
			if (frac == 0) {
				snprintf(buf, bufsz, "%llu %s",
					 (unsigned long long)whole, units[i].unit);
			} else {
				char f[24];
				size_t n;
				snprintf(f, sizeof f, "%0*llu", digits,
					 (unsigned long long)frac);
				n = strlen(f);
				while (n > 0 && f[n - 1] == '0')
					f[--n] = '\0';
				snprintf(buf, bufsz, "%llu.%s %s",
					 (unsigned long long)whole, f,
					 units[i].unit);
			}
			return buf;
		}
	}
	snprintf(buf, bufsz, "%llu ns", (unsigned long long)ns);
	return buf;
}

static void rung(struct latency_rung *out, size_t max, size_t *n,
		 const char *name, uint64_t lat, uint64_t time, bool present)
{
	if (*n >= max)
		return;
	out[*n].name = name;
	out[*n].latency_ns = lat;
	out[*n].time_ns = time;
	out[*n].present = present;
	(*n)++;
}

size_t latency_ladder(const struct cache *c, struct latency_rung *out,
		      size_t max)
{
	static const char *const seed_levels[] = { "L1", "L2", "L3" };
	const struct latency_config *l = &c->lat;
	size_t n = 0, k;
	uint32_t i;
	bool have[3] = { false, false, false };

	for (i = 0; i < c->nlevels; i++) {
		const char *nm = c->level[i].name;
		k = nm[1] - '1';
		if (k < 3)
			have[k] = true;
	}
	for (k = 0; k < 3; k++) {
		if (!have[k]) {
			rung(out, max, &n, seed_levels[k],
			     latency_level_default(k == 0 ? CACHE_SLOT_L1 :
						   k == 1 ? CACHE_SLOT_L2 :
							    CACHE_SLOT_L3),
			     0, false);
			continue;
		}
		for (i = 0; i < c->nlevels; i++)
			if ((size_t)(c->level[i].name[1] - '1') == k)
				rung(out, max, &n, c->level[i].name,
				     c->level[i].latency_ns,
				     c->level[i].st.time_ns, true);
	}
	rung(out, max, &n, "RAM", l->ram_ns, c->t.ram_ns, true);
	rung(out, max, &n, "SSD", l->ssd_ns,
	     l->swap_device == LATENCY_SSD ? c->t.disk_ns : 0,
	     l->swap_device == LATENCY_SSD);
	rung(out, max, &n, "HDD", l->hdd_ns,
	     l->swap_device == LATENCY_HDD ? c->t.disk_ns : 0,
	     l->swap_device == LATENCY_HDD);
	if (c->t.tlb_ns)
		rung(out, max, &n, "TLB", l->tlb_ns, c->t.tlb_ns, true);
	if (c->t.walk_ns)
		rung(out, max, &n, "walk", l->walk_ns, c->t.walk_ns, true);
	return n;
}
