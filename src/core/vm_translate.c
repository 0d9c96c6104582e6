/*
 * vm_translate.c: the translation of one access: page references (refs)
 * and virtual addresses: TLB lookup, page-table walk, page fault,
 * copy-on-write, protection, the physical address.  The fast quiet path
 * (vm_access_quiet) for batches lives here too.
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

static const char *const access_verbs[] = { "reference", "read", "write",
					    "fetch" };

/* ---- page references (refs) ---- */

void vm_ref(struct vm *vm, uint64_t *rng, struct exec_ctx *x, size_t step,
	    uint64_t vpn, bool write)
{
	struct act a = { rng, vm, x, step, true };
	uint32_t proc = vm->current, pos, f, created = 0;
	char frs[200], pg[64];

	start_last(vm, proc, VM_REF, write, 0, vpn);
	vm->st.references++;
	pos = pagetable_lookup(&vm->pt, vm->procs[proc].root, vpn);
	if (pos != PT_NONE && (vm->pt.pool[pos].flags & PTE_PRESENT)) {
		const char *how;
		f = vm->pt.pool[pos].frame;
		frames_reference(&vm->fr, f, next_use(&a, proc, vpn));
		if (write)
			vm->fr.f[f].dirty = true;
		vm->st.hits++;
		vm->last.hit = true;
		vm->last.frame = f;
		if (x == NULL)
			return;
		how = replace_ops(vm->g.policy)->on_hit;
		exec_emit(x, EV_HIT, 0, TGT_FRAME, f, 0,
			  "Reference %llu%s: hit, page %llu is in frame %u.%s%s",
			  (unsigned long long)vpn, write ? " (write)" : "",
			  (unsigned long long)vpn, f, how,
			  vm_frames_str(&a, frs, sizeof frs));
		return;
	}
	if (pos == PT_NONE)
		pos = pagetable_leaf(&vm->pt, vm->procs[proc].root, vpn,
				     &created);
	vm->pt.pool[pos].flags |= PTE_R | PTE_W | PTE_X | PTE_U;
	vm->st.page_faults++;
	vm->procs[proc].faults++;
	vm->last.fault = true;
	if (!EMIT(x, EV_PAGE_FAULT, EVF_FAULT, TGT_PAGE, proc, (int64_t)vpn,
		  "Reference %llu%s: page fault, %s is not in memory%s.",
		  (unsigned long long)vpn, write ? " (write)" : "",
		  LOUD(x) ? vm_page_str(&a, pg, sizeof pg, proc, vpn) : "",
		  vm->fr.used < vm->fr.count ? "" :
					       " and no frame is free: a page must go"))
		return;
	f = vm_get_frame(&a);
	if (f == FRAME_NONE)
		return;
	vm_load(&a, f, proc, pos, vpn, write);
}

/* ---- addresses ---- */

/* Fill the TLB for the page just translated; false when stopping. */
static bool tlb_refill(struct act *a, uint32_t proc, uint64_t vpn,
		       uint32_t f, uint16_t flags)
{
	struct vm *vm = a->vm;
	struct tlb_entry old;
	bool evicted;
	uint8_t prot = (uint8_t)(flags & (PTE_R | PTE_X | PTE_U));
	uint32_t i;
	uint64_t rnd;
	char pg[64], opg[64];

	if (vm->tlb.entries == 0)
		return true;
	if ((flags & PTE_W) && !(flags & PTE_COW))
		prot |= PTE_W;
	rnd = tlb_policies[vm->tlb.policy].random ? rng_next(a->rng) : 0;
	i = tlb_fill(&vm->tlb, vm->procs[proc].asid, vpn, f, prot, rnd,
		     &evicted, &old);
	vm->last.tlb_entry = i;
	if (!LOUD(a->x))
		return EMIT(a->x, EV_TLB_FILL, 0, TGT_TLB, i, 0, "%s", "");
	vm_page_str(a, pg, sizeof pg, proc, vpn);
	if (evicted)
		snprintf(opg, sizeof opg, ", replacing page 0x%llx (%s)",
			 (unsigned long long)old.vpn,
			 tlb_policies[vm->tlb.policy].why);
	else
		opg[0] = '\0';
	return exec_emit(a->x, EV_TLB_FILL, 0, TGT_TLB, i, 0,
			 "TLB refill: entry %u now maps %s to frame %u%s.", i,
			 pg, f, opg);
}

