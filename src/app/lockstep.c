/*
 * lockstep.c: keys for runs that move together (see lockstep.h).  Every
 * move goes to the same step in every engine, so the runs always show
 * the same point of the scenario; a run that ended early stays at its
 * end.
 */
#include "app/lockstep.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/keymap.h"
#include "app/term.h"
#include "core/engine.h"

#define DELAY_MS 800

void lockstep_init(struct lockstep *ls, struct engine **e, size_t n,
		   size_t start, const char *help)
{
	size_t i;

	memset(ls, 0, sizeof *ls);
	ls->e = e;
	ls->n = n;
	ls->help = help;
	ls->delay_ms = DELAY_MS;
	ls->scroll_max = -1;
	ls->page = 10;
	for (i = 0; i < n; i++)
		engine_goto(e[i], start);
}

size_t lockstep_count(const struct lockstep *ls)
{
	size_t i, n = 0;

	for (i = 0; i < ls->n; i++)
		if (engine_count(ls->e[i]) > n)
			n = engine_count(ls->e[i]);
	return n;
}

static void go(struct lockstep *ls, size_t k)
{
	size_t i;

	for (i = 0; i < ls->n; i++)
		engine_goto(ls->e[i], k);
	ls->scroll = 0;
}

/* One step on (dir > 0) or back; false at the end or the start. */
static bool step(struct lockstep *ls, int dir)
{
	size_t pos = engine_pos(ls->e[0]), n = lockstep_count(ls);

	if (dir > 0 ? pos >= n : pos == 0)
		return false;
	go(ls, dir > 0 ? pos + 1 : pos - 1);
	return true;
}

const char *lockstep_message(struct lockstep *ls)
{
	if (ls->prompting)
		snprintf(ls->msg, sizeof ls->msg, "go to step (0-%zu): %s_",
			 lockstep_count(ls), ls->prompt);
	return ls->msg;
}

int lockstep_timeout(const struct lockstep *ls)
{
	return ls->playing ? ls->delay_ms : -1;
}

static void prompt_key(struct lockstep *ls, int key)
{
	size_t l = strlen(ls->prompt);

	if (key >= '0' && key <= '9' && l + 1 < sizeof ls->prompt) {
		ls->prompt[l] = (char)key;
		ls->prompt[l + 1] = '\0';
	} else if ((key == KEYC_BACKSPACE || key == KEYC_DEL) && l) {
		ls->prompt[l - 1] = '\0';
	} else if (key == KEYC_ENTER || key == '\r' || key == KEYC_ESC) {
		ls->prompting = false;
		ls->msg[0] = '\0';
		if (key != KEYC_ESC && l)
			go(ls, (size_t)strtoull(ls->prompt, NULL, 10));
	}
}

bool lockstep_key(struct lockstep *ls, int key)
{
	enum action a;

	if (key == KEYC_EOF) {
		ls->quit = true;
		return true;
	}
	if (key == KEYC_RESIZE)
		return true;
	if (key == KEYC_TIMEOUT) {
		if (ls->playing && !step(ls, 1)) {
			ls->playing = false;
			snprintf(ls->msg, sizeof ls->msg, "end of the run");
		}
		return true;
	}
	if (ls->prompting) {
		prompt_key(ls, key);
		return true;
	}
	ls->msg[0] = '\0';
	a = keymap_lookup(key);
	switch (a) {
	case ACT_STEP:
		if (!step(ls, 1))
			snprintf(ls->msg, sizeof ls->msg,
				 "at the last step; Home goes back to the start");
		break;
	case ACT_BACK:
		if (!step(ls, -1))
			snprintf(ls->msg, sizeof ls->msg, "at the start (step 0)");
		break;
	case ACT_FIRST:
		go(ls, 0);
		break;
	case ACT_LAST:
		go(ls, lockstep_count(ls));
		break;
	case ACT_GOTO:
		ls->prompting = true;
		ls->prompt[0] = '\0';
		break;
	case ACT_EXPLAIN:
		ls->explain = !ls->explain;
		break;
	case ACT_RUN:
		ls->playing = !ls->playing;
		if (ls->playing && engine_pos(ls->e[0]) == lockstep_count(ls))
			go(ls, 0);
		snprintf(ls->msg, sizeof ls->msg, "%s",
			 ls->playing ? "playing: p pauses" : "paused");
		break;
	case ACT_FASTER:
	case ACT_SLOWER:
		ls->delay_ms = a == ACT_FASTER ? ls->delay_ms / 2
					       : ls->delay_ms * 2;
		ls->delay_ms = ls->delay_ms < 50     ? 50
			       : ls->delay_ms > 6400 ? 6400
						     : ls->delay_ms;
		snprintf(ls->msg, sizeof ls->msg,
			 "autoplay: one step every %d ms", ls->delay_ms);
		break;
	case ACT_SCROLL_UP:
	case ACT_PAGE_UP:
		ls->scroll += a == ACT_SCROLL_UP ? 1 : ls->page;
		if (ls->scroll_max >= 0 && ls->scroll > ls->scroll_max)
			ls->scroll = ls->scroll_max;
		break;
	case ACT_SCROLL_DOWN:
	case ACT_PAGE_DOWN:
		ls->scroll -= a == ACT_SCROLL_DOWN ? 1 : ls->page;
		if (ls->scroll < 0)
			ls->scroll = 0;
		break;
	case ACT_REDRAW:
		term_redraw();
		break;
	case ACT_HELP:
		snprintf(ls->msg, sizeof ls->msg, "%s", ls->help);
		break;
	case ACT_CANCEL:
		ls->playing = false;
		ls->explain = false;
		break;
	case ACT_QUIT:
		ls->quit = true;
		break;
	case ACT_NONE:
		break;
	default:
		return false;
	}
	return true;
}
