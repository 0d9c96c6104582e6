/*
 * vm.h: virtual memory.  Address spaces (processes) with their own page
 * tables, a TLB, physical frames with a replacement policy, and swap.
 *
 * Two ways in, both one step per access:
 *  - page references (`refs 7 0 1 2w`): the textbook exercise.  The page
 *    number is looked up in the current process's page table directly: no
 *    address split, no TLB, no protection; a fault loads the page,
 *    evicting a victim when no frame is free.
 *  - addresses (`read`, `write`, `fetch`): the whole path.  Split into page
 *    and offset, TLB lookup, the page-table walk level by level, the page
 *    fault (a segmentation fault when the region forbids the access), the
 *    victim and why, the dirty victim written to swap, the page read from
 *    swap or zero-filled, the TLB refill, copy-on-write, the physical
 *    address.
 *
 * Every change is followed by exactly one event (exec_emit) narrating it,
 * so stepping by event shows each micro-step; with a NULL exec context no
 * events are made at all (benchmarks, vm_compare's fast path).
 *
 * Address space layout: the lower half of the virtual address space is
 * user memory, the upper half (from 2^(bits-1)) kernel memory, which user
 * accesses may not touch.  A process starts with its user half, except
 * page 0, mapped read-write (not executable) and demand-zero: a page gets
 * a frame only when first touched.  `map` and `share` add regions on top
 * (newest first) with their own protection; `prot=---` makes a hole.
 *
 * Exam style (g.exam: the scenario gives `pte` entries, preset.c): the
 * page table is given up front and is the whole truth.  There is no
 * kernel half (kernel_base is 2^bits) and no demand paging: an access to
 * a page with no valid entry, or one its entry refuses, is an "invalid"
 * error event (last.invalid, no physical address), and the process
 * lives on, so the run goes on with the next line.
 *
 * A segmentation fault kills the process: its frames and swap slots are
 * freed.  When no live process remains the run stops (EVF_HALT);
 * otherwise it continues, and touching the dead process is an error.
 */
#ifndef MEMVIZ_CORE_VM_H
#define MEMVIZ_CORE_VM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/frames.h"
#include "core/pagetable.h"
#include "core/program.h"
#include "core/swap.h"
#include "core/tlb.h"

struct exec_ctx;
struct json;

#define VM_NONE UINT32_MAX

/* vm_config.set bits: which configuration was given explicitly. */
enum {
	VMC_PAGE_SIZE = 1u << 0,
	VMC_FRAMES = 1u << 1,
	VMC_MEMORY = 1u << 2,
	VMC_BITS = 1u << 3,
	VMC_LEVELS = 1u << 4,
	VMC_SPLIT = 1u << 5,
	VMC_TLB = 1u << 6,
	VMC_SWAP = 1u << 7,
	VMC_REPLACE = 1u << 8,
	VMC_PROCESS = 1u << 9, /* parse state: a `process` was seen */
};

/* Defaults and limits. */
#define VM_DEFAULT_PAGE_SIZE 4096u
#define VM_DEFAULT_FRAMES 16u
#define VM_DEFAULT_BITS 32u
#define VM_DEFAULT_TLB_ENTRIES 16u
#define VM_DEFAULT_SWAP_SLOTS 4096u
#define VM_DEFAULT_SWAP_NS 100000u
#define VM_MAX_FRAMES (1u << 20)
#define VM_MAX_TLB 4096u
#define VM_MAX_PROCESSES 4096u

/* The configuration with defaults applied and derived sizes. */
struct vm_geometry {
	uint64_t page_size;
	uint32_t offset_bits;
	uint32_t address_bits;
	uint32_t vpn_bits;
	uint32_t levels;
	uint32_t split[PT_MAX_LEVELS]; /* index bits per level, top first */
	uint64_t frames;
	uint64_t kernel_base;          /* 2^(address_bits - 1) */
	uint32_t tlb_entries, tlb_ways;
	int tlb_policy;
	bool tlb_asid;
	uint64_t swap_slots;
	uint64_t swap_latency_ns;
	int policy;                    /* enum replace_policy */
	bool exam;                     /* exam-style translation (`pte`) */
};

/*
 * Apply defaults and check consistency.  Returns false with a message in
 * why (a sentence without position) when the combination is impossible.
 */
bool vm_geometry_resolve(const struct vm_config *c, struct vm_geometry *g,
			 char *why, size_t whysz);

