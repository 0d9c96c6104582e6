/*
 * steprec.c: a step's typed record (steprec.h), built from the machine as
 * the step left it and from the kinds and targets of the step's events.
 * It reads the whole machine, so it sits beside the engine, above the
 * models; it never changes anything.
 */
#include "core/steprec.h"

#include <string.h>

#include "core/access.h"
#include "core/directive.h"
#include "core/machine.h"

/* Did the step's events show the access path at work? */
static bool access_ran(const struct event *ev, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		switch (ev[i].kind) {
		case EV_HIT:
		case EV_SPLIT:
		case EV_TLB_HIT:
		case EV_TLB_MISS:
		case EV_WALK:
		case EV_PAGE_FAULT:
		case EV_COW_FAULT:
		case EV_SEGFAULT:
		case EV_CACHE_HIT:
		case EV_CACHE_MISS:
		case EV_MEMORY:
		case EV_ACCESS:
		case EV_TRACE:
			return true;
		default:
			break;
		}
	}
	return false;
}

static enum steprec_fault fault_of(const struct vm_last *l)
{
	if (l->segfault)
		return STEPREC_FAULT_SEGFAULT;
	if (!l->fault)
		return STEPREC_FAULT_NONE;
	if (l->cow)
		return STEPREC_FAULT_COW;
	if (l->minor)
		return STEPREC_FAULT_MINOR;
	if (l->swapped_in)
		return STEPREC_FAULT_SWAP_IN;
	return STEPREC_FAULT_ZERO_FILL;
}

/* The VM's part: translation, fault, replacement. */
static void access_vm(const struct vm *vm, struct steprec_access *a)
{
	const struct vm_last *l = &vm->last;

	a->translated = true;
	a->kind = l->kind;
	a->write = l->write;
	a->hit = l->hit;
	a->cow = l->cow;
	a->proc = l->proc;
	a->vaddr = l->kind == VM_REF ? l->vpn * vm->g.page_size : l->vaddr;
	a->vpn = l->vpn;
	a->offset = l->kind == VM_REF ? 0 : l->vaddr & (vm->g.page_size - 1);
	a->tlb = l->tlb;
	a->tlb_entry = l->tlb_entry;
	a->walk_levels = l->walk_level;
	a->fault = fault_of(l);
	a->invalid = l->invalid;
	a->protection = l->protection;
	a->evicted = l->evicted;
	a->victim_frame = l->evicted ? l->victim_frame : FRAME_NONE;
	a->victim_proc = l->evicted_proc;
	a->victim_vpn = l->evicted_vpn;
	a->victim_policy = vm->g.policy;
	a->writeback = l->writeback;
	a->swap_slot = l->swap_slot;
	a->has_paddr = l->has_paddr;
	a->paddr = l->paddr;
	a->frame = l->frame;
}

/* The caches' part: each level touched, the cost of each stage. */
static void access_caches(const struct cache *c, struct steprec_access *a)
{
	const struct cache_last *cl = &c->last;
	uint32_t i;

	a->refs = cl->refs;
	a->nlevels = cl->ntouch;
	for (i = 0; i < cl->ntouch; i++) {
		const struct cache_touch *t = &cl->touch[i];
		const struct cache_level *lv = &c->level[t->level];
		struct steprec_level *r = &a->level[i];

		r->level = t->level;
		r->hit = t->hit;
		r->miss_class = t->miss_kind;
		r->filled = t->filled;
		r->evicted = t->evicted;
		r->writeback = t->writeback;
		r->set = t->set;
		r->way = t->way;
		r->tag = t->way == CACHE_NONE ?
				 cache_tag_of(lv, cl->addr) :
				 lv->w[(size_t)t->set * lv->ways + t->way].tag;
		r->evicted_tag = t->evicted_tag;
	}
	a->cost.tlb_ns = cl->tlb_ns;
	a->cost.walk_ns = cl->walk_ns;
	a->cost.disk_ns = cl->disk_ns;
	a->cost.hierarchy_ns = cl->cost_ns - cl->pre_ns;
	a->cost.total_ns = cl->cost_ns;
}

/* The address a physical read/write/fetch named (as its JSON says). */
static uint64_t physical_addr(const struct machine *m, const struct step *s)
{
	uint64_t addr = (uint64_t)s->a, base;
	const struct stack_slot *slot;

	if (s->sym == SYM_NONE)
		return addr;
	slot = stack_find_any(&m->stack, s->sym);
	if (slot)
		return addr + slot->addr;
	if (machine_resolve(m, s->sym, &base))
		return addr + base;
	return addr;
}

