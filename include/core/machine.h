/*
 * machine.h: the whole simulated machine, the state every view draws.  It
 * holds one instance of each model; the engine is its only writer, and it
 * is copied whole for checkpoints, so every model provides init, free, copy
 * and equal.  Views receive it as `const struct machine *`.
 */
#ifndef MEMVIZ_CORE_MACHINE_H
#define MEMVIZ_CORE_MACHINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/gc.h"
#include "core/heap.h"
#include "core/cache.h"
#include "core/program.h"
#include "core/stack.h"
#include "core/vm.h"

struct machine {
	const struct program *prog;
	struct stack stack;
	struct cache cache;   /* caches and latency accounting */
	struct heap heap;
	struct gc gc;         /* garbage-collected objects */
	struct vm vm;
	uint64_t rng;        /* seeded from the scenario's `seed` */
	uint64_t steps_done; /* steps applied since the start */
	uint64_t errors;     /* error steps (the simulated program failed) */
	bool halted;         /* the simulated program crashed */
};

void machine_init(struct machine *m, const struct program *prog);
void machine_free(struct machine *m);
/* Make dst (initialised) an independent copy of src. */
void machine_copy(struct machine *dst, const struct machine *src);
bool machine_equal(const struct machine *a, const struct machine *b);
/* Approximate bytes a copy of m holds (for the checkpoint budget). */
size_t machine_bytes(const struct machine *m);

struct json;
/*
 * Headless output: the state of every model the scenario uses, as fields
 * of the current JSON object ("stack": {...}, ...), and the summary
 * counters as fields of the summary object.
 */
void machine_json_state(const struct machine *m, struct json *j);
void machine_json_summary(const struct machine *m, struct json *j);

/*
 * The address a scenario name stands for (`read NAME+OFFSET`, `free p`):
 * a heap name (the address its block was given; a freed name still holds
 * its old, dangling address, a failed allocation 0), else a managed (gc)
 * object's name (its current address; a freed object's last), else a stack
 * parameter or local with a value (searched from the newest frame).
 * False when the name is neither.
 */
bool machine_resolve(const struct machine *m, uint32_t name, uint64_t *addr);
/*
 * The address of a named heap block or managed object (not stack slots):
 * what `local p 8 = buf` stores.  False when the name is neither.
 */
bool machine_resolve_object(const struct machine *m, uint32_t name,
			    uint64_t *addr);

/*
 * True when v is the address of a heap block (anywhere in it) or of a
 * managed object: the narration then shows the value in hex, as an
 * address ("local p = 0x20020"), not as a number.
 */
bool machine_is_address(const struct machine *m, uint64_t v);

/*
 * After each step's own work, what one model's change means for another
 * (a returned frame drops its references to managed objects).  Called by
 * the engine; emits events on x like the step itself.
 */
struct exec_ctx;
void machine_after_step(struct machine *m, struct exec_ctx *x);

/* Deterministic pseudo-random numbers (xorshift64*), for `random` policies. */
uint64_t machine_random(struct machine *m);

#endif
