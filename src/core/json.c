/*
 * json.c: a streaming JSON writer.  Nesting is tracked in a small stack of
 * "first element" flags so commas land between elements and nowhere else.
 * It is on the hot path of `--batch --json` (issue 19: at least 300 MB/s,
 * measured by test/bench/bench_json.c): bytes go to the buffer through
 * put1() and runs of plain characters through one strbuf_add; integers are
 * formatted by hand, never through printf.
 */
#include "core/json.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Append one byte: the buffer's fast path (strbuf_putc grows it). */
static inline void put1(struct strbuf *sb, char c)
{
	if (sb->len + 1 < sb->cap) {
		sb->buf[sb->len++] = c;
		sb->buf[sb->len] = '\0';
	} else {
		strbuf_putc(sb, c);
	}
}

/* Append v in decimal. */
static void put_u64(struct strbuf *sb, uint64_t v)
{
	char buf[24];
	size_t n = sizeof buf;

	do {
		buf[--n] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	strbuf_add(sb, buf + n, sizeof buf - n);
}

void json_init(struct json *j, struct strbuf *out)
{
	j->out = out;
	j->depth = 0;
	j->first[0] = true;
	j->after_key = false;
}

/* Write the separator owed before a new element. */
static void begin_value(struct json *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (!j->first[j->depth])
		put1(j->out, ',');
	j->first[j->depth] = false;
}

static void open_level(struct json *j, char c)
{
	begin_value(j);
	put1(j->out, c);
	if (j->depth + 1 < JSON_MAX_DEPTH)
		j->depth++;
	j->first[j->depth] = true;
}

static void close_level(struct json *j, char c)
{
	put1(j->out, c);
	if (j->depth > 0)
		j->depth--;
}

void json_begin_object(struct json *j)
{
	open_level(j, '{');
}

void json_end_object(struct json *j)
{
	close_level(j, '}');
}

void json_begin_array(struct json *j)
{
	open_level(j, '[');
}

void json_end_array(struct json *j)
{
	close_level(j, ']');
}

void json_key(struct json *j, const char *key)
{
	begin_value(j);
	json_escape(j->out, key, strlen(key));
	put1(j->out, ':');
	j->after_key = true;
}

/* True for a byte that JSON strings carry as it is (printable ASCII). */
static inline bool plain_byte(unsigned char c)
{
	return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
}

void json_escape(struct strbuf *sb, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	put1(sb, '"');
	while (i < n) {
		unsigned char c = p[i];
		size_t run = i;

		while (run < n && plain_byte(p[run]))
			run++;
		if (run > i) {
			strbuf_add(sb, s + i, run - i);
			i = run;
			continue;
		}
		if (c == '"' || c == '\\') {
			put1(sb, '\\');
			put1(sb, (char)c);
			i++;
		} else if (c == '\n') {
			strbuf_add(sb, "\\n", 2);
			i++;
		} else if (c == '\t') {
			strbuf_add(sb, "\\t", 2);
			i++;
		} else if (c == '\r') {
			strbuf_add(sb, "\\r", 2);
			i++;
		} else if (c < 0x20 || c == 0x7f) {
			char u[6] = { '\\', 'u', '0', '0', hex[c >> 4],
				      hex[c & 15] };
			strbuf_add(sb, u, sizeof u);
			i++;
		} else {
			size_t len = util_utf8_len(p + i, n - i);
			if (len == 2 && c == 0xc2 && p[i + 1] < 0xa0) {
				/* A C1 control (U+0080..U+009F): escaped, so
				 * no terminal takes it as one. */
				char u[6] = { '\\', 'u', '0', '0',
					      hex[p[i + 1] >> 4],
					      hex[p[i + 1] & 15] };
				strbuf_add(sb, u, sizeof u);
				i += 2;
			} else if (len) {
				strbuf_add(sb, (const char *)p + i, len);
				i += len;
			} else {
				strbuf_add(sb, "\\ufffd", 6);
				i++;
			}
		}
	}
	put1(sb, '"');
}

void json_string(struct json *j, const char *s)
{
	if (s == NULL) {
		json_null(j);
		return;
	}
	json_string_n(j, s, strlen(s));
}

void json_string_n(struct json *j, const char *s, size_t n)
{
	begin_value(j);
	json_escape(j->out, s, n);
}

void json_int(struct json *j, int64_t v)
{
	begin_value(j);
	if (v < 0) {
		put1(j->out, '-');
		put_u64(j->out, (uint64_t)0 - (uint64_t)v);
	} else {
		put_u64(j->out, (uint64_t)v);
	}
}

void json_uint(struct json *j, uint64_t v)
{
	begin_value(j);
	put_u64(j->out, v);
}

void json_double(struct json *j, double v)
{
	char buf[64];

	if (!isfinite(v)) {
		json_null(j);
		return;
	}
	begin_value(j);
	if (v == (double)(long long)v && fabs(v) < 1e15) {
		strbuf_printf(j->out, "%lld", (long long)v);
		return;
	}
	snprintf(buf, sizeof buf, "%.6g", v);
	strbuf_puts(j->out, buf);
}

void json_bool(struct json *j, bool v)
{
	begin_value(j);
	if (v)
		strbuf_add(j->out, "true", 4);
	else
		strbuf_add(j->out, "false", 5);
}

void json_null(struct json *j)
{
	begin_value(j);
	strbuf_add(j->out, "null", 4);
}

void json_kv_string(struct json *j, const char *key, const char *s)
{
	json_key(j, key);
	json_string(j, s);
}

void json_kv_int(struct json *j, const char *key, int64_t v)
{
	json_key(j, key);
	json_int(j, v);
}

void json_kv_uint(struct json *j, const char *key, uint64_t v)
{
	json_key(j, key);
	json_uint(j, v);
}

void json_kv_double(struct json *j, const char *key, double v)
{
	json_key(j, key);
	json_double(j, v);
}

void json_kv_bool(struct json *j, const char *key, bool v)
{
	json_key(j, key);
	json_bool(j, v);
}
