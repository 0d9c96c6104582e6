/*
 * replace.h: the page-replacement policies as a table of operations, one
 * entry per enum replace_policy (frames.h).  Everything that differs
 * between policies is here: the scenario word (replace_policy_names,
 * indexed the same way), the display name, what the
 * frame map keeps for it (a hand, a victim order, the future), how a
 * victim is found, probe by probe, and why it was chosen.  The frame map
 * (frames.c), the VM (vm_replace.c, vm_translate.c, vm_json.c) and the
 * views ask the table; none switches on the policy with a default.
 *
 * Adding a policy: its value in enum replace_policy (before
 * REPLACE_COUNT), its word in replace_policy_names and its entry in the
 * table in replace.c with its victim step and reason, and its state line
 * and cell in src/view/pane_frames.c (a switch without a default: the
 * compiler lists it).
 */
#ifndef MEMVIZ_CORE_REPLACE_H
#define MEMVIZ_CORE_REPLACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/frames.h"

struct replace_ops {
	const char *display;  /* "FIFO": tables, panes, compare mode */
	const char *on_hit;   /* a hit's effect, narrated after it ("" none) */
	bool hand;            /* keeps a clock hand (past a replaced frame) */
	bool order;           /* its victim order is the load/recency list */
	bool reorder;         /* a reference moves the frame to the list's end */
	bool random;          /* the victim is drawn from the generator */
	bool future;          /* needs each page's next use (OPT) */
	/*
	 * One probe of the victim search, from the state frames_victim_begin
	 * left: true when p->frame is the victim; false when the probe only
	 * moved on (p says how: PROBE_CLEAR_R, PROBE_SKIP).  rnd: a random
	 * number when `random`, else 0.
	 */
	bool (*victim_step)(struct frames *fr, uint64_t rnd,
			    struct frames_probe *p);
	/* Why frame f was the victim (p: the probe that chose it), in buf. */
	void (*reason)(const struct frames *fr, uint32_t f,
		       const struct frames_probe *p, char *buf, size_t n);
};

/* The operations of policy, an enum replace_policy value (which the
 * scenario parser has checked). */
const struct replace_ops *replace_ops(int policy);

#endif
