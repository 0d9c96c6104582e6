/*
 * util.c: the allocation wrappers, the string buffer and small helpers.
 * Out of memory is the only failure here, and it goes to the fatal hook.
 */
#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void default_fatal(const char *message)
{
	(void)message;
	abort();
}

static util_fatal_fn fatal_hook = default_fatal;

void util_set_fatal(util_fatal_fn fn)
{
	fatal_hook = fn ? fn : default_fatal;
}

void util_fatal(const char *message)
{
	fatal_hook(message);
	abort(); /* The hook must not return; make sure of it. */
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (p == NULL)
		util_fatal("out of memory");
	return p;
}

void *xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (p == NULL)
		util_fatal("out of memory");
	return p;
}

void *xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);
	if (p == NULL)
		util_fatal("out of memory");
	return p;
}

void *xgrow(void *ptr, size_t *cap, size_t need, size_t elem)
{
	size_t n = *cap;

	if (need <= n)
		return ptr;
	if (n < 8)
		n = 8;
	while (n < need) {
		if (n > SIZE_MAX / 2)
			util_fatal("out of memory");
		n *= 2;
	}
	if (elem && n > SIZE_MAX / elem)
		util_fatal("out of memory");
	*cap = n;
	return xrealloc(ptr, n * elem);
}

void *xcopy_array(void *dst, size_t *cap, const void *src, size_t n,
		  size_t elem)
{
	dst = xgrow(dst, cap, n ? n : 1, elem);
	if (n)
		memcpy(dst, src, n * elem);
	return dst;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void strbuf_init(struct strbuf *sb)
{
	sb->buf = NULL;
	sb->len = 0;
	sb->cap = 0;
}

void strbuf_free(struct strbuf *sb)
{
	free(sb->buf);
	strbuf_init(sb);
}

void strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->buf)
		sb->buf[0] = '\0';
}

void strbuf_add(struct strbuf *sb, const char *s, size_t n)
{
	sb->buf = xgrow(sb->buf, &sb->cap, sb->len + n + 1, 1);
	memcpy(sb->buf + sb->len, s, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void strbuf_puts(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

void strbuf_putc(struct strbuf *sb, char c)
{
	strbuf_add(sb, &c, 1);
}

void strbuf_vprintf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list again;
	int n;

	va_copy(again, ap);
	n = vsnprintf(NULL, 0, fmt, ap);
	if (n < 0) {
		va_end(again);
		return;
	}
	sb->buf = xgrow(sb->buf, &sb->cap, sb->len + (size_t)n + 1, 1);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, again);
	va_end(again);
	sb->len += (size_t)n;
}

void strbuf_printf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strbuf_vprintf(sb, fmt, ap);
	va_end(ap);
}

char *strbuf_detach(struct strbuf *sb)
{
	char *p = sb->buf ? sb->buf : xstrdup("");
	strbuf_init(sb);
	return p;
}

void util_format_size(char *out, size_t outsz, uint64_t bytes)
{
	static const char units[] = "KMGT";
	uint64_t unit = 1024;
	int i = 0;

	if (bytes < 1024 || bytes % 1024 != 0) {
		snprintf(out, outsz, "%llu", (unsigned long long)bytes);
		return;
	}
	while (i < 3 && bytes % (unit * 1024) == 0)
		unit *= 1024, i++;
	snprintf(out, outsz, "%llu%c", (unsigned long long)(bytes / unit),
		 units[i]);
}

int util_edit_distance(const char *a, const char *b, int cap)
{
	size_t la = strlen(a), lb = strlen(b);
	int d[3][64]; /* rows i-2, i-1 and i, modulo 3 */
	size_t i, j;

	if (lb >= 64 || la >= 64)
		return cap;
	for (j = 0; j <= lb; j++)
		d[0][j] = (int)j;
	for (i = 1; i <= la; i++) {
		int *row = d[i % 3], *up = d[(i - 1) % 3], *up2 = d[(i + 1) % 3];
		int best;
		row[0] = (int)i;
		best = row[0];
		for (j = 1; j <= lb; j++) {
			int sub = up[j - 1] + (a[i - 1] != b[j - 1]);
			int del = up[j] + 1, ins = row[j - 1] + 1;
			int m = sub < del ? sub : del;
			m = m < ins ? m : ins;
			/* Two neighbours swapped ("raed" for "read") cost 1. */
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && up2[j - 2] + 1 < m)
				m = up2[j - 2] + 1;
			row[j] = m;
			if (m < best)
				best = m;
		}
		if (best >= cap)
			return cap;
	}
	return d[la % 3][lb] < cap ? d[la % 3][lb] : cap;
}

size_t util_utf8_len(const unsigned char *s, size_t n)
{
	size_t len, i;
	unsigned cp;

	if (s[0] < 0xc2 || s[0] > 0xf4)
		return 0;
	len = s[0] < 0xe0 ? 2 : s[0] < 0xf0 ? 3 : 4;
	if (n < len)
		return 0;
	cp = s[0] & (0x3f >> (len - 1));
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

uint32_t util_log2(uint64_t v)
{
	uint32_t n = 0;

	while (v > 1) {
		v >>= 1;
		n++;
	}
	return n;
}

const char *plural_s(uint64_t n)
{
	return n == 1 ? "" : "s";
}

const char *article_num(uint64_t n)
{
	char d[24];
	int len = snprintf(d, sizeof d, "%llu", (unsigned long long)n);

	/* eight..., eleven, eighteen (and their thousands, millions...) */
	if (d[0] == '8')
		return "an";
	if (len % 3 == 2 && d[0] == '1' && (d[1] == '1' || d[1] == '8'))
		return "an";
	return "a";
}
