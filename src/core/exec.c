/*
 * exec.c: the exec context: events emitted by the models (their kind's
 * flags added from event.h's table) and scenario logic errors reported on
 * the step's line.
 */
#include "core/exec.h"

#include <stdarg.h>
#include <stdio.h>

#include "core/diag.h"
#include "core/util.h"

bool exec_emit(struct exec_ctx *x, enum event_kind kind, uint32_t flags,
	       enum event_target target, int64_t id, int64_t id2,
	       const char *fmt, ...)
{
	struct event *ev;

	flags |= event_kind_flags(kind);
	x->flags |= flags;
	if (flags & EVF_HALT)
		x->halt = true;
	x->events = xgrow(x->events, &x->cap, x->nevents + 1,
			  sizeof *x->events);
	ev = &x->events[x->nevents++];
	ev->kind = kind;
	ev->flags = flags;
	ev->target = target;
	ev->id = id;
	ev->id2 = id2;
	ev->text[0] = '\0';
	if (!x->quiet) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(ev->text, sizeof ev->text, fmt, ap);
		va_end(ap);
	}
	if (x->nevents >= x->limit) {
		x->stopped = true;
		return false;
	}
	return true;
}

void exec_scenario_error(struct exec_ctx *x, unsigned col, const char *fmt,
			 ...)
{
	char msg[EVENT_TEXT_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	x->scenario_errors++;
	if (x->diag)
		diag_error(x->diag, x->step->line, col ? col : x->step->col,
			   "%s", msg);
}
