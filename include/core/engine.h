/*
 * engine.h: the stepping engine.  It owns the machine and moves it through
 * a program: forward, back, to any step, by whole steps or event by event,
 * and finds the next or previous step of a kind (error, marker, fault...).
 *
 * Position: `step` is how many steps are applied (0 = the initial state,
 * N = all).  Within step `step`, `event` says how many of its events are
 * applied; normally all of them (the step is complete).  Moving event by
 * event re-executes the step with an event budget.
 *
 * Reversibility: on creation the engine runs the whole program once (which
 * also finds the scenario's logic errors), keeping a checkpoint (a machine
 * copy) every `interval` steps and a flag word per step.  Going to step k
 * restores the nearest checkpoint at or before k and replays the rest
 * quietly; only the last step is narrated.
 *
 * A step that crashes the simulated program (a stack overflow) ends the
 * run: N is then that step's number, and the steps after it are never
 * reached.
 */
#ifndef MEMVIZ_CORE_ENGINE_H
#define MEMVIZ_CORE_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/diag.h"
#include "core/event.h"
#include "core/machine.h"
#include "core/program.h"

struct engine;

/*
 * Load a program (which must outlive the engine).  Scenario logic errors
 * are reported to `diag`; then NULL is returned and nothing runs.
 * `interval` is the checkpoint spacing in steps (0: the default).
 */
struct engine *engine_create(const struct program *prog, struct diag *diag,
			     size_t interval);
void engine_destroy(struct engine *e);

const struct program *engine_program(const struct engine *e);
/* Number of steps the run has (N). */
size_t engine_count(const struct engine *e);
/*
 * The first step of the program that never runs because the run stopped
 * early (the process was killed at step N), 1-based, or 0 when every
 * written step runs.  Steps memviz added itself (STEP_IMPLICIT) do not
 * count.  engine_create also reports it as a warning on its diag.
 */
size_t engine_unreached(const struct engine *e);
/* Current position: steps applied (0..N). */
size_t engine_pos(const struct engine *e);
/* Events of the current step applied, and how many it has in all. */
size_t engine_event_pos(const struct engine *e);
size_t engine_event_count(const struct engine *e);
/* The current state (read-only). */
const struct machine *engine_machine(const struct engine *e);
/*
 * The events of the current step applied so far (n = engine_event_pos),
 * valid until the next move.
 */
const struct event *engine_events(const struct engine *e, size_t *n);
/* The program step behind step k (1..N), or NULL. */
const struct step *engine_step(const struct engine *e, size_t k);
/* Flags (EVF_*) of step k (1..N): the union of its events' flags. */
uint32_t engine_flags(const struct engine *e, size_t k);

/* Moves; each returns false (and does nothing) at the end it would pass. */
bool engine_forward(struct engine *e);
bool engine_back(struct engine *e);
/* Go to step k (clamped to 0..N), with all its events applied. */
void engine_goto(struct engine *e, size_t k);
/* One event forward or back, crossing into the next/previous step. */
bool engine_event_forward(struct engine *e);
bool engine_event_back(struct engine *e);

/*
 * The next (dir > 0) or previous (dir < 0) step after/before `from` whose
 * flags share a bit with `mask`; 0 when there is none.
 */
size_t engine_find(const struct engine *e, size_t from, uint32_t mask,
		   int dir);

/*
 * Narrate step k (1..N) without moving: calls `fn` for each of its events.
 * Used for the narration history and headless output.  Costs a replay
 * from the nearest checkpoint.
 */
void engine_narrate(struct engine *e, size_t k,
		    void (*fn)(const struct event *ev, void *arg), void *arg);

/* Memory held by the history (checkpoints and flags), in bytes. */
size_t engine_history_bytes(const struct engine *e);

#endif
