/*
 * sidebyside.h: the side-by-side screen of `--compare HEAP-POLICIES` and
 * `--vary KEY=V1,V2,...`.  One column per run (one engine each, all at
 * the same step): a title naming the run, the model's pane (the heap,
 * the cache, the frames...) drawn by the pane table, and under it, for
 * a heap, the run's figures (free-list length, failed allocations,
 * external and internal fragmentation), then what the step did there.  Below
 * the columns: the scenario's note at this step, then the status line.
 * With `explain` each column lists every event of the step instead of
 * the pane.
 *
 * Pure drawing on a canvas; the application owns and moves the engines.
 */
#ifndef MEMVIZ_VIEW_SIDEBYSIDE_H
#define MEMVIZ_VIEW_SIDEBYSIDE_H

#include <stdbool.h>
#include <stddef.h>

#include "view/canvas.h"

struct engine;
struct strbuf;

struct sbs_run {
	struct engine *e;  /* the run (owned by the caller) */
	const char *label; /* "best-fit", "buddy (heap 128)", "L1.ways=2" */
	const char *name;  /* for JSON: the policy ("buddy") or the value
			    * ("2") */
};

struct sbs_view {
	const struct sbs_run *runs;
	size_t nruns;
	int pane_id;         /* PANE_ID_* drawn in each column */
	bool policies;       /* the runs differ in their heap policy */
	const char *title;   /* the scenario's title, or NULL */
	bool explain;        /* list the step's events instead of the pane */
	int scroll;          /* rows scrolled back in every pane */
	const char *message; /* status line message, or NULL */
	bool message_error;
	const char *hints;   /* key hints for the status line */
};

/* Draw the screen at the runs' current positions onto c. */
void sbs_view_draw(struct canvas *c, const struct sbs_view *v);

/*
 * The heap figures of a run at its current position, as one line:
 * "free list 3  ext 42%  int 11%  failed 0".
 */
void sbs_heap_figures(const struct engine *e, char *out, size_t n);

/*
 * --batch: one summary per run at its end, a heading then one line per
 * run, or with json one JSON object per line naming the run ("policy"
 * for a heap policy comparison, else "vary" and "value").  key is NULL
 * for --compare, else the --vary key.  Appends to out.
 */
void sbs_summary(const struct sbs_run *runs, size_t n, const char *title,
		 const char *key, bool json, struct strbuf *out);

#endif
