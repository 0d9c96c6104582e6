/*
 * check_pane_heap.c: the heap pane drawn on a text canvas, without
 * curses: the strip (allocated, free, header characters), the block list,
 * the totals and fragmentation, the free list, a stack local shown as a
 * pointer into the heap, the changed block marked in the changed role AND
 * with a marker character, what a short pane hides, every size down to
 * 1x1 without drawing outside the pane, and that drawing never changes
 * the machine.
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

/*
 * Steps: 1 call main, 2 malloc a (8 -> 16-byte block at 0x1000),
 * 3 malloc b (20 -> 32-byte block at 0x1010), 4 free a, 5 local p = b.
 * Then: 0x1000 16 B free, 0x1010 32 B b, 0x1030 80 B free; in use 32,
 * free 96, largest 80, external 1 - 80/96 = 17%, internal 12 B.
 */
static const char scenario[] =
	"stack size=4K\n"
	"heap size=128 base=0x1000 header=8 align=8 policy=first-fit\n"
	"call main\n"
	"malloc a 8\n"
	"malloc b 20\n"
	"free a\n"
	"local p 8 = b\n";

struct drawn {
	struct canvas *c;
	struct rect area;
	char *text;
};

/* Draw the heap pane alone, boxed like view.c does, at step k. */
static struct drawn draw_heap(struct engine *e, size_t k, int w, int h,
			      bool ascii)
{
	struct drawn d;
	struct pane_ctx pc;
	struct view_state vs;
	struct strbuf sb;

	engine_goto(e, k);
	view_state_init(&vs, engine_program(e));
	d.c = canvas_create(w + 2, h + 2, ascii);
	d.area = (struct rect){ 1, 1, w, h };
	memset(&pc, 0, sizeof pc);
	pc.canvas = d.c;
	pc.area = d.area;
	pc.vs = &vs;
	pc.engine = e;
	pc.machine = engine_machine(e);
	pc.events = engine_events(e, &pc.nevents);
	canvas_box(d.c, d.area, STYLE(ROLE_BORDER, 0), "heap",
		   STYLE(ROLE_TITLE, 0));
	pc.inner = rect_inset(d.area, 1);
	pane_get(PANE_ID_HEAP)->draw(&pc);
	strbuf_init(&sb);
	canvas_to_text(d.c, &sb);
	d.text = strbuf_detach(&sb);
	return d;
}

static void drawn_free(struct drawn *d)
{
	free(d->text);
	canvas_destroy(d->c);
}

/* The line of text that contains needle, or NULL (the caller frees). */
static char *line_with(const char *text, const char *needle)
{
	const char *hit = strstr(text, needle), *start, *end;

	if (hit == NULL)
		return NULL;
	for (start = hit; start > text && start[-1] != '\n'; start--)
		;
	end = strchr(hit, '\n');
	return strndup(start, end ? (size_t)(end - start) : strlen(start));
}

/* The canvas row (absolute y) whose text contains needle, or -1. */
static int row_with(const struct canvas *c, const char *needle)
{
	int y;

	for (y = 0; y < c->height; y++) {
		struct strbuf sb;
		bool hit;

		strbuf_init(&sb);
		canvas_row_text(c, y, &sb);
		hit = strstr(sb.buf ? sb.buf : "", needle) != NULL;
		strbuf_free(&sb);
		if (hit)
			return y;
	}
	return -1;
}

START_TEST(heap_pane_in_table)
{
	ck_assert_int_eq(pane_find("heap"), PANE_ID_HEAP);
	ck_assert(pane_get(PANE_ID_HEAP)->draw == pane_heap_draw);
}
END_TEST

