/*
 * pane_heap_rows.c: the heap pane's gathering: the blocks in address
 * order with what the current step changed (marks), the widths of the
 * list, the rows of the list (slab caches, blocks, stack pointers into the
 * heap, dangling names), and the text of sizes, addresses and owners.
 * Nothing here draws; pane_heap.c does.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/engine.h"
#include "core/heap.h"
#include "core/machine.h"
#include "core/stack.h"
#include "core/util.h"
#include "view/pane.h"
#include "view/view.h"
#include "pane_heap_impl.h"

/* ---- text helpers ---- */

/* A byte count: "48 B", or "4K" / "2M" for exact multiples. */
void hv_fmt_size(char *buf, size_t n, uint64_t v)
{
	if (v >= (1u << 20) && v % (1u << 20) == 0)
		snprintf(buf, n, "%" PRIu64 "M", v >> 20);
	else if (v >= 1024 && v % 1024 == 0)
		snprintf(buf, n, "%" PRIu64 "K", v >> 10);
	else
		snprintf(buf, n, "%" PRIu64 " B", v);
}

void hv_fmt_addr(char *buf, size_t n, const struct hview *v, uint64_t a)
{
	snprintf(buf, n, "0x%0*" PRIx64, v->addr_digits, a);
}

/* A fraction as a whole percentage, rounded. */
int hv_percent(double f)
{
	return (int)(f * 100.0 + 0.5);
}

const char *hv_arrow(const struct hview *v)
{
	return v->ascii ? "->" : "\xe2\x86\x92";
}

const char *hv_state_word(const struct heap_block *b)
{
	switch (b->state) {
	case HEAP_BLOCK_USED:
		return "used";
	case HEAP_BLOCK_SLAB:
		return "slab";
	default:
		return "free";
	}
}

/* The name shown as a block's owner: a slab's cache, or the name. */
const char *hv_owner_name(const struct hview *v, const struct heap_block *b)
{
	if (b->state == HEAP_BLOCK_SLAB)
		return program_name(v->p,
				    v->h->caches[v->h->slabs[b->slab].cache].name);
	if (b->state == HEAP_BLOCK_USED)
		return program_name(v->p, b->owner);
	return "";
}

/* ---- gathering ---- */

/* Position in v->blk of the block containing addr, or v->n. */
size_t hv_find_block(const struct hview *v, uint64_t addr)
{
	size_t lo = 0, hi = v->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct heap_block *b = heap_block(v->h, v->blk[mid]);

		if (addr < b->addr)
			hi = mid;
		else if (addr - b->addr >= b->size)
			lo = mid + 1;
		else
			return mid;
	}
	return v->n;
}

/*
 * True when event i of this step changed the block its id names.  Events
 * about the heap as a whole (the request, a failure, a new cache, exit)
 * carry the base address and mark nothing; a search only marks the block
 * it checks while it is the newest event of a micro-step.
 */
static bool event_marks(const struct pane_ctx *pc, const struct heap *h,
			size_t i)
{
	const struct event *ev = &pc->events[i];

	if (ev->target != TGT_HEAP_BLOCK)
		return false;
	switch (ev->kind) {
	case EV_REQUEST:
	case EV_ALLOC_FAILED:
	case EV_CACHE:
	case EV_EXIT:
	case EV_SLAB:
		return false;
	case EV_COMPACT:
		return (uint64_t)ev->id != h->cfg.base;
	case EV_SEARCH:
		return pc->vs && pc->vs->micro && i + 1 == pc->nevents;
	default:
		return true;
	}
}

static int hex_digits(uint64_t v)
{
	int d = 1;

	while (v >>= 4)
		d++;
	return d;
}

