/*
 * event.h: what a step did.  A step is made of events, the smallest state
 * changes (push a frame, look up the TLB, evict a page).  Each event carries
 * its kind (one enum, one table of names and flags below), its narration
 * sentence, flags that navigation searches on, and the thing it changed so a
 * view can highlight it.  Views and output compare kinds as enum values,
 * never as strings.  Models emit events through an
 * exec_ctx (see directive.h); they never print.
 */
#ifndef MEMVIZ_CORE_EVENT_H
#define MEMVIZ_CORE_EVENT_H

#include <stdbool.h>
#include <stdint.h>

/* Flags a step or event can carry; navigation ("next page fault") uses them. */
enum {
	EVF_ERROR = 1u << 0,      /* the simulated program failed here */
	EVF_MARK = 1u << 1,       /* a scenario `mark` chapter starts here */
	EVF_FAULT = 1u << 2,      /* page fault */
	EVF_EVICT = 1u << 3,      /* a page (or line, block) was evicted */
	EVF_TLB_MISS = 1u << 4,   /* TLB miss */
	EVF_CACHE_MISS = 1u << 5, /* cache miss at some level */
	EVF_GC = 1u << 6,         /* garbage collection work */
	EVF_NOTE = 1u << 7,       /* the step has a scenario `note` */
	EVF_HALT = 1u << 8,       /* the run stops after this step */
};

/* What an event changed, so that views can highlight it. */
enum event_target {
	TGT_NONE = 0,
	TGT_STACK_FRAME, /* id = frame index (0 = outermost) */
	TGT_STACK_SLOT,  /* id = frame index, id2 = slot index in the frame */
	TGT_PAGE,        /* id = address space, id2 = virtual page number */
	TGT_FRAME,       /* id = physical frame number */
	TGT_TLB,         /* id = TLB entry index */
	TGT_SWAP,        /* id = swap slot */
	TGT_HEAP_BLOCK,  /* id = block address */
	TGT_CACHE_LINE,  /* id = level, id2 = set * 65536 + way */
	TGT_GC_OBJECT,   /* id = object id */
};

/*
 * Every kind of event, in one table: the enum constant, the name (printed
 * by the event-log pane and as "kind" in `--batch --json`; contract, never
 * renamed) and the navigation flags (EVF_*) that every event of the kind
 * carries.  exec_emit() adds those flags to the ones the model passes, so a
 * search such as "next page fault" needs no list of kinds of its own.
 * Adding a kind is one line here.
 */
