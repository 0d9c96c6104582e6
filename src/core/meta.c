/*
 * meta.c: directives about the scenario rather than the machine: title,
 * about, note, mark and seed.  Notes and marks wait in the parse context
 * and attach to the next step.
 */
#include <stdlib.h>
#include <string.h>

#include "core/directive.h"
#include "core/scenario.h"
#include "core/util.h"

/* Parse a single string argument into *dest, refusing a second one. */
static bool parse_once(struct parse_ctx *pc, const struct token *args,
		       size_t nargs, char **dest)
{
	char *s;

	if (!parse_expect(pc, nargs, 1, 1))
		return false;
	if (*dest) {
		parse_error_here(pc, "`%s` given twice",
				 directive_get(pc->op)->name);
		return false;
	}
	if (!parse_string(pc, &args[0], &s))
		return false;
	*dest = s;
	return true;
}

static bool parse_title(struct parse_ctx *pc, const struct token *args,
			size_t nargs)
{
	return parse_once(pc, args, nargs, &pc->prog->config.title);
}

static bool parse_about(struct parse_ctx *pc, const struct token *args,
			size_t nargs)
{
	return parse_once(pc, args, nargs, &pc->prog->config.about);
}

static bool parse_note(struct parse_ctx *pc, const struct token *args,
		       size_t nargs)
{
	char *s;

	if (!parse_expect(pc, nargs, 1, 1) || !parse_string(pc, &args[0], &s))
		return false;
	if (pc->pending_note) {
		/* Consecutive notes join into one paragraph. */
		struct strbuf sb;
		strbuf_init(&sb);
		strbuf_printf(&sb, "%s %s", pc->pending_note, s);
		free(pc->pending_note);
		free(s);
		pc->pending_note = strbuf_detach(&sb);
		return true;
	}
	pc->pending_note = s;
	pc->pending_note_line = pc->line;
	return true;
}

static bool parse_mark(struct parse_ctx *pc, const struct token *args,
		       size_t nargs)
{
	char *s;

	if (!parse_expect(pc, nargs, 1, 1) || !parse_string(pc, &args[0], &s))
		return false;
	if (pc->pending_mark) {
		parse_error_here(pc, "two marks in a row: put a step between them");
		free(s);
		return false;
	}
	pc->pending_mark = s;
	pc->pending_mark_line = pc->line;
	return true;
}

static bool parse_seed(struct parse_ctx *pc, const struct token *args,
		       size_t nargs)
{
	return parse_expect(pc, nargs, 1, 1) &&
	       parse_u64(pc, &args[0], &pc->prog->config.seed);
}

const struct directive meta_directives[] = {
	{ .name = "title", .synopsis = "title \"TEXT\"",
	  .summary = "the scenario's title, shown on the title card and status line",
	  .kind = DK_META, .parse = parse_title },
	{ .name = "about", .synopsis = "about \"TEXT\"",
	  .summary = "what the scenario teaches, shown on the title card",
	  .kind = DK_META, .parse = parse_about },
	{ .name = "note", .synopsis = "note \"TEXT\"",
	  .summary = "narration attached to the next step",
	  .kind = DK_META, .parse = parse_note },
	{ .name = "mark", .synopsis = "mark \"NAME\"",
	  .summary = "a chapter marker at the next step",
	  .kind = DK_META, .parse = parse_mark },
	{ .name = "seed", .synopsis = "seed N",
	  .summary = "seed for the random choices (random replacement)",
	  .kind = DK_CONFIG, .parse = parse_seed },
	{ .name = NULL },
};
