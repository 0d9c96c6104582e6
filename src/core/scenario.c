/*
 * scenario.c: the scenario language.  Input is split into lines (LF or
 * CRLF, the last newline optional), each line into tokens (bare words,
 * quoted strings, key=value options, a lone `=`), and the first token picks
 * a directive from the table in directive.c, whose parse function does the
 * rest.  Errors never stop the scan early (up to the diagnostic limit), so
 * a file's every error is reported in one run.
 *
 * Invariants: a returned program has no errors and at least one step;
 * configuration directives only appear before the first step; every note
 * and mark is attached to the step that follows it.
 */
#include "core/scenario.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/directive.h"
#include "core/util.h"

#define SCENARIO_MAX_BYTES (256u * 1024 * 1024)

/* Quote `len` bytes of `s` for a message: printable ASCII kept, others \xNN. */
static const char *show(char *buf, size_t bufsz, const char *s, size_t len)
{
	size_t i, o = 0;

	for (i = 0; i < len && o + 5 < bufsz; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7f)
			buf[o++] = (char)c;
		else
			o += (size_t)snprintf(buf + o, bufsz - o, "\\x%02x", c);
	}
	if (i < len && o + 4 < bufsz) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o] = '\0';
	return buf;
}

/* ---- lexer ---- */

struct lexer {
	struct token *toks;
	size_t ntoks, cap;
	char *arena;      /* decoded strings of the current line */
	size_t arena_len, arena_cap;
};

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\v' || c == '\f';
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Decode the quoted string starting at s[*i] == '"' into the arena; on
 * success *i is just past the closing quote.
 */
/*
 * Check a decoded string: valid UTF-8 and no control character but
 * newline and tab (C0, DEL, C1 as U+0080..U+009F), so no byte of a
 * scenario can reach a terminal as a control sequence through any output
 * (--batch, --handout, the viewer...).  Reports at column `col`.
 */
static bool string_safe(struct parse_ctx *pc, unsigned col, const char *str,
			size_t n)
{
	const unsigned char *u = (const unsigned char *)str;
	size_t k = 0;

	while (k < n) {
		size_t len;
		if (u[k] < 0x80) {
			if ((u[k] < 0x20 && u[k] != '\n' && u[k] != '\t') ||
			    u[k] == 0x7f) {
				diag_error(pc->diag, pc->line, col,
					   "control character 0x%02x in a string (only \\n and \\t are allowed: others would reach the terminal)",
					   u[k]);
				return false;
			}
			k++;
			continue;
		}
		len = util_utf8_len(u + k, n - k);
		if (len == 0) {
			diag_error(pc->diag, pc->line, col,
				   "invalid UTF-8 in a string (byte 0x%02x): write text in UTF-8",
				   u[k]);
			return false;
		}
		if (len == 2 && u[k] == 0xc2 && u[k + 1] < 0xa0) {
			diag_error(pc->diag, pc->line, col,
				   "control character U+%04X in a string (C1 controls would reach the terminal)",
				   u[k + 1]);
			return false;
		}
		k += len;
	}
	return true;
}

static bool lex_string(struct lexer *lx, struct parse_ctx *pc, const char *s,
		       size_t len, size_t *i, const char **out, size_t *outlen)
{
	size_t start = *i, j = *i + 1;
	char *dst = lx->arena + lx->arena_len;
	size_t n = 0;

	while (j < len && s[j] != '"') {
		char c = s[j];
		if (c == '\\') {
			if (j + 1 >= len)
				break;
			c = s[++j];
			switch (c) {
			case 'n': c = '\n'; break;
			case 't': c = '\t'; break;
			case '\\': case '"': break;
			case 'x': {
				int hi = j + 1 < len ? hexval(s[j + 1]) : -1;
				int lo = j + 2 < len ? hexval(s[j + 2]) : -1;
				if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
					diag_error(pc->diag, pc->line,
						   (unsigned)j,
						   "bad escape: \\x needs two hex digits (not 00)");
					return false;
				}
				c = (char)(hi * 16 + lo);
				j += 2;
				break;
			}
			default: {
				char b[16];
				diag_error(pc->diag, pc->line, (unsigned)j,
					   "unknown escape `\\%s` in string (use \\\\, \\\", \\n, \\t or \\xNN)",
					   show(b, sizeof b, &s[j], 1));
				return false;
			}
			}
		}
		dst[n++] = c;
		j++;
	}
	if (j >= len) {
		diag_error(pc->diag, pc->line, (unsigned)start + 1,
			   "unterminated string (missing closing \")");
		return false;
	}
	dst[n] = '\0';
	if (!string_safe(pc, (unsigned)start + 1, dst, n))
		return false;
	lx->arena_len += n + 1;
	*out = dst;
	*outlen = n;
	*i = j + 1;
	return true;
}

