/*
 * check_layout.c: the pure layout function.  Fixed sizes check where panes
 * go; a sweep over many sizes, pane sets and zooms checks the invariants
 * (inside the screen, no overlap, nothing empty, status and timeline rows).
 */
#include <check.h>

#include "view/layout.h"

#define BASIC                                                               \
	(PANE_BIT(PANE_ID_STACK) | PANE_BIT(PANE_ID_NARRATION) |             \
	 PANE_BIT(PANE_ID_TIMELINE) | PANE_BIT(PANE_ID_STATUS))

static bool overlap(struct rect a, struct rect b)
{
	return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h &&
	       b.y < a.y + a.h;
}

/* Every shown pane is non-empty, on screen, and overlaps no other. */
static void check_invariants(const struct layout *l, int w, int h)
{
	int i, j;

	for (i = 0; i < PANE_ID_COUNT; i++) {
		struct rect r = l->rect[i];
		if (!layout_shown(l, i))
			continue;
		ck_assert_msg(r.w > 0 && r.h > 0, "pane %d empty at %dx%d", i,
			      w, h);
		ck_assert_msg(r.x >= 0 && r.y >= 0 && r.x + r.w <= w &&
				      r.y + r.h <= h,
			      "pane %d off screen at %dx%d", i, w, h);
		for (j = i + 1; j < PANE_ID_COUNT; j++)
			if (layout_shown(l, j))
				ck_assert_msg(!overlap(r, l->rect[j]),
					      "panes %d and %d overlap at %dx%d",
					      i, j, w, h);
	}
}

START_TEST(too_small)
{
	static const int sizes[][2] = { { 0, 0 },   { 1, 1 },  { 10, 5 },
					{ 39, 10 }, { 40, 9 }, { 39, 200 },
					{ 500, 9 }, { -3, -3 } };
	size_t i;

	for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		struct layout l;
		layout_compute(&l, sizes[i][0], sizes[i][1], BASIC,
			       PANE_ID_NONE);
		ck_assert(l.too_small);
		ck_assert_uint_eq(l.shown, 0);
	}
}
END_TEST

START_TEST(minimum_size_shows_everything)
{
	struct layout l;

	layout_compute(&l, LAYOUT_MIN_WIDTH, LAYOUT_MIN_HEIGHT, BASIC,
		       PANE_ID_NONE);
	ck_assert(!l.too_small);
	ck_assert_uint_eq(l.shown, BASIC);
	check_invariants(&l, LAYOUT_MIN_WIDTH, LAYOUT_MIN_HEIGHT);
}
END_TEST

START_TEST(status_and_timeline_rows)
{
	struct layout l;

	layout_compute(&l, 80, 24, BASIC, PANE_ID_NONE);
	ck_assert_int_eq(l.rect[PANE_ID_STATUS].y, 23);
	ck_assert_int_eq(l.rect[PANE_ID_STATUS].h, 1);
	ck_assert_int_eq(l.rect[PANE_ID_STATUS].w, 80);
	ck_assert_int_eq(l.rect[PANE_ID_TIMELINE].y, 22);
	ck_assert_int_eq(l.rect[PANE_ID_TIMELINE].h, 1);
	ck_assert_int_eq(l.main.h, 22);
	ck_assert_int_eq(l.main.y, 0);
}
END_TEST

START_TEST(narration_below_at_80x24)
{
	struct layout l;
	struct rect s, n;

	layout_compute(&l, 80, 24, BASIC, PANE_ID_NONE);
	s = l.rect[PANE_ID_STACK];
	n = l.rect[PANE_ID_NARRATION];
	ck_assert_int_eq(s.w, 80);
	ck_assert_int_eq(n.w, 80);
	ck_assert_int_eq(s.y, 0);
	ck_assert_int_eq(n.y, s.h);
	ck_assert_int_eq(s.h + n.h, 22);
	/* Narration gets room for a few sentences and a note. */
	ck_assert_int_ge(n.h, 8);
	ck_assert_int_ge(s.h, 8);
}
END_TEST

