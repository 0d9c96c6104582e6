/*
 * check_view.c: the canvas and the screen the view draws, read back as
 * text: text clipping, wide characters, ASCII fallback, boxes, wrapping;
 * the title card, the stack pane, the narration, the status line, the
 * overlays, the "too small" screen down to 1x1; and that drawing never
 * changes the machine.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "core/machine.h"
#include "test_util.h"
#include "view/canvas.h"
#include "view/layout.h"
#include "view/pane.h"
#include "view/view.h"

static const char scenario[] =
	"title \"Factorial\"\n"
	"about \"Recursion on the stack.\"\n"
	"stack size=8K\n"
	"mark \"Setup\"\n"
	"note \"main starts.\"\n"
	"call main\n"
	"local n 4 = 3\n"
	"mark \"Recursion\"\n"
	"note \"fact pushes a frame for n=3.\"\n"
	"call fact n=3\n"
	"call fact n=2\n"
	"ret 2\n"
	"ret 6\n"
	"ret\n";

/* The whole canvas as text (the caller frees). */
static char *screen_text(const struct canvas *c)
{
	struct strbuf sb;

	strbuf_init(&sb);
	canvas_to_text(c, &sb);
	return strbuf_detach(&sb);
}

/* Draw the screen at step k in w x h and return it as text. */
static char *draw_at(struct engine *e, size_t k, int w, int h, bool ascii,
		     struct view_state *vs_in)
{
	struct canvas *c = canvas_create(w, h, ascii);
	struct view_state vs;
	char *text;

	if (vs_in)
		vs = *vs_in;
	else
		view_state_init(&vs, engine_program(e));
	vs.ascii = ascii;
	engine_goto(e, k);
	view_draw(c, &vs, e);
	text = screen_text(c);
	canvas_destroy(c);
	return text;
}

static bool all_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s > 0x7e || ((unsigned char)*s < 0x20 &&
						 *s != '\n'))
			return false;
	return true;
}

/* The text of row y of a dump. */
static char *row_of(const char *text, int y)
{
	const char *p = text, *nl;

	while (y-- > 0 && (p = strchr(p, '\n')) != NULL)
		p++;
	if (p == NULL)
		return strdup("");
	nl = strchr(p, '\n');
	return strndup(p, nl ? (size_t)(nl - p) : strlen(p));
}

/* ---- canvas ---- */

START_TEST(canvas_text_clips_to_rect)
{
	struct canvas *c = canvas_create(10, 3, false);
	struct rect r = { 2, 1, 4, 1 };
	char *t;

	ck_assert_int_eq(canvas_text(c, r, 1, 0, STYLE(ROLE_NORMAL, 0),
				     "abcdef"),
			 7);
	canvas_text(c, r, 0, 5, STYLE(ROLE_NORMAL, 0), "never");
	canvas_text(c, r, -2, 0, STYLE(ROLE_NORMAL, 0), "XY");
	t = screen_text(c);
	ck_assert_str_eq(t, "\n   abc\n\n");
	free(t);
	canvas_destroy(c);
}
END_TEST

START_TEST(canvas_wide_and_invalid)
{
	struct canvas *c = canvas_create(8, 1, false);
	struct rect all = canvas_bounds(c);
	char *t;

	/* Wide CJK takes two cells; a wide char cut by the edge is a space. */
	ck_assert_int_eq(canvas_text(c, all, 0, 0, STYLE(ROLE_NORMAL, 0),
				     "\xe4\xb8\xad!"),
			 3);
	ck_assert_uint_eq(canvas_cell(c, 1, 0)->ch, CANVAS_WIDE_TAIL);
	canvas_text(c, all, 7, 0, STYLE(ROLE_NORMAL, 0), "\xe4\xb8\xad");
	/* Overwriting half of a wide char blanks the other half. */
	canvas_text(c, all, 1, 0, STYLE(ROLE_NORMAL, 0), "x");
	ck_assert_uint_eq(canvas_cell(c, 0, 0)->ch, ' ');
	/* Invalid UTF-8 and controls. */
	canvas_text(c, all, 3, 0, STYLE(ROLE_NORMAL, 0), "\xff\x01");
	t = screen_text(c);
	ck_assert_str_eq(t, " x!\xef\xbf\xbd?\n");
	free(t);
	ck_assert_int_eq(canvas_text_width("a\xe4\xb8\xad" "e\xcc\x81"), 4);
	canvas_destroy(c);
}
END_TEST

START_TEST(canvas_ascii_mode)
{
	struct canvas *c = canvas_create(12, 3, true);
	char *t;

	canvas_box(c, canvas_bounds(c), STYLE(ROLE_BORDER, 0), "t\xc3\xa9",
		   STYLE(ROLE_TITLE, 0));
	t = screen_text(c);
	ck_assert_str_eq(t, "+ t? ------+\n|          |\n+----------+\n");
	ck_assert(all_ascii(t));
	free(t);
	canvas_destroy(c);
}
END_TEST

