/*
 * vm_replace.c: page replacement: choosing a victim frame (the policy's
 * probes, narrated), evicting it (dirty write-back to swap) and loading a
 * page into a frame (swap-in or zero-fill).
 */
#include "core/vm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/directive.h"
#include "core/json.h"
#include "core/util.h"
#include "core/replace.h"
#include "vm_impl.h"

/* ---- replacement ---- */

static const char *policy_reason(const struct act *a, uint32_t f, char *buf,
				 size_t n, const struct frames_probe *p)
{
	replace_ops(a->vm->g.policy)->reason(&a->vm->fr, f, p, buf, n);
	return buf;
}

/* Narrate OPT's view of the future before it chooses. */
static bool opt_survey(struct act *a)
{
	char list[EVENT_TEXT_MAX], pg[48];
	const struct frames *fr = &a->vm->fr;
	size_t o = 0;
	uint32_t i;

	if (a->x == NULL)
		return true;
	if (!LOUD(a->x))
		return exec_emit(a->x, EV_OPT_FUTURE, 0, TGT_NONE, 0, 0, "%s", "");
	if (fr->count > 12)
		return exec_emit(a->x, EV_OPT_FUTURE, 0, TGT_NONE, 0, 0,
				 "OPT looks ahead at the next use of each of the %u resident pages.",
				 fr->count);
	list[0] = '\0';
	for (i = 0; i < fr->count && o < sizeof list; i++) {
		const struct frame *f = &fr->f[i];
		if (f->next_use == FRAME_NEVER)
			o += (size_t)snprintf(list + o, sizeof list - o,
					      "%s%s never", i ? "; " : "",
					      vm_frame_page_str(a, pg, sizeof pg, i));
		else
			o += (size_t)snprintf(list + o, sizeof list - o,
					      "%s%s at step %u", i ? "; " : "",
					      vm_frame_page_str(a, pg, sizeof pg, i),
					      f->next_use + 1);
	}
	return exec_emit(a->x, EV_OPT_FUTURE, 0, TGT_NONE, 0, 0,
			 "OPT looks ahead: next uses: %s.", list);
}

/* Narrate one probe of a clock search (the state already changed). */
static bool probe_event(struct act *a, const struct frames_probe *p)
{
	const struct frame *f = &a->vm->fr.f[p->frame];
	char pg[64];

	if (a->x == NULL)
		return true;
	switch ((enum replace_policy)a->vm->g.policy) {
	case REPLACE_CLOCK:
		return exec_emit(a->x, EV_CLOCK_HAND, 0, TGT_FRAME, p->frame, 0,
				 "Clock hand at frame %u: %s has R=1: clear it (a second chance) and move on to frame %u.",
				 p->frame,
				 LOUD(a->x) ? vm_frame_page_str(a, pg, sizeof pg, p->frame) : "",
				 a->vm->fr.hand);
	case REPLACE_ECLOCK:
		return exec_emit(a->x, EV_CLOCK_HAND, 0, TGT_FRAME, p->frame, 0,
				 "Enhanced clock, pass %d (looking for R=0, M=%d): frame %u, %s, is (R=%d, M=%d)%s; move on to frame %u.",
				 p->pass, p->pass % 2 == 0, p->frame,
				 LOUD(a->x) ? vm_frame_page_str(a, pg, sizeof pg, p->frame) : "",
				 p->kind == PROBE_CLEAR_R ? 1 : f->referenced,
				 f->dirty,
				 p->kind == PROBE_CLEAR_R ? ": clear R" : "",
				 a->vm->fr.hand);
	case REPLACE_FIFO:
	case REPLACE_LRU:
	case REPLACE_OPT:
	case REPLACE_RANDOM:
	case REPLACE_COUNT:
		break; /* their victim step never probes */
	}
	return true;
}

/* Out of memory and swap: the run stops. */
static void out_of_swap(struct act *a, uint32_t f)
{
	char pg[64];

	(void)EMIT(a->x, EV_OUT_OF_MEMORY, EVF_ERROR | EVF_HALT, TGT_FRAME, f, 0,
	     "Out of memory: %s in frame %u is dirty and must be written out, but all %llu swap slots are in use. The kernel's out-of-memory killer ends the program here.",
	     LOUD(a->x) ? vm_frame_page_str(a, pg, sizeof pg, f) : "", f,
	     (unsigned long long)a->vm->sw.limit);
}

/* Find the swap slot a dirty victim is written to, or SWAP_NONE. */
static uint32_t writeback_slot(struct vm *vm, uint32_t f, uint32_t *old)
{
	const struct frame *fr = &vm->fr.f[f];
	uint32_t cur;

	if (fr->object)
		cur = vm->objpages[vm->objects[fr->object - 1].first +
				   fr->objpage].swap;
	else
		cur = vm->pt.pool[fr->pte].swap;
	*old = cur;
	if (cur && (fr->object || swap_refs(&vm->sw, cur - 1) == fr->mapcount))
		return cur - 1;
	return swap_alloc(&vm->sw);
}