/* A write to a copy-on-write page; false when the step stops. */
static bool cow_fault(struct act *a, uint32_t pos, uint64_t vpn)
{
	struct vm *vm = a->vm;
	uint32_t proc = vm->current, src = vm->pt.pool[pos].frame, f;
	uint32_t others = vm->fr.f[src].mapcount - 1;
	char pg[64];

	if (LOUD(a->x))
		vm_page_str(a, pg, sizeof pg, proc, vpn);
	else
		pg[0] = '\0';
	if (others == 0) {
		vm->pt.pool[pos].flags &= (uint16_t)~PTE_COW;
		vm->last.cow = true;
		if (!EMIT(a->x, EV_COW_REUSE, 0, TGT_PAGE, proc, (int64_t)vpn,
			  "Write to copy-on-write %s: no other process maps frame %u any more, so it becomes writable in place, without a copy.",
			  pg, src))
			return false;
		return tlb_refill(a, proc, vpn, src, vm->pt.pool[pos].flags);
	}
	vm->st.page_faults++;
	vm->st.cow_copies++;
	vm->procs[proc].faults++;
	vm->last.fault = true;
	vm->last.cow = true;
	if (!EMIT(a->x, EV_COW_FAULT, EVF_FAULT, TGT_PAGE, proc, (int64_t)vpn,
		  "Page fault: write to %s, shared copy-on-write (read-only) with %u other mapping%s since a fork. The kernel gives %s its own copy.",
		  pg, others, others == 1 ? "" : "s",
		  vm_process_name(vm, proc)))
		return false;
	f = vm_get_frame(a);
	if (f == FRAME_NONE)
		return false;
	{
		struct pte *e = &vm->pt.pool[pos];
		struct frame *fr;
		bool still = (e->flags & PTE_PRESENT) != 0;
		if (still) {
			vm->fr.f[src].mapcount--;
			if (vm->fr.f[src].pte == pos)
				vm_refresh_owner(vm, src);
		} else {
			/* Our mapping went out with the source frame. */
			if (e->swap) {
				swap_put(&vm->sw, e->swap - 1);
				e->swap = 0;
			}
			vm->procs[proc].resident++;
		}
		fr = &vm->fr.f[f];
		fr->proc = proc;
		fr->pte = pos;
		fr->vpn = vpn;
		fr->mapcount = 1;
		fr->object = 0;
		fr->objpage = 0;
		frames_load(&vm->fr, f, next_use(a, proc, vpn),
			    vm->last.evicted);
		fr->dirty = true;
		e->frame = f;
		e->flags = (uint16_t)((e->flags | PTE_PRESENT | PTE_USED) &
				      ~PTE_COW);
		vm->last.frame = f;
		if (still ? !EMIT(a->x, EV_COW_COPY, 0, TGT_FRAME, f, src,
				  "Copy %s from frame %u into frame %u: %s's entry now maps frame %u, writable; frame %u stays with the other %u mapping%s.",
				  pg, src, f, vm_process_name(vm, proc), f, src,
				  others, others == 1 ? "" : "s") :
			    !EMIT(a->x, EV_COW_COPY, 0, TGT_FRAME, f, src,
				  "The page's own frame %u was the victim: it now belongs to %s alone, writable, and the other mapping%s read the page back from swap.",
				  f, vm_process_name(vm, proc),
				  others == 1 ? "" : "s"))
			return false;
		return tlb_refill(a, proc, vpn, f, e->flags);
	}
}

