/*
 * machine.c: the simulated machine as a whole: one instance of every
 * model, created from the program's configuration.  Copy and equality are
 * deep, because the engine's checkpoints and property tests depend on them.
 */
#include "core/machine.h"

#include <string.h>

#include "core/json.h"
#include "core/preset.h"
#include "core/util.h"

void machine_init(struct machine *m, const struct program *prog)
{
	memset(m, 0, sizeof *m);
	m->prog = prog;
	m->rng = prog->config.seed * 0x9e3779b97f4a7c15ull + 0x2545f4914f6cdd1dull;
	if (m->rng == 0)
		m->rng = 1;
	stack_init(&m->stack, &prog->config.stack);
	cache_init(&m->cache, &prog->config.cache);
	heap_init(&m->heap, &prog->config.heap);
	gc_init(&m->gc, prog);
	vm_init(&m->vm, &prog->config.vm, prog);
	preset_apply(m);
}

void machine_free(struct machine *m)
{
	stack_free(&m->stack);
	cache_free(&m->cache);
	heap_free(&m->heap);
	gc_free(&m->gc);
	vm_free(&m->vm);
}

void machine_copy(struct machine *dst, const struct machine *src)
{
	struct stack st = dst->stack;
	struct cache ca = dst->cache;
	struct heap hp = dst->heap;
	struct gc gc = dst->gc;
	struct vm vm = dst->vm;

	*dst = *src;
	dst->stack = st;
	stack_copy(&dst->stack, &src->stack);
	dst->cache = ca;
	cache_copy(&dst->cache, &src->cache);
	dst->heap = hp;
	heap_copy(&dst->heap, &src->heap);
	dst->gc = gc;
	gc_copy(&dst->gc, &src->gc);
	dst->vm = vm;
	vm_copy(&dst->vm, &src->vm);
}

bool machine_equal(const struct machine *a, const struct machine *b)
{
	return a->rng == b->rng && a->steps_done == b->steps_done &&
	       a->errors == b->errors && a->halted == b->halted &&
	       stack_equal(&a->stack, &b->stack) &&
	       cache_equal(&a->cache, &b->cache) &&
	       heap_equal(&a->heap, &b->heap) &&
	       gc_equal(&a->gc, &b->gc) && vm_equal(&a->vm, &b->vm);
}

size_t machine_bytes(const struct machine *m)
{
	return sizeof *m + cache_bytes(&m->cache) - sizeof m->cache +
	       m->stack.nframes * sizeof *m->stack.frames +
	       m->stack.nslots * sizeof *m->stack.slots + heap_bytes(&m->heap) +
	       gc_bytes(&m->gc) +
	       vm_bytes(&m->vm);
}

bool machine_resolve_object(const struct machine *m, uint32_t name,
			    uint64_t *addr)
{
	return heap_resolve(&m->heap, name, addr) ||
	       gc_resolve(&m->gc, name, addr);
}

bool machine_is_address(const struct machine *m, uint64_t v)
{
	if (v == 0)
		return false;
	if ((m->prog->config.uses & USES_GC) && gc_object_at(&m->gc, v) != GC_NIL)
		return true;
	return (m->prog->config.uses & USES_HEAP) &&
	       heap_block_at(&m->heap, v) != HEAP_NIL;
}

bool machine_resolve(const struct machine *m, uint32_t name, uint64_t *addr)
{
	const struct stack_slot *slot;

	if (machine_resolve_object(m, name, addr))
		return true;
	slot = stack_find_any(&m->stack, name);
	if (slot == NULL || !slot->has_value)
		return false;
	*addr = (uint64_t)slot->value;
	return true;
}

void machine_after_step(struct machine *m, struct exec_ctx *x)
{
	/* Stack roots: only a scenario with a stack and a GC heap has them. */
	if ((m->prog->config.uses & (USES_GC | USES_STACK)) ==
	    (USES_GC | USES_STACK))
		gc_after_step(m, x);
}

uint64_t machine_random(struct machine *m)
{
	return rng_next(&m->rng);
}

void machine_json_state(const struct machine *m, struct json *j)
{
	if (m->prog->config.uses & USES_STACK) {
		json_key(j, "stack");
		stack_json(&m->stack, m->prog, j);
	}
	if (m->prog->config.uses & USES_CACHE) {
		json_key(j, "caches");
		cache_json(&m->cache, j);
	}
	if (m->prog->config.uses & USES_HEAP) {
		json_key(j, "heap");
		heap_json(&m->heap, m->prog, j);
	}
	if (m->prog->config.uses & USES_GC) {
		json_key(j, "gc_heap");
		gc_json(&m->gc, m->prog, &m->stack, j);
	}
	if (m->prog->config.uses & USES_VM) {
		json_key(j, "vm");
		vm_json(&m->vm, j);
	}
}

void machine_json_summary(const struct machine *m, struct json *j)
{
	json_kv_uint(j, "steps", m->steps_done);
	json_kv_uint(j, "errors", m->errors);
	json_kv_bool(j, "crashed", m->halted);
	if (m->prog->config.uses & USES_STACK)
		stack_json_summary(&m->stack, j);
	if (m->prog->config.uses & USES_CACHE)
		cache_json_summary(&m->cache, j);
	if (m->prog->config.uses & USES_HEAP)
		heap_json_summary(&m->heap, m->prog, j);
	if (m->prog->config.uses & USES_GC)
		gc_json_summary(&m->gc, &m->stack, m->steps_done, j);
	if (m->prog->config.uses & USES_VM)
		vm_json_summary(&m->vm, j);
}
