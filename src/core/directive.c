/*
 * directive.c: the directive table, assembled from one array per model,
 * and the exec context models emit events through.  An op code is
 * (table << 8) | entry, so no table needs to know about the others.
 */
#include "core/directive.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/diag.h"
#include "core/util.h"

/* Every model's table, each ending with a NULL name. */
static const struct directive *const tables[] = {
	meta_directives,
	stack_directives,
	cache_directives,
	repeat_directives,
	vm_directives,
	heap_directives,
	gc_directives,
	quiz_directives,
	preset_directives,
};

#define NTABLES (sizeof tables / sizeof tables[0])

const struct directive *directive_find(const char *name, size_t len,
				       uint16_t *op)
{
	size_t t, i;

	for (t = 0; t < NTABLES; t++) {
		for (i = 0; tables[t][i].name; i++) {
			const char *n = tables[t][i].name;
			if (strlen(n) == len && memcmp(n, name, len) == 0) {
				*op = (uint16_t)(t << 8 | i);
				return &tables[t][i];
			}
		}
	}
	return NULL;
}

const struct directive *directive_get(uint16_t op)
{
	return &tables[op >> 8][op & 0xff];
}

size_t directive_names(const char **out, size_t max)
{
	size_t t, i, n = 0;

	for (t = 0; t < NTABLES; t++)
		for (i = 0; tables[t][i].name && n + 1 < max; i++)
			out[n++] = tables[t][i].name;
	out[n] = NULL;
	return n;
}

bool exec_emit(struct exec_ctx *x, const char *kind, uint32_t flags,
	       enum event_target target, int64_t id, int64_t id2,
	       const char *fmt, ...)
{
	struct event *ev;

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
