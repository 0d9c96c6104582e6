/*
 * lockstep.h: the keys of the screens where several runs of a scenario
 * move together (compare mode, --compare with heap policies, --vary).
 * The caller draws; this module turns keys into moves of every engine,
 * the go-to prompt, autoplay, scrolling and the status message, so that
 * all those screens answer the same keys the same way.
 */
#ifndef MEMVIZ_APP_LOCKSTEP_H
#define MEMVIZ_APP_LOCKSTEP_H

#include <stdbool.h>
#include <stddef.h>

struct engine;

struct lockstep {
	struct engine **e;  /* the runs' engines (owned by the caller) */
	size_t n;
	const char *help;   /* the `?` message: the keys of this screen */
	char msg[160];      /* the status message ("" for none) */
	bool playing;
	int delay_ms;       /* autoplay: one step per delay */
	bool prompting;     /* the go-to prompt is open */
	char prompt[24];
	bool explain;       /* `e`: the step's events instead of the panes */
	int scroll;         /* rows scrolled back, 0 after every move */
	int scroll_max;     /* set by the caller's drawing (-1: no limit) */
	int page;           /* rows a page scrolls */
	bool quit;
};

/* Start: runs at step `start`, no message, autoplay paused. */
void lockstep_init(struct lockstep *ls, struct engine **e, size_t n,
		   size_t start, const char *help);
/* The most steps of any run (a run that ends early stays at its end). */
size_t lockstep_count(const struct lockstep *ls);
/* The message to show now (the prompt while it is open). */
const char *lockstep_message(struct lockstep *ls);
/* The timeout for the next key: the autoplay delay, or -1. */
int lockstep_timeout(const struct lockstep *ls);
/*
 * Handle a key from term_getkey (KEYC_TIMEOUT steps autoplay; KEYC_EOF
 * quits).  Returns false for a key the screen should handle itself
 * (then nothing changed).
 */
bool lockstep_key(struct lockstep *ls, int key);

#endif
