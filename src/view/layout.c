/*
 * layout.c: screen size and wanted panes to rectangles (see layout.h).
 *
 * The status line is the last row and the timeline the row above it; the
 * main area is the rest.  Narration takes a little under half of the main
 * area's height below the model panes (between 4 and 16 rows), or, from
 * LAYOUT_WIDE_WIDTH columns on, a column on the right (two fifths of the
 * width, 40 to 70 columns; with a single model pane, everything past its
 * first 100 columns, up to half the width).  Model panes fill the remaining
 * block as a grid: the most columns that leave each pane at least
 * LAYOUT_PANE_GOOD_WIDTH x LAYOUT_PANE_GOOD_HEIGHT, else as many columns as
 * fit LAYOUT_PANE_MIN_WIDTH each; panes that
 * would be shorter than LAYOUT_PANE_MIN_HEIGHT are dropped, lowest
 * priority (highest id) first; the frame map counts as coming before the
 * page table, and beside it takes five eighths of the width.
 */
#include "view/layout.h"

#include <string.h>

static int clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static struct rect make_rect(int x, int y, int w, int h)
{
	struct rect r = { x, y, w, h };
	return r;
}

/* Place the model panes in `ids` (n of them) as a grid inside area. */
static void place_models(struct layout *l, struct rect area, const int *ids,
			 int n)
{
	int cols, rows, row, placed = 0;

	if (n == 0 || rect_empty(area))
		return;
	/*
	 * The most columns that leave every pane comfortably wide and tall
	 * (long lines unclipped); when no grid does, the most columns that
	 * fit the minimum width, as many rows as that takes.
	 */
	for (cols = n; cols > 0; cols--) {
		rows = (n + cols - 1) / cols;
		if (area.w / cols >= LAYOUT_PANE_GOOD_WIDTH &&
		    area.h / rows >= LAYOUT_PANE_GOOD_HEIGHT)
			break;
	}
	if (cols == 0) {
		cols = n;
		while (cols > 1 && area.w / cols < LAYOUT_PANE_MIN_WIDTH)
			cols--;
	}
	rows = (n + cols - 1) / cols;
	while (rows > 1 && area.h / rows < LAYOUT_PANE_MIN_HEIGHT) {
		/* Drop the lowest-priority panes until the rest fit. */
		n = (rows - 1) * cols;
		rows--;
	}
	if (area.h < 3)
		return; /* not even a border and one line */
	for (row = 0; row < rows; row++) {
		int y0 = area.y + area.h * row / rows;
		int y1 = area.y + area.h * (row + 1) / rows;
		int in_row = n - placed < cols ? n - placed : cols;
		int col;

		/* The frame map's table grows with the reference string:
		 * beside the page table it takes five eighths. */
		bool vm_pair = in_row == 2 && ids[placed] == PANE_ID_FRAMES &&
			       ids[placed + 1] == PANE_ID_PAGETABLE;

		for (col = 0; col < in_row; col++) {
			int x0 = area.x + area.w * col / in_row;
			int x1 = area.x + area.w * (col + 1) / in_row;
			int id = ids[placed++];

			if (vm_pair) {
				x0 = col ? area.x + area.w * 5 / 8 : area.x;
				x1 = col ? area.x + area.w : area.x + area.w * 5 / 8;
			}

			l->rect[id] = make_rect(x0, y0, x1 - x0, y1 - y0);
			l->shown |= PANE_BIT(id);
		}
	}
}

void layout_compute(struct layout *out, int width, int height,
		    uint32_t wanted, int zoom)
{
	struct rect main, models;
	int ids[PANE_ID_COUNT], n = 0, id;
	bool narration = (wanted & PANE_BIT(PANE_ID_NARRATION)) != 0;

	memset(out, 0, sizeof *out);
	out->width = width;
	out->height = height;
	out->zoom = PANE_ID_NONE;
	if (width < LAYOUT_MIN_WIDTH || height < LAYOUT_MIN_HEIGHT) {
		out->too_small = true;
		return;
	}

	main = make_rect(0, 0, width, height);
	if (wanted & PANE_BIT(PANE_ID_STATUS)) {
		main.h--;
		out->rect[PANE_ID_STATUS] = make_rect(0, main.h, width, 1);
		out->shown |= PANE_BIT(PANE_ID_STATUS);
	}
	if (wanted & PANE_BIT(PANE_ID_TIMELINE)) {
		main.h--;
		out->rect[PANE_ID_TIMELINE] = make_rect(0, main.h, width, 1);
		out->shown |= PANE_BIT(PANE_ID_TIMELINE);
	}
	out->main = main;

	if (zoom >= 0 && zoom < PANE_ID_COUNT && zoom != PANE_ID_TIMELINE &&
	    zoom != PANE_ID_STATUS && (wanted & PANE_BIT(zoom))) {
		out->zoom = zoom;
		out->rect[zoom] = main;
		out->shown |= PANE_BIT(zoom);
		return;
	}

	for (id = 0; id < PANE_ID_COUNT; id++)
		if ((wanted & PANE_MODEL_MASK & PANE_BIT(id)))
			ids[n++] = id;
	/* The frame map (the replacement exercise) goes before the page
	 * table: it is placed first and dropped last. */
	for (id = 0; id + 1 < n; id++) {
		if (ids[id] == PANE_ID_PAGETABLE &&
		    ids[id + 1] == PANE_ID_FRAMES) {
			ids[id] = PANE_ID_FRAMES;
			ids[id + 1] = PANE_ID_PAGETABLE;
		}
	}

	models = main;
	if (narration && n == 0) {
		out->rect[PANE_ID_NARRATION] = main;
		out->shown |= PANE_BIT(PANE_ID_NARRATION);
		return;
	}
	if (narration && width >= LAYOUT_WIDE_WIDTH) {
		/* A lone model pane needs no more than 100 columns. */
		int w = n == 1 ? clamp(width - 100, 40, width / 2)
			       : clamp(width * 2 / 5, 40, 70);
		models.w -= w;
		out->rect[PANE_ID_NARRATION] =
			make_rect(models.w, main.y, w, main.h);
		out->shown |= PANE_BIT(PANE_ID_NARRATION);
	} else if (narration) {
		int h = clamp((main.h + 1) / 2 - 1, 4, 16);
		models.h -= h;
		out->rect[PANE_ID_NARRATION] =
			make_rect(main.x, models.h, width, h);
		out->shown |= PANE_BIT(PANE_ID_NARRATION);
	}
	place_models(out, models, ids, n);
}

bool layout_shown(const struct layout *l, int id)
{
	return id >= 0 && id < PANE_ID_COUNT && (l->shown & PANE_BIT(id));
}
