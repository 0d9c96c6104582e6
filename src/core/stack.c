/*
 * stack.c: the call stack.  Frames grow down from `base`; all slots of all
 * frames live in one array, frame by frame, so a checkpoint copy is two
 * memcpy calls.  Invariants: sp == the lowest slot address of the newest
 * frame (or base when empty); fp == the newest frame's saved-fp slot; every
 * slot is 8-byte aligned and a multiple of 8 bytes; sp >= base - size.
 *
 * The directives (stack, call, local, ret) are in stack_directive.c,
 * which resolves names through the machine and calls the steps here.
 *
 * Each step emits one event per state change (push an argument, the return
 * address, the saved frame pointer; add a local; pop a frame) so the
 * screen can show a call micro-step by micro-step.
 */
#include "core/stack.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/directive.h"
#include "core/json.h"
#include "core/scenario.h"
#include "core/util.h"

#define WORD 8u

uint64_t stack_code_addr(uint32_t line)
{
	return 0x401000u + (uint64_t)line * 0x10u;
}

void stack_init(struct stack *st, const struct stack_config *cfg)
{
	memset(st, 0, sizeof *st);
	st->base = cfg->base;
	st->size_bytes = cfg->size_bytes;
	st->sp = cfg->base;
}

void stack_free(struct stack *st)
{
	free(st->frames);
	free(st->slots);
	memset(st, 0, sizeof *st);
}

void stack_copy(struct stack *dst, const struct stack *src)
{
	struct stack keep = *dst;

	*dst = *src;
	dst->frames = xcopy_array(keep.frames, &keep.frames_cap, src->frames,
				  src->nframes, sizeof *src->frames);
	dst->slots = xcopy_array(keep.slots, &keep.slots_cap, src->slots,
				 src->nslots, sizeof *src->slots);
	dst->frames_cap = keep.frames_cap;
	dst->slots_cap = keep.slots_cap;
}

static bool slot_equal(const struct stack_slot *a, const struct stack_slot *b)
{
	return a->kind == b->kind && a->name == b->name && a->addr == b->addr &&
	       a->size == b->size && a->declared == b->declared &&
	       a->value == b->value && a->has_value == b->has_value;
}

static bool frame_equal(const struct stack_frame *a,
			const struct stack_frame *b)
{
	return a->func == b->func && a->call_line == b->call_line &&
	       a->top == b->top && a->fp == b->fp &&
	       a->saved_fp == b->saved_fp &&
	       a->return_addr == b->return_addr && a->slot0 == b->slot0 &&
	       a->nslots == b->nslots;
}

bool stack_equal(const struct stack *a, const struct stack *b)
{
	size_t i;

	if (a->base != b->base || a->size_bytes != b->size_bytes ||
	    a->sp != b->sp || a->fp != b->fp || a->nframes != b->nframes ||
	    a->nslots != b->nslots || a->calls != b->calls ||
	    a->returns != b->returns || a->max_depth != b->max_depth ||
	    a->max_used_bytes != b->max_used_bytes ||
	    a->overflowed != b->overflowed)
		return false;
	for (i = 0; i < a->nframes; i++)
		if (!frame_equal(&a->frames[i], &b->frames[i]))
			return false;
	for (i = 0; i < a->nslots; i++)
		if (!slot_equal(&a->slots[i], &b->slots[i]))
			return false;
	return true;
}

uint64_t stack_used(const struct stack *st)
{
	return st->base - st->sp;
}

const struct stack_frame *stack_top(const struct stack *st)
{
	return st->nframes ? &st->frames[st->nframes - 1] : NULL;
}

const struct stack_slot *stack_find(const struct stack *st, uint32_t name)
{
	const struct stack_frame *f = stack_top(st);
	size_t i;

	if (f == NULL || name == SYM_NONE)
		return NULL;
	for (i = 0; i < f->nslots; i++)
		if (st->slots[f->slot0 + i].name == name)
			return &st->slots[f->slot0 + i];
	return NULL;
}

const struct stack_slot *stack_find_any(const struct stack *st, uint32_t name)
{
	size_t i;

	if (name == SYM_NONE)
		return NULL;
	for (i = st->nslots; i-- > 0;)
		if (st->slots[i].name == name)
			return &st->slots[i];
	return NULL;
}

/* The lowest address the stack may use. */
static uint64_t stack_limit(const struct stack *st)
{
	return st->base - st->size_bytes;
}

