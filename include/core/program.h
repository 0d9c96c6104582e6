/*
 * program.h: a parsed scenario.  The configuration (set before the first
 * step), the list of steps (one per thing a person wants to see; `refs`
 * expands to one step per reference), the notes and markers attached to
 * steps, and an interned symbol table for every name the scenario uses.
 * A program is immutable once parsed; the engine only reads it.
 */
#ifndef MEMVIZ_CORE_PROGRAM_H
#define MEMVIZ_CORE_PROGRAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Symbol 0 means "no name". */
#define SYM_NONE 0u

/* An argument to a step: `name=value` or a positional value. */
struct step_arg {
	uint32_t name;  /* symbol of the key (SYM_NONE when positional) */
	uint32_t ref;   /* symbol whose value is used, or SYM_NONE */
	int64_t value;  /* literal value when ref == SYM_NONE */
	uint32_t col;   /* column in the scenario line, for errors */
};

/* Step flags common to every directive. */
enum {
	STEP_IMPLICIT = 1u << 15, /* added by memviz, not written in the file */
};

/* One step.  The meaning of sym, a, b and the args is the directive's. */
struct step {
	uint16_t op;     /* directive (see directive.h) */
	uint16_t flags;  /* directive-specific bits */
	uint32_t line;   /* scenario line (1-based) */
	uint32_t col;    /* column of the directive keyword */
	uint32_t sym;    /* main name: function, variable... */
	int64_t a, b;    /* numeric arguments */
	uint32_t arg0;   /* first argument in program->args */
	uint32_t nargs;  /* number of arguments */
};

/* Narration or a chapter marker attached to a step (0-based index). */
struct annotation {
	size_t step;
	uint32_t line;
	char *text;
};

/*
 * A scenario `ask "QUESTION" [answer=TEXT] [kind=KIND]` (quiz.h): the
 * step it comes before is shown as a question.  `answer` is NULL when the
 * step's own outcome is the answer: the first of its kind `kind` (enum
 * quiz_kind), or its first outcome when kind is -1.
 */
struct program_ask {
	size_t step;      /* 0-based step index */
	uint32_t line;
	char *question;
	char *answer;
	int kind;
};

/* Stack model configuration: the stack spans [base - size, base). */
struct stack_config {
	uint64_t size_bytes;
	uint64_t base;       /* highest address + 1; the stack grows down */
};

/*
 * Heap model configuration (see heap.h): the heap spans [base, base + size).
 * `policy` is an enum heap_policy; header_bytes is already resolved (8 for
 * the free-list policies, 0 for buddy and slab unless given).
 */
struct heap_config {
	uint64_t size_bytes;
	uint64_t base;
	int policy;
	uint64_t align;
	uint64_t header_bytes;
	bool coalesce;
	uint64_t split_min;  /* remainders smaller than this stay in the block */
	uint64_t buddy_min;  /* buddy: smallest block */
};

/*
 * Virtual memory configuration (see vm.h).  Zero fields take defaults
 * (vm_geometry resolves them): 4K pages, 16 frames, 32-bit addresses, as
 * many page-table levels as keep each index at most 10 bits, a 16-entry
 * fully associative LRU TLB flushed on a context switch, 4096 swap slots
 * of 100us, FIFO replacement.  `set` records which were given (VMC_*).
 */
struct vm_config {
	uint64_t page_size;
	uint64_t frames;
	uint64_t memory_bytes;   /* `memory`: frames = memory / page size */
	uint32_t address_bits;
	uint32_t levels;         /* page-table levels, 1-4 */
	uint32_t split[5];       /* index bits per level, top first (+ offset) */
	uint32_t nsplit;
	uint32_t tlb_entries;
	uint32_t tlb_ways;       /* 0: fully associative */
	int tlb_policy;          /* enum tlb_policy */
	bool tlb_off;
	bool tlb_asid;           /* tagged with ASIDs instead of flushed */
	uint64_t swap_slots;
	uint64_t swap_latency_ns;
	int policy;              /* enum replace_policy */
	bool implicit_process;   /* an access comes before any `process` */
	bool exam;               /* `pte` lines given: exam-style translation */
	uint64_t min_frames;     /* frames the presets need (highest + 1) */
	uint32_t set;            /* VMC_* bits (vm.h): fields given */
	/*
	 * Configuration lines come in any order (`address-bits 10` before
	 * `page-size 256`), so a geometry that is invalid after one line is
	 * reported only if it still is at the first step that needs it (or
	 * at the end): at the first line that made it invalid since it was
	 * last valid (0: valid).  Owned by vm_directives.c.
	 */
	uint32_t bad_line, bad_col;
};

