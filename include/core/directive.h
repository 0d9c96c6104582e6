/*
 * directive.h: the table of scenario directives.  Each directive is one
 * entry: its keyword, a synopsis used in errors and help, whether it is
 * meta (title, note), configuration (before the first step) or a step, a
 * parse function that turns its tokens into configuration or steps, and an
 * exec function that applies one step to the machine, emitting events.
 *
 * Models add directives by adding entries to their own table (one array per
 * model, listed in directive.c), never by adding branches to a dispatcher.
 */
#ifndef MEMVIZ_CORE_DIRECTIVE_H
#define MEMVIZ_CORE_DIRECTIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/event.h"
#include "core/program.h"

struct machine;
struct parse_ctx;
struct token;
struct diag;
struct json;

enum directive_kind {
	DK_META,   /* allowed anywhere: title, about, note, mark, seed */
	DK_CONFIG, /* only before the first step */
	DK_STEP,   /* a step (or several) */
};

/*
 * The context a step executes in.  Models report what they do with
 * exec_emit(); when it returns false the event budget is spent and the
 * model must return at once, leaving the state as of that event (this is
 * how the engine shows a step micro-step by micro-step).  So: change the
 * state, then emit the event that narrates the change; make no change after
 * the last emit; emit at least one event per step.
 */
struct exec_ctx {
	const struct program *prog;
	const struct step *step;
	size_t step_index;      /* 0-based */
	struct event *events;   /* events emitted so far (owned by the engine) */
	size_t nevents, cap;
	size_t limit;           /* stop after this many events (SIZE_MAX: all) */
	bool quiet;             /* no narration text wanted (fast replay) */
	bool stopped;           /* the budget ran out */
	bool halt;              /* the simulated program crashed: stop the run */
	uint32_t flags;         /* union of the flags of all events emitted */
	struct diag *diag;      /* scenario (logic) errors go here; may be NULL */
	unsigned scenario_errors;
};

/*
 * Emit an event: its kind (a static string), flags (EVF_*), the target it
 * changed, and a printf-style narration sentence (skipped when quiet).
 * Returns false when the model must stop (budget reached).
 */
bool exec_emit(struct exec_ctx *x, const char *kind, uint32_t flags,
	       enum event_target target, int64_t id, int64_t id2,
	       const char *fmt, ...) __attribute__((format(printf, 7, 8)));

/*
 * A logic error in the scenario found while executing (`ret` with no frame,
 * an unknown name).  Reported as FILE:LINE:COL on the step's line; the step
 * then does nothing.  The engine refuses to start a program with any.
 */
void exec_scenario_error(struct exec_ctx *x, unsigned col, const char *fmt,
			 ...) __attribute__((format(printf, 3, 4)));

struct directive {
	const char *name;
	const char *synopsis; /* "call FUNC [NAME=VALUE ...]" */
	const char *summary;  /* one line: what it does */
	enum directive_kind kind;
	/* Parse the arguments (tokens after the keyword); false on error. */
	bool (*parse)(struct parse_ctx *pc, const struct token *args,
		      size_t nargs);
	/* Apply one step (DK_STEP only). */
	void (*exec)(struct machine *m, const struct step *s,
		     struct exec_ctx *x);
	/*
	 * Optional: add this step's own fields to its JSON Lines object
	 * (e.g. "page", "hit"), reading the machine as the step left it.
	 */
	void (*json)(const struct machine *m, const struct step *s,
		     struct json *j);
	/*
	 * Optional: called once after the whole file parsed without errors,
	 * to append implicit steps (e.g. the heap's leak check at the end).
	 */
	void (*finish)(struct parse_ctx *pc);
};

/* Look up a keyword; stores its op code.  NULL when unknown. */
const struct directive *directive_find(const char *name, size_t len,
				       uint16_t *op);
/* The directive for an op code. */
const struct directive *directive_get(uint16_t op);
/* Iterate: fills the NULL-terminated list `out` (at most max-1 names). */
size_t directive_names(const char **out, size_t max);

/* Each model's table (ends with a NULL name), listed in directive.c. */
extern const struct directive meta_directives[];
extern const struct directive stack_directives[];
extern const struct directive cache_directives[];
extern const struct directive repeat_directives[];
extern const struct directive vm_directives[];
extern const struct directive heap_directives[];
extern const struct directive gc_directives[];
extern const struct directive quiz_directives[];
extern const struct directive preset_directives[];

#endif
