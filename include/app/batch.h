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

/*
 * Run the engine from its start to its end, writing to out.  Returns 0, or
 * 1 if writing failed (e.g. a closed pipe).
 */
int batch_run(struct engine *e, bool json, FILE *out);

/*
 * --batch --brief: the brief narration (view/brief.h), one line a step,
 * "K  clause; clause", a chapter's "== name ==" before its first step; no
 * notes and no summary.  Returns 0, or 1 when writing failed.
 */
int batch_run_brief(struct engine *e, FILE *out);

#endif
