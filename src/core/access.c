/*
 * access.c: one memory access from end to end, the one owner of the path
 *
 *   heap checks -> translation (vm_translate.c: TLB, walk, fault,
 *   replacement, swap, copy-on-write, protection) -> frame invalidation ->
 *   cache levels (cache.c) -> RAM or disk,
 *
 * adding the cost of each stage, for a single step (access_address,
 * access_step, access_one) and for a step's grouped trace references
 * (access_run_quiet, the fast batch path: exactly the state the single
 * path leaves, as test/check_cache.c's batch_equals_one_at_a_time checks).
 * The models it calls know nothing of each other nor of the machine.
 * access_paging is the one place that decides whether addresses are
 * virtual.
 */
#include "core/access.h"

#include <stdio.h>

#include "core/directive.h"
#include "core/heap.h"
#include "core/latency.h"
#include "core/machine.h"
#include "core/trace.h"
#include "core/util.h"

#if defined(__GNUC__)
#define ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define ALWAYS_INLINE inline
#endif

bool access_paging(const struct program *p)
{
	uint32_t uses = p->config.uses;

	if (!(uses & USES_VM))
		return false;
	/* Beside caches, the swap settings alone (which swap-device also
	 * makes) do not make addresses virtual. */
	return !(uses & USES_CACHE) ||
	       (p->config.vm.set & ~(uint32_t)VMC_SWAP) != 0;
}


/*
 * The part of an access after the VM model translated it (vm->last):
 * stop at a refusal, invalidate a frame with new contents, count the
 * translation's cost, then the caches.
 */
static void access_translated(struct machine *m, struct exec_ctx *x,
			      unsigned size, enum cache_kind kind)
{
	const struct vm_last *vl = &m->vm.last;
	struct cache *c = &m->cache;

	if ((x && x->stopped) || !vl->has_paddr)
		return;
	/* A frame with new contents: its old cached lines are stale. */
	if (vl->fault && (vl->swapped_in || vl->zero_filled || vl->file_read) &&
	    vl->frame != FRAME_NONE &&
	    cache_invalidate_range(c, (uint64_t)vl->frame * m->vm.g.page_size,
				   m->vm.g.page_size, x) == UINT64_MAX)
		return;
	/* The VM's swap latency: swap-device keeps it in step. */
	latency_translation(c, vl->tlb != VM_TLB_NONE,
			    vl->tlb == VM_TLB_MISS ? vl->walk_level : 0,
			    vl->swapped_in || vl->file_read ? 1u : 0u,
			    vl->writeback ? 1u : 0u,
			    m->vm.g.swap_latency_ns);
	cache_access(c, &m->rng, vl->paddr, size, kind, x);
}

/* A live process runs (accesses need one under paging). */
static bool running(const struct vm *vm)
{
	return vm->current != VM_NONE && vm->procs[vm->current].alive;
}

void access_one(struct machine *m, struct exec_ctx *x, uint64_t addr,
		unsigned size, enum cache_kind kind, enum vm_access vkind)
{
	if (!access_paging(m->prog)) {
		cache_access(&m->cache, &m->rng, addr, size, kind, x);
		return;
	}
	if (!running(&m->vm)) {
		if (x)
			exec_scenario_error(x, 0, "no live process is running: start one with `process NAME`");
		return;
	}
	vm_access(&m->vm, &m->rng, x, x ? x->step_index : 0, addr, vkind);
	access_translated(m, x, size, kind);
}

/* run_refs's end of an access the VM's slow path translated. */
static bool finish_translated(struct machine *m, unsigned size,
			      enum cache_kind kind)
{
	access_translated(m, NULL, size, kind);
	return running(&m->vm);
}

void access_step(struct machine *m, struct exec_ctx *x, uint64_t addr,
		 unsigned size, enum cache_kind kind)
{
	static const enum vm_access vk[] = { VM_READ, VM_WRITE, VM_FETCH };

	access_one(m, x, addr, size, kind, vk[kind]);
}

/*
 * run_refs's end of an access the VM's slow path translated: does the rest
 * of the access from vm->last and says whether the process still runs.
 */
typedef bool finish_fn(struct machine *m, unsigned size, enum cache_kind kind);

/*
 * One access of run_refs (false: the process no longer runs).  The
 * batch's last access takes vm_access's whole path, so that vm->last is
 * right after it; the others record nothing on a TLB hit, and count
 * theirs in *tlb_hits (*memo_hits: those vm_memo_hit did, which vm->st
 * has yet to count).
 */
static ALWAYS_INLINE bool run_one(struct machine *m, uint64_t addr,
				  unsigned size, enum cache_kind kind,
				  finish_fn *finish, bool last,
				  struct vm_memo *memo, uint64_t *tlb_hits,
				  uint64_t *memo_hits)
{
	/*
	 * A trace's instruction fetches are checked as reads (see trace).
	 * Reads and writes come in random order: no branch.
	 */
	enum vm_access vk = (enum vm_access)(VM_READ + (kind & 1));

	if (finish) {
		if (last) {
			vm_access(&m->vm, &m->rng, NULL, 0, addr, vk);
			return finish(m, size, kind);
		}
		if (vm_memo_hit(&m->vm, memo, addr, vk, &addr))
			(*memo_hits)++;
		else if (!vm_access_quiet(&m->vm, &m->rng, addr, vk, &addr,
					  memo))
			return finish(m, size, kind);
		(*tlb_hits)++;
	}
	cache_access(&m->cache, &m->rng, addr, size, kind, NULL);
	return true;
}

_Static_assert(VM_WRITE == VM_READ + 1 && CACHE_READ == 0 &&
		       CACHE_WRITE == 1 && CACHE_FETCH == 2,
	       "run_one computes VM_WRITE from CACHE_WRITE's bit");