static struct stack_slot *push_slot(struct stack *st, enum slot_kind kind,
				    uint32_t name, uint64_t size)
{
	struct stack_slot *s;

	st->slots = xgrow(st->slots, &st->slots_cap, st->nslots + 1,
			  sizeof *st->slots);
	s = &st->slots[st->nslots++];
	memset(s, 0, sizeof *s);
	s->kind = kind;
	s->name = name;
	s->size = size;
	s->declared = size;
	st->sp -= size;
	s->addr = st->sp;
	st->frames[st->nframes - 1].nslots++;
	if (stack_used(st) > st->max_used_bytes)
		st->max_used_bytes = stack_used(st);
	return s;
}

/* Narrate a stack overflow and halt the simulated program. */
static void overflow(struct stack *st, struct exec_ctx *x, const char *what,
		     uint64_t need)
{
	char size[32];

	st->overflowed = true;
	util_format_size(size, sizeof size, st->size_bytes);
	exec_emit(x, EV_STACK_OVERFLOW, EVF_ERROR | EVF_HALT, TGT_STACK_FRAME,
		  (int64_t)st->nframes - 1, 0,
		  "Stack overflow: %s needs %llu more bytes below sp=0x%llx, but the stack ends at 0x%llx (%s, %llu in use). The program crashes here, as a real one would on the guard page.",
		  what, (unsigned long long)need, (unsigned long long)st->sp,
		  (unsigned long long)stack_limit(st), size,
		  (unsigned long long)stack_used(st));
}

/* ---- steps ---- */


/* A value for the narration: hex when it is an address, else decimal. */
struct value_buf {
	char s[24];
};

static struct value_buf value_text(struct stack_value v)
{
	struct value_buf b;

	if (v.addr)
		snprintf(b.s, sizeof b.s, "0x%llx", (unsigned long long)v.v);
	else
		snprintf(b.s, sizeof b.s, "%lld", (long long)v.v);
	return b;
}

void stack_call(struct stack *st, const struct step *s,
		const struct stack_value *values, struct exec_ctx *x)
{
	const struct step_arg *args = program_step_args(x->prog, s);
	const char *func = program_name(x->prog, s->sym);
	uint64_t need = (uint64_t)s->nargs * WORD + 2 * WORD;
	struct stack_frame *f;
	struct stack_slot *slot;
	char sig[160], what[200];
	size_t i, off = 0;

	off += (size_t)snprintf(sig, sizeof sig, "%s(", func);
	for (i = 0; i < s->nargs && off < sizeof sig; i++)
		off += (size_t)snprintf(sig + off, sizeof sig - off, "%s%s=%s",
					i ? ", " : "",
					program_name(x->prog, args[i].name),
					value_text(values[i]).s);
	if (off < sizeof sig)
		snprintf(sig + off, sizeof sig - off, ")");
	if (st->sp - stack_limit(st) < need) {
		snprintf(what, sizeof what, "call %s", sig);
		overflow(st, x, what, need);
		return;
	}
	st->frames = xgrow(st->frames, &st->frames_cap, st->nframes + 1,
			   sizeof *st->frames);
	f = &st->frames[st->nframes++];
	memset(f, 0, sizeof *f);
	f->func = s->sym;
	f->call_line = s->line;
	f->top = st->sp;
	f->slot0 = st->nslots;
	f->saved_fp = st->fp;
	f->return_addr = stack_code_addr(s->line);
	st->calls++;
	if (st->nframes > st->max_depth)
		st->max_depth = st->nframes;
	for (i = 0; i < s->nargs; i++) {
		slot = push_slot(st, SLOT_PARAM, args[i].name, WORD);
		slot->value = values[i].v;
		slot->has_value = true;
		if (!exec_emit(x, EV_PUSH_ARG, 0, TGT_STACK_SLOT,
			       (int64_t)st->nframes - 1,
			       (int64_t)f->nslots - 1,
			       "%s%s: push argument %s=%s at 0x%llx.",
			       i == 0 ? "call " : "", i == 0 ? sig : func,
			       program_name(x->prog, args[i].name),
			       value_text(values[i]).s,
			       (unsigned long long)slot->addr))
			return;
	}
	slot = push_slot(st, SLOT_RETADDR, SYM_NONE, WORD);
	slot->value = (int64_t)f->return_addr;
	slot->has_value = true;
	if (!exec_emit(x, EV_PUSH_RETURN, 0, TGT_STACK_SLOT,
		       (int64_t)st->nframes - 1, (int64_t)f->nslots - 1,
		       "%s%s: push return address 0x%llx (back to line %u) at 0x%llx.",
		       s->nargs ? "" : "call ", s->nargs ? func : sig,
		       (unsigned long long)f->return_addr, s->line,
		       (unsigned long long)slot->addr))
		return;
	slot = push_slot(st, SLOT_SAVED_FP, SYM_NONE, WORD);
	slot->value = (int64_t)f->saved_fp;
	slot->has_value = true;
	f->fp = slot->addr;
	st->fp = f->fp;
	exec_emit(x, EV_PUSH_FRAME, 0, TGT_STACK_FRAME, (int64_t)st->nframes - 1,
		  0,
		  "%s: save the caller's frame pointer 0x%llx%s at 0x%llx; fp = 0x%llx. Frame #%zu is %llu bytes at 0x%llx; stack use %llu of %llu bytes.",
		  func, (unsigned long long)f->saved_fp,
		  f->saved_fp ? "" : " (no caller frame yet)",
		  (unsigned long long)slot->addr, (unsigned long long)f->fp,
		  st->nframes, (unsigned long long)(f->top - st->sp),
		  (unsigned long long)st->sp,
		  (unsigned long long)stack_used(st),
		  (unsigned long long)st->size_bytes);
}

