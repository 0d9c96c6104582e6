/*
 * stack_directive.c: the stack's directives (stack, call, local, ret):
 * parse them, resolve the values they name (a slot of the newest frame, a
 * heap block or a managed object, through the machine) and run the
 * stack model's steps (stack.c).
 */
#include "core/stack.h"

#include <stdio.h>
#include <string.h>

#include "core/directive.h"
#include "core/machine.h"
#include "core/scenario.h"
#include "core/util.h"

#define WORD 8u

/*
 * Resolve a value argument: a literal, the value of a named slot in the
 * newest frame, or else the address of a named heap block or managed
 * object (a pointer to it).  A scenario error when the name is unknown or
 * unset.
 */
/* A value as the stack keeps it: whether it is an address of the machine
 * (the narration then shows it in hex). */
static struct stack_value value_of(const struct machine *m, int64_t v)
{
	struct stack_value sv;

	sv.v = v;
	sv.addr = v > 0 && machine_is_address(m, (uint64_t)v);
	return sv;
}

static bool resolve_value(const struct machine *m, const struct step_arg *a,
			  struct exec_ctx *x, int64_t *out)
{
	const struct stack *st = &m->stack;
	const struct stack_slot *slot;
	const char *name;
	uint64_t addr;

	if (a->ref == SYM_NONE) {
		*out = a->value;
		return true;
	}
	name = program_name(x->prog, a->ref);
	slot = stack_find(st, a->ref);
	if (slot == NULL && machine_resolve_object(m, a->ref, &addr)) {
		*out = (int64_t)addr;
		return true;
	}
	if (slot == NULL) {
		const struct stack_frame *f = stack_top(st);
		if (f)
			exec_scenario_error(x, a->col,
					    "unknown name `%s`: not a parameter or local of %s, nor a heap block or object",
					    name, program_name(x->prog, f->func));
		else
			exec_scenario_error(x, a->col,
					    "unknown name `%s`: there is no frame yet",
					    name);
		return false;
	}
	if (!slot->has_value) {
		exec_scenario_error(x, a->col, "`%s` has no value yet", name);
		return false;
	}
	*out = slot->value;
	return true;
}

static bool parse_stack(struct parse_ctx *pc, const struct token *args,
			size_t nargs)
{
	struct stack_config *c = &pc->prog->config.stack;
	bool size_seen = false, base_seen = false;
	const struct option_spec specs[] = {
		{ "size", OPT_U64, &c->size_bytes, NULL, &size_seen },
		{ "base", OPT_U64, &c->base, NULL, &base_seen },
		{ NULL, OPT_U64, NULL, NULL, NULL },
	};

	if (!parse_expect(pc, nargs, 1, -1) ||
	    !parse_options(pc, args, nargs, specs))
		return false;
	if (size_seen && (c->size_bytes < 64 || c->size_bytes % WORD ||
			  c->size_bytes > 1024ull * 1024 * 1024)) {
		parse_error_here(pc, "stack size must be a multiple of 8 between 64 bytes and 1G");
		return false;
	}
	if (base_seen && (c->base % 16 || c->base > (1ull << 48))) {
		parse_error_here(pc, "stack base must be a multiple of 16 below 2^48");
		return false;
	}
	if (c->base < c->size_bytes) {
		parse_error_here(pc, "stack base 0x%llx is lower than its size",
				 (unsigned long long)c->base);
		return false;
	}
	pc->prog->config.uses |= USES_STACK;
	return true;
}

static bool parse_call(struct parse_ctx *pc, const struct token *args,
		       size_t nargs)
{
	struct step *s;
	size_t i;
	uint32_t func;
	bool ok = true;

	if (!parse_expect(pc, nargs, 1, 64) || !parse_ident(pc, &args[0], &func))
		return false;
	s = parse_add_step(pc);
	s->sym = func;
	for (i = 1; i < nargs; i++) {
		struct step_arg *a;
		uint32_t name;
		size_t k;

		if (args[i].type != TOK_OPTION) {
			parse_error(pc, &args[i], "expected an argument as NAME=VALUE");
			ok = false;
			continue;
		}
		name = program_intern(pc->prog, args[i].text, args[i].len);
		for (k = 0; k < s->nargs; k++)
			if (pc->prog->args[s->arg0 + k].name == name)
				break;
		if (k < s->nargs) {
			diag_error(pc->diag, pc->line, args[i].col,
				   "argument `%s` given twice",
				   program_name(pc->prog, name));
			ok = false;
			continue;
		}
		a = program_add_arg(pc->prog);
		a->name = name;
		{
			struct token key = args[i];
			key.type = TOK_WORD;
			key.value = NULL;
			if (!parse_ident(pc, &key, &a->name))
				ok = false;
		}
		if (!parse_value(pc, &args[i], a))
			ok = false;
	}
	pc->prog->config.uses |= USES_STACK;
	return ok;
}

