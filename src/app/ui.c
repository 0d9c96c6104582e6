/*
 * ui.c: the interactive loop and the screen dump.
 *
 * The loop: draw (view_draw onto a canvas the size of the screen, then
 * term_blit), wait for a key (or the autoplay timeout), turn it into an
 * action with the key map, apply it.  Actions move the engine (step, back,
 * go to, find) or change the view state (focus, zoom, scroll, overlays);
 * the view never moves the engine.  A prompt in the status line (go to
 * step, search) takes keys as text until Enter or Esc.  While an overlay is
 * open, any key closes it.
 *
 * Nothing is drawn while idle: a blocking read waits for the next key, and
 * when input closes the loop ends.
 *
 * n and N repeat the last search (forward, back) while one is active; Esc
 * ends it, and then they go to the next or previous chapter or error.
 * The mouse is never needed: a click focuses the pane under it, the wheel
 * scrolls that pane.
 */
#include "app/ui.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/keymap.h"
#include "app/session.h"
#include "app/term.h"
#include "core/engine.h"
#include "core/program.h"
#include "core/quiz.h"
#include "core/util.h"
#include "view/canvas.h"
#include "view/layout.h"
#include "view/pane.h"
#include "view/view.h"

#define DELAY_MIN_MS 50
#define DELAY_MAX_MS 6400
/* A search looks at most this many steps ahead before giving up. */
#define SEARCH_LIMIT 100000

enum prompt_kind {
	PROMPT_NONE,
	PROMPT_GOTO,
	PROMPT_SEARCH,
	PROMPT_ANSWER, /* a quiz answer */
};

/* The quiz: its questions, which were asked, the one on screen, the score. */
struct ui_quiz {
	struct quiz_list list;
	bool answers;          /* --quiz: answer fields and a score */
	unsigned char *done;   /* per question: asked (answered or revealed) */
	long cur;              /* the question on screen, or -1 */
	bool summary;          /* the end-of-quiz summary is on screen */
	struct quiz_score score;
	char head[96], hint[VIEW_MESSAGE_MAX + 128], score_text[32];
	char summary_text[256];
	char marker[QUIZ_QUESTION_MAX + 32]; /* for the recording, or "" */
	const char *hints;     /* the usual key hints */
};

struct ui {
	struct engine *e;
	struct view_state vs;
	struct view_metrics metrics;
	struct view_help help[ACT_COUNT];
	char help_keys[ACT_COUNT][40];
	char hints[96];
	char prompt_text[64];
	enum prompt_kind prompt;
	char last_search[VIEW_INPUT_MAX];
	int width, height; /* the screen as last drawn (for the mouse) */
	bool quit;
	struct ui_quiz quiz;
};

void ui_options_init(struct ui_options *opt)
{
	memset(opt, 0, sizeof *opt);
	opt->color = CLI_COLOR_AUTO;
	opt->mouse = true;
}

/* The first key bound to action a, by name. */
static const char *first_key(enum action a, char *buf, size_t n)
{
	char *slash;

	keymap_keys_for(a, buf, n);
	slash = strchr(buf, '/');
	if (slash && slash != buf)
		*slash = '\0';
	return buf;
}

/*
 * The view state for the options, then help lines and status hints from
 * the key map (a "previous" action shares its partner's help line).
 */
static void ui_init(struct ui *ui, struct engine *e, bool ascii,
		    const struct ui_options *opt)
{
	char step[16], help[16], quit[16];
	int a;

	memset(ui, 0, sizeof *ui);
	ui->e = e;
	view_state_init(&ui->vs, engine_program(e));
	if (opt->panes)
		view_want_panes(&ui->vs, opt->panes);
	ui->vs.ascii = ascii;
	ui->vs.present = opt->present;
	ui->vs.brief = opt->brief;
	ui->vs.micro = opt->micro;
	ui->vs.metrics = &ui->metrics;
	for (a = ACT_NONE + 1; a < ACT_COUNT; a++) {
		keymap_help_keys((enum action)a, ui->help_keys[ui->vs.nhelp],
				 sizeof ui->help_keys[0]);
		if (ui->help_keys[ui->vs.nhelp][0] == '\0')
			continue;
		ui->help[ui->vs.nhelp].keys = ui->help_keys[ui->vs.nhelp];
		ui->help[ui->vs.nhelp].text = keymap_action_help((enum action)a);
		ui->vs.nhelp++;
	}
	ui->vs.help_lines = ui->help;
	/* Help first: the status line keeps only the first hint when short. */
	snprintf(ui->hints, sizeof ui->hints, "%s help  %s step  %s quit",
		 first_key(ACT_HELP, help, sizeof help),
		 first_key(ACT_STEP, step, sizeof step),
		 first_key(ACT_QUIT, quit, sizeof quit));
	ui->vs.hints = ui->hints;
}

