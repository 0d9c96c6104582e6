/*
 * keymap.c: the one table of key bindings, and the names of keys and
 * actions for the help overlay.  A key appears at most once in the table;
 * an action may have several keys, listed in the order the help shows them.
 */
#include "app/keymap.h"

#include <stdio.h>
#include <string.h>

static const struct keybinding bindings[] = {
	{ ' ', ACT_STEP },
	{ KEYC_RIGHT, ACT_STEP },
	{ 'l', ACT_STEP },
	{ KEYC_LEFT, ACT_BACK },
	{ 'h', ACT_BACK },
	{ KEYC_BACKSPACE, ACT_BACK },
	{ KEYC_HOME, ACT_FIRST },
	{ '<', ACT_FIRST },
	{ KEYC_END, ACT_LAST },
	{ '>', ACT_LAST },
	{ 'g', ACT_GOTO },
	{ ':', ACT_GOTO },
	{ 'n', ACT_NEXT_MARK },
	{ 'N', ACT_PREV_MARK },
	{ '/', ACT_SEARCH },
	{ '*', ACT_SEARCH_NEXT },
	{ ']', ACT_NEXT_CHAPTER },
	{ '[', ACT_PREV_CHAPTER },
	{ 'E', ACT_NEXT_ERROR },
	{ '}', ACT_NEXT_ERROR },
	{ '{', ACT_PREV_ERROR },
	{ 'f', ACT_NEXT_FAULT },
	{ 'F', ACT_PREV_FAULT },
	{ 'v', ACT_NEXT_EVICT },
	{ 'V', ACT_PREV_EVICT },
	{ 't', ACT_NEXT_TLB_MISS },
	{ 'T', ACT_PREV_TLB_MISS },
	{ 'c', ACT_NEXT_CACHE_MISS },
	{ 'C', ACT_PREV_CACHE_MISS },
	{ 'x', ACT_NEXT_GC },
	{ 'X', ACT_PREV_GC },
	{ 'm', ACT_TOGGLE_MICRO },
	{ 'b', ACT_TOGGLE_BRIEF },
	{ 'p', ACT_RUN },
	{ 'r', ACT_RUN },
	{ '+', ACT_FASTER },
	{ '=', ACT_FASTER },
	{ '-', ACT_SLOWER },
	{ KEYC_TAB, ACT_FOCUS_NEXT },
	{ KEYC_BTAB, ACT_FOCUS_PREV },
	{ 'z', ACT_ZOOM },
	{ KEYC_UP, ACT_SCROLL_UP },
	{ 'k', ACT_SCROLL_UP },
	{ KEYC_DOWN, ACT_SCROLL_DOWN },
	{ 'j', ACT_SCROLL_DOWN },
	{ KEYC_PPAGE, ACT_PAGE_UP },
	{ KEYC_NPAGE, ACT_PAGE_DOWN },
	{ 'e', ACT_EXPLAIN },
	{ '?', ACT_HELP },
	{ KEYC_F1, ACT_HELP },
	{ KEYC_CTRL_L, ACT_REDRAW },
	{ KEYC_ESC, ACT_CANCEL },
	{ 'q', ACT_QUIT },
	{ 'Q', ACT_QUIT },
};

/* Actions listed on their partner's help line. */
static const struct {
	enum action action, partner;
} help_partners[] = {
	{ ACT_PREV_MARK, ACT_NEXT_MARK },
	{ ACT_PREV_CHAPTER, ACT_NEXT_CHAPTER },
	{ ACT_PREV_ERROR, ACT_NEXT_ERROR },
	{ ACT_PREV_FAULT, ACT_NEXT_FAULT },
	{ ACT_PREV_EVICT, ACT_NEXT_EVICT },
	{ ACT_PREV_TLB_MISS, ACT_NEXT_TLB_MISS },
	{ ACT_PREV_CACHE_MISS, ACT_NEXT_CACHE_MISS },
	{ ACT_PREV_GC, ACT_NEXT_GC },
	{ ACT_SLOWER, ACT_FASTER },
	{ ACT_FOCUS_PREV, ACT_FOCUS_NEXT },
	{ ACT_SCROLL_DOWN, ACT_SCROLL_UP },
	{ ACT_PAGE_DOWN, ACT_PAGE_UP },
};

