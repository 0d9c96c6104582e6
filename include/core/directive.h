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
#include "core/exec.h"
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
 * How a step touches memory, declared in its directive's table entry so that
 * OPT's future scan and the views never recognise a directive by its name or
 * its function.
 */
enum directive_access {
	DA_NONE = 0,
	DA_REF = 1u << 0,    /* references a page by number (refs) */
	DA_READ = 1u << 1,   /* reads the step's one address (read) */
	DA_WRITE = 1u << 2,  /* writes the step's one address (write) */
	DA_FETCH = 1u << 3,  /* fetches from the step's one address (fetch) */
	DA_STREAM = 1u << 4, /* accesses a run of addresses it generates
			      * itself (walk, trace) */
};

/* Where .space goes in program->step_access (program.h). */
#define DA_SPACE_SHIFT 5

/* The accesses at the step's own address (s->a). */
#define DA_ADDRESS (DA_READ | DA_WRITE | DA_FETCH)

/* What a step does to the address spaces, for the same readers. */
enum directive_space {
	DS_NONE = 0,
	DS_CREATE, /* creates a process and runs it (process) */
	DS_FORK,   /* copies the running process into a new one (fork) */
	DS_SWITCH, /* runs another process (switch) */
};

struct directive {
	const char *name;
	const char *synopsis; /* "call FUNC [NAME=VALUE ...]" */
	const char *summary;  /* one line: what it does */
	enum directive_kind kind;
	unsigned access;            /* DA_* (0: the step touches no memory) */
	enum directive_space space; /* DS_* */
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

/*
 * The name of event ev as output shows it: event_kind_name(ev->kind)
 * (event.h), except that an EV_NOTHING event is named after the directive
 * of its step (whose op the event keeps in id), as `--batch --json` always
 * printed it.  Here because only the directive table knows the names.
 */
const char *event_name(const struct event *ev);

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
