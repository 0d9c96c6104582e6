/*
 * pagetable.h: multi-level page tables (1 to 4 levels) for every address
 * space of the simulated machine.  All tables of all processes live in one
 * pool of entries, so a checkpoint copy is two memcpy calls.  A table is a
 * run of 2^bits[level] entries in the pool; an entry of an upper level
 * points at a lower-level table (PTE_TABLE), an entry of the last level
 * maps a virtual page (PTE_PRESENT: to a frame; else perhaps to a swap
 * slot).  Tables are created on demand, the first time a page under them
 * is touched, and never freed (processes do not exit in memviz).
 */
#ifndef MEMVIZ_CORE_PAGETABLE_H
#define MEMVIZ_CORE_PAGETABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PT_MAX_LEVELS 4
#define PT_MAX_INDEX_BITS 20
#define PT_NONE UINT32_MAX

/* Entry flags. */
enum {
	PTE_PRESENT = 1u << 0, /* leaf: mapped to `frame` */
	PTE_TABLE = 1u << 1,   /* upper level: `frame` is a table index */
	PTE_R = 1u << 2,       /* readable */
	PTE_W = 1u << 3,       /* writable (unless PTE_COW) */
	PTE_X = 1u << 4,       /* executable */
	PTE_U = 1u << 5,       /* user accessible (clear: kernel only) */
	PTE_COW = 1u << 6,     /* shared after fork: copy on the first write */
	PTE_SHARED = 1u << 7,  /* a page of a shared object (`share`) */
	PTE_USED = 1u << 8,    /* the page has been touched at least once */
};

/* One page-table entry. */
struct pte {
	uint32_t frame; /* leaf: physical frame; upper level: table index */
	uint32_t swap;  /* swap slot + 1 holding the page's contents, 0: none */
	uint16_t flags; /* PTE_* */
};

/* One table: a run of entries in the pool. */
struct pt_table {
	uint32_t base;   /* first entry in pagetable.pool */
	uint32_t proc;   /* owning address space */
	uint32_t level;  /* 0 = the top level (the root) */
	uint64_t prefix; /* the virtual page numbers it covers start here */
};

struct pagetable {
	uint32_t levels;
	uint32_t bits[PT_MAX_LEVELS];  /* index bits per level, top first */
	uint32_t shift[PT_MAX_LEVELS]; /* vpn >> shift[l] & mask gives index */
	struct pte *pool;
	size_t npool, pool_cap;
	struct pt_table *tables;
	size_t ntables, tables_cap;
};

/*
 * Set up an empty set of tables with `levels` levels whose index widths
 * are bits[0] (top) .. bits[levels - 1]; each 1..PT_MAX_INDEX_BITS.
 */
void pagetable_init(struct pagetable *pt, uint32_t levels,
		    const uint32_t *bits);
void pagetable_free(struct pagetable *pt);
/* Make dst (initialised or zeroed) an independent copy of src. */
void pagetable_copy(struct pagetable *dst, const struct pagetable *src);
bool pagetable_equal(const struct pagetable *a, const struct pagetable *b);
size_t pagetable_bytes(const struct pagetable *pt);

/*
 * Create an empty table of `level` for address space `proc`, covering
 * the pages from `prefix`; returns its index in pt->tables.  Pointers into
 * the pool are invalid afterwards.
 */
uint32_t pagetable_new_table(struct pagetable *pt, uint32_t proc,
			     uint32_t level, uint64_t prefix);
/* Entries in a table of `level`. */
uint32_t pagetable_table_size(const struct pagetable *pt, uint32_t level);
/* The index of `vpn` in a table of `level`. */
uint32_t pagetable_index(const struct pagetable *pt, uint64_t vpn,
			 uint32_t level);
/* The pool position of entry `index` of table `table`. */
uint32_t pagetable_slot(const struct pagetable *pt, uint32_t table,
			uint32_t index);

/*
 * The pool position of the leaf entry for `vpn` under the root table
 * `root`, or PT_NONE when an upper-level table on the way is missing.
 * No state changes: the fast path of a page reference.
 */
static inline uint32_t pagetable_lookup(const struct pagetable *pt,
					uint32_t root, uint64_t vpn)
{
	uint32_t t = root, l;

	for (l = 0;; l++) {
		uint32_t slot = pt->tables[t].base +
				(uint32_t)((vpn >> pt->shift[l]) &
					   ((1u << pt->bits[l]) - 1));
		if (l + 1 == pt->levels)
			return slot;
		if (!(pt->pool[slot].flags & PTE_TABLE))
			return PT_NONE;
		t = pt->pool[slot].frame;
	}
}

/*
 * The leaf entry for `vpn`, creating missing tables on the way; returns
 * its pool position and adds the number of tables created to *created.
 */
uint32_t pagetable_leaf(struct pagetable *pt, uint32_t root, uint64_t vpn,
			uint32_t *created);

#endif
