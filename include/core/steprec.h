/*
 * steprec.h: the structured record of what one step did.  Events say it in
 * sentences; a step record says it in typed fields that exercises, quizzes,
 * tables, the HTML page and the panes read without parsing text and
 * without re-running the simulation.
 *
 * A record has up to four sections, flagged in `has`: the memory access
 * (VA -> TLB -> walk -> fault and replacement -> PA -> cache levels, with
 * the cost of each stage), the heap request, the garbage collector's work
 * and the stack's frame change.  A read of a heap name under paging with
 * caches fills the access section and, when the heap check objects, the
 * heap section too.  Sections not flagged are zero.
 *
 * Records are built from the machine as the step left it (the models'
 * "last" state: vm->last, cache->last, heap->last, the GC's results) and
 * from the step's typed events (enum event_kind, never their text): see
 * steprec_build.  The engine builds them on demand (engine_record,
 * engine_record_at in engine.h).
 */
#ifndef MEMVIZ_CORE_STEPREC_H
#define MEMVIZ_CORE_STEPREC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/cache.h"
#include "core/event.h"
#include "core/program.h"

struct machine;

/* Sections of a record (bits of step_record.has). */
enum {
	STEPREC_ACCESS = 1u << 0,
	STEPREC_HEAP = 1u << 1,
	STEPREC_GC = 1u << 2,
	STEPREC_STACK = 1u << 3,
};

/* How the page was found (access.fault). */
enum steprec_fault {
	STEPREC_FAULT_NONE,      /* the page was resident: no fault */
	STEPREC_FAULT_SWAP_IN,   /* major fault: read back from swap */
	STEPREC_FAULT_ZERO_FILL, /* major fault: a new page, zero-filled */
	STEPREC_FAULT_MINOR,     /* minor fault: the frame was still there */
	STEPREC_FAULT_COW,       /* copy-on-write fault on a shared frame */
	STEPREC_FAULT_SEGFAULT,  /* refused: segmentation fault */
};

/* One cache level the access touched, in the order it was touched. */
struct steprec_level {
	uint8_t level;      /* index into cache.level[] */
	bool hit;
	uint8_t miss_class; /* 0 none, 1 compulsory, 2 capacity, 3 conflict */
	bool filled;        /* the line was installed at this level */
	bool evicted;       /* a valid line was replaced ... */
	bool writeback;     /* ... and it was dirty (written below) */
	uint32_t set;
	uint32_t way;       /* CACHE_NONE: not allocated (no-write-allocate) */
	uint64_t tag;       /* the line's tag at this level */
	uint64_t evicted_tag;
};

/* The memory access of a step (the last one, for a step of several). */
struct steprec_access {
	int kind;              /* enum vm_access: VM_REF, VM_READ, ... */
	bool write;            /* a write (VM_WRITE, or a `w` reference) */
	bool translated;       /* the address was virtual (paging is on) */
	bool hit;              /* translated, no fault of any kind (false
				* too while the step is still under way) */
	uint32_t refs;         /* accesses the step made (a trace group: many) */
	uint32_t proc;         /* address space (translated only) */
	uint64_t vaddr;        /* the address as the step gave it */
	uint64_t vpn, offset;  /* page and offset (translated only) */
	int tlb;               /* enum vm_tlb_result */
	uint32_t tlb_entry;    /* entry hit or filled, or TLB_NONE */
	uint32_t walk_levels;  /* page-table levels walked */
	enum steprec_fault fault;
	bool invalid;          /* refused, exam style: an "invalid" error
				* with no physical address; the run goes on */
	bool protection;       /* ... by the entry's protection (else: no
				* valid entry) */
	bool cow;              /* a copy-on-write page was written (copied,
				* or made writable in place) */
	bool evicted;          /* a victim page was evicted for this one */
	uint32_t victim_frame; /* ... from this frame (FRAME_NONE: none) */
	uint32_t victim_proc;
	uint64_t victim_vpn;
	int victim_policy;     /* why: enum replace_policy that chose it */
	bool writeback;        /* the victim was dirty: written to swap */
	uint32_t swap_slot;    /* slot read or written, or SWAP_NONE */
	bool has_paddr;        /* false: refused before a frame was known */
	uint64_t paddr;
	uint32_t frame;        /* FRAME_NONE when none */
	uint32_t nlevels;      /* cache levels touched (0: no caches) */
	struct steprec_level level[CACHE_TOUCH_MAX];
	struct {
		uint64_t tlb_ns, walk_ns, disk_ns; /* translation */
		uint64_t hierarchy_ns;             /* caches and RAM */
		uint64_t total_ns;
	} cost;                /* all 0 without the cache model */
};

/* The heap request of a step (malloc, calloc, realloc, free, ...). */
struct steprec_heap {
	bool has_addr;         /* the step returns an address (malloc...) */
	bool failed;           /* ... and returned NULL */
	uint64_t addr;         /* the address returned */
	uint64_t size;         /* the size asked for */
	uint64_t block;        /* the block chosen or freed (0: none) */
	uint32_t searched;     /* blocks the search looked at */
	uint32_t splits;       /* blocks split (free-list split, buddy halves) */
	uint32_t merges;       /* free neighbours or buddies merged */
	const char *error;     /* static: "double-free", ... or NULL */
};

/* The collector's work in a step. */
struct steprec_gc {
	int phase;             /* enum gc_phase after the step */
	const char *phase_name; /* the phase the step worked in (static) */
	size_t marked, freed, moved; /* objects, this step */
};

/* The stack's change in a step. */
struct steprec_stack {
	bool pushed;           /* a frame was pushed (call) */
	bool popped;           /* a frame was popped (ret) */
	int64_t frame;         /* its index (0 = outermost), or -1 */
	uint32_t slots;        /* slots pushed (arguments, return address,
				* saved frame pointer, locals) */
	bool overflow;         /* the push did not fit: stack overflow */
};

struct step_record {
	size_t step;           /* 1-based step number */
	uint32_t line;         /* its scenario line */
	uint32_t has;          /* STEPREC_* sections present */
	struct steprec_access access;
	struct steprec_heap heap;
	struct steprec_gc gc;
	struct steprec_stack stack;
};

/*
 * Fill *out with the record of step k (1-based) of program p, which
 * machine m has just executed, emitting the n events ev (all of them, or
 * the first n of a step shown micro-step by micro-step: the record then
 * describes the state so far).  Reads m and ev only; never fails.
 */
void steprec_build(const struct machine *m, const struct program *p,
		   size_t k, const struct event *ev, size_t n,
		   struct step_record *out);

#endif
