/*
 * layout.h: where each pane goes.  A pure function from the terminal size,
 * the set of panes wanted and the zoomed pane (if any) to one rectangle per
 * pane.  No drawing, no state: the unit tests call it with any size.
 *
 * The screen, top to bottom: the main area (model panes and narration),
 * one timeline row, one status row.  Model panes (stack, heap, page table,
 * frames, cache) share the main area in a grid; narration goes below them,
 * or in a column on the right when the terminal is wide.  A zoomed pane
 * takes the whole main area.  Below LAYOUT_MIN_WIDTH x LAYOUT_MIN_HEIGHT
 * the layout is "too small" and places nothing.
 */
#ifndef MEMVIZ_VIEW_LAYOUT_H
#define MEMVIZ_VIEW_LAYOUT_H

#include <stdbool.h>
#include <stdint.h>

#include "view/canvas.h"

/* Every pane, in focus order.  The order of the model panes is priority. */
enum pane_id {
	PANE_ID_STACK,
	PANE_ID_HEAP,
	PANE_ID_PAGETABLE,
	PANE_ID_FRAMES,
	PANE_ID_CACHE,
	PANE_ID_GC,
	PANE_ID_NARRATION,
	PANE_ID_TIMELINE,
	PANE_ID_STATUS,
	PANE_ID_COUNT
};

/* "No pane", e.g. nothing zoomed. */
#define PANE_ID_NONE (-1)

/* A set of panes: bit (1u << id) for each. */
#define PANE_BIT(id) (1u << (unsigned)(id))
#define PANE_MODEL_MASK                                                     \
	(PANE_BIT(PANE_ID_STACK) | PANE_BIT(PANE_ID_HEAP) |                  \
	 PANE_BIT(PANE_ID_PAGETABLE) | PANE_BIT(PANE_ID_FRAMES) |            \
	 PANE_BIT(PANE_ID_CACHE) | PANE_BIT(PANE_ID_GC))
#define PANE_ALL_MASK (PANE_BIT(PANE_ID_COUNT) - 1u)

#define LAYOUT_MIN_WIDTH 40
#define LAYOUT_MIN_HEIGHT 10
/* At this width and above, narration is a column on the right. */
#define LAYOUT_WIDE_WIDTH 120
/* Model panes narrower than this are stacked rather than side by side. */
#define LAYOUT_PANE_MIN_WIDTH 36
/* Model panes shorter than this (border included) are left out. */
#define LAYOUT_PANE_MIN_HEIGHT 4
/* A pane this wide and tall shows its long lines and a useful list. */
#define LAYOUT_PANE_GOOD_WIDTH 64
#define LAYOUT_PANE_GOOD_HEIGHT 12

struct layout {
	int width, height;
	bool too_small;      /* below the minimum: nothing placed */
	uint32_t shown;      /* PANE_BIT of every pane given a rectangle */
	int zoom;            /* the zoomed pane actually used, or PANE_ID_NONE */
	struct rect main;    /* the area above the timeline and status rows */
	struct rect rect[PANE_ID_COUNT]; /* {0} for panes not shown */
};

/*
 * Lay out a width x height screen.  `wanted` is a PANE_BIT set; `zoom` is
 * a pane id or PANE_ID_NONE (ignored unless it is a wanted pane other than
 * the timeline or status).  Panes that do not fit are left out (not in
 * `shown`).  Rectangles never overlap and never leave the screen.
 */
void layout_compute(struct layout *out, int width, int height,
		    uint32_t wanted, int zoom);

/* True when the layout gave pane `id` a rectangle. */
bool layout_shown(const struct layout *l, int id);

#endif