/* Walk the page table for vpn, narrating each level; the leaf or PT_NONE. */
static uint32_t walk(struct act *a, uint32_t proc, uint64_t vpn, bool *stop)
{
	struct vm *vm = a->vm;
	uint32_t t = vm->procs[proc].root, l;
	char pr[4];

	*stop = false;
	for (l = 0; l < vm->pt.levels; l++) {
		uint32_t idx = pagetable_index(&vm->pt, vpn, l);
		uint32_t pos = pagetable_slot(&vm->pt, t, idx);
		const struct pte *e = &vm->pt.pool[pos];
		bool leaf = l + 1 == vm->pt.levels;

		vm->last.walk_level = l + 1;
		if (!leaf) {
			bool ok;
			if (e->flags & PTE_TABLE)
				ok = EMIT(a->x, EV_WALK, 0, TGT_PAGE, proc,
					  (int64_t)vpn,
					  "Walk, level %u: entry 0x%x of %s's %s table points to a level-%u table (#%u).",
					  l + 1, idx, vm_process_name(vm, proc),
					  l == 0 ? "top-level" : "next",
					  l + 2, e->frame);
			else
				ok = EMIT(a->x, EV_WALK, 0, TGT_PAGE, proc,
					  (int64_t)vpn,
					  vm->g.exam ? "Walk, level %u: entry 0x%x of %s's %s table is not valid: no level-%u table covers this page." :
						       "Walk, level %u: entry 0x%x of %s's %s table is empty: no level-%u table covers this page yet.",
					  l + 1, idx, vm_process_name(vm, proc),
					  l == 0 ? "top-level" : "next", l + 2);
			if (!ok) {
				*stop = true;
				return PT_NONE;
			}
			if (!(e->flags & PTE_TABLE))
				return PT_NONE;
			t = e->frame;
			continue;
		}
		if (e->flags & PTE_PRESENT)
			*stop = !EMIT(a->x, EV_WALK, 0, TGT_PAGE, proc,
				      (int64_t)vpn,
				      "Walk, level %u: entry 0x%x maps the page to frame %u (present, %s).",
				      l + 1, idx, e->frame,
				      vm_pte_prot_str(e->flags, pr));
		else if (e->swap)
			*stop = !EMIT(a->x, EV_WALK, 0, TGT_PAGE, proc,
				      (int64_t)vpn,
				      "Walk, level %u: entry 0x%x says not present: the page is in swap slot %u.",
				      l + 1, idx, e->swap - 1);
		else if (vm->g.exam)
			*stop = !EMIT(a->x, EV_WALK, 0, TGT_PAGE, proc,
				      (int64_t)vpn,
				      "Walk, level %u: entry 0x%x is not valid.",
				      l + 1, idx);
		else
			*stop = !EMIT(a->x, EV_WALK, 0, TGT_PAGE, proc,
				      (int64_t)vpn,
				      "Walk, level %u: entry 0x%x says not present: the page was %s.",
				      l + 1, idx,
				      e->flags & PTE_USED ? "dropped while clean, and was all zeros" :
							    "never touched");
		return pos;
	}
	return PT_NONE;
}

static uint32_t access_prot_bit(enum vm_access kind)
{
	return kind == VM_WRITE ? VM_PROT_W :
	       kind == VM_FETCH ? VM_PROT_X : VM_PROT_R;
}

static const char *prot_name(uint32_t bit)
{
	return bit == VM_PROT_W ? "writable" :
	       bit == VM_PROT_X ? "executable" : "readable";
}

/*
 * The page is not present: check the region, then bring it in (or map a
 * shared object's resident page).  Returns the leaf position, or PT_NONE
 * when the step ends (segfault, budget).
 */
