/*
 * check_lecture.c: what a lecturer relies on (issue 14).  The narration
 * keeps the event being read out on screen and its note labelled; the
 * brief form; the state a step is about shown at 80x24 (the TLB, the
 * physical address); the defects found in a lecture (fp mid-call, ASIDs
 * that are not there, the GC pane's star, colour, phase and live count,
 * lines a killed process never runs); the wording of generated sentences;
 * file-backed mappings; a double free that is silent; panes per chapter.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/machine.h"
#include "test_util.h"
#include "view/brief.h"
#include "view/canvas.h"
#include "view/pane.h"
#include "view/view.h"

/* Draw step k (micro: after `events` events of it when events > 0). */
static char *draw(struct engine *e, const struct program *p, size_t k,
		  size_t events, int w, int h, struct view_state *vs_in,
		  struct view_metrics *m)
{
	struct canvas *c = canvas_create(w, h, true);
	struct view_state vs;
	struct strbuf sb;

	if (vs_in)
		vs = *vs_in;
	else
		view_state_init(&vs, p);
	vs.ascii = true;
	vs.metrics = m;
	engine_goto(e, k);
	if (events) {
		vs.micro = true;
		engine_goto(e, k - 1);
		while (events-- > 0)
			engine_event_forward(e);
	}
	view_follow_panes(&vs, e);
	view_draw(c, &vs, e);
	strbuf_init(&sb);
	canvas_to_text(c, &sb);
	canvas_destroy(c);
	return strbuf_detach(&sb);
}

/* The first `n` bytes of s, as a string (for strstr). */
static char *prefix(const char *s, size_t n)
{
	return strndup(s, strlen(s) < n ? strlen(s) : n);
}

/* The batch narration of the whole run, events joined by spaces. */
static char *narration(struct engine *e)
{
	struct strbuf sb;
	size_t k, n, i;

	strbuf_init(&sb);
	engine_goto(e, 0);
	for (k = 1; k <= engine_count(e); k++) {
		const struct event *ev;
		engine_forward(e);
		ev = engine_events(e, &n);
		for (i = 0; i < n; i++) {
			strbuf_puts(&sb, ev[i].text);
			strbuf_putc(&sb, '\n');
		}
	}
	return strbuf_detach(&sb);
}

static const char clock_scn[] =
	"frames 3\nreplace clock\n"
	"refs 1 2 3\n"
	"note \"No free frame. Every page has R=1: the hand clears all three "
	"bits, comes round to frame 0 and finds R=0 there.\"\n"
	"refs 4\nrefs 2 5\n";

/* ---- the narration pane ---- */

