/*
 * program.c: the parsed scenario and its symbol table.  Symbols are interned
 * in an open-addressing hash table of ids; id 0 is reserved for "no name".
 * Steps, arguments and annotations are growable arrays; annotations are
 * appended in step order, so lookups use binary search.
 */
#include "core/program.h"

#include <stdlib.h>
#include <string.h>

#include "core/util.h"

struct program *program_create(const char *file)
{
	struct program *p = xcalloc(1, sizeof *p);

	p->file = xstrdup(file ? file : "<input>");
	p->config.stack.size_bytes = 8192;
	p->config.stack.base = 0x7fff0000;
	p->config.heap.size_bytes = 4096;
	p->config.heap.base = 0x10000;
	p->config.heap.align = 8;
	p->config.heap.header_bytes = 8;
	p->config.heap.coalesce = true;
	p->config.heap.buddy_min = 16;
	p->config.seed = 1;
	p->names = xgrow(NULL, &p->names_cap, 1, sizeof *p->names);
	p->names[0] = xstrdup("");
	p->nnames = 1;
	return p;
}

static void free_annotations(struct annotation *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(a[i].text);
	free(a);
}

void program_destroy(struct program *p)
{
	size_t i;

	if (p == NULL)
		return;
	free(p->file);
	free(p->config.title);
	free(p->config.about);
	free(p->steps);
	free(p->step_access);
	free(p->args);
	free(p->presets);
	free(p->config.cache.trace);
	free_annotations(p->notes, p->nnotes);
	free_annotations(p->marks, p->nmarks);
	free(p->pane_switches);
	for (i = 0; i < p->nasks; i++) {
		free(p->asks[i].question);
		free(p->asks[i].answer);
	}
	free(p->asks);
	for (i = 0; i < p->nnames; i++)
		free(p->names[i]);
	free(p->names);
	free(p->hash);
	free(p);
}

static uint32_t hash_text(const char *s, size_t len)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static void rehash(struct program *p)
{
	size_t cap = p->hash_cap ? p->hash_cap * 2 : 64;
	uint32_t *h = xcalloc(cap, sizeof *h);
	size_t id;

	for (id = 1; id < p->nnames; id++) {
		size_t i = hash_text(p->names[id], strlen(p->names[id])) &
			   (cap - 1);
		while (h[i])
			i = (i + 1) & (cap - 1);
		h[i] = (uint32_t)id;
	}
	free(p->hash);
	p->hash = h;
	p->hash_cap = cap;
}

static size_t find_slot(const struct program *p, const char *name, size_t len)
{
	size_t i = hash_text(name, len) & (p->hash_cap - 1);

	while (p->hash[i]) {
		const char *s = p->names[p->hash[i]];
		if (strlen(s) == len && memcmp(s, name, len) == 0)
			break;
		i = (i + 1) & (p->hash_cap - 1);
	}
	return i;
}

uint32_t program_intern(struct program *p, const char *name, size_t len)
{
	size_t slot;

	if (p->hash_cap == 0 || (p->nnames + 1) * 2 > p->hash_cap)
		rehash(p);
	slot = find_slot(p, name, len);
	if (p->hash[slot])
		return p->hash[slot];
	p->names = xgrow(p->names, &p->names_cap, p->nnames + 1,
			 sizeof *p->names);
	p->names[p->nnames] = xstrndup(name, len);
	p->hash[slot] = (uint32_t)p->nnames;
	return (uint32_t)p->nnames++;
}

uint32_t program_lookup(const struct program *p, const char *name)
{
	if (p->hash_cap == 0)
		return SYM_NONE;
	return p->hash[find_slot(p, name, strlen(name))];
}

const char *program_name(const struct program *p, uint32_t sym)
{
	return sym < p->nnames ? p->names[sym] : "";
}

struct step *program_add_step(struct program *p, uint16_t op, uint32_t line,
			      uint32_t col)
{
	struct step *s;

	p->steps = xgrow(p->steps, &p->steps_cap, p->nsteps + 1,
			 sizeof *p->steps);
	s = &p->steps[p->nsteps++];
	memset(s, 0, sizeof *s);
	s->op = op;
	s->line = line;
	s->col = col;
	s->arg0 = (uint32_t)p->nargs;
	return s;
}

struct step_arg *program_add_arg(struct program *p)
{
	struct step_arg *a;

	p->args = xgrow(p->args, &p->args_cap, p->nargs + 1, sizeof *p->args);
	a = &p->args[p->nargs++];
	memset(a, 0, sizeof *a);
	if (p->nsteps)
		p->steps[p->nsteps - 1].nargs++;
	return a;
}

const struct step_arg *program_step_args(const struct program *p,
					 const struct step *s)
{
	return s->nargs ? &p->args[s->arg0] : NULL;
}

/* Index of the last annotation whose step is <= step, or -1. */
static long find_annotation(const struct annotation *a, size_t n, size_t step)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (a[mid].step <= step)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (long)lo - 1;
}

const char *program_note(const struct program *p, size_t step)
{
	long i = find_annotation(p->notes, p->nnotes, step);
	return i >= 0 && p->notes[i].step == step ? p->notes[i].text : NULL;
}

const char *program_mark(const struct program *p, size_t step)
{
	long i = find_annotation(p->marks, p->nmarks, step);
	return i >= 0 && p->marks[i].step == step ? p->marks[i].text : NULL;
}

uint32_t program_panes_at(const struct program *p, size_t step)
{
	uint32_t bits = p->config.panes;
	size_t i;

	for (i = 0; i < p->npane_switches && p->pane_switches[i].step <= step;
	     i++)
		bits = p->pane_switches[i].panes;
	return bits;
}

const char *program_chapter(const struct program *p, size_t step)
{
	long i = find_annotation(p->marks, p->nmarks, step);
	return i >= 0 ? p->marks[i].text : NULL;
}

const struct program_ask *program_ask(const struct program *p, size_t step)
{
	size_t lo = 0, hi = p->nasks;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (p->asks[mid].step < step)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < p->nasks && p->asks[lo].step == step ? &p->asks[lo] : NULL;
}
