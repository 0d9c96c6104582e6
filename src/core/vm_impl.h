/*
 * vm_impl.h: what the files of the VM model share (vm.c, vm_translate.c,
 * vm_replace.c, vm_process.c, vm_future.c): the step in progress and the
 * helpers they call across files.  Private to src/core/vm*.c.
 */
#ifndef MEMVIZ_CORE_VM_IMPL_H
#define MEMVIZ_CORE_VM_IMPL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/directive.h"
#include "core/vm.h"

/* Emit through x unless it is NULL (then nothing is made, and go on). */
#define EMIT(x, ...) ((x) == NULL || exec_emit((x), __VA_ARGS__))
#define LOUD(x) ((x) != NULL && !(x)->quiet)

/* Keeps the rarer paths of an access out of the common one's registers. */
#if defined(__GNUC__)
#define NOINLINE __attribute__((noinline))
#else
#define NOINLINE
#endif

/*
 * " (ASID n)" for the narration when TLB entries carry address-space ids
 * (tlb ... switch=asid); "" when they do not, so the text never names an
 * id the hardware does not have.
 */
struct asid_buf {
	char s[24];
};

static inline struct asid_buf asid_text(const struct vm *vm, uint32_t proc)
{
	struct asid_buf b;

	b.s[0] = '\0';
	if (vm->g.tlb_asid)
		snprintf(b.s, sizeof b.s, " (ASID %u)", vm->procs[proc].asid);
	return b;
}

/* One step in progress. */
struct act {
	uint64_t *rng; /* the generator random policies draw from (or NULL) */
	struct vm *vm;
	struct exec_ctx *x;
	size_t step;
	bool refs; /* page-reference mode: decimal page numbers */
};

/* Add process `name` with an empty top-level table; returns its id. */
uint32_t vm_process_add(struct vm *vm, uint32_t name);

/* Protection at vaddr of proc: its region's, or the default user memory. */
uint32_t vm_region_prot(const struct vm *vm, uint32_t proc,
			uint64_t vaddr, const struct vm_region **rp);

/* VM_PROT_* bits as PTE permission flags. */
uint16_t vm_prot_to_pte(uint32_t prot);

/* "rw-" for PTE flags; W shows as "c" while copy-on-write. */
const char *vm_pte_prot_str(uint16_t flags, char *buf);

/* The address space and page of a leaf entry's pool position. */
void vm_slot_page(const struct vm *vm, uint32_t pos, uint32_t *proc,
		  uint64_t *vpn);

/* A page's name for narration: decimal in refs mode, else hex. */
const char *vm_page_str(const struct act *a, char *buf, size_t n,
			uint32_t proc, uint64_t vpn);

/* The page a frame holds, for narration. */
const char *vm_frame_page_str(const struct act *a, char *buf, size_t n,
			      uint32_t f);

/* " Frames: [7 0 1]." for small memories (refs mode narration). */
const char *vm_frames_str(const struct act *a, char *buf, size_t n);

/* A byte count for narration ("4K"), in buf. */
const char *vm_size_str(char *buf, size_t n, uint64_t bytes);

/* A latency for narration ("100 us"), in buf. */
const char *vm_ns_str(char *buf, size_t n, uint64_t ns);

/* A new owner for frame f after the owner's mapping went away. */
void vm_refresh_owner(struct vm *vm, uint32_t f);

/* Drop one mapping (the present entry at pos) of its frame. */
void vm_unmap_entry(struct vm *vm, uint32_t pos);

/* OPT: the step that next references (proc, vpn) after `step`. */
uint32_t vm_next_use_opt(struct act *a, uint32_t proc, uint64_t vpn);

/*
 * A frame for a new page: the lowest free one, else the policy's victim,
 * evicted.  FRAME_NONE when the step must stop.
 */
uint32_t vm_get_frame(struct act *a);

/*
 * Bring (proc, vpn), whose leaf entry is at pos, into free frame f: from
 * swap or zero-filled.  `replaced`: f was a victim's.
 */
bool vm_load(struct act *a, uint32_t f, uint32_t proc, uint32_t pos,
	     uint64_t vpn, bool write);

/*
 * Exam-style translation (the scenario gives `pte` entries): an access
 * the table refuses is an "invalid" error event and the run goes on.
 */
void vm_exam_refuse(struct act *a, uint32_t flags, bool protection,
		    const char *why);

/* A segmentation fault: narrate it, kill the process. */
void vm_segfault(struct act *a, uint32_t flags, const char *why);

/*
 * The record of a new access by `proc` to vaddr (vpn): nothing done yet.
 * Field by field, in layout order: adjacent stores merge into wide ones,
 * where a memset or a whole-struct assignment becomes a slow string
 * store.
 */
static inline void start_last(struct vm *vm, uint32_t proc, int kind,
			      bool write, uint64_t vaddr, uint64_t vpn)
{
	struct vm_last *l = &vm->last;

	l->vaddr = vaddr;
	l->vpn = vpn;
	l->paddr = 0;
	l->evicted_vpn = 0;
	l->disk_ns = 0;
	l->kind = kind;
	l->proc = proc;
	l->tlb = VM_TLB_NONE;
	l->tlb_entry = TLB_NONE;
	l->walk_level = 0;
	l->frame = FRAME_NONE;
	l->evicted_proc = 0;
	l->victim_frame = FRAME_NONE;
	l->swap_slot = SWAP_NONE;
	l->valid = true;
	l->write = write;
	l->has_paddr = l->hit = l->fault = l->segfault = false;
	l->evicted = l->writeback = false;
	l->swapped_in = l->zero_filled = l->cow = l->minor = false;
	l->invalid = l->protection = false;
	l->file_read = false;
}

/* The next step using the page (only OPT keeps track: 0 for the rest). */
static inline uint32_t next_use(struct act *a, uint32_t proc, uint64_t vpn)
{
	return a->vm->g.policy == REPLACE_OPT ? vm_next_use_opt(a, proc, vpn) : 0;
}

#endif
