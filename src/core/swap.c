/*
 * swap.c: swap slots with reference counts.
 *
 * Invariants: used == the number of slots with refs > 0; every slot
 * below low_free is in use; nslots <= limit.
 */
#include "core/swap.h"

#include <stdlib.h>
#include <string.h>

#include "core/util.h"

void swap_init(struct swap *sw, uint64_t limit)
{
	memset(sw, 0, sizeof *sw);
	sw->limit = limit;
}

void swap_free(struct swap *sw)
{
	free(sw->refs);
	memset(sw, 0, sizeof *sw);
}

void swap_copy(struct swap *dst, const struct swap *src)
{
	uint32_t *refs = dst->refs;
	size_t cap = dst->cap;

	refs = xgrow(refs, &cap, src->nslots, sizeof *refs);
	*dst = *src;
	dst->refs = refs;
	dst->cap = cap;
	if (src->nslots)
		memcpy(refs, src->refs, src->nslots * sizeof *refs);
}

bool swap_equal(const struct swap *a, const struct swap *b)
{
	return a->limit == b->limit && a->nslots == b->nslots &&
	       a->used == b->used && a->low_free == b->low_free &&
	       a->reads == b->reads && a->writes == b->writes &&
	       (a->nslots == 0 ||
		memcmp(a->refs, b->refs, a->nslots * sizeof *a->refs) == 0);
}

size_t swap_bytes(const struct swap *sw)
{
	return sw->nslots * sizeof *sw->refs;
}

uint32_t swap_alloc(struct swap *sw)
{
	size_t i = sw->low_free;

	while (i < sw->nslots && sw->refs[i])
		i++;
	if (i >= sw->limit || i >= SWAP_NONE)
		return SWAP_NONE;
	if (i == sw->nslots) {
		sw->refs = xgrow(sw->refs, &sw->cap, i + 1, sizeof *sw->refs);
		sw->nslots = i + 1;
	}
	sw->refs[i] = 1;
	sw->used++;
	sw->low_free = i + 1;
	return (uint32_t)i;
}

void swap_get(struct swap *sw, uint32_t slot)
{
	sw->refs[slot]++;
}

void swap_put(struct swap *sw, uint32_t slot)
{
	if (--sw->refs[slot] == 0) {
		sw->used--;
		if (slot < sw->low_free)
			sw->low_free = slot;
	}
}

uint32_t swap_refs(const struct swap *sw, uint32_t slot)
{
	return slot < sw->nslots ? sw->refs[slot] : 0;
}