bool stack_local_allowed(const struct stack *st, const struct step *s,
			 struct exec_ctx *x)
{
	const char *name = program_name(x->prog, s->sym);

	if (st->nframes == 0) {
		exec_scenario_error(x, 0, "`local %s` outside any frame (call a function first)",
				    name);
		return false;
	}
	if (stack_find(st, s->sym)) {
		exec_scenario_error(x, 0, "`%s` already exists in this frame of %s",
				    name,
				    program_name(x->prog,
						 st->frames[st->nframes - 1].func));
		return false;
	}
	return true;
}

void stack_local(struct stack *st, const struct step *s,
		 struct stack_value value, struct exec_ctx *x)
{
	const char *name = program_name(x->prog, s->sym);
	uint64_t size = ((uint64_t)s->a + WORD - 1) / WORD * WORD;
	struct stack_frame *f = &st->frames[st->nframes - 1];
	struct stack_slot *slot;
	char what[120];

	if (st->sp - stack_limit(st) < size) {
		snprintf(what, sizeof what, "local %s (%lld bytes) in %s", name,
			 (long long)s->a, program_name(x->prog, f->func));
		overflow(st, x, what, size);
		return;
	}
	slot = push_slot(st, SLOT_LOCAL, s->sym, size);
	slot->declared = (uint64_t)s->a;
	slot->value = value.v;
	slot->has_value = s->nargs > 0;
	if (s->nargs)
		exec_emit(x, EV_LOCAL, 0, TGT_STACK_SLOT,
			  (int64_t)st->nframes - 1, (int64_t)f->nslots - 1,
			  "local %s = %s in %s: %lld bytes at 0x%llx%s; stack use %llu of %llu bytes.",
			  name, value_text(value).s,
			  program_name(x->prog, f->func), (long long)s->a,
			  (unsigned long long)slot->addr,
			  size != (uint64_t)s->a ? " (padded to 8)" : "",
			  (unsigned long long)stack_used(st),
			  (unsigned long long)st->size_bytes);
	else
		exec_emit(x, EV_LOCAL, 0, TGT_STACK_SLOT,
			  (int64_t)st->nframes - 1, (int64_t)f->nslots - 1,
			  "local %s in %s: %lld bytes at 0x%llx%s, not initialised; stack use %llu of %llu bytes.",
			  name, program_name(x->prog, f->func),
			  (long long)s->a, (unsigned long long)slot->addr,
			  size != (uint64_t)s->a ? " (padded to 8)" : "",
			  (unsigned long long)stack_used(st),
			  (unsigned long long)st->size_bytes);
}

bool stack_ret_allowed(const struct stack *st, struct exec_ctx *x)
{
	if (st->nframes == 0) {
		exec_scenario_error(x, 0, "`ret` with no frame to return from");
		return false;
	}
	return true;
}

void stack_ret(struct stack *st, const struct step *s, int64_t value,
	       struct exec_ctx *x)
{
	struct stack_frame f;
	char val[48] = "";

