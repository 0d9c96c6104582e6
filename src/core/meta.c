/*
 * meta.c: directives about the scenario rather than the machine: title,
 * about, note, mark, seed and panes.  Notes and marks wait in the parse
 * context and attach to the next step.
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

/* In PANES_* bit order. */
const char *const program_pane_names[] = {
	"stack", "heap", "pagetable", "frames", "cache", "gc", NULL,
};

uint32_t program_pane_bit(const char *name, size_t len)
{
	size_t i;

	for (i = 0; program_pane_names[i]; i++)
		if (strlen(program_pane_names[i]) == len &&
		    memcmp(program_pane_names[i], name, len) == 0)
			return 1u << i;
	return 0;
}

/*
 * panes NAME[,NAME...] [NAME...]: the model panes to show, in place of
 * the ones the scenario's directives imply.  Names may be separated by
 * commas, spaces or both; each unknown name is an error at its column.
 */
static bool parse_panes(struct parse_ctx *pc, const struct token *args,
			size_t nargs)
{
	uint32_t bits = 0;
	bool ok = true;
	size_t i;

	if (!parse_expect(pc, nargs, 1, -1))
		return false;
	if (pc->prog->config.panes && !pc->steps_started) {
		parse_error_here(pc, "`panes` given twice");
		return false;
	}
	for (i = 0; i < nargs; i++) {
		const char *s = args[i].text, *end = s + args[i].len;

		if (args[i].type == TOK_OPTION || args[i].type == TOK_EQUALS) {
			parse_error(pc, &args[i], "`panes` takes pane names, "
				    "such as `panes stack,heap`");
			return false;
		}
		while (s < end) {
			const char *comma = memchr(s, ',', (size_t)(end - s));
			size_t len = comma ? (size_t)(comma - s)
					   : (size_t)(end - s);
			uint32_t bit = program_pane_bit(s, len);

			if (bit == 0 && len > 0) {
				struct token part = args[i];
				int idx;

				part.type = TOK_WORD;
				part.text = s;
				part.len = len;
				if (args[i].type == TOK_WORD)
					part.col = args[i].col +
						   (unsigned)(s - args[i].text);
				/* Reports the unknown name with the choices. */
				parse_choice(pc, &part, program_pane_names,
					     "pane", &idx);
				ok = false;
			}
			bits |= bit;
			s += len + (comma ? 1 : 0);
		}
	}
	if (ok && bits == 0) {
		parse_error_here(pc, "`panes` names no pane");
		ok = false;
	}
	if (ok && pc->steps_started) {
		/* Between steps: the screen changes from the next step on. */
		struct program *p = pc->prog;
		p->pane_switches = xgrow(p->pane_switches,
					 &p->pane_switches_cap,
					 p->npane_switches + 1,
					 sizeof *p->pane_switches);
		p->pane_switches[p->npane_switches].step = p->nsteps;
		p->pane_switches[p->npane_switches].line = pc->line;
		p->pane_switches[p->npane_switches++].panes = bits;
	} else if (ok) {
		pc->prog->config.panes = bits;
	}
	return ok;
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
	{ .name = "panes", .synopsis = "panes NAME[,NAME...]",
	  .summary = "the model panes to show: stack, heap, pagetable, frames, "
		     "cache, gc; between steps, from the next step on",
	  .kind = DK_META, .parse = parse_panes },
	{ .name = NULL },
};