static void build_access(const struct machine *m, const struct program *p,
			 const struct step *s, unsigned declared,
			 struct steprec_access *a)
{
	a->victim_frame = FRAME_NONE;
	a->swap_slot = SWAP_NONE;
	a->frame = FRAME_NONE;
	a->tlb_entry = TLB_NONE;
	a->refs = 1;
	if (((declared & DA_REF) || access_paging(p)) && m->vm.last.valid)
		access_vm(&m->vm, a);
	if (p->config.uses & USES_CACHE) {
		access_caches(&m->cache, a);
		if (!a->translated) {
			a->kind = m->cache.last.kind == CACHE_WRITE ? VM_WRITE :
				  m->cache.last.kind == CACHE_FETCH ? VM_FETCH :
								      VM_READ;
			a->write = a->kind == VM_WRITE;
			a->vaddr = a->paddr = m->cache.last.addr;
			a->has_paddr = true;
		}
	} else if (!a->translated) {
		a->kind = declared & DA_WRITE ? VM_WRITE :
			  declared & DA_FETCH ? VM_FETCH : VM_READ;
		a->write = a->kind == VM_WRITE;
		a->vaddr = a->paddr = physical_addr(m, s);
		a->has_paddr = true;
	}
}

static void build_heap(const struct heap *h, const struct event *ev,
		       size_t n, struct steprec_heap *r)
{
	size_t i;
	bool request = false;

	for (i = 0; i < n; i++) {
		if (ev[i].target != TGT_HEAP_BLOCK)
			continue;
		switch (ev[i].kind) {
		case EV_REQUEST:
			request = true;
			break;
		case EV_SEARCH:
			r->searched++;
			break;
		case EV_SPLIT:
			r->splits++;
			break;
		case EV_COALESCE:
		case EV_MERGE:
			r->merges++;
			break;
		case EV_ALLOC:
		case EV_TAKE:
		case EV_FREE:
		case EV_SLAB_ALLOC:
		case EV_SLAB_FREE:
			r->block = (uint64_t)ev[i].id;
			break;
		default:
			break;
		}
		if ((ev[i].flags & EVF_ERROR) && r->error == NULL)
			r->error = event_kind_name(ev[i].kind);
	}
	if (request) {
		r->has_addr = h->last.has_addr;
		r->failed = h->last.null;
		r->addr = h->last.addr;
		r->size = h->last.size;
	}
}

static void build_gc(const struct gc *g, size_t k, struct steprec_gc *r)
{
	bool mine = g->result_step == k;

	r->phase = g->phase;
	r->phase_name = mine && g->step_phase ? g->step_phase :
						gc_phase_names[g->phase];
	if (mine) {
		r->marked = g->marked.n;
		r->freed = g->freed.n;
		r->moved = g->moved.n;
	}
}

static void build_stack(const struct event *ev, size_t n,
			struct steprec_stack *r)
{
	size_t i;

	r->frame = -1;
	for (i = 0; i < n; i++) {
		switch (ev[i].kind) {
		case EV_PUSH_ARG:
		case EV_PUSH_RETURN:
		case EV_LOCAL:
			r->slots++;
			break;
		case EV_PUSH_FRAME:
			r->pushed = true;
			r->frame = ev[i].id;
			r->slots++; /* the saved frame pointer */
			break;
		case EV_POP_FRAME:
			r->popped = true;
			r->frame = ev[i].id;
			break;
		case EV_STACK_OVERFLOW:
			r->overflow = true;
			r->frame = ev[i].id;
			break;
		default:
			break;
		}
	}
}

void steprec_build(const struct machine *m, const struct program *p,
		   size_t k, const struct event *ev, size_t n,
		   struct step_record *out)
{
	const struct step *s;
	unsigned declared;
	size_t i;
	bool heap = false, gc = false, stack = false;

	memset(out, 0, sizeof *out);
	out->stack.frame = -1;
	if (k < 1 || k > p->nsteps)
		return;
	s = &p->steps[k - 1];
	out->step = k;
	out->line = s->line;
	declared = p->step_access ?
			   p->step_access[k - 1] & ((1u << DA_SPACE_SHIFT) - 1) :
			   0;
	if (declared && access_ran(ev, n)) {
		out->has |= STEPREC_ACCESS;
		build_access(m, p, s, declared, &out->access);
	}
	for (i = 0; i < n; i++) {
		heap |= ev[i].target == TGT_HEAP_BLOCK &&
			ev[i].kind != EV_ACCESS;
		gc |= (ev[i].flags & EVF_GC) || ev[i].target == TGT_GC_OBJECT;
		stack |= ev[i].target == TGT_STACK_FRAME ||
			 ev[i].target == TGT_STACK_SLOT;
	}
	if (heap) {
		out->has |= STEPREC_HEAP;
		build_heap(&m->heap, ev, n, &out->heap);
	}
	if (gc) {
		out->has |= STEPREC_GC;
		build_gc(&m->gc, k, &out->gc);
	}
	if (stack) {
		out->has |= STEPREC_STACK;
		build_stack(ev, n, &out->stack);
	}
}