static bool parse_local(struct parse_ctx *pc, const struct token *args,
			size_t nargs)
{
	struct step *s;
	uint32_t name;
	uint64_t size;

	if (nargs != 2 && nargs != 4) {
		parse_expect(pc, nargs, nargs < 2 ? 2 : 5, 2);
		return false;
	}
	if (!parse_ident(pc, &args[0], &name) || !parse_u64(pc, &args[1], &size))
		return false;
	if (size == 0 || size > (1ull << 32)) {
		parse_error(pc, &args[1], "a local's size must be between 1 byte and 4G");
		return false;
	}
	if (nargs == 4 && args[2].type != TOK_EQUALS) {
		parse_error(pc, &args[2], "expected `=` before the initial value");
		return false;
	}
	s = parse_add_step(pc);
	s->sym = name;
	s->a = (int64_t)size;
	if (nargs == 4) {
		struct step_arg *a = program_add_arg(pc->prog);
		if (!parse_value(pc, &args[3], a))
			return false;
	}
	pc->prog->config.uses |= USES_STACK;
	return true;
}

static bool parse_ret(struct parse_ctx *pc, const struct token *args,
		      size_t nargs)
{
	if (!parse_expect(pc, nargs, 0, 1))
		return false;
	parse_add_step(pc);
	if (nargs == 1) {
		struct step_arg *a = program_add_arg(pc->prog);
		if (!parse_value(pc, &args[0], a))
			return false;
	}
	pc->prog->config.uses |= USES_STACK;
	return true;
}

static void exec_call(struct machine *m, const struct step *s,
		      struct exec_ctx *x)
{
	const struct step_arg *args = program_step_args(x->prog, s);
	struct stack_value values[64];
	int64_t v;
	size_t i;

	for (i = 0; i < s->nargs; i++) {
		if (!resolve_value(m, &args[i], x, &v))
			return;
		values[i] = value_of(m, v);
	}
	stack_call(&m->stack, s, values, x);
}

static void exec_local(struct machine *m, const struct step *s,
		       struct exec_ctx *x)
{
	const struct step_arg *args = program_step_args(x->prog, s);
	int64_t value = 0;

	if (!stack_local_allowed(&m->stack, s, x))
		return;
	if (s->nargs && !resolve_value(m, &args[0], x, &value))
		return;
	stack_local(&m->stack, s, value_of(m, value), x);
}

static void exec_ret(struct machine *m, const struct step *s,
		     struct exec_ctx *x)
{
	const struct step_arg *args = program_step_args(x->prog, s);
	int64_t value = 0;

	if (!stack_ret_allowed(&m->stack, x))
		return;
	if (s->nargs && !resolve_value(m, &args[0], x, &value))
		return;
	stack_ret(&m->stack, s, value, x);
}

const struct directive stack_directives[] = {
	{ .name = "stack", .synopsis = "stack [size=BYTES] [base=ADDR]",
	  .summary = "the stack's size (default 8K) and base, its highest address + 1 (default 0x7fff0000)",
	  .kind = DK_CONFIG, .parse = parse_stack },
	{ .name = "call", .synopsis = "call FUNC [NAME=VALUE ...]",
	  .summary = "call a function: push its arguments, the return address and the saved frame pointer",
	  .kind = DK_STEP, .parse = parse_call, .exec = exec_call },
	{ .name = "local", .synopsis = "local NAME SIZE [= VALUE]",
	  .summary = "add a local variable of SIZE bytes to the newest frame",
	  .kind = DK_STEP, .parse = parse_local, .exec = exec_local },
	{ .name = "ret", .synopsis = "ret [VALUE]",
	  .summary = "return from the newest frame, popping it",
	  .kind = DK_STEP, .parse = parse_ret, .exec = exec_ret },
	{ .name = NULL },
};
