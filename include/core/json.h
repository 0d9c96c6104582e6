/*
 * json.h: a small JSON writer into a strbuf.  It tracks nesting so commas
 * come out right; strings are escaped (quotes, backslashes, C0 and C1
 * control characters and DEL as \u00XX, so no byte of a scenario reaches
 * a terminal as a control sequence; invalid UTF-8 bytes become U+FFFD).
 * Output is one line (JSON Lines friendly).
 */
#ifndef MEMVIZ_CORE_JSON_H
#define MEMVIZ_CORE_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/util.h"

#define JSON_MAX_DEPTH 32

struct json {
	struct strbuf *out;
	int depth;
	bool first[JSON_MAX_DEPTH]; /* no element written yet at this level */
	bool after_key;
};

void json_init(struct json *j, struct strbuf *out);
void json_begin_object(struct json *j);
void json_end_object(struct json *j);
void json_begin_array(struct json *j);
void json_end_array(struct json *j);
/* An object key; the next value call writes its value. */
void json_key(struct json *j, const char *key);
void json_string(struct json *j, const char *s);
void json_string_n(struct json *j, const char *s, size_t n);
void json_int(struct json *j, int64_t v);
void json_uint(struct json *j, uint64_t v);
/* A number with up to 6 significant decimals; non-finite becomes null. */
void json_double(struct json *j, double v);
void json_bool(struct json *j, bool v);
void json_null(struct json *j);

/* Key and value in one call, for objects. */
void json_kv_string(struct json *j, const char *key, const char *s);
void json_kv_int(struct json *j, const char *key, int64_t v);
void json_kv_uint(struct json *j, const char *key, uint64_t v);
void json_kv_double(struct json *j, const char *key, double v);
void json_kv_bool(struct json *j, const char *key, bool v);

/* Append s as a JSON string literal (quotes included) to sb. */
void json_escape(struct strbuf *sb, const char *s, size_t n);

#endif
