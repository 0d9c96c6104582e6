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
struct step_record;

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
 * from the nearest checkpoint, on the engine's private scratch machine:
 * the engine is logically const (no other call's result changes).
 */
void engine_narrate(const struct engine *e, size_t k,
		    void (*fn)(const struct event *ev, void *arg),
		    void *arg);

/* Memory held by the history (checkpoints and flags), in bytes. */
size_t engine_history_bytes(const struct engine *e);

/*
 * Step records (steprec.h): what a step did, in typed fields.
 *
 * engine_record fills *out with the record of the current step: step
 * engine_pos as far as its engine_event_pos events (the state so far when
 * the step is shown micro-step by micro-step); at position 0 an empty
 * record (step 0, no sections).  It reads the engine only, so the view
 * (which holds a const engine) can call it on every draw.
 *
 * engine_record_at fills *out with the whole record of step k (1..N)
 * wherever the engine is: unless k is the current complete step, the step
 * is replayed on the engine's scratch machine from the nearest checkpoint
 * (as engine_narrate does); the position does not change.  False, with an
 * empty record, when k is out of range.
 */
void engine_record(const struct engine *e, struct step_record *out);
bool engine_record_at(const struct engine *e, size_t k,
		      struct step_record *out);

/*
 * The run's memory accesses as the frames saw them, recorded once while
 * the engine is created (the frames pane's textbook table and compare mode
 * read them instead of running the program again): one entry per step
 * that made VM references, in step order, with the frames whose page
 * changed since the previous entry.  Kept only when the memory has at most
 * ENGINE_FRAMES_MAX frames, for the first ENGINE_ACCESS_STEPS steps.
 */
#define ENGINE_FRAMES_MAX 64
#define ENGINE_ACCESS_STEPS 200000

/* A frame's page after an access: (proc << 44 | vpn) + 1, 0 when free. */
struct engine_frame_change {
	uint32_t frame;
	uint64_t key;
};

struct engine_access {
	size_t step;           /* 1-based */
	uint64_t refs_before;  /* vm.st.references before the step */
	uint32_t proc;         /* the step's (last) access, as vm->last */
	uint64_t vpn;
	bool write, hit, segfault, evicted;
	uint32_t frame, evicted_proc, victim_frame;
	uint64_t evicted_vpn;
	size_t change0;        /* its changes: changes[change0 .. +nchanges) */
	uint32_t nchanges;
};

struct engine_accesses {
	const struct engine_access *a;
	size_t n;
	const struct engine_frame_change *changes;
	const uint64_t *initial; /* nframes keys: the frames at step 0 */
	uint32_t nframes;
};

/* Fill *out; false (and nothing) when the run kept none (see above). */
bool engine_accesses(const struct engine *e, struct engine_accesses *out);

#endif