/* After any move: every pane shows its newest content again. */
static void moved(struct ui *ui)
{
	view_scroll_reset(&ui->vs);
}

/* ---- the quiz ---- */

static void open_prompt(struct ui *ui, enum prompt_kind kind);

/* How an answer of this form is written, for the hint. */
static const char *form_hint(enum quiz_form f)
{
	switch (f) {
	case QF_HIT_MISS:
		return "hit or miss";
	case QF_VICTIM:
		return "a page or tag (hex or decimal), or none";
	case QF_ADDRESS:
		return "an address (hex or decimal), or NULL";
	case QF_PADDR:
		return "an address (hex or decimal), or invalid";
	case QF_NUMBER:
		return "a number";
	case QF_NAMES:
		return "the names in any order, or none";
	default:
		return "a word or two";
	}
}

static void quiz_update_score(struct ui *ui)
{
	struct ui_quiz *qz = &ui->quiz;

	if (!qz->answers)
		return;
	snprintf(qz->score_text, sizeof qz->score_text, "score %u/%u",
		 qz->score.correct, qz->score.total);
	ui->vs.score = qz->score_text;
}

/* Put question i on screen (the engine stays before its step). */
static void quiz_show(struct ui *ui, long i)
{
	struct ui_quiz *qz = &ui->quiz;
	const struct quiz_question *q = &qz->list.q[i];
	bool field = qz->answers && !q->open;

	qz->cur = i;
	snprintf(qz->head, sizeof qz->head, "Question %ld of %zu, step %zu%s%s",
		 i + 1, qz->list.n, q->step, q->kind == QUIZ_ASK ? "" : ": ",
		 q->kind == QUIZ_ASK ? "" : quiz_kind_names[q->kind]);
	/* The answer field hides the status message: repeat the verdict. */
	if (field)
		snprintf(qz->hint, sizeof qz->hint,
			 "Answer: %s. Enter submits; an empty answer skips.%s%s",
			 form_hint(q->form), ui->vs.message[0] ? "\n\n" : "",
			 ui->vs.message);
	else
		snprintf(qz->hint, sizeof qz->hint,
			 "Predict it, then press Space to reveal the step.");
	ui->vs.question = q->question;
	ui->vs.question_head = qz->head;
	ui->vs.question_hint = qz->hint;
	ui->vs.playing = false;
	ui->vs.hints = field ? qz->hints : "Space reveals  ? help";
	snprintf(qz->marker, sizeof qz->marker, "step %zu: %s", q->step,
		 q->question);
	if (field)
		open_prompt(ui, PROMPT_ANSWER);
}

static void quiz_hide(struct ui *ui)
{
	ui->quiz.cur = -1;
	ui->quiz.summary = false;
	ui->vs.question = ui->vs.question_head = ui->vs.question_hint = NULL;
	ui->vs.hints = ui->quiz.hints;
}

/* The first question of step k not yet asked, or -1. */
static long quiz_pending(const struct ui *ui, size_t k)
{
	const struct ui_quiz *qz = &ui->quiz;
	long i = quiz_list_find(&qz->list, k);

	for (; i >= 0 && (size_t)i < qz->list.n && qz->list.q[i].step == k;
	     i++)
		if (!qz->done[i])
			return i;
	return -1;
}

/*
 * Before stepping from a complete step into step k: ask its questions
 * first.  True when a question is now on screen (the step waits).
 */
static bool quiz_intercept(struct ui *ui)
{
	size_t pos = engine_pos(ui->e);
	long i;

	if (ui->quiz.list.n == 0 ||
	    (pos > 0 && engine_event_pos(ui->e) < engine_event_count(ui->e)))
		return false;
	i = quiz_pending(ui, pos + 1);
	if (i < 0)
		return false;
	quiz_show(ui, i);
	return true;
}

