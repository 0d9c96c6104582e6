/*
 * diag.h: diagnostics with positions, formatted like a compiler's:
 * "FILE:LINE:COL: error: MESSAGE".  The core collects them; the caller
 * decides where they go (stderr headless, the status line in the TUI).
 */
#ifndef MEMVIZ_CORE_DIAG_H
#define MEMVIZ_CORE_DIAG_H

#include <stddef.h>

#define DIAG_DEFAULT_LIMIT 20

struct diag {
	char **lines;     /* formatted messages, in the order reported */
	size_t count;
	size_t cap;
	size_t errors;    /* errors reported, including those past the limit */
	size_t limit;     /* stop storing after this many errors */
	char *file;       /* the file name used as prefix */
};

/* Start an empty list for `file` (copied). */
void diag_init(struct diag *d, const char *file);
void diag_free(struct diag *d);
/*
 * Report an error at line:col (1-based; col 0 omits the column, line 0
 * both: a problem with the file as a whole).  Past the
 * limit the message is counted but not stored, and one "too many errors"
 * line is added.
 */
void diag_error(struct diag *d, unsigned line, unsigned col, const char *fmt,
		...) __attribute__((format(printf, 4, 5)));
/*
 * A warning at line:col: the file is valid and runs, but something in it
 * is likely a mistake (lines that never run).  Not counted as an error.
 */
void diag_warning(struct diag *d, unsigned line, unsigned col,
		  const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* A note that follows the previous error (e.g. "previous definition here"). */
void diag_note(struct diag *d, unsigned line, unsigned col, const char *fmt,
	       ...) __attribute__((format(printf, 4, 5)));
/* True when the limit was reached: parsers may stop early. */
int diag_full(const struct diag *d);

#endif
