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
	KEYC_UNKNOWN, /* a key we have no name for */
	/*
	 * The mouse (not keys, never in the table): the terminal module
	 * reports where with term_mouse_pos(); the loop focuses the pane
	 * there, then scrolls it for the wheel.
	 */
	KEYC_MOUSE_CLICK,
	KEYC_WHEEL_UP,
	KEYC_WHEEL_DOWN
};

/*
 * Actions, named once: X(NAME, "help text").  The order is the order of
 * the help overlay.  Help texts stay within KEYMAP_HELP_MAX columns so the
 * overlay fits two columns in 80.  A "previous" action shares the help
 * line of its "next" partner (keymap_help_partner), whose text names both.
 */
#define KEYMAP_ACTIONS(X)                                                    \
	X(NONE, "")                                                          \
	X(STEP, "next step (or event)")                                      \
	X(BACK, "previous step (event)")                                     \
	X(FIRST, "go to the start")                                          \
	X(LAST, "go to the last step")                                       \
	X(GOTO, "go to step number...")                                      \
	X(NEXT_MARK, "next/prev. match, mark")                               \
	X(PREV_MARK, "previous match or mark")                               \
	X(SEARCH, "search the narration")                                    \
	X(SEARCH_NEXT, "search again")                                       \
	X(NEXT_CHAPTER, "next / prev. chapter")                              \
	X(PREV_CHAPTER, "previous chapter")                                  \
	X(NEXT_ERROR, "next / prev. error")                                  \
	X(PREV_ERROR, "previous error")                                      \
	X(NEXT_FAULT, "next / prev. page fault")                             \
	X(PREV_FAULT, "previous page fault")                                 \
	X(NEXT_EVICT, "next / prev. eviction")                               \
	X(PREV_EVICT, "previous eviction")                                   \
	X(NEXT_TLB_MISS, "next / prev. TLB miss")                            \
	X(PREV_TLB_MISS, "previous TLB miss")                                \
	X(NEXT_CACHE_MISS, "next / prev. cache miss")                        \
	X(PREV_CACHE_MISS, "previous cache miss")                            \
	X(NEXT_GC, "next / prev. collection")                                \
	X(PREV_GC, "previous collection")                                    \
	X(TOGGLE_MICRO, "micro-steps on/off")                                \
	X(TOGGLE_BRIEF, "brief narration on/off")                            \
	X(RUN, "play / pause")                                               \
	X(FASTER, "play faster / slower")                                    \
	X(SLOWER, "play slower")                                             \
	X(FOCUS_NEXT, "focus next / prev. pane")                             \
	X(FOCUS_PREV, "focus the previous pane")                             \
	X(ZOOM, "zoom / unzoom the pane")                                    \
	X(SCROLL_UP, "scroll up / down")                                     \
	X(SCROLL_DOWN, "scroll the pane down")                               \
	X(PAGE_UP, "scroll a page up / down")                                \
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

/*
 * The action whose help line a's keys join (PREV_FAULT joins NEXT_FAULT),
 * or ACT_NONE when a has a line of its own.
 */
enum action keymap_help_partner(enum action a);

/*
 * The keys of a help line: those of action a, then those of every action
 * that joins it, separated by a space ("f F", "Tab S-Tab").  "" for an
 * action that joins another.  Writes into buf and returns it.
 */
const char *keymap_help_keys(enum action a, char *buf, size_t n);

/* The whole table (for tests): *count bindings. */
const struct keybinding *keymap_table(size_t *count);

#endif
