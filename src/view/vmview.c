/*
 * vmview.c: page formatting and the frame history shared by the page
 * table, frames and compare views (see vmview.h).
 *
 * The history is read from the accesses the engine recorded once, when it
 * ran the whole program (engine_accesses): the frames are rebuilt from
 * their changes, no step is run again, and the last column comes from the
 * engine's own machine.
 */
#include "view/vmview.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/directive.h"
#include "core/engine.h"
#include "core/event.h"
#include "core/machine.h"
#include "core/replace.h"
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

/* Column i of h from the engine's note of an access, frames in keys. */
static void take(struct vmhist *h, size_t i, const struct engine_access *a,
		 const uint64_t *keys)
{
	struct vmhist_col *c = &h->col[i];

	memset(c, 0, sizeof *c);
	c->step = a->step;
	c->proc = a->proc;
	c->vpn = a->vpn;
	c->write = a->write;
	c->hit = a->hit;
	c->segfault = a->segfault;
	c->frame = a->frame;
	c->evicted = a->evicted;
	c->evicted_proc = a->evicted_proc;
	c->evicted_vpn = a->evicted_vpn;
	c->victim_frame = a->victim_frame;
	memcpy(h->cell + i * h->nframes, keys, h->nframes * sizeof *keys);
}

/* The index of the first access at step >= k (binary search). */
static size_t first_at(const struct engine_accesses *acc, size_t k)
{
	size_t lo = 0, hi = acc->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (acc->a[mid].step < k)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

bool vmhist_build(struct vmhist *h, const struct engine *e, size_t maxcols)
{
	const struct machine *live = engine_machine(e);
	size_t pos = engine_pos(e), k, done, from;
	struct engine_accesses acc;
	uint64_t *keys;

	memset(h, 0, sizeof *h);
	h->nframes = live->vm.fr.count;
	if (h->nframes > VMHIST_MAX_FRAMES || pos > VMHIST_MAX_STEPS ||
	    maxcols == 0 || !engine_accesses(e, &acc) ||
	    acc.nframes != h->nframes)
		return false;
	h->col = xcalloc(maxcols, sizeof *h->col);
	h->cell = xcalloc(maxcols * h->nframes, sizeof *h->cell);
	if (pos == 0)
		return true;
	/* The accesses of the complete steps before pos: the last maxcols
	 * become columns, the frames replayed from the changes. */
	done = first_at(&acc, pos);
	from = done > maxcols ? done - maxcols : 0;
	keys = xmalloc((h->nframes ? h->nframes : 1) * sizeof *keys);
	memcpy(keys, acc.initial, h->nframes * sizeof *keys);
	for (k = 0; k < done; k++) {
		const struct engine_access *a = &acc.a[k];
		uint32_t c;

		for (c = 0; c < a->nchanges; c++)
			keys[acc.changes[a->change0 + c].frame] =
				acc.changes[a->change0 + c].key;
		h->total++;
		if (a->hit)
			h->hits++;
		else if (!a->segfault)
			h->faults++;
		if (k >= from)
			take(h, k - from, a, keys);
	}
	h->ncols = done - from;
	free(keys);
	/* The current step as far as the engine has applied it. */
	if (done < acc.n && acc.a[done].step == pos &&
	    live->vm.st.references != acc.a[done].refs_before &&
	    live->vm.last.valid) {
		if (h->ncols == maxcols) {
			memmove(h->col, h->col + 1,
				(maxcols - 1) * sizeof *h->col);
			memmove(h->cell, h->cell + h->nframes,
				(maxcols - 1) * h->nframes * sizeof *h->cell);
			h->ncols--;
		}
		record(h, h->ncols++, &live->vm, pos);
		h->partial = engine_event_pos(e) < engine_event_count(e);
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
	if (policy < 0 || policy >= REPLACE_COUNT)
		return "?";
	return replace_ops(policy)->display;
}
