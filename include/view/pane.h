/*
 * pane.h: the pane table.  Each pane is one entry of operations, defined
 * with designated initialisers in pane.c, and one file src/view/pane_*.c
 * with its draw function.  Adding a pane (heap, page table...) is filling
 * in its entry and writing its file; view.c needs no new branch.
 *
 * A draw function gets a pane_ctx: the canvas, the pane's rectangle (inner
 * is inside the border, where it draws, at relative coordinates), the
 * state to draw, and where to report how far it can scroll.  It must only
 * read the machine.
 */
#ifndef MEMVIZ_VIEW_PANE_H
#define MEMVIZ_VIEW_PANE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/event.h"
#include "view/canvas.h"
#include "view/layout.h"

struct engine;
struct machine;
struct view_state;

struct pane_ctx {
	struct canvas *canvas;
	struct rect area;   /* the pane's rectangle, border included */
	struct rect inner;  /* where the pane draws (inside the border) */
	const struct view_state *vs;
	const struct engine *engine;
	const struct machine *machine;
	const struct event *events; /* the current step's events so far */
	size_t nevents;
	bool focused;
	int scroll;         /* rows scrolled back (clamped by the pane) */
	int scroll_max;     /* out: how far the pane could scroll back */
	int scroll_min;     /* out: how far it could scroll on (<= 0) */
	bool more_above;    /* out: content hidden above the window */
	bool more_below;    /* out: content hidden below the window */
};

struct pane_ops {
	const char *name;  /* "stack": for `panes` and messages */
	const char *title; /* shown on the border */
	bool boxed;        /* drawn in a box with the title */
	bool focusable;    /* can take the focus (and zoom, scroll) */
	void (*draw)(struct pane_ctx *pc);
};

/* The pane table entry for id (0 <= id < PANE_ID_COUNT). */
const struct pane_ops *pane_get(int id);
/* The id of the pane called name, or PANE_ID_NONE. */
int pane_find(const char *name);

/*
 * True when event ev targets what (target, id, id2) names; id2 < 0 matches
 * any id2.  For highlighting.
 */
bool pane_event_hits(const struct event *ev, enum event_target target,
		     long long id, long long id2);

/*
 * Scroll arithmetic shared by line-list panes: with `total` rows of
 * content, `rows` visible and the view anchored at the bottom, the first
 * row to show after scrolling back `scroll` rows.  Sets pc->scroll_max,
 * pc->more_above and pc->more_below.
 */
int pane_first_row(struct pane_ctx *pc, int total, int rows);

/*
 * The same for a list whose unscrolled view starts at row `anchor` (the
 * row that changed, near the top or the middle): scrolling back moves up
 * towards row 0, scrolling on (pc->scroll < 0) moves down to the last
 * row.  Sets pc->scroll_max, pc->scroll_min and the more_ flags.
 */
int pane_anchored_first(struct pane_ctx *pc, int total, int rows, int anchor);

/*
 * The last visible row of a list with `more` rows hidden below it: how
 * many, and how to see them, in at most w columns when it can.
 */
void pane_more_text(char *buf, size_t n, int more, int w);

void pane_stack_draw(struct pane_ctx *pc);
void pane_gc_draw(struct pane_ctx *pc);
/* The heap model: strip, totals, free list, blocks (pane_heap.c). */
void pane_heap_draw(struct pane_ctx *pc);
void pane_narration_draw(struct pane_ctx *pc);
/* The narration pane while vs->question is set (pane_question.c). */
void pane_question_draw(struct pane_ctx *pc);
void pane_status_draw(struct pane_ctx *pc);
void pane_timeline_draw(struct pane_ctx *pc);
/* The cache hierarchy: sets, counters, latency ladder (pane_cache.c). */
void pane_cache_draw(struct pane_ctx *pc);
/* The running process's page table, walk and TLB (pane_pagetable.c). */
void pane_pagetable_draw(struct pane_ctx *pc);
/* Frames, the textbook table, policy state, swap (pane_frames.c). */
void pane_frames_draw(struct pane_ctx *pc);
/* A pane that draws nothing (for panes still being written). */
void pane_placeholder_draw(struct pane_ctx *pc);

#endif
