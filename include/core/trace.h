/*
 * trace.h: importing memory traces of real programs.
 *
 * Formats:
 *  - lackey: what `valgrind --tool=lackey --trace-mem=yes` writes:
 *    "I  ADDR,SIZE" (instruction fetch), " L ADDR,SIZE" (load),
 *    " S ADDR,SIZE" (store), " M ADDR,SIZE" (modify: a load then a store
 *    of the same bytes).  ADDR is hex without 0x, SIZE decimal.  Every
 *    other line (valgrind's ==PID== banner, the program's output) is
 *    ignored.
 *  - din: Dinero's "LABEL ADDRESS" lines: label 0 read, 1 write, 2
 *    instruction fetch, 3 misc (a read), 4 copy back and 5 invalidate
 *    (the line holding the address, at every level: see cache_control);
 *    ADDRESS hex, `0x` optional; the access is 4 bytes at the address
 *    rounded down to 4.  Dinero IV's extended form
 *    "r|w|i|m|c|v ADDRESS [SIZE]" (hex size; c and v with size 0: the
 *    whole cache) is read too; labels in either case.  Blank lines and
 *    `#` comments are skipped; anything else is an error with its line.
 *
 * A reference is packed in 64 bits: kind (2 bits), size (8 bits, 1-255)
 * and address (54 bits).  Size 0 marks a control reference (labels 4
 * and 5), whose kind is an enum trace_control.
 */
#ifndef MEMVIZ_CORE_TRACE_H
#define MEMVIZ_CORE_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum trace_format { TRACE_LACKEY, TRACE_DIN };
enum trace_kind { TRACE_READ, TRACE_WRITE, TRACE_FETCH, TRACE_MODIFY };
/* The kind of a control reference (size 0); equal to cache.h's
 * enum cache_control. */
enum trace_control { TRACE_COPYBACK, TRACE_INVALIDATE, TRACE_COPYBACK_ALL,
		     TRACE_INVALIDATE_ALL };

extern const char *const trace_format_words[]; /* "lackey", "din", NULL */

#define TRACE_ADDR_BITS 54
/*
 * At most this many references are kept (8 bytes each: 512 MB), so no
 * trace, however large, makes memviz use more than about 1 GB; a larger
 * one is an error naming the limit (use limit= or skip=).  The file itself
 * is read in chunks, never whole.
 */
#define TRACE_MAX_REFS (64u << 20)
#define TRACE_PACK(addr, size, kind)                                         \
	((uint64_t)(addr) << 10 | (uint64_t)((size) & 0xff) << 2 |           \
	 (uint64_t)(kind))
#define TRACE_KIND(r) ((int)((r) & 3))
#define TRACE_SIZE(r) ((unsigned)((r) >> 2 & 0xff))
#define TRACE_ADDR(r) ((r) >> 10)
#define TRACE_IS_CONTROL(r) (TRACE_SIZE(r) == 0)

struct trace_opts {
	int format;          /* enum trace_format */
	uint64_t skip;       /* references to skip first */
	uint64_t limit;      /* keep at most this many (0: all) */
	bool fetches;        /* keep instruction fetches */
};

/* Where the references go: a growable array. */
struct trace_buf {
	uint64_t *refs;
	size_t n, cap;
	uint64_t seen;       /* references read (kept or skipped) */
	uint64_t lines;      /* lines read */
	bool too_many;       /* TRACE_MAX_REFS reached before the end */
};

/*
 * Parse `len` bytes of trace text (whole lines; a last line without a
 * newline is accepted) and append its references to `buf`.  Returns true,
 * or false with a sentence in why that names the 1-based line number
 * (counting from buf->lines) of a malformed din record.  Stops early (true)
 * once opts->limit references are kept.
 */
bool trace_parse(const struct trace_opts *opts, const char *text, size_t len,
		 struct trace_buf *buf, char *why, size_t whysz);

/*
 * Read and parse the file at `path` in chunks.  Errors (unreadable file,
 * malformed record) come back as false with a sentence in why.
 */
bool trace_load(const char *path, const struct trace_opts *opts,
		struct trace_buf *buf, char *why, size_t whysz);

/* True when the limit is reached: no more references are wanted. */
bool trace_full(const struct trace_opts *opts, const struct trace_buf *buf);

#endif
