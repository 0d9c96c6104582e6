/*
 * vm_process.c: processes: create, switch, fork (copy-on-write), map,
 * share, and a process dying (segmentation fault).
 */
#include "core/vm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/directive.h"
#include "core/json.h"
#include "core/util.h"
#include "vm_impl.h"

/* ---- processes dying ---- */

/* Free everything process p holds. */
static uint64_t kill_process(struct vm *vm, uint32_t p, uint64_t *slots)
{
	uint64_t frames = vm->procs[p].resident;
	size_t t;

	*slots = 0;
	for (t = 0; t < vm->pt.ntables; t++) {
		const struct pt_table *tb = &vm->pt.tables[t];
		uint32_t i, size;
		if (tb->proc != p || tb->level + 1 != vm->pt.levels)
			continue;
		size = pagetable_table_size(&vm->pt, tb->level);
		for (i = 0; i < size; i++) {
			uint32_t pos = tb->base + i;
			struct pte *e = &vm->pt.pool[pos];
			if (e->flags & PTE_PRESENT)
				vm_unmap_entry(vm, pos);
			if (e->swap) {
				swap_put(&vm->sw, e->swap - 1);
				(*slots)++;
			}
			vm->pt.pool[pos].swap = 0;
			vm->pt.pool[pos].flags = 0;
		}
	}
	tlb_flush(&vm->tlb, vm->procs[p].asid);
	vm->procs[p].alive = false;
	vm->procs[p].resident = 0;
	return frames;
}

/*
 * Exam-style translation (the scenario gives `pte` entries): an access
 * the table refuses is an error step, and the run goes on with the next
 * line, so that every address of the exercise gets its answer.
 */
void vm_exam_refuse(struct act *a, uint32_t flags, bool protection,
		    const char *why)
{
	struct vm *vm = a->vm;

	vm->last.invalid = true;
	vm->last.protection = protection;
	(void)EMIT(a->x, EV_INVALID, EVF_ERROR | flags, TGT_PAGE, vm->current,
		   (int64_t)vm->last.vpn,
		   "%s: %s. The access fails and has no physical address; the exercise goes on with the next line.",
		   protection ? "Protection fault" : "Invalid address", why);
}

/* A segmentation fault: narrate it, kill the process. */
void vm_segfault(struct act *a, uint32_t flags, const char *why)
{
	struct vm *vm = a->vm;
	uint32_t p = vm->current;
	uint64_t frames, slots;
	size_t i, alive = 0;

	if (vm->g.exam) {
		vm_exam_refuse(a, flags, vm->last.vaddr < vm->g.kernel_base, why);
		return;
	}
	vm->st.segfaults++;
	vm->last.segfault = true;
	if (!EMIT(a->x, EV_SEGFAULT, EVF_ERROR | flags, TGT_PAGE, p,
		  (int64_t)vm->last.vpn,
		  "Segmentation fault: %s. The kernel sends SIGSEGV to %s, which dies.",
		  why, vm_process_name(vm, p)))
		return;
	frames = kill_process(vm, p, &slots);
	for (i = 0; i < vm->nprocs; i++)
		alive += vm->procs[i].alive;
	(void)EMIT(a->x, EV_KILL, alive ? 0 : EVF_HALT, TGT_NONE, p, 0,
	     "%s is gone: its %llu frame%s and %llu swap slot%s are free again. %s",
	     vm_process_name(vm, p), (unsigned long long)frames,
	     frames == 1 ? "" : "s", (unsigned long long)slots,
	     slots == 1 ? "" : "s",
	     alive ? "The other processes run on." :
		     "No process is left: the run ends here.");
}

/* ---- process operations ---- */

/* On a context switch or fork, without ASIDs the TLB is flushed. */
static bool switch_tlb(struct act *a, uint32_t to)
{
	struct vm *vm = a->vm;
	uint32_t n;

	if (vm->tlb.entries == 0)
		return true;
	if (vm->g.tlb_asid)
		return EMIT(a->x, EV_TLB_KEEP, 0, TGT_TLB, -1, 0,
			    "The TLB keeps its %u entries: they are tagged with address-space ids, and %s's id is %u.",
			    tlb_used(&vm->tlb), vm_process_name(vm, to),
			    vm->procs[to].asid);
	n = tlb_flush(&vm->tlb, -1);
	vm->st.tlb_flushes++;
	return EMIT(a->x, EV_TLB_FLUSH, 0, TGT_TLB, -1, 0,
		    "TLB flushed: its %u valid entr%s belonged to the old address space (no address-space ids), so %s starts with an empty TLB.",
		    n, n == 1 ? "y" : "ies", vm_process_name(vm, to));
}

