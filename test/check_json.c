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

Suite *json_suite(void)
{
	Suite *s = suite_create("json");
	TCase *tc = tcase_create("writer");

	tcase_add_test(tc, nesting);
	tcase_add_test(tc, escaping);
	suite_add_tcase(s, tc);
	return s;
}
