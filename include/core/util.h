/*
 * util.h: allocation that never fails, a growable string buffer, and small
 * helpers shared by every layer.  Nothing here prints or touches a terminal.
 */
#ifndef MEMVIZ_CORE_UTIL_H
#define MEMVIZ_CORE_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The hook called when memory runs out.  The application installs one that
 * restores the terminal and prints; the default aborts.  It must not return.
 */
typedef void (*util_fatal_fn)(const char *message);
void util_set_fatal(util_fatal_fn fn);
void util_fatal(const char *message);

/* Allocation: never returns NULL (calls the fatal hook instead). */
void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
/* Grow an array of `elem` sized items to hold at least `need`; updates *cap. */
void *xgrow(void *ptr, size_t *cap, size_t need, size_t elem);
/*
 * Make *dst (capacity *cap elements, grown as needed, reused otherwise) a
 * copy of the n elements of `elem` bytes at src; returns the buffer.  For
 * the models' checkpoint copies.
 */
void *xcopy_array(void *dst, size_t *cap, const void *src, size_t n,
		  size_t elem);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Sentence helpers: "s" unless n is 1; "an" before a number said with a
 * vowel first ("an 8-byte header", "an 11-byte block"), else "a". */
const char *plural_s(uint64_t n);

/* floor(log2(v)); 0 for v <= 1.  The bits of a power-of-two size. */
uint32_t util_log2(uint64_t v);
const char *article_num(uint64_t n);

/* A growable, always NUL-terminated string. */
struct strbuf {
	char *buf;
	size_t len;
	size_t cap;
};

void strbuf_init(struct strbuf *sb);
void strbuf_free(struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);
void strbuf_add(struct strbuf *sb, const char *s, size_t n);
void strbuf_puts(struct strbuf *sb, const char *s);
void strbuf_putc(struct strbuf *sb, char c);
void strbuf_printf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void strbuf_vprintf(struct strbuf *sb, const char *fmt, va_list ap);
/* Hand the buffer to the caller (who frees it); the strbuf is left empty. */
char *strbuf_detach(struct strbuf *sb);

/* Format a byte count the way the panes and narration do: 512, 4K, 1.5M. */
void util_format_size(char *out, size_t outsz, uint64_t bytes);

/*
 * Deterministic pseudo-random numbers (xorshift64*) from the generator
 * state *state (never 0; the machine seeds it from the scenario's `seed`).
 * Models whose policies choose at random (page, TLB and cache replacement)
 * take a pointer to the state as an argument.
 */
static inline uint64_t rng_next(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545f4914f6cdd1dull;
}

/*
 * Edit distance with adjacent transpositions (optimal string alignment:
 * "raed" is 1 from "read"), capped at `cap` (returns cap when larger).
 */
int util_edit_distance(const char *a, const char *b, int cap);

/*
 * The length (2 to 4) of the valid UTF-8 sequence of a non-ASCII
 * character at s (n >= 1 bytes left), or 0 when it is not valid UTF-8
 * (overlong, a surrogate, past U+10FFFF, truncated).
 */
size_t util_utf8_len(const unsigned char *s, size_t n);

#endif