enum vm_access {
	VM_REF,   /* a page reference (refs) */
	VM_READ,
	VM_WRITE,
	VM_FETCH, /* an instruction fetch: needs execute permission */
};

enum vm_tlb_result {
	VM_TLB_NONE, /* not consulted (refs, or no TLB) */
	VM_TLB_HIT,
	VM_TLB_MISS,
};

/* Region protection bits (as in `prot=rwx`). */
enum {
	VM_PROT_R = 1u << 0,
	VM_PROT_W = 1u << 1,
	VM_PROT_X = 1u << 2,
};

struct vm_process {
	uint32_t name;     /* symbol; SYM_NONE for the implicit "p0" */
	uint32_t root;     /* its top-level page table (pagetable.tables) */
	uint32_t parent;   /* forked from, or VM_NONE */
	uint16_t asid;     /* address space id: index + 1 */
	bool alive;        /* false once killed by a segmentation fault */
	uint64_t resident; /* pages in frames */
	uint64_t faults;
};

/* A mapping: [start, end) of one process with its protection. */
struct vm_region {
	uint32_t proc;
	uint32_t name;     /* symbol, or SYM_NONE */
	uint32_t object;   /* shared object + 1, or 0 (private memory) */
	uint32_t prot;     /* VM_PROT_* */
	uint32_t file;     /* map file=: the file's symbol + 1, or 0 (anonymous:
			      zero-filled on first touch) */
	uint64_t start, end;
};

/* A shared object (`share NAME`): pages several processes map. */
struct vm_object {
	uint32_t name;
	uint64_t npages;
	uint32_t first;    /* its pages in vm.objpages */
};

struct vm_objpage {
	uint32_t frame;    /* resident in, or FRAME_NONE */
	uint32_t swap;     /* swap slot + 1, 0: never written out */
};

/*
 * The access the last VM step made, for views and per-step JSON.  (Wide
 * fields first, flags last: every access rewrites the whole struct, and
 * without holes that is a few wide stores.)
 */
struct vm_last {
	uint64_t vaddr, vpn, paddr;
	uint64_t evicted_vpn;
	uint64_t disk_ns;    /* disk time the access cost */
	int kind;            /* enum vm_access */
	uint32_t proc;
	int tlb;             /* enum vm_tlb_result */
	uint32_t tlb_entry;  /* entry hit or filled, or TLB_NONE */
	uint32_t walk_level; /* levels walked so far */
	uint32_t frame;      /* frame accessed, or FRAME_NONE */
	uint32_t evicted_proc;
	uint32_t victim_frame;
	uint32_t swap_slot;  /* slot read or written, or SWAP_NONE */
	bool valid;
	bool write;          /* a write (refs: a `w` reference) */
	bool has_paddr;
	bool hit;            /* no fault of any kind */
	bool fault;          /* page fault (incl. copy-on-write) */
	bool segfault;
	bool evicted;
	bool writeback;
	bool swapped_in, zero_filled, cow, minor;
	bool invalid;        /* exam style: refused, the run goes on */
	bool protection;     /* ... by the entry's protection (else: no valid entry) */
	bool file_read;      /* a file-backed page was read from its file */
};

struct vm_stats {
	uint64_t references; /* page references and accesses */
	uint64_t page_faults;
	uint64_t hits;
	uint64_t evictions;
	uint64_t writebacks; /* dirty pages written to swap */
	uint64_t tlb_hits, tlb_misses, tlb_flushes;
	uint64_t swap_ins, zero_fills, minor_faults, cow_copies;
	uint64_t file_reads; /* pages read from a mapped file or library */
	uint64_t segfaults;
	uint64_t disk_ns;
};

struct vm_future;

struct vm {
	struct vm_geometry g;
	const struct program *prog;
	struct pagetable pt;
	struct tlb tlb;
	struct frames fr;
	struct swap sw;
	struct vm_process *procs;
	size_t nprocs, procs_cap;
	struct vm_region *regions;
	size_t nregions, regions_cap;
	struct vm_object *objects;
	size_t nobjects, objects_cap;
	struct vm_objpage *objpages;
	size_t nobjpages, objpages_cap;
	uint32_t current;    /* running process, VM_NONE before the first */
	struct vm_stats st;
	struct vm_last last;
	/* OPT's knowledge of the future: derived from the program, built on
	 * first use, shared by copies; not part of the state. */
	struct vm_future *future;
};

