/*
 * compare.h: compare mode (`--compare POLICIES`, `--frames COUNTS`).  The
 * scenario runs once per policy and frame count.  With --batch it prints
 * the comparison table (JSON: one object per run); with --dump, the
 * compare screen at a step; otherwise the interactive compare screen,
 * where every run steps together (one engine per run).
 */
#ifndef MEMVIZ_APP_COMPARE_H
#define MEMVIZ_APP_COMPARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/cli.h"

struct program;

/*
 * Parse a --compare list ("fifo,lru,opt") into enum replace_policy values
 * (at most max).  On an unknown name or too many, returns false with a
 * message that lists the valid names.
 */
bool compare_parse_policies(const char *list, int *out, size_t max,
			    size_t *n, char *err, size_t errsz);
/* Parse a --frames list ("3,4"): counts 1 to 2^20, at most max. */
bool compare_parse_frames(const char *list, uint64_t *out, size_t max,
			  size_t *n, char *err, size_t errsz);

/*
 * Parse a --compare list of heap policies ("first-fit,buddy") into enum
 * heap_policy values (at most max).  False, with nothing to say, when
 * any name is not a heap policy (the caller then tries the replacement
 * policies, whose message lists the valid names).
 */
bool compare_parse_heap_policies(const char *list, int *out, size_t max,
				 size_t *n);

/*
 * Check a --vary KEY=V1,V2,... argument's shape (a known key, 1 to
 * CLI_MAX_COMPARE values); false with a message.  The values themselves
 * are checked against the scenario (compare_main).
 */
bool compare_check_vary(const char *arg, char *err, size_t errsz);

/*
 * Run compare mode for program p (already checked) as opt says (mode
 * batch, dump or interactive).  Returns the exit status: 0; 1 when the
 * output or the terminal fails; 2 when the scenario does not use virtual
 * memory (after a message on stderr).
 */
int compare_main(const struct program *p, const struct cli_options *opt);

#endif
