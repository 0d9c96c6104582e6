/*
 * traceprog.h: `memviz --trace-program OUT.mvs [--what heap|cache|
 * heap,cache] [--limit N] [--heap-policy P] -- PROG [ARGS...]`.  Runs PROG
 * with its standard input, output and error untouched, records its heap
 * calls (through the preloaded libmemviz-heap.so) or its memory accesses
 * (through valgrind's lackey), and writes a scenario that replays them.
 */
#ifndef MEMVIZ_APP_TRACEPROG_H
#define MEMVIZ_APP_TRACEPROG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What to record (--what). */
#define TRACEPROG_HEAP 1u
#define TRACEPROG_CACHE 2u

/* Steps a recorded scenario may hold; more heap calls are cut. */
#define TRACEPROG_MAX_STEPS 1000000L
/* Data references a cache scenario keeps without --limit. */
#define TRACEPROG_MAX_REFS 2000000L

struct traceprog_options {
	const char *out;      /* OUT.mvs, or "-" for a temporary file */
	unsigned what;        /* TRACEPROG_* bits (0: heap) */
	long limit;           /* --limit N (-1: none) */
	int heap_policy;      /* enum heap_policy (-1: first-fit) */
	uint64_t heap_size;   /* --heap-size bytes (0: fit the peak) */
	char *const *argv;    /* PROG and its arguments, NULL-terminated */
};

/*
 * Parse a --what list ("heap", "cache", "heap,cache") into TRACEPROG_*
 * bits; false with a message on an unknown word.
 */
bool traceprog_parse_what(const char *list, unsigned *out, char *err,
			  size_t errsz);

/*
 * Record and write the scenario.  Returns memviz's exit status: the
 * program's own exit status (128 + N when signal N killed it, after a
 * message) when the scenario was written; otherwise 1 (or the program's
 * non-zero status) after a message on stderr.  With out "-", *written
 * receives the temporary scenario's path (the caller opens and removes
 * it, and frees the string); otherwise *written is NULL.
 */
int traceprog_main(const struct traceprog_options *opt, char **written);

#endif