	if (s->nargs)
		snprintf(val, sizeof val, " %lld", (long long)value);
	f = st->frames[st->nframes - 1];
	st->nframes--;
	st->nslots = f.slot0;
	st->sp = f.top;
	st->fp = f.saved_fp;
	st->returns++;
	if (st->nframes)
		exec_emit(x, EV_POP_FRAME, 0, TGT_STACK_FRAME,
			  (int64_t)st->nframes, 0,
			  "Return%s from %s to line %u (return address 0x%llx): frame #%zu (%llu bytes) is popped, fp = 0x%llx again; its arguments and locals are gone. Stack use %llu of %llu bytes.",
			  val, program_name(x->prog, f.func), f.call_line,
			  (unsigned long long)f.return_addr, st->nframes + 1,
			  (unsigned long long)(f.top - (f.nslots ? st->slots[f.slot0 + f.nslots - 1].addr : f.top)),
			  (unsigned long long)st->fp,
			  (unsigned long long)stack_used(st),
			  (unsigned long long)st->size_bytes);
	else
		exec_emit(x, EV_POP_FRAME, 0, TGT_STACK_FRAME, 0, 0,
			  "Return%s from %s: the last frame is popped and the stack is empty.",
			  val, program_name(x->prog, f.func));
}

/* ---- headless output ---- */

static void slot_json(const struct stack_slot *sl, const struct program *p,
		      struct json *j)
{
	json_begin_object(j);
	json_kv_string(j, "name", program_name(p, sl->name));
	json_kv_uint(j, "addr", sl->addr);
	json_kv_uint(j, "size", sl->declared);
	json_key(j, "value");
	if (sl->has_value)
		json_int(j, sl->value);
	else
		json_null(j);
	json_end_object(j);
}

/* One frame as the stack's JSON writes it (depth is 1-based). */
static void frame_json(const struct stack *st, size_t i,
		       const struct program *p, struct json *j)
{
	const struct stack_frame *f = &st->frames[i];
	uint64_t low = f->nslots ? st->slots[f->slot0 + f->nslots - 1].addr : f->top;
	size_t k;

	json_begin_object(j);
	json_kv_uint(j, "depth", i + 1);
	json_kv_string(j, "func", program_name(p, f->func));
	json_kv_uint(j, "addr", low);
	json_kv_uint(j, "size", f->top - low);
	json_kv_uint(j, "fp", f->fp);
	json_kv_uint(j, "return_addr", f->return_addr);
	json_kv_uint(j, "saved_fp", f->saved_fp);
	json_kv_uint(j, "call_line", f->call_line);
	json_key(j, "params");
	json_begin_array(j);
	for (k = 0; k < f->nslots; k++)
		if (st->slots[f->slot0 + k].kind == SLOT_PARAM)
			slot_json(&st->slots[f->slot0 + k], p, j);
	json_end_array(j);
	json_key(j, "locals");
	json_begin_array(j);
	for (k = 0; k < f->nslots; k++)
		if (st->slots[f->slot0 + k].kind == SLOT_LOCAL)
			slot_json(&st->slots[f->slot0 + k], p, j);
	json_end_array(j);
	json_end_object(j);
}

void stack_json(const struct stack *st, const struct program *p,
		struct json *j)
{
	size_t i;

	json_begin_object(j);
	json_kv_uint(j, "base", st->base);
	json_kv_uint(j, "size", st->size_bytes);
	json_kv_uint(j, "sp", st->sp);
	json_kv_uint(j, "fp", st->fp);
	json_kv_uint(j, "used", stack_used(st));
	json_key(j, "frames");
	json_begin_array(j);
	for (i = 0; i < st->nframes; i++)
		frame_json(st, i, p, j);
	json_end_array(j);
	json_end_object(j);
}

void stack_json_top(const struct stack *st, const struct program *p,
		    struct json *j)
{
	json_begin_object(j);
	json_kv_uint(j, "sp", st->sp);
	json_kv_uint(j, "fp", st->fp);
	json_kv_uint(j, "used", stack_used(st));
	json_kv_uint(j, "depth", st->nframes);
	json_key(j, "frame");
	if (st->nframes)
		frame_json(st, st->nframes - 1, p, j);
	else
		json_null(j);
	json_end_object(j);
}

void stack_json_summary(const struct stack *st, struct json *j)
{
	json_kv_uint(j, "calls", st->calls);
	json_kv_uint(j, "returns", st->returns);
	json_kv_uint(j, "max_depth", st->max_depth);
	json_kv_uint(j, "max_stack_bytes", st->max_used_bytes);
	json_kv_bool(j, "stack_overflow", st->overflowed);
}