/* The question on screen is done: the next one of its step, or reveal. */
static void quiz_next(struct ui *ui)
{
	struct ui_quiz *qz = &ui->quiz;
	size_t k = qz->list.q[qz->cur].step;
	long i;

	qz->done[qz->cur] = 1;
	i = quiz_pending(ui, k);
	if (i >= 0) {
		quiz_show(ui, i);
		return;
	}
	quiz_hide(ui);
	if (ui->vs.micro)
		engine_goto(ui->e, k);
	else
		engine_forward(ui->e);
	view_scroll_reset(&ui->vs);
}

/* Grade the answer typed for the question on screen, say so, go on. */
static void quiz_answer(struct ui *ui, const char *answer)
{
	struct ui_quiz *qz = &ui->quiz;
	const struct quiz_question *q = &qz->list.q[qz->cur];
	enum quiz_verdict v = quiz_grade(q, answer);

	bool last;

	quiz_score_add(&qz->score, q, v);
	quiz_update_score(ui);
	qz->done[qz->cur] = 1;
	/* The why would give away the step's next questions: only at its end. */
	last = quiz_pending(ui, q->step) < 0;
	if (v == QUIZ_RIGHT)
		view_message(&ui->vs, false, "right: %s", q->expected);
	else
		view_message(&ui->vs, true, "%s: it is %s.%s%s",
			     v == QUIZ_SKIPPED ? "skipped" : "wrong",
			     q->expected, last && q->why[0] ? " " : "",
			     last ? q->why : "");
	quiz_next(ui);
}

/* At the end of the run: the score per kind, in the narration pane. */
static bool quiz_show_summary(struct ui *ui)
{
	struct ui_quiz *qz = &ui->quiz;
	size_t len;
	bool k_first = true;
	int k;

	if (!qz->answers || qz->score.total == 0)
		return false;
	snprintf(qz->summary_text, sizeof qz->summary_text,
		 "%u of %u right:", qz->score.correct, qz->score.total);
	for (k = 0; k < QUIZ_KINDS; k++) {
		if (qz->score.kind_total[k] == 0)
			continue;
		len = strlen(qz->summary_text);
		snprintf(qz->summary_text + len, sizeof qz->summary_text - len,
			 "%s %s %u/%u", k_first ? "" : ",", quiz_kind_names[k],
			 qz->score.kind_correct[k], qz->score.kind_total[k]);
		k_first = false;
	}
	snprintf(qz->head, sizeof qz->head, "Quiz over");
	snprintf(qz->hint, sizeof qz->hint,
		 "Skipped questions count as wrong. Any key closes this.");
	qz->summary = true;
	ui->vs.question = qz->summary_text;
	ui->vs.question_head = qz->head;
	ui->vs.question_hint = qz->hint;
	return true;
}

/*
 * A key while a question (or the summary) is on screen and no answer
 * field is open.  True when it was used; false: apply it as usual (the
 * question is put away first when the key moves).
 */
static bool quiz_key(struct ui *ui, enum action a)
{
	if (ui->quiz.summary) {
		quiz_hide(ui);
		return a != ACT_QUIT;
	}
	switch (a) {
	case ACT_STEP:
		quiz_next(ui);
		return true;
	case ACT_BACK:
	case ACT_CANCEL:
		quiz_hide(ui);
		return true;
	case ACT_HELP:
	case ACT_QUIT:
	case ACT_REDRAW:
	case ACT_FOCUS_NEXT:
	case ACT_FOCUS_PREV:
	case ACT_ZOOM:
	case ACT_SCROLL_UP:
	case ACT_SCROLL_DOWN:
	case ACT_PAGE_UP:
	case ACT_PAGE_DOWN:
	case ACT_EXPLAIN:
		return false;
	default:
		quiz_hide(ui);
		return false;
	}
}

static void quiz_init(struct ui *ui, const struct ui_options *opt)
{
	struct ui_quiz *qz = &ui->quiz;

	qz->cur = -1;
	qz->answers = opt->quiz;
	qz->hints = ui->vs.hints;
	quiz_collect(ui->e, opt->quiz ? opt->quiz_kinds : 0, &qz->list);
	qz->done = xcalloc(qz->list.n + 1, 1);
	quiz_update_score(ui);
}

static void quiz_free(struct ui *ui)
{
	quiz_list_free(&ui->quiz.list);
	free(ui->quiz.done);
}

static void step_forward(struct ui *ui)
{
	if (quiz_intercept(ui))
		return;
	bool ok = ui->vs.micro ? engine_event_forward(ui->e)
			       : engine_forward(ui->e);
	if (ok)
		moved(ui);
	else if (!quiz_show_summary(ui))
		view_message(&ui->vs, false, "at the last step (%zu); Home goes "
			     "back to the start", engine_count(ui->e));
}

