/*
 * swap.h: the swap area on disk, a row of page-sized slots.  A slot holds
 * one page's contents and counts the page-table entries (or shared-object
 * pages) that refer to it; it is free again when that count drops to 0.
 * Slots are taken lowest free first.  Only slots up to the highest ever
 * used are stored, so a large swap area costs nothing until it fills.
 */
#ifndef MEMVIZ_CORE_SWAP_H
#define MEMVIZ_CORE_SWAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SWAP_NONE UINT32_MAX

struct swap {
	uint64_t limit;    /* slots in the swap area */
	uint32_t *refs;    /* per slot: references (0: free) */
	size_t nslots;     /* slots stored (highest used + 1) */
	size_t cap;
	uint64_t used;     /* slots with refs > 0 */
	size_t low_free;   /* every slot below is in use */
	uint64_t reads, writes;
};

void swap_init(struct swap *sw, uint64_t limit);
void swap_free(struct swap *sw);
void swap_copy(struct swap *dst, const struct swap *src);
bool swap_equal(const struct swap *a, const struct swap *b);
size_t swap_bytes(const struct swap *sw);

/* Take the lowest free slot with one reference; SWAP_NONE when full. */
uint32_t swap_alloc(struct swap *sw);
/* Add a reference to a used slot. */
void swap_get(struct swap *sw, uint32_t slot);
/* Drop a reference; the slot is free when none remain. */
void swap_put(struct swap *sw, uint32_t slot);
/* References to a slot (0 when free or never used). */
uint32_t swap_refs(const struct swap *sw, uint32_t slot);

#endif
