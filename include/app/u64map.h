/*
 * u64map.h: a map from non-zero 64-bit keys (addresses, thread ids) to
 * 32-bit values, for --trace-program: which block a pointer names, which
 * function a return address is in.  Zero-initialise a struct u64map to
 * start; u64map_free releases it.  keys[i] == 0 marks an empty slot, so
 * callers may walk keys[0..cap) to visit every entry.
 */
#ifndef MEMVIZ_APP_U64MAP_H
#define MEMVIZ_APP_U64MAP_H

#include <stddef.h>
#include <stdint.h>

struct u64map {
	uint64_t *keys; /* 0: empty */
	uint32_t *vals;
	size_t cap, n;
};

void u64map_free(struct u64map *m);
/* Set k (non-zero) to v, adding it when absent. */
void u64map_put(struct u64map *m, uint64_t k, uint32_t v);
/* The slot of k (vals[slot] is its value), or SIZE_MAX when absent. */
size_t u64map_find(const struct u64map *m, uint64_t k);
/* Remove the entry in slot i (from u64map_find). */
void u64map_remove(struct u64map *m, size_t i);

#endif
