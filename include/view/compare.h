/*
 * compare.h: the compare screen (`memviz --compare fifo,lru --frames 3,4`).
 * The same program runs under several replacement policies and frame
 * counts, one engine per run, all at the same step.  The screen shows
 * the runs side by side: one row per memory access (the page referenced
 * on the left, then for each run the page in each frame after it, F for
 * a fault and the page evicted), the newest at the bottom, and under the
 * runs their faults and hit ratios so far.  When a policy faults more
 * with more frames at this point, a line says so (Belady's anomaly).
 *
 * Pure drawing on a canvas: the application owns the engines and moves
 * them; this module only reads them.
 */
#ifndef MEMVIZ_VIEW_COMPARE_H
#define MEMVIZ_VIEW_COMPARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "view/canvas.h"

struct engine;

struct compare_run {
	struct engine *e;    /* the run (owned by the caller) */
	int policy;          /* enum replace_policy */
	uint64_t frames;
};

struct compare_view {
	const struct compare_run *runs;
	size_t nruns;
	const char *title;   /* the scenario's title, or NULL */
	int scroll;          /* history rows scrolled back from the newest */
	int scroll_max;      /* out: how far it can scroll */
	int page;            /* out: history rows visible */
	const char *message; /* status line message, or NULL */
	bool message_error;
	const char *hints;   /* key hints for the status line */
};

/*
 * Draw the compare screen at the runs' current positions onto c (its
 * size is the screen).  Writes scroll_max and page back into cv.
 */
void compare_view_draw(struct canvas *c, struct compare_view *cv);

struct strbuf;
struct vm_compare_result;

/*
 * The comparison table of --batch: a heading, then one line per run
 * (policy, frames, references, faults, hits, hit ratio), or with json one
 * JSON object per line.  `title` may be NULL.  Appends to out.
 */
void compare_table(const char *title, const struct vm_compare_result *res,
		   size_t n, bool json, struct strbuf *out);

#endif