/* A trace's reads, writes and fetches are passed on as cache kinds. */
_Static_assert((int)TRACE_READ == (int)CACHE_READ &&
		       (int)TRACE_WRITE == (int)CACHE_WRITE &&
		       (int)TRACE_FETCH == (int)CACHE_FETCH,
	       "trace.h's read, write and fetch must equal cache.h's");

static size_t run_refs(struct machine *m, const uint64_t *refs, size_t n,
		       finish_fn *finish)
{
	struct vm_memo memo = VM_MEMO_EMPTY;
	uint64_t tlb_hits = 0, memo_hits = 0;
	size_t k;

	for (k = 0; k < n; k++) {
		uint64_t r = refs[k], addr = TRACE_ADDR(r);
		unsigned size = TRACE_SIZE(r);
		int kind = TRACE_KIND(r);

		if (size == 0) {
			/* Dinero's label 4 or 5: no translation, no access. */
			cache_control(&m->cache, &m->rng, addr, kind, NULL);
			continue;
		}
		/*
		 * A modify on its own, so that the usual kind stays unknown:
		 * a known one would have the compiler branch on it.
		 */
		if (kind == TRACE_MODIFY) {
			if (!run_one(m, addr, size, CACHE_READ, finish, false,
				     &memo, &tlb_hits, &memo_hits) ||
			    !run_one(m, addr, size, CACHE_WRITE, finish,
				     k + 1 == n, &memo, &tlb_hits, &memo_hits))
				break;
			continue;
		}
		if (!run_one(m, addr, size, (enum cache_kind)kind, finish,
			     k + 1 == n, &memo, &tlb_hits, &memo_hits))
			break;
	}
	m->vm.st.references += memo_hits;
	m->vm.st.tlb_hits += memo_hits;
	m->vm.st.hits += memo_hits;
	latency_tlb_hits(&m->cache, tlb_hits);
	return k;
}

/*
 * After the process stopped running at reference k: a dead process makes
 * every access after it a no-op, and the caller reports k (a segfault);
 * with no process at all, every access is a no-op and there is nothing
 * to report.
 */
static size_t stopped_at(const struct vm *vm, size_t k, size_t n)
{
	return vm->current != VM_NONE ? k : n;
}

size_t access_run_quiet(struct machine *m, const uint64_t *refs, size_t n)
{
	size_t k;

	if (!access_paging(m->prog))
		return run_refs(m, refs, n, NULL);
	/* The process's fate changes only on the VM's slow path. */
	if (!running(&m->vm))
		return stopped_at(&m->vm, 0, n);
	k = run_refs(m, refs, n, finish_translated);
	return k < n ? stopped_at(&m->vm, k, n) : n;
}

/*
 * The end of an access without paging: memory itself, named by the heap
 * block the address falls in when there is one.
 */
static void physical_access(struct machine *m, struct exec_ctx *x,
			    uint64_t addr, enum vm_access kind)
{
	const char *verb = kind == VM_WRITE ? "Write" :
			   kind == VM_FETCH ? "Fetch" : "Read";
	const struct heap_block *b = NULL;
	uint32_t blk;

	if (m->prog->config.uses & USES_HEAP &&
	    (blk = heap_block_at(&m->heap, addr)) != HEAP_NIL)
		b = heap_block(&m->heap, blk);
	if (b == NULL) {
		exec_emit(x, EV_ACCESS, 0, TGT_NONE, 0, 0,
			  "%s 0x%llx (no paging is configured, so the address is physical).",
			  verb, (unsigned long long)addr);
	} else if (b->state == HEAP_BLOCK_USED && b->owner != SYM_NONE &&
		   addr >= b->addr + m->heap.cfg.header_bytes &&
		   addr < b->addr + m->heap.cfg.header_bytes + b->req) {
		exec_emit(x, EV_ACCESS, 0, TGT_HEAP_BLOCK, (int64_t)b->addr, 0,
			  "%s 0x%llx: byte %llu of %s's %llu bytes (no paging is configured, so the address is physical).",
			  verb, (unsigned long long)addr,
			  (unsigned long long)(addr - b->addr -
					       m->heap.cfg.header_bytes),
			  program_name(x->prog, b->owner),
			  (unsigned long long)b->req);
	} else {
		exec_emit(x, EV_ACCESS, 0, TGT_HEAP_BLOCK, (int64_t)b->addr, 0,
			  "%s 0x%llx, in the heap block at 0x%llx (no paging is configured, so the address is physical).",
			  verb, (unsigned long long)addr,
			  (unsigned long long)b->addr);
	}
}

void access_address(struct machine *m, struct exec_ctx *x, uint64_t addr,
		    uint32_t via, enum vm_access kind)
{
	if (m->prog->config.uses & USES_HEAP) {
		heap_check_access(&m->heap, via, addr, 1, kind == VM_WRITE, x);
		if (x->stopped || x->halt)
			return;
	}
	if (m->prog->config.uses & USES_CACHE) {
		cache_step_begin(&m->cache);
		access_step(m, x, addr, 1,
			    kind == VM_WRITE ? CACHE_WRITE :
			    kind == VM_FETCH ? CACHE_FETCH : CACHE_READ);
		return;
	}
	if (access_paging(m->prog))
		vm_access(&m->vm, &m->rng, x, x->step_index, addr, kind);
	else
		physical_access(m, x, addr, kind);
}

void access_json_step(const struct machine *m, struct json *j)
{
	if (access_paging(m->prog))
		vm_json_last(&m->vm, j);
	cache_json_last(&m->cache, j);
}
