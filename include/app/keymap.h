/*
 * keymap.h: keys to actions, in one table.  The terminal module turns
 * curses keys into the key codes below (printable characters are their
 * own code); the event loop looks each one up and applies the action.  The
 * help overlay is generated from the same table, so it cannot go stale.
 * Nothing here needs curses: the unit tests use it directly.
 */
#ifndef MEMVIZ_APP_KEYMAP_H
#define MEMVIZ_APP_KEYMAP_H

#include <stddef.h>

/*
 * Key codes.  Characters (ASCII and Unicode) are their code point; special
 * keys live above the Unicode range.
 */
enum {
	KEYC_CTRL_C = 3,
	KEYC_TAB = '\t',
	KEYC_ENTER = '\n',
	KEYC_CTRL_L = 12,
	KEYC_ESC = 27,
	KEYC_DEL = 127,
	KEYC_BASE = 0x200000,
	KEYC_UP,
	KEYC_DOWN,
	KEYC_LEFT,
	KEYC_RIGHT,
	KEYC_HOME,
	KEYC_END,
	KEYC_PPAGE,
	KEYC_NPAGE,
	KEYC_BACKSPACE,
	KEYC_BTAB, /* shift-tab */
	KEYC_F1,
	KEYC_RESIZE,  /* the terminal changed size (not a key) */
	KEYC_TIMEOUT, /* nothing arrived before the timeout (not a key) */
	KEYC_EOF,     /* input closed (not a key) */
	KEYC_UNKNOWN  /* a key we have no name for */
};

/*
 * Actions, named once: X(NAME, "help text").  The order is the order of
 * the help overlay.  Help texts stay within KEYMAP_HELP_MAX columns so the
 * overlay fits two columns in 80.
 */
#define KEYMAP_ACTIONS(X)                                                    \
	X(NONE, "")                                                          \
	X(STEP, "next step (or event)")                                      \
	X(BACK, "previous step (event)")                                     \
	X(FIRST, "go to the start")                                          \
	X(LAST, "go to the last step")                                       \
	X(GOTO, "go to step number...")                                      \
	X(NEXT_MARK, "next chapter or error")                                \
	X(PREV_MARK, "prev. chapter or error")                               \
	X(SEARCH, "search the narration")                                    \
	X(SEARCH_NEXT, "search again")                                       \
	X(TOGGLE_MICRO, "micro-steps on/off")                                \
	X(RUN, "play / pause")                                               \
	X(FASTER, "play faster")                                             \
	X(SLOWER, "play slower")                                             \
	X(FOCUS_NEXT, "focus the next pane")                                 \
	X(FOCUS_PREV, "focus the previous pane")                             \
	X(ZOOM, "zoom / unzoom the pane")                                    \
	X(SCROLL_UP, "scroll the pane up")                                   \
	X(SCROLL_DOWN, "scroll the pane down")                               \
	X(PAGE_UP, "scroll up a page")                                       \
	X(PAGE_DOWN, "scroll down a page")                                   \
	X(EXPLAIN, "explain this step")                                      \
	X(HELP, "this help")                                                 \
	X(REDRAW, "redraw the screen")                                       \
	X(CANCEL, "close, stop playing")                                     \
	X(QUIT, "quit")

enum action {
#define KEYMAP_ACTION_ENUM(name, help) ACT_##name,
	KEYMAP_ACTIONS(KEYMAP_ACTION_ENUM)
#undef KEYMAP_ACTION_ENUM
	ACT_COUNT
};

#define KEYMAP_HELP_MAX 23

struct keybinding {
	int key;            /* key code */
	enum action action;
};

/* The action bound to a key; ACT_NONE when unbound. */
enum action keymap_lookup(int key);

/* The action's name ("STEP") and its help text ("next step ..."). */
const char *keymap_action_name(enum action a);
const char *keymap_action_help(enum action a);

/*
 * The name a user types or reads for a key: "Right", "Space", "Tab",
 * "C-l", "q".  Writes into buf (size n) and returns it.
 */
const char *keymap_key_name(int key, char *buf, size_t n);

/*
 * The keys bound to action a, by name, separated by "/" ("Right/Space/l"),
 * in table order.  Writes into buf and returns it; "" when unbound.
 */
const char *keymap_keys_for(enum action a, char *buf, size_t n);

/* The whole table (for tests): *count bindings. */
const struct keybinding *keymap_table(size_t *count);

#endif
