/*
 * check_ansi.c: the ANSI frame renderer (full redraws, diffs, wide
 * characters, colours and monochrome) and the SVG/HTML markup.
 */
#include <check.h>
#include <string.h>

#include "core/util.h"
#include "view/ansi.h"
#include "view/canvas.h"
#include "view/markup.h"
#include "test_util.h"

static struct canvas *make(int w, int h, const char *text)
{
	struct canvas *c = canvas_create(w, h, false);

	canvas_text(c, canvas_bounds(c), 0, 0, STYLE(ROLE_NORMAL, 0), text);
	return c;
}

START_TEST(full_frame_clears_and_draws)
{
	struct canvas *c = make(10, 2, "hi");
	struct strbuf sb;

	strbuf_init(&sb);
	ansi_frame(&sb, NULL, c, true);
	ck_assert_ptr_nonnull(strstr(sb.buf, "\033[2J"));
	ck_assert_ptr_nonnull(strstr(sb.buf, "\033[?25l"));
	ck_assert_ptr_nonnull(strstr(sb.buf, "\033[2Jhi"));
	/* Blank rows and trailing blanks are not written. */
	ck_assert_ptr_null(strstr(sb.buf, "\033[2H"));
	strbuf_free(&sb);
	canvas_destroy(c);
}
END_TEST

START_TEST(identical_frames_write_nothing)
{
	struct canvas *a = make(10, 3, "same"), *b = make(10, 3, "same");
	struct strbuf sb;

	strbuf_init(&sb);
	ansi_frame(&sb, a, b, true);
	ck_assert_uint_eq(sb.len, 0);
	strbuf_free(&sb);
	canvas_destroy(a);
	canvas_destroy(b);
}
END_TEST

START_TEST(diff_moves_to_changed_cells)
{
	struct canvas *a = make(20, 3, "abcdefghij"), *b = make(20, 3, "abcdefghij");
	struct strbuf sb;

	canvas_set(b, 7, 0, 'X', STYLE(ROLE_NORMAL, 0));
	canvas_set(b, 3, 2, 'Y', STYLE(ROLE_NORMAL, 0));
	strbuf_init(&sb);
	ansi_frame(&sb, a, b, true);
	ck_assert_str_eq(sb.buf, "\033[1;8HX\033[3;4HY");
	strbuf_free(&sb);
	canvas_destroy(a);
	canvas_destroy(b);
}
END_TEST

START_TEST(short_gaps_are_rewritten)
{
	struct canvas *a = make(20, 1, "abcdef"), *b = make(20, 1, "abcdef");
	struct strbuf sb;

	canvas_set(b, 1, 0, 'B', STYLE(ROLE_NORMAL, 0));
	canvas_set(b, 4, 0, 'E', STYLE(ROLE_NORMAL, 0));
	strbuf_init(&sb);
	ansi_frame(&sb, a, b, true);
	ck_assert_str_eq(sb.buf, "\033[1;2HBcdE");
	strbuf_free(&sb);
	canvas_destroy(a);
	canvas_destroy(b);
}
END_TEST

START_TEST(colours_and_mono)
{
	struct canvas *a = make(10, 1, ""), *b = make(10, 1, "");
	struct strbuf sb;

	canvas_set(b, 0, 0, 'E', STYLE(ROLE_ERROR, 0));
	strbuf_init(&sb);
	ansi_frame(&sb, a, b, true);
	/* Red, and the pen is reset at the end of the frame. */
	ck_assert_str_eq(sb.buf, "\033[1H\033[0;31mE\033[0m");
	strbuf_reset(&sb);
	ansi_frame(&sb, a, b, false);
	/* No colour: the role's monochrome attribute, bold. */
	ck_assert_str_eq(sb.buf, "\033[1H\033[0;1mE\033[0m");
	strbuf_free(&sb);
	canvas_destroy(a);
	canvas_destroy(b);
}
END_TEST

START_TEST(wide_characters_stay_whole)
{
	struct canvas *a = make(10, 1, "ab"), *b = make(10, 1, "a\xe4\xb8\xad");
	struct strbuf sb;

	strbuf_init(&sb);
	ansi_frame(&sb, a, b, true);
	ck_assert_str_eq(sb.buf, "\033[1;2H\xe4\xb8\xad");
	strbuf_reset(&sb);
	/* Back to narrow: the head is rewritten, then the old tail cell. */
	ansi_frame(&sb, b, a, true);
	ck_assert_str_eq(sb.buf, "\033[1;2Hb ");
	strbuf_free(&sb);
	canvas_destroy(a);
	canvas_destroy(b);
}
END_TEST

START_TEST(size_change_redraws)
{
	struct canvas *a = make(10, 2, "x"), *b = make(12, 2, "x");
	struct strbuf sb;

	strbuf_init(&sb);
	ansi_frame(&sb, a, b, true);
	ck_assert_ptr_nonnull(strstr(sb.buf, "\033[2J"));
	strbuf_free(&sb);
	canvas_destroy(a);
	canvas_destroy(b);
}
END_TEST

START_TEST(svg_and_html_escape)
{
	struct canvas *c = make(12, 2, "a<b&\"c\"");
	struct strbuf sb;

	canvas_set(c, 0, 1, 'Z', STYLE(ROLE_CHANGED, 0));
	strbuf_init(&sb);
	markup_svg(c, true, true, &sb);
	ck_assert_ptr_nonnull(strstr(sb.buf, "a&lt;b&amp;&quot;c&quot;"));
	ck_assert_ptr_nonnull(strstr(sb.buf, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
	ck_assert_ptr_nonnull(strstr(sb.buf, "fill=\"#f9d849\"")); /* yellow */
	strbuf_reset(&sb);
	markup_html_pre(c, &sb);
	ck_assert_ptr_nonnull(strstr(sb.buf, "<pre class=\"screen\">a&lt;b&amp;"));
	/* Changed: black on yellow, bold and underline only in print. */
	ck_assert_ptr_nonnull(strstr(sb.buf, "<span class=\"f0 g3 mb mu\">Z</span>"));
	strbuf_free(&sb);
	canvas_destroy(c);
}
END_TEST

Suite *ansi_suite(void)
{
	Suite *s = suite_create("ansi");
	TCase *tc = tcase_create("ansi");

	tcase_add_test(tc, full_frame_clears_and_draws);
	tcase_add_test(tc, identical_frames_write_nothing);
	tcase_add_test(tc, diff_moves_to_changed_cells);
	tcase_add_test(tc, short_gaps_are_rewritten);
	tcase_add_test(tc, colours_and_mono);
	tcase_add_test(tc, wide_characters_stay_whole);
	tcase_add_test(tc, size_change_redraws);
	tcase_add_test(tc, svg_and_html_escape);
	suite_add_tcase(s, tc);
	return s;
}