START_TEST(canvas_box_utf8)
{
	struct canvas *c = canvas_create(10, 3, false);
	char *t;

	canvas_box(c, canvas_bounds(c), STYLE(ROLE_BORDER, 0),
		   "a long title", STYLE(ROLE_TITLE, 0));
	t = screen_text(c);
	ck_assert_str_eq(t, "\xe2\x94\x8c a lo\xe2\x80\xa6 \xe2\x94\x80"
			    "\xe2\x94\x90\n"
			    "\xe2\x94\x82        \xe2\x94\x82\n"
			    "\xe2\x94\x94\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80"
			    "\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80"
			    "\xe2\x94\x80\xe2\x94\x98\n");
	free(t);
	/* Too small to box: nothing drawn, no crash. */
	canvas_resize(c, 1, 1);
	canvas_box(c, canvas_bounds(c), STYLE(ROLE_BORDER, 0), "x",
		   STYLE(ROLE_TITLE, 0));
	ck_assert_uint_eq(canvas_cell(c, 0, 0)->ch, ' ');
	canvas_destroy(c);
}
END_TEST

START_TEST(canvas_wrap_words)
{
	struct wrap_line wl[8];
	const char *s = "the quick brown fox";
	int n = canvas_wrap(s, 10, wl, 8);

	ck_assert_int_eq(n, 2);
	ck_assert_int_eq((int)wl[0].len, 9);
	ck_assert(strncmp(s + wl[0].start, "the quick", wl[0].len) == 0);
	ck_assert(strncmp(s + wl[1].start, "brown fox", wl[1].len) == 0);
	/* Long words break; newlines break; empty text is one line. */
	ck_assert_int_eq(canvas_wrap("abcdefghij", 4, wl, 8), 3);
	ck_assert_int_eq(canvas_wrap("a\nb", 10, wl, 8), 2);
	ck_assert_int_eq(canvas_wrap("", 10, wl, 8), 1);
	ck_assert_int_eq((int)wl[0].len, 0);
	/* Counting only (max 0) and width 1 with a wide char terminate. */
	ck_assert_int_eq(canvas_wrap("the quick brown fox", 5, wl, 0), 4);
	ck_assert_int_eq(canvas_wrap("\xe4\xb8\xad\xe4\xb8\xad", 1, wl, 8), 2);
}
END_TEST

START_TEST(canvas_text_fit_ellipsis)
{
	struct canvas *c = canvas_create(10, 1, true);
	char *t;

	ck_assert_int_eq(canvas_text_fit(c, canvas_bounds(c), 0, 0, 5,
					 STYLE(ROLE_NORMAL, 0), "abcdefgh"),
			 5);
	t = screen_text(c);
	ck_assert_str_eq(t, "abcd~\n");
	free(t);
	canvas_destroy(c);
}
END_TEST

START_TEST(canvas_roles_named)
{
	ck_assert_str_eq(canvas_role_name(ROLE_CHANGED), "CHANGED");
	ck_assert_str_eq(canvas_role_name(ROLE_COUNT), "?");
	ck_assert_str_ne(canvas_role_desc(ROLE_STACK_FRAME), "");
}
END_TEST

/* ---- the screen ---- */