/*
 * Set up the machine's memory from `cfg` (invalid values fall back to the
 * defaults: the parser has already reported them).  `prog` names
 * processes and provides OPT's future; it must outlive the vm.  With
 * cfg->implicit_process the process "p0" exists and runs from the start.
 */
void vm_init(struct vm *vm, const struct vm_config *cfg,
	     const struct program *prog);
void vm_free(struct vm *vm);
/* Make dst (initialised) an independent copy of src. */
void vm_copy(struct vm *dst, const struct vm *src);
bool vm_equal(const struct vm *a, const struct vm *b);
size_t vm_bytes(const struct vm *vm);

/* The name of a process ("p0" for the implicit one). */
const char *vm_process_name(const struct vm *vm, uint32_t proc);
/* The process named `sym`, or VM_NONE. */
uint32_t vm_process_find(const struct vm *vm, uint32_t sym);
/* The region of `proc` holding vaddr (NULL: the default user region). */
const struct vm_region *vm_region_find(const struct vm *vm, uint32_t proc,
				       uint64_t vaddr);

/*
 * OPT's future: per program step, the next step referencing the same page.
 * Built from `keys` (n entries: (proc << 44 | vpn) + 1, or 0 for a step
 * that references no page known in advance).  Benchmarks and tests can
 * install one with vm_set_future; otherwise it is built from the program.
 */
struct vm_future *vm_future_create(const uint64_t *keys, size_t n);
void vm_future_release(struct vm_future *f);
/* Another reference to f (NULL: none); returns f. */
struct vm_future *vm_future_ref(struct vm_future *f);
/* Install f (a reference is taken; the old one is released). */
void vm_set_future(struct vm *vm, struct vm_future *f);
/*
 * The future of program p: its `refs` steps and accesses to numeric
 * addresses, with processes followed through process/switch/fork.
 */
struct vm_future *vm_future_from_program(const struct program *p,
					 const struct vm_geometry *g);

/*
 * The steps.  Each takes the VM, the state of the generator the random
 * policies draw from (rng_next in util.h; the machine's, never NULL for
 * vm_ref and the accesses), the exec context to emit events through (NULL:
 * none) and the program step index (OPT's notion of "now").  Errors in the scenario's logic (an unknown
 * process) are the directive's to check before calling.
 */
/* Reference page `vpn` of the current process (refs). */
void vm_ref(struct vm *vm, uint64_t *rng, struct exec_ctx *x, size_t step,
	    uint64_t vpn, bool write);
/* Access a virtual address of the current process. */
void vm_access(struct vm *vm, uint64_t *rng, struct exec_ctx *x, size_t step,
	       uint64_t vaddr, enum vm_access kind);
/*
 * A batch's note of its last two allowed TLB hits' pages (cache_run_refs),
 * so that the next reference to one of them skips the TLB's lookup (most
 * do: a program walks an array while it uses its stack).  vm_access_quiet
 * notes each such hit, never under OPT (whose every reference looks
 * ahead), and forgets both when it takes the slow way, which may change a
 * TLB entry, the page table or a frame.  Only for one batch: anything
 * else the machine does between two of them may too.  Derived state.
 */
struct vm_memo {
	struct vm_memo_page {
		uint64_t vpn;     /* UINT64_MAX: none */
		uint32_t entry;   /* the page's TLB entry */
		uint32_t frame;
		uint8_t prot;     /* the entry's permissions (tlb.h) */
	} page[2];
	unsigned mru;             /* the page last used; the other goes next */
};

/* A memo that knows no page. */
#define VM_MEMO_EMPTY                                                        \
	{ { { UINT64_MAX, 0, 0, 0 }, { UINT64_MAX, 0, 0, 0 } }, 0 }

/*
 * vm_access with no exec context at step 0, for one reference of a batch
 * (cache_run_quiet): the same state changes, except that an allowed TLB
 * hit does not rewrite vm->last (only the batch's last reference needs
 * it, and that one goes through vm_access).  Returns true for such a
 * hit, with the physical address in *paddr, and notes it in *memo; false
 * when the access took the whole way (vm->last says what happened, as
 * after vm_access), with *memo cleared.
 */
bool vm_access_quiet(struct vm *vm, uint64_t *rng, uint64_t vaddr,
		     enum vm_access kind, uint64_t *paddr, struct vm_memo *memo);

/*
 * The page-table entry bit that allows an access of `kind` (a reference
 * or a read: PTE_R), looked up in a word rather than branched on:
 * accesses of each kind come in random order.
 */