static uint32_t page_fault(struct act *a, uint32_t proc, uint64_t vaddr,
			   uint64_t vpn, uint32_t pos, enum vm_access kind)
{
	struct vm *vm = a->vm;
	const struct vm_region *r;
	uint32_t prot = vm_region_prot(vm, proc, vaddr, &r), need, created = 0, f;
	char why[EVENT_TEXT_MAX], pg[64];

	if (vm->g.exam) {
		if (LOUD(a->x))
			snprintf(why, sizeof why, "the page-table entry for page 0x%llx %s, so 0x%llx has no translation",
				 (unsigned long long)vpn,
				 pos == PT_NONE ? "is in no table (an upper level is empty)" :
						  "is not valid",
				 (unsigned long long)vaddr);
		else
			why[0] = '\0';
		vm_exam_refuse(a, 0, false, why);
		return PT_NONE;
	}
	need = access_prot_bit(kind);
	if (!(prot & need)) {
		if (LOUD(a->x)) {
			if (r && prot == 0)
				snprintf(why, sizeof why, "0x%llx is in %s, mapped with no access at all",
					 (unsigned long long)vaddr,
					 r->name ? program_name(vm->prog, r->name) : "a guard region");
			else if (r)
				snprintf(why, sizeof why, "0x%llx is in %s, which is not %s",
					 (unsigned long long)vaddr,
					 r->name ? program_name(vm->prog, r->name) : "a region",
					 prot_name(need));
			else if (vaddr < vm->g.page_size)
				snprintf(why, sizeof why, "0x%llx is in page 0, which is never mapped so that NULL pointers fault",
					 (unsigned long long)vaddr);
			else
				snprintf(why, sizeof why, "0x%llx is in ordinary memory, which is not %s",
					 (unsigned long long)vaddr,
					 prot_name(need));
		} else {
			why[0] = '\0';
		}
		vm->last.fault = true;
		vm_segfault(a, EVF_FAULT, why);
		return PT_NONE;
	}
	if (pos == PT_NONE)
		pos = pagetable_leaf(&vm->pt, vm->procs[proc].root, vpn,
				     &created);
	vm->pt.pool[pos].flags |= vm_prot_to_pte(prot);
	if (r && r->object)
		vm->pt.pool[pos].flags |= PTE_SHARED;
	vm->st.page_faults++;
	vm->procs[proc].faults++;
	vm->last.fault = true;
	if (!EMIT(a->x, EV_PAGE_FAULT, EVF_FAULT, TGT_PAGE, proc, (int64_t)vpn,
		  "Page fault: %s is not in memory. The kernel checks the mapping (%s, %s%s%s) and handles it%s.",
		  LOUD(a->x) ? vm_page_str(a, pg, sizeof pg, proc, vpn) : "",
		  r && r->name ? program_name(vm->prog, r->name) :
				 r ? "a mapped region" : "ordinary memory",
		  prot & VM_PROT_R ? "r" : "-", prot & VM_PROT_W ? "w" : "-",
		  prot & VM_PROT_X ? "x" : "-",
		  created ? (created == 1 ? ", first creating the missing page table" :
					    ", first creating the missing page tables") :
			    ""))
		return PT_NONE;
	if (r && r->object) {
		uint64_t page = vpn - (r->start >> vm->g.offset_bits);
		struct vm_objpage *op =
			&vm->objpages[vm->objects[r->object - 1].first + page];
		if (op->frame != FRAME_NONE) {
			struct frame *fr = &vm->fr.f[op->frame];
			struct pte *e = &vm->pt.pool[pos];
			f = op->frame;
			if (fr->mapcount == 0) {
				fr->proc = proc;
				fr->pte = pos;
				fr->vpn = vpn;
			}
			fr->mapcount++;
			e->frame = f;
			e->flags |= PTE_PRESENT | PTE_USED;
			vm->procs[proc].resident++;
			vm->st.minor_faults++;
			vm->last.minor = true;
			vm->last.frame = f;
			frames_reference(&vm->fr, f, next_use(a, proc, vpn));
			if (!EMIT(a->x, EV_MAP_SHARED, 0, TGT_FRAME, f, 0,
				  "Page %llu of %s is already in frame %u, shared: map that frame here too (%u mapping%s now). No disk access: a minor fault.",
				  (unsigned long long)page,
				  program_name(vm->prog,
					       vm->objects[r->object - 1].name),
				  f, fr->mapcount,
				  fr->mapcount == 1 ? "" : "s"))
				return PT_NONE;
			return pos;
		}
	}
	f = vm_get_frame(a);
	if (f == FRAME_NONE)
		return PT_NONE;
	if (!vm_load(a, f, proc, pos, vpn, false))
		return PT_NONE;
	return pos;
}

/* The "split" event of an access: page, offset and table indexes. */
static bool access_split(struct act *a, uint32_t proc, uint64_t vaddr,
			 enum vm_access kind)
{
	struct vm *vm = a->vm;
	uint64_t vpn = vaddr >> vm->g.offset_bits;
	uint64_t off = vaddr & (vm->g.page_size - 1);
	char idx[80];
	uint32_t l;

