/*
 * exec.h: the context a step executes in, and the two things models do
 * through it: emit events and report logic errors in the scenario.  The
 * models include this (through directive.h or directly); it knows nothing
 * of the directive table, so no model depends on the directives.
 */
#ifndef MEMVIZ_CORE_EXEC_H
#define MEMVIZ_CORE_EXEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/event.h"
#include "core/program.h"

struct diag;

/*
 * The context a step executes in.  Models report what they do with
 * exec_emit(); when it returns false the event budget is spent and the
 * model must return at once, leaving the state as of that event (this is
 * how the engine shows a step micro-step by micro-step).  So: change the
 * state, then emit the event that narrates the change; make no change after
 * the last emit; emit at least one event per step.
 */
struct exec_ctx {
	const struct program *prog;
	const struct step *step;
	const char *keyword;    /* the step's directive ("malloc"), for errors */
	size_t step_index;      /* 0-based */
	struct event *events;   /* events emitted so far (owned by the engine) */
	size_t nevents, cap;
	size_t limit;           /* stop after this many events (SIZE_MAX: all) */
	bool quiet;             /* no narration text wanted (fast replay) */
	bool stopped;           /* the budget ran out */
	bool halt;              /* the simulated program crashed: stop the run */
	uint32_t flags;         /* union of the flags of all events emitted */
	struct diag *diag;      /* scenario (logic) errors go here; may be NULL */
	unsigned scenario_errors;
};

/*
 * Emit an event: its kind (EV_*), flags (EVF_*; the kind's own flags from
 * the table in event.h are added), the target it changed, and a
 * printf-style narration sentence (skipped when quiet).
 * Returns false when the model must stop (budget reached).
 */
bool exec_emit(struct exec_ctx *x, enum event_kind kind, uint32_t flags,
	       enum event_target target, int64_t id, int64_t id2,
	       const char *fmt, ...) __attribute__((format(printf, 7, 8)));

/*
 * A logic error in the scenario found while executing (`ret` with no frame,
 * an unknown name).  Reported as FILE:LINE:COL on the step's line; the step
 * then does nothing.  The engine refuses to start a program with any.
 */
void exec_scenario_error(struct exec_ctx *x, unsigned col, const char *fmt,
			 ...) __attribute__((format(printf, 3, 4)));

#endif
