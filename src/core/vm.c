/*
 * vm.c: virtual memory: the VM's lifecycle (init, copy, equal), lookups
 * and mappings.  The model is split by concept: vm_geometry.c (the
 * configuration), vm_translate.c (the access path: TLB, page-table walk,
 * page fault, copy-on-write, protection), vm_replace.c (victims, eviction,
 * swap-in), vm_process.c (create, switch, fork, map, share, dying),
 * vm_future.c (OPT's future) and vm_json.c; vm_impl.h is what they share.
 * The invariants below hold between any two steps, for all of them.
 *
 * Invariants:
 *  - a leaf entry is PTE_PRESENT iff it maps a used frame, and that
 *    frame's mapcount counts exactly the present entries that map it;
 *  - a frame's owner fields (proc, pte, vpn) name one of its mappings,
 *    except a shared object's page kept in memory after its last mapper
 *    died (mapcount 0);
 *  - a clean frame's contents equal its swap copy (the entry's or the
 *    object page's slot), or are all zero when it has none: so a clean
 *    victim is dropped, a dirty one written first;
 *  - every entry of a private page that references a slot holds one of
 *    its references; copy-on-write siblings share slots, and a dirty page
 *    is never written into a slot another page still references;
 *  - TLB entries are tagged with the ASID and always agree with the page
 *    tables: an unmapped or downgraded page's entry is invalidated.
 *
 * Narration: every change is followed by one exec_emit; when the context
 * says the budget is spent the function returns at once.  Strings for
 * narration are only built when the context is not quiet.
 */
#include "core/vm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/directive.h"
#include "core/json.h"
#include "core/util.h"
#include "vm_impl.h"

/* ---- lifecycle ---- */

uint32_t vm_process_add(struct vm *vm, uint32_t name)
{
	struct vm_process *p;
	uint32_t id = (uint32_t)vm->nprocs;

	vm->procs = xgrow(vm->procs, &vm->procs_cap, vm->nprocs + 1,
			  sizeof *vm->procs);
	p = &vm->procs[vm->nprocs++];
	memset(p, 0, sizeof *p);
	p->name = name;
	p->parent = VM_NONE;
	p->asid = (uint16_t)(id + 1);
	p->alive = true;
	p->root = pagetable_new_table(&vm->pt, id, 0, 0);
	return id;
}

/* Forget the last access. */
static void reset_last(struct vm *vm)
{
	start_last(vm, VM_NONE, VM_REF, false, 0, 0);
	vm->last.valid = false;
}

void vm_init(struct vm *vm, const struct vm_config *cfg,
	     const struct program *prog)
{
	char why[200];

	memset(vm, 0, sizeof *vm);
	vm->prog = prog;
	if (!vm_geometry_resolve(cfg, &vm->g, why, sizeof why)) {
		struct vm_config def;
		memset(&def, 0, sizeof def);
		vm_geometry_resolve(&def, &vm->g, why, sizeof why);
	}
	pagetable_init(&vm->pt, vm->g.levels, vm->g.split);
	tlb_init(&vm->tlb, vm->g.tlb_entries, vm->g.tlb_ways, vm->g.tlb_policy);
	frames_init(&vm->fr, (uint32_t)vm->g.frames, vm->g.policy);
	swap_init(&vm->sw, vm->g.swap_slots);
	vm->current = VM_NONE;
	reset_last(vm);
	if (cfg->implicit_process)
		vm->current = vm_process_add(vm, SYM_NONE);
}

void vm_free(struct vm *vm)
{
	pagetable_free(&vm->pt);
	tlb_free(&vm->tlb);
	frames_free(&vm->fr);
	swap_free(&vm->sw);
	free(vm->procs);
	free(vm->regions);
	free(vm->objects);
	free(vm->objpages);
	vm_future_release(vm->future);
	memset(vm, 0, sizeof *vm);
}

