/*
 * scenario.h: the scenario language parser.  A scenario is line oriented:
 * one directive per line, `#` comments, quoted strings with escapes, numbers
 * with K/M/G suffixes and 0x hex, `key=value` options.  Parsing turns a file
 * into a program (program.h); every error is reported with its position
 * (diag.h), up to a limit, and a program with errors is never returned.
 *
 * Directive parse functions (directive.h) receive the tokens of their line
 * and use the parse_* helpers below, which report errors at the right column.
 */
#ifndef MEMVIZ_CORE_SCENARIO_H
#define MEMVIZ_CORE_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/diag.h"
#include "core/program.h"

enum token_type {
	TOK_WORD,   /* a bare word: call, fact, 0x10, 4K, buf+8 */
	TOK_STRING, /* a quoted string, escapes decoded */
	TOK_OPTION, /* key=value (value bare or quoted) */
	TOK_EQUALS, /* a lone `=` */
};

struct token {
	enum token_type type;
	const char *text;  /* the word, the decoded string, or the key */
	size_t len;
	const char *value; /* TOK_OPTION: the value (decoded if quoted) */
	size_t value_len;
	bool value_quoted;
	unsigned col;      /* 1-based column of the token's first byte */
	unsigned value_col;
};

/* What a directive's parse function gets. */
struct parse_ctx {
	struct program *prog;
	struct diag *diag;
	unsigned line;                 /* current line, 1-based */
	const struct token *keyword;   /* the directive token */
	uint16_t op;                   /* the directive being parsed */
	bool steps_started;
	/* Internal: note and mark waiting for the next step. */
	char *pending_note;
	char *pending_mark;
	unsigned pending_note_line, pending_mark_line;
	/* Nesting of block directives (repeat ... end), owned by them. */
	void *blocks;
};

/*
 * Parse a whole scenario held in memory (len bytes, may contain NULs).
 * `file` names it in diagnostics.  Returns the program, or NULL when any
 * error was reported to `diag` (which the caller initialised).
 */
struct program *scenario_parse(const char *file, const char *text, size_t len,
			       struct diag *diag);

/*
 * Read and parse a file.  A missing, unreadable or non-regular file (a
 * directory) is reported to `diag` as an error; returns NULL then.
 */
struct program *scenario_load(const char *path, struct diag *diag);

/* ---- helpers for directive parse functions ---- */

/* Report an error at a token's column (col of the value for options). */
void parse_error(struct parse_ctx *pc, const struct token *t, const char *fmt,
		 ...) __attribute__((format(printf, 3, 4)));
/* Report an error at the directive keyword. */
void parse_error_here(struct parse_ctx *pc, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Check the positional argument count is within [min, max] (max < 0: no
 * limit); on failure reports "`name` expects SYNOPSIS" and returns false.
 */
bool parse_expect(struct parse_ctx *pc, size_t nargs, size_t min, long max);

/*
 * Numbers: decimal, 0x hex, 0b binary, `_` separators, and a K/M/G suffix
 * (powers of 1024).  parse_i64 also takes a leading minus.  Overflow, junk
 * and a missing number are errors.  `text` need not be NUL-terminated.
 */
bool parse_number_text(const char *text, size_t len, uint64_t *out,
		       const char **why);
bool parse_u64(struct parse_ctx *pc, const struct token *t, uint64_t *out);
bool parse_i64(struct parse_ctx *pc, const struct token *t, int64_t *out);
/* A value of an option token (key=value). */
bool parse_option_u64(struct parse_ctx *pc, const struct token *t,
		      uint64_t *out);
/*
 * A duration with a unit: ns, us, ms, s (no unit: nanoseconds).  Stored in
 * nanoseconds.
 */
bool parse_option_ns(struct parse_ctx *pc, const struct token *t,
		     uint64_t *out_ns);

/* A name: letters, digits, `_`, `.`, `$`, starting with a letter or `_`. */
bool parse_ident(struct parse_ctx *pc, const struct token *t, uint32_t *sym);
/* A quoted string (or a bare word); the result is a new string. */
bool parse_string(struct parse_ctx *pc, const struct token *t, char **out);
/* A value: a number or a name whose value is used (fills a step_arg). */
bool parse_value(struct parse_ctx *pc, const struct token *t,
		 struct step_arg *arg);
/*
 * One of `words` (a NULL-terminated list); stores the index.  The error
 * lists the choices.
 */
bool parse_choice(struct parse_ctx *pc, const struct token *t,
		  const char *const *words, const char *what, int *out);

/* Option tables for `directive key=value ...` lines. */
enum option_type {
	OPT_U64,    /* a number: *(uint64_t *) */
	OPT_NS,     /* a duration in ns: *(uint64_t *) */
	OPT_BOOL,   /* on/off, yes/no, true/false: *(bool *) */
	OPT_CHOICE, /* one of `choices`: *(int *) */
	OPT_STRING, /* a new string: *(char **), old value freed */
};

struct option_spec {
	const char *key;
	enum option_type type;
	void *dest;
	const char *const *choices; /* OPT_CHOICE */
	bool *seen;                 /* set true when given; may be NULL */
};

/*
 * Parse every token as key=value against `specs` (terminated by a NULL key).
 * Unknown keys, repeated keys and bad values are errors; an unknown key
 * suggests the nearest known one.  Returns false if any error.
 */
bool parse_options(struct parse_ctx *pc, const struct token *toks, size_t n,
		   const struct option_spec *specs);

/*
 * Append a step for the directive being parsed, at the keyword's line and
 * column, attaching any pending note and mark to it.
 */
struct step *parse_add_step(struct parse_ctx *pc);

/* The nearest known word to `word` among `words` (NULL-terminated), or NULL. */
const char *parse_suggest(const char *word, const char *const *words);

#endif