START_TEST(narration_right_when_wide)
{
	struct layout l;
	struct rect s, n;

	layout_compute(&l, 200, 60, BASIC, PANE_ID_NONE);
	s = l.rect[PANE_ID_STACK];
	n = l.rect[PANE_ID_NARRATION];
	ck_assert_int_eq(s.x, 0);
	ck_assert_int_eq(n.x, s.w);
	ck_assert_int_eq(s.w + n.w, 200);
	ck_assert_int_eq(n.h, 58);
	ck_assert_int_eq(s.h, 58);
	ck_assert_int_ge(n.w, 40);
}
END_TEST

START_TEST(zoom_takes_main_area)
{
	struct layout l;

	layout_compute(&l, 80, 24, BASIC, PANE_ID_STACK);
	ck_assert_int_eq(l.zoom, PANE_ID_STACK);
	ck_assert_int_eq(l.rect[PANE_ID_STACK].w, 80);
	ck_assert_int_eq(l.rect[PANE_ID_STACK].h, 22);
	ck_assert(!layout_shown(&l, PANE_ID_NARRATION));
	ck_assert(layout_shown(&l, PANE_ID_STATUS));
	ck_assert(layout_shown(&l, PANE_ID_TIMELINE));

	layout_compute(&l, 80, 24, BASIC, PANE_ID_NARRATION);
	ck_assert_int_eq(l.rect[PANE_ID_NARRATION].h, 22);
	ck_assert(!layout_shown(&l, PANE_ID_STACK));
}
END_TEST

START_TEST(zoom_ignored_when_not_zoomable)
{
	struct layout l;

	layout_compute(&l, 80, 24, BASIC, PANE_ID_STATUS);
	ck_assert_int_eq(l.zoom, PANE_ID_NONE);
	ck_assert_uint_eq(l.shown, BASIC);
	layout_compute(&l, 80, 24, BASIC, PANE_ID_HEAP); /* not wanted */
	ck_assert_int_eq(l.zoom, PANE_ID_NONE);
	ck_assert_uint_eq(l.shown, BASIC);
	layout_compute(&l, 80, 24, BASIC, 99);
	ck_assert_int_eq(l.zoom, PANE_ID_NONE);
}
END_TEST

START_TEST(many_model_panes_grid)
{
	struct layout l;
	uint32_t all = PANE_ALL_MASK;

	layout_compute(&l, 200, 60, all, PANE_ID_NONE);
	ck_assert_uint_eq(l.shown, all);
	check_invariants(&l, 200, 60);
	/* At the minimum, the stack (first priority) still shows. */
	layout_compute(&l, 40, 10, all, PANE_ID_NONE);
	ck_assert(layout_shown(&l, PANE_ID_STACK));
	ck_assert(layout_shown(&l, PANE_ID_NARRATION));
	check_invariants(&l, 40, 10);
}
END_TEST

START_TEST(narration_alone)
{
	struct layout l;
	uint32_t want = PANE_BIT(PANE_ID_NARRATION) | PANE_BIT(PANE_ID_STATUS);

	layout_compute(&l, 80, 24, want, PANE_ID_NONE);
	ck_assert_int_eq(l.rect[PANE_ID_NARRATION].h, 23);
	ck_assert_int_eq(l.rect[PANE_ID_NARRATION].w, 80);
}
END_TEST


