/*
 * batch.h: headless runs.  Steps through the whole run once and writes the
 * narration of each step (text), or one JSON object per step followed by a
 * summary object (JSON Lines).
 */
#ifndef MEMVIZ_APP_BATCH_H
#define MEMVIZ_APP_BATCH_H

#include <stdbool.h>
#include <stdio.h>

#include "core/engine.h"

enum batch_format {
	BATCH_TEXT,      /* --batch: one narration line per step */
	BATCH_JSON,      /* --json: each step's outcome and what it changed */
	BATCH_JSON_FULL, /* --json=full: and every model's whole state */
};

/*
 * Run the engine from its start to its end, writing to out.  Returns 0, or
 * 1 if writing failed (e.g. a closed pipe).
 */
int batch_run(struct engine *e, enum batch_format fmt, FILE *out);

/*
 * --batch --brief: the brief narration (view/brief.h), one line a step,
 * "K  clause; clause", a chapter's "== name ==" before its first step; no
 * notes and no summary.  Returns 0, or 1 when writing failed.
 */
int batch_run_brief(struct engine *e, FILE *out);

#endif
