/*
 * frames.c: the frame map, and the state the replacement policies read
 * (their victim searches are replace.c's).
 *
 * Invariants: a frame is used iff its proc != FRAME_NONE; used frames are
 * linked head..tail in load order (FIFO) or recency order (LRU, most
 * recent at the tail) for every policy, so that views can show the order;
 * every frame below low_free is used; under OPT the heap holds exactly the
 * used frames, the greatest (next_use, then earliest load) at the top;
 * the clock hand is always a valid frame index.
 */
#include "core/frames.h"

#include <stdlib.h>
#include <string.h>

#include "core/replace.h"
#include "core/util.h"

void frames_init(struct frames *fr, uint32_t count, int policy)
{
	uint32_t i;

	memset(fr, 0, sizeof *fr);
	fr->policy = policy;
	fr->reorder = replace_ops(policy)->reorder;
	fr->count = count;
	fr->f = xcalloc(count, sizeof *fr->f);
	for (i = 0; i < count; i++) {
		fr->f[i].proc = FRAME_NONE;
		fr->f[i].prev = fr->f[i].next = FRAME_NONE;
		fr->f[i].heap_pos = FRAME_NONE;
	}
	fr->head = fr->tail = FRAME_NONE;
	if (replace_ops(policy)->future)
		fr->heap = xcalloc(count, sizeof *fr->heap);
}

void frames_free(struct frames *fr)
{
	free(fr->f);
	free(fr->heap);
	memset(fr, 0, sizeof *fr);
}

void frames_copy(struct frames *dst, const struct frames *src)
{
	struct frame *f = dst->f;
	uint32_t *heap = dst->heap;

	if (dst->count != src->count) {
		free(f);
		free(heap);
		f = xmalloc(src->count * sizeof *f);
		heap = NULL;
	}
	if (src->heap && heap == NULL)
		heap = xmalloc(src->count * sizeof *heap);
	*dst = *src;
	dst->f = f;
	dst->heap = heap;
	memcpy(f, src->f, src->count * sizeof *f);
	if (src->heap)
		memcpy(heap, src->heap, src->nheap * sizeof *heap);
	else if (heap) {
		free(heap);
		dst->heap = NULL;
	}
}

static bool frame_equal(const struct frame *a, const struct frame *b)
{
	return a->proc == b->proc && a->pte == b->pte && a->vpn == b->vpn &&
	       a->mapcount == b->mapcount && a->object == b->object &&
	       a->objpage == b->objpage && a->prev == b->prev &&
	       a->next == b->next && a->next_use == b->next_use &&
	       a->heap_pos == b->heap_pos && a->loaded == b->loaded &&
	       a->referenced == b->referenced && a->dirty == b->dirty;
}

bool frames_equal(const struct frames *a, const struct frames *b)
{
	uint32_t i;

	if (a->policy != b->policy || a->count != b->count ||
	    a->used != b->used || a->low_free != b->low_free ||
	    a->head != b->head || a->tail != b->tail || a->hand != b->hand ||
	    a->nheap != b->nheap || a->loads != b->loads ||
	    a->ec_pass != b->ec_pass || a->ec_seen != b->ec_seen)
		return false;
	for (i = 0; i < a->count; i++)
		if (!frame_equal(&a->f[i], &b->f[i]))
			return false;
	for (i = 0; i < a->nheap; i++)
		if (a->heap[i] != b->heap[i])
			return false;
	return true;
}

size_t frames_bytes(const struct frames *fr)
{
	return fr->count * sizeof *fr->f +
	       (fr->heap ? fr->count * sizeof *fr->heap : 0);
}

uint32_t frames_lowest_free(const struct frames *fr)
{
	uint32_t i;

	if (fr->used == fr->count)
		return FRAME_NONE;
	for (i = fr->low_free; i < fr->count; i++)
		if (fr->f[i].proc == FRAME_NONE)
			return i;
	return FRAME_NONE;
}

/* ---- the FIFO / LRU list ---- */

static void list_unlink(struct frames *fr, uint32_t i)
{
	struct frame *f = &fr->f[i];

	if (f->prev != FRAME_NONE)
		fr->f[f->prev].next = f->next;
	else
		fr->head = f->next;
	if (f->next != FRAME_NONE)
		fr->f[f->next].prev = f->prev;
	else
		fr->tail = f->prev;
	f->prev = f->next = FRAME_NONE;
}

static void list_append(struct frames *fr, uint32_t i)
{
	struct frame *f = &fr->f[i];

	f->prev = fr->tail;
	f->next = FRAME_NONE;
	if (fr->tail != FRAME_NONE)
		fr->f[fr->tail].next = i;
	else
		fr->head = i;
	fr->tail = i;
}

/* ---- the OPT heap: greatest next use on top, ties to the earliest load ---- */

static bool opt_above(const struct frames *fr, uint32_t a, uint32_t b)
{
	const struct frame *x = &fr->f[a], *y = &fr->f[b];

	if (x->next_use != y->next_use)
		return x->next_use > y->next_use;
	return x->loaded < y->loaded;
}

