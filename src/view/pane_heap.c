/*
 * pane_heap.c: the heap, drawn from the heap model (read only).  The rows
 * are gathered in pane_heap_rows.c; this file draws them.
 *
 * From the top: a strip of the whole heap, one cell per column, lowest
 * address on the left (data, header and padding of allocated blocks, free
 * blocks, slab slots, each with its own character so it reads without
 * colour); under it the owner names (and sizes where they fit); the
 * totals (in use, free, largest free block); external and internal
 * fragmentation; the free list in its order (by size for buddy).  Below
 * these fixed rows, a scrolling list: the slab caches, one line per block
 * (address, size, state, owner, bytes asked for and wasted), highest
 * address at the top as in the stack pane, then the pointers into the
 * heap held by stack locals, and names left dangling by free.
 *
 * Every block gets at least one column of the strip while there are no
 * more blocks than columns (the strip is then not to scale); with more
 * blocks than columns each column stands for the same number of bytes.
 *
 * What the current step (or micro-step) changed is drawn in ROLE_CHANGED
 * (ROLE_ERROR for a memory error) with a star (a cross) before the owner
 * name and the list row, so it shows without colour too.  The list is
 * anchored at the bottom like the stack pane; what does not fit is counted
 * on the bottom border ("3 more blocks above").  Any size down to 0x0 is
 * drawn without overflowing the pane.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/engine.h"
#include "core/heap.h"
#include "core/machine.h"
#include "core/stack.h"
#include "core/util.h"
#include "view/pane.h"
#include "view/view.h"
#include "pane_heap_impl.h"

/*
 * Draw the first of n variants that fits between x and the right edge of
 * r; the last one is cut to fit if none does.  Returns the x after it.
 */
static int draw_variant(struct canvas *c, struct rect r, int x, int y,
			struct style st, const char *const *variants, int n)
{
	int i;

	for (i = 0; i < n - 1; i++)
		if (x + canvas_text_width(variants[i]) <= r.w)
			return canvas_text(c, r, x, y, st, variants[i]);
	return x + canvas_text_fit(c, r, x, y, r.w - x, st, variants[n - 1]);
}

/* ---- the strip ---- */

static uint32_t cell_glyph(bool ascii, enum cell_kind k)
{
	static const uint32_t utf8[CELL_COUNT] = {
		[CELL_FREE] = 0x2591,      /* light shade */
		[CELL_DATA] = 0x2588,      /* full block */
		[CELL_HEADER] = 0x2593,    /* dark shade */
		[CELL_PADDING] = 0x2592,   /* medium shade */
		[CELL_SLOT_FREE] = 0x2581, /* lower eighth */
	};
	static const char plain[CELL_COUNT] = {
		[CELL_FREE] = '.', [CELL_DATA] = '#', [CELL_HEADER] = 'h',
		[CELL_PADDING] = 'p', [CELL_SLOT_FREE] = '_',
	};

	return ascii ? (uint32_t)plain[k] : utf8[k];
}

static struct style cell_style(enum cell_kind k)
{
	switch (k) {
	case CELL_FREE:
	case CELL_SLOT_FREE:
		return STYLE(ROLE_HEAP_FREE, 0);
	case CELL_DATA:
		return STYLE(ROLE_HEAP_USED, 0);
	default:
		return STYLE(ROLE_HEAP_USED, 0);
	}
}

/*
 * What column j of a block's n columns shows: header first, padding last
 * (each at least one column when the block has room for data besides),
 * data between; a slab's columns follow its slots.
 */
static enum cell_kind block_cell(const struct hview *v,
				 const struct heap_block *b, int j, int n)
{
	const struct heap *h = v->h;
	uint64_t hdr = h->cfg.header_bytes, waste, pad;
	int hc = 0, pc = 0;

	if (b->state == HEAP_BLOCK_FREE)
		return CELL_FREE;
	if (hdr > b->size)
		hdr = b->size;
	if (hdr && n >= 2) {
		hc = (int)((uint64_t)n * hdr / b->size);
		hc = hc < 1 ? 1 : hc;
	}
	if (j < hc)
		return CELL_HEADER;
	if (b->state == HEAP_BLOCK_SLAB) {
		const struct heap_slab *sl = &h->slabs[b->slab];
		uint32_t per = h->caches[sl->cache].per_slab, k, k0, k1;
		int m = n - hc;

		/* Columns hc.. cover the slots; a column shows data if any
		 * of its slots is in use. */
		k0 = (uint32_t)((uint64_t)(j - hc) * per / (uint64_t)m);
		k1 = (uint32_t)((uint64_t)(j - hc + 1) * per / (uint64_t)m);
		if (k1 <= k0)
			k1 = k0 + 1;
		for (k = k0; k < k1 && k < per; k++)
			if (heap_slab_slot(h, b->slab, k)->owner != SYM_NONE)
				return CELL_DATA;
		return CELL_SLOT_FREE;
	}
	waste = b->size - (b->req < b->size ? b->req : b->size);
	pad = waste > hdr ? waste - hdr : 0;
	if (pad && n - hc >= 2) {
		pc = (int)(((uint64_t)n * pad + b->size / 2) / b->size);
		pc = pc > n - hc - 1 ? n - hc - 1 : pc;
	}
	return j >= n - pc ? CELL_PADDING : CELL_DATA;
}

/*
 * Column starts of each block (start[n] = w) when every block gets at
 * least one column: the other columns are shared by size.
 */
static void strip_starts(const struct hview *v, int w, int *start)
{
	uint64_t total = v->t.size ? v->t.size : 1, before = 0;
	uint64_t extra = (uint64_t)(w - (int)v->n);
	size_t k;

	for (k = 0; k < v->n; k++) {
		start[k] = (int)k + (int)((extra * before + total / 2) / total);
		before += heap_block(v->h, v->blk[k])->size;
	}
	start[v->n] = w;
}

static struct style mark_style(enum mark m)
{
	return m == MARK_ERROR ? STYLE(ROLE_ERROR, ATTR_BOLD)
			       : STYLE(ROLE_CHANGED, ATTR_BOLD);
}

