/*
 * engine.c: stepping forwards and backwards through a program.
 *
 * History is kept as checkpoints (machine copies) every `interval` steps
 * plus one flag word and one event count per step.  The initial run
 * validates the program, records flags and counts, and keeps checkpoints
 * within a memory budget: when the copies outgrow it, the interval doubles
 * and every other checkpoint is dropped.  Any position is reached by
 * restoring the checkpoint at or before it and replaying quietly (no
 * narration text), executing only the final step with narration.
 *
 * Invariants: cur holds the state at (pos, ev_pos); 0 <= pos <= n; when
 * pos > 0, 1 <= ev_pos <= ev_count(pos); ckpt[i] is the state after
 * i * interval steps.
 */
#include "core/engine.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/directive.h"
#include "core/util.h"

#define DEFAULT_INTERVAL 32
#define CHECKPOINT_BUDGET (96u * 1024 * 1024)

struct engine {
	const struct program *prog;
	struct machine cur;
	size_t pos, ev_pos;
	struct exec_ctx x;          /* events of the current step */
	size_t n;                   /* steps in the run */
	uint32_t *flags;            /* per step, index k - 1 */
	uint16_t *counts;           /* events per step, saturating */
	struct machine *ckpt;
	size_t nckpt, ckpt_cap, interval;
	size_t ckpt_bytes;
	struct machine scratch;     /* for engine_narrate */
	struct exec_ctx sx;
};

/*
 * Execute program step k (1-based) on m, stopping after `limit` events
 * (0: all).  `count` is the step's known event count (0: unknown), so a
 * budget that ends exactly on the last event still counts as complete.
 */
static void run_step(const struct program *prog, struct machine *m, size_t k,
		     struct exec_ctx *x, size_t limit, size_t count, bool quiet,
		     struct diag *diag)
{
	const struct step *s = &prog->steps[k - 1];
	const struct directive *d = directive_get(s->op);

	x->prog = prog;
	x->step = s;
	x->step_index = k - 1;
	x->nevents = 0;
	x->limit = limit ? limit : SIZE_MAX;
	x->quiet = quiet;
	x->stopped = false;
	x->halt = false;
	x->flags = 0;
	x->diag = diag;
	d->exec(m, s, x);
	machine_after_step(m, x);
	if (x->nevents == 0 && x->scenario_errors == 0)
		exec_emit(x, d->name, 0, TGT_NONE, 0, 0, "%s: nothing changes.",
			  d->name);
	if (!x->stopped || (count && x->nevents >= count)) {
		m->steps_done = k;
		if (x->flags & EVF_ERROR)
			m->errors++;
		if (x->halt)
			m->halted = true;
	}
	if (program_mark(prog, k - 1))
		x->flags |= EVF_MARK;
	if (program_note(prog, k - 1))
		x->flags |= EVF_NOTE;
}

static void add_checkpoint(struct engine *e, const struct machine *m)
{
	struct machine *c;

	e->ckpt = xgrow(e->ckpt, &e->ckpt_cap, e->nckpt + 1, sizeof *e->ckpt);
	c = &e->ckpt[e->nckpt++];
	machine_init(c, e->prog);
	machine_copy(c, m);
	e->ckpt_bytes += machine_bytes(c);
}

/* Double the interval, keeping every other checkpoint. */
static void thin_checkpoints(struct engine *e)
{
	size_t i, kept = 0;

	e->ckpt_bytes = 0;
	for (i = 0; i < e->nckpt; i++) {
		if (i % 2 == 0) {
			if (kept != i)
				e->ckpt[kept] = e->ckpt[i];
			e->ckpt_bytes += machine_bytes(&e->ckpt[kept]);
			kept++;
		} else {
			machine_free(&e->ckpt[i]);
		}
	}
	e->nckpt = kept;
	e->interval *= 2;
}

struct engine *engine_create(const struct program *prog, struct diag *diag,
			     size_t interval)
{
	struct engine *e = xcalloc(1, sizeof *e);
	struct machine m;
	size_t k;
	unsigned errors = 0;

	e->prog = prog;
	e->interval = interval ? interval : DEFAULT_INTERVAL;
	e->flags = xcalloc(prog->nsteps + 1, sizeof *e->flags);
	e->counts = xcalloc(prog->nsteps + 1, sizeof *e->counts);
	machine_init(&m, prog);
	add_checkpoint(e, &m);
	for (k = 1; k <= prog->nsteps; k++) {
		e->x.scenario_errors = 0;
		run_step(prog, &m, k, &e->x, 0, 0, true, diag);
		errors += e->x.scenario_errors;
		e->flags[k - 1] = e->x.flags;
		e->counts[k - 1] = (uint16_t)(e->x.nevents > UINT16_MAX ?
						      UINT16_MAX : e->x.nevents);
		e->n = k;
		if (m.halted)
			break;
		if (k % e->interval == 0 && e->interval != SIZE_MAX) {
			add_checkpoint(e, &m);
			while (e->ckpt_bytes > CHECKPOINT_BUDGET && e->nckpt > 2)
				thin_checkpoints(e);
		}
	}
	machine_free(&m);
	e->x.scenario_errors = 0;
	if (errors) {
		engine_destroy(e);
		return NULL;
	}
	k = engine_unreached(e);
	if (k && diag) {
		const struct step *s = &prog->steps[k - 1];
		diag_warning(diag, s->line, s->col,
			     "this line never runs: the process was killed at step %zu (line %u)%s",
			     e->n, prog->steps[e->n - 1].line,
			     k < prog->nsteps ? ", nor does anything after it" : "");
	}
	machine_init(&e->cur, prog);
	machine_copy(&e->cur, &e->ckpt[0]);
	machine_init(&e->scratch, prog);
	return e;
}

