/*
 * pagetable.c: the pool of page tables of every address space.
 *
 * Invariants: tables[i] occupies pool[base, base + 2^bits[level]); tables
 * are appended and never freed, so a table index and a pool position stay
 * valid for the life of the machine; an upper-level entry with PTE_TABLE
 * names a table of the next level of the same address space; only
 * last-level entries carry PTE_PRESENT.
 */
#include "core/pagetable.h"

#include <stdlib.h>
#include <string.h>

#include "core/util.h"

void pagetable_init(struct pagetable *pt, uint32_t levels,
		    const uint32_t *bits)
{
	uint32_t l, shift = 0;

	memset(pt, 0, sizeof *pt);
	pt->levels = levels;
	for (l = levels; l-- > 0;) {
		pt->bits[l] = bits[l];
		pt->shift[l] = shift;
		shift += bits[l];
	}
}

void pagetable_free(struct pagetable *pt)
{
	free(pt->pool);
	free(pt->tables);
	memset(pt, 0, sizeof *pt);
}

void pagetable_copy(struct pagetable *dst, const struct pagetable *src)
{
	struct pagetable keep = *dst;

	*dst = *src;
	dst->pool = xcopy_array(keep.pool, &keep.pool_cap, src->pool,
				src->npool, sizeof *src->pool);
	dst->tables = xcopy_array(keep.tables, &keep.tables_cap, src->tables,
				  src->ntables, sizeof *src->tables);
	dst->pool_cap = keep.pool_cap;
	dst->tables_cap = keep.tables_cap;
}

bool pagetable_equal(const struct pagetable *a, const struct pagetable *b)
{
	size_t i;

	if (a->levels != b->levels || a->npool != b->npool ||
	    a->ntables != b->ntables)
		return false;
	for (i = 0; i < a->levels; i++)
		if (a->bits[i] != b->bits[i])
			return false;
	for (i = 0; i < a->ntables; i++) {
		const struct pt_table *x = &a->tables[i], *y = &b->tables[i];
		if (x->base != y->base || x->proc != y->proc ||
		    x->level != y->level || x->prefix != y->prefix)
			return false;
	}
	for (i = 0; i < a->npool; i++) {
		const struct pte *x = &a->pool[i], *y = &b->pool[i];
		if (x->frame != y->frame || x->swap != y->swap ||
		    x->flags != y->flags)
			return false;
	}
	return true;
}

size_t pagetable_bytes(const struct pagetable *pt)
{
	return pt->npool * sizeof *pt->pool +
	       pt->ntables * sizeof *pt->tables;
}

uint32_t pagetable_table_size(const struct pagetable *pt, uint32_t level)
{
	return 1u << pt->bits[level];
}

uint32_t pagetable_index(const struct pagetable *pt, uint64_t vpn,
			 uint32_t level)
{
	return (uint32_t)((vpn >> pt->shift[level]) &
			  ((1u << pt->bits[level]) - 1));
}

uint32_t pagetable_slot(const struct pagetable *pt, uint32_t table,
			uint32_t index)
{
	return pt->tables[table].base + index;
}

uint32_t pagetable_new_table(struct pagetable *pt, uint32_t proc,
			     uint32_t level, uint64_t prefix)
{
	size_t size = pagetable_table_size(pt, level);
	struct pt_table *t;

	if (pt->npool + size > UINT32_MAX - 1)
		util_fatal("memviz: page tables exceed 2^32 entries");
	pt->pool = xgrow(pt->pool, &pt->pool_cap, pt->npool + size,
			 sizeof *pt->pool);
	memset(pt->pool + pt->npool, 0, size * sizeof *pt->pool);
	pt->tables = xgrow(pt->tables, &pt->tables_cap, pt->ntables + 1,
			   sizeof *pt->tables);
	t = &pt->tables[pt->ntables];
	t->base = (uint32_t)pt->npool;
	t->proc = proc;
	t->level = level;
	t->prefix = prefix;
	pt->npool += size;
	return (uint32_t)pt->ntables++;
}

uint32_t pagetable_leaf(struct pagetable *pt, uint32_t root, uint64_t vpn,
			uint32_t *created)
{
	uint32_t t = root, l;

	for (l = 0;; l++) {
		uint32_t slot = pagetable_slot(pt, t,
					       pagetable_index(pt, vpn, l));
		uint32_t child;

		if (l + 1 == pt->levels)
			return slot;
		if (pt->pool[slot].flags & PTE_TABLE) {
			t = pt->pool[slot].frame;
			continue;
		}
		child = pagetable_new_table(pt, pt->tables[t].proc, l + 1,
					    vpn >> pt->shift[l] << pt->shift[l]);
		pt->pool[slot].frame = child;
		pt->pool[slot].flags = PTE_TABLE;
		(*created)++;
		t = child;
	}
}