void vm_process_create(struct vm *vm, struct exec_ctx *x, uint32_t name)
{
	struct act a = { NULL, vm, x, 0, false };
	uint32_t from = vm->current, p = vm_process_add(vm, name);

	vm->current = p;
	if (!EMIT(x, EV_PROCESS, 0, TGT_PAGE, p, 0,
		  "New process %s: its own address space, with an empty top-level page table (%u entries)%s. %s%s now runs.",
		  vm_process_name(vm, p),
		  pagetable_table_size(&vm->pt, 0), asid_text(vm, p).s,
		  from == VM_NONE ? "" : "Context switch: ",
		  vm_process_name(vm, p)))
		return;
	if (from != VM_NONE)
		switch_tlb(&a, p);
}

void vm_switch(struct vm *vm, struct exec_ctx *x, uint32_t p)
{
	struct act a = { NULL, vm, x, 0, false };
	uint32_t from = vm->current;

	vm->current = p;
	if (!EMIT(x, EV_SWITCH, 0, TGT_PAGE, p, 0,
		  "Context switch %s -> %s: the MMU's page-table base register now points at %s's top-level table.",
		  from == VM_NONE ? "(none)" : vm_process_name(vm, from),
		  vm_process_name(vm, p), vm_process_name(vm, p)))
		return;
	if (from != p)
		switch_tlb(&a, p);
}

void vm_fork(struct vm *vm, struct exec_ctx *x, uint32_t name)
{
	uint32_t parent = vm->current, child, *map, n;
	size_t t, nt = vm->pt.ntables, i, nreg = vm->nregions;
	uint64_t shared = 0, cow = 0, swapped = 0;

	child = (uint32_t)vm->nprocs;
	vm->procs = xgrow(vm->procs, &vm->procs_cap, vm->nprocs + 1,
			  sizeof *vm->procs);
	memset(&vm->procs[child], 0, sizeof vm->procs[child]);
	vm->nprocs++;
	vm->procs[child].name = name;
	vm->procs[child].parent = parent;
	vm->procs[child].asid = (uint16_t)(child + 1);
	vm->procs[child].alive = true;
	map = xmalloc(nt * sizeof *map);
	for (t = 0; t < nt; t++) {
		map[t] = PT_NONE;
		if (vm->pt.tables[t].proc == parent)
			map[t] = pagetable_new_table(&vm->pt, child,
						     vm->pt.tables[t].level,
						     vm->pt.tables[t].prefix);
	}
	vm->procs[child].root = map[vm->procs[parent].root];
	for (t = 0; t < nt; t++) {
		uint32_t size, k;
		if (map[t] == PT_NONE)
			continue;
		size = pagetable_table_size(&vm->pt, vm->pt.tables[t].level);
		for (k = 0; k < size; k++) {
			uint32_t ps = vm->pt.tables[t].base + k;
			uint32_t cs = vm->pt.tables[map[t]].base + k;
			struct pte *pe = &vm->pt.pool[ps], *ce = &vm->pt.pool[cs];
			if (pe->flags & PTE_TABLE) {
				ce->flags = PTE_TABLE;
				ce->frame = map[pe->frame];
				continue;
			}
			*ce = *pe;
			if (pe->swap) {
				swap_get(&vm->sw, pe->swap - 1);
				swapped++;
			}
			if (!(pe->flags & PTE_PRESENT))
				continue;
			vm->fr.f[pe->frame].mapcount++;
			vm->procs[child].resident++;
			if (pe->flags & PTE_SHARED) {
				shared++;
			} else if (pe->flags & PTE_W) {
				pe->flags |= PTE_COW;
				ce->flags |= PTE_COW;
				cow++;
			} else {
				shared++;
			}
		}
	}
	free(map);
	for (i = 0; i < nreg; i++) {
		if (vm->regions[i].proc != parent)
			continue;
		vm->regions = xgrow(vm->regions, &vm->regions_cap,
				    vm->nregions + 1, sizeof *vm->regions);
		vm->regions[vm->nregions] = vm->regions[i];
		vm->regions[vm->nregions++].proc = child;
	}
	if (!EMIT(x, EV_FORK, 0, TGT_PAGE, child, 0,
		  "fork: %s is a copy of %s. Its page tables are copied, not its memory: %llu resident page%s now shared copy-on-write (read-only in both until one writes), %llu shared read-only or shared-object page%s, %llu swap slot%s shared. No frame is used.",
		  vm_process_name(vm, child), vm_process_name(vm, parent),
		  (unsigned long long)cow, cow == 1 ? " is" : "s are",
		  (unsigned long long)shared, shared == 1 ? "" : "s",
		  (unsigned long long)swapped, swapped == 1 ? "" : "s"))
		return;
	if (vm->tlb.entries && cow) {
		n = tlb_flush(&vm->tlb, vm->procs[parent].asid);
		(void)EMIT(x, EV_TLB_FLUSH, 0, TGT_TLB, -1, 0,
		     "%s's %u TLB entr%s flushed: they may say writable, and its pages are now read-only until copied.",
		     vm_process_name(vm, parent), n, n == 1 ? "y is" : "ies are");
	}
}

