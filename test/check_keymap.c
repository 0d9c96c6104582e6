/*
 * check_keymap.c: the key map table: the required bindings, one action per
 * key, help text for every action, key names for the help overlay.
 *
 * keymap.c lives in the application (src/app), which the unit-test binary
 * does not link; it has no curses, so it is compiled in here.
 */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
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
		{ 'r', ACT_RUN },            { ']', ACT_NEXT_CHAPTER },
		{ '[', ACT_PREV_CHAPTER },   { 'E', ACT_NEXT_ERROR },
		{ '}', ACT_NEXT_ERROR },     { '{', ACT_PREV_ERROR },
		{ 'f', ACT_NEXT_FAULT },     { 'F', ACT_PREV_FAULT },
		{ 'v', ACT_NEXT_EVICT },     { 'V', ACT_PREV_EVICT },
		{ 't', ACT_NEXT_TLB_MISS },  { 'T', ACT_PREV_TLB_MISS },
		{ 'c', ACT_NEXT_CACHE_MISS }, { 'C', ACT_PREV_CACHE_MISS },
		{ 'x', ACT_NEXT_GC },        { 'X', ACT_PREV_GC },
		{ 'k', ACT_SCROLL_UP },      { 'j', ACT_SCROLL_DOWN },
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
	ck_assert_int_eq(keymap_lookup('w'), ACT_NONE);
	/* The mouse is handled by the loop, not the table (nor the help). */
	ck_assert_int_eq(keymap_lookup(KEYC_MOUSE_CLICK), ACT_NONE);
	ck_assert_int_eq(keymap_lookup(KEYC_WHEEL_UP), ACT_NONE);
	ck_assert_int_eq(keymap_lookup(KEYC_WHEEL_DOWN), ACT_NONE);
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

/* Every "previous" action joins a line of its own partner, with keys. */
START_TEST(help_partners_join)
{
	int a;
	size_t lines = 0;

	for (a = ACT_NONE + 1; a < ACT_COUNT; a++) {
		enum action p = keymap_help_partner((enum action)a);
		char keys[64];

		keymap_help_keys((enum action)a, keys, sizeof keys);
		if (p == ACT_NONE) {
			ck_assert_msg(keys[0] != '\0', "%s has no help line",
				      keymap_action_name((enum action)a));
			lines++;
		} else {
			ck_assert_msg(keymap_help_partner(p) == ACT_NONE,
				      "%s joins a joined action",
				      keymap_action_name((enum action)a));
			ck_assert_str_eq(keys, "");
		}
	}
	/* Two columns of at most 16 rows fit the help in 80x24. */
	ck_assert_uint_le(lines, 32);
}
END_TEST

START_TEST(help_keys_of_pairs)
{
	char buf[64];

	ck_assert_str_eq(keymap_help_keys(ACT_NEXT_FAULT, buf, sizeof buf),
			 "f F");
	ck_assert_str_eq(keymap_help_keys(ACT_NEXT_ERROR, buf, sizeof buf),
			 "E/} {");
	ck_assert_str_eq(keymap_help_keys(ACT_FOCUS_NEXT, buf, sizeof buf),
			 "Tab S-Tab");
	ck_assert_str_eq(keymap_help_keys(ACT_SCROLL_UP, buf, sizeof buf),
			 "Up/k Down/j");
	ck_assert_str_eq(keymap_help_keys(ACT_PREV_FAULT, buf, sizeof buf),
			 "");
	ck_assert_str_eq(keymap_help_keys(ACT_QUIT, buf, sizeof buf), "q/Q");
	ck_assert_int_eq(keymap_help_partner(ACT_PREV_GC), ACT_NEXT_GC);
	ck_assert_int_eq(keymap_help_partner(ACT_STEP), ACT_NONE);
}
END_TEST

/*
 * Does the KEYS section of man/memviz.1 (text from .SH KEYS to the next
 * .SH) name `key` in a .B or .BR line?  Words there are separated by
 * spaces and quoted commas: `.BR n ", " N`.
 */
static bool man_names_key(const char *keys, const char *key)
{
	const char *line = keys;

	while (line && *line) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);

		if (len > 3 && line[0] == '.' && line[1] == 'B') {
			char buf[256], *tok, *save;

			snprintf(buf, sizeof buf, "%.*s", (int)len, line);
			for (tok = strtok_r(buf + 3, " \"", &save); tok;
			     tok = strtok_r(NULL, " \"", &save)) {
				size_t n = strlen(tok);
				if (n > 1 && tok[n - 1] == ',')
					tok[--n] = '\0';
				if (strcmp(tok, key) == 0)
					return true;
			}
		}
		line = end ? end + 1 : NULL;
	}
	return false;
}

/* Every binding of the table is listed in memviz(1) KEYS. */
START_TEST(man_page_lists_every_key)
{
	static const struct {
		const char *help, *man;
	} aliases[] = {
		{ "BSpace", "Backspace" }, { "S-Tab", "Shift-Tab" },
		{ "C-l", "Ctrl-L" },       { "PgUp", "PageUp" },
		{ "PgDn", "PageDown" },    { "-", "\\-" },
	};
	FILE *f = fopen("man/memviz.1", "r");
	char *text, *keys, *next;
	const struct keybinding *t;
	size_t n, i, j, len;

	if (f == NULL)
		return; /* not run from the source tree */
	text = calloc(1, 1 << 20);
	len = fread(text, 1, (1 << 20) - 1, f);
	fclose(f);
	text[len] = '\0';
	keys = strstr(text, "\n.SH KEYS\n");
	ck_assert_ptr_nonnull(keys);
	next = strstr(keys + 1, "\n.SH ");
	if (next)
		*next = '\0';
	t = keymap_table(&n);
	for (i = 0; i < n; i++) {
		char name[32];
		const char *want = keymap_key_name(t[i].key, name, sizeof name);

		for (j = 0; j < sizeof aliases / sizeof aliases[0]; j++)
			if (strcmp(want, aliases[j].help) == 0)
				want = aliases[j].man;
		ck_assert_msg(man_names_key(keys, want),
			      "memviz.1 KEYS does not list %s (%s)", want,
			      keymap_action_name(t[i].action));
	}
	free(text);
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
	tcase_add_test(tc, help_partners_join);
	tcase_add_test(tc, help_keys_of_pairs);
	tcase_add_test(tc, man_page_lists_every_key);
	tcase_set_timeout(tc, 0); /* no wall-clock limit */
	suite_add_tcase(s, tc);
	return s;
}