void vm_copy(struct vm *dst, const struct vm *src)
{
	struct vm d = *dst;

	pagetable_copy(&d.pt, &src->pt);
	tlb_copy(&d.tlb, &src->tlb);
	frames_copy(&d.fr, &src->fr);
	swap_copy(&d.sw, &src->sw);
	d.procs = xcopy_array(d.procs, &d.procs_cap, src->procs, src->nprocs,
			     sizeof *src->procs);
	d.regions = xcopy_array(d.regions, &d.regions_cap, src->regions,
			       src->nregions, sizeof *src->regions);
	d.objects = xcopy_array(d.objects, &d.objects_cap, src->objects,
			       src->nobjects, sizeof *src->objects);
	d.objpages = xcopy_array(d.objpages, &d.objpages_cap, src->objpages,
				src->nobjpages, sizeof *src->objpages);
	if (d.future != src->future) {
		vm_future_release(d.future);
		d.future = vm_future_ref(src->future);
	}
	d.g = src->g;
	d.prog = src->prog;
	d.nprocs = src->nprocs;
	d.nregions = src->nregions;
	d.nobjects = src->nobjects;
	d.nobjpages = src->nobjpages;
	d.current = src->current;
	d.st = src->st;
	d.last = src->last;
	*dst = d;
}

static bool last_equal(const struct vm_last *a, const struct vm_last *b)
{
	return a->valid == b->valid && a->kind == b->kind &&
	       a->write == b->write &&
	       a->proc == b->proc && a->vaddr == b->vaddr &&
	       a->vpn == b->vpn && a->paddr == b->paddr &&
	       a->has_paddr == b->has_paddr && a->hit == b->hit &&
	       a->fault == b->fault && a->segfault == b->segfault &&
	       a->tlb == b->tlb && a->tlb_entry == b->tlb_entry &&
	       a->walk_level == b->walk_level && a->frame == b->frame &&
	       a->evicted == b->evicted &&
	       a->evicted_proc == b->evicted_proc &&
	       a->evicted_vpn == b->evicted_vpn &&
	       a->victim_frame == b->victim_frame &&
	       a->writeback == b->writeback &&
	       a->swapped_in == b->swapped_in &&
	       a->zero_filled == b->zero_filled && a->cow == b->cow &&
	       a->file_read == b->file_read &&
	       a->minor == b->minor && a->swap_slot == b->swap_slot &&
	       a->disk_ns == b->disk_ns && a->invalid == b->invalid &&
	       a->protection == b->protection;
}

bool vm_equal(const struct vm *a, const struct vm *b)
{
	size_t i;

	if (a->nprocs != b->nprocs || a->nregions != b->nregions ||
	    a->nobjects != b->nobjects || a->nobjpages != b->nobjpages ||
	    a->current != b->current ||
	    memcmp(&a->st, &b->st, sizeof a->st) != 0 ||
	    !last_equal(&a->last, &b->last) ||
	    !pagetable_equal(&a->pt, &b->pt) || !tlb_equal(&a->tlb, &b->tlb) ||
	    !frames_equal(&a->fr, &b->fr) || !swap_equal(&a->sw, &b->sw))
		return false;
	for (i = 0; i < a->nprocs; i++) {
		const struct vm_process *x = &a->procs[i], *y = &b->procs[i];
		if (x->name != y->name || x->root != y->root ||
		    x->parent != y->parent || x->asid != y->asid ||
		    x->alive != y->alive || x->resident != y->resident ||
		    x->faults != y->faults)
			return false;
	}
	for (i = 0; i < a->nregions; i++) {
		const struct vm_region *x = &a->regions[i], *y = &b->regions[i];
		if (x->proc != y->proc || x->name != y->name ||
		    x->object != y->object || x->prot != y->prot ||
		    x->file != y->file ||
		    x->start != y->start || x->end != y->end)
			return false;
	}
	for (i = 0; i < a->nobjects; i++)
		if (a->objects[i].name != b->objects[i].name ||
		    a->objects[i].npages != b->objects[i].npages ||
		    a->objects[i].first != b->objects[i].first)
			return false;
	for (i = 0; i < a->nobjpages; i++)
		if (a->objpages[i].frame != b->objpages[i].frame ||
		    a->objpages[i].swap != b->objpages[i].swap)
			return false;
	return true;
}