static struct token *lex_push(struct lexer *lx)
{
	struct token *t;

	lx->toks = xgrow(lx->toks, &lx->cap, lx->ntoks + 1, sizeof *lx->toks);
	t = &lx->toks[lx->ntoks++];
	memset(t, 0, sizeof *t);
	return t;
}

/* Split one line into tokens.  Returns false if the line had a lex error. */
static bool lex_line(struct lexer *lx, struct parse_ctx *pc, const char *s,
		     size_t len)
{
	size_t i = 0;

	lx->ntoks = 0;
	lx->arena = xgrow(lx->arena, &lx->arena_cap, len + 1, 1);
	lx->arena_len = 0;
	while (i < len) {
		struct token *t;
		size_t start;

		while (i < len && is_space(s[i]))
			i++;
		if (i >= len || s[i] == '#')
			break;
		t = lex_push(lx);
		t->col = (unsigned)i + 1;
		if (s[i] == '"') {
			t->type = TOK_STRING;
			if (!lex_string(lx, pc, s, len, &i, &t->text, &t->len))
				return false;
			if (i < len && !is_space(s[i]) && s[i] != '#') {
				diag_error(pc->diag, pc->line, (unsigned)i + 1,
					   "expected a space after the closing quote");
				return false;
			}
			continue;
		}
		start = i;
		while (i < len && !is_space(s[i]) && s[i] != '=' &&
		       s[i] != '"')
			i++;
		if (i < len && s[i] == '"') {
			diag_error(pc->diag, pc->line, (unsigned)i + 1,
				   "unexpected quote inside a word");
			return false;
		}
		if (i < len && s[i] == '=') {
			if (i == start) {
				/* A lone `=`, or `=value` glued on. */
				t->type = TOK_EQUALS;
				t->text = s + i;
				t->len = 1;
				i++;
				if (i < len && !is_space(s[i]) && s[i] != '#') {
					diag_error(pc->diag, pc->line,
						   (unsigned)i + 1,
						   "expected a space after `=`");
					return false;
				}
				continue;
			}
			t->type = TOK_OPTION;
			t->text = s + start;
			t->len = i - start;
			i++;
			t->value_col = (unsigned)i + 1;
			if (i < len && s[i] == '"') {
				t->value_quoted = true;
				if (!lex_string(lx, pc, s, len, &i, &t->value,
						&t->value_len))
					return false;
				if (i < len && !is_space(s[i]) && s[i] != '#') {
					diag_error(pc->diag, pc->line,
						   (unsigned)i + 1,
						   "expected a space after the closing quote");
					return false;
				}
			} else {
				size_t vs = i;
				while (i < len && !is_space(s[i]))
					i++;
				t->value = s + vs;
				t->value_len = i - vs;
				if (memchr(t->value, '"', t->value_len) ||
				    memchr(t->value, '=', t->value_len)) {
					diag_error(pc->diag, pc->line,
						   t->value_col,
						   "unexpected `=` or quote in the value of `%.*s`",
						   (int)t->len, t->text);
					return false;
				}
			}
			continue;
		}
		t->type = TOK_WORD;
		t->text = s + start;
		t->len = i - start;
	}
	return true;
}

/* ---- helpers for directive parsers ---- */

static unsigned token_col(const struct token *t)
{
	return t->type == TOK_OPTION ? t->value_col : t->col;
}

void parse_error(struct parse_ctx *pc, const struct token *t, const char *fmt,
		 ...)
{
	struct strbuf sb;
	va_list ap;

	strbuf_init(&sb);
	va_start(ap, fmt);
	strbuf_vprintf(&sb, fmt, ap);
	va_end(ap);
	diag_error(pc->diag, pc->line, t ? token_col(t) : pc->keyword->col,
		   "%s", sb.buf);
	strbuf_free(&sb);
}