/*
 * Cache hierarchy and latency configuration (see cache.h, latency.h).
 * Slots are indexed by enum cache_slot; a level is used when `present`.
 * Zero latencies take the defaults of the seed's table (latency.h);
 * `set` records which latencies were given (LAT_* bits).
 */
enum cache_slot { CACHE_SLOT_L1, CACHE_SLOT_L1I, CACHE_SLOT_L1D,
		  CACHE_SLOT_L2, CACHE_SLOT_L3, CACHE_SLOTS };

struct cache_level_config {
	bool present;
	uint64_t size_bytes, line_bytes;
	uint64_t ways;           /* 0: fully associative */
	int replace, write, alloc; /* enum cache_replace/write/alloc */
	/* writebacks=demand: this level's write-backs and write-throughs
	 * reach the next level as demand writes, as in Dinero IV */
	int writebacks;          /* enum cache_writebacks */
	uint64_t latency_ns;     /* 0: the default for the level */
	uint32_t line;           /* scenario line that configured it */
};

struct latency_config {
	uint64_t level_ns[CACHE_SLOTS];
	uint64_t ram_ns, ssd_ns, hdd_ns;
	uint64_t tlb_ns;         /* a TLB lookup */
	uint64_t walk_ns;        /* one page-table level read (default: RAM) */
	int swap_device;         /* 0 ssd, 1 hdd */
	uint32_t set;            /* LAT_* bits (latency.h): given explicitly */
};

struct cache_config {
	struct cache_level_config slot[CACHE_SLOTS];
	struct latency_config lat;
	/* References imported by `trace` (trace.h packing), owned here. */
	uint64_t *trace;
	size_t ntrace, trace_cap;
};

/*
 * Garbage collector configuration (see gc.h).  `given` is false when the
 * scenario has no `gc ALGORITHM` line: gc_config_defaults then applies
 * (mark-sweep, a 1K managed heap at 0x20000).
 */
struct gc_config {
	int algorithm;           /* enum gc_algorithm */
	uint64_t base;
	uint64_t size_bytes;
	uint64_t threshold;      /* allocations between automatic collections */
	uint64_t young_bytes;    /* generational: nursery size */
	uint32_t promote_after;  /* generational: survived minors to promote */
	uint32_t increment;      /* incremental: objects scanned per increment */
	bool paced;              /* incremental: an increment per allocation */
	bool barrier;            /* generational, incremental: write barrier */
	bool cycles;             /* refcount: backup cycle collector */
	bool given;
};

struct config {
	char *title;
	char *about;
	uint64_t seed;
	struct stack_config stack;
	struct heap_config heap;
	struct vm_config vm;
	struct cache_config cache;
	struct gc_config gc;
	uint32_t panes;      /* PANES_* bits chosen by `panes`, 0 = automatic */
	uint32_t uses;       /* USES_* bits: which models the scenario touches */
};

/*
 * The model panes a `panes` line can name.  The bits are the view's
 * PANE_BIT(PANE_ID_*) (include/view/layout.h; view.c checks they agree),
 * defined here because the core does not include view headers.
 */
enum {
	PANES_STACK = 1u << 0,
	PANES_HEAP = 1u << 1,
	PANES_PAGETABLE = 1u << 2,
	PANES_FRAMES = 1u << 3,
	PANES_CACHE = 1u << 4,
	PANES_GC = 1u << 5,
};

/*
 * The PANES_* bit of a pane name (len bytes: "stack", "heap",
 * "pagetable", "frames", "cache", "gc"), or 0 for an unknown name.
 * program_pane_names lists them, NULL-terminated (for messages).
 */
uint32_t program_pane_bit(const char *name, size_t len);
extern const char *const program_pane_names[];

