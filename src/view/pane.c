/*
 * pane.c: the pane table and the helpers every pane uses.  The table is
 * indexed by enum pane_id; a pane's entry is the only place that names its
 * draw function.
 */
#include "view/pane.h"

#include <stdio.h>
#include <string.h>

static const struct pane_ops panes[PANE_ID_COUNT] = {
	[PANE_ID_STACK] = {
		.name = "stack",
		.title = "stack",
		.boxed = true,
		.focusable = true,
		.draw = pane_stack_draw,
	},
	[PANE_ID_HEAP] = {
		.name = "heap",
		.title = "heap",
		.boxed = true,
		.focusable = true,
		.draw = pane_heap_draw,
	},
	[PANE_ID_PAGETABLE] = {
		.name = "pagetable",
		.title = "page table",
		.boxed = true,
		.focusable = true,
		.draw = pane_pagetable_draw,
	},
	[PANE_ID_FRAMES] = {
		.name = "frames",
		.title = "physical frames",
		.boxed = true,
		.focusable = true,
		.draw = pane_frames_draw,
	},
	[PANE_ID_CACHE] = {
		.name = "cache",
		.title = "cache",
		.boxed = true,
		.focusable = true,
		.draw = pane_cache_draw,
	},
	[PANE_ID_GC] = {
		.name = "gc",
		.title = "gc heap",
		.boxed = true,
		.focusable = true,
		.draw = pane_gc_draw,
	},
	[PANE_ID_NARRATION] = {
		.name = "narration",
		.title = "what happened",
		.boxed = true,
		.focusable = true,
		.draw = pane_narration_draw,
	},
	[PANE_ID_TIMELINE] = {
		.name = "timeline",
		.title = "timeline",
		.boxed = false,
		.focusable = false,
		.draw = pane_timeline_draw,
	},
	[PANE_ID_STATUS] = {
		.name = "status",
		.title = "status",
		.boxed = false,
		.focusable = false,
		.draw = pane_status_draw,
	},
};

const struct pane_ops *pane_get(int id)
{
	if (id < 0 || id >= PANE_ID_COUNT)
		return NULL;
	return &panes[id];
}

int pane_find(const char *name)
{
	int id;

	for (id = 0; id < PANE_ID_COUNT; id++)
		if (strcmp(panes[id].name, name) == 0)
			return id;
	return PANE_ID_NONE;
}

bool pane_event_hits(const struct event *ev, enum event_target target,
		     long long id, long long id2)
{
	if (ev->target != target || ev->id != id)
		return false;
	return id2 < 0 || ev->id2 == id2;
}

int pane_first_row(struct pane_ctx *pc, int total, int rows)
{
	int max = total > rows ? total - rows : 0;
	int scroll = pc->scroll;

	if (scroll > max)
		scroll = max;
	if (scroll < 0)
		scroll = 0;
	pc->scroll_max = max;
	pc->more_above = max - scroll > 0;
	pc->more_below = scroll > 0;
	return max - scroll;
}

int pane_anchored_first(struct pane_ctx *pc, int total, int rows, int anchor)
{
	int last = total > rows ? total - rows : 0;
	int first;

	if (anchor > last)
		anchor = last;
	if (anchor < 0)
		anchor = 0;
	first = anchor - pc->scroll;
	if (first < 0)
		first = 0;
	if (first > last)
		first = last;
	pc->scroll_max = anchor;
	pc->scroll_min = anchor - last;
	pc->more_above = first > 0;
	pc->more_below = first + rows < total;
	return first;
}

void pane_more_text(char *buf, size_t n, int more, int w)
{
	const char *s = more == 1 ? "" : "s";

	snprintf(buf, n, "... %d more row%s: j scrolls, z zooms", more, s);
	if ((int)strlen(buf) > w)
		snprintf(buf, n, "... %d more row%s: z zooms", more, s);
}

void pane_placeholder_draw(struct pane_ctx *pc)
{
	(void)pc;
}