static const char *const action_names[] = {
#define KEYMAP_ACTION_NAME(name, help) #name,
	KEYMAP_ACTIONS(KEYMAP_ACTION_NAME)
#undef KEYMAP_ACTION_NAME
};

static const char *const action_helps[] = {
#define KEYMAP_ACTION_HELP(name, help) help,
	KEYMAP_ACTIONS(KEYMAP_ACTION_HELP)
#undef KEYMAP_ACTION_HELP
};

/* Names of the special keys. */
static const struct {
	int key;
	const char *name;
} key_names[] = {
	{ ' ', "Space" },
	{ KEYC_TAB, "Tab" },
	{ KEYC_ENTER, "Enter" },
	{ KEYC_ESC, "Esc" },
	{ KEYC_DEL, "Del" },
	{ KEYC_UP, "Up" },
	{ KEYC_DOWN, "Down" },
	{ KEYC_LEFT, "Left" },
	{ KEYC_RIGHT, "Right" },
	{ KEYC_HOME, "Home" },
	{ KEYC_END, "End" },
	{ KEYC_PPAGE, "PgUp" },
	{ KEYC_NPAGE, "PgDn" },
	{ KEYC_BACKSPACE, "BSpace" },
	{ KEYC_BTAB, "S-Tab" },
	{ KEYC_F1, "F1" },
	{ KEYC_MOUSE_CLICK, "Click" },
	{ KEYC_WHEEL_UP, "WheelUp" },
	{ KEYC_WHEEL_DOWN, "WheelDown" },
	{ KEYC_RESIZE, "(resize)" },
	{ KEYC_TIMEOUT, "(timeout)" },
	{ KEYC_EOF, "(eof)" },
};

enum action keymap_lookup(int key)
{
	size_t i;

	for (i = 0; i < sizeof bindings / sizeof bindings[0]; i++)
		if (bindings[i].key == key)
			return bindings[i].action;
	return ACT_NONE;
}

const char *keymap_action_name(enum action a)
{
	return (unsigned)a < ACT_COUNT ? action_names[a] : "?";
}

const char *keymap_action_help(enum action a)
{
	return (unsigned)a < ACT_COUNT ? action_helps[a] : "";
}

const char *keymap_key_name(int key, char *buf, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof key_names / sizeof key_names[0]; i++) {
		if (key_names[i].key == key) {
			snprintf(buf, n, "%s", key_names[i].name);
			return buf;
		}
	}
	if (key > 0 && key < 32)
		snprintf(buf, n, "C-%c", key + 'a' - 1);
	else if (key > 32 && key < 127)
		snprintf(buf, n, "%c", key);
	else
		snprintf(buf, n, "key %d", key);
	return buf;
}

const char *keymap_keys_for(enum action a, char *buf, size_t n)
{
	size_t i, len = 0;

	if (n == 0)
		return buf;
	buf[0] = '\0';
	for (i = 0; i < sizeof bindings / sizeof bindings[0]; i++) {
		char name[32];
		int w;

		if (bindings[i].action != a)
			continue;
		keymap_key_name(bindings[i].key, name, sizeof name);
		w = snprintf(buf + len, n - len, "%s%s", len ? "/" : "", name);
		if (w < 0 || (size_t)w >= n - len)
			break;
		len += (size_t)w;
	}
	return buf;
}

enum action keymap_help_partner(enum action a)
{
	size_t i;

	for (i = 0; i < sizeof help_partners / sizeof help_partners[0]; i++)
		if (help_partners[i].action == a)
			return help_partners[i].partner;
	return ACT_NONE;
}

const char *keymap_help_keys(enum action a, char *buf, size_t n)
{
	size_t i, len;

	if (n == 0)
		return buf;
	buf[0] = '\0';
	if (keymap_help_partner(a) != ACT_NONE)
		return buf;
	keymap_keys_for(a, buf, n);
	for (i = 0; i < sizeof help_partners / sizeof help_partners[0]; i++) {
		char more[64];

		if (help_partners[i].partner != a)
			continue;
		keymap_keys_for(help_partners[i].action, more, sizeof more);
		len = strlen(buf);
		if (more[0] && len + 1 + strlen(more) < n)
			snprintf(buf + len, n - len, " %s", more);
	}
	return buf;
}

const struct keybinding *keymap_table(size_t *count)
{
	*count = sizeof bindings / sizeof bindings[0];
	return bindings;
}