void vm_map(struct vm *vm, struct exec_ctx *x, uint64_t start, uint64_t size,
	    uint32_t prot, uint32_t name, uint32_t file)
{
	struct vm_region *r;
	uint64_t pages = size / vm->g.page_size;
	char sz[24], mem[24];

	vm->regions = xgrow(vm->regions, &vm->regions_cap, vm->nregions + 1,
			    sizeof *vm->regions);
	r = &vm->regions[vm->nregions++];
	memset(r, 0, sizeof *r);
	r->proc = vm->current;
	r->name = name;
	r->prot = prot;
	r->file = file == SYM_NONE ? 0 : file + 1;
	r->start = start;
	r->end = start + size;
	(void)EMIT(x, EV_MAP, 0, TGT_PAGE, vm->current,
	     (int64_t)(start >> vm->g.offset_bits),
	     "map%s%s: %s of virtual memory at 0x%llx-0x%llx (%llu page%s, %s%s%s) in %s%s%s%s. Only the mapping is recorded: no frame is used until a page is touched (physical memory is %s).",
	     name ? " " : "", name ? program_name(vm->prog, name) : "",
	     LOUD(x) ? vm_size_str(sz, sizeof sz, size) : "",
	     (unsigned long long)start, (unsigned long long)(start + size - 1),
	     (unsigned long long)pages, pages == 1 ? "" : "s",
	     prot & VM_PROT_R ? "r" : "-", prot & VM_PROT_W ? "w" : "-",
	     prot & VM_PROT_X ? "x" : "-", vm_process_name(vm, vm->current),
	     r->file ? ", backed by the file " : "",
	     r->file ? program_name(vm->prog, file) : "",
	     r->file ? ": a touched page is read from it" : "",
	     LOUD(x) ? vm_size_str(mem, sizeof mem,
				vm->g.frames * vm->g.page_size) : "");
}

bool vm_share(struct vm *vm, struct exec_ctx *x, uint32_t name,
	      uint64_t start, uint64_t size, uint32_t prot)
{
	struct vm_region *r;
	uint64_t pages = size / vm->g.page_size, i;
	uint32_t o;
	size_t resident = 0;

	for (o = 0; o < vm->nobjects; o++)
		if (vm->objects[o].name == name)
			break;
	if (o < vm->nobjects && vm->objects[o].npages != pages)
		return false;
	if (o == vm->nobjects) {
		struct vm_object *ob;
		vm->objects = xgrow(vm->objects, &vm->objects_cap,
				    vm->nobjects + 1, sizeof *vm->objects);
		ob = &vm->objects[vm->nobjects++];
		ob->name = name;
		ob->npages = pages;
		ob->first = (uint32_t)vm->nobjpages;
		vm->objpages = xgrow(vm->objpages, &vm->objpages_cap,
				     vm->nobjpages + pages,
				     sizeof *vm->objpages);
		for (i = 0; i < pages; i++) {
			vm->objpages[vm->nobjpages + i].frame = FRAME_NONE;
			vm->objpages[vm->nobjpages + i].swap = 0;
		}
		vm->nobjpages += pages;
	}
	for (i = 0; i < pages; i++)
		resident += vm->objpages[vm->objects[o].first + i].frame !=
			    FRAME_NONE;
	vm->regions = xgrow(vm->regions, &vm->regions_cap, vm->nregions + 1,
			    sizeof *vm->regions);
	r = &vm->regions[vm->nregions++];
	memset(r, 0, sizeof *r);
	r->proc = vm->current;
	r->name = name;
	r->object = o + 1;
	r->prot = prot;
	r->start = start;
	r->end = start + size;
	(void)EMIT(x, EV_SHARE, 0, TGT_PAGE, vm->current,
	     (int64_t)(start >> vm->g.offset_bits),
	     "share %s: %s maps the shared object at 0x%llx (%llu page%s, %s%s%s). %s",
	     program_name(vm->prog, name), vm_process_name(vm, vm->current),
	     (unsigned long long)start, (unsigned long long)pages,
	     pages == 1 ? "" : "s", prot & VM_PROT_R ? "r" : "-",
	     prot & VM_PROT_W ? "w" : "-", prot & VM_PROT_X ? "x" : "-",
	     resident ? "Pages already in memory will be mapped, not loaded again." :
			"None of its pages is in memory yet.");
	return true;
}
