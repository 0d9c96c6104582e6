/*
 * pane_heap_impl.h: what the heap pane's two files share: the heap as the
 * pane sees it (struct hview, gathered once per draw), the rows of its
 * list, and the helpers pane_heap_rows.c (gathering the rows, the text of
 * sizes, addresses and owners) gives pane_heap.c (drawing them).  Private
 * to src/view/pane_heap*.c.
 */
#ifndef MEMVIZ_VIEW_PANE_HEAP_IMPL_H
#define MEMVIZ_VIEW_PANE_HEAP_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/heap.h"
#include "core/stack.h"
#include "view/canvas.h"
#include "view/pane.h"

/* How an event marks a block. */
enum mark {
	MARK_NONE,
	MARK_CHANGED,
	MARK_ERROR,
};

/* What one column of the strip shows. */
enum cell_kind {
	CELL_FREE,
	CELL_DATA,
	CELL_HEADER,
	CELL_PADDING,
	CELL_SLOT_FREE, /* an unused object slot of a slab */
	CELL_COUNT
};

/* The heap as the pane sees it, gathered once per draw. */
struct hview {
	const struct heap *h;
	const struct program *p;
	const struct stack *st;
	struct heap_totals t;
	uint32_t *blk;  /* block indices in address order */
	uint8_t *mark;  /* enum mark per position in blk */
	size_t n;
	int addr_digits;
	int size_w;     /* widest size text in the list */
	int owner_w;    /* widest owner text in the list */
	bool ascii;
	bool wide;      /* room for the long variants */
	bool has_padding; /* some allocated block wastes more than a header */
};

enum row_kind {
	ROW_CACHE,   /* a slab cache and its slab counts */
	ROW_HEADING, /* column headings of the block list */
	ROW_BLOCK,
	ROW_POINTER, /* a stack local holding a heap address */
	ROW_DANGLING, /* a freed name that still holds its address */
};

struct row {
	enum row_kind kind;
	size_t index; /* cache index, position in blk, slot, or symbol */
	size_t frame; /* ROW_POINTER: frame of the slot */
};

#define OWNER_MAX 12

/* A byte count: "48 B", or "4K" / "2M" for exact multiples. */
void hv_fmt_size(char *buf, size_t n, uint64_t v);

/* An address as the pane writes it (v->addr_digits hex digits). */
void hv_fmt_addr(char *buf, size_t n, const struct hview *v, uint64_t a);

/* A fraction as a whole percentage, rounded. */
int hv_percent(double f);

/* "->" or its ASCII variant. */
const char *hv_arrow(const struct hview *v);

/* A block's state in the list: "used", "free", "slab". */
const char *hv_state_word(const struct heap_block *b);

/* The name shown as a block's owner: a slab's cache, or the name. */
const char *hv_owner_name(const struct hview *v, const struct heap_block *b);

/* Position in v->blk of the block containing addr, or v->n. */
size_t hv_find_block(const struct hview *v, uint64_t addr);

/* Gather the heap as the pane sees it for this draw (the caller frees
 * v->blk and v->mark). */
void hv_gather(struct hview *v, const struct pane_ctx *pc);

/* True when stack slot (f, s) is marked by an event of this step. */
bool hv_slot_changed(const struct pane_ctx *pc, size_t f, size_t s);

/* The heap address a stack slot holds, if it holds one. */
bool hv_slot_points(const struct hview *v, const struct stack_slot *sl,
		    uint64_t *addr);

/*
 * The scrolling rows, top to bottom: caches, pointers into the heap,
 * headings, blocks from the highest address down (the list is anchored at
 * the bottom, so the blocks are the last to scroll out); the caller frees.
 */
struct row *hv_build_rows(const struct hview *v, bool heading,
			  size_t *count);

#endif