	idx[0] = '\0';
	if (LOUD(a->x) && vm->pt.levels > 1) {
		size_t o = (size_t)snprintf(idx, sizeof idx, " (table indexes");
		for (l = 0; l < vm->pt.levels && o < sizeof idx; l++)
			o += (size_t)snprintf(idx + o, sizeof idx - o, " %s0x%x",
					      l ? "/ " : "",
					      pagetable_index(&vm->pt, vpn, l));
		if (o < sizeof idx)
			snprintf(idx + o, sizeof idx - o, ")");
	}
	return EMIT(a->x, EV_SPLIT, 0, TGT_PAGE, proc, (int64_t)vpn,
		    "%s 0x%llx in %s: page 0x%llx, offset 0x%llx%s (%u-byte pages: the low %u bits are the offset).",
		    kind == VM_READ ? "Read" : kind == VM_WRITE ? "Write" : "Fetch",
		    (unsigned long long)vaddr, vm_process_name(vm, proc),
		    (unsigned long long)vpn, (unsigned long long)off, idx,
		    (unsigned)vm->g.page_size, vm->g.offset_bits);
}

/* A user access to kernel memory: a segmentation fault. */
static void access_kernel(struct act *a, uint64_t vaddr, enum vm_access kind)
{
	struct vm *vm = a->vm;
	char why[EVENT_TEXT_MAX];

	if (LOUD(a->x) && vm->g.exam)
		snprintf(why, sizeof why, "0x%llx is beyond the %u-bit address space",
			 (unsigned long long)vaddr, vm->g.address_bits);
	else if (LOUD(a->x))
		snprintf(why, sizeof why, "0x%llx is kernel memory (the upper half, from 0x%llx); user code may not %s it",
			 (unsigned long long)vaddr,
			 (unsigned long long)vm->g.kernel_base,
			 access_verbs[kind]);
	else
		why[0] = '\0';
	vm->last.fault = true;
	vm_segfault(a, EVF_FAULT, why);
}

/*
 * The TLB did not have the page (or there is none): walk the table,
 * fault the page in when it is not present, refill the TLB.  On success
 * *pos, *f and *flags are the leaf entry, its frame and flags, and
 * *just_loaded says the page was brought in.  False when the step ends.
 */
static bool access_miss(struct act *a, uint32_t proc, uint64_t vaddr,
			enum vm_access kind, uint32_t *pos, uint32_t *f,
			uint16_t *flags, bool *just_loaded)
{
	struct vm *vm = a->vm;
	uint64_t vpn = vaddr >> vm->g.offset_bits;
	bool stop;

	if (vm->tlb.entries) {
		vm->st.tlb_misses++;
		vm->last.tlb = VM_TLB_MISS;
		if (!EMIT(a->x, EV_TLB_MISS, EVF_TLB_MISS, TGT_TLB,
			  tlb_set_of(&vm->tlb, vpn), 0,
			  "TLB miss: no entry for page 0x%llx%s%s; walk the page table.",
			  (unsigned long long)vpn, asid_text(vm, proc).s,
			  vm->tlb.sets > 1 ? " in its set" : ""))
			return false;
	}
	*pos = walk(a, proc, vpn, &stop);
	if (stop)
		return false;
	if (*pos == PT_NONE || !(vm->pt.pool[*pos].flags & PTE_PRESENT)) {
		*pos = page_fault(a, proc, vaddr, vpn, *pos, kind);
		if (*pos == PT_NONE)
			return false;
		*just_loaded = true;
	}
	*f = vm->pt.pool[*pos].frame;
	*flags = vm->pt.pool[*pos].flags;
	if (!tlb_refill(a, proc, vpn, *f, *flags))
		return false;
	if ((*flags & PTE_W) && (*flags & PTE_COW))
		*flags &= (uint16_t)~PTE_W;
	return true;
}

/*
 * The page's protection refuses the access.  A write to a copy-on-write
 * page copies it: true, with *f the new frame.  Anything else is a
 * segmentation fault: false (also when the step stops).  pos is the leaf
 * entry, or PT_NONE after a TLB hit (no walk was needed until now).
 */
static bool access_refused(struct act *a, uint32_t proc, uint64_t vaddr,
			   enum vm_access kind, uint32_t pos, uint32_t *f)
{
	struct vm *vm = a->vm;
	uint64_t vpn = vaddr >> vm->g.offset_bits;
	const struct vm_region *r;
	char pg[64], why[EVENT_TEXT_MAX], pr[4];
	uint16_t pf;

