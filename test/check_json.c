/*
 * check_json.c: the JSON writer: nesting, commas and string escaping.
 */
#include <check.h>

#include "core/json.h"
#include "test_util.h"

START_TEST(nesting)
{
	struct strbuf sb;
	struct json j;

	strbuf_init(&sb);
	json_init(&j, &sb);
	json_begin_object(&j);
	json_kv_int(&j, "a", -1);
	json_key(&j, "b");
	json_begin_array(&j);
	json_uint(&j, 1);
	json_begin_object(&j);
	json_end_object(&j);
	json_null(&j);
	json_end_array(&j);
	json_kv_bool(&j, "c", true);
	json_kv_double(&j, "d", 0.25);
	json_kv_double(&j, "e", 3);
	json_end_object(&j);
	ck_assert_str_eq(sb.buf, "{\"a\":-1,\"b\":[1,{},null],\"c\":true,\"d\":0.25,\"e\":3}");
	strbuf_free(&sb);
}
END_TEST

START_TEST(escaping)
{
	struct strbuf sb;

	strbuf_init(&sb);
	json_escape(&sb, "q\"b\\n\n\t\x01\x7f", 9);
	ck_assert_str_eq(sb.buf, "\"q\\\"b\\\\n\\n\\t\\u0001\\u007f\"");
	strbuf_reset(&sb);
	/* valid UTF-8 kept, invalid bytes replaced */
	json_escape(&sb, "\xc3\xa9\xff\xe2\x82", 5);
	ck_assert_str_eq(sb.buf, "\"\xc3\xa9\\ufffd\\ufffd\\ufffd\"");
	strbuf_free(&sb);
}
END_TEST

/* C1 controls (U+0080..U+009F, as UTF-8) and ESC never reach a terminal
 * raw: an OSC or CSI in a title becomes \u escapes (issue 19). */
START_TEST(escaping_c1_controls)
{
	struct strbuf sb;

	strbuf_init(&sb);
	json_escape(&sb, "\x1b]0;t\x07\xc2\x9b" "2J\xc2\xa0", 12);
	ck_assert_str_eq(sb.buf,
			 "\"\\u001b]0;t\\u0007\\u009b2J\xc2\xa0\"");
	strbuf_free(&sb);
}
END_TEST

/* Integers are written by hand (the fast path): extremes and zero. */
START_TEST(integers)
{
	struct strbuf sb;
	struct json j;

	strbuf_init(&sb);
	json_init(&j, &sb);
	json_begin_array(&j);
	json_uint(&j, 0);
	json_uint(&j, UINT64_MAX);
	json_int(&j, INT64_MIN);
	json_int(&j, -7);
	json_int(&j, INT64_MAX);
	json_end_array(&j);
	ck_assert_str_eq(sb.buf, "[0,18446744073709551615,"
			 "-9223372036854775808,-7,9223372036854775807]");
	strbuf_free(&sb);
}
END_TEST

/* Long strings go through in runs and grow the buffer past its size. */
START_TEST(long_strings)
{
	struct strbuf sb;
	char big[3000];
	size_t i;

	for (i = 0; i < sizeof big; i++)
		big[i] = (char)('a' + i % 26);
	big[1500] = '"';
	strbuf_init(&sb);
	json_escape(&sb, big, sizeof big);
	ck_assert_uint_eq(sb.len, sizeof big + 3);
	ck_assert_int_eq(sb.buf[0], '"');
	ck_assert_int_eq(sb.buf[1501], '\\');
	ck_assert_int_eq(sb.buf[1502], '"');
	ck_assert_int_eq(sb.buf[sb.len - 1], '"');
	ck_assert_int_eq(sb.buf[sb.len], '\0');
	strbuf_free(&sb);
}
END_TEST

Suite *json_suite(void)
{
	Suite *s = suite_create("json");
	TCase *tc = tcase_create("writer");

	tcase_add_test(tc, nesting);
	tcase_add_test(tc, escaping);
	suite_add_tcase(s, tc);
	tc = tcase_create("c1_controls");
	tcase_add_test(tc, escaping_c1_controls);
	suite_add_tcase(s, tc);
	tc = tcase_create("integers");
	tcase_add_test(tc, integers);
	suite_add_tcase(s, tc);
	tc = tcase_create("long_strings");
	tcase_add_test(tc, long_strings);
	suite_add_tcase(s, tc);
	return s;
}