void engine_destroy(struct engine *e)
{
	size_t i;

	if (e == NULL)
		return;
	for (i = 0; i < e->nckpt; i++)
		machine_free(&e->ckpt[i]);
	free(e->ckpt);
	if (e->cur.prog)
		machine_free(&e->cur);
	if (e->scratch.prog)
		machine_free(&e->scratch);
	free(e->x.events);
	free(e->sx.events);
	free(e->flags);
	free(e->counts);
	free(e);
}

const struct program *engine_program(const struct engine *e)
{
	return e->prog;
}

size_t engine_count(const struct engine *e)
{
	return e->n;
}

size_t engine_unreached(const struct engine *e)
{
	size_t k;

	for (k = e->n; k < e->prog->nsteps; k++)
		if (!(e->prog->steps[k].flags & STEP_IMPLICIT))
			return k + 1;
	return 0;
}

size_t engine_pos(const struct engine *e)
{
	return e->pos;
}

size_t engine_event_pos(const struct engine *e)
{
	return e->pos ? e->ev_pos : 0;
}

size_t engine_event_count(const struct engine *e)
{
	return e->pos ? e->counts[e->pos - 1] : 0;
}

const struct machine *engine_machine(const struct engine *e)
{
	return &e->cur;
}

const struct event *engine_events(const struct engine *e, size_t *n)
{
	*n = e->pos ? e->x.nevents : 0;
	return e->x.events;
}

const struct step *engine_step(const struct engine *e, size_t k)
{
	return k >= 1 && k <= e->n ? &e->prog->steps[k - 1] : NULL;
}

uint32_t engine_flags(const struct engine *e, size_t k)
{
	return k >= 1 && k <= e->n ? e->flags[k - 1] : 0;
}

/* Put m in the state after `k` whole steps, replaying quietly. */
static void restore(struct engine *e, struct machine *m, struct exec_ctx *x,
		    size_t k)
{
	size_t c = e->interval == SIZE_MAX ? 0 : k / e->interval;
	size_t i;

	if (c >= e->nckpt)
		c = e->nckpt - 1;
	machine_copy(m, &e->ckpt[c]);
	for (i = c * (e->interval == SIZE_MAX ? 0 : e->interval) + 1; i <= k;
	     i++)
		run_step(e->prog, m, i, x, 0, 0, true, NULL);
}

/* True when the current position is step k complete (or the start). */
static bool at_complete(const struct engine *e, size_t k)
{
	return e->pos == k && (k == 0 || e->ev_pos == e->counts[k - 1]);
}

/* Move to (k, j): step k with j of its events applied (j = 0: all). */
static void seek(struct engine *e, size_t k, size_t j)
{
	if (k == 0) {
		machine_copy(&e->cur, &e->ckpt[0]);
		e->pos = 0;
		e->ev_pos = 0;
		e->x.nevents = 0;
		return;
	}
	if (!at_complete(e, k - 1))
		restore(e, &e->cur, &e->x, k - 1);
	run_step(e->prog, &e->cur, k, &e->x, j, e->counts[k - 1], false,
		 NULL);
	e->pos = k;
	e->ev_pos = e->x.nevents;
}

bool engine_forward(struct engine *e)
{
	if (e->pos > 0 && !at_complete(e, e->pos)) {
		seek(e, e->pos, 0);
		return true;
	}
	if (e->pos >= e->n)
		return false;
	seek(e, e->pos + 1, 0);
	return true;
}

bool engine_back(struct engine *e)
{
	if (e->pos == 0)
		return false;
	engine_goto(e, e->pos - 1);
	return true;
}

void engine_goto(struct engine *e, size_t k)
{
	if (k > e->n)
		k = e->n;
	if (!at_complete(e, k))
		seek(e, k, 0);
}

bool engine_event_forward(struct engine *e)
{
	if (e->pos > 0 && !at_complete(e, e->pos)) {
		seek(e, e->pos, e->ev_pos + 1);
		return true;
	}
	if (e->pos >= e->n)
		return false;
	seek(e, e->pos + 1, 1);
	return true;
}

bool engine_event_back(struct engine *e)
{
	if (e->pos == 0)
		return false;
	if (e->ev_pos <= 1)
		engine_goto(e, e->pos - 1);
	else
		seek(e, e->pos, e->ev_pos - 1);
	return true;
}

size_t engine_find(const struct engine *e, size_t from, uint32_t mask,
		   int dir)
{
	size_t k;

	if (dir > 0) {
		for (k = from + 1; k <= e->n; k++)
			if (e->flags[k - 1] & mask)
				return k;
	} else {
		for (k = from > e->n + 1 ? e->n + 1 : from; k-- > 1;)
			if (e->flags[k - 1] & mask)
				return k;
	}
	return 0;
}

void engine_narrate(struct engine *e, size_t k,
		    void (*fn)(const struct event *ev, void *arg), void *arg)
{
	size_t i;

	if (k < 1 || k > e->n)
		return;
	if (k == e->pos && e->ev_pos == engine_event_count(e)) {
		for (i = 0; i < e->x.nevents; i++)
			fn(&e->x.events[i], arg);
		return;
	}
	restore(e, &e->scratch, &e->sx, k - 1);
	run_step(e->prog, &e->scratch, k, &e->sx, 0, 0, false, NULL);
	for (i = 0; i < e->sx.nevents; i++)
		fn(&e->sx.events[i], arg);
}

size_t engine_history_bytes(const struct engine *e)
{
	return e->ckpt_bytes + e->n * (sizeof *e->flags + sizeof *e->counts) +
	       e->ckpt_cap * sizeof *e->ckpt;
}
