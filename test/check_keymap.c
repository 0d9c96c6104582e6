/*
 * check_keymap.c: the key map table: the required bindings, one action per
 * key, help text for every action, key names for the help overlay.
 *
 * keymap.c lives in the application (src/app), which the unit-test binary
 * does not link; it has no curses, so it is compiled in here.
 */
#include <check.h>
#include <string.h>

#include "app/keymap.h"

#include "../src/app/keymap.c"

START_TEST(required_bindings)
{
	static const struct {
		int key;
		enum action action;
	} want[] = {
		{ KEYC_RIGHT, ACT_STEP },    { ' ', ACT_STEP },
		{ 'l', ACT_STEP },           { KEYC_LEFT, ACT_BACK },
		{ 'h', ACT_BACK },           { 'g', ACT_GOTO },
		{ KEYC_HOME, ACT_FIRST },    { KEYC_END, ACT_LAST },
		{ 'n', ACT_NEXT_MARK },      { 'N', ACT_PREV_MARK },
		{ 'q', ACT_QUIT },           { '?', ACT_HELP },
		{ 'm', ACT_TOGGLE_MICRO },   { KEYC_TAB, ACT_FOCUS_NEXT },
		{ KEYC_BTAB, ACT_FOCUS_PREV }, { 'z', ACT_ZOOM },
		{ KEYC_UP, ACT_SCROLL_UP },  { KEYC_DOWN, ACT_SCROLL_DOWN },
		{ 'p', ACT_RUN },            { '+', ACT_FASTER },
		{ '-', ACT_SLOWER },         { 'e', ACT_EXPLAIN },
		{ '/', ACT_SEARCH },         { KEYC_ESC, ACT_CANCEL },
	};
	size_t i;

	for (i = 0; i < sizeof want / sizeof want[0]; i++)
		ck_assert_msg(keymap_lookup(want[i].key) == want[i].action,
			      "key %d should be %s, is %s", want[i].key,
			      keymap_action_name(want[i].action),
			      keymap_action_name(keymap_lookup(want[i].key)));
}
END_TEST

START_TEST(unbound_keys)
{
	ck_assert_int_eq(keymap_lookup('x'), ACT_NONE);
	ck_assert_int_eq(keymap_lookup(KEYC_RESIZE), ACT_NONE);
	ck_assert_int_eq(keymap_lookup(KEYC_TIMEOUT), ACT_NONE);
	ck_assert_int_eq(keymap_lookup(KEYC_EOF), ACT_NONE);
	ck_assert_int_eq(keymap_lookup(0x1f600), ACT_NONE);
}
END_TEST

START_TEST(one_action_per_key)
{
	size_t n, i, j;
	const struct keybinding *t = keymap_table(&n);

	ck_assert_uint_gt(n, 20);
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			ck_assert_msg(t[i].key != t[j].key,
				      "key %d bound twice", t[i].key);
}
END_TEST

START_TEST(every_action_has_keys_and_help)
{
	int a;

	for (a = ACT_NONE + 1; a < ACT_COUNT; a++) {
		char keys[64];
		const char *help = keymap_action_help((enum action)a);

		keymap_keys_for((enum action)a, keys, sizeof keys);
		ck_assert_msg(keys[0] != '\0', "%s has no key",
			      keymap_action_name((enum action)a));
		ck_assert_msg(help[0] != '\0', "%s has no help",
			      keymap_action_name((enum action)a));
		ck_assert_msg(strlen(help) <= KEYMAP_HELP_MAX,
			      "help of %s is too long for the overlay",
			      keymap_action_name((enum action)a));
	}
	ck_assert_str_eq(keymap_action_name(ACT_STEP), "STEP");
	ck_assert_str_eq(keymap_action_name(ACT_COUNT), "?");
}
END_TEST

START_TEST(key_names_readable)
{
	char buf[32];

	ck_assert_str_eq(keymap_key_name(' ', buf, sizeof buf), "Space");
	ck_assert_str_eq(keymap_key_name(KEYC_RIGHT, buf, sizeof buf),
			 "Right");
	ck_assert_str_eq(keymap_key_name(KEYC_CTRL_L, buf, sizeof buf), "C-l");
	ck_assert_str_eq(keymap_key_name('q', buf, sizeof buf), "q");
	ck_assert_str_eq(keymap_key_name(KEYC_BTAB, buf, sizeof buf), "S-Tab");
}
END_TEST

START_TEST(keys_for_action)
{
	char buf[64], tiny[6];

	ck_assert_str_eq(keymap_keys_for(ACT_STEP, buf, sizeof buf),
			 "Space/Right/l");
	ck_assert_str_eq(keymap_keys_for(ACT_BACK, buf, sizeof buf),
			 "Left/h/BSpace");
	ck_assert_str_eq(keymap_keys_for(ACT_NONE, buf, sizeof buf), "");
	/* Too small a buffer keeps whole names only. */
	ck_assert_str_eq(keymap_keys_for(ACT_STEP, tiny, sizeof tiny),
			 "Space");
}
END_TEST

Suite *keymap_suite(void);

Suite *keymap_suite(void)
{
	Suite *s = suite_create("keymap");
	TCase *tc = tcase_create("bindings");

	tcase_add_test(tc, required_bindings);
	tcase_add_test(tc, unbound_keys);
	tcase_add_test(tc, one_action_per_key);
	tcase_set_timeout(tc, 0); /* no wall-clock limit */
	suite_add_tcase(s, tc);

	tc = tcase_create("help");
	tcase_add_test(tc, every_action_has_keys_and_help);
	tcase_add_test(tc, key_names_readable);
	tcase_add_test(tc, keys_for_action);
	tcase_set_timeout(tc, 0); /* no wall-clock limit */
	suite_add_tcase(s, tc);
	return s;
}