static void heap_set(struct frames *fr, uint32_t pos, uint32_t frame)
{
	fr->heap[pos] = frame;
	fr->f[frame].heap_pos = pos;
}

static void heap_up(struct frames *fr, uint32_t pos)
{
	uint32_t frame = fr->heap[pos];

	while (pos > 0) {
		uint32_t parent = (pos - 1) / 2;
		if (!opt_above(fr, frame, fr->heap[parent]))
			break;
		heap_set(fr, pos, fr->heap[parent]);
		pos = parent;
	}
	heap_set(fr, pos, frame);
}

static void heap_down(struct frames *fr, uint32_t pos)
{
	uint32_t frame = fr->heap[pos];

	for (;;) {
		uint32_t c = 2 * pos + 1;
		if (c >= fr->nheap)
			break;
		if (c + 1 < fr->nheap && opt_above(fr, fr->heap[c + 1],
						   fr->heap[c]))
			c++;
		if (!opt_above(fr, fr->heap[c], frame))
			break;
		heap_set(fr, pos, fr->heap[c]);
		pos = c;
	}
	heap_set(fr, pos, frame);
}

static void heap_remove(struct frames *fr, uint32_t frame)
{
	uint32_t pos = fr->f[frame].heap_pos, last;

	fr->f[frame].heap_pos = FRAME_NONE;
	last = fr->heap[--fr->nheap];
	if (pos == fr->nheap)
		return;
	heap_set(fr, pos, last);
	heap_up(fr, pos);
	heap_down(fr, fr->f[last].heap_pos);
}

/* ---- loading and referencing ---- */

void frames_load(struct frames *fr, uint32_t i, uint32_t next_use,
		 bool replaced)
{
	struct frame *f = &fr->f[i];

	f->referenced = true;
	f->dirty = false;
	f->loaded = ++fr->loads;
	f->next_use = next_use;
	fr->used++;
	if (fr->used == fr->count)
		fr->low_free = fr->count;
	else if (i == fr->low_free)
		while (fr->low_free < fr->count &&
		       (fr->low_free == i ||
			fr->f[fr->low_free].proc != FRAME_NONE))
			fr->low_free++;
	list_append(fr, i);
	if (fr->heap) {
		fr->heap[fr->nheap] = i;
		f->heap_pos = fr->nheap++;
		heap_up(fr, f->heap_pos);
	}
	if (replaced && replace_ops(fr->policy)->hand)
		fr->hand = (i + 1) % fr->count;
}

void frames_reference_order(struct frames *fr, uint32_t i, uint32_t next_use)
{
	struct frame *f = &fr->f[i];

	if (fr->reorder && fr->tail != i) {
		list_unlink(fr, i);
		list_append(fr, i);
	}
	if (fr->heap && f->next_use != next_use) {
		bool up = next_use > f->next_use;
		f->next_use = next_use;
		if (up)
			heap_up(fr, f->heap_pos);
		else
			heap_down(fr, f->heap_pos);
	}
}

void frames_release(struct frames *fr, uint32_t i)
{
	struct frame *f = &fr->f[i];

	list_unlink(fr, i);
	if (fr->heap && f->heap_pos != FRAME_NONE)
		heap_remove(fr, i);
	f->proc = FRAME_NONE;
	f->pte = 0;
	f->vpn = 0;
	f->mapcount = 0;
	f->object = 0;
	f->objpage = 0;
	f->next_use = 0;
	f->loaded = 0;
	f->referenced = false;
	f->dirty = false;
	fr->used--;
	if (i < fr->low_free)
		fr->low_free = i;
}

/* ---- victim search ---- */

void frames_victim_begin(struct frames *fr)
{
	fr->ec_pass = 1;
	fr->ec_seen = 0;
}

bool frames_victim_step(struct frames *fr, uint64_t rnd,
			struct frames_probe *p)
{
	p->pass = 0;
	p->kind = PROBE_VICTIM;
	return replace_ops(fr->policy)->victim_step(fr, rnd, p);
}

uint32_t frames_victim(struct frames *fr, uint64_t rnd)
{
	struct frames_probe p;

	if (fr->policy == REPLACE_CLOCK) {
		struct frame *f = fr->f;
		uint32_t h = fr->hand, n = fr->count;
		while (f[h].referenced) {
			f[h].referenced = false;
			h = h + 1 == n ? 0 : h + 1;
		}
		fr->hand = h;
		return h;
	}
	frames_victim_begin(fr);
	while (!frames_victim_step(fr, rnd, &p))
		;
	return p.frame;
}

size_t frames_order(const struct frames *fr, uint32_t *out, size_t max)
{
	size_t n = 0;
	uint32_t i;

	for (i = fr->head; i != FRAME_NONE && n < max; i = fr->f[i].next)
		out[n++] = i;
	return n;
}