static inline uint8_t vm_access_bit(enum vm_access kind)
{
	return (uint8_t)(((uint32_t)PTE_R << 8 * VM_REF |
			  (uint32_t)PTE_R << 8 * VM_READ |
			  (uint32_t)PTE_W << 8 * VM_WRITE |
			  (uint32_t)PTE_X << 8 * VM_FETCH) >>
			 (8 * (unsigned)kind));
}

/*
 * The end of an allowed TLB hit with no events (vm_access_quiet,
 * vm_memo_hit): frame f is referenced (next_use: OPT's, else 0) and
 * dirtied by a write; returns the physical address of `vaddr`.
 */
static inline uint64_t vm_hit_frame(struct vm *vm, uint32_t f,
				    uint32_t next_use, enum vm_access kind,
				    uint64_t vaddr)
{
	frames_reference(&vm->fr, f, next_use);
	vm->fr.f[f].dirty |= kind == VM_WRITE;
	return (uint64_t)f * vm->g.page_size + (vaddr & (vm->g.page_size - 1));
}

/*
 * vm_access_quiet's allowed TLB hit again, without the lookup, when
 * `vaddr` is on a page the memo holds: the same state changes but for
 * vm->st's three counters, which the caller adds for all such hits at
 * once (the batch's TLB hits).  False: call vm_access_quiet.
 */
static inline bool vm_memo_hit(struct vm *vm, struct vm_memo *memo,
			       uint64_t vaddr, enum vm_access kind,
			       uint64_t *paddr)
{
	uint64_t vpn = vaddr >> vm->g.offset_bits;
	/* Which page is random (stack, array, ...): pick it without a branch. */
	unsigned k = memo->page[1].vpn == vpn;
	const struct vm_memo_page *p = &memo->page[k];

	if (p->vpn != vpn || !(p->prot & vm_access_bit(kind)))
		return false;
	memo->mru = k;
	if (tlb_policies[vm->tlb.policy].stamp_on_use)
		vm->tlb.e[p->entry].stamp = ++vm->tlb.clock;
	*paddr = vm_hit_frame(vm, p->frame, 0, kind, vaddr);
	return true;
}

/* Create process `name` (a new, empty address space) and switch to it. */
void vm_process_create(struct vm *vm, struct exec_ctx *x, uint32_t name);
/* Context switch to process p. */
void vm_switch(struct vm *vm, struct exec_ctx *x, uint32_t p);
/* Fork the current process into a new child `name` (copy-on-write). */
void vm_fork(struct vm *vm, struct exec_ctx *x, uint32_t name);
/*
 * Map [start, start + size) in the current process (page aligned).  With
 * file (a symbol; SYM_NONE for anonymous memory) the pages are the file's:
 * a first touch reads the page from the file (a major fault), not a zero
 * fill, and a clean page evicted is read from the file again.
 */
void vm_map(struct vm *vm, struct exec_ctx *x, uint64_t start, uint64_t size,
	    uint32_t prot, uint32_t name, uint32_t file);
/*
 * Map shared object `name` (created on first use with `size` bytes) at
 * start in the current process.  Returns false (no change) when the
 * object exists with another size.
 */
bool vm_share(struct vm *vm, struct exec_ctx *x, uint32_t name,
	      uint64_t start, uint64_t size, uint32_t prot);

/* Headless output: the VM state as a JSON object value; summary fields. */
void vm_json(const struct vm *vm, struct json *j);
void vm_json_summary(const struct vm *vm, struct json *j);
/* The per-step fields of the last access ("page", "hit", ...). */
void vm_json_last(const struct vm *vm, struct json *j);

/*
 * Compare mode: rerun program `p` under each of `npol` policies (names as
 * in `replace`) and each of `nframes` frame counts (nframes 0: the
 * program's own), quietly, and fill out[pol * max(nframes, 1) + fi].
 * Every step of the program runs (stack steps too, for named addresses);
 * a run that crashes stops there (crashed = true).  Returns 0, or -1 when
 * a policy name is unknown or a frame count is out of range (1..2^20);
 * nothing is filled then.
 */
struct vm_compare_result {
	int policy;          /* enum replace_policy */
	uint64_t frames;
	uint64_t references, page_faults, hits, evictions, writebacks;
	double hit_ratio;    /* hits / references (0 when none) */
	bool crashed;
};

int vm_compare(const struct program *p, const char *const *policies,
	       size_t npol, const uint64_t *frames, size_t nframes,
	       struct vm_compare_result *out);

#endif
