/*
 * diag.c: a list of formatted diagnostics.  Messages past the limit are
 * counted, and a single "too many errors" line closes the list.
 */
#include "core/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/util.h"

void diag_init(struct diag *d, const char *file)
{
	d->lines = NULL;
	d->count = 0;
	d->cap = 0;
	d->errors = 0;
	d->limit = DIAG_DEFAULT_LIMIT;
	d->file = xstrdup(file ? file : "<input>");
}

void diag_free(struct diag *d)
{
	size_t i;

	for (i = 0; i < d->count; i++)
		free(d->lines[i]);
	free(d->lines);
	free(d->file);
	d->lines = NULL;
	d->file = NULL;
	d->count = d->cap = d->errors = 0;
}

static void push(struct diag *d, char *line)
{
	d->lines = xgrow(d->lines, &d->cap, d->count + 1, sizeof *d->lines);
	d->lines[d->count++] = line;
}

static void report(struct diag *d, const char *what, unsigned line,
		   unsigned col, const char *fmt, va_list ap)
{
	struct strbuf sb;

	strbuf_init(&sb);
	if (line == 0)
		strbuf_printf(&sb, "%s: %s: ", d->file, what);
	else if (col)
		strbuf_printf(&sb, "%s:%u:%u: %s: ", d->file, line, col, what);
	else
		strbuf_printf(&sb, "%s:%u: %s: ", d->file, line, what);
	strbuf_vprintf(&sb, fmt, ap);
	push(d, strbuf_detach(&sb));
}

void diag_error(struct diag *d, unsigned line, unsigned col, const char *fmt,
		...)
{
	va_list ap;

	d->errors++;
	if (d->errors > d->limit) {
		if (d->errors == d->limit + 1) {
			struct strbuf sb;
			strbuf_init(&sb);
			strbuf_printf(&sb, "%s: error: too many errors, stopping",
				      d->file);
			push(d, strbuf_detach(&sb));
		}
		return;
	}
	va_start(ap, fmt);
	report(d, "error", line, col, fmt, ap);
	va_end(ap);
}

void diag_warning(struct diag *d, unsigned line, unsigned col,
		  const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(d, "warning", line, col, fmt, ap);
	va_end(ap);
}

void diag_note(struct diag *d, unsigned line, unsigned col, const char *fmt,
	       ...)
{
	va_list ap;

	if (d->errors > d->limit)
		return;
	va_start(ap, fmt);
	report(d, "note", line, col, fmt, ap);
	va_end(ap);
}

int diag_full(const struct diag *d)
{
	return d->errors > d->limit;
}