static void step_back(struct ui *ui)
{
	bool ok = ui->vs.micro ? engine_event_back(ui->e) : engine_back(ui->e);
	if (ok)
		moved(ui);
	else
		view_message(&ui->vs, false, "at the start (step 0)");
}

static void go_to(struct ui *ui, size_t k)
{
	engine_goto(ui->e, k);
	moved(ui);
}

/*
 * Go to the next (dir > 0) or previous step carrying any of the flags in
 * mask, and say what was found; `what` names the kind ("page fault").
 */
static void find_kind(struct ui *ui, uint32_t mask, int dir, const char *what)
{
	const struct program *p = engine_program(ui->e);
	size_t k = engine_find(ui->e, engine_pos(ui->e), mask, dir);
	const char *mark;
	uint32_t f;

	if (k == 0) {
		view_message(&ui->vs, false, "no %s %s", dir > 0 ? "later"
								 : "earlier",
			     what);
		return;
	}
	go_to(ui, k);
	f = engine_flags(ui->e, k);
	mark = program_mark(p, k - 1);
	if ((mask & EVF_ERROR) && (f & EVF_ERROR))
		view_message(&ui->vs, true, "error at step %zu", k);
	else if ((mask & EVF_MARK) && mark)
		view_message(&ui->vs, false, "chapter: %s", mark);
	else
		view_message(&ui->vs, false, "%s at step %zu", what, k);
}

static void collect_text(const struct event *ev, void *arg)
{
	struct strbuf *sb = arg;

	strbuf_puts(sb, ev->text);
	strbuf_putc(sb, ' ');
}

/* Case-insensitive substring test. */
static bool contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle), i;

	if (n == 0)
		return true;
	for (; *hay; hay++) {
		for (i = 0; i < n && hay[i]; i++)
			if (tolower((unsigned char)hay[i]) !=
			    tolower((unsigned char)needle[i]))
				break;
		if (i == n)
			return true;
	}
	return false;
}

/*
 * The next (dir > 0) or previous step from the current one whose narration
 * contains text, wrapping round at the ends.
 */
static void search(struct ui *ui, const char *text, int dir)
{
	size_t n = engine_count(ui->e), pos = engine_pos(ui->e), i;
	size_t base = pos ? pos : n + 1; /* backward from step 0: from the end */
	struct strbuf sb;

	if (text[0] == '\0')
		return;
	if (text != ui->last_search)
		snprintf(ui->last_search, sizeof ui->last_search, "%s", text);
	strbuf_init(&sb);
	for (i = 1; i <= n && i <= SEARCH_LIMIT; i++) {
		size_t k;
		bool wrapped;

		if (dir > 0) {
			k = (pos + i - 1) % n + 1; /* wraps to the start */
			wrapped = k <= pos;
		} else {
			k = base > i ? base - i : base + n - i; /* to the end */
			wrapped = k >= base;
		}
		strbuf_reset(&sb);
		engine_narrate(ui->e, k, collect_text, &sb);
		if (sb.buf && contains(sb.buf, text)) {
			strbuf_free(&sb);
			go_to(ui, k);
			view_message(&ui->vs, false,
				     "\"%s\" at step %zu%s; n N: next, previous; "
				     "Esc: stop",
				     text, k,
				     !wrapped       ? ""
				     : dir > 0 ? " (from the start)"
						 : " (from the end)");
			return;
		}
	}
	strbuf_free(&sb);
	view_message(&ui->vs, true, "\"%s\" not found", text);
}

static void open_prompt(struct ui *ui, enum prompt_kind kind)
{
	ui->prompt = kind;
	ui->vs.input[0] = '\0';
	if (kind == PROMPT_GOTO)
		snprintf(ui->prompt_text, sizeof ui->prompt_text,
			 "go to step (0-%zu): ", engine_count(ui->e));
	else if (kind == PROMPT_ANSWER)
		snprintf(ui->prompt_text, sizeof ui->prompt_text, "answer: ");
	else
		snprintf(ui->prompt_text, sizeof ui->prompt_text, "search: ");
	ui->vs.prompt = ui->prompt_text;
	ui->vs.playing = false;
}

static void close_prompt(struct ui *ui)
{
	ui->prompt = PROMPT_NONE;
	ui->vs.prompt = NULL;
}

