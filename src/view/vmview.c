/*
 * vmview.c: page formatting and the frame history shared by the page
 * table, frames and compare views (see vmview.h).
 *
 * The history replays the program on a private machine exactly as the
 * engine does (each step's exec with a quiet context), so it agrees with
 * the engine step for step; the columns are kept in a ring of `maxcols`
 * and put in order at the end.
 */
#include "view/vmview.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/directive.h"
#include "core/engine.h"
#include "core/event.h"
#include "core/machine.h"
#include "core/util.h"

#define KEY_PROC_SHIFT 44

bool vmhist_key(uint64_t key, uint32_t *proc, uint64_t *vpn)
{
	if (key == 0)
		return false;
	key--;
	*proc = (uint32_t)(key >> KEY_PROC_SHIFT);
	*vpn = key & ((1ull << KEY_PROC_SHIFT) - 1);
	return true;
}

/* Record the access the vm just made into ring slot i. */
static void record(struct vmhist *h, size_t i, const struct vm *vm,
		   size_t step)
{
	struct vmhist_col *c = &h->col[i];
	uint32_t f;

	memset(c, 0, sizeof *c);
	c->step = step;
	c->proc = vm->last.proc;
	c->vpn = vm->last.vpn;
	c->write = vm->last.write;
	c->hit = vm->last.hit;
	c->segfault = vm->last.segfault;
	c->frame = vm->last.frame;
	c->evicted = vm->last.evicted;
	c->evicted_proc = vm->last.evicted_proc;
	c->evicted_vpn = vm->last.evicted_vpn;
	c->victim_frame = vm->last.victim_frame;
	for (f = 0; f < h->nframes; f++) {
		const struct frame *fr = &vm->fr.f[f];
		h->cell[i * h->nframes + f] =
			fr->proc == FRAME_NONE
				? 0
				: (((uint64_t)fr->proc << KEY_PROC_SHIFT) |
				   fr->vpn) + 1;
	}
	h->total++;
	if (c->hit)
		h->hits++;
	else if (!c->segfault)
		h->faults++;
}

bool vmhist_build(struct vmhist *h, const struct engine *e, size_t maxcols)
{
	const struct program *p = engine_program(e);
	const struct machine *live = engine_machine(e);
	size_t pos = engine_pos(e), k, cap, start;
	struct machine m;
	struct exec_ctx x;
	struct vmhist_col *col;
	uint64_t *cell;

	memset(h, 0, sizeof *h);
	h->nframes = live->vm.fr.count;
	if (h->nframes > VMHIST_MAX_FRAMES || pos > VMHIST_MAX_STEPS ||
	    maxcols == 0)
		return false;
	cap = maxcols;
	h->col = xcalloc(cap, sizeof *h->col);
	h->cell = xcalloc(cap * h->nframes, sizeof *h->cell);
	if (pos == 0)
		return true;
	machine_init(&m, p);
	memset(&x, 0, sizeof x);
	for (k = 1; k < pos; k++) {
		const struct step *s = &p->steps[k - 1];
		uint64_t refs = m.vm.st.references;

		x.prog = p;
		x.step = s;
		x.keyword = directive_get(s->op)->name;
		x.step_index = k - 1;
		x.nevents = 0;
		x.limit = SIZE_MAX;
		x.quiet = true;
		x.stopped = x.halt = false;
		x.flags = 0;
		x.diag = NULL;
		directive_get(s->op)->exec(&m, s, &x);
		if (m.vm.st.references != refs)
			record(h, h->total % cap, &m.vm, k);
	}
	/* The current step as far as the engine has applied it. */
	if (live->vm.st.references != m.vm.st.references && live->vm.last.valid) {
		record(h, h->total % cap, &live->vm, pos);
		h->partial = engine_event_pos(e) < engine_event_count(e);
	}
	free(x.events);
	machine_free(&m);

	/* Unroll the ring: oldest kept column first. */
	h->ncols = h->total < cap ? h->total : cap;
	start = h->total < cap ? 0 : h->total % cap;
	if (start) {
		col = xcalloc(cap, sizeof *col);
		cell = xcalloc(cap * h->nframes, sizeof *cell);
		for (k = 0; k < h->ncols; k++) {
			size_t from = (start + k) % cap;
			col[k] = h->col[from];
			memcpy(cell + k * h->nframes,
			       h->cell + from * h->nframes,
			       h->nframes * sizeof *cell);
		}
		free(h->col);
		free(h->cell);
		h->col = col;
		h->cell = cell;
	}
	return true;
}

void vmhist_free(struct vmhist *h)
{
	free(h->col);
	free(h->cell);
	memset(h, 0, sizeof *h);
}

bool vmview_refs_only(const struct program *p)
{
	size_t k;

	for (k = 0; k < p->nsteps; k++)
		if (directive_get(p->steps[k].op)->access & DA_ADDRESS)
			return false;
	return true;
}

void vmview_page(const struct vm *vm, bool refs, bool with_proc,
		 uint32_t proc, uint64_t vpn, char *buf, size_t n)
{
	if (with_proc && vm->nprocs > 1 && proc < vm->nprocs)
		snprintf(buf, n, refs ? "%s:%llu" : "%s:%llx",
			 vm_process_name(vm, proc), (unsigned long long)vpn);
	else
		snprintf(buf, n, refs ? "%llu" : "%llx",
			 (unsigned long long)vpn);
}

bool vmview_step_accessed(const struct event *ev, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (ev[i].kind == EV_SPLIT || ev[i].kind == EV_HIT ||
		    ev[i].kind == EV_PAGE_FAULT || ev[i].kind == EV_SEGFAULT)
			return true;
	return false;
}

const char *vmview_policy_name(int policy)
{
	static const char *const names[REPLACE_COUNT] = {
		[REPLACE_FIFO] = "FIFO",   [REPLACE_LRU] = "LRU",
		[REPLACE_CLOCK] = "CLOCK", [REPLACE_ECLOCK] = "ECLOCK",
		[REPLACE_OPT] = "OPT",     [REPLACE_RANDOM] = "RANDOM",
	};

	if (policy < 0 || policy >= REPLACE_COUNT)
		return "?";
	return names[policy];
}