	if (pos == PT_NONE)
		pos = pagetable_lookup(&vm->pt, vm->procs[proc].root, vpn);
	pf = vm->pt.pool[pos].flags;
	if (kind == VM_WRITE && (pf & PTE_W) && (pf & PTE_COW)) {
		if (!cow_fault(a, pos, vpn))
			return false;
		*f = vm->pt.pool[pos].frame;
		return true;
	}
	vm_region_prot(vm, proc, vaddr, &r);
	if (LOUD(a->x))
		snprintf(why, sizeof why, "%s 0x%llx, but %s is %s (%s)",
			 access_verbs[kind], (unsigned long long)vaddr,
			 vm_page_str(a, pg, sizeof pg, proc, vpn),
			 kind == VM_WRITE ? "read-only" :
			 kind == VM_FETCH ? "not executable" :
					    "not readable",
			 r && r->name ? program_name(vm->prog, r->name) :
					vm_pte_prot_str(pf, pr));
	else
		why[0] = '\0';
	vm->last.fault = true;
	vm_segfault(a, EVF_FAULT, why);
	return false;
}

/* The access is allowed and goes to frame f: reference it, note it. */
static inline void access_done(struct act *a, uint32_t proc, uint64_t vaddr,
			       enum vm_access kind, uint32_t f,
			       bool just_loaded)
{
	struct vm *vm = a->vm;

	if (!just_loaded)
		frames_reference(&vm->fr, f,
				 next_use(a, proc, vaddr >> vm->g.offset_bits));
	/* Reads and writes come in random order: no branch on which. */
	vm->fr.f[f].dirty |= kind == VM_WRITE;
	vm->last.frame = f;
	vm->last.paddr = (uint64_t)f * vm->g.page_size +
			 (vaddr & (vm->g.page_size - 1));
	vm->last.has_paddr = true;
	if (!vm->last.fault) {
		vm->st.hits++;
		vm->last.hit = true;
	}
}

/*
 * The rest of vm_access once the TLB was looked up (i: the entry, or
 * TLB_NONE for a miss or no TLB): the hit's event, or the walk and the
 * fault; protection; the frame.
 */
static NOINLINE void access_translate(struct act *a, uint32_t proc,
				      uint64_t vaddr, enum vm_access kind,
				      uint32_t i)
{
	struct vm *vm = a->vm;
	uint64_t vpn = vaddr >> vm->g.offset_bits;
	uint32_t pos = PT_NONE, f = FRAME_NONE;
	uint16_t flags = 0;
	bool just_loaded = false;

	if (i != TLB_NONE) {
		f = vm->tlb.e[i].frame;
		flags = vm->tlb.e[i].prot;
		vm->st.tlb_hits++;
		vm->last.tlb = VM_TLB_HIT;
		if (!EMIT(a->x, EV_TLB_HIT, 0, TGT_TLB, i, 0,
			  "TLB hit: entry %u maps page 0x%llx%s to frame %u: no page-table walk needed.",
			  i, (unsigned long long)vpn, asid_text(vm, proc).s, f))
			return;
	} else if (!access_miss(a, proc, vaddr, kind, &pos, &f, &flags,
				&just_loaded)) {
		return;
	}
	if (!(flags & vm_access_bit(kind))) {
		if (!access_refused(a, proc, vaddr, kind, pos, &f))
			return;
		just_loaded = true;
	}
	access_done(a, proc, vaddr, kind, f, just_loaded);
	(void)EMIT(a->x, EV_ACCESS, 0, TGT_FRAME, f, 0,
	     "Physical address: frame %u x %llu + 0x%llx = 0x%llx. The %s is done; frame %u has R=1%s.",
	     f, (unsigned long long)vm->g.page_size,
	     (unsigned long long)(vaddr & (vm->g.page_size - 1)),
	     (unsigned long long)vm->last.paddr,
	     kind == VM_READ ? "read" : kind == VM_WRITE ? "write" : "fetch",
	     f, kind == VM_WRITE ? ", M=1 (dirty)" : "");
}