/* Finish a prompt with Enter. */
static void submit_prompt(struct ui *ui)
{
	char input[VIEW_INPUT_MAX];
	enum prompt_kind kind = ui->prompt;

	snprintf(input, sizeof input, "%s", ui->vs.input);
	close_prompt(ui);
	if (kind == PROMPT_GOTO) {
		char *end;
		unsigned long long k;

		if (input[0] == '\0')
			return;
		k = strtoull(input, &end, 10);
		if (*end != '\0') {
			view_message(&ui->vs, true, "not a step number: %s",
				     input);
			return;
		}
		if (k > engine_count(ui->e)) {
			view_message(&ui->vs, false,
				     "there are %zu steps: went to the last",
				     engine_count(ui->e));
			k = engine_count(ui->e);
		}
		go_to(ui, (size_t)k);
	} else if (kind == PROMPT_SEARCH) {
		search(ui, input, 1);
	} else if (kind == PROMPT_ANSWER && ui->quiz.cur >= 0) {
		quiz_answer(ui, input);
	}
}

/* Append code point cp to the NUL-terminated buf (size n) as UTF-8. */
static void append_utf8(char *buf, size_t n, uint32_t cp)
{
	size_t len = strlen(buf);
	char enc[4];
	size_t k;

	if (cp < 0x80) {
		enc[0] = (char)cp;
		k = 1;
	} else if (cp < 0x800) {
		enc[0] = (char)(0xc0 | (cp >> 6));
		enc[1] = (char)(0x80 | (cp & 0x3f));
		k = 2;
	} else if (cp < 0x10000) {
		enc[0] = (char)(0xe0 | (cp >> 12));
		enc[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		enc[2] = (char)(0x80 | (cp & 0x3f));
		k = 3;
	} else {
		enc[0] = (char)(0xf0 | (cp >> 18));
		enc[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		enc[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		enc[3] = (char)(0x80 | (cp & 0x3f));
		k = 4;
	}
	if (len + k < n) {
		memcpy(buf + len, enc, k);
		buf[len + k] = '\0';
	}
}

/* A key while a prompt is open: edit, submit or cancel. */
static void prompt_key(struct ui *ui, int key)
{
	size_t len = strlen(ui->vs.input);

	if (key == KEYC_ENTER) {
		submit_prompt(ui);
	} else if (key == KEYC_ESC || key == KEYC_CTRL_C) {
		if (ui->prompt == PROMPT_ANSWER)
			quiz_hide(ui);
		close_prompt(ui);
	} else if (key == KEYC_BACKSPACE || key == KEYC_DEL) {
		if (len == 0) {
			if (ui->prompt == PROMPT_ANSWER)
				return; /* an empty field stays open */
			close_prompt(ui);
			return;
		}
		/* Drop one UTF-8 code point. */
		while (len > 0 && ((unsigned char)ui->vs.input[--len] & 0xc0) ==
					  0x80)
			;
		ui->vs.input[len] = '\0';
	} else if (ui->prompt == PROMPT_GOTO) {
		if (key < 0x80 && isdigit(key) && len + 1 < VIEW_INPUT_MAX) {
			ui->vs.input[len] = (char)key;
			ui->vs.input[len + 1] = '\0';
		}
	} else if ((key >= 0x20 && key < 0x7f) ||
		   (key >= 0xa0 && key <= 0x10ffff)) {
		append_utf8(ui->vs.input, sizeof ui->vs.input, (uint32_t)key);
	}
}

static void toggle_micro(struct ui *ui)
{
	ui->vs.micro = !ui->vs.micro;
	if (!ui->vs.micro && engine_event_pos(ui->e) < engine_event_count(ui->e))
		go_to(ui, engine_pos(ui->e)); /* complete the step */
	view_message(&ui->vs, false, ui->vs.micro
					     ? "micro-step mode: Space and Left "
					       "move one event at a time"
					     : "step mode: Space and Left move "
					       "one step at a time");
}

static void toggle_run(struct ui *ui)
{
	ui->vs.playing = !ui->vs.playing;
	if (ui->vs.playing && engine_pos(ui->e) == engine_count(ui->e))
		go_to(ui, 0);
	view_message(&ui->vs, false, ui->vs.playing ? "playing: r pauses, "
						      "+ and - change speed"
						    : "paused");
}

static void change_speed(struct ui *ui, bool faster)
{
	int d = ui->vs.delay_ms;

	d = faster ? d / 2 : d * 2;
	if (d < DELAY_MIN_MS)
		d = DELAY_MIN_MS;
	if (d > DELAY_MAX_MS)
		d = DELAY_MAX_MS;
	ui->vs.delay_ms = d;
	view_message(&ui->vs, false, "autoplay: one step every %d ms", d);
}

static void apply(struct ui *ui, enum action a)
{
	struct view_state *vs = &ui->vs;

	switch (a) {
	case ACT_NONE:
		break;
	case ACT_STEP:
		step_forward(ui);
		break;
	case ACT_BACK:
		step_back(ui);
		break;
	case ACT_FIRST:
		go_to(ui, 0);
		break;
	case ACT_LAST:
		go_to(ui, engine_count(ui->e));
		break;
	case ACT_GOTO:
		open_prompt(ui, PROMPT_GOTO);
		break;
	case ACT_NEXT_MARK:
	case ACT_PREV_MARK: {
		int dir = a == ACT_NEXT_MARK ? 1 : -1;
		if (ui->last_search[0])
			search(ui, ui->last_search, dir);
		else
			find_kind(ui, EVF_MARK | EVF_ERROR, dir,
				  "chapter or error");
		break;
	}
	case ACT_SEARCH:
		open_prompt(ui, PROMPT_SEARCH);
		break;
	case ACT_SEARCH_NEXT:
		if (ui->last_search[0])
			search(ui, ui->last_search, 1);
		else
			open_prompt(ui, PROMPT_SEARCH);
		break;
	case ACT_NEXT_CHAPTER:
	case ACT_PREV_CHAPTER:
		find_kind(ui, EVF_MARK, a == ACT_NEXT_CHAPTER ? 1 : -1,
			  "chapter");
		break;
	case ACT_NEXT_ERROR:
	case ACT_PREV_ERROR:
		find_kind(ui, EVF_ERROR, a == ACT_NEXT_ERROR ? 1 : -1, "error");
		break;
	case ACT_NEXT_FAULT:
	case ACT_PREV_FAULT:
		find_kind(ui, EVF_FAULT, a == ACT_NEXT_FAULT ? 1 : -1,
			  "page fault");
		break;
	case ACT_NEXT_EVICT:
	case ACT_PREV_EVICT:
		find_kind(ui, EVF_EVICT, a == ACT_NEXT_EVICT ? 1 : -1,
			  "eviction");
		break;
	case ACT_NEXT_TLB_MISS:
	case ACT_PREV_TLB_MISS:
		find_kind(ui, EVF_TLB_MISS, a == ACT_NEXT_TLB_MISS ? 1 : -1,
			  "TLB miss");
		break;
	case ACT_NEXT_CACHE_MISS:
	case ACT_PREV_CACHE_MISS:
		find_kind(ui, EVF_CACHE_MISS, a == ACT_NEXT_CACHE_MISS ? 1 : -1,
			  "cache miss");
		break;
	case ACT_NEXT_GC:
	case ACT_PREV_GC:
		find_kind(ui, EVF_GC, a == ACT_NEXT_GC ? 1 : -1, "collection");
		break;
	case ACT_TOGGLE_MICRO:
		toggle_micro(ui);
		break;
	case ACT_TOGGLE_BRIEF:
		vs->brief = !vs->brief;
		view_scroll_reset(vs);
		view_message(vs, false, vs->brief ? "brief narration: one line a "
				  "step (e: the full text, b: back)"
						  : "full narration");
		break;
	case ACT_RUN:
		toggle_run(ui);
		break;
	case ACT_FASTER:
		change_speed(ui, true);
		break;
	case ACT_SLOWER:
		change_speed(ui, false);
		break;
	case ACT_FOCUS_NEXT:
		view_focus_step(vs, 1);
		break;
	case ACT_FOCUS_PREV:
		view_focus_step(vs, -1);
		break;
	case ACT_ZOOM:
		view_zoom_toggle(vs);
		break;
	case ACT_SCROLL_UP:
		view_scroll(vs, 1);
		break;
	case ACT_SCROLL_DOWN:
		view_scroll(vs, -1);
		break;
	case ACT_PAGE_UP:
		view_scroll(vs, view_page_rows(vs));
		break;
	case ACT_PAGE_DOWN:
		view_scroll(vs, -view_page_rows(vs));
		break;
	case ACT_EXPLAIN:
		vs->explain = !vs->explain;
		vs->explain_scroll = 0;
		break;
	case ACT_HELP:
		vs->help = !vs->help;
		vs->help_scroll = 0;
		break;
	case ACT_REDRAW:
		term_redraw();
		break;
	case ACT_CANCEL:
		vs->help = vs->explain = false;
		vs->playing = false;
		if (ui->last_search[0]) {
			ui->last_search[0] = '\0';
			view_message(vs, false, "search ended: n and N go to "
				     "chapters again");
		}
		break;
	case ACT_QUIT:
		ui->quit = true;
		break;
	case ACT_COUNT:
		break;
	}
}

/*
 * A click or the wheel at (x, y): focus the focusable pane there (if any),
 * then scroll it for the wheel.  Over an overlay the wheel scrolls the
 * help and a click closes the overlay.
 */
static void mouse(struct ui *ui, int key, int x, int y)
{
	struct view_state *vs = &ui->vs;
	int rows = key == KEYC_WHEEL_UP ? 3 : key == KEYC_WHEEL_DOWN ? -3 : 0;
	struct layout l;
	int id;

	if (vs->help || vs->explain) {
		if (key == KEYC_MOUSE_CLICK) {
			vs->help = vs->explain = false;
			return;
		}
		if (vs->help) {
			vs->help_scroll -= rows;
			if (vs->help_scroll > ui->metrics.help_scroll_max)
				vs->help_scroll = ui->metrics.help_scroll_max;
			if (vs->help_scroll < 0)
				vs->help_scroll = 0;
		} else {
			vs->explain_scroll -= rows;
			if (vs->explain_scroll < 0)
				vs->explain_scroll = 0;
		}
		return;
	}
	if (ui->prompt != PROMPT_NONE || engine_pos(ui->e) == 0)
		return;
	layout_compute(&l, ui->width, ui->height, vs->wanted, vs->zoom);
	for (id = 0; id < PANE_ID_COUNT; id++) {
		struct rect r = l.rect[id];

		if (layout_shown(&l, id) && pane_get(id)->focusable &&
		    x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h) {
			vs->focus = id;
			if (rows)
				view_scroll(vs, rows);
			return;
		}
	}
}

/* One input event: a key, the autoplay tick, a resize, end of input. */
static void handle_key(struct ui *ui, int key)
{
	struct view_state *vs = &ui->vs;

	switch (key) {
	case KEYC_EOF:
		ui->quit = true;
		return;
	case KEYC_RESIZE:
		return;
	case KEYC_MOUSE_CLICK:
	case KEYC_WHEEL_UP:
	case KEYC_WHEEL_DOWN: {
		int x, y;

		term_mouse_pos(&x, &y);
		mouse(ui, key, x, y);
		return;
	}
	case KEYC_TIMEOUT:
		if (vs->playing && quiz_intercept(ui))
			return;
		if (vs->playing) {
			bool ok = vs->micro ? engine_event_forward(ui->e)
					    : engine_forward(ui->e);
			if (ok) {
				moved(ui);
			} else {
				vs->playing = false;
				view_message(vs, false, "end of the run");
			}
		}
		return;
	default:
		break;
	}
	vs->message[0] = '\0';
	if (ui->prompt != PROMPT_NONE) {
		prompt_key(ui, key);
		return;
	}
	if (vs->help) {
		enum action a = keymap_lookup(key);
		int max = ui->metrics.help_scroll_max;

		/* Scroll keys scroll the help; any other key closes it. */
		if (a == ACT_SCROLL_UP || a == ACT_PAGE_UP)
			vs->help_scroll -= a == ACT_SCROLL_UP ? 1 : 10;
		else if (a == ACT_SCROLL_DOWN || a == ACT_PAGE_DOWN)
			vs->help_scroll += a == ACT_SCROLL_DOWN ? 1 : 10;
		else
			vs->help = false;
		if (vs->help_scroll > max)
			vs->help_scroll = max;
		if (vs->help_scroll < 0)
			vs->help_scroll = 0;
		return;
	}
	if (vs->explain) {
		enum action a = keymap_lookup(key);

		/* Scroll keys scroll the explanation; any other key closes it. */
		if (a == ACT_SCROLL_UP || a == ACT_PAGE_UP)
			vs->explain_scroll -= a == ACT_SCROLL_UP ? 1 : 10;
		else if (a == ACT_SCROLL_DOWN || a == ACT_PAGE_DOWN)
			vs->explain_scroll += a == ACT_SCROLL_DOWN ? 1 : 10;
		else
			vs->explain = false;
		if (vs->explain_scroll > ui->metrics.explain_scroll_max)
			vs->explain_scroll = ui->metrics.explain_scroll_max;
		if (vs->explain_scroll < 0)
			vs->explain_scroll = 0;
		return;
	}
	if ((ui->quiz.cur >= 0 || ui->quiz.summary) &&
	    quiz_key(ui, keymap_lookup(key)))
		return;
	apply(ui, keymap_lookup(key));
}

int ui_run(struct engine *e, const struct ui_options *opt)
{
	struct term_options to;
	struct session *s;
	int rc = 0;
	struct canvas *c;
	struct ui ui;
	char err[256];
	int w, h;

	to.color = opt->color;
	to.ascii = opt->ascii;
	to.mouse = opt->mouse;
	to.present = opt->present;
	if (!term_open(&to, err, sizeof err)) {
		fprintf(stderr, "memviz: %s\n", err);
		return 1;
	}
	ui_init(&ui, e, term_ascii(), opt);
	ui.vs.color = term_color();
	quiz_init(&ui, opt);
	engine_goto(e, opt->start_step);
	term_size(&w, &h);
	s = session_open(&opt->session, engine_program(e), w, h, err, sizeof err);
	if (s == NULL) {
		quiz_free(&ui);
		term_close();
		fprintf(stderr, "memviz: %s\n", err);
		return 1;
	}
	c = canvas_create(w, h, ui.vs.ascii);
	while (!ui.quit) {
		int nw, nh;

		term_size(&nw, &nh);
		if (nw != c->width || nh != c->height)
			canvas_resize(c, nw, nh);
		ui.width = nw;
		ui.height = nh;
		view_follow_panes(&ui.vs, e);
		view_draw(c, &ui.vs, e);
		term_blit(c);
		session_frame(s, c, engine_pos(e));
		if (ui.quiz.marker[0]) {
			session_marker(s, ui.quiz.marker);
			ui.quiz.marker[0] = '\0';
		}
		handle_key(&ui, session_getkey(s, ui.vs.playing ? ui.vs.delay_ms : -1));
	}
	canvas_destroy(c);
	quiz_free(&ui);
	term_close();
	if (session_close(s, err, sizeof err)) {
		fprintf(stderr, "memviz: %s\n", err);
		rc = 1;
	}
	return rc;
}

int ui_dump(struct engine *e, size_t step, int width, int height,
	    const struct ui_options *opt, struct strbuf *out)
{
	struct canvas *c;
	struct ui ui;

	if (width < 1 || height < 1 || width > 1000 || height > 1000)
		return 2;
	ui_init(&ui, e, opt->ascii, opt);
	ui.vs.color = false;
	engine_goto(e, step);
	c = canvas_create(width, height, opt->ascii);
	view_follow_panes(&ui.vs, e);
	view_draw(c, &ui.vs, e);
	canvas_to_text(c, out);
	canvas_destroy(c);
	return 0;
}

void ui_draw_step(struct engine *e, size_t step, const struct ui_options *opt,
		  struct canvas *c)
{
	struct ui ui;

	ui_init(&ui, e, opt->ascii, opt);
	ui.vs.color = false;
	engine_goto(e, step);
	c->ascii = opt->ascii;
	view_follow_panes(&ui.vs, e);
	view_draw(c, &ui.vs, e);
}

void ui_draw_here(struct engine *e, const struct ui_options *opt, bool micro,
		  struct canvas *c)
{
	struct ui ui;

	ui_init(&ui, e, opt->ascii, opt);
	ui.vs.color = false;
	ui.vs.micro = micro;
	c->ascii = opt->ascii;
	view_draw(c, &ui.vs, e);
}

void ui_draw_question(struct engine *e, const struct quiz_question *q,
		      const struct ui_options *opt, struct canvas *c)
{
	struct ui ui;
	char head[64];

	ui_init(&ui, e, opt->ascii, opt);
	ui.vs.color = false;
	engine_goto(e, q->step ? q->step - 1 : 0);
	snprintf(head, sizeof head, "Question, step %zu", q->step);
	ui.vs.question = q->question;
	ui.vs.question_head = head;
	ui.vs.question_hint = "Predict it: the next screen reveals the step.";
	c->ascii = opt->ascii;
	view_draw(c, &ui.vs, e);
}