START_TEST(title_card_at_step_0)
{
	struct program *p;
	struct engine *e = tu_engine(scenario, &p);
	char *t = draw_at(e, 0, 80, 24, false, NULL);

	ck_assert_ptr_nonnull(strstr(t, "Factorial"));
	ck_assert_ptr_nonnull(strstr(t, "Recursion on the stack."));
	ck_assert_ptr_nonnull(strstr(t, "press Space to start"));
	ck_assert_ptr_nonnull(strstr(t, "step 0/7"));
	ck_assert_ptr_null(strstr(t, "main()"));
	free(t);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

/* A small screen keeps the start line whole and cuts the about text. */
START_TEST(title_card_small)
{
	struct program *p;
	struct engine *e = tu_engine(
		"title \"A long title for a small screen\"\n"
		"about \"Many words that will not all fit into the few rows "
		"of a forty by ten terminal, so the card has to cut them "
		"short and still show how to start.\"\n"
		"call main\n",
		&p);
	char *t = draw_at(e, 0, 40, 10, true, NULL);

	ck_assert_ptr_nonnull(strstr(t, "Space: start  ?: help"));
	ck_assert_ptr_nonnull(strstr(t, "A long title"));
	ck_assert_ptr_nonnull(strstr(t, "Many words"));
	ck_assert_ptr_nonnull(strstr(t, "~ "));
	free(t);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(stack_pane_frames)
{
	struct program *p;
	struct engine *e = tu_engine(scenario, &p);
	char *t = draw_at(e, 4, 80, 44, false, NULL);

	ck_assert_ptr_nonnull(strstr(t, "main()"));
	ck_assert_ptr_nonnull(strstr(t, "fact(n=3)"));
	ck_assert_ptr_nonnull(strstr(t, "fact(n=2)"));
	ck_assert_ptr_nonnull(strstr(t, "grows down"));
	ck_assert_ptr_nonnull(strstr(t, "ret addr"));
	ck_assert_ptr_nonnull(strstr(t, "saved fp"));
	ck_assert_ptr_nonnull(strstr(t, "sp\xe2\x86\x92"));
	ck_assert_ptr_nonnull(strstr(t, "fp\xe2\x86\x92"));
	ck_assert_ptr_nonnull(strstr(t, " / 8192 bytes"));
	/* Outermost above newest: addresses fall down the screen. */
	ck_assert(strstr(t, "main()") < strstr(t, "fact(n=3)"));
	ck_assert(strstr(t, "fact(n=3)") < strstr(t, "fact(n=2)"));
	free(t);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(changes_marked_without_colour)
{
	struct program *p;
	struct engine *e = tu_engine(scenario, &p);
	char *t = draw_at(e, 3, 80, 30, true, NULL), *line;
	const char *at;
	int y = 0;

	/* The new frame's header line starts (inside the border) with '*'. */
	at = strstr(t, "fact(n=3)");
	ck_assert_ptr_nonnull(at);
	for (const char *q = t; q < at; q++)
		y += *q == '\n';
	line = row_of(t, y);
	ck_assert_msg(strncmp(line, "|*", 2) == 0, "row: %s", line);
	free(line);
	/* main's frame did not change. */
	at = strstr(t, "main()");
	y = 0;
	for (const char *q = t; q < at; q++)
		y += *q == '\n';
	line = row_of(t, y);
	ck_assert_msg(strncmp(line, "| ", 2) == 0, "row: %s", line);
	free(line);
	free(t);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(changed_cells_use_changed_role)
{
	struct program *p;
	struct engine *e = tu_engine(scenario, &p);
	struct canvas *c = canvas_create(80, 30, true);
	struct view_state vs;
	int x, y, changed = 0;

	view_state_init(&vs, p);
	engine_goto(e, 3);
	view_draw(c, &vs, e);
	for (y = 0; y < c->height; y++)
		for (x = 0; x < c->width; x++)
			changed += canvas_cell(c, x, y)->style.role ==
				   ROLE_CHANGED;
	ck_assert_int_gt(changed, 0);
	canvas_destroy(c);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(popped_frame_marked)
{
	struct program *p;
	struct engine *e = tu_engine(scenario, &p);
	char *t = draw_at(e, 5, 80, 30, true, NULL);

	ck_assert_ptr_nonnull(strstr(t, "popped"));
	ck_assert_ptr_null(strstr(t, "fact(n=2)  0x"));
	free(t);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(narration_history_and_note)
{
	struct program *p;
	struct engine *e = tu_engine(scenario, &p);
	char *t = draw_at(e, 3, 80, 40, true, NULL);

	/* Earlier steps by number, the current one pointed at, the note. */
	ck_assert_ptr_nonnull(strstr(t, " 1   "));
	ck_assert_ptr_nonnull(strstr(t, " 2   "));
	ck_assert_ptr_nonnull(strstr(t, "> 3   "));
	ck_assert_ptr_nonnull(strstr(t, "fact pushes a frame for n=3."));
	ck_assert_ptr_nonnull(strstr(t, "- Recursion -"));
	free(t);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(status_line)
{
	struct program *p;
	struct engine *e = tu_engine(scenario, &p);
	struct view_state vs;
	char *t, *last;

	view_state_init(&vs, p);
	vs.hints = "? help  q quit";
	t = draw_at(e, 3, 80, 24, true, &vs);
	last = row_of(t, 23);
	ck_assert_ptr_nonnull(strstr(last, "step 3/7"));
	ck_assert_ptr_nonnull(strstr(last, "Recursion"));
	ck_assert_ptr_nonnull(strstr(last, "? help  q quit"));
	free(last);
	free(t);

	vs.micro = true;
	t = draw_at(e, 3, 80, 24, true, &vs);
	last = row_of(t, 23);
	ck_assert_ptr_nonnull(strstr(last, "event "));
	free(last);
	free(t);

	vs.micro = false;
	vs.prompt = "go to step (0-7): ";
	strcpy(vs.input, "5");
	t = draw_at(e, 3, 80, 24, true, &vs);
	last = row_of(t, 23);
	ck_assert_ptr_nonnull(strstr(last, "go to step (0-7): 5_"));
	free(last);
	free(t);

	vs.prompt = NULL;
	view_message(&vs, true, "at the last step (%d)", 7);
	t = draw_at(e, 3, 40, 10, true, &vs);
	last = row_of(t, 9);
	ck_assert_ptr_nonnull(strstr(last, "step 3/7"));
	ck_assert_ptr_nonnull(strstr(last, "at the"));
	free(last);
	free(t);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(timeline_row)
{
	struct program *p;
	struct engine *e = tu_engine(scenario, &p);
	char *t = draw_at(e, 3, 80, 24, true, NULL), *row = row_of(t, 22);

	/* Done steps, the knob, markers, the step count. */
	ck_assert_ptr_nonnull(strstr(row, "="));
	ck_assert_ptr_nonnull(strchr(row, '#'));
	ck_assert_ptr_nonnull(strchr(row, '*'));
	ck_assert_ptr_nonnull(strstr(row, "7 steps"));
	free(row);
	free(t);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(help_overlay_from_lines)
{
	static const struct view_help lines[] = {
		{ "Space/Right/l", "next step (or event)" },
		{ "q", "quit" },
	};
	struct program *p;
	struct engine *e = tu_engine(scenario, &p);
	struct view_state vs;
	char *t;

	view_state_init(&vs, p);
	vs.help = true;
	vs.help_lines = lines;
	vs.nhelp = 2;
	t = draw_at(e, 2, 80, 24, true, &vs);
	ck_assert_ptr_nonnull(strstr(t, "Space/Right/l next step (or event)"));
	ck_assert_ptr_nonnull(strstr(t, "any key closes"));
	free(t);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(explain_overlay)
{
	struct program *p;
	struct engine *e = tu_engine(scenario, &p);
	struct view_state vs;
	size_t n;
	const struct event *ev;
	char *t;

	view_state_init(&vs, p);
	vs.explain = true;
	t = draw_at(e, 3, 80, 24, true, &vs);
	ev = engine_events(e, &n);
	ck_assert_uint_gt(n, 0);
	ck_assert_ptr_nonnull(strstr(t, "explain this step"));
	ck_assert_ptr_nonnull(strstr(t, "step 3 of 7, scenario line"));
	ck_assert_ptr_nonnull(strstr(t, ev[0].kind));
	free(t);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(too_small_every_size)
{
	struct program *p;
	struct engine *e = tu_engine(scenario, &p);
	int w, h;

	for (w = 1; w < LAYOUT_MIN_WIDTH + 2; w++) {
		for (h = 1; h < LAYOUT_MIN_HEIGHT + 2; h++) {
			char *t = draw_at(e, 3, w, h, false, NULL);
			bool small = w < LAYOUT_MIN_WIDTH ||
				     h < LAYOUT_MIN_HEIGHT;
			int rows = 0;
			const char *q;

			for (q = t; *q; q++)
				rows += *q == '\n';
			ck_assert_int_eq(rows, h);
			if (small) {
				/* Only the message's words, nothing else. */
				ck_assert_msg(strpbrk(t, "|+\xe2") == NULL,
					      "panes drawn at %dx%d", w, h);
				ck_assert_msg(strpbrk(t, "!0123456789s") != NULL,
					      "no message at %dx%d", w, h);
			}
			if (small && w >= 31 && h >= 1)
				ck_assert_ptr_nonnull(strstr(
					t, "terminal too small (need 40x10)"));
			free(t);
		}
	}
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(ascii_everywhere)
{
	struct program *p;
	struct engine *e = tu_engine(scenario, &p);
	size_t k;

	for (k = 0; k <= engine_count(e); k++) {
		static const int sizes[][2] = { { 80, 24 }, { 40, 10 },
						{ 200, 60 }, { 120, 40 } };
		size_t i;
		for (i = 0; i < 4; i++) {
			char *t = draw_at(e, k, sizes[i][0], sizes[i][1], true,
					  NULL);
			ck_assert_msg(all_ascii(t), "non-ASCII at step %zu", k);
			free(t);
		}
	}
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

/* Drawing (with history narration) leaves the machine as it was. */
START_TEST(draw_never_changes_machine)
{
	struct program *p;
	struct engine *e = tu_engine(scenario, &p);
	struct canvas *c = canvas_create(120, 40, false);
	struct view_state vs;
	struct machine before;
	size_t k;

	view_state_init(&vs, p);
	for (k = 0; k <= engine_count(e); k++) {
		engine_goto(e, k);
		machine_init(&before, p);
		machine_copy(&before, engine_machine(e));
		view_draw(c, &vs, e);
		vs.explain = true;
		vs.micro = true;
		view_draw(c, &vs, e);
		vs.explain = false;
		vs.micro = false;
		ck_assert(machine_equal(&before, engine_machine(e)));
		ck_assert_uint_eq(engine_pos(e), k);
		machine_free(&before);
	}
	canvas_destroy(c);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(stack_overflow_shown)
{
	struct program *p;
	struct engine *e = tu_engine("stack size=64\ncall main\ncall f a=1\n"
				     "call f a=2\ncall f a=3\n",
				     &p);
	char *t = draw_at(e, engine_count(e), 80, 30, true, NULL);

	ck_assert_ptr_nonnull(strstr(t, "STACK OVERFLOW"));
	free(t);
	engine_destroy(e);
	program_destroy(p);

	/* The very first call does not fit: no frame at all. */
	e = tu_engine("stack size=64\ncall main a=1 b=2 c=3 d=4 e=5 f=6 "
		      "g=7\n",
		      &p);
	t = draw_at(e, engine_count(e), 80, 24, false, NULL);
	ck_assert_ptr_nonnull(strstr(t, "STACK OVERFLOW"));
	ck_assert_ptr_nonnull(strstr(t, "0 / 64 bytes"));
	free(t);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

/* A seeded random walk through moves, modes and sizes: never a crash. */
START_TEST(random_walk_draws)
{
	static const struct view_help lines[] = { { "q", "quit" } };
	struct program *p;
	struct engine *e = tu_engine(scenario, &p);
	struct canvas *c = canvas_create(80, 24, false);
	struct view_metrics m;
	struct view_state vs;
	uint64_t x = 88172645463325252ull;
	int i;

	view_state_init(&vs, p);
	vs.metrics = &m;
	vs.help_lines = lines;
	vs.nhelp = 1;
	for (i = 0; i < 3000; i++) {
		unsigned r;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		r = (unsigned)(x >> 32);
		switch (r % 12) {
		case 0:
			engine_forward(e);
			break;
		case 1:
			engine_back(e);
			break;
		case 2:
			engine_event_forward(e);
			break;
		case 3:
			engine_event_back(e);
			break;
		case 4:
			engine_goto(e, (r >> 8) % (engine_count(e) + 2));
			break;
		case 5:
			vs.micro = !vs.micro;
			break;
		case 6:
			view_focus_step(&vs, (r >> 8) & 1 ? 1 : -1);
			break;
		case 7:
			view_zoom_toggle(&vs);
			break;
		case 8:
			view_scroll(&vs, (int)((r >> 8) % 21) - 10);
			break;
		case 9:
			vs.help = !vs.help;
			vs.help_scroll = (int)((r >> 8) % 5);
			break;
		case 10:
			vs.explain = !vs.explain;
			break;
		case 11:
			c->ascii = !c->ascii;
			canvas_resize(c, 1 + (int)((r >> 8) % 160),
				      1 + (int)((r >> 16) % 60));
			break;
		}
		view_draw(c, &vs, e);
	}
	canvas_destroy(c);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

/* ---- view state helpers ---- */

START_TEST(focus_cycles_wanted_panes)
{
	struct program *p;
	struct engine *e = tu_engine(scenario, &p);
	struct view_state vs;

	view_state_init(&vs, p);
	ck_assert_int_eq(vs.focus, PANE_ID_STACK);
	view_focus_step(&vs, 1);
	ck_assert_int_eq(vs.focus, PANE_ID_NARRATION);
	view_focus_step(&vs, 1);
	ck_assert_int_eq(vs.focus, PANE_ID_STACK);
	view_focus_step(&vs, -1);
	ck_assert_int_eq(vs.focus, PANE_ID_NARRATION);
	/* Zoom follows the focus. */
	view_zoom_toggle(&vs);
	ck_assert_int_eq(vs.zoom, PANE_ID_NARRATION);
	view_focus_step(&vs, 1);
	ck_assert_int_eq(vs.zoom, PANE_ID_STACK);
	view_zoom_toggle(&vs);
	ck_assert_int_eq(vs.zoom, PANE_ID_NONE);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(zoomed_pane_fills_screen)
{
	struct program *p;
	struct engine *e = tu_engine(scenario, &p);
	struct view_state vs;
	char *t;

	view_state_init(&vs, p);
	view_zoom_toggle(&vs);
	t = draw_at(e, 4, 80, 24, true, &vs);
	ck_assert_ptr_nonnull(strstr(t, "stack (zoomed: z)"));
	ck_assert_ptr_null(strstr(t, "what happened"));
	free(t);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(scroll_clamped_by_metrics)
{
	struct program *p;
	struct engine *e = tu_engine(scenario, &p);
	struct canvas *c = canvas_create(40, 10, true);
	struct view_metrics m;
	struct view_state vs;
	char *t;

	view_state_init(&vs, p);
	vs.metrics = &m;
	engine_goto(e, 4);
	view_draw(c, &vs, e);
	ck_assert_int_gt(m.scroll_max[PANE_ID_STACK], 0);
	view_scroll(&vs, 1000);
	ck_assert_int_eq(vs.scroll[PANE_ID_STACK], m.scroll_max[PANE_ID_STACK]);
	view_draw(c, &vs, e);
	t = screen_text(c);
	/* Scrolled all the way back: the base row shows, with the tag. */
	ck_assert_ptr_nonnull(strstr(t, "stack base"));
	ck_assert_ptr_nonnull(strstr(t, "[back "));
	free(t);
	view_scroll(&vs, -1000);
	ck_assert_int_eq(vs.scroll[PANE_ID_STACK], 0);
	ck_assert_int_ge(view_page_rows(&vs), 1);
	canvas_destroy(c);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(wanted_panes_from_config)
{
	struct program *p = program_create("x.mvs");

	ck_assert_uint_eq(view_wanted_panes(p) & PANE_MODEL_MASK,
			  PANE_BIT(PANE_ID_STACK));
	p->config.uses = USES_HEAP | USES_VM;
	ck_assert_uint_eq(view_wanted_panes(p) & PANE_MODEL_MASK,
			  PANE_BIT(PANE_ID_HEAP) | PANE_BIT(PANE_ID_PAGETABLE) |
				  PANE_BIT(PANE_ID_FRAMES));
	ck_assert(view_wanted_panes(p) & PANE_BIT(PANE_ID_STATUS));
	ck_assert_int_eq(pane_find("narration"), PANE_ID_NARRATION);
	ck_assert_int_eq(pane_find("nope"), PANE_ID_NONE);
	program_destroy(p);
}
END_TEST

/* The note first, then every event of the step, also in micro-steps. */
START_TEST(explain_note_and_every_event)
{
	struct program *p;
	struct engine *e = tu_engine(scenario, &p);
	struct view_state vs;
	size_t n;
	char *t;

	view_state_init(&vs, p);
	vs.explain = true;
	t = draw_at(e, 3, 80, 24, true, &vs);
	engine_events(e, &n);
	ck_assert_uint_ge(n, 2);
	ck_assert_ptr_nonnull(strstr(t, "chapter Recursion"));
	ck_assert_ptr_nonnull(strstr(t, "note"));
	ck_assert_ptr_nonnull(strstr(t, "fact pushes a frame for n=3."));
	ck_assert_ptr_nonnull(strstr(t, "push-frame"));
	ck_assert_ptr_null(strstr(t, "still to come"));
	free(t);

	/* One event in: the rest are listed as still to come. */
	vs.micro = true;
	engine_goto(e, 2);
	ck_assert(engine_event_forward(e));
	{
		struct canvas *c = canvas_create(80, 24, true);
		view_draw(c, &vs, e);
		t = screen_text(c);
		canvas_destroy(c);
	}
	ck_assert_ptr_nonnull(strstr(t, "push-frame"));
	ck_assert_ptr_nonnull(strstr(t, "still to come"));
	free(t);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

/* A tall explanation scrolls, and says so. */
START_TEST(explain_scrolls)
{
	struct program *p;
	struct engine *e = tu_engine(scenario, &p);
	struct view_metrics m;
	struct view_state vs;
	char *t;

	memset(&m, 0, sizeof m);
	view_state_init(&vs, p);
	vs.explain = true;
	vs.metrics = &m;
	t = draw_at(e, 3, 40, 10, true, &vs);
	ck_assert_int_gt(m.explain_scroll_max, 0);
	ck_assert_ptr_nonnull(strstr(t, "Up/Down scroll"));
	free(t);
	vs.explain_scroll = 1000; /* clamped when drawn */
	t = draw_at(e, 3, 40, 10, true, &vs);
	ck_assert_ptr_nonnull(strstr(t, "Up/Down scroll"));
	free(t);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

/* The chapter stays beside a message; presentation mode drops hints. */
START_TEST(status_chapter_and_present)
{
	struct program *p;
	struct engine *e = tu_engine(scenario, &p);
	struct view_state vs;
	char *t, *last;

	view_state_init(&vs, p);
	vs.hints = "? help  Space step  q quit";
	view_message(&vs, false, "page fault at step %d", 3);
	t = draw_at(e, 3, 80, 24, true, &vs);
	last = row_of(t, 23);
	ck_assert_ptr_nonnull(strstr(last, "step 3/7  Recursion"));
	ck_assert_ptr_nonnull(strstr(last, "page fault at step 3"));
	ck_assert_ptr_nonnull(strstr(last, "? help"));
	free(last);
	free(t);

	vs.message[0] = '\0';
	vs.present = true;
	t = draw_at(e, 3, 80, 24, true, &vs);
	last = row_of(t, 23);
	ck_assert_ptr_nonnull(strstr(last, "step 3 of 7"));
	ck_assert_ptr_nonnull(strstr(last, "Recursion"));
	ck_assert_ptr_null(strstr(last, "? help"));
	free(last);
	free(t);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

/* Page faults show on the timeline; a marker or error wins a column. */
START_TEST(timeline_faults)
{
	static const char vm[] = "frames 3\n"
				 "mark \"Start\"\n"
				 "refs 0 1 2 0 1 3\n";
	struct program *p;
	struct engine *e = tu_engine(vm, &p);
	char *t = draw_at(e, 0, 80, 24, true, NULL), *row = row_of(t, 22);
	char *u;
	int faults = 0;

	for (u = row; *u; u++)
		faults += *u == 'f';
	ck_assert_int_ge(faults, 2);
	ck_assert_ptr_nonnull(strchr(row, '*'));
	free(row);
	free(t);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

/* --panes: the model panes asked for, plus the fixed ones. */
START_TEST(want_panes_overrides)
{
	struct program *p = program_create("x.mvs");
	struct view_state vs;

	p->config.uses = USES_STACK;
	view_state_init(&vs, p);
	ck_assert_int_eq(vs.focus, PANE_ID_STACK);
	view_want_panes(&vs, PANES_HEAP | PANES_GC);
	ck_assert_uint_eq(vs.wanted & PANE_MODEL_MASK,
			  PANE_BIT(PANE_ID_HEAP) | PANE_BIT(PANE_ID_GC));
	ck_assert(vs.wanted & PANE_BIT(PANE_ID_NARRATION));
	ck_assert_int_eq(vs.focus, PANE_ID_HEAP);
	view_want_panes(&vs, 0); /* nothing asked: unchanged */
	ck_assert_int_eq(vs.focus, PANE_ID_HEAP);
	p->config.panes = PANES_FRAMES;
	ck_assert_uint_eq(view_wanted_panes(p) & PANE_MODEL_MASK,
			  PANE_BIT(PANE_ID_FRAMES));
	program_destroy(p);
}
END_TEST


/* Anchored lists scroll back to row 0 and on to the last row, no further. */
START_TEST(anchored_scroll_both_ways)
{
	struct pane_ctx pc;

	memset(&pc, 0, sizeof pc);
	/* 20 rows, 5 visible, anchored at row 4. */
	ck_assert_int_eq(pane_anchored_first(&pc, 20, 5, 4), 4);
	ck_assert_int_eq(pc.scroll_max, 4);
	ck_assert_int_eq(pc.scroll_min, -11);
	ck_assert(pc.more_above && pc.more_below);
	pc.scroll = 4;
	ck_assert_int_eq(pane_anchored_first(&pc, 20, 5, 4), 0);
	ck_assert(!pc.more_above && pc.more_below);
	pc.scroll = -11;
	ck_assert_int_eq(pane_anchored_first(&pc, 20, 5, 4), 15);
	ck_assert(pc.more_above && !pc.more_below);
	pc.scroll = -100; /* clamped, whatever the caller asks */
	ck_assert_int_eq(pane_anchored_first(&pc, 20, 5, 4), 15);
	pc.scroll = 0; /* an anchor past the end is pulled back */
	ck_assert_int_eq(pane_anchored_first(&pc, 20, 5, 18), 15);
	ck_assert_int_eq(pc.scroll_min, 0);
	/* Everything fits: nothing to scroll. */
	ck_assert_int_eq(pane_anchored_first(&pc, 3, 5, 2), 0);
	ck_assert_int_eq(pc.scroll_max, 0);
	ck_assert_int_eq(pc.scroll_min, 0);
	ck_assert(!pc.more_above && !pc.more_below);
}
END_TEST

/* view_scroll takes the pane's own limits, back and on. */
START_TEST(scroll_on_past_the_anchor)
{
	static const char vm[] = "frames 3\nreplace lru\n"
				 "refs 0 1w 2 3w 0 1w 2 3w 0 1w 2 3w 0 1w 2 3w\n";
	struct program *p;
	struct engine *e = tu_engine(vm, &p);
	struct canvas *c = canvas_create(80, 24, true);
	struct view_metrics m;
	struct view_state vs;
	char *t;

	view_state_init(&vs, p);
	memset(&m, 0, sizeof m);
	vs.metrics = &m;
	vs.focus = PANE_ID_FRAMES;
	engine_goto(e, engine_count(e));
	view_draw(c, &vs, e);
	t = screen_text(c);
	ck_assert_ptr_nonnull(strstr(t, "more rows: j scrolls, z zooms"));
	free(t);
	ck_assert_int_lt(m.scroll_min[PANE_ID_FRAMES], 0);
	view_scroll(&vs, -1000);
	ck_assert_int_eq(vs.scroll[PANE_ID_FRAMES],
			 m.scroll_min[PANE_ID_FRAMES]);
	view_draw(c, &vs, e);
	t = screen_text(c);
	ck_assert_ptr_nonnull(strstr(t, "[on "));
	ck_assert_ptr_nonnull(strstr(t, "slot 1: page"));
	ck_assert_ptr_null(strstr(t, "more rows"));
	free(t);
	canvas_destroy(c);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

/* --present: fewer counters, a blank line between entries, wide bars. */
START_TEST(present_mode_panes)
{
	static const char cache[] = "cache L1 size=1K line=64 ways=1\n"
				    "cache L2 size=4K line=64 ways=4\n"
				    "read 0x8000\nread 0x8400\nread 0x8000\n";
	static const char gc[] = "gc mark-sweep heap=512\n"
				 "new A 32\nnew B 32\nunroot B\ngc\n";
	struct program *p;
	struct engine *e = tu_engine(cache, &p);
	struct view_state vs;
	struct canvas *c;
	char *t, *row;
	int y, x, bars = 0;

	view_state_init(&vs, p);
	t = draw_at(e, 3, 80, 30, true, &vs);
	ck_assert_ptr_nonnull(strstr(t, "compulsory +"));
	ck_assert_ptr_nonnull(strstr(t, "RAM 80ns"));
	free(t);
	vs.present = true;
	t = draw_at(e, 3, 80, 30, true, &vs);
	ck_assert_ptr_nonnull(strstr(t, "hits 1  misses 2"));
	ck_assert_ptr_null(strstr(t, "compulsory +"));
	ck_assert_ptr_null(strstr(t, "RAM 80ns"));
	ck_assert_ptr_nonnull(strstr(t, "AMAT"));
	/* A blank row between L1 and L2. */
	for (y = 0; y < 30; y++) {
		row = row_of(t, y);
		if (strstr(row, "|L2 4K")) {
			free(row);
			break;
		}
		free(row);
	}
	ck_assert_int_lt(y, 30);
	row = row_of(t, y - 1);
	ck_assert_str_eq(row, "|                                                                              |");
	free(row);
	free(t);

	engine_destroy(e);
	program_destroy(p);

	e = tu_engine(gc, &p);
	view_state_init(&vs, p);
	t = draw_at(e, 4, 80, 24, true, &vs);
	ck_assert_ptr_nonnull(strstr(t, "collections 1  freed 1"));
	ck_assert_ptr_nonnull(strstr(t, "max pause"));
	free(t);
	vs.present = true;
	t = draw_at(e, 4, 80, 24, true, &vs);
	ck_assert_ptr_nonnull(strstr(t, "collections 1  freed 1 object"));
	ck_assert_ptr_null(strstr(t, "max pause"));
	free(t);

	/* A list row's change marker: the row is drawn changed pane-wide. */
	c = canvas_create(80, 24, true);
	engine_goto(e, 2);
	view_draw(c, &vs, e);
	for (y = 1; y < 23; y++) {
		const struct cell *k = canvas_cell(c, 1, y);
		if (k->style.role != ROLE_CHANGED || !(k->style.attr & ATTR_ROW))
			continue;
		for (x = 1; x < 79; x++)
			ck_assert_int_eq(canvas_cell(c, x, y)->style.role,
					 ROLE_CHANGED);
		bars++;
	}
	ck_assert_int_eq(bars, 1);
	canvas_destroy(c);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST


/* The GC pane marks roots: globals "root", objects a stack slot holds "stk". */
START_TEST(gc_pane_marks_stack_roots)
{
	static const char gc[] = "gc mark-sweep heap=256\n"
				 "new A 32\nnew B 32\nunroot B\n"
				 "call main\nlocal p 8 = B\n";
	struct program *p;
	struct engine *e = tu_engine(gc, &p);
	struct view_state vs;
	char *t;

	view_state_init(&vs, p);
	vs.wanted = view_wanted_panes(p) & ~PANE_BIT(PANE_ID_STACK);
	t = draw_at(e, 5, 80, 24, true, &vs);
	ck_assert_ptr_nonnull(strstr(t, "root A"));
	ck_assert_ptr_nonnull(strstr(t, "stk  B"));
	free(t);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

Suite *view_suite(void);

Suite *view_suite(void)
{
	Suite *s = suite_create("view");
	TCase *tc = tcase_create("canvas");

	tcase_add_test(tc, canvas_text_clips_to_rect);
	tcase_add_test(tc, canvas_wide_and_invalid);
	tcase_add_test(tc, canvas_ascii_mode);
	tcase_add_test(tc, canvas_box_utf8);
	tcase_add_test(tc, canvas_wrap_words);
	tcase_add_test(tc, canvas_text_fit_ellipsis);
	tcase_add_test(tc, canvas_roles_named);
	tcase_set_timeout(tc, 0); /* no wall-clock limit */
	suite_add_tcase(s, tc);

	tc = tcase_create("screen");
	tcase_add_test(tc, title_card_at_step_0);
	tcase_add_test(tc, title_card_small);
	tcase_add_test(tc, stack_pane_frames);
	tcase_add_test(tc, changes_marked_without_colour);
	tcase_add_test(tc, changed_cells_use_changed_role);
	tcase_add_test(tc, popped_frame_marked);
	tcase_add_test(tc, narration_history_and_note);
	tcase_add_test(tc, status_line);
	tcase_add_test(tc, timeline_row);
	tcase_add_test(tc, help_overlay_from_lines);
	tcase_add_test(tc, explain_overlay);
	tcase_add_test(tc, stack_overflow_shown);
	tcase_set_timeout(tc, 0); /* no wall-clock limit */
	suite_add_tcase(s, tc);

	tc = tcase_create("robustness");
	tcase_add_test(tc, too_small_every_size);
	tcase_add_test(tc, ascii_everywhere);
	tcase_add_test(tc, draw_never_changes_machine);
	tcase_add_test(tc, random_walk_draws);
	tcase_set_timeout(tc, 0); /* no wall-clock limit */
	suite_add_tcase(s, tc);

	tc = tcase_create("state");
	tcase_add_test(tc, focus_cycles_wanted_panes);
	tcase_add_test(tc, zoomed_pane_fills_screen);
	tcase_add_test(tc, scroll_clamped_by_metrics);
	tcase_add_test(tc, wanted_panes_from_config);
	tcase_add_test(tc, want_panes_overrides);
	tcase_add_test(tc, explain_note_and_every_event);
	tcase_add_test(tc, explain_scrolls);
	tcase_add_test(tc, status_chapter_and_present);
	tcase_add_test(tc, timeline_faults);
	tcase_add_test(tc, anchored_scroll_both_ways);
	tcase_add_test(tc, scroll_on_past_the_anchor);
	tcase_add_test(tc, present_mode_panes);
	tcase_add_test(tc, gc_pane_marks_stack_roots);
	tcase_set_timeout(tc, 0); /* no wall-clock limit */
	suite_add_tcase(s, tc);
	return s;
}
