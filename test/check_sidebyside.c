/*
 * check_sidebyside.c: the side-by-side screen of heap-policy comparisons
 * and --vary: the heap figures of a run, the --batch summaries (text and
 * JSON, naming each run), and the screen: one column per run with its
 * pane and figures, the note of the step, the explain mode, and the
 * "runs that fit" message on a narrow screen.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "core/machine.h"
#include "core/program.h"
#include "test_util.h"
#include "view/canvas.h"
#include "view/layout.h"
#include "view/sidebyside.h"

/* Holes of 48 bytes between 224-byte blocks, then a 100-byte request. */
static const char frag[] =
	"title \"Holes\"\n"
	"heap size=1K base=0x1000 align=16 header=16 policy=first-fit\n"
	"malloc a 24\n"
	"malloc b 200\n"
	"malloc c 24\n"
	"malloc d 200\n"
	"free a\n"
	"note \"c leaves a hole too.\"\n"
	"free c\n"
	"malloc e 100\n";

struct two {
	struct program *p, q[2];
	struct engine *e[2];
	struct sbs_run run[2];
};

/* The scenario under first-fit and buddy (no headers), at the end. */
static void two_make(struct two *t)
{
	struct diag d;
	int i;

	t->p = tu_parse(frag, &d);
	ck_assert_ptr_nonnull(t->p);
	diag_free(&d);
	for (i = 0; i < 2; i++) {
		t->q[i] = *t->p;
		if (i == 1) {
			t->q[i].config.heap.policy = HEAP_BUDDY;
			t->q[i].config.heap.header_bytes = 0;
			if (t->q[i].config.heap.buddy_min == 0)
				t->q[i].config.heap.buddy_min = 16;
		}
		diag_init(&d, "t.mvs");
		t->e[i] = engine_create(&t->q[i], &d, 0);
		ck_assert_ptr_nonnull(t->e[i]);
		diag_free(&d);
		engine_goto(t->e[i], engine_count(t->e[i]));
		t->run[i].e = t->e[i];
		t->run[i].label = i ? "buddy" : "first-fit";
		t->run[i].name = t->run[i].label;
	}
}

static void two_free(struct two *t)
{
	engine_destroy(t->e[0]);
	engine_destroy(t->e[1]);
	program_destroy(t->p);
}

static char *text_of(const struct canvas *c)
{
	struct strbuf sb;

	strbuf_init(&sb);
	canvas_to_text(c, &sb);
	return strbuf_detach(&sb);
}

START_TEST(figures_count_free_pieces)
{
	struct two t;
	char fig[128];

	two_make(&t);
	sbs_heap_figures(t.e[0], fig, sizeof fig);
	/* first-fit: two 48-byte holes and a 352-byte tail (ext 1 -
	 * 352/448); 76 of 576 bytes in use are padding and headers */
	ck_assert_str_eq(fig, "free list 3  failed 0  ext 21%  int 13%");
	sbs_heap_figures(t.e[1], fig, sizeof fig);
	ck_assert_ptr_nonnull(strstr(fig, "failed 0"));
	two_free(&t);
}
END_TEST

START_TEST(summary_names_each_run)
{
	struct two t;
	struct strbuf sb;

	two_make(&t);
	strbuf_init(&sb);
	sbs_summary(t.run, 2, "Holes", NULL, true, &sb);
	ck_assert_ptr_nonnull(strstr(sb.buf, "{\"policy\":\"first-fit\",\"summary\":{"));
	ck_assert_ptr_nonnull(strstr(sb.buf, "\n{\"policy\":\"buddy\",\"summary\":{"));
	strbuf_reset(&sb);
	sbs_summary(t.run, 2, "Holes", "heap.size", true, &sb);
	ck_assert_ptr_nonnull(strstr(sb.buf, "{\"vary\":\"heap.size\",\"value\":\"first-fit\""));
	strbuf_reset(&sb);
	sbs_summary(t.run, 2, "Holes", NULL, false, &sb);
	ck_assert_ptr_nonnull(strstr(sb.buf, "# Holes: heap policies\nfirst-fit    free list 3"));
	strbuf_free(&sb);
	two_free(&t);
}
END_TEST

START_TEST(screen_has_a_column_per_run)
{
	struct two t;
	struct canvas *c = canvas_create(80, 24, true);
	struct sbs_view v;
	char *s;

	two_make(&t);
	engine_goto(t.e[0], 6);
	engine_goto(t.e[1], 6);
	memset(&v, 0, sizeof v);
	v.runs = t.run;
	v.nruns = 2;
	v.pane_id = PANE_ID_HEAP;
	v.title = "Holes";
	v.hints = "q quit";
	sbs_view_draw(c, &v);
	s = text_of(c);
	ck_assert_ptr_nonnull(strstr(s, "Holes"));
	ck_assert_ptr_nonnull(strstr(s, "step 6/"));
	ck_assert_ptr_nonnull(strstr(s, "first-fit"));
	ck_assert_ptr_nonnull(strstr(s, "buddy"));
	ck_assert_ptr_nonnull(strstr(s, "c leaves a hole too."));
	ck_assert_ptr_nonnull(strstr(s, "q quit"));
	free(s);
	v.explain = true;
	sbs_view_draw(c, &v);
	s = text_of(c);
	ck_assert_ptr_nonnull(strstr(s, "free(c)"));
	free(s);
	canvas_resize(c, 30, 24);
	v.explain = false;
	sbs_view_draw(c, &v);
	s = text_of(c);
	ck_assert_ptr_nonnull(strstr(s, "1 of 2 runs fit"));
	free(s);
	canvas_resize(c, 5, 3);
	sbs_view_draw(c, &v);
	canvas_destroy(c);
	two_free(&t);
}
END_TEST

Suite *sidebyside_suite(void)
{
	Suite *s = suite_create("sidebyside");
	TCase *tc;

	tc = tcase_create("figures");
	tcase_add_test(tc, figures_count_free_pieces);
	suite_add_tcase(s, tc);
	tc = tcase_create("summary");
	tcase_add_test(tc, summary_names_each_run);
	suite_add_tcase(s, tc);
	tc = tcase_create("screen");
	tcase_add_test(tc, screen_has_a_column_per_run);
	suite_add_tcase(s, tc);
	return s;
}