void parse_error_here(struct parse_ctx *pc, const char *fmt, ...)
{
	struct strbuf sb;
	va_list ap;

	strbuf_init(&sb);
	va_start(ap, fmt);
	strbuf_vprintf(&sb, fmt, ap);
	va_end(ap);
	diag_error(pc->diag, pc->line, pc->keyword->col, "%s", sb.buf);
	strbuf_free(&sb);
}

bool parse_expect(struct parse_ctx *pc, size_t nargs, size_t min, long max)
{
	const struct directive *d = directive_get(pc->op);

	if (nargs >= min && (max < 0 || nargs <= (size_t)max))
		return true;
	parse_error_here(pc, "%s `%s` expects: %s",
			 nargs < min ? "too few arguments:" :
				       "too many arguments:",
			 d->name, d->synopsis);
	return false;
}

bool parse_number_text(const char *text, size_t len, uint64_t *out,
		       const char **why)
{
	uint64_t v = 0, base = 10, mult = 1;
	size_t i = 0, digits = 0;

	if (len == 0) {
		*why = "missing number";
		return false;
	}
	if (len > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X'))
		base = 16, i = 2;
	else if (len > 2 && text[0] == '0' &&
		 (text[1] == 'b' || text[1] == 'B'))
		base = 2, i = 2;
	for (; i < len; i++) {
		int d;
		if (text[i] == '_' && digits > 0)
			continue;
		d = hexval(text[i]);
		if (d < 0 || (uint64_t)d >= base)
			break;
		if (v > (UINT64_MAX - (uint64_t)d) / base) {
			*why = "number too large";
			return false;
		}
		v = v * base + (uint64_t)d;
		digits++;
	}
	if (digits == 0) {
		*why = "not a number";
		return false;
	}
	if (i < len) {
		char c = text[i];
		if (c == 'k' || c == 'K')
			mult = 1024, i++;
		else if (c == 'm' || c == 'M')
			mult = 1024 * 1024, i++;
		else if (c == 'g' || c == 'G')
			mult = 1024ull * 1024 * 1024, i++;
		if (mult > 1 && i < len && (text[i] == 'B' || text[i] == 'b'))
			i++;
		else if (mult > 1 && i + 1 < len && text[i] == 'i' &&
			 text[i + 1] == 'B')
			i += 2;
		else if (mult == 1 && base == 10 && c == 'B')
			i++; /* plain bytes: `size=128B`, `line=16B` */
	}
	if (i < len) {
		*why = "not a number";
		return false;
	}
	if (mult > 1 && v > UINT64_MAX / mult) {
		*why = "number too large";
		return false;
	}
	*out = v * mult;
	return true;
}

/* The text of a token that stands for a value: the word or option value. */
static void value_text(const struct token *t, const char **s, size_t *n)
{
	if (t->type == TOK_OPTION) {
		*s = t->value;
		*n = t->value_len;
	} else {
		*s = t->text;
		*n = t->len;
	}
}

bool parse_u64(struct parse_ctx *pc, const struct token *t, uint64_t *out)
{
	const char *s, *why = NULL;
	size_t n;
	char b[48];

	value_text(t, &s, &n);
	if (t->type == TOK_STRING ||
	    (t->type == TOK_OPTION && t->value_quoted) ||
	    !parse_number_text(s, n, out, &why)) {
		if (why && strcmp(why, "number too large") == 0)
			parse_error(pc, t, "number too large: `%s` (the limit is 2^64 - 1)",
				    show(b, sizeof b, s, n));
		else
			parse_error(pc, t, "expected a number, got `%s`",
				    show(b, sizeof b, s, n));
		return false;
	}
	return true;
}

bool parse_i64(struct parse_ctx *pc, const struct token *t, int64_t *out)
{
	const char *s, *why = NULL;
	size_t n;
	bool neg = false;
	uint64_t v;
	char b[48];

	value_text(t, &s, &n);
	if (t->type == TOK_STRING) {
		parse_error(pc, t, "expected a number, got a string");
		return false;
	}
	if (n > 0 && (s[0] == '-' || s[0] == '+')) {
		neg = s[0] == '-';
		s++, n--;
	}
	if (!parse_number_text(s, n, &v, &why)) {
		if (strcmp(why, "number too large") == 0)
			parse_error(pc, t, "number too large: `%s` (the limit is 2^63 - 1)",
				    show(b, sizeof b, s, n));
		else
			parse_error(pc, t, "expected a number, got `%s`",
				    show(b, sizeof b, s, n));
		return false;
	}
	if ((!neg && v > INT64_MAX) || (neg && v > (uint64_t)INT64_MAX + 1)) {
		parse_error(pc, t, "number too large: `%s` (the limit is 2^63 - 1)",
			    show(b, sizeof b, s, n));
		return false;
	}
	*out = neg ? (int64_t)(0 - v) : (int64_t)v;
	return true;
}

bool parse_option_u64(struct parse_ctx *pc, const struct token *t,
		      uint64_t *out)
{
	return parse_u64(pc, t, out);
}

bool parse_option_ns(struct parse_ctx *pc, const struct token *t,
		     uint64_t *out_ns)
{
	static const struct {
		const char *unit;
		uint64_t ns;
	} units[] = {
		{ "ns", 1 }, { "us", 1000 }, { "ms", 1000000 },
		{ "s", 1000000000 },
	};
	const char *s, *why;
	size_t n, digits = 0, i;
	uint64_t v;
	char b[48];

	value_text(t, &s, &n);
	while (digits < n && ((s[digits] >= '0' && s[digits] <= '9') ||
			      s[digits] == '_'))
		digits++;
	if (digits == 0 || !parse_number_text(s, digits, &v, &why)) {
		parse_error(pc, t, "expected a duration such as 80ns, 100us or 10ms, got `%s`",
			    show(b, sizeof b, s, n));
		return false;
	}
	if (digits == n) {
		*out_ns = v;
		return true;
	}
	for (i = 0; i < sizeof units / sizeof units[0]; i++) {
		if (strlen(units[i].unit) == n - digits &&
		    memcmp(units[i].unit, s + digits, n - digits) == 0) {
			if (v > UINT64_MAX / units[i].ns) {
				parse_error(pc, t, "duration too large");
				return false;
			}
			*out_ns = v * units[i].ns;
			return true;
		}
	}
	parse_error(pc, t, "unknown time unit in `%s` (use ns, us, ms or s)",
		    show(b, sizeof b, s, n));
	return false;
}

static bool ident_text(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > 64)
		return false;
	if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') ||
	      s[0] == '_'))
		return false;
	for (i = 1; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '.' ||
		      c == '$'))
			return false;
	}
	return true;
}

