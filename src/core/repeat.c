/*
 * repeat.c: `repeat N` ... `end` blocks, expanded at parse time.  `repeat`
 * remembers where the block's steps start; `end` appends N - 1 more
 * copies of them (their arguments are shared: a program is immutable).
 * Blocks nest.  Notes and marks inside a block attach to its first round
 * only.
 *
 * The open blocks live in parse_ctx.blocks as one allocation (scenario.c
 * frees it with free() and reports a block left open); it goes back to
 * NULL when the outermost block closes.  Both are DK_META directives:
 * they make no step of their own (`repeat` marks the steps part begun,
 * so configuration inside or after a block is refused).
 */
#include <stdlib.h>
#include <string.h>

#include "core/directive.h"
#include "core/scenario.h"
#include "core/util.h"

#define REPEAT_MAX_DEPTH 16
#define REPEAT_MAX_COUNT 1000000u
#define REPEAT_MAX_STEPS 4000000u

struct repeat_blocks {
	unsigned depth;
	struct {
		size_t start;    /* first step of the block */
		uint64_t count;
		unsigned line;
		bool failed;     /* an inner block was refused: say it once */
	} b[REPEAT_MAX_DEPTH];
};

static bool parse_repeat(struct parse_ctx *pc, const struct token *args,
			 size_t nargs)
{
	struct repeat_blocks *rb = pc->blocks;
	uint64_t n;

	if (!parse_expect(pc, nargs, 1, 1) || !parse_u64(pc, &args[0], &n))
		return false;
	if (n == 0 || n > REPEAT_MAX_COUNT) {
		parse_error(pc, &args[0], "`repeat` takes a count from 1 to %u",
			    REPEAT_MAX_COUNT);
		return false;
	}
	if (rb == NULL)
		pc->blocks = rb = xcalloc(1, sizeof *rb);
	if (rb->depth >= REPEAT_MAX_DEPTH) {
		parse_error_here(pc, "`repeat` blocks nest at most %u deep",
				 REPEAT_MAX_DEPTH);
		return false;
	}
	rb->b[rb->depth].start = pc->prog->nsteps;
	rb->b[rb->depth].count = n;
	rb->b[rb->depth].line = pc->line;
	rb->b[rb->depth].failed = false;
	rb->depth++;
	/* What follows is the steps part: configuration may not. */
	pc->steps_started = true;
	return true;
}

static bool parse_end(struct parse_ctx *pc, const struct token *args,
		      size_t nargs)
{
	struct repeat_blocks *rb = pc->blocks;
	struct program *p = pc->prog;
	size_t start, len, r, k;
	uint64_t count;
	unsigned line, d;
	bool failed;

	(void)args;
	if (!parse_expect(pc, nargs, 0, 0))
		return false;
	if (rb == NULL || rb->depth == 0) {
		parse_error_here(pc, "`end` without a `repeat` to close");
		return false;
	}
	rb->depth--;
	start = rb->b[rb->depth].start;
	count = rb->b[rb->depth].count;
	line = rb->b[rb->depth].line;
	failed = rb->b[rb->depth].failed;
	len = start <= p->nsteps ? p->nsteps - start : 0;
	if (start > p->nsteps || failed) {
		/* already reported: nothing to copy */
	} else if (len == 0) {
		parse_error_here(pc, "the `repeat` block of line %u has no steps",
				 line);
		failed = true;
	} else if ((uint64_t)len * count > REPEAT_MAX_STEPS ||
		   p->nsteps + (uint64_t)len * (count - 1) > REPEAT_MAX_STEPS) {
		parse_error_here(pc, "the `repeat` block of line %u would make more than %u steps",
				 line, REPEAT_MAX_STEPS);
		failed = true;
	}
	/* A refused block refuses the blocks around it, without saying it
	 * again for each (a deep nest would repeat the message 16 times). */
	if (failed || start > p->nsteps)
		for (d = 0; d < rb->depth; d++)
			rb->b[d].failed = true;
	if (rb->depth == 0) {
		free(pc->blocks);
		pc->blocks = NULL;
	}
	if (failed || start > p->nsteps)
		return false;
	for (r = 1; r < count; r++) {
		for (k = 0; k < len; k++) {
			struct step copy = p->steps[start + k];
			struct step *s = program_add_step(p, copy.op, copy.line,
							  copy.col);
			*s = copy;
		}
	}
	return true;
}

const struct directive repeat_directives[] = {
	{ .name = "repeat", .synopsis = "repeat N",
	  .summary = "repeat the steps up to the matching `end` N times",
	  .kind = DK_META, .parse = parse_repeat },
	{ .name = "end", .synopsis = "end",
	  .summary = "close a `repeat` block",
	  .kind = DK_META, .parse = parse_end },
	{ .name = NULL },
};