/*
 * Evict the page in frame f: unmap it everywhere (invalidating TLB
 * entries), then write it to swap if dirty.  False when the step stops.
 */
static bool evict(struct act *a, uint32_t f, const struct frames_probe *p)
{
	struct vm *vm = a->vm;
	struct frame *fr = &vm->fr.f[f];
	uint32_t slot = SWAP_NONE, old = 0, mappers = fr->mapcount;
	uint32_t object = fr->object, proc = fr->proc;
	uint64_t objpage = fr->objpage, vpn = fr->vpn;
	bool dirty = fr->dirty, had_tlb = false;
	char why[160], pg[64], sz[24];
	uint32_t one, *pos = &one;
	size_t npos = 0, k;

	if (dirty) {
		slot = writeback_slot(vm, f, &old);
		if (slot == SWAP_NONE) {
			out_of_swap(a, f);
			return false;
		}
	}
	if (LOUD(a->x)) {
		policy_reason(a, f, why, sizeof why, p);
		vm_frame_page_str(a, pg, sizeof pg, f);
	} else {
		why[0] = pg[0] = '\0';
	}
	/* Unmap every mapping of the frame. */
	if (mappers == 1 && !object) {
		uint32_t tlbi = tlb_invalidate(&vm->tlb, vm->procs[proc].asid, vpn);
		had_tlb = tlbi != TLB_NONE;
		one = fr->pte;
		npos = 1;
		vm->pt.pool[fr->pte].flags &= (uint16_t)~PTE_PRESENT;
		vm->pt.pool[fr->pte].frame = 0;
		vm->procs[proc].resident--;
	} else if (mappers > 0) {
		size_t i;
		pos = xmalloc(mappers * sizeof *pos);
		for (i = 0; i < vm->pt.npool; i++) {
			struct pte *e = &vm->pt.pool[i];
			uint32_t pp;
			uint64_t pv;
			if (!(e->flags & PTE_PRESENT) || e->frame != f)
				continue;
			vm_slot_page(vm, (uint32_t)i, &pp, &pv);
			if (tlb_invalidate(&vm->tlb, vm->procs[pp].asid, pv) !=
			    TLB_NONE)
				had_tlb = true;
			e->flags &= (uint16_t)~PTE_PRESENT;
			e->frame = 0;
			vm->procs[pp].resident--;
			if (npos < mappers)
				pos[npos++] = (uint32_t)i;
		}
	}
	if (object)
		vm->objpages[vm->objects[object - 1].first + objpage].frame =
			FRAME_NONE;
	frames_release(&vm->fr, f);
	vm->st.evictions++;
	vm->last.evicted = true;
	vm->last.evicted_proc = proc;
	vm->last.evicted_vpn = object ? objpage : vpn;
	vm->last.victim_frame = f;
	if (!EMIT(a->x, EV_EVICT, EVF_EVICT, TGT_FRAME, f, 0,
		  "Evict %s from frame %u (%s).%s%s",
		  pg, f, why,
		  mappers > 1 ? " It was mapped by several processes: all their entries now say 'not present'." :
				" Its page-table entry now says 'not present'.",
		  had_tlb ? " Its TLB entry is invalidated too." : "")) {
		if (pos != &one)
			free(pos);
		return false;
	}
	if (!dirty) {
		if (pos != &one)
			free(pos);
		return true;
	}
	/* Write the dirty page out, then point its entries at the slot. */
	if (object) {
		vm->objpages[vm->objects[object - 1].first + objpage].swap =
			slot + 1;
	} else if (old == 0 || old - 1 != slot) {
		for (k = 0; k < npos; k++) {
			struct pte *e = &vm->pt.pool[pos[k]];
			if (e->swap)
				swap_put(&vm->sw, e->swap - 1);
			if (k)
				swap_get(&vm->sw, slot);
			e->swap = slot + 1;
		}
	}
	if (pos != &one)
		free(pos);
	vm->sw.writes++;
	vm->st.writebacks++;
	vm->st.disk_ns += vm->g.swap_latency_ns;
	vm->last.writeback = true;
	vm->last.disk_ns += vm->g.swap_latency_ns;
	return EMIT(a->x, EV_WRITEBACK, 0, TGT_SWAP, slot, 0,
		    "P%s is dirty (written since it was loaded): write it to swap slot %u first (%s on disk).",
		    pg[0] ? pg + 1 : "", slot,
		    LOUD(a->x) ? vm_ns_str(sz, sizeof sz, vm->g.swap_latency_ns) : "");
}

/*
 * A frame for a new page: the lowest free one, else the policy's victim,
 * evicted.  FRAME_NONE when the step must stop.
 */
