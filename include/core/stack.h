/*
 * stack.h: the call stack model.  Frames grow down from the stack base.
 * A call pushes, from high to low addresses: the arguments (8 bytes each,
 * the first argument highest), the return address (8 bytes) and the saved
 * frame pointer (8 bytes); the frame pointer then points at the saved frame
 * pointer.  `local` extends the newest frame downward by its size rounded up
 * to 8 bytes.  A push that would cross the stack limit (base - size) is a
 * stack overflow: the simulated program crashes and the run stops.
 */
#ifndef MEMVIZ_CORE_STACK_H
#define MEMVIZ_CORE_STACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/program.h"

enum slot_kind {
	SLOT_PARAM,
	SLOT_RETADDR,
	SLOT_SAVED_FP,
	SLOT_LOCAL,
};

/* One named piece of a frame at a concrete address. */
struct stack_slot {
	enum slot_kind kind;
	uint32_t name;     /* symbol (SYM_NONE for return address / saved fp) */
	uint64_t addr;     /* lowest address of the slot */
	uint64_t size;     /* bytes reserved (a multiple of 8) */
	uint64_t declared; /* bytes asked for (local SIZE) */
	int64_t value;
	bool has_value;
};

struct stack_frame {
	uint32_t func;        /* symbol of the function */
	uint32_t call_line;   /* scenario line of the call */
	uint64_t top;         /* highest address + 1 of the frame */
	uint64_t fp;          /* frame pointer: address of the saved fp slot */
	uint64_t saved_fp;    /* the caller's frame pointer */
	uint64_t return_addr; /* code address of the call site */
	size_t slot0;         /* first slot in stack->slots */
	size_t nslots;
};

struct stack {
	uint64_t base;        /* highest address + 1 */
	uint64_t size_bytes;
	uint64_t sp;          /* lowest used address (== base when empty) */
	uint64_t fp;          /* current frame pointer (0 when empty) */
	struct stack_frame *frames; /* frames[0] is the outermost */
	size_t nframes, frames_cap;
	struct stack_slot *slots;   /* all slots, frame by frame */
	size_t nslots, slots_cap;
	/* Counters for the summary. */
	uint64_t calls, returns, max_depth, max_used_bytes;
	bool overflowed;
};

/* Code address the scenario line `line` stands for (return addresses). */
uint64_t stack_code_addr(uint32_t line);

void stack_init(struct stack *st, const struct stack_config *cfg);
void stack_free(struct stack *st);
/* Make dst an independent copy of src (dst must be initialised or zeroed). */
void stack_copy(struct stack *dst, const struct stack *src);
bool stack_equal(const struct stack *a, const struct stack *b);

/* Bytes in use (base - sp). */
uint64_t stack_used(const struct stack *st);
/* The newest frame, or NULL. */
const struct stack_frame *stack_top(const struct stack *st);
/* Find a named slot in the newest frame; NULL when absent. */
const struct stack_slot *stack_find(const struct stack *st, uint32_t name);
/* Find a named slot searching all frames from the newest; NULL if absent. */
const struct stack_slot *stack_find_any(const struct stack *st, uint32_t name);

struct json;
/* Headless output: the stack as a JSON object value; summary counters. */
/*
 * The steps (the directives in stack_directive.c resolve the values first).
 * stack_call pushes a frame for step s (`call`) with its s->nargs argument
 * values; stack_local adds s's local (`local`) with value (used when s has
 * one), an address of the machine narrated in hex; stack_ret pops the
 * newest frame (`ret`), value being the returned one when s has one.  A stack overflow is an event (EVF_ERROR | EVF_HALT),
 * not a failure.  stack_local and stack_ret need what stack_local_allowed
 * and stack_ret_allowed check (a frame; a new name), which report a
 * scenario error through x and return false otherwise.
 */
struct step;
struct exec_ctx;
/* A value pushed, and whether it is an address (narrated in hex). */
struct stack_value {
	int64_t v;
	bool addr;
};
void stack_call(struct stack *st, const struct step *s,
		const struct stack_value *values, struct exec_ctx *x);
bool stack_local_allowed(const struct stack *st, const struct step *s,
			 struct exec_ctx *x);
void stack_local(struct stack *st, const struct step *s,
		 struct stack_value value, struct exec_ctx *x);
bool stack_ret_allowed(const struct stack *st, struct exec_ctx *x);
void stack_ret(struct stack *st, const struct step *s, int64_t value,
	       struct exec_ctx *x);

void stack_json(const struct stack *st, const struct program *p,
		struct json *j);
/*
 * The stack's top only, for the default (O(change)) JSON Lines step:
 * {"sp", "fp", "used", "depth", "frame"}, "frame" being the newest frame
 * as in stack_json (null when the stack is empty).
 */
void stack_json_top(const struct stack *st, const struct program *p,
		    struct json *j);
void stack_json_summary(const struct stack *st, struct json *j);

#endif
