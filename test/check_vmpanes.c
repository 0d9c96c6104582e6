/*
 * check_vmpanes.c: the virtual-memory panes and the compare screen, read
 * back as text without a terminal: the textbook table of belady.mvs step
 * by step, the page table and walk of a two-level table, the TLB, the
 * compare table's numbers (the classic string: FIFO 15, LRU 12, OPT 9;
 * Belady: FIFO 9 with 3 frames, 10 with 4), the compare screen, every
 * size down to 1x1, ASCII only, and that drawing never changes a machine.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "core/machine.h"
#include "core/vm.h"
#include "test_util.h"
#include "view/canvas.h"
#include "view/compare.h"
#include "view/view.h"

static const char belady[] =
	"title \"Belady's anomaly\"\n"
	"frames 3\n"
	"replace fifo\n"
	"refs 1 2 3 4 1 2 5 1 2 3 4 5\n";

static const char classic[] =
	"frames 3\n"
	"refs 7 0 1 2 0 3 0 4 2 3 0 3 2 1 2 0 1 7 0 1\n";

static const char walk[] =
	"pagetable levels=2 split=10/10/12\n"
	"frames 8\n"
	"read 0x00403a10\n"
	"read 0x00403a18\n"
	"read 0x00404000\n"
	"read 0x7f000000\n";

static char *draw(struct engine *e, size_t k, int w, int h, bool ascii,
		  int zoom)
{
	struct canvas *c = canvas_create(w, h, ascii);
	struct view_state vs;
	struct strbuf sb;

	view_state_init(&vs, engine_program(e));
	vs.ascii = ascii;
	if (zoom != PANE_ID_NONE) {
		vs.focus = zoom;
		vs.zoom = zoom;
	}
	engine_goto(e, k);
	view_draw(c, &vs, e);
	strbuf_init(&sb);
	canvas_to_text(c, &sb);
	canvas_destroy(c);
	return strbuf_detach(&sb);
}

#define HAS(text, s) ck_assert_msg(strstr((text), (s)) != NULL, \
				   "missing \"%s\" in:\n%s", (s), (text))

START_TEST(belady_textbook_table)
{
	struct program *p;
	struct engine *e = tu_engine(belady, &p);
	char *t;

	t = draw(e, 4, 80, 24, false, PANE_ID_NONE);
	HAS(t, "FIFO, 3 frames: 4 faults, 0 hits");
	HAS(t, "ref 4: FAULT, evicts 1 from fr 0");
	HAS(t, "│ ref   1 2 3 4 ");
	HAS(t, "│★fr 0  1 1 1 4 ");
	HAS(t, "│ fr 1  . 2 2 2 ");
	HAS(t, "│ fr 2  . . 3 3 ");
	HAS(t, "│ fault F F F F ");
	HAS(t, "│ evict       1 ");
	HAS(t, "FIFO queue, oldest first: 2 3 4");
	free(t);

	t = draw(e, 12, 80, 24, false, PANE_ID_NONE);
	HAS(t, "FIFO, 3 frames: 9 faults, 3 hits");
	HAS(t, "ref 5: hit in fr 0");
	HAS(t, "ref   1 2 3 4 1 2 5 1 2 3 4 5");
	HAS(t, "fr 0  1 1 1 4 4 4 5 5 5 5 5 5");
	HAS(t, "fr 1  . 2 2 2 1 1 1 1 1 3 3 3");
	HAS(t, "fr 2  . . 3 3 3 2 2 2 2 2 4 4");
	HAS(t, "fault F F F F F F F     F F");
	HAS(t, "evict       1 2 3 4     1 2");
	/* the page table: populated entries, present or not */
	HAS(t, "page table of p0");
	HAS(t, "faults 9");
	HAS(t, "VPN PFN  PDR prot");
	HAS(t, "▶   5   0  P-R rwxu");
	HAS(t, "    1   -  --- rwxu");
	free(t);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(clock_and_opt_state)
{
	struct program *p;
	struct engine *e;
	char *t;
	static const char clk[] = "frames 3\nreplace clock\nrefs 1 2 3 1 4\n";
	static const char opt[] = "frames 3\nreplace opt\nrefs 1 2 3 4 1 2\n";

	e = tu_engine(clk, &p);
	t = draw(e, 5, 80, 24, false, PANE_ID_NONE);
	HAS(t, "hand at fr 1; R bits: 1 0 0");
	free(t);
	engine_destroy(e);
	program_destroy(p);

	e = tu_engine(opt, &p);
	t = draw(e, 4, 80, 24, false, PANE_ID_NONE);
	HAS(t, "OPT next use: 1 in 1 2 in 2 4 never");
	free(t);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(two_level_walk)
{
	struct program *p;
	struct engine *e = tu_engine(walk, &p);
	char *t;

	t = draw(e, 3, 80, 24, false, PANE_ID_NONE);
	HAS(t, "★walk L1 [1] -> table #1");
	HAS(t, "★     L2 [4] -> PFN 1");
	HAS(t, "▶  404   1  P-R rw-u");
	HAS(t, "read 0x404000: FAULT, VPN 404 -> free fr 1");
	HAS(t, "fr 2+ (2-7 free)");
	free(t);

	t = draw(e, 2, 80, 24, false, PANE_ID_NONE);
	HAS(t, "TLB hit: no walk needed");
	/* No ASIDs in this TLB (switch=flush): the entry names none, and
	 * gives its place in the LRU order. */
	HAS(t, "▶e0 #1: VPN 403 -> PFN 0");
	free(t);

	/* zoomed: the empty entries too, as runs */
	t = draw(e, 4, 80, 24, false, PANE_ID_PAGETABLE);
	HAS(t, "page table (zoomed: z)");
	HAS(t, "400-402: 3 empty entries");
	HAS(t, "405-7ff: 1019 empty entries");
	free(t);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(every_size_and_ascii)
{
	struct program *p;
	struct engine *e = tu_engine(walk, &p);
	struct machine before;
	int w, h;

	machine_init(&before, p);
	engine_goto(e, 3);
	machine_copy(&before, engine_machine(e));
	for (w = 1; w <= 120; w += (w < 50 ? 1 : 7)) {
		for (h = 1; h <= 40; h += (h < 16 ? 1 : 5)) {
			char *t = draw(e, 3, w, h, true, PANE_ID_NONE);
			const char *s;
			for (s = t; *s; s++)
				ck_assert_msg((unsigned char)*s < 0x7f,
					      "non-ASCII at %dx%d", w, h);
			free(t);
			t = draw(e, 3, w, h, false, PANE_ID_FRAMES);
			free(t);
		}
	}
	ck_assert(machine_equal(&before, engine_machine(e)));
	machine_free(&before);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(compare_numbers)
{
	struct program *p;
	struct engine *e = tu_engine(classic, &p);
	const char *pols[] = { "fifo", "lru", "opt" };
	const char *fifo[] = { "fifo" };
	uint64_t frames[] = { 3, 4 };
	struct vm_compare_result r[3];
	struct strbuf sb;

	ck_assert_int_eq(vm_compare(p, pols, 3, NULL, 0, r), 0);
	strbuf_init(&sb);
	compare_table("classic", r, 3, false, &sb);
	HAS(sb.buf, "# classic\n");
	HAS(sb.buf, "fifo          3         20       15        5     25.0%\n");
	HAS(sb.buf, "lru           3         20       12        8     40.0%\n");
	HAS(sb.buf, "opt           3         20        9       11     55.0%\n");
	strbuf_free(&sb);
	engine_destroy(e);
	program_destroy(p);

	e = tu_engine(belady, &p);
	ck_assert_int_eq(vm_compare(p, fifo, 1, frames, 2, r), 0);
	strbuf_init(&sb);
	compare_table(NULL, r, 2, true, &sb);
	HAS(sb.buf, "{\"policy\":\"fifo\",\"frames\":3,\"references\":12,"
		    "\"page_faults\":9,");
	HAS(sb.buf, "{\"policy\":\"fifo\",\"frames\":4,\"references\":12,"
		    "\"page_faults\":10,");
	strbuf_free(&sb);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

/* The compare screen for belady under FIFO with 3 and 4 frames. */
START_TEST(compare_screen)
{
	struct program *p;
	struct engine *e = tu_engine(belady, &p);
	struct program q[2];
	struct compare_run runs[2];
	struct compare_view cv;
	struct canvas *c;
	struct strbuf sb;
	struct diag d;
	int i, w, h;

	for (i = 0; i < 2; i++) {
		q[i] = *p;
		q[i].config.vm.frames = (uint64_t)(3 + i);
		diag_init(&d, "t.mvs");
		runs[i].e = engine_create(&q[i], &d, 0);
		diag_free(&d);
		ck_assert_ptr_nonnull(runs[i].e);
		runs[i].policy = REPLACE_FIFO;
		runs[i].frames = (uint64_t)(3 + i);
		engine_goto(runs[i].e, 12);
	}
	memset(&cv, 0, sizeof cv);
	cv.runs = runs;
	cv.nruns = 2;
	cv.title = "Belady";
	c = canvas_create(80, 24, false);
	compare_view_draw(c, &cv);
	strbuf_init(&sb);
	canvas_to_text(c, &sb);
	HAS(sb.buf, "compare: Belady  step 12/12");
	HAS(sb.buf, " ref│FIFO 3");
	HAS(sb.buf, "│FIFO 4");
	HAS(sb.buf, " 4  │4 2 3 F 1");
	HAS(sb.buf, "│1 2 3 4 F");
	HAS(sb.buf, "▶5  │5 3 4  ");
	HAS(sb.buf, "faults 9");
	HAS(sb.buf, "faults 10");
	HAS(sb.buf, "Belady's anomaly: FIFO with 4 frames has 10 faults, "
		    "with 3 only 9");
	strbuf_free(&sb);
	/* halfway the anomaly has not shown yet */
	for (i = 0; i < 2; i++)
		engine_goto(runs[i].e, 6);
	compare_view_draw(c, &cv);
	strbuf_init(&sb);
	canvas_to_text(c, &sb);
	ck_assert_ptr_null(strstr(sb.buf, "Belady's anomaly:"));
	strbuf_free(&sb);
	/* any size, no crash */
	for (w = 1; w < 90; w += 3)
		for (h = 1; h < 30; h += 2) {
			canvas_resize(c, w, h);
			compare_view_draw(c, &cv);
		}
	canvas_destroy(c);
	for (i = 0; i < 2; i++)
		engine_destroy(runs[i].e);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

Suite *vmpanes_suite(void)
{
	Suite *s = suite_create("vmpanes");
	TCase *tc = tcase_create("frames");

	tcase_add_test(tc, belady_textbook_table);
	tcase_add_test(tc, clock_and_opt_state);
	suite_add_tcase(s, tc);
	tc = tcase_create("pagetable");
	tcase_add_test(tc, two_level_walk);
	suite_add_tcase(s, tc);
	tc = tcase_create("sizes");
	tcase_add_test(tc, every_size_and_ascii);
	tcase_set_timeout(tc, 0);
	suite_add_tcase(s, tc);
	tc = tcase_create("compare");
	tcase_add_test(tc, compare_numbers);
	tcase_add_test(tc, compare_screen);
	suite_add_tcase(s, tc);
	return s;
}