/* Wide and tall: fewer columns, so a long-lined pane is not clipped. */
START_TEST(grid_prefers_comfortable_panes)
{
	struct layout l;
	uint32_t want = PANE_BIT(PANE_ID_FRAMES) | PANE_BIT(PANE_ID_PAGETABLE) |
			PANE_BIT(PANE_ID_CACHE) | PANE_BIT(PANE_ID_NARRATION) |
			PANE_BIT(PANE_ID_TIMELINE) | PANE_BIT(PANE_ID_STATUS);
	struct rect c;

	layout_compute(&l, 200, 60, want, PANE_ID_NONE);
	check_invariants(&l, 200, 60);
	c = l.rect[PANE_ID_CACHE];
	/* two rows: frame map and page table, then the cache alone */
	ck_assert_int_eq(l.rect[PANE_ID_FRAMES].y, l.rect[PANE_ID_PAGETABLE].y);
	ck_assert_int_gt(c.y, l.rect[PANE_ID_FRAMES].y);
	ck_assert_int_eq(c.w, l.rect[PANE_ID_NARRATION].x);
	ck_assert_int_ge(c.w, LAYOUT_PANE_GOOD_WIDTH);
	ck_assert_int_ge(c.h, LAYOUT_PANE_GOOD_HEIGHT);
	/* 80x24 has no comfortable grid: as many columns as fit, as before */
	layout_compute(&l, 80, 24, want, PANE_ID_NONE);
	check_invariants(&l, 80, 24);
	ck_assert(layout_shown(&l, PANE_ID_CACHE));
	ck_assert(layout_shown(&l, PANE_ID_FRAMES));
	ck_assert_int_eq(l.rect[PANE_ID_FRAMES].y, l.rect[PANE_ID_PAGETABLE].y);
}
END_TEST

/* Sweep: sizes x pane sets x zooms, every layout valid. */
START_TEST(sweep_invariants)
{
	static const uint32_t sets[] = {
		BASIC,
		PANE_ALL_MASK,
		PANE_BIT(PANE_ID_HEAP) | PANE_BIT(PANE_ID_CACHE) |
			PANE_BIT(PANE_ID_STATUS),
		PANE_BIT(PANE_ID_STACK) | PANE_BIT(PANE_ID_HEAP) |
			PANE_BIT(PANE_ID_NARRATION) | PANE_BIT(PANE_ID_STATUS) |
			PANE_BIT(PANE_ID_TIMELINE),
	};
	size_t s;
	int w, h, z;

	for (s = 0; s < sizeof sets / sizeof sets[0]; s++)
		for (w = 30; w <= 260; w += 7)
			for (h = 5; h <= 80; h += 3)
				for (z = -1; z < PANE_ID_COUNT; z++) {
					struct layout l;
					layout_compute(&l, w, h, sets[s], z);
					if (w < LAYOUT_MIN_WIDTH ||
					    h < LAYOUT_MIN_HEIGHT) {
						ck_assert(l.too_small);
						continue;
					}
					ck_assert(!l.too_small);
					ck_assert_uint_eq(l.shown & ~sets[s], 0);
					check_invariants(&l, w, h);
					/* The first model pane always fits. */
					if (z < 0 && (sets[s] &
						      PANE_BIT(PANE_ID_STACK)))
						ck_assert(layout_shown(
							&l, PANE_ID_STACK));
				}
}
END_TEST

Suite *layout_suite(void);

Suite *layout_suite(void)
{
	Suite *s = suite_create("layout");
	TCase *tc = tcase_create("sizes");

	tcase_add_test(tc, too_small);
	tcase_add_test(tc, minimum_size_shows_everything);
	tcase_add_test(tc, status_and_timeline_rows);
	tcase_add_test(tc, narration_below_at_80x24);
	tcase_add_test(tc, narration_right_when_wide);
	tcase_add_test(tc, many_model_panes_grid);
	tcase_add_test(tc, narration_alone);
	tcase_set_timeout(tc, 0); /* no wall-clock limit */
	suite_add_tcase(s, tc);

	tc = tcase_create("zoom");
	tcase_add_test(tc, zoom_takes_main_area);
	tcase_add_test(tc, zoom_ignored_when_not_zoomable);
	tcase_set_timeout(tc, 0); /* no wall-clock limit */
	suite_add_tcase(s, tc);

	tc = tcase_create("invariants");
	tcase_add_test(tc, grid_prefers_comfortable_panes);
	tcase_add_test(tc, sweep_invariants);
	tcase_set_timeout(tc, 0); /* no wall-clock limit */
	suite_add_tcase(s, tc);
	return s;
}
