/*
 * view.h: the whole screen, drawn from the engine.  view_draw() lays out
 * the panes for the canvas size and asks each to draw itself; on top come
 * the title card (step 0), the help and explain overlays, and the "too
 * small" message.  The view reads the machine through a const pointer and
 * never moves the engine: it only calls engine_narrate(), which replays on
 * a scratch copy.
 *
 * struct view_state is what the user controls that is not the machine:
 * focus, zoom, scrolling, overlays, the message and prompt in the status
 * line.  The application owns it and changes it with the view_* helpers
 * below, so the same rules (which panes can take focus, how far a pane can
 * scroll) hold for every caller.
 */
#ifndef MEMVIZ_VIEW_VIEW_H
#define MEMVIZ_VIEW_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "view/canvas.h"
#include "view/layout.h"

struct engine;
struct program;

/* One line of the help overlay, built by the application from its key map. */
struct view_help {
	const char *keys; /* "Right/Space/l" */
	const char *text; /* "next step" */
};

/*
 * What the last view_draw found out that the state needs: how far each
 * pane can scroll.  Owned by the application; view_draw writes it.
 */
struct view_metrics {
	int scroll_max[PANE_ID_COUNT]; /* how far each pane scrolls back */
	int scroll_min[PANE_ID_COUNT]; /* and on, past its anchor (<= 0) */
	int page[PANE_ID_COUNT]; /* rows visible in each pane */
	int help_scroll_max;     /* how far the help overlay can scroll */
	int explain_scroll_max;  /* how far the explain overlay can scroll */
};

#define VIEW_MESSAGE_MAX 160
#define VIEW_INPUT_MAX 48

struct view_state {
	int focus;                 /* pane id with the focus */
	int zoom;                  /* zoomed pane id, or PANE_ID_NONE */
	int scroll[PANE_ID_COUNT]; /* rows scrolled back from the default */
	uint32_t wanted;           /* PANE_BIT set of panes to lay out */
	bool micro;                /* micro-step mode: move by event */
	bool brief;                /* narration: one short line a step */
	bool panes_pinned;         /* --panes chose them: `panes` lines of
				      the scenario do not change them */
	bool help;                 /* help overlay open */
	int help_scroll;           /* rows of help scrolled past */
	bool explain;              /* explain overlay open */
	int explain_scroll;        /* rows of the explanation scrolled past */
	bool present;              /* presentation mode: fewer counters */
	bool ascii;                /* ASCII only (also the canvas flag) */
	bool color;                /* colours are on (the text is the same) */
	bool playing;              /* autoplay running */
	int delay_ms;              /* autoplay delay between steps */
	char message[VIEW_MESSAGE_MAX]; /* status line message, "" for none */
	bool message_error;        /* show the message as an error */
	const char *prompt;        /* a prompt being answered, or NULL */
	char input[VIEW_INPUT_MAX]; /* what was typed at the prompt */
	const char *hints;         /* key hints for the status line */
	const struct view_help *help_lines; /* the help overlay's content */
	size_t nhelp;
	struct view_metrics *metrics; /* written by view_draw when not NULL */
	/*
	 * A quiz question shown in the narration pane in place of the next
	 * step's outcome (the engine stays before it), or NULL; its heading
	 * ("Question 2 of 9, step 5") and a hint on answering.  `score`
	 * ("score 3/5") leads the status line when not NULL.
	 */
	const char *question;
	const char *question_head;
	const char *question_hint;
	const char *score;
};

/*
 * Initialise a state for program p (may be NULL): panes wanted from the
 * program's configuration (view_wanted_panes), focus on the first model
 * pane, nothing zoomed or scrolled, overlays closed.
 */
void view_state_init(struct view_state *vs, const struct program *p);

/*
 * The panes a program wants: config.panes when set (PANE_BIT bits of
 * layout.h), else the model panes for config.uses (the stack when the
 * scenario uses nothing), plus narration, timeline and status.
 */
uint32_t view_wanted_panes(const struct program *p);

/*
 * Draw the screen at the engine's current position onto c (its size is
 * the screen size).  Never changes the machine.
 */
void view_draw(struct canvas *c, const struct view_state *vs,
	       const struct engine *e);

/*
 * Show the model panes in `models` (PANE_BIT bits; others are ignored)
 * instead of the program's, plus narration, timeline and status; the
 * focus moves to the first of them.  models == 0 changes nothing.
 */
void view_want_panes(struct view_state *vs, uint32_t models);

/* Move the focus to the next (dir > 0) or previous focusable wanted pane. */
void view_focus_step(struct view_state *vs, int dir);
/* Zoom the focused pane, or unzoom if a pane is zoomed. */
void view_zoom_toggle(struct view_state *vs);
/*
 * Show the panes the scenario asks for at the engine's current step (its
 * `panes` lines between steps, see program_panes_at), unless --panes
 * pinned them.  Called before each draw; does nothing when the panes do
 * not change, so zoom and focus survive ordinary steps.
 */
struct engine;
void view_follow_panes(struct view_state *vs, const struct engine *e);

/*
 * Scroll the focused pane back (rows > 0: up, towards older content) or
 * forward (rows < 0), kept within 0 and the last known maximum.
 */
void view_scroll(struct view_state *vs, int rows);
/* Rows a page-up/down moves in the focused pane (at least 1). */
int view_page_rows(const struct view_state *vs);
/* Put every pane back at its default scroll position. */
void view_scroll_reset(struct view_state *vs);
/* Set the status line message (printf style); error selects the style. */
void view_message(struct view_state *vs, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
