/*
 * event.h: what a step did.  A step is made of events, the smallest state
 * changes (push a frame, look up the TLB, evict a page).  Each event carries
 * its narration sentence, flags that navigation searches on, and the thing it
 * changed so a view can highlight it.  Models emit events through an
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

#define EVENT_TEXT_MAX 240

struct event {
	const char *kind;     /* static string: "push-frame", "page-fault"... */
	uint32_t flags;       /* EVF_* */
	enum event_target target;
	int64_t id, id2;      /* identity of the target (see enum) */
	char text[EVENT_TEXT_MAX]; /* one plain sentence, no trailing newline */
};

#endif