static enum glyph mark_glyph(enum mark m)
{
	return m == MARK_ERROR ? GLYPH_CROSS : GLYPH_CHANGED;
}

/* The label under block k: name (and size), or a free block's size. */
static void draw_label(struct pane_ctx *pc, const struct hview *v, int y,
		       size_t k, int x, int span)
{
	struct canvas *c = pc->canvas;
	struct rect r = pc->inner;
	const struct heap_block *b = heap_block(v->h, v->blk[k]);
	enum mark m = (enum mark)v->mark[k];
	struct style st = m ? mark_style(m) : STYLE(ROLE_NORMAL, 0);
	const char *name = hv_owner_name(v, b);
	char size[32], full[64];
	const char *variants[3];
	int room = k + 1 < v->n ? span - 1 : span, i;

	if (m) {
		canvas_put_glyph(c, r, x, y, mark_glyph(m), st);
		x++;
		room--;
	}
	if (room <= 0)
		return;
	hv_fmt_size(size, sizeof size, b->size);
	if (b->state == HEAP_BLOCK_FREE) {
		snprintf(full, sizeof full, "%s free", size);
		variants[0] = full;
		variants[1] = size;
		st = m ? st : STYLE(ROLE_DIM, 0);
	} else {
		snprintf(full, sizeof full, "%s %s", name, size);
		variants[0] = full;
		variants[1] = name;
	}
	for (i = 0; i < 2; i++) {
		if (canvas_text_width(variants[i]) <= room) {
			canvas_text(c, r, x, y, st, variants[i]);
			return;
		}
	}
	if (b->state != HEAP_BLOCK_FREE && room >= 2)
		canvas_text_fit(c, r, x, y, room, st, name);
	else if (b->state != HEAP_BLOCK_FREE && *name) {
		uint32_t cp;
		canvas_textn(c, r, x, y, st, name,
			     canvas_utf8_decode(name, strlen(name), &cp));
	}
}

/* The strip on row y and, when labels >= 0, the labels on that row. */
static void draw_strip(struct pane_ctx *pc, const struct hview *v, int y,
		       int labels)
{
	struct canvas *c = pc->canvas;
	struct rect r = pc->inner;
	int w = r.w, col;
	size_t k;

	if (w <= 0 || v->n == 0)
		return;
	if (v->n <= (size_t)w) {
		int *start = xcalloc(v->n + 1, sizeof *start);

		strip_starts(v, w, start);
		for (k = 0; k < v->n; k++) {
			const struct heap_block *b = heap_block(v->h, v->blk[k]);
			int span = start[k + 1] - start[k];

			for (col = 0; col < span; col++) {
				enum cell_kind ck = block_cell(v, b, col, span);
				struct style st = cell_style(ck);

				if (v->mark[k])
					st = mark_style((enum mark)v->mark[k]);
				canvas_set(c, r.x + start[k] + col, r.y + y,
					   cell_glyph(v->ascii, ck), st);
			}
			if (labels >= 0)
				draw_label(pc, v, labels, k, start[k], span);
		}
		free(start);
		return;
	}
	/* More blocks than columns: each column is the same number of
	 * bytes and shows the block at its middle. */
	k = 0;
	for (col = 0; col < w; col++) {
		uint64_t lo = v->h->cfg.base + v->t.size * (uint64_t)col / (uint64_t)w;
		uint64_t hi = v->h->cfg.base +
			      v->t.size * (uint64_t)(col + 1) / (uint64_t)w;
		uint64_t mid = lo + (hi - lo) / 2;
		enum mark m = MARK_NONE;
		size_t j;
		const struct heap_block *b;
		enum cell_kind ck;
		struct style st;

		while (k + 1 < v->n && heap_block(v->h, v->blk[k + 1])->addr <= mid)
			k++;
		for (j = k; j < v->n && heap_block(v->h, v->blk[j])->addr < hi; j++)
			if (v->mark[j] > m)
				m = (enum mark)v->mark[j];
		for (j = k; j-- > 0 &&
			    heap_block(v->h, v->blk[j])->addr +
					    heap_block(v->h, v->blk[j])->size > lo;)
			if (v->mark[j] > m)
				m = (enum mark)v->mark[j];
		b = heap_block(v->h, v->blk[k]);
		ck = block_cell(v, b, 0, 1);
		st = m ? mark_style(m) : cell_style(ck);
		canvas_set(c, r.x + col, r.y + y, cell_glyph(v->ascii, ck), st);
		if (m && labels >= 0)
			canvas_put_glyph(c, r, col, labels, mark_glyph(m), st);
	}
	if (labels >= 0) {
		char scale[64];

		snprintf(scale, sizeof scale, "%zu blocks, 1 column = %" PRIu64
			 " B", v->n, v->t.size / (uint64_t)w);
		if (canvas_text_width(scale) + 2 <= w)
			canvas_text(c, r, w - canvas_text_width(scale), labels,
				    STYLE(ROLE_DIM, 0), scale);
	}
}

/* ---- fixed rows ---- */

/* The legend's entries: what each strip character means. */
static const struct {
	enum cell_kind k;
	const char *word;
} legend_items[] = {
	{ CELL_DATA, "data" },
	{ CELL_HEADER, "header" },
	{ CELL_PADDING, "padding" },
	{ CELL_FREE, "free" },
	{ CELL_SLOT_FREE, "free slot" },
};

static bool legend_has(const struct hview *v, enum cell_kind k)
{
	if (k == CELL_HEADER)
		return v->h->cfg.header_bytes != 0;
	if (k == CELL_SLOT_FREE)
		return v->h->ncaches != 0;
	if (k == CELL_PADDING)
		return v->has_padding;
	return true;
}

/*
 * Draw the legend at (x, y) of r when draw is set ("# data  h header ...
 * * changed"); returns its width either way.
 */
