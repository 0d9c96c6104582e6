/*
 * limits.h: memviz's memory ceiling.  Whatever the input, memviz's own
 * data (its heap and anonymous mappings: RLIMIT_DATA) stops at
 * LIMITS_DATA_BYTES, so a hostile or huge scenario or trace ends in the
 * fatal "out of memory" message naming the limit, never in the system
 * swapping or killing memviz.  The per-input limits (memviz(1), LIMITS)
 * keep every shipped and ordinary input far below it.
 */
#ifndef MEMVIZ_APP_LIMITS_H
#define MEMVIZ_APP_LIMITS_H

#include <stdbool.h>
#include <stdint.h>

/* 1 GiB. */
#define LIMITS_DATA_BYTES ((uint64_t)1 << 30)

/*
 * Lower this process's data limit to LIMITS_DATA_BYTES (never raise it).
 * Does nothing under AddressSanitizer (its shadow memory is data too).
 * True when a ceiling is in force.
 */
bool limits_apply(void);
/* In a child about to exec another program (--trace-program): give back
 * the limit memviz started with. */
void limits_restore(void);
/* The data limit in force after limits_apply (LIMITS_DATA_BYTES, or the
 * lower one memviz was started with), or 0 when there is none. */
uint64_t limits_data_bytes(void);

#endif