/*
 * The start of every access: its record, its count, its "split" event;
 * a kernel address ends it (false, as when the step stops).
 */
static inline bool access_begin(struct act *a, uint64_t vaddr,
				enum vm_access kind)
{
	struct vm *vm = a->vm;
	uint32_t proc = vm->current;

	start_last(vm, proc, kind, kind == VM_WRITE, vaddr,
		   vaddr >> vm->g.offset_bits);
	vm->st.references++;
	if (a->x && !access_split(a, proc, vaddr, kind))
		return false;
	if (vaddr >= vm->g.kernel_base) {
		access_kernel(a, vaddr, kind);
		return false;
	}
	return true;
}

/*
 * Every memory reference comes here; most are a TLB hit on an allowed
 * access with no events wanted, which is done in place.  The rest (any
 * event, a miss, a fault, a refusal) goes on in access_translate.
 */
void vm_access(struct vm *vm, uint64_t *rng, struct exec_ctx *x, size_t step,
	       uint64_t vaddr, enum vm_access kind)
{
	struct act a = { rng, vm, x, step, false };
	uint32_t proc = vm->current, i = TLB_NONE;
	uint64_t vpn = vaddr >> vm->g.offset_bits;

	if (!access_begin(&a, vaddr, kind))
		return;
	if (vm->tlb.entries) {
		i = tlb_lookup(&vm->tlb, vm->procs[proc].asid, vpn);
		vm->last.tlb_entry = i;
		if (x == NULL && i != TLB_NONE &&
		    (vm->tlb.e[i].prot & vm_access_bit(kind))) {
			vm->st.tlb_hits++;
			vm->last.tlb = VM_TLB_HIT;
			access_done(&a, proc, vaddr, kind, vm->tlb.e[i].frame,
				    false);
			return;
		}
	}
	access_translate(&a, proc, vaddr, kind, i);
}

/* OPT's next use of the page, for vm_access_quiet (at step 0). */
static NOINLINE uint32_t quiet_next_use(struct vm *vm, uint32_t proc,
					uint64_t vpn)
{
	struct act a = { NULL, vm, NULL, 0, false };

	return vm_next_use_opt(&a, proc, vpn);
}

/* vm_access_quiet's way when the TLB gave no allowed hit (i: its entry). */
static NOINLINE void access_quiet_slow(struct vm *vm, uint64_t *rng,
				       uint64_t vaddr, enum vm_access kind,
				       uint32_t i)
{
	struct act a = { rng, vm, NULL, 0, false };

	/* vm_access from here, the TLB already looked up (and stamped) */
	if (!access_begin(&a, vaddr, kind))
		return;
	if (vm->tlb.entries)
		vm->last.tlb_entry = i;
	access_translate(&a, vm->current, vaddr, kind, i);
}

bool vm_access_quiet(struct vm *vm, uint64_t *rng, uint64_t vaddr,
		     enum vm_access kind, uint64_t *paddr, struct vm_memo *memo)
{
	uint32_t proc = vm->current, i = TLB_NONE, f;
	uint64_t vpn = vaddr >> vm->g.offset_bits;

	if (vaddr < vm->g.kernel_base && vm->tlb.entries) {
		i = tlb_lookup(&vm->tlb, vm->procs[proc].asid, vpn);
		if (i != TLB_NONE &&
		    (vm->tlb.e[i].prot & vm_access_bit(kind))) {
			/* access_done's state changes, vm->last left alone */
			f = vm->tlb.e[i].frame;
			vm->st.references++;
			vm->st.tlb_hits++;
			vm->st.hits++;
			*paddr = vm_hit_frame(vm, f,
					      vm->g.policy == REPLACE_OPT ?
						      quiet_next_use(vm, proc, vpn) :
						      0,
					      kind, vaddr);
			if (vm->g.policy != REPLACE_OPT) {
				memo->mru ^= 1;
				memo->page[memo->mru] = (struct vm_memo_page){
					vpn, i, f, vm->tlb.e[i].prot
				};
			}
			return true;
		}
	}
	*memo = (struct vm_memo)VM_MEMO_EMPTY;
	access_quiet_slow(vm, rng, vaddr, kind, i);
	return false;
}