static int legend(struct pane_ctx *pc, const struct hview *v, struct rect r,
		  int x, int y, bool draw)
{
	struct canvas *c = pc->canvas;
	struct style dim = STYLE(ROLE_DIM, 0);
	int x0 = x;
	size_t i;

	for (i = 0; i < sizeof legend_items / sizeof legend_items[0]; i++) {
		if (!legend_has(v, legend_items[i].k))
			continue;
		if (draw) {
			canvas_set(c, r.x + x, r.y + y,
				   cell_glyph(v->ascii, legend_items[i].k),
				   cell_style(legend_items[i].k));
			canvas_text(c, r, x + 1, y, dim, " ");
			canvas_text(c, r, x + 2, y, dim, legend_items[i].word);
			canvas_text(c, r, x + 2 + (int)strlen(legend_items[i].word),
				    y, dim, "  ");
		}
		x += 2 + (int)strlen(legend_items[i].word) + 2;
	}
	if (draw) {
		canvas_put_glyph(c, r, x, y, GLYPH_CHANGED,
				 STYLE(ROLE_CHANGED, ATTR_BOLD));
		canvas_text(c, r, x + 1, y, dim, " changed");
	}
	return x + 9 - x0;
}

static void draw_totals(struct pane_ctx *pc, const struct hview *v, int y)
{
	char used[32], fr[32], big[32], l0[160], l1[160], l2[160], l3[160];
	const char *variants[4] = { l0, l1, l2, l3 };

	hv_fmt_size(used, sizeof used, v->t.in_use);
	hv_fmt_size(fr, sizeof fr, v->t.free);
	hv_fmt_size(big, sizeof big, v->t.largest_free);
	snprintf(l0, sizeof l0, "in use %s, free %s, largest free block %s",
		 used, fr, big);
	snprintf(l1, sizeof l1, "in use %s, free %s, largest %s", used, fr,
		 big);
	snprintf(l2, sizeof l2, "used %s free %s largest %s", used, fr, big);
	snprintf(l3, sizeof l3, "used %s free %s", used, fr);
	draw_variant(pc->canvas, pc->inner, 0, y, STYLE(ROLE_NORMAL, 0),
		     variants, 4);
}

/*
 * Totals and fragmentation on one row, for when rows are short: into buf;
 * returns its width.
 */
static int summary_text(const struct hview *v, char *buf, size_t n)
{
	char used[32], fr[32], big[32], waste[32];

	hv_fmt_size(used, sizeof used, v->t.in_use);
	hv_fmt_size(fr, sizeof fr, v->t.free);
	hv_fmt_size(big, sizeof big, v->t.largest_free);
	hv_fmt_size(waste, sizeof waste, v->t.wasted);
	snprintf(buf, n,
		 "in use %s, free %s, largest %s, external frag. %d%%, "
		 "internal %s",
		 used, fr, big, hv_percent(v->t.external), waste);
	return canvas_text_width(buf);
}

static void draw_fragmentation(struct pane_ctx *pc, const struct hview *v,
			       int y)
{
	char waste[32], l0[160], l1[128], l2[128], l3[64];
	const char *variants[4] = { l0, l1, l2, l3 };
	int ext = hv_percent(v->t.external), in = hv_percent(v->t.internal);
	char big[32], fr[32];

	hv_fmt_size(waste, sizeof waste, v->t.wasted);
	hv_fmt_size(big, sizeof big, v->t.largest_free);
	hv_fmt_size(fr, sizeof fr, v->t.free);
	if (v->t.free)
		snprintf(l0, sizeof l0,
			 "fragmentation: external %d%% (1 - %s / %s), "
			 "internal %s (%d%% of in use)",
			 ext, big, fr, waste, in);
	else
		snprintf(l0, sizeof l0,
			 "fragmentation: external 0%% (nothing free), "
			 "internal %s (%d%% of in use)",
			 waste, in);
	snprintf(l1, sizeof l1, "fragmentation: external %d%%, internal %s",
		 ext, waste);
	snprintf(l2, sizeof l2, "frag: external %d%%, internal %s", ext,
		 waste);
	snprintf(l3, sizeof l3, "ext frag %d%% int %s", ext, waste);
	draw_variant(pc->canvas, pc->inner, 0, y, STYLE(ROLE_NORMAL, 0),
		     variants, 4);
}

/* One item of the free-list line. */
struct fitem {
	char text[80];
	bool group; /* a size heading ("4K:") of the buddy lists */
};