size_t vm_bytes(const struct vm *vm)
{
	return pagetable_bytes(&vm->pt) + frames_bytes(&vm->fr) +
	       swap_bytes(&vm->sw) + vm->tlb.entries * sizeof *vm->tlb.e +
	       vm->nprocs * sizeof *vm->procs +
	       vm->nregions * sizeof *vm->regions +
	       vm->nobjects * sizeof *vm->objects +
	       vm->nobjpages * sizeof *vm->objpages;
}

/* ---- lookups ---- */

const char *vm_process_name(const struct vm *vm, uint32_t proc)
{
	if (proc >= vm->nprocs)
		return "?";
	if (vm->procs[proc].name == SYM_NONE || vm->prog == NULL)
		return "p0";
	return program_name(vm->prog, vm->procs[proc].name);
}

uint32_t vm_process_find(const struct vm *vm, uint32_t sym)
{
	size_t i;

	for (i = 0; i < vm->nprocs; i++)
		if (vm->procs[i].name == sym && sym != SYM_NONE)
			return (uint32_t)i;
	return VM_NONE;
}

const struct vm_region *vm_region_find(const struct vm *vm, uint32_t proc,
				       uint64_t vaddr)
{
	size_t i;

	for (i = vm->nregions; i-- > 0;) {
		const struct vm_region *r = &vm->regions[i];
		if (r->proc == proc && vaddr >= r->start && vaddr < r->end)
			return r;
	}
	return NULL;
}

/* Protection at vaddr of proc: its region's, or the default user memory. */
uint32_t vm_region_prot(const struct vm *vm, uint32_t proc,
			uint64_t vaddr, const struct vm_region **rp)
{
	const struct vm_region *r = vm_region_find(vm, proc, vaddr);

	*rp = r;
	if (r)
		return r->prot;
	if (vaddr < vm->g.page_size || vaddr >= vm->g.kernel_base)
		return 0;
	return VM_PROT_R | VM_PROT_W;
}

uint16_t vm_prot_to_pte(uint32_t prot)
{
	return (uint16_t)(PTE_U | (prot & VM_PROT_R ? PTE_R : 0) |
			  (prot & VM_PROT_W ? PTE_W : 0) |
			  (prot & VM_PROT_X ? PTE_X : 0));
}

/* "rw-" for PTE flags; W shows as "c" while copy-on-write. */
const char *vm_pte_prot_str(uint16_t flags, char *buf)
{
	buf[0] = flags & PTE_R ? 'r' : '-';
	buf[1] = flags & PTE_W ? (flags & PTE_COW ? 'c' : 'w') : '-';
	buf[2] = flags & PTE_X ? 'x' : '-';
	buf[3] = '\0';
	return buf;
}

/* The address space and page of a leaf entry's pool position. */
void vm_slot_page(const struct vm *vm, uint32_t pos, uint32_t *proc,
		  uint64_t *vpn)
{
	size_t lo = 0, hi = vm->pt.ntables;

	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (vm->pt.tables[mid].base <= pos)
			lo = mid;
		else
			hi = mid;
	}
	*proc = vm->pt.tables[lo].proc;
	*vpn = vm->pt.tables[lo].prefix + (pos - vm->pt.tables[lo].base);
}

/* A page's name for narration: decimal in refs mode, else hex. */
const char *vm_page_str(const struct act *a, char *buf, size_t n,
			uint32_t proc, uint64_t vpn)
{
	const struct vm *vm = a->vm;
	int k = snprintf(buf, n, a->refs ? "page %llu" : "page 0x%llx",
			 (unsigned long long)vpn);

	if (vm->nprocs > 1 && k > 0 && (size_t)k < n)
		snprintf(buf + k, n - (size_t)k, " of %s",
			 vm_process_name(vm, proc));
	return buf;
}

