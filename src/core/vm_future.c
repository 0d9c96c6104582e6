/*
 * vm_future.c: OPT's future: per program step, the next step that
 * references the same page, built once from the program (the directives
 * declare which steps access memory: directive.h's .access and .space).
 */
#include "core/vm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/directive.h"
#include "core/json.h"
#include "core/util.h"
#include "vm_impl.h"

struct vm_future {
	size_t refcount;
	size_t n;
	uint64_t *key;  /* per step: page key + 1, or 0 */
	uint32_t *next; /* per step: next step with the same key */
};

/* ---- OPT's future ---- */

struct vm_future *vm_future_create(const uint64_t *keys, size_t n)
{
	struct vm_future *f = xcalloc(1, sizeof *f);
	size_t cap = 64, i, distinct = 0;
	uint64_t *hk;
	uint32_t *hv;

	f->refcount = 1;
	f->n = n;
	f->key = xmalloc((n ? n : 1) * sizeof *f->key);
	f->next = xmalloc((n ? n : 1) * sizeof *f->next);
	if (n)
		memcpy(f->key, keys, n * sizeof *keys);
	while (cap < 2 * n + 2)
		cap *= 2;
	hk = xcalloc(cap, sizeof *hk);
	hv = xmalloc(cap * sizeof *hv);
	/* Backwards: the table maps a key to its nearest later step. */
	for (i = n; i-- > 0;) {
		uint64_t k = keys[i], h;
		if (k == 0) {
			f->next[i] = FRAME_NEVER;
			continue;
		}
		h = (k * 0x9e3779b97f4a7c15ull) >> 20;
		for (h &= cap - 1; hk[h] && hk[h] != k; h = (h + 1) & (cap - 1))
			;
		if (hk[h] == 0) {
			hk[h] = k;
			distinct++;
			f->next[i] = FRAME_NEVER;
		} else {
			f->next[i] = hv[h];
		}
		hv[h] = i > UINT32_MAX - 1 ? FRAME_NEVER : (uint32_t)i;
	}
	(void)distinct;
	free(hk);
	free(hv);
	return f;
}

void vm_future_release(struct vm_future *f)
{
	if (f == NULL || --f->refcount > 0)
		return;
	free(f->key);
	free(f->next);
	free(f);
}

struct vm_future *vm_future_ref(struct vm_future *f)
{
	if (f)
		f->refcount++;
	return f;
}

void vm_set_future(struct vm *vm, struct vm_future *f)
{
	if (f)
		f->refcount++;
	vm_future_release(vm->future);
	vm->future = f;
}

static uint64_t page_key(uint32_t proc, uint64_t vpn)
{
	return ((uint64_t)proc << 44 | vpn) + 1;
}

/* OPT: the step that next references (proc, vpn) after `step`. */
uint32_t vm_next_use_opt(struct act *a, uint32_t proc, uint64_t vpn)
{
	struct vm *vm = a->vm;
	uint64_t key;
	size_t i;

	if (vm->future == NULL) {
		if (vm->prog == NULL)
			return FRAME_NEVER;
		vm->future = vm_future_from_program(vm->prog, &vm->g);
	}
	key = page_key(proc, vpn);
	if (a->step < vm->future->n && vm->future->key[a->step] == key)
		return vm->future->next[a->step];
	for (i = a->step + 1; i < vm->future->n; i++)
		if (vm->future->key[i] == key)
			return (uint32_t)i;
	return FRAME_NEVER;
}

struct vm_future *vm_future_from_program(const struct program *p,
					 const struct vm_geometry *g)
{
	uint64_t *keys = xcalloc(p->nsteps ? p->nsteps : 1, sizeof *keys);
	uint32_t *names = NULL, cur = VM_NONE, n = 0;
	size_t cap = 0, i;
	struct vm_future *f;

	if (p->config.vm.implicit_process) {
		names = xgrow(names, &cap, 1, sizeof *names);
		names[n] = SYM_NONE;
		cur = n++;
	}
	for (i = 0; i < p->nsteps; i++) {
		const struct step *s = &p->steps[i];
		unsigned acc = p->step_access ? p->step_access[i] : 0;
		unsigned access = acc & ((1u << DA_SPACE_SHIFT) - 1);
		unsigned space = acc >> DA_SPACE_SHIFT;
		uint32_t k;

		if ((access & DA_REF) && cur != VM_NONE) {
			keys[i] = ((uint64_t)cur << 44 | (uint64_t)s->a) + 1;
		} else if ((access & DA_ADDRESS) && s->sym == SYM_NONE &&
			   cur != VM_NONE) {
			keys[i] = ((uint64_t)cur << 44 |
				   (uint64_t)s->a >> g->offset_bits) + 1;
		} else if (space == DS_CREATE || space == DS_FORK) {
			names = xgrow(names, &cap, n + 1, sizeof *names);
			names[n] = s->sym;
			if (space == DS_CREATE)
				cur = n;
			n++;
		} else if (space == DS_SWITCH) {
			for (k = 0; k < n; k++)
				if (names[k] == s->sym)
					cur = k;
		}
	}
	f = vm_future_create(keys, p->nsteps);
	free(keys);
	free(names);
	return f;
}
