/*
 * quizbatch.h: the headless quiz (`--quiz --batch`), for autograders and
 * tests.  One answer per line is read from `in` for each graded question
 * (an empty line or the end of input skips it; an open question reads
 * none).  Text mode prints each question and its verdict, then the score
 * per kind; JSON mode one object per graded question
 * {"step", "kind", "question", "answer" (null when skipped), "expected",
 * "correct"} and a last {"score": {"correct", "total", "by_kind"}}.
 */
#ifndef MEMVIZ_APP_QUIZBATCH_H
#define MEMVIZ_APP_QUIZBATCH_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "core/engine.h"

/* kinds: QUIZ_* bits (quiz.h).  Returns 0, or 1 when writing failed. */
int quizbatch_run(struct engine *e, uint32_t kinds, bool json, FILE *in,
		  FILE *out);

#endif
