/*
 * variants.h: side-by-side runs of one scenario differing in one setting.
 * `--compare first-fit,buddy` runs a heap scenario under each heap
 * policy; `--vary KEY=V1,V2,...` runs any scenario with one configuration
 * value changed (frames, tlb.entries, tlb.ways, L1.size, L1.ways,
 * L1.line and the same for L1i, L1d, L2, L3, gc.young, gc.size,
 * gc.threshold, heap.size, heap.align, heap.header).  With --batch: one
 * summary per run (with --json one object per run naming it); with
 * --dump the side-by-side screen at a step; otherwise the interactive
 * side-by-side screen (notes, `e` explain and `g` go to as in the single
 * view).
 */
#ifndef MEMVIZ_APP_VARIANTS_H
#define MEMVIZ_APP_VARIANTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/cli.h"

struct program;

/* Check a --vary argument (known key, numeric values, at most
 * CLI_MAX_COMPARE); false with a message. */
bool variants_check_vary(const char *arg, char *err, size_t errsz);

/* True when arg is `frames=...`: its counts go to frames[] (the VM
 * compare screen shows them). */
bool variants_vary_frames(const char *arg, uint64_t *frames, size_t *n);

/*
 * Run the side-by-side runs of opt (nheap_policies or vary) for the
 * checked program p.  Returns the exit status: 0; 1 when the output or
 * the terminal fails; 2 when the scenario lacks what is compared or a
 * value does not fit it (after a message on stderr).
 */
int variants_main(const struct program *p, const struct cli_options *opt);

#endif