uint32_t vm_get_frame(struct act *a)
{
	struct vm *vm = a->vm;
	const struct replace_ops *ops = replace_ops(vm->g.policy);
	struct frames_probe p;
	uint32_t f = frames_lowest_free(&vm->fr);

	if (f != FRAME_NONE)
		return f;
	if (a->x == NULL) {
		p.frame = frames_victim(&vm->fr,
					ops->random ? rng_next(a->rng) : 0);
		p.kind = PROBE_VICTIM;
		p.pass = vm->fr.ec_pass;
		return evict(a, p.frame, &p) ? p.frame : FRAME_NONE;
	}
	if (ops->future && !opt_survey(a))
		return FRAME_NONE;
	frames_victim_begin(&vm->fr);
	for (;;) {
		uint64_t rnd = ops->random ? rng_next(a->rng) : 0;
		if (frames_victim_step(&vm->fr, rnd, &p))
			break;
		if (!probe_event(a, &p))
			return FRAME_NONE;
	}
	return evict(a, p.frame, &p) ? p.frame : FRAME_NONE;
}

/*
 * Bring (proc, vpn), whose leaf entry is at pos, into free frame f: from
 * swap, from its file (a shared object's page, or a `map file=` page not
 * written since), or zero-filled (anonymous memory).
 */
bool vm_load(struct act *a, uint32_t f, uint32_t proc, uint32_t pos,
	     uint64_t vpn, bool write)
{
	struct vm *vm = a->vm;
	struct pte *e = &vm->pt.pool[pos];
	struct frame *fr = &vm->fr.f[f];
	struct vm_objpage *op = NULL;
	uint32_t src, file = 0;
	bool seen;
	char pg[64], frs[200], sz[24];

	if (e->flags & PTE_SHARED) {
		const struct vm_region *r;
		vm_region_prot(vm, proc, vpn << vm->g.offset_bits, &r);
		/* A shared object is a file (a library): its pages are read. */
		file = vm->objects[r->object - 1].name + 1;
		op = &vm->objpages[vm->objects[r->object - 1].first +
				   (vpn - (r->start >> vm->g.offset_bits))];
		fr->object = r->object;
		fr->objpage = vpn - (r->start >> vm->g.offset_bits);
		src = op->swap;
		op->frame = f;
	} else {
		const struct vm_region *r = NULL;
		vm_region_prot(vm, proc, vpn << vm->g.offset_bits, &r);
		if (r)
			file = r->file;
		fr->object = 0;
		fr->objpage = 0;
		src = e->swap;
	}
	fr->proc = proc;
	fr->pte = pos;
	fr->vpn = vpn;
	fr->mapcount = 1;
	frames_load(&vm->fr, f, next_use(a, proc, vpn), vm->last.evicted);
	fr->dirty = write;
	e->frame = f;
	seen = (e->flags & PTE_USED) != 0;
	e->flags |= PTE_PRESENT | PTE_USED;
	vm->procs[proc].resident++;
	vm->last.frame = f;
	if (LOUD(a->x)) {
		vm_page_str(a, pg, sizeof pg, proc, vpn);
		vm_frames_str(a, frs, sizeof frs);
	} else {
		pg[0] = frs[0] = '\0';
	}
	if (src) {
		vm->sw.reads++;
		vm->st.swap_ins++;
		vm->st.disk_ns += vm->g.swap_latency_ns;
		vm->last.swapped_in = true;
		vm->last.swap_slot = src - 1;
		vm->last.disk_ns += vm->g.swap_latency_ns;
		return EMIT(a->x, EV_SWAP_IN, 0, TGT_FRAME, f, src - 1,
			    "Read %s from swap slot %u into frame %u (%s on disk); its entry now maps frame %u, present.%s",
			    pg, src - 1, f,
			    LOUD(a->x) ? vm_ns_str(sz, sizeof sz, vm->g.swap_latency_ns) : "",
			    f, frs);
	}
	if (file) {
		vm->st.file_reads++;
		vm->st.disk_ns += vm->g.swap_latency_ns;
		vm->last.file_read = true;
		vm->last.disk_ns += vm->g.swap_latency_ns;
		return EMIT(a->x, EV_FILE_READ, 0, TGT_FRAME, f, 0,
			    "Read %s from the file %s into frame %u (%s on disk): a major fault. Its entry now maps frame %u, present.%s",
			    pg, program_name(vm->prog, file - 1), f,
			    LOUD(a->x) ? vm_ns_str(sz, sizeof sz, vm->g.swap_latency_ns) : "",
			    f, frs);
	}
	vm->st.zero_fills++;
	vm->last.zero_filled = true;
	return EMIT(a->x, EV_ZERO_FILL, 0, TGT_FRAME, f, 0,
		    "Load %s into frame %u: %s; the frame is filled with zeros. Its entry now maps frame %u, present.%s",
		    pg, f,
		    seen ? "it was never written, so nothing was saved when it was evicted" :
			   "first use, so there is nothing on disk",
		    f, frs);
}