#define EVENT_KINDS(X) \
	X(EV_ACCESS, "access", 0)                             \
	X(EV_ALLOC, "alloc", 0)                               \
	X(EV_ALLOC_FAILED, "alloc-failed", EVF_ERROR)         \
	X(EV_BARRIER, "barrier", EVF_GC)                      \
	X(EV_CACHE, "cache", 0)                               \
	X(EV_CACHE_COPYBACK, "cache-copyback", 0)             \
	X(EV_CACHE_HIT, "cache-hit", 0)                       \
	X(EV_CACHE_INVALIDATE, "cache-invalidate", 0)         \
	X(EV_CACHE_MISS, "cache-miss", EVF_CACHE_MISS)        \
	X(EV_CLOCK_HAND, "clock-hand", 0)                     \
	X(EV_COALESCE, "coalesce", 0)                         \
	X(EV_COMPACT, "compact", 0)                           \
	X(EV_COPY, "copy", 0)                                 \
	X(EV_COW_COPY, "cow-copy", 0)                         \
	X(EV_COW_FAULT, "cow-fault", EVF_FAULT)               \
	X(EV_COW_REUSE, "cow-reuse", 0)                       \
	X(EV_DANGLING, "dangling", EVF_GC | EVF_ERROR)        \
	X(EV_DOUBLE_FREE, "double-free", EVF_ERROR)           \
	X(EV_EVICT, "evict", EVF_EVICT)                       \
	X(EV_EXIT, "exit", 0)                                 \
	X(EV_FILE_READ, "file-read", 0)                       \
	X(EV_FLIP, "flip", EVF_GC)                            \
	X(EV_FORK, "fork", 0)                                 \
	X(EV_FORWARD, "forward", EVF_GC)                      \
	X(EV_FORWARD_START, "forward-start", EVF_GC)          \
	X(EV_FREE, "free", 0)                                 \
	X(EV_FREED_LIVE, "freed-live", EVF_GC | EVF_ERROR)    \
	X(EV_GARBAGE, "garbage", EVF_GC)                      \
	X(EV_GC_DONE, "gc-done", EVF_GC)                      \
	X(EV_GC_NOTHING, "gc-nothing", EVF_GC)                \
	X(EV_GC_START, "gc-start", EVF_GC)                    \
	X(EV_HEAP_OVERFLOW, "heap-overflow", EVF_ERROR)       \
	X(EV_HIT, "hit", 0)                                   \
	X(EV_INVALID, "invalid", EVF_ERROR)                   \
	X(EV_INVALID_FREE, "invalid-free", EVF_ERROR)         \
	X(EV_KILL, "kill", 0)                                 \
	X(EV_LEAK, "leak", 0)                                 \
	X(EV_LOCAL, "local", 0)                               \
	X(EV_MAP, "map", 0)                                   \
	X(EV_MAP_SHARED, "map-shared", 0)                     \
	X(EV_MARK, "mark", EVF_GC)                            \
	X(EV_MEMORY, "memory", 0)                             \
	X(EV_MERGE, "merge", 0)                               \
	X(EV_MOVE, "move", 0)                                 \
	X(EV_NEW, "new", 0)                                   \
	X(EV_NO_BARRIER, "no-barrier", EVF_GC)                \
	X(EV_NO_MERGE, "no-merge", 0)                         \
	X(EV_NULL_DEREFERENCE, "null-dereference", EVF_ERROR) \
	X(EV_OPT_FUTURE, "opt-future", 0)                     \
	X(EV_OUT_OF_MEMORY, "out-of-memory", EVF_ERROR)       \
	X(EV_PAGE_FAULT, "page-fault", EVF_FAULT)             \
	X(EV_POP_FRAME, "pop-frame", 0)                       \
	X(EV_PROCESS, "process", 0)                           \
	X(EV_PROMOTE, "promote", EVF_GC)                      \
	X(EV_PROMOTE_FAILED, "promote-failed", EVF_GC)        \
	X(EV_PUSH_ARG, "push-arg", 0)                         \
	X(EV_PUSH_FRAME, "push-frame", 0)                     \
	X(EV_PUSH_RETURN, "push-return", 0)                   \
	X(EV_RC_DEC, "rc-dec", EVF_GC)                        \
	X(EV_RC_FREE, "rc-free", EVF_GC)                      \
	X(EV_RC_INC, "rc-inc", EVF_GC)                        \
	X(EV_REALLOC, "realloc", 0)                           \
	X(EV_REQUEST, "request", 0)                           \
	X(EV_RESCAN, "rescan", EVF_GC)                        \
	X(EV_ROOT, "root", 0)                                 \
	X(EV_SCAN, "scan", EVF_GC)                            \
	X(EV_SEARCH, "search", 0)                             \
	X(EV_SEGFAULT, "segfault", EVF_ERROR)                 \
	X(EV_SET, "set", 0)                                   \
	X(EV_SHARE, "share", 0)                               \
	X(EV_SLAB, "slab", 0)                                 \
	X(EV_SLAB_ALLOC, "slab-alloc", 0)                     \
	X(EV_SLAB_FREE, "slab-free", 0)                       \
	X(EV_SPLIT, "split", 0)                               \
	X(EV_STACK_OVERFLOW, "stack-overflow", EVF_ERROR)     \
	X(EV_SURVIVE, "survive", EVF_GC)                      \
	X(EV_SWAP_IN, "swap-in", 0)                           \
	X(EV_SWEEP, "sweep", EVF_GC)                          \
	X(EV_SWEEP_START, "sweep-start", EVF_GC)              \
	X(EV_SWITCH, "switch", 0)                             \
	X(EV_TAKE, "take", 0)                                 \
	X(EV_TLB_FILL, "tlb-fill", 0)                         \
	X(EV_TLB_FLUSH, "tlb-flush", 0)                       \
	X(EV_TLB_HIT, "tlb-hit", 0)                           \
	X(EV_TLB_KEEP, "tlb-keep", 0)                         \
	X(EV_TLB_MISS, "tlb-miss", EVF_TLB_MISS)              \
	X(EV_TRACE, "trace", 0)                               \
	X(EV_TRIAL, "trial", EVF_GC)                          \
	X(EV_UNROOT, "unroot", 0)                             \
	X(EV_UPDATE, "update", EVF_GC)                        \
	X(EV_UPDATE_ROOT, "update-root", EVF_GC)              \
	X(EV_UPDATE_START, "update-start", EVF_GC)            \
	X(EV_USE, "use", 0)                                   \
	X(EV_USE_AFTER_FREE, "use-after-free", EVF_ERROR)     \
	X(EV_WALK, "walk", 0)                                 \
	X(EV_WRITEBACK, "writeback", 0)                       \
	X(EV_ZERO_FILL, "zero-fill", 0)

enum event_kind {
	EV_NOTHING, /* the step changed nothing; its name is the directive's */
#define EVENT_KIND_ENUM(id, name, flags) id,
	EVENT_KINDS(EVENT_KIND_ENUM)
#undef EVENT_KIND_ENUM
	EV_COUNT
};

#define EVENT_TEXT_MAX 240

struct event {
	enum event_kind kind; /* EV_PUSH_FRAME, EV_PAGE_FAULT... */
	uint32_t flags;       /* EVF_* */
	enum event_target target;
	int64_t id, id2;      /* identity of the target (see enum) */
	char text[EVENT_TEXT_MAX]; /* one plain sentence, no trailing newline */
};

/*
 * The name of kind k from the table above ("page-fault"); "nothing" for
 * EV_NOTHING and "?" for a value out of range.  Never NULL, static.
 */
const char *event_kind_name(enum event_kind k);

/* The navigation flags (EVF_*) that every event of kind k carries. */
uint32_t event_kind_flags(enum event_kind k);

#endif
