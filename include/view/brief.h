/*
 * brief.h: the brief form of the narration, for live use.  One short line
 * per step, made of the first clause of each event's sentence ("Reference
 * 4: page fault; clock hand at frame 0 (x3); evict page 1 from frame 0;
 * load page 4 into frame 0"), so a lecturer reads it at a glance; the full
 * sentences stay one key away.  Pure text: no canvas, no curses.
 */
#ifndef MEMVIZ_VIEW_BRIEF_H
#define MEMVIZ_VIEW_BRIEF_H

#include <stddef.h>

#include "core/event.h"
#include "core/util.h"

/*
 * Append the brief line of a step made of events ev[0..n) to sb: each
 * event's first clause, events of one kind in a row shown once with their
 * count, joined by "; ".  Appends nothing when no event has text.
 */
void brief_step(struct strbuf *sb, const struct event *ev, size_t n);

/*
 * A collector for engine_narrate: arg is a struct brief_acc.  Gathers the
 * events; brief_acc_finish turns them into the brief line.
 */
struct brief_acc {
	struct event *ev;
	size_t n, cap;
};

void brief_collect(const struct event *ev, void *arg);

/* Append the brief line of the gathered events to sb and free them. */
void brief_acc_finish(struct brief_acc *acc, struct strbuf *sb);

#endif