/* Which models a scenario uses (decides the panes shown by default). */
enum {
	USES_STACK = 1u << 0,
	USES_HEAP = 1u << 1,
	USES_VM = 1u << 2,
	USES_CACHE = 1u << 3,
	USES_GC = 1u << 4,
	/*
	 * read/write/fetch steps.  They go through paging (USES_VM) when the
	 * scenario configures it or uses no other model; otherwise the
	 * addresses are physical (a heap lesson's `write buf+8`).
	 */
	USES_ADDR = 1u << 5,
};

/*
 * State given up front (`pte`, `frame`, `line`; see preset.h), applied
 * in order when the machine is created.
 */
enum preset_kind { PRESET_PTE, PRESET_FRAME, PRESET_LINE };

enum {
	PRESET_INVALID = 1u << 0,    /* pte PAGE invalid */
	PRESET_DIRTY = 1u << 1,
	PRESET_REFERENCED = 1u << 2,
};

struct preset {
	int kind;          /* enum preset_kind */
	uint32_t line;     /* scenario line */
	uint32_t flags;    /* PRESET_* */
	uint32_t prot;     /* pte: VM_PROT_* bits */
	uint32_t level;    /* line: enum cache_slot */
	uint64_t page;     /* pte, frame: virtual page; line: set */
	uint64_t frame;    /* pte, frame: physical frame; line: way */
	uint64_t tag;      /* line: tag */
};

/* `panes` after the first step: the panes shown from step `step` on. */
struct pane_switch {
	size_t step;     /* 0-based index of the first step it applies to */
	uint32_t panes;  /* PANES_* bits */
	uint32_t line;   /* of the `panes` line */
};

struct program {
	char *file;               /* the path it was read from */
	struct config config;
	struct step *steps;
	size_t nsteps, steps_cap;
	/*
	 * Per step, how it touches memory: its directive's .access (DA_* in
	 * directive.h) in the low 5 bits, its .space (DS_*) above; filled by
	 * scenario_parse so that a model (OPT's future) reads it without the
	 * directive table.  NULL in a program scenario_parse did not make.
	 */
	uint8_t *step_access;
	struct step_arg *args;
	size_t nargs, args_cap;
	struct preset *presets;   /* in scenario order */
	size_t npresets, presets_cap;
	struct annotation *notes; /* sorted by step */
	size_t nnotes, notes_cap;
	struct annotation *marks; /* sorted by step */
	size_t nmarks, marks_cap;
	struct pane_switch *pane_switches; /* sorted by step */
	size_t npane_switches, pane_switches_cap;
	struct program_ask *asks; /* sorted by step, at most one per step */
	size_t nasks, asks_cap;
	/* Symbols: names[id] for id >= 1; a hash table maps text to id. */
	char **names;
	size_t nnames, names_cap;
	uint32_t *hash;
	size_t hash_cap;
};

/* An empty program with default configuration; `file` is copied. */
struct program *program_create(const char *file);
void program_destroy(struct program *p);

/* Intern a name (len bytes, need not be NUL-terminated); returns its id. */
uint32_t program_intern(struct program *p, const char *name, size_t len);
/* The id of an existing name, or SYM_NONE. */
uint32_t program_lookup(const struct program *p, const char *name);
/* The text of a symbol ("" for SYM_NONE). */
const char *program_name(const struct program *p, uint32_t sym);

/* Append a step (zeroed apart from op, line, col); returns it. */
struct step *program_add_step(struct program *p, uint16_t op, uint32_t line,
			      uint32_t col);
/* Append an argument to the last step. */
struct step_arg *program_add_arg(struct program *p);
/* The arguments of a step. */
const struct step_arg *program_step_args(const struct program *p,
					 const struct step *s);

/* The note or mark text attached to step index (0-based), or NULL. */
const char *program_note(const struct program *p, size_t step);
const char *program_mark(const struct program *p, size_t step);
/*
 * The PANES_* bits in effect at step (0-based): the last `panes` line
 * before it, else config.panes (0: automatic, from the models used).
 */
uint32_t program_panes_at(const struct program *p, size_t step);
/* The `ask` attached to step index (0-based), or NULL. */
const struct program_ask *program_ask(const struct program *p, size_t step);
/* The name of the last mark at or before step index, or NULL. */
const char *program_chapter(const struct program *p, size_t step);

#endif
