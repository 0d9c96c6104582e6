/*
 * u64map.c: a map from non-zero 64-bit keys to 32-bit values (see
 * u64map.h): open addressing with linear probing, a power-of-two table
 * at most half full, and removal by shifting the probe chain back, so
 * there are no tombstones and a lookup stops at the first empty slot.
 */
#include "app/u64map.h"

#include <stdlib.h>
#include <string.h>

#include "core/util.h"

static size_t u64_hash(uint64_t k, size_t cap)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdull;
	k ^= k >> 33;
	return (size_t)k & (cap - 1);
}

void u64map_free(struct u64map *m)
{
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof *m);
}

static void u64map_grow(struct u64map *m)
{
	struct u64map old = *m;
	size_t i;

	m->cap = old.cap ? old.cap * 2 : 1024;
	m->keys = xcalloc(m->cap, sizeof *m->keys);
	m->vals = xcalloc(m->cap, sizeof *m->vals);
	m->n = 0;
	for (i = 0; i < old.cap; i++)
		if (old.keys[i])
			u64map_put(m, old.keys[i], old.vals[i]);
	u64map_free(&old);
}

void u64map_put(struct u64map *m, uint64_t k, uint32_t v)
{
	size_t i;

	if ((m->n + 1) * 2 > m->cap)
		u64map_grow(m);
	for (i = u64_hash(k, m->cap); m->keys[i] && m->keys[i] != k;
	     i = (i + 1) & (m->cap - 1))
		;
	if (m->keys[i] == 0)
		m->n++;
	m->keys[i] = k;
	m->vals[i] = v;
}

/* The slot of k, or SIZE_MAX. */
size_t u64map_find(const struct u64map *m, uint64_t k)
{
	size_t i;

	if (m->cap == 0 || k == 0)
		return SIZE_MAX;
	for (i = u64_hash(k, m->cap); m->keys[i];
	     i = (i + 1) & (m->cap - 1))
		if (m->keys[i] == k)
			return i;
	return SIZE_MAX;
}

/* Remove slot i, shifting the probe chain back (no tombstones). */
void u64map_remove(struct u64map *m, size_t i)
{
	size_t j = i;

	m->keys[i] = 0;
	m->n--;
	for (;;) {
		size_t h;
		j = (j + 1) & (m->cap - 1);
		if (m->keys[j] == 0)
			return;
		h = u64_hash(m->keys[j], m->cap);
		if ((j > i && (h <= i || h > j)) || (j < i && h <= i && h > j)) {
			m->keys[i] = m->keys[j];
			m->vals[i] = m->vals[j];
			m->keys[j] = 0;
			i = j;
		}
	}
}
