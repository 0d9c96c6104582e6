/*
 * generate.h: exercises generated from a seed (`memviz --generate KIND
 * [--seed N] [KEY=VALUE ...]`).  Each kind writes a complete, commented
 * scenario (a title, an `about` stating the question, notes) whose
 * answer key is `memviz --table` on it.
 *
 * Determinism: the numbers come from memviz's own generator (splitmix64
 * over the seed), never from rand(), so a seed gives the same bytes on
 * every machine and every run.
 */
#ifndef MEMVIZ_CORE_GENERATE_H
#define MEMVIZ_CORE_GENERATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/util.h"

/* The kinds, NULL-terminated: paging translate malloc buddy cache gc. */
extern const char *const generate_kinds[];

/* memviz's own pseudo-random numbers (splitmix64). */
struct gen_rng {
	uint64_t state;
};

void gen_rng_seed(struct gen_rng *r, uint64_t seed);
uint64_t gen_rng_next(struct gen_rng *r);
/* A number in [0, n) (n >= 1), without modulo bias. */
uint64_t gen_rng_below(struct gen_rng *r, uint64_t n);

/*
 * Write the exercise of `kind` for `seed` with the KEY=VALUE settings
 * args[0..nargs) into out (appended).  Returns true; false with a
 * sentence in err (naming the key and the accepted values or range)
 * when the kind, a key or a value is not accepted; nothing is written
 * then.
 */
bool generate(const char *kind, uint64_t seed, const char *const *args,
	      size_t nargs, struct strbuf *out, char *err, size_t errsz);

/*
 * The text for the man page and --help: each kind with its keys, their
 * ranges and defaults, one kind per line ("paging: policy=fifo|lru|...
 * (fifo) frames=1..8 (3) ...").
 */
void generate_help(struct strbuf *out);

#endif