bool parse_ident(struct parse_ctx *pc, const struct token *t, uint32_t *sym)
{
	const char *s;
	size_t n;
	char b[48];

	value_text(t, &s, &n);
	if (t->type == TOK_STRING || t->type == TOK_EQUALS ||
	    !ident_text(s, n)) {
		parse_error(pc, t, "expected a name (letters, digits, `_`; at most 64), got `%s`",
			    show(b, sizeof b, s, n));
		return false;
	}
	*sym = program_intern(pc->prog, s, n);
	return true;
}

bool parse_string(struct parse_ctx *pc, const struct token *t, char **out)
{
	const char *s;
	size_t n;

	if (t->type == TOK_EQUALS) {
		parse_error(pc, t, "expected a string, got `=`");
		return false;
	}
	value_text(t, &s, &n);
	if (memchr(s, '\0', n)) {
		parse_error(pc, t, "strings cannot contain NUL");
		return false;
	}
	*out = xstrndup(s, n);
	return true;
}

bool parse_value(struct parse_ctx *pc, const struct token *t,
		 struct step_arg *arg)
{
	const char *s;
	size_t n;

	value_text(t, &s, &n);
	arg->col = token_col(t);
	if (t->type != TOK_STRING && ident_text(s, n)) {
		arg->ref = program_intern(pc->prog, s, n);
		return true;
	}
	arg->ref = SYM_NONE;
	return parse_i64(pc, t, &arg->value);
}

/*
 * Words other tools and textbooks use for memviz's (Dinero IV's -assoc,
 * -bsize, -repl; "block", "associativity", "load"/"store"): a suggestion
 * is made only when the memviz word is among the candidates.
 */