void hv_gather(struct hview *v, const struct pane_ctx *pc)
{
	const struct heap *h = v->h;
	uint32_t i;
	size_t k, cap = 16;
	char buf[32];

	heap_totals(h, &v->t);
	v->blk = xcalloc(cap, sizeof *v->blk);
	for (i = heap_first(h); i != HEAP_NIL; i = heap_next(h, i)) {
		v->blk = xgrow(v->blk, &cap, v->n + 1, sizeof *v->blk);
		v->blk[v->n++] = i;
	}
	v->mark = xcalloc(v->n + 1, 1);
	for (k = 0; k < pc->nevents; k++) {
		size_t pos;

		if (!event_marks(pc, h, k))
			continue;
		pos = hv_find_block(v, (uint64_t)pc->events[k].id);
		if (pos < v->n && v->mark[pos] != MARK_ERROR)
			v->mark[pos] = (pc->events[k].flags & EVF_ERROR)
					       ? MARK_ERROR
					       : MARK_CHANGED;
	}
	v->addr_digits = hex_digits(h->cfg.base + (h->cfg.size_bytes
						       ? h->cfg.size_bytes - 1
						       : 0));
	v->size_w = 4;
	v->owner_w = 5;
	for (k = 0; k < v->n; k++) {
		const struct heap_block *b = heap_block(h, v->blk[k]);
		int w;

		hv_fmt_size(buf, sizeof buf, b->size);
		w = (int)strlen(buf);
		if (w > v->size_w)
			v->size_w = w;
		if (b->state == HEAP_BLOCK_USED &&
		    heap_block_waste(h, v->blk[k]) > h->cfg.header_bytes)
			v->has_padding = true;
		w = canvas_text_width(hv_owner_name(v, b));
		if (w > v->owner_w)
			v->owner_w = w > OWNER_MAX ? OWNER_MAX : w;
	}
}

/* True when stack slot (f, s) is marked by an event of this step. */
bool hv_slot_changed(const struct pane_ctx *pc, size_t f, size_t s)
{
	size_t i;

	for (i = 0; i < pc->nevents; i++)
		if (pane_event_hits(&pc->events[i], TGT_STACK_SLOT,
				    (long long)f, (long long)s) ||
		    pane_event_hits(&pc->events[i], TGT_STACK_FRAME,
				    (long long)f, -1))
			return true;
	return false;
}

/* The heap address a stack slot holds, if it holds one. */
bool hv_slot_points(const struct hview *v, const struct stack_slot *sl,
		    uint64_t *addr)
{
	uint64_t a;

	if ((sl->kind != SLOT_LOCAL && sl->kind != SLOT_PARAM) ||
	    !sl->has_value || sl->value < 0)
		return false;
	a = (uint64_t)sl->value;
	if (a < v->h->cfg.base || a - v->h->cfg.base >= v->h->cfg.size_bytes)
		return false;
	*addr = a;
	return true;
}

/*
 * True when name sym was freed but still holds an address that now lies
 * in an allocated block: a write through it would change someone else's
 * data.  (Freed names whose memory is still free are not listed.)
 */
static bool dangling_in_use(const struct hview *v, uint32_t sym)
{
	const struct heap_name *hn = heap_name(v->h, sym);
	size_t pos;

	if (hn->state != HEAP_NAME_FREED)
		return false;
	pos = hv_find_block(v, hn->addr);
	return pos < v->n &&
	       heap_block(v->h, v->blk[pos])->state != HEAP_BLOCK_FREE;
}

static void add_row(struct row **rows, size_t *n, size_t *cap,
		    enum row_kind kind, size_t index, size_t frame)
{
	*rows = xgrow(*rows, cap, *n + 1, sizeof **rows);
	(*rows)[*n].kind = kind;
	(*rows)[*n].index = index;
	(*rows)[*n].frame = frame;
	(*n)++;
}

/*
 * The scrolling rows, top to bottom: caches, pointers into the heap,
 * headings, blocks from the highest address down (the list is anchored at
 * the bottom, so the blocks are the last to scroll out); the caller frees.
 */
struct row *hv_build_rows(const struct hview *v, bool heading,
			  size_t *count)
{
	const struct heap *h = v->h;
	struct row *rows = NULL;
	size_t n = 0, cap = 0, k, f, s;
	uint64_t addr;

	for (k = 0; k < h->ncaches; k++)
		add_row(&rows, &n, &cap, ROW_CACHE, k, 0);
	for (f = 0; f < v->st->nframes; f++) {
		const struct stack_frame *fr = &v->st->frames[f];
		for (s = 0; s < fr->nslots; s++)
			if (hv_slot_points(v, &v->st->slots[fr->slot0 + s], &addr))
				add_row(&rows, &n, &cap, ROW_POINTER, s, f);
	}
	for (k = 0; k < h->nnames; k++)
		if (dangling_in_use(v, (uint32_t)k))
			add_row(&rows, &n, &cap, ROW_DANGLING, k, 0);
	if (heading)
		add_row(&rows, &n, &cap, ROW_HEADING, 0, 0);
	for (k = v->n; k-- > 0;)
		add_row(&rows, &n, &cap, ROW_BLOCK, k, 0);
	*count = n;
	return rows;
}
