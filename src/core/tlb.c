/*
 * tlb.c: a set-associative TLB.
 *
 * Invariants: at most one valid entry per (asid, vpn); an entry sits in
 * set vpn % sets; stamps grow strictly (clock), so LRU and FIFO victims
 * are unique.  Work per lookup is O(ways).
 */
#include "core/tlb.h"

#include <stdlib.h>
#include <string.h>

#include "core/util.h"

const struct tlb_policy_ops tlb_policies[TLB_POLICY_COUNT] = {
	[TLB_LRU] = { .why = "least recently used", .stamp_on_use = true },
	[TLB_FIFO] = { .why = "filled earliest" },
	[TLB_RANDOM] = { .why = "drawn at random", .random = true },
};

const char *const tlb_policy_names[] = { "lru", "fifo", "random", NULL };

void tlb_init(struct tlb *t, uint32_t entries, uint32_t ways, int policy)
{
	memset(t, 0, sizeof *t);
	t->entries = entries;
	t->ways = entries ? (ways && ways <= entries ? ways : entries) : 0;
	t->sets = entries ? entries / t->ways : 0;
	t->policy = policy;
	if (entries)
		t->e = xcalloc(entries, sizeof *t->e);
}

void tlb_free(struct tlb *t)
{
	free(t->e);
	memset(t, 0, sizeof *t);
}

void tlb_copy(struct tlb *dst, const struct tlb *src)
{
	struct tlb_entry *e = dst->e;

	if (dst->entries != src->entries) {
		free(e);
		e = src->entries ? xmalloc(src->entries * sizeof *e) : NULL;
	}
	*dst = *src;
	dst->e = e;
	if (src->entries)
		memcpy(e, src->e, src->entries * sizeof *e);
}

static bool entry_equal(const struct tlb_entry *a, const struct tlb_entry *b)
{
	if (a->valid != b->valid)
		return false;
	return !a->valid ||
	       (a->vpn == b->vpn && a->stamp == b->stamp &&
		a->frame == b->frame && a->asid == b->asid &&
		a->prot == b->prot);
}

bool tlb_equal(const struct tlb *a, const struct tlb *b)
{
	uint32_t i;

	if (a->entries != b->entries || a->ways != b->ways ||
	    a->policy != b->policy || a->clock != b->clock)
		return false;
	for (i = 0; i < a->entries; i++)
		if (!entry_equal(&a->e[i], &b->e[i]))
			return false;
	return true;
}

uint32_t tlb_set_of(const struct tlb *t, uint64_t vpn)
{
	uint64_t set;

	if (t->sets == 0)
		return TLB_NONE;
	/* Usually a power of two: a mask instead of a division per lookup. */
	if ((t->sets & (t->sets - 1)) == 0)
		set = vpn & (t->sets - 1);
	else
		set = vpn % t->sets;
	return (uint32_t)set * t->ways;
}

/* The entry holding (asid, vpn), or TLB_NONE; no state change. */
static inline uint32_t find(const struct tlb *t, uint16_t asid, uint64_t vpn)
{
	uint32_t s, w;

	if (t->entries == 0)
		return TLB_NONE;
	s = tlb_set_of(t, vpn);
	for (w = 0; w < t->ways; w++) {
		const struct tlb_entry *e = &t->e[s + w];
		if (e->valid && e->vpn == vpn && e->asid == asid)
			return s + w;
	}
	return TLB_NONE;
}

uint32_t tlb_lookup_find(struct tlb *t, uint16_t asid, uint64_t vpn)
{
	uint32_t i = find(t, asid, vpn);

	if (i == TLB_NONE)
		return i;
	t->hint[1] = t->hint[0];
	t->hint[0] = i;
	if (tlb_policies[t->policy].stamp_on_use)
		t->e[i].stamp = ++t->clock;
	return i;
}

uint32_t tlb_fill(struct tlb *t, uint16_t asid, uint64_t vpn, uint32_t frame,
		  uint8_t prot, uint64_t rnd, bool *evicted,
		  struct tlb_entry *old)
{
	uint32_t i = TLB_NONE, s, w, empty = TLB_NONE, oldest = 0;

	*evicted = false;
	if (t->entries == 0)
		return TLB_NONE;
	/*
	 * One pass over the set: the page's entry, else the first empty way
	 * and the oldest stamp (the first of equals).
	 */
	s = tlb_set_of(t, vpn);
	for (w = 0; w < t->ways; w++) {
		const struct tlb_entry *e = &t->e[s + w];
		if (!e->valid) {
			if (empty == TLB_NONE)
				empty = w;
		} else if (e->vpn == vpn && e->asid == asid) {
			i = s + w;
			break;
		} else if (e->stamp < t->e[s + oldest].stamp) {
			oldest = w;
		}
	}
	if (i == TLB_NONE) {
		if (empty != TLB_NONE) {
			w = empty;
		} else {
			w = tlb_policies[t->policy].random ?
				    (uint32_t)(rnd % t->ways) : oldest;
			*evicted = true;
			*old = t->e[s + w];
		}
		i = s + w;
	}
	t->e[i].valid = true;
	t->e[i].asid = asid;
	t->e[i].vpn = vpn;
	t->e[i].frame = frame;
	t->e[i].prot = prot;
	t->e[i].stamp = ++t->clock;
	return i;
}

uint32_t tlb_invalidate(struct tlb *t, uint16_t asid, uint64_t vpn)
{
	uint32_t i = find(t, asid, vpn);

	if (i != TLB_NONE)
		memset(&t->e[i], 0, sizeof t->e[i]);
	return i;
}

uint32_t tlb_flush(struct tlb *t, int asid)
{
	uint32_t i, n = 0;

	for (i = 0; i < t->entries; i++) {
		if (t->e[i].valid && (asid < 0 || t->e[i].asid == asid)) {
			memset(&t->e[i], 0, sizeof t->e[i]);
			n++;
		}
	}
	return n;
}

uint32_t tlb_used(const struct tlb *t)
{
	uint32_t i, n = 0;

	for (i = 0; i < t->entries; i++)
		n += t->e[i].valid;
	return n;
}