static const struct {
	const char *other, *ours;
} synonyms[] = {
	{ "assoc", "ways" }, { "associativity", "ways" }, { "way", "ways" },
	{ "set-assoc", "ways" }, { "n-way", "ways" },
	{ "block", "line" }, { "blocks", "line" }, { "bsize", "line" },
	{ "block-size", "line" }, { "blocksize", "line" },
	{ "line-size", "line" }, { "linesize", "line" },
	{ "repl", "replace" }, { "replacement", "replace" },
	{ "policy", "replace" }, { "evict", "replace" },
	{ "wpolicy", "write" }, { "write-policy", "write" },
	{ "fetch-policy", "alloc" }, { "allocate", "alloc" },
	{ "write-allocate", "alloc" }, { "walloc", "alloc" },
	{ "capacity", "size" }, { "cache-size", "size" },
	{ "hit-time", "latency" }, { "hit_time", "latency" },
	{ "load", "read" }, { "ld", "read" }, { "rd", "read" },
	{ "store", "write" }, { "st", "write" }, { "wr", "write" },
	{ "ifetch", "fetch" }, { "instr", "fetch" },
	{ "alloc", "malloc" }, { "delete", "free" }, { "dealloc", "free" },
	{ "function", "call" }, { "return", "ret" },
	{ "pagesize", "page-size" }, { "page_size", "page-size" },
	{ "addr-bits", "address-bits" }, { "bits", "address-bits" },
	{ "direct", "1" }, { "direct-mapped", "1" }, { "dm", "1" },
	{ "fully", "full" }, { "fully-associative", "full" }, { "fa", "full" },
	{ "associative", "full" },
};

const char *parse_suggest(const char *word, const char *const *words)
{
	const char *best = NULL;
	int best_d = 3;
	size_t i, k, wl = strlen(word);

	for (k = 0; k < sizeof synonyms / sizeof synonyms[0]; k++) {
		if (strcmp(word, synonyms[k].other) != 0)
			continue;
		for (i = 0; words[i]; i++)
			if (strcmp(words[i], synonyms[k].ours) == 0)
				return words[i];
	}

	for (i = 0; words[i]; i++) {
		int d = util_edit_distance(word, words[i], best_d);
		if (d < best_d && (size_t)d < (wl > 2 ? wl : 2)) {
			best_d = d;
			best = words[i];
		}
	}
	return best;
}

bool parse_choice(struct parse_ctx *pc, const struct token *t,
		  const char *const *words, const char *what, int *out)
{
	const char *s;
	size_t n, i;
	char b[48], w[64];
	struct strbuf list;
	const char *near;

	value_text(t, &s, &n);
	for (i = 0; words[i]; i++) {
		if (strlen(words[i]) == n && memcmp(words[i], s, n) == 0) {
			*out = (int)i;
			return true;
		}
	}
	strbuf_init(&list);
	for (i = 0; words[i]; i++)
		strbuf_printf(&list, "%s%s", i ? ", " : "", words[i]);
	show(w, sizeof w, s, n);
	near = parse_suggest(w, words);
	if (near)
		parse_error(pc, t, "unknown %s `%s` (did you mean `%s`? choices: %s)",
			    what, show(b, sizeof b, s, n), near, list.buf);
	else
		parse_error(pc, t, "unknown %s `%s` (choices: %s)", what,
			    show(b, sizeof b, s, n), list.buf);
	strbuf_free(&list);
	return false;
}

static const char *const bool_words[] = { "off", "on", "no", "yes", "false",
					  "true", "0", "1", NULL };