static int cmp_by_size_desc(const void *a, const void *b, const struct heap *h)
{
	const struct heap_block *x = heap_block(h, *(const uint32_t *)a);
	const struct heap_block *y = heap_block(h, *(const uint32_t *)b);

	if (x->size != y->size)
		return x->size > y->size ? -1 : 1;
	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* Insertion sort (free lists are short; qsort has no context). */
static void sort_by_size(uint32_t *a, size_t n, const struct heap *h)
{
	size_t i, j;

	for (i = 1; i < n; i++) {
		uint32_t t = a[i];
		for (j = i; j > 0 && cmp_by_size_desc(&a[j - 1], &t, h) > 0; j--)
			a[j] = a[j - 1];
		a[j] = t;
	}
}

/* The free list as items; the caller frees. */
static struct fitem *free_items(const struct hview *v, size_t *count,
				size_t *nblocks)
{
	const struct heap *h = v->h;
	struct fitem *it = NULL;
	uint32_t *fb = NULL, i;
	size_t n = 0, cap = 0, nf = 0, fcap = 0, k;
	char a[32], s[32];

	for (i = heap_free_first(h); i != HEAP_NIL; i = heap_free_next(h, i)) {
		fb = xgrow(fb, &fcap, nf + 1, sizeof *fb);
		fb[nf++] = i;
	}
	if (h->cfg.policy == HEAP_BUDDY)
		sort_by_size(fb, nf, h);
	for (k = 0; k < nf; k++) {
		const struct heap_block *b = heap_block(h, fb[k]);

		hv_fmt_addr(a, sizeof a, v, b->addr);
		hv_fmt_size(s, sizeof s, b->size);
		if (h->cfg.policy == HEAP_BUDDY &&
		    (k == 0 || heap_block(h, fb[k - 1])->size != b->size)) {
			it = xgrow(it, &cap, n + 1, sizeof *it);
			snprintf(it[n].text, sizeof it[n].text, "%s:", s);
			it[n++].group = true;
		}
		it = xgrow(it, &cap, n + 1, sizeof *it);
		if (h->cfg.policy == HEAP_BUDDY)
			snprintf(it[n].text, sizeof it[n].text, "%s", a);
		else
			snprintf(it[n].text, sizeof it[n].text, "%s %s", a, s);
		it[n++].group = false;
	}
	free(fb);
	*count = n;
	*nblocks = nf;
	return it;
}

/* Where an item of the free-list line goes. */
struct fplace {
	int line, x;
	bool lead; /* a continuation line starts with it: no separator */
};

/* The separator drawn before item k. */
static const char *item_sep(const struct hview *v, const struct fitem *it,
			    size_t k, char *buf, size_t n)
{
	if (k == 0)
		return "";
	if (it[k].group)
		return "; ";
	if (it[k - 1].group)
		return " ";
	if (v->h->cfg.policy == HEAP_BUDDY)
		return ", ";
	snprintf(buf, n, " %s ", hv_arrow(v));
	return buf;
}

/*
 * Place the free-list items on lines of width w after a label of x0
 * columns; continuation lines are indented by 2 and start with the arrow.
 * Returns the lines needed.
 */
static int place_items(const struct hview *v, const struct fitem *it,
		       size_t n, int w, int x0, struct fplace *pl)
{
	int x = x0, line = 0;
	size_t k;
	char buf[8];

	for (k = 0; k < n; k++) {
		const char *sep = item_sep(v, it, k, buf, sizeof buf);
		int tw = canvas_text_width(it[k].text);

		pl[k].lead = false;
		if (x + canvas_text_width(sep) + tw > w && k > 0) {
			line++;
			x = 2;
			pl[k].lead = true;
			if (sep[0] == ' ' && sep[1] != '\0')
				x += canvas_text_width(sep + 1);
			pl[k].x = x;
			pl[k].line = line;
			x += tw;
			continue;
		}
		pl[k].x = x + canvas_text_width(sep);
		pl[k].line = line;
		x = pl[k].x + tw;
	}
	return line + 1;
}

/*
 * The free list on rows y .. y + rows - 1, in its order (buddy: grouped
 * by block size), cut with "+N more" when it does not fit; with draw
 * false, only returns the rows the whole list needs.
 */
static int flow_free_list(struct pane_ctx *pc, const struct hview *v, int y,
			  int rows, bool draw)
{
	struct canvas *c = pc->canvas;
	struct rect r = pc->inner;
	const char *label = v->h->cfg.policy == HEAP_BUDDY
				    ? "free lists by size: "
				    : "free list: ";
	size_t n, nblocks, k, shown = 0, cut;
	struct fitem *it;
	struct fplace *pl;
	int lines, x0;
	char buf[8], more[32];

	if (r.w < 30)
		label = "free: ";
	x0 = canvas_text_width(label);
	it = free_items(v, &n, &nblocks);
	pl = xcalloc(n + 1, sizeof *pl);
	lines = place_items(v, it, n, r.w, x0, pl);
	if (!draw || rows <= 0) {
		free(it);
		free(pl);
		return lines;
	}
	canvas_text(c, r, 0, y, STYLE(ROLE_DIM, 0), label);
	if (n == 0)
		canvas_text_fit(c, r, x0, y, r.w - x0, STYLE(ROLE_DIM, 0),
				"empty (no free block)");
	/* Cut: drop items from the end until "+N more" fits. */
	cut = n;
	if (lines > rows) {
		for (cut = 0; cut < n && pl[cut].line < rows; cut++)
			;
		for (;;) {
			size_t hidden = 0;
			int end;

			for (k = cut; k < n; k++)
				hidden += !it[k].group;
			snprintf(more, sizeof more, " +%zu more", hidden);
			end = cut ? pl[cut - 1].x +
					    canvas_text_width(it[cut - 1].text)
				  : x0;
			if (cut == 0 || (pl[cut - 1].line == rows - 1 &&
					 end + canvas_text_width(more) <= r.w) ||
			    pl[cut - 1].line < rows - 1)
				break;
			cut--;
		}
		/* A size heading never ends the line. */
		while (cut > 0 && it[cut - 1].group)
			cut--;
	}
	for (k = 0; k < cut; k++) {
		const char *sep = item_sep(v, it, k, buf, sizeof buf);
		int sx;

		if (pl[k].lead && sep[0] == ' ' && sep[1] != '\0')
			canvas_text(c, r, 2, y + pl[k].line, STYLE(ROLE_DIM, 0),
				    sep + 1);
		else if (!pl[k].lead) {
			sx = pl[k].x - canvas_text_width(sep);
			canvas_text(c, r, sx, y + pl[k].line, STYLE(ROLE_DIM, 0),
				    sep);
		}
		canvas_text(c, r, pl[k].x, y + pl[k].line,
			    it[k].group ? STYLE(ROLE_NORMAL, ATTR_BOLD)
					: STYLE(ROLE_HEAP_FREE, 0),
			    it[k].text);
		shown += !it[k].group;
	}
	if (cut < n) {
		int line = cut ? pl[cut - 1].line : 0;
		int end = cut ? pl[cut - 1].x + canvas_text_width(it[cut - 1].text)
			      : x0;

		snprintf(more, sizeof more, " +%zu more", nblocks - shown);
		canvas_text_fit(c, r, end, y + line, r.w - end,
				STYLE(ROLE_DIM, ATTR_BOLD), more);
	}
	free(it);
	free(pl);
	return lines;
}

/* ---- list rows ---- */

/* Column positions of the block list. */
struct columns {
	int mark, glyph, addr, size, size_w, state, owner, detail;
};

/* Columns for width w; with headings, the address column fits its own. */
static struct columns plan_columns(const struct hview *v, int w, bool heading)
{
	struct columns col;
	int addr_w = v->addr_digits + 2;

	col.mark = 0;
	col.glyph = w >= 50 ? 2 : -1;
	col.addr = col.glyph >= 0 ? 4 : 2;
	col.size = col.addr + (heading && addr_w < 7 ? 7 : addr_w) + 2;
	col.size_w = v->size_w;
	col.state = col.size + v->size_w + 2;
	col.owner = col.state + 6;
	col.detail = col.owner + v->owner_w + 2;
	if (col.detail + 6 > w)
		col.detail = col.owner + v->owner_w + 1;
	return col;
}

static void draw_heading(struct pane_ctx *pc, const struct columns *col,
			 int y)
{
	struct canvas *c = pc->canvas;
	struct rect r = pc->inner;
	struct style st = STYLE(ROLE_DIM, ATTR_UNDERLINE);

	canvas_text(c, r, col->addr, y, st, "address");
	canvas_text(c, r, col->size + col->size_w - 4, y, st, "size");
	canvas_text(c, r, col->state, y, st, "state");
	if (col->owner + 5 < col->detail)
		canvas_text(c, r, col->owner, y, st, "owner");
	canvas_text(c, r, col->detail, y, st, "detail");
}

/* Buddy order of a block: log2(size / min). */
static int buddy_order(const struct heap *h, uint64_t size)
{
	uint64_t min = h->cfg.buddy_min ? h->cfg.buddy_min : 1;
	int o = 0;

	while (min < size) {
		min <<= 1;
		o++;
	}
	return o;
}

/* The detail text of a slab block: fill and the objects by slot. */
static void slab_detail(const struct hview *v, const struct heap_block *b,
			char *buf, size_t n)
{
	const struct heap *h = v->h;
	const struct heap_slab *sl = &h->slabs[b->slab];
	uint32_t per = h->caches[sl->cache].per_slab, k;
	size_t len;

	snprintf(buf, n, "%s %u/%u:",
		 sl->used == per ? "full" : sl->used ? "partial" : "empty",
		 sl->used, per);
	for (k = 0; k < per; k++) {
		const struct heap_slot *s = heap_slab_slot(h, b->slab, k);
		len = strlen(buf);
		if (len + 2 >= n)
			break;
		snprintf(buf + len, n - len, " %s",
			 s->owner == SYM_NONE ? "-" : program_name(v->p, s->owner));
	}
}

/* The detail of an allocated block: bytes asked for and wasted. */
static void used_detail(const struct hview *v, size_t k, char (*d)[128])
{
	const struct heap *h = v->h;
	const struct heap_block *b = heap_block(h, v->blk[k]);
	uint64_t waste = heap_block_waste(h, v->blk[k]);
	uint64_t hb = h->cfg.header_bytes < waste ? h->cfg.header_bytes : waste;
	char asked[32], wasted[32], hdr[32], pad[32], ord[24] = "";

	if (b->orphan) {
		snprintf(d[0], 128, "leaked: %s now points elsewhere",
			 hv_owner_name(v, b));
		snprintf(d[1], 128, "leaked");
		snprintf(d[2], 128, "leaked");
		snprintf(d[3], 128, "leak");
		return;
	}
	hv_fmt_size(asked, sizeof asked, b->req);
	hv_fmt_size(wasted, sizeof wasted, waste);
	hv_fmt_size(hdr, sizeof hdr, hb);
	hv_fmt_size(pad, sizeof pad, waste - hb);
	if (h->cfg.policy == HEAP_BUDDY) {
		snprintf(ord, sizeof ord, "order %d; ",
			 buddy_order(h, b->size));
		snprintf(d[0], 128,
			 "%sasked %s, %s wasted (internal fragmentation)", ord,
			 asked, wasted);
	} else if (hb && waste > hb) {
		snprintf(d[0], 128, "asked %s; header %s + padding %s wasted",
			 asked, hdr, pad);
	} else if (hb) {
		snprintf(d[0], 128, "asked %s; header %s wasted", asked, hdr);
	} else {
		snprintf(d[0], 128, "asked %s; padding %s wasted", asked,
			 wasted);
	}
	snprintf(d[1], 128, "%sasked %s, %s wasted", ord, asked, wasted);
	snprintf(d[2], 128, "asked %s, %s wasted", asked, wasted);
	snprintf(d[3], 128, "asked %" PRIu64, b->req);
}

static void draw_block_row(struct pane_ctx *pc, const struct hview *v,
			   const struct columns *col, size_t k, int y)
{
	const struct heap *h = v->h;
	const struct heap_block *b = heap_block(h, v->blk[k]);
	struct canvas *c = pc->canvas;
	struct rect r = pc->inner;
	char a[32], s[32], d[4][128];
	const char *variants[5] = { d[0], d[1], d[2], d[3], "" };
	bool is_free = b->state == HEAP_BLOCK_FREE;
	struct style owner_st = STYLE(ROLE_NORMAL, ATTR_BOLD);
	struct style detail_st = STYLE(ROLE_DIM, 0);
	const char *owner = hv_owner_name(v, b);
	int x;

	if (col->glyph >= 0)
		canvas_set(c, r.x + col->glyph, r.y + y,
			   cell_glyph(v->ascii, is_free ? CELL_FREE : CELL_DATA),
			   cell_style(is_free ? CELL_FREE : CELL_DATA));
	hv_fmt_addr(a, sizeof a, v, b->addr);
	canvas_text(c, r, col->addr, y, STYLE(ROLE_DIM, 0), a);
	hv_fmt_size(s, sizeof s, b->size);
	canvas_text(c, r, col->size + v->size_w - canvas_text_width(s), y,
		    STYLE(ROLE_NORMAL, 0), s);
	canvas_text(c, r, col->state, y,
		    STYLE(is_free ? ROLE_HEAP_FREE : ROLE_HEAP_USED, 0),
		    hv_state_word(b));
	if (b->state == HEAP_BLOCK_USED && b->orphan) {
		owner_st = STYLE(ROLE_ERROR, ATTR_BOLD);
		detail_st = STYLE(ROLE_ERROR, 0);
	}
	x = col->owner;
	if (*owner)
		x += canvas_text_fit(c, r, col->owner, y,
				     col->detail - col->owner - 1, owner_st,
				     owner);
	memset(d, 0, sizeof d);
	if (is_free) {
		if (h->cfg.policy == HEAP_BUDDY)
			snprintf(d[0], sizeof d[0], "order %d",
				 buddy_order(h, b->size));
		else if (h->cfg.policy == HEAP_NEXT_FIT &&
			 h->rover >= b->addr && h->rover - b->addr < b->size)
			snprintf(d[0], sizeof d[0], "next search starts here");
		variants[1] = variants[2] = variants[3] = d[0];
	} else if (b->state == HEAP_BLOCK_SLAB) {
		slab_detail(v, b, d[0], sizeof d[0]);
		variants[1] = variants[2] = variants[3] = d[0];
	} else {
		used_detail(v, k, d);
	}
	draw_variant(c, r, col->detail > x ? col->detail : x + 1, y,
		     detail_st, variants, 5);
}

/* "list", "list+8", "i3 (slab inode)", "a free block": what addr is in. */
static void target_text(const struct hview *v, uint64_t addr, char *buf,
			size_t n, bool *bad)
{
	const struct heap *h = v->h;
	size_t pos = hv_find_block(v, addr);
	const struct heap_block *b;
	uint64_t user;

	*bad = false;
	if (pos >= v->n) {
		snprintf(buf, n, "outside every block");
		*bad = true;
		return;
	}
	b = heap_block(h, v->blk[pos]);
	if (b->state == HEAP_BLOCK_FREE) {
		snprintf(buf, n, "a free block: dangling");
		*bad = true;
		return;
	}
	if (b->state == HEAP_BLOCK_SLAB) {
		const struct heap_slab *sl = &h->slabs[b->slab];
		uint64_t first = heap_slab_obj_addr(h, b->slab, 0);
		uint64_t obj = h->caches[sl->cache].obj_size;
		uint64_t k = addr >= first && obj ? (addr - first) / obj : 0;
		const struct heap_slot *s;

		if (addr < first || k >= h->caches[sl->cache].per_slab) {
			snprintf(buf, n, "slab %s",
				 program_name(v->p, h->caches[sl->cache].name));
			return;
		}
		s = heap_slab_slot(h, b->slab, (uint32_t)k);
		if (s->owner == SYM_NONE) {
			snprintf(buf, n, "a free slot: dangling");
			*bad = true;
			return;
		}
		user = heap_slab_obj_addr(h, b->slab, (uint32_t)k);
		if (addr == user)
			snprintf(buf, n, "%s", program_name(v->p, s->owner));
		else
			snprintf(buf, n, "%s+%" PRIu64,
				 program_name(v->p, s->owner), addr - user);
		return;
	}
	user = b->addr + h->cfg.header_bytes;
	if (addr == user)
		snprintf(buf, n, "%s", hv_owner_name(v, b));
	else if (addr > user)
		snprintf(buf, n, "%s+%" PRIu64, hv_owner_name(v, b), addr - user);
	else
		snprintf(buf, n, "%s's header", hv_owner_name(v, b));
}

static void draw_pointer_row(struct pane_ctx *pc, const struct hview *v,
			     const struct row *row, int y)
{
	struct canvas *c = pc->canvas;
	struct rect r = pc->inner;
	const char *name, *func = NULL;
	uint64_t addr = 0;
	char a[32], tgt[128], l0[256], l1[160];
	const char *variants[2] = { l0, l1 };
	bool bad;
	int x = 2;

	if (row->kind == ROW_POINTER) {
		const struct stack_frame *fr = &v->st->frames[row->frame];
		const struct stack_slot *sl = &v->st->slots[fr->slot0 + row->index];

		hv_slot_points(v, sl, &addr);
		name = program_name(v->p, sl->name);
		func = program_name(v->p, fr->func);
		target_text(v, addr, tgt, sizeof tgt, &bad);
	} else {
		const struct heap_name *hn = heap_name(v->h, (uint32_t)row->index);
		size_t pos;

		name = program_name(v->p, (uint32_t)row->index);
		addr = hn->addr;
		pos = hv_find_block(v, addr);
		bad = true;
		if (pos < v->n &&
		    heap_block(v->h, v->blk[pos])->state != HEAP_BLOCK_FREE) {
			char in[48];
			target_text(v, addr, in, sizeof in, &bad);
			snprintf(tgt, sizeof tgt, "freed; now inside %s", in);
			bad = true;
		} else {
			snprintf(tgt, sizeof tgt, "freed: dangling");
		}
	}
	hv_fmt_addr(a, sizeof a, v, addr);
	x = canvas_text(c, r, x, y, STYLE(ROLE_NORMAL, ATTR_BOLD), name);
	x = canvas_printf(c, r, x, y, STYLE(ROLE_POINTER, ATTR_BOLD), " %s ",
			  hv_arrow(v));
	x = canvas_text(c, r, x, y, STYLE(ROLE_DIM, 0), a);
	if (func)
		snprintf(l0, sizeof l0, " (%s)  local of %s()", tgt, func);
	else
		snprintf(l0, sizeof l0, " (%s)", tgt);
	snprintf(l1, sizeof l1, " (%s)", tgt);
	draw_variant(c, r, x, y,
		     bad ? STYLE(ROLE_ERROR, 0) : STYLE(ROLE_NORMAL, 0),
		     variants, 2);
}

static void draw_cache_row(struct pane_ctx *pc, const struct hview *v,
			   size_t ci, int y)
{
	const struct heap *h = v->h;
	const struct heap_cache *cc = &h->caches[ci];
	uint32_t full = 0, partial = 0, empty = 0, s;
	char obj[32], l0[160], l1[128], l2[96];
	const char *variants[3] = { l0, l1, l2 };
	int x;

	for (s = cc->first; s != HEAP_NIL; s = h->slabs[s].next) {
		if (h->slabs[s].used == cc->per_slab)
			full++;
		else if (h->slabs[s].used)
			partial++;
		else
			empty++;
	}
	hv_fmt_size(obj, sizeof obj, cc->obj_size);
	x = canvas_text(pc->canvas, pc->inner, 0, y, STYLE(ROLE_DIM, 0),
			"cache ");
	x = canvas_text(pc->canvas, pc->inner, x, y,
			STYLE(ROLE_NORMAL, ATTR_BOLD),
			program_name(v->p, cc->name));
	snprintf(l0, sizeof l0,
		 ": %s objects, %u per slab; slabs: %u full, %u partial, "
		 "%u empty",
		 obj, cc->per_slab, full, partial, empty);
	snprintf(l1, sizeof l1, ": %s x %u; %u full, %u partial, %u empty",
		 obj, cc->per_slab, full, partial, empty);
	snprintf(l2, sizeof l2, ": %u full %u partial %u empty", full, partial,
		 empty);
	draw_variant(pc->canvas, pc->inner, x, y, STYLE(ROLE_NORMAL, 0),
		     variants, 3);
}

/* ---- borders ---- */

/* The x after the title on the top border (its last non-line cell). */
static int title_end(const struct pane_ctx *pc)
{
	struct canvas *c = pc->canvas;
	uint32_t line = canvas_glyph(c, GLYPH_HLINE);
	int x;

	for (x = pc->area.w - 2; x > 0; x--) {
		const struct cell *cl = canvas_cell(c, pc->area.x + x, pc->area.y);
		if (cl && cl->ch != line)
			return x + 1;
	}
	return 1;
}

/* The policy and extent on the top border, right-aligned, if it fits. */
static void draw_top_border(struct pane_ctx *pc, const struct hview *v)
{
	const struct heap *h = v->h;
	char size[32], a0[32], a1[32], l0[128], l1[96], l2[64];
	const char *variants[3] = { l0, l1, l2 };
	const char *pol = heap_policy_names[h->cfg.policy];
	int room = pc->area.w - 2 - title_end(pc) - 1, i;

	if (pc->area.h < 2)
		return;
	hv_fmt_size(size, sizeof size, h->cfg.size_bytes);
	hv_fmt_addr(a0, sizeof a0, v, h->cfg.base);
	hv_fmt_addr(a1, sizeof a1, v, h->cfg.base + h->cfg.size_bytes);
	snprintf(l0, sizeof l0, " %s%s, %s at %s-%s ", pol,
		 h->cfg.coalesce || h->cfg.policy >= HEAP_BUDDY ? ""
								: " no coalescing",
		 size, a0, a1);
	snprintf(l1, sizeof l1, " %s%s, %s ", pol,
		 h->cfg.coalesce || h->cfg.policy >= HEAP_BUDDY ? ""
								: " no coalescing",
		 size);
	snprintf(l2, sizeof l2, " %s ", pol);
	for (i = 0; i < 3; i++) {
		int w = canvas_text_width(variants[i]);
		if (w <= room) {
			canvas_text(pc->canvas, pc->area, pc->area.w - 1 - w, 0,
				    STYLE(ROLE_TITLE, 0), variants[i]);
			return;
		}
	}
}

/* Count hidden rows by kind into "N more blocks, M pointers". */
static void describe_hidden(const struct hview *v, const struct row *rows,
			    size_t from, size_t to, char *buf, size_t n)
{
	size_t blocks = 0, ptrs = 0, caches = 0, changed = 0, i, len;

	buf[0] = '\0';
	for (i = from; i < to; i++) {
		if (rows[i].kind == ROW_BLOCK) {
			blocks++;
			changed += v->mark[rows[i].index] != MARK_NONE;
		}
		else if (rows[i].kind == ROW_POINTER || rows[i].kind == ROW_DANGLING)
			ptrs++;
		else if (rows[i].kind == ROW_CACHE)
			caches++;
	}
	if (blocks)
		snprintf(buf, n, "%zu more block%s%s", blocks,
			 blocks == 1 ? "" : "s", changed ? " (changed)" : "");
	len = strlen(buf);
	if (ptrs)
		snprintf(buf + len, n - len, "%s%zu %spointer%s", len ? ", " : "",
			 ptrs, len ? "" : "more ", ptrs == 1 ? "" : "s");
	len = strlen(buf);
	if (caches)
		snprintf(buf + len, n - len, "%s%zu %scache%s", len ? ", " : "",
			 caches, len ? "" : "more ", caches == 1 ? "" : "s");
}

/*
 * On the bottom border: what the window hides above and below, or the
 * legend when nothing is hidden and it fits.
 */
static void draw_bottom_border(struct pane_ctx *pc, const struct hview *v,
			       const struct row *rows, size_t nrows,
			       int first, int shown, bool legend_in_pane)
{
	struct canvas *c = pc->canvas;
	struct rect bottom = { pc->area.x + 1, pc->area.y + pc->area.h - 1,
			       pc->area.w - 2, 1 };
	char above[96], below[96], text[220];
	int last = first + shown;

	if (pc->area.h < 3 || bottom.w < 8)
		return;
	describe_hidden(v, rows, 0, first > 0 ? (size_t)first : 0, above,
			sizeof above);
	describe_hidden(v, rows, last < (int)nrows ? (size_t)last : nrows, nrows,
			below, sizeof below);
	if (above[0] || below[0]) {
		snprintf(text, sizeof text, " %s%s%s%s%s ", above,
			 above[0] ? " above" : "", above[0] && below[0] ? ", " : "",
			 below, below[0] ? " below" : "");
		if (canvas_text_width(text) > bottom.w - 1 && above[0] &&
		    !below[0] && strchr(above, ',')) {
			/* Name only the blocks. */
			*strchr(above, ',') = '\0';
			snprintf(text, sizeof text, " %s, more above ", above);
		}
		if (canvas_text_width(text) > bottom.w - 1)
			snprintf(text, sizeof text, " +%d row%s %s%s ",
				 first > 0 ? first : (int)nrows - last,
				 (first > 0 ? first : (int)nrows - last) == 1
					 ? ""
					 : "s",
				 first > 0 ? "above" : "below",
				 first > 0 && last < (int)nrows ? ", more below"
								: "");
		canvas_text_fit(c, bottom, 1, 0, bottom.w - 1,
				STYLE(ROLE_TITLE, ATTR_BOLD), text);
		return;
	}
	if (!legend_in_pane && legend(pc, v, bottom, 0, 0, false) + 4 <=
					bottom.w) {
		int w = legend(pc, v, bottom, 2, 0, true);
		canvas_text(c, bottom, 1, 0, STYLE(ROLE_DIM, 0), " ");
		canvas_text(c, bottom, 2 + w, 0, STYLE(ROLE_DIM, 0), " ");
	}
}

/* ---- the pane ---- */

/* Take one more fixed row if `min_list` rows are still left for the list. */
static bool take_row(int height, int *fixed, int min_list)
{
	if (height - *fixed - 1 < min_list)
		return false;
	(*fixed)++;
	return true;
}

void pane_heap_draw(struct pane_ctx *pc)
{
	const struct machine *m = pc->machine;
	struct canvas *c = pc->canvas;
	struct rect r = pc->inner;
	struct hview v;
	struct columns col;
	struct row *rows;
	size_t nrows, nlist, k;
	int y, first, list_h, fixed, strip_h, fl_rows = 0, need_fl, min_list;
	bool labels = false, totals = false, frag = false, freelist = false;
	bool show_legend = false, heading = false, merged = false;
	char sum[192];

	pc->scroll_max = 0;
	if (r.w <= 0 || r.h <= 0)
		return;
	memset(&v, 0, sizeof v);
	v.h = &m->heap;
	v.p = m->prog;
	v.st = &m->stack;
	v.ascii = c->ascii;
	if (v.h->cfg.size_bytes == 0 || heap_first(v.h) == HEAP_NIL) {
		canvas_text_fit(c, r, 0, 0, r.w, STYLE(ROLE_DIM, 0),
				"(no heap: this scenario has no heap directive)");
		return;
	}
	hv_gather(&v, pc);
	v.wide = r.w >= 70;
	draw_top_border(pc, &v);

	/* The rows to fit: which fixed rows, then the list gets the rest. */
	rows = hv_build_rows(&v, false, &nlist);
	min_list = nlist ? 1 : 0;
	fixed = 1;
	labels = take_row(r.h, &fixed, min_list);
	totals = take_row(r.h, &fixed, min_list);
	freelist = take_row(r.h, &fixed, min_list);
	fl_rows = freelist ? 1 : 0;
	frag = take_row(r.h, &fixed, min_list);
	/* Short of rows: totals and fragmentation share one if it fits. */
	if (totals && (!frag || r.h - fixed < (int)nlist) &&
	    summary_text(&v, sum, sizeof sum) <= r.w) {
		if (frag)
			fixed--;
		frag = false;
		merged = true;
	}
	need_fl = freelist ? flow_free_list(pc, &v, 0, 1000, false) : 0;
	while (freelist && fl_rows < need_fl && fl_rows < 4 &&
	       r.h - fixed - 1 >= (int)nlist) {
		fl_rows++;
		fixed++;
	}
	if (r.h - fixed - 1 >= (int)nlist + 1 && r.h >= 14 &&
	    legend(pc, &v, r, 0, 0, false) <= r.w) {
		show_legend = true;
		fixed++;
	}
	if (r.h - fixed - 1 >= (int)nlist && r.h >= 10 && r.w >= 40)
		heading = true;
	if (heading) {
		free(rows);
		rows = hv_build_rows(&v, true, &nrows);
	} else {
		nrows = nlist;
	}

	/* Draw the fixed rows. */
	/* Spare rows make the strip taller (projectors). */
	strip_h = r.h - fixed - (int)nrows - 2;
	strip_h = strip_h < 1 ? 1 : strip_h > 3 ? 3 : strip_h;
	for (y = 0; y < strip_h; y++)
		draw_strip(pc, &v, y, labels && y == 0 ? strip_h : -1);
	y = strip_h + (labels ? 1 : 0);
	if (show_legend)
		legend(pc, &v, r, 0, y++, true);
	if (merged) {
		summary_text(&v, sum, sizeof sum);
		canvas_text(c, r, 0, y++, STYLE(ROLE_NORMAL, 0), sum);
	} else if (totals) {
		draw_totals(pc, &v, y++);
	}
	if (frag)
		draw_fragmentation(pc, &v, y++);
	if (freelist) {
		flow_free_list(pc, &v, y, fl_rows, true);
		y += fl_rows;
	}

	/* The scrolling list below them. */
	list_h = r.h - y;
	col = plan_columns(&v, r.w, heading);
	first = pane_first_row(pc, (int)nrows, list_h > 0 ? list_h : 0);
	r.y += y;
	r.h = list_h > 0 ? list_h : 0;
	pc->inner = r; /* the row helpers draw below the fixed rows */
	for (k = 0; (int)k < r.h && (size_t)first + k < nrows; k++) {
		const struct row *row = &rows[(size_t)first + k];
		int ry = (int)k;
		enum mark mk = MARK_NONE;

		switch (row->kind) {
		case ROW_CACHE:
			draw_cache_row(pc, &v, row->index, ry);
			break;
		case ROW_HEADING:
			draw_heading(pc, &col, ry);
			break;
		case ROW_BLOCK:
			draw_block_row(pc, &v, &col, row->index, ry);
			mk = (enum mark)v.mark[row->index];
			break;
		case ROW_POINTER:
			draw_pointer_row(pc, &v, row, ry);
			if (hv_slot_changed(pc, row->frame, row->index))
				mk = MARK_CHANGED;
			break;
		case ROW_DANGLING:
			draw_pointer_row(pc, &v, row, ry);
			break;
		}
		if (mk) {
			canvas_restyle(c, r, 0, ry, r.w, mark_style(mk));
			canvas_put_glyph(c, r, 0, ry, mark_glyph(mk),
					 mark_style(mk));
		}
	}
	draw_bottom_border(pc, &v, rows, nrows, first,
			   r.h < (int)nrows - first ? r.h : (int)nrows - first,
			   show_legend);
	free(rows);
	free(v.blk);
	free(v.mark);
}