/* The page a frame holds, for narration. */
const char *vm_frame_page_str(const struct act *a, char *buf, size_t n,
			      uint32_t f)
{
	const struct frame *fr = &a->vm->fr.f[f];

	if (fr->object) {
		const struct vm_object *o = &a->vm->objects[fr->object - 1];
		snprintf(buf, n, "page %llu of %s",
			 (unsigned long long)fr->objpage,
			 program_name(a->vm->prog, o->name));
		return buf;
	}
	return vm_page_str(a, buf, n, fr->proc, fr->vpn);
}

/* " Frames: [7 0 1]." for small memories (refs mode narration). */
const char *vm_frames_str(const struct act *a, char *buf, size_t n)
{
	const struct frames *fr = &a->vm->fr;
	size_t o = 0;
	uint32_t i;

	buf[0] = '\0';
	if (!LOUD(a->x) || fr->count > 16)
		return buf;
	o += (size_t)snprintf(buf, n, " Frames: [");
	for (i = 0; i < fr->count && o < n; i++) {
		const struct frame *f = &fr->f[i];
		if (f->proc == FRAME_NONE)
			o += (size_t)snprintf(buf + o, n - o, "%s-", i ? " " : "");
		else if (a->refs)
			o += (size_t)snprintf(buf + o, n - o, "%s%llu",
					      i ? " " : "",
					      (unsigned long long)f->vpn);
		else
			o += (size_t)snprintf(buf + o, n - o, "%s0x%llx",
					      i ? " " : "",
					      (unsigned long long)f->vpn);
	}
	if (o < n)
		snprintf(buf + o, n - o, "].");
	return buf;
}

const char *vm_size_str(char *buf, size_t n, uint64_t bytes)
{
	util_format_size(buf, n, bytes);
	return buf;
}

const char *vm_ns_str(char *buf, size_t n, uint64_t ns)
{
	if (ns >= 1000000 && ns % 1000000 == 0)
		snprintf(buf, n, "%llu ms", (unsigned long long)(ns / 1000000));
	else if (ns >= 1000 && ns % 1000 == 0)
		snprintf(buf, n, "%llu us", (unsigned long long)(ns / 1000));
	else
		snprintf(buf, n, "%llu ns", (unsigned long long)ns);
	return buf;
}

/* ---- mappings ---- */

/* A new owner for frame f after the owner's mapping went away. */
void vm_refresh_owner(struct vm *vm, uint32_t f)
{
	struct frame *fr = &vm->fr.f[f];
	size_t i;

	for (i = 0; i < vm->pt.npool; i++) {
		const struct pte *e = &vm->pt.pool[i];
		if ((e->flags & PTE_PRESENT) && e->frame == f) {
			fr->pte = (uint32_t)i;
			vm_slot_page(vm, (uint32_t)i, &fr->proc, &fr->vpn);
			return;
		}
	}
}

/* Drop one mapping (the present entry at pos) of its frame. */
void vm_unmap_entry(struct vm *vm, uint32_t pos)
{
	struct pte *e = &vm->pt.pool[pos];
	uint32_t f = e->frame, proc;
	uint64_t vpn;
	struct frame *fr = &vm->fr.f[f];

	e->flags &= (uint16_t)~PTE_PRESENT;
	e->frame = 0;
	vm_slot_page(vm, pos, &proc, &vpn);
	vm->procs[proc].resident--;
	tlb_invalidate(&vm->tlb, vm->procs[proc].asid, vpn);
	if (--fr->mapcount == 0) {
		if (fr->object)
			return; /* stays in memory, cached for other mappers */
		frames_release(&vm->fr, f);
	} else if (fr->pte == pos) {
		vm_refresh_owner(vm, f);
	}
}