START_TEST(strip_list_totals)
{
	struct program *p;
	struct engine *e = tu_engine(scenario, &p);
	struct drawn d = draw_heap(e, 5, 78, 16, true);
	char *strip, *line;

	/* The strip: free (a's old block), header, data and padding (b:
	 * 20 bytes rounded up to 24), free. */
	strip = line_with(d.text, "|.");
	ck_assert_msg(strip != NULL, "%s", d.text);
	ck_assert_ptr_nonnull(strstr(strip, ".h"));
	ck_assert_ptr_nonnull(strstr(strip, "h#"));
	ck_assert_msg(strstr(strip, "#p") && strstr(strip, "p."), "%s", d.text);
	ck_assert_ptr_null(strstr(strip, "a"));
	free(strip);
	/* Owner names and sizes under the strip. */
	ck_assert_ptr_nonnull(strstr(d.text, "b 32 B"));
	/* The block list: address, size, state, owner, asked vs block. */
	line = line_with(d.text, "0x1010");
	ck_assert_msg(line != NULL, "%s", d.text);
	ck_assert_ptr_nonnull(strstr(line, "32 B"));
	ck_assert_ptr_nonnull(strstr(line, "used"));
	ck_assert_ptr_nonnull(strstr(line, " b "));
	ck_assert_ptr_nonnull(strstr(line, "asked 20 B"));
	ck_assert_ptr_nonnull(strstr(line, "header 8 B + padding 4 B"));
	free(line);
	line = line_with(d.text, "16 B  free");
	ck_assert_msg(line != NULL, "%s", d.text);
	ck_assert_ptr_nonnull(strstr(line, "free"));
	free(line);
	/* Totals and fragmentation. */
	ck_assert_ptr_nonnull(strstr(d.text, "in use 32 B"));
	ck_assert_ptr_nonnull(strstr(d.text, "free 96 B"));
	ck_assert_ptr_nonnull(strstr(d.text, "largest free block 80 B"));
	ck_assert_ptr_nonnull(strstr(d.text, "external 17%"));
	ck_assert_ptr_nonnull(strstr(d.text, "internal 12 B"));
	/* The free list in its order. */
	ck_assert_ptr_nonnull(
		strstr(d.text, "free list: 0x1000 16 B -> 0x1030 80 B"));
	/* The stack local holding b's address, as a pointer. */
	ck_assert_msg(strstr(d.text, "p -> 0x1018 (b)") != NULL, "%s", d.text);
	drawn_free(&d);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(utf8_strip_shades)
{
	struct program *p;
	struct engine *e = tu_engine(scenario, &p);
	struct drawn d = draw_heap(e, 5, 78, 16, false);

	/* Light shade free, dark shade header, full block data. */
	ck_assert_ptr_nonnull(strstr(d.text, "\xe2\x96\x91\xe2\x96\x93"));
	ck_assert_ptr_nonnull(strstr(d.text, "\xe2\x96\x93\xe2\x96\x88"));
	ck_assert_ptr_nonnull(strstr(d.text, "\xe2\x86\x92 0x1018 (b)"));
	drawn_free(&d);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(changed_block_marked)
{
	struct program *p;
	struct engine *e = tu_engine(scenario, &p);
	struct drawn d = draw_heap(e, 4, 78, 16, true);
	int y = row_with(d.c, "16 B  free");
	int x;
	bool strip_changed = false, b_changed = false;
	char *line;

	/* The freed block's row: a marker in the first column and the
	 * changed role; b's row is neither. */
	ck_assert_int_ge(y, 0);
	ck_assert_uint_eq(canvas_cell(d.c, 2, y)->ch, '*');
	ck_assert_uint_eq(canvas_cell(d.c, 2, y)->style.role, ROLE_CHANGED);
	line = line_with(d.text, "0x1010");
	ck_assert_ptr_nonnull(line);
	ck_assert_int_eq(line[2], ' ');
	free(line);
	y = row_with(d.c, "0x1010");
	ck_assert_int_ne(canvas_cell(d.c, 10, y)->style.role, ROLE_CHANGED);
	/* In the strip: the first block's cells are in the changed role, the
	 * label under it starts with the marker. */
	for (x = 2; x < 80; x++) {
		const struct cell *cl = canvas_cell(d.c, x, 2);
		if (cl->ch == '.' && cl->style.role == ROLE_CHANGED)
			strip_changed = true;
		if (cl->ch == '#' && cl->style.role == ROLE_CHANGED)
			b_changed = true;
	}
	ck_assert(strip_changed);
	ck_assert(!b_changed);
	y = row_with(d.c, "*16 B");
	ck_assert_int_ge(y, 0);
	ck_assert_uint_eq(canvas_cell(d.c, 2, y)->ch, '*');
	drawn_free(&d);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(short_pane_says_what_it_hides)
{
	struct program *p;
	struct engine *e = tu_engine(scenario, &p);
	struct drawn d = draw_heap(e, 5, 40, 6, true);

	/* 4 inner rows: no room for the 3 blocks and the pointer. */
	ck_assert_msg(strstr(d.text, "more block") != NULL ||
			      strstr(d.text, "more above") != NULL ||
			      strstr(d.text, "rows above") != NULL,
		      "%s", d.text);
	drawn_free(&d);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(every_size_stays_inside)
{
	struct program *p;
	struct engine *e = tu_engine(scenario, &p);
	int w, h, x, y;
	size_t k;

	for (k = 0; k <= engine_count(e); k++) {
		for (w = 1; w <= 50; w += (w < 12 ? 1 : 7)) {
			for (h = 1; h <= 20; h += (h < 8 ? 1 : 4)) {
				struct drawn d = draw_heap(e, k, w, h, k % 2);

				/* Nothing outside the pane's rectangle. */
				for (y = 0; y < d.c->height; y++)
					for (x = 0; x < d.c->width; x++)
						if (x == 0 || y == 0 ||
						    x == d.c->width - 1 ||
						    y == d.c->height - 1)
							ck_assert_uint_eq(
								canvas_cell(d.c, x, y)->ch,
								' ');
				drawn_free(&d);
			}
		}
	}
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(scrolled_list_and_screen)
{
	struct program *p;
	struct engine *e = tu_engine(scenario, &p);
	struct canvas *c = canvas_create(80, 24, true);
	struct view_state vs;
	struct view_metrics met;
	struct machine before;
	struct strbuf sb;
	size_t k;

	view_state_init(&vs, p);
	memset(&met, 0, sizeof met);
	vs.metrics = &met;
	vs.ascii = true;
	/* The whole screen at every step: the heap pane is there, drawing
	 * changes nothing, zoomed too. */
	for (k = 0; k <= engine_count(e); k++) {
		engine_goto(e, k);
		machine_init(&before, p);
		machine_copy(&before, engine_machine(e));
		vs.zoom = PANE_ID_NONE;
		view_draw(c, &vs, e);
		vs.focus = PANE_ID_HEAP;
		vs.zoom = PANE_ID_HEAP;
		vs.micro = true;
		view_draw(c, &vs, e);
		vs.micro = false;
		ck_assert(machine_equal(&before, engine_machine(e)));
		machine_free(&before);
	}
	strbuf_init(&sb);
	canvas_to_text(c, &sb);
	ck_assert_msg(strstr(sb.buf, "heap (zoomed: z)") != NULL, "%s", sb.buf);
	ck_assert_ptr_nonnull(strstr(sb.buf, "address"));
	strbuf_free(&sb);
	canvas_destroy(c);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

Suite *pane_heap_suite(void)
{
	Suite *s = suite_create("pane_heap");
	TCase *tc = tcase_create("content");

	tcase_add_test(tc, heap_pane_in_table);
	tcase_add_test(tc, strip_list_totals);
	tcase_add_test(tc, utf8_strip_shades);
	tcase_add_test(tc, changed_block_marked);
	tcase_set_timeout(tc, 0); /* no wall-clock limit */
	suite_add_tcase(s, tc);

	tc = tcase_create("robustness");
	tcase_add_test(tc, short_pane_says_what_it_hides);
	tcase_add_test(tc, every_size_stays_inside);
	tcase_add_test(tc, scrolled_list_and_screen);
	tcase_set_timeout(tc, 0);
	suite_add_tcase(s, tc);
	return s;
}
