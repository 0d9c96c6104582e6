/*
 * directive.c: the directive table, assembled from one array per model.
 * An op code is (table << 8) | entry, so no table needs to know about the
 * others.
 */
#include "core/directive.h"

#include <stdio.h>
#include <string.h>

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

const char *event_name(const struct event *ev)
{
	if (ev->kind == EV_NOTHING && ev->id >= 0)
		return directive_get((uint16_t)ev->id)->name;
	return event_kind_name(ev->kind);
}
