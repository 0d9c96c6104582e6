/*
 * table.h: the answer key of an exercise in the layout textbooks and
 * exams use (`memviz --table`): for page references the grid (references
 * as columns, frames as rows, a fault row, an evicted row); for address
 * accesses one row per access (VA, VPN, offset, TLB, each level's index,
 * PFN, PA); for cache accesses one row per access (address, tag, set,
 * offset, per level hit/miss with the 3C class and the evicted tag); for
 * the heap one row per operation (request, address, free list after);
 * for GC one row per collection step (roots, marked, freed, moved).
 *
 * The rows come from the machine's state after each step and from the
 * step's events' targets (which model it touched), one function per
 * model; nothing re-runs or reinterprets the narration.
 */
#ifndef MEMVIZ_CORE_TABLE_H
#define MEMVIZ_CORE_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/engine.h"
#include "core/util.h"

enum table_model {
	TABLE_REFS,  /* page references: the grid */
	TABLE_ADDR,  /* address translation */
	TABLE_CACHE, /* cache accesses */
	TABLE_HEAP,  /* heap operations */
	TABLE_GC,    /* collections */
	TABLE_MODELS,
};

/* A table: ncols cells per row, row 0 the header; cells owned. */
struct table {
	int model;      /* enum table_model */
	size_t ncols, nrows, cap;
	char **cell;    /* cell[r * ncols + c] */
};

/*
 * Run the engine's program from the start to the end (the engine is left
 * at the end) and build one table per model the steps use, in
 * enum order, into tables[TABLE_MODELS] (a table with no rows but the
 * header is left empty: nrows 0).  Free with table_free.
 */
void table_build(struct engine *e, struct table tables[TABLE_MODELS]);
void table_free(struct table *t);

/*
 * Write the non-empty tables: as aligned plain text with a title line
 * per table and a blank line between, or as CSV (RFC 4180 quoting, a
 * `# title` comment line before each table's header).
 */
void table_write(const struct table tables[TABLE_MODELS], bool csv,
		 struct strbuf *out);

#endif