START_TEST(micro_step_keeps_current_event_on_screen)
{
	struct program *p;
	struct engine *e = tu_engine(clock_scn, &p);
	size_t k, i;

	/* Every event of every step, at 80x24: its text starts on screen. */
	for (k = 1; k <= engine_count(e); k++) {
		engine_goto(e, k);
		for (i = 1; i <= engine_event_count(e); i++) {
			const struct event *ev;
			size_t n;
			char *t = draw(e, p, k, i, 80, 24, NULL, NULL);
			char *want;

			ev = engine_events(e, &n);
			ck_assert_uint_eq(n, i);
			want = prefix(ev[n - 1].text, 30);
			ck_assert_msg(strstr(t, want) != NULL,
				      "step %zu event %zu: '%s' not on\n%s", k,
				      i, want, t);
			free(want);
			free(t);
			engine_goto(e, k);
		}
	}
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(earlier_events_scroll_up_with_a_mark)
{
	struct program *p;
	struct engine *e = tu_engine(clock_scn, &p);
	struct view_metrics m;
	char *t;

	memset(&m, 0, sizeof m);
	engine_goto(e, 4);
	t = draw(e, p, 4, engine_event_count(e), 80, 24, NULL, &m);
	/* The newest event (the load) shows; the earlier ones and the
	 * previous steps have scrolled up, and the pane can scroll back. */
	ck_assert_ptr_nonnull(strstr(t, "Load page 4 into frame 0"));
	ck_assert_ptr_null(strstr(t, "Reference 1: page fault"));
	ck_assert_int_gt(m.scroll_max[PANE_ID_NARRATION], 0);
	ck_assert_ptr_nonnull(strstr(t, "^")); /* the arrow, in ASCII */
	free(t);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

static const char walk_scn[] =
	"frames 8\n"
	"note \"0x00403a10: top index 0x1, second index 0x3, offset 0xa10. The "
	"top-level entry is empty: the kernel creates a second-level table on "
	"the fault.\"\n"
	"read 0x403a10\nread 0x403a18\n";

START_TEST(long_step_scrolls_on_to_its_end)
{
	struct program *p;
	struct engine *e = tu_engine(walk_scn, &p);
	struct view_metrics m;
	struct view_state vs;
	char *t;

	memset(&m, 0, sizeof m);
	view_state_init(&vs, p);
	t = draw(e, p, 1, 0, 80, 24, &vs, &m);
	/* The step starts on screen; its end (the answer) does not fit. */
	ck_assert_ptr_nonnull(strstr(t, "Read 0x403a10 in p0"));
	ck_assert_ptr_null(strstr(t, "= 0xa10"));
	ck_assert_int_lt(m.scroll_min[PANE_ID_NARRATION], 0);
	free(t);
	/* Focused and scrolled on (Down), the physical address shows. */
	vs.focus = PANE_ID_NARRATION;
	vs.scroll[PANE_ID_NARRATION] = m.scroll_min[PANE_ID_NARRATION];
	t = draw(e, p, 1, 0, 80, 24, &vs, &m);
	ck_assert_ptr_nonnull(strstr(t, "= 0xa10"));
	ck_assert_ptr_nonnull(strstr(t, "[on "));
	free(t);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(note_rule_never_disappears)
{
	struct program *p;
	struct engine *e = tu_engine(walk_scn, &p);
	char *t;

	/* A long step and a two-line note at 80x24: the note is cut, and
	 * its rule says so. */
	t = draw(e, p, 1, 0, 80, 24, NULL, NULL);
	ck_assert_ptr_nonnull(strstr(t, "- note (cut: e shows it all) -"));
	free(t);
	/* Room enough: the plain rule and the whole note. */
	t = draw(e, p, 1, 0, 80, 60, NULL, NULL);
	ck_assert_ptr_nonnull(strstr(t, "- note -"));
	ck_assert_ptr_nonnull(strstr(t, "on the fault."));
	free(t);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

/* ---- brief narration ---- */

static struct event ev_of(const char *kind, const char *text)
{
	struct event ev;

	memset(&ev, 0, sizeof ev);
	ev.kind = kind;
	snprintf(ev.text, sizeof ev.text, "%s", text);
	return ev;
}

START_TEST(brief_line_of_a_step)
{
	static const char fault[] = "page-fault", hand[] = "clock-hand",
			  evict[] = "evict", zero[] = "zero-fill";
	struct event ev[6];
	struct strbuf sb;

	ev[0] = ev_of(fault, "Reference 4: page fault, page 4 is not in "
			     "memory and no frame is free: a page must go.");
	ev[1] = ev_of(hand, "Clock hand at frame 0: page 1 has R=1: clear it "
			    "(a second chance) and move on to frame 1.");
	ev[2] = ev_of(hand, "Clock hand at frame 1: page 2 has R=1: clear it "
			    "(a second chance) and move on to frame 2.");
	ev[3] = ev_of(evict, "Evict page 1 from frame 0 (clock: the hand found "
			     "R=0 at frame 0).");
	ev[4] = ev_of(zero, "Load page 4 into frame 0: first use, so there is "
			    "nothing on disk; the frame is filled with zeros.");
	ev[5] = ev_of(evict, "");
	strbuf_init(&sb);
	brief_step(&sb, ev, 6);
	ck_assert_str_eq(sb.buf, "Reference 4: page fault; clock hand (x2); "
				 "evict page 1 from frame 0; load page 4 "
				 "into frame 0");
	strbuf_free(&sb);
}
END_TEST

START_TEST(brief_keeps_a_result)
{
	static const char acc[] = "access";
	struct event ev[1];
	struct strbuf sb;

	ev[0] = ev_of(acc, "x");
	strbuf_init(&sb);
	brief_step(&sb, ev, 1);
	ck_assert_str_eq(sb.buf, "x");
	strbuf_reset(&sb);
	{
		struct event two[2];
		two[0] = ev_of("split", "Read 0x1000 in p0: page 0x1, offset 0x0.");
		two[1] = ev_of(acc, "Physical address: frame 0 x 4096 + 0x10 = "
				    "0x10. The read is done.");
		brief_step(&sb, two, 2);
		ck_assert_str_eq(sb.buf, "Read 0x1000 in p0: page 0x1; "
					 "physical address = 0x10");
	}
	strbuf_free(&sb);
}
END_TEST

START_TEST(brief_mode_in_the_pane)
{
	struct program *p;
	struct engine *e = tu_engine(clock_scn, &p);
	struct view_state vs;
	char *t;

	view_state_init(&vs, p);
	vs.brief = true;
	t = draw(e, p, 4, 0, 80, 24, &vs, NULL);
	ck_assert_ptr_nonnull(strstr(t, "Reference 4: page fault; clock hand "
					"(x3); evict page 1 from frame 0"));
	ck_assert_ptr_nonnull(strstr(t, "Reference 3: page fault; load page 3 "
					"into frame 2"));
	free(t);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

/* ---- relevance: what the step is about, at 80x24 ---- */

static const char tlb_scn[] =
	"frames 16\ntlb entries=4 replace=lru switch=flush\n"
	"process a\n"
	"read 0x1000\nread 0x2000\nread 0x3000\nread 0x4000\n"
	"read 0x5000\nread 0x1000\n";

START_TEST(tlb_shown_with_its_order_at_80x24)
{
	struct program *p;
	struct engine *e = tu_engine(tlb_scn, &p);
	char *t = draw(e, p, 6, 0, 80, 24, NULL, NULL);

	/* All four entries, each with its place in the LRU order, and the
	 * physical address of the access. */
	ck_assert_ptr_nonnull(strstr(t, "TLB 4/4"));
	ck_assert_ptr_nonnull(strstr(t, "#1: VPN"));
	ck_assert_ptr_nonnull(strstr(t, "#2: VPN"));
	ck_assert_ptr_nonnull(strstr(t, "#3: VPN"));
	ck_assert_ptr_nonnull(strstr(t, "#4: VPN 5 -> PFN 4"));
	ck_assert_ptr_nonnull(strstr(t, "VA 0x5000 -> PA 0x4000"));
	free(t);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(no_asid_named_without_asids)
{
	struct program *p;
	struct engine *e = tu_engine(tlb_scn, &p);
	char *n = narration(e), *t;

	ck_assert_ptr_null(strstr(n, "ASID"));
	free(n);
	t = draw(e, p, 7, 0, 200, 60, NULL, NULL);
	ck_assert_ptr_nonnull(strstr(t, "no ASIDs"));
	ck_assert_ptr_null(strstr(t, "ASID 1"));
	free(t);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(addresses_in_locals_are_hex)
{
	static const char scn[] = "gc mark-compact heap=256\n"
				  "new A 32\nnew B 32\nunroot A\nunroot B\n"
				  "call main\nlocal p 8 = 0x20020\n"
				  "local n 8 = 131104\nlocal k 8 = 7\n";
	struct program *p;
	struct engine *e = tu_engine(scn, &p);
	char *n = narration(e);

	ck_assert_ptr_nonnull(strstr(n, "local p = 0x20020 in main"));
	ck_assert_ptr_nonnull(strstr(n, "local n = 0x20020 in main"));
	ck_assert_ptr_nonnull(strstr(n, "local k = 7 in main"));
	free(n);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

/* ---- defects ---- */

START_TEST(fp_marked_in_the_middle_of_a_call)
{
	static const char scn[] = "stack size=8K\ncall main\nlocal n 8 = 3\n"
				  "call fact n=3\nret\nret\n";
	struct program *p;
	struct engine *e = tu_engine(scn, &p);
	char *t;

	/* After the argument and the return address, before fact saves
	 * fp: fp still points at main's saved-fp slot, and is shown. */
	t = draw(e, p, 3, 2, 80, 24, NULL, NULL);
	ck_assert_ptr_nonnull(strstr(t, "fp> 0x7ffefff0  saved fp"));
	free(t);
	t = draw(e, p, 3, 0, 80, 24, NULL, NULL);
	ck_assert_ptr_nonnull(strstr(t, "fp> 0x7ffeffd0  saved fp"));
	free(t);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(moved_stack_root_is_starred)
{
	static const char scn[] = "gc mark-compact heap=256\n"
				  "new A 32\nnew B 32\nunroot A\nunroot B\n"
				  "call main\nlocal p 8 = 0x20020\ngc\n";
	struct program *p;
	struct engine *e = tu_engine(scn, &p);
	char *t = draw(e, p, 7, 0, 80, 24, NULL, NULL);

	/* The slot the collector rewrote carries the change star. */
	ck_assert_ptr_nonnull(strstr(t, "*    0x7ffeffe8  p "));
	ck_assert_ptr_nonnull(strstr(t, "0x20000"));
	/* The collection is over: not "phase move". */
	ck_assert_ptr_nonnull(strstr(t, "phase done"));
	ck_assert_ptr_null(strstr(t, "phase move"));
	free(t);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(survivors_not_white_after_a_cycle)
{
	static const char scn[] = "gc incremental heap=512 increment=1\n"
				  "new A 32\nnew B 32\nset A.f = B\nunroot B\n"
				  "gc step\ngc step\ngc step\ngc step\n";
	struct program *p;
	struct engine *e = tu_engine(scn, &p);
	char *t = draw(e, p, engine_count(e), 0, 80, 24, NULL, NULL);

	ck_assert_ptr_nonnull(strstr(t, "32B survived"));
	ck_assert_ptr_null(strstr(t, "32B white"));
	free(t);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(garbage_not_counted_as_live)
{
	static const char scn[] = "gc mark-sweep heap=256\n"
				  "new A 32\nnew B 32\nunroot B\n";
	struct program *p;
	struct engine *e = tu_engine(scn, &p);
	char *t = draw(e, p, 3, 0, 80, 24, NULL, NULL);

	ck_assert_ptr_nonnull(strstr(t, "1 live + 1 garbage"));
	free(t);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(lines_after_a_kill_warned)
{
	static const char scn[] = "frames 4\n"
				  "map 0x400000 4K prot=r-x name=code\n"
				  "write 0x400010\nread 0x1000\nread 0x2000\n";
	struct diag d;
	struct program *p = tu_parse(scn, &d);
	struct engine *e = engine_create(p, &d, 0);
	char *t;

	ck_assert_ptr_nonnull(e);
	ck_assert_uint_eq(engine_unreached(e), engine_count(e) + 1);
	ck_assert_msg(tu_has(&d, "t.mvs:4:1: warning: this line never runs: "
				 "the process was killed at step 2 (line 3)"),
		      "%s", d.count ? d.lines[0] : "(no message)");
	t = draw(e, p, engine_count(e), 0, 80, 24, NULL, NULL);
	ck_assert_ptr_nonnull(strstr(t, "line 4 and the lines after it never"));
	free(t);
	diag_free(&d);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(no_warning_when_every_line_runs)
{
	struct diag d;
	struct program *p = tu_parse(clock_scn, &d);
	struct engine *e = engine_create(p, &d, 0);

	ck_assert_uint_eq(engine_unreached(e), 0);
	ck_assert_uint_eq(d.count, 0);
	diag_free(&d);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

/* ---- wording ---- */

START_TEST(plurals_and_articles)
{
	ck_assert_str_eq(plural_s(1), "");
	ck_assert_str_eq(plural_s(0), "s");
	ck_assert_str_eq(plural_s(2), "s");
	ck_assert_str_eq(article_num(8), "an");
	ck_assert_str_eq(article_num(80), "an");
	ck_assert_str_eq(article_num(11), "an");
	ck_assert_str_eq(article_num(18), "an");
	ck_assert_str_eq(article_num(11000), "an");
	ck_assert_str_eq(article_num(4), "a");
	ck_assert_str_eq(article_num(16), "a");
	ck_assert_str_eq(article_num(110), "a");
	ck_assert_str_eq(article_num(1), "a");
}
END_TEST

START_TEST(sentences_agree_and_start_with_capitals)
{
	static const char scn[] =
		"heap size=256 base=0x3000 policy=first-fit\n"
		"malloc buf 1\nwrite buf+8\nfree buf\nmalloc other 32\n"
		"write buf+8\nfree buf\n";
	struct program *p;
	struct engine *e = tu_engine(scn, &p);
	char *n = narration(e), *line;

	ck_assert_ptr_nonnull(strstr(n, "an 8-byte header"));
	ck_assert_ptr_nonnull(strstr(n, "malloc(1) for buf: 1 byte rounded"));
	ck_assert_ptr_nonnull(strstr(n, "of 1 byte at"));
	ck_assert_ptr_null(strstr(n, " 1 bytes"));
	ck_assert_ptr_null(strstr(n, "a 8-byte"));
	/* Every sentence starts with a capital or a name from the code. */
	for (line = strtok(n, "\n"); line; line = strtok(NULL, "\n"))
		ck_assert_msg(!(line[0] >= 'a' && line[0] <= 'z') ||
				      strncmp(line, "malloc(", 7) == 0 ||
				      strncmp(line, "free(", 5) == 0,
			      "lower-case start: %s", line);
	free(n);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(gc_counts_agree)
{
	static const char scn[] = "gc generational heap=1K young=128 "
				  "promote-after=1\n"
				  "new A 32\ngc\ngc\n";
	struct program *p;
	struct engine *e = tu_engine(scn, &p);
	char *n = narration(e);

	ck_assert_ptr_nonnull(strstr(n, "survived 1 collection:"));
	ck_assert_ptr_null(strstr(n, "1 collections"));
	ck_assert_ptr_null(strstr(n, "(s)"));
	ck_assert_ptr_null(strstr(n, "((empty))"));
	free(n);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

/* ---- every note true: the models behind them ---- */

START_TEST(double_free_of_a_reused_block_is_silent)
{
	static const char scn[] =
		"heap size=256 base=0x3000 policy=first-fit\n"
		"malloc buf 32\nfree buf\nmalloc other 32\nfree buf\n"
		"free other\n";
	struct program *p;
	struct engine *e = tu_engine(scn, &p);
	char *n = narration(e);

	/* The second free(buf) frees other's block and the run goes on;
	 * only free(other), of a block still free, is caught. */
	ck_assert_uint_eq(tu_last_written(e), 5);
	ck_assert(!(engine_flags(e, 4) & EVF_HALT));
	ck_assert(engine_flags(e, 4) & EVF_ERROR);
	ck_assert(engine_flags(e, 5) & EVF_HALT);
	ck_assert_ptr_nonnull(strstr(n, "it frees other's block, silently"));
	ck_assert_ptr_nonnull(strstr(n, "free(buf), the block of other"));
	ck_assert_ptr_nonnull(strstr(n, "double free detected"));
	free(n);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(file_backed_pages_are_read_not_zeroed)
{
	static const char scn[] =
		"frames 2\nreplace fifo\n"
		"map 0x400000 8K prot=r-x name=code file=a.out\n"
		"fetch 0x400000\nwrite 0x10000\nread 0x20000\nfetch 0x400000\n";
	struct program *p;
	struct engine *e = tu_engine(scn, &p);
	char *n = narration(e);
	const struct vm *vm;

	engine_goto(e, engine_count(e));
	vm = &engine_machine(e)->vm;
	/* Code read from its file twice (evicted clean, read again); the
	 * data page filled with zeros. */
	ck_assert_uint_eq(vm->st.file_reads, 2);
	ck_assert_uint_eq(vm->st.zero_fills, 2);
	ck_assert_ptr_nonnull(strstr(n, "from the file a.out into frame 0"));
	ck_assert_ptr_nonnull(strstr(n, "a major fault"));
	free(n);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(shared_object_pages_are_read_from_the_file)
{
	static const char scn[] = "frames 8\nprocess e\n"
				  "share libc 0x40000000 8K\n"
				  "fetch 0x40000010\nprocess s\n"
				  "share libc 0x50000000 8K\nfetch 0x50000020\n";
	struct program *p;
	struct engine *e = tu_engine(scn, &p);
	char *n = narration(e);
	const struct vm *vm;

	engine_goto(e, engine_count(e));
	vm = &engine_machine(e)->vm;
	ck_assert_uint_eq(vm->st.file_reads, 1);
	ck_assert_uint_eq(vm->st.zero_fills, 0);
	ck_assert_uint_eq(vm->st.minor_faults, 1);
	ck_assert_ptr_null(strstr(n, "filled with zeros"));
	free(n);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

/* ---- panes per chapter ---- */

START_TEST(panes_change_between_steps)
{
	static const char scn[] = "stack size=8K\n"
				  "heap size=256 base=0x10000 policy=first-fit\n"
				  "panes stack\ncall main\nlocal n 8 = 1\n"
				  "panes heap\nmalloc a 8\nfree a\nret\n";
	struct program *p;
	struct engine *e = tu_engine(scn, &p);
	struct view_state vs;

	ck_assert_uint_eq(program_panes_at(p, 0), PANES_STACK);
	ck_assert_uint_eq(program_panes_at(p, 1), PANES_STACK);
	ck_assert_uint_eq(program_panes_at(p, 2), PANES_HEAP);
	view_state_init(&vs, p);
	engine_goto(e, 3);
	view_follow_panes(&vs, e);
	ck_assert(vs.wanted & PANE_BIT(PANE_ID_HEAP));
	ck_assert(!(vs.wanted & PANE_BIT(PANE_ID_STACK)));
	engine_goto(e, 1);
	view_follow_panes(&vs, e);
	ck_assert(vs.wanted & PANE_BIT(PANE_ID_STACK));
	/* --panes pins them. */
	view_want_panes(&vs, PANE_BIT(PANE_ID_HEAP));
	view_follow_panes(&vs, e);
	ck_assert(!(vs.wanted & PANE_BIT(PANE_ID_STACK)));
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(panes_twice_before_steps_is_an_error)
{
	struct diag d;
	struct program *p = tu_parse("panes stack\npanes heap\n", &d);

	ck_assert_ptr_null(p);
	ck_assert(tu_has(&d, "`panes` given twice"));
	diag_free(&d);
}
END_TEST

Suite *lecture_suite(void);

Suite *lecture_suite(void)
{
	Suite *s = suite_create("lecture");
	TCase *tc;

	tc = tcase_create("narration");
	tcase_add_test(tc, micro_step_keeps_current_event_on_screen);
	tcase_add_test(tc, earlier_events_scroll_up_with_a_mark);
	tcase_add_test(tc, long_step_scrolls_on_to_its_end);
	tcase_add_test(tc, note_rule_never_disappears);
	tcase_set_timeout(tc, 0); /* no wall-clock limit */
	suite_add_tcase(s, tc);

	tc = tcase_create("brief");
	tcase_add_test(tc, brief_line_of_a_step);
	tcase_add_test(tc, brief_keeps_a_result);
	tcase_add_test(tc, brief_mode_in_the_pane);
	tcase_set_timeout(tc, 0);
	suite_add_tcase(s, tc);

	tc = tcase_create("relevance");
	tcase_add_test(tc, tlb_shown_with_its_order_at_80x24);
	tcase_add_test(tc, no_asid_named_without_asids);
	tcase_add_test(tc, addresses_in_locals_are_hex);
	tcase_set_timeout(tc, 0);
	suite_add_tcase(s, tc);

	tc = tcase_create("defects");
	tcase_add_test(tc, fp_marked_in_the_middle_of_a_call);
	tcase_add_test(tc, moved_stack_root_is_starred);
	tcase_add_test(tc, survivors_not_white_after_a_cycle);
	tcase_add_test(tc, garbage_not_counted_as_live);
	tcase_add_test(tc, lines_after_a_kill_warned);
	tcase_add_test(tc, no_warning_when_every_line_runs);
	tcase_set_timeout(tc, 0);
	suite_add_tcase(s, tc);

	tc = tcase_create("wording");
	tcase_add_test(tc, plurals_and_articles);
	tcase_add_test(tc, sentences_agree_and_start_with_capitals);
	tcase_add_test(tc, gc_counts_agree);
	tcase_set_timeout(tc, 0);
	suite_add_tcase(s, tc);

	tc = tcase_create("models");
	tcase_add_test(tc, double_free_of_a_reused_block_is_silent);
	tcase_add_test(tc, file_backed_pages_are_read_not_zeroed);
	tcase_add_test(tc, shared_object_pages_are_read_from_the_file);
	tcase_set_timeout(tc, 0);
	suite_add_tcase(s, tc);

	tc = tcase_create("panes");
	tcase_add_test(tc, panes_change_between_steps);
	tcase_add_test(tc, panes_twice_before_steps_is_an_error);
	tcase_set_timeout(tc, 0);
	suite_add_tcase(s, tc);
	return s;
}