bool parse_options(struct parse_ctx *pc, const struct token *toks, size_t n,
		   const struct option_spec *specs)
{
	bool ok = true, seen[64] = { false };
	size_t i, k, nspecs = 0;
	const char *keys[65];

	while (specs[nspecs].key && nspecs < 64) {
		keys[nspecs] = specs[nspecs].key;
		nspecs++;
	}
	keys[nspecs] = NULL;
	for (i = 0; i < n; i++) {
		const struct token *t = &toks[i];
		const struct option_spec *sp = NULL;
		char b[48];

		if (t->type != TOK_OPTION) {
			parse_error(pc, t, "expected key=value, got `%s`",
				    show(b, sizeof b, t->text, t->len));
			ok = false;
			continue;
		}
		for (k = 0; k < nspecs; k++) {
			if (strlen(specs[k].key) == t->len &&
			    memcmp(specs[k].key, t->text, t->len) == 0) {
				sp = &specs[k];
				break;
			}
		}
		if (sp == NULL) {
			const char *near;
			show(b, sizeof b, t->text, t->len);
			near = parse_suggest(b, keys);
			diag_error(pc->diag, pc->line, t->col,
				   near ? "unknown option `%s` for `%s` (did you mean `%s`?)" :
					  "unknown option `%s` for `%s`%s",
				   b, directive_get(pc->op)->name,
				   near ? near : "");
			ok = false;
			continue;
		}
		if (seen[k]) {
			diag_error(pc->diag, pc->line, t->col,
				   "option `%s` given twice", sp->key);
			ok = false;
			continue;
		}
		seen[k] = true;
		if (sp->seen)
			*sp->seen = true;
		switch (sp->type) {
		case OPT_U64:
			ok &= parse_u64(pc, t, sp->dest);
			break;
		case OPT_NS:
			ok &= parse_option_ns(pc, t, sp->dest);
			break;
		case OPT_BOOL: {
			int idx;
			if (parse_choice(pc, t, bool_words, "on/off value",
					 &idx))
				*(bool *)sp->dest = idx % 2 == 1;
			else
				ok = false;
			break;
		}
		case OPT_CHOICE:
			ok &= parse_choice(pc, t, sp->choices, sp->key,
					   sp->dest);
			break;
		case OPT_STRING: {
			char *str;
			if (parse_string(pc, t, &str)) {
				free(*(char **)sp->dest);
				*(char **)sp->dest = str;
			} else {
				ok = false;
			}
			break;
		}
		}
	}
	return ok;
}

static void add_annotation(struct annotation **arr, size_t *n, size_t *cap,
			   size_t step, unsigned line, char *text)
{
	*arr = xgrow(*arr, cap, *n + 1, sizeof **arr);
	(*arr)[*n].step = step;
	(*arr)[*n].line = line;
	(*arr)[*n].text = text;
	(*n)++;
}

struct step *parse_add_step(struct parse_ctx *pc)
{
	struct program *p = pc->prog;
	size_t index = p->nsteps;

	if (pc->pending_note) {
		add_annotation(&p->notes, &p->nnotes, &p->notes_cap, index,
			       pc->pending_note_line, pc->pending_note);
		pc->pending_note = NULL;
	}
	if (pc->pending_mark) {
		add_annotation(&p->marks, &p->nmarks, &p->marks_cap, index,
			       pc->pending_mark_line, pc->pending_mark);
		pc->pending_mark = NULL;
	}
	pc->steps_started = true;
	return program_add_step(p, pc->op, pc->line, pc->keyword->col);
}

/* ---- the parse loop ---- */

static void unknown_directive(struct parse_ctx *pc, const struct token *t)
{
	const char *names[256];
	char b[48];
	const char *near;

	directive_names(names, 256);
	show(b, sizeof b, t->text, t->len);
	near = parse_suggest(b, names);
	if (near)
		parse_error(pc, t, "unknown directive `%s` (did you mean `%s`?)",
			    b, near);
	else
		parse_error(pc, t, "unknown directive `%s`", b);
}

static void parse_line(struct parse_ctx *pc, struct lexer *lx,
		       unsigned *first_step_line)
{
	const struct token *kw = &lx->toks[0];
	const struct directive *d;
	uint16_t op;
	char b[48];

	if (kw->type != TOK_WORD) {
		diag_error(pc->diag, pc->line, kw->col,
			   "expected a directive at the start of the line, got %s",
			    kw->type == TOK_STRING ? "a string" :
			    kw->type == TOK_OPTION ? "key=value" : "`=`");
		return;
	}
	pc->keyword = kw;
	d = directive_find(kw->text, kw->len, &op);
	if (d == NULL) {
		unknown_directive(pc, kw);
		return;
	}
	pc->op = op;
	if (d->kind == DK_CONFIG && pc->steps_started) {
		parse_error(pc, kw, "`%s` configures the machine and must come before the first step (line %u)",
			    show(b, sizeof b, kw->text, kw->len),
			    *first_step_line);
		return;
	}
	d->parse(pc, lx->toks + 1, lx->ntoks - 1);
	if (pc->steps_started && *first_step_line == 0)
		*first_step_line = pc->line;
}

/* Let every directive with a finish hook append its implicit steps. */
static void finish_directives(struct parse_ctx *pc)
{
	const char *names[256];
	size_t i, n = directive_names(names, 256);

	for (i = 0; i < n; i++) {
		uint16_t op;
		const struct directive *d =
			directive_find(names[i], strlen(names[i]), &op);
		if (d->finish) {
			pc->op = op;
			d->finish(pc);
		}
	}
}

