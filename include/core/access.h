/*
 * access.h: one memory access from end to end.  The access module owns the
 * path a read, write or fetch takes:
 *
 *   heap checks -> translation (TLB, walk, fault, replacement, swap,
 *   copy-on-write, protection) -> frame invalidation -> L1..L3 -> RAM/disk
 *
 * with the cost of each stage, for single steps and for a step's grouped
 * trace references alike.  The directives (read/write/fetch in
 * vm_directives.c, walk/trace in cache_directive.c) resolve names and call
 * here; the models (vm, cache, heap) know nothing of each other.
 */
#ifndef MEMVIZ_CORE_ACCESS_H
#define MEMVIZ_CORE_ACCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/cache.h"
#include "core/program.h"
#include "core/vm.h"

struct machine;
struct exec_ctx;

/*
 * Whether the accesses of program p are virtual (translated by the VM
 * model): the scenario uses the VM and, when caches are in the path,
 * configures more of it than swap (which `swap-device` implies).  The one
 * place that decides it.
 */
bool access_paging(const struct program *p);

/*
 * A read/write/fetch step's access of one byte at `addr` (`via`: the heap
 * name the address was reached through, or SYM_NONE): the heap's checks
 * first (a use after free or an overflow is narrated, and may stop the
 * step), then the caches (translating first under paging), else the
 * translation alone, else physical memory.  Events go through x (not
 * NULL).
 */
void access_address(struct machine *m, struct exec_ctx *x, uint64_t addr,
		    uint32_t via, enum vm_access kind);

/*
 * One access of `size` bytes (>= 1) made by a step (read, write, fetch,
 * walk, trace) with the caches configured: under paging (access_paging)
 * `addr` is virtual and the VM translates it first (TLB, walk, fault: its
 * events, its cost recorded with latency_translation), a segmentation
 * fault ending the access there; a frame with new contents has its cached
 * lines invalidated; then cache_access.  Without paging `addr` is
 * physical.  `vkind` is how the VM checks it (a trace's instruction
 * fetches are checked as reads: the default region is not executable);
 * access_step checks it as `kind`.  The caller calls cache_step_begin once
 * per step first.  x may be NULL (no events).
 */
void access_one(struct machine *m, struct exec_ctx *x, uint64_t addr,
		unsigned size, enum cache_kind kind, enum vm_access vkind);
void access_step(struct machine *m, struct exec_ctx *x, uint64_t addr,
		 unsigned size, enum cache_kind kind);

/*
 * A step's n trace references (packed by TRACE_PACK, trace.h; a modify is
 * a read, then a write), with no exec context: exactly the state
 * access_step(m, NULL, ...) leaves for each, c->last and the VM's last
 * access included, in less time: an allowed TLB hit does not record the
 * VM's access (vm_access_quiet) and its cost is counted once for all.
 * The caller calls cache_step_begin first.  Returns n, or, when an access
 * killed the current process (a segmentation fault), the index of its
 * reference: the rest are not run.
 */
size_t access_run_quiet(struct machine *m, const uint64_t *refs, size_t n);

/*
 * The per-step JSON fields of a memory step (read, write, walk, trace)
 * with caches: the VM's last access (under paging), then cache_json_last.
 */
struct json;
void access_json_step(const struct machine *m, struct json *j);

#endif