/* Record each step's declared memory access (program->step_access). */
static void note_step_access(struct program *p)
{
	size_t i;

	p->step_access = xmalloc(p->nsteps ? p->nsteps : 1);
	for (i = 0; i < p->nsteps; i++) {
		const struct directive *d = directive_get(p->steps[i].op);
		p->step_access[i] = (uint8_t)(d->access |
					      (unsigned)d->space
						      << DA_SPACE_SHIFT);
	}
}

struct program *scenario_parse(const char *file, const char *text, size_t len,
			       struct diag *diag)
{
	struct program *p = program_create(file);
	struct parse_ctx pc;
	struct lexer lx;
	size_t pos = 0;
	unsigned line = 0, first_step_line = 0;
	size_t errors_before = diag->errors;

	memset(&pc, 0, sizeof pc);
	memset(&lx, 0, sizeof lx);
	pc.prog = p;
	pc.diag = diag;
	while (pos < len && !diag_full(diag)) {
		const char *s = text + pos;
		const char *nl = memchr(s, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - s) : len - pos;
		const char *nul;

		pos += n + (nl ? 1 : 0);
		line++;
		if (line == 0) { /* 2^32 lines: refuse rather than wrap */
			diag_error(diag, 0, 0, "too many lines");
			break;
		}
		pc.line = line;
		if (n > 0 && s[n - 1] == '\r')
			n--;
		nul = memchr(s, '\0', n);
		if (nul) {
			diag_error(diag, line, (unsigned)(nul - s) + 1,
				   "NUL byte in the scenario (is this a binary file?)");
			continue;
		}
		if (!lex_line(&lx, &pc, s, n) || lx.ntoks == 0)
			continue;
		parse_line(&pc, &lx, &first_step_line);
	}
	if (pc.pending_note && !diag_full(diag))
		diag_error(diag, pc.pending_note_line, 1,
			   "`note` must be followed by a step to attach to");
	if (pc.pending_mark && !diag_full(diag))
		diag_error(diag, pc.pending_mark_line, 1,
			   "`mark` must be followed by a step to attach to");
	if (p->npane_switches &&
	    p->pane_switches[p->npane_switches - 1].step >= p->nsteps &&
	    !diag_full(diag))
		diag_error(diag, p->pane_switches[p->npane_switches - 1].line, 1,
			   "`panes` between steps must be followed by a step");
	free(pc.pending_note);
	free(pc.pending_mark);
	if (diag->errors == errors_before && p->nsteps > 0)
		finish_directives(&pc);
	if (diag->errors == errors_before && p->nsteps == 0)
		diag_error(diag, line ? line : 1, 1,
			   "the scenario has no steps (add one, e.g. `call main`)");
	free(lx.toks);
	free(lx.arena);
	if (pc.blocks && diag->errors == errors_before)
		diag_error(diag, line, 1, "a block is not closed with `end`");
	free(pc.blocks);
	if (diag->errors != errors_before) {
		program_destroy(p);
		return NULL;
	}
	note_step_access(p);
	return p;
}

struct program *scenario_load(const char *path, struct diag *diag)
{
	struct program *p;
	struct stat st;
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int fd;

	/* `-`: standard input, as everywhere a file name is taken. */
	fd = strcmp(path, "-") == 0 ? dup(0) : open(path, O_RDONLY);
	if (fd < 0) {
		diag_error(diag, 0, 0, "cannot open: %s", strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		diag_error(diag, 0, 0, "is a directory, not a scenario file");
		return NULL;
	}
	for (;;) {
		ssize_t got;
		buf = xgrow(buf, &cap, len + 65536, 1);
		got = read(fd, buf + len, cap - len);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			diag_error(diag, 0, 0, "cannot read: %s",
				   strerror(errno));
			close(fd);
			free(buf);
			return NULL;
		}
		if (got == 0)
			break;
		len += (size_t)got;
		if (len > SCENARIO_MAX_BYTES) {
			diag_error(diag, 0, 0, "file too large (over %u MB)",
				   SCENARIO_MAX_BYTES / (1024 * 1024));
			close(fd);
			free(buf);
			return NULL;
		}
	}
	close(fd);
	p = scenario_parse(path, buf, len, diag);
	free(buf);
	return p;
}
