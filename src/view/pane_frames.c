/*
 * pane_frames.c: physical memory.  Top to bottom:
 *  - a header: the policy, the frame count and the counters;
 *  - what this step did: hit or FAULT, the page loaded, the victim;
 *  - the textbook table of the exercise: one column per memory access
 *    (the page referenced, then the page in each frame after it, then F
 *    for a fault and the page evicted), the newest column on the right;
 *  - a scrolling list: the policy's own state in one line (FIFO queue,
 *    LRU order, clock hand and R bits, enhanced-clock classes, OPT's
 *    next-use distances), one row per frame (owner process and page, R
 *    and M, shared, the policy's view of it), and the swap slots in use.
 *
 * Rows give way when the pane is short: the header first, then the
 * victim row, the step line, the table; the list then shows what fits
 * and its last row says how much is hidden.  What the step changed is
 * drawn in ROLE_CHANGED and marked with a star in the first column (the
 * newly loaded page's row, the current column's reference under a
 * pointer), so it shows in monochrome too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/engine.h"
#include "core/machine.h"
#include "core/steprec.h"
#include "core/util.h"
#include "view/pane.h"
#include "view/view.h"
#include "view/vmview.h"

#define LABEL_X 1    /* frame-row labels start here; column 0 marks */
#define LABEL_W 5    /* "fr 15", "fault", "evict" */
#define CELLS_X (LABEL_X + LABEL_W + 1)
#define MAX_COLS 512

enum row_kind {
	ROW_POLICY,  /* the policy's state in one line */
	ROW_HEAD,    /* headings of the frame list */
	ROW_FRAME,   /* one frame */
	ROW_SWAP,    /* the swap area's summary */
	ROW_SLOT,    /* one swap slot in use */
};

struct row {
	enum row_kind kind;
	uint32_t idx;
	uint32_t proc;  /* ROW_SLOT: the page in it */
	uint64_t vpn;
	bool object;
};

struct fctx {
	struct pane_ctx *pc;
	const struct vm *vm;
	bool refs;
	size_t step;       /* the engine position */
	bool accessed;     /* this step made a memory access */
	bool partial;      /* ... and is shown only part of the way */
	struct step_record rec; /* the step's record (engine_record) */
};

static bool frame_event(const struct pane_ctx *pc, uint32_t f)
{
	size_t i;

	for (i = 0; i < pc->nevents; i++)
		if (pane_event_hits(&pc->events[i], TGT_FRAME, f, -1))
			return true;
	return false;
}

static bool swap_event(const struct pane_ctx *pc, uint32_t slot)
{
	size_t i;

	for (i = 0; i < pc->nevents; i++)
		if (pane_event_hits(&pc->events[i], TGT_SWAP, slot, -1))
			return true;
	return false;
}

/* Text of the page in frame f ("7", "a:403", "libc:0"), or "free". */
static void frame_page(const struct fctx *fc, uint32_t f, char *buf,
		       size_t n)
{
	const struct frame *fr = &fc->vm->fr.f[f];

	if (fr->proc == FRAME_NONE) {
		snprintf(buf, n, "free");
	} else if (fr->object) {
		const struct vm_object *o = &fc->vm->objects[fr->object - 1];
		snprintf(buf, n, "%s:%llu", program_name(fc->vm->prog, o->name),
			 (unsigned long long)fr->objpage);
	} else {
		vmview_page(fc->vm, fc->refs, true, fr->proc, fr->vpn, buf, n);
	}
}

/* Position of frame f in FIFO / LRU order (1 = next victim), or 0. */
static uint32_t order_rank(const struct vm *vm, uint32_t f)
{
	uint32_t i = vm->fr.head, rank = 1;

	while (i != FRAME_NONE && rank <= vm->fr.count) {
		if (i == f)
			return rank;
		i = vm->fr.f[i].next;
		rank++;
	}
	return 0;
}

/* OPT: steps until the page in f is used again (0: never). */
static uint64_t next_use_in(const struct fctx *fc, uint32_t f)
{
	uint32_t nu = fc->vm->fr.f[f].next_use;

	if (nu == FRAME_NEVER)
		return 0;
	return nu + 1 > fc->step ? nu + 1 - fc->step : 0;
}

/* The policy's state in one line. */
static void policy_line(const struct fctx *fc, char *buf, size_t n)
{
	const struct vm *vm = fc->vm;
	const struct frames *fr = &vm->fr;
	size_t o = 0;
	uint32_t i, f;
	char pg[48];

#define ADD(...)                                                             \
	do {                                                                 \
		if (o < n)                                                   \
			o += (size_t)snprintf(buf + o, n - o, __VA_ARGS__);  \
	} while (0)

	buf[0] = '\0';
	switch ((enum replace_policy)vm->g.policy) {
	case REPLACE_FIFO:
	case REPLACE_LRU:
		ADD("%s", vm->g.policy == REPLACE_FIFO
				  ? "FIFO queue, oldest first:"
				  : "LRU order, least recent first:");
		for (i = 0, f = fr->head; f != FRAME_NONE && i < fr->count;
		     f = fr->f[f].next, i++) {
			frame_page(fc, f, pg, sizeof pg);
			ADD(" %s", pg);
		}
		if (fr->used == 0)
			ADD(" (empty)");
		break;
	case REPLACE_CLOCK:
		ADD("hand at fr %u; R bits:", fr->hand);
		for (f = 0; f < fr->count; f++)
			ADD(" %c", fr->f[f].proc == FRAME_NONE ? '-' :
				   fr->f[f].referenced ? '1' : '0');
		break;
	case REPLACE_ECLOCK:
		ADD("hand at fr %u; (R,M):", fr->hand);
		for (f = 0; f < fr->count; f++) {
			if (fr->f[f].proc == FRAME_NONE)
				ADD(" --");
			else
				ADD(" %d%d", fr->f[f].referenced,
				    fr->f[f].dirty);
		}
		break;
	case REPLACE_OPT:
		ADD("OPT next use:");
		for (f = 0; f < fr->count; f++) {
			uint64_t d;
			if (fr->f[f].proc == FRAME_NONE)
				continue;
			frame_page(fc, f, pg, sizeof pg);
			d = next_use_in(fc, f);
			if (d)
				ADD(" %s in %llu", pg, (unsigned long long)d);
			else
				ADD(" %s never", pg);
		}
		if (fr->used == 0)
			ADD(" (empty)");
		break;
	case REPLACE_RANDOM:
		ADD("random victim (seeded)");
		break;
	case REPLACE_COUNT:
		break;
	}
#undef ADD
}

/* The policy's view of frame f, for its row. */
static void policy_cell(const struct fctx *fc, uint32_t f, char *buf,
			size_t n)
{
	const struct vm *vm = fc->vm;
	uint32_t rank;
	uint64_t d;

	buf[0] = '\0';
	if (vm->fr.f[f].proc == FRAME_NONE)
		return;
	switch ((enum replace_policy)vm->g.policy) {
	case REPLACE_FIFO:
	case REPLACE_LRU:
		rank = order_rank(vm, f);
		if (rank == 1)
			snprintf(buf, n, "next victim");
		else if (rank)
			snprintf(buf, n, "%u%s to go", rank,
				 rank == 2 ? "nd" : rank == 3 ? "rd" : "th");
		break;
	case REPLACE_CLOCK:
	case REPLACE_ECLOCK:
		if (vm->fr.hand == f)
			snprintf(buf, n, "<- hand");
		break;
	case REPLACE_OPT:
		d = next_use_in(fc, f);
		if (d)
			snprintf(buf, n, "next use in %llu",
				 (unsigned long long)d);
		else
			snprintf(buf, n, "never used again");
		break;
	case REPLACE_RANDOM:
	case REPLACE_COUNT:
		break;
	}
}

/* The swap slot's page: which entry (or shared page) refers to it. */
static bool slot_owner(const struct vm *vm, uint32_t slot, uint32_t *proc,
		       uint64_t *vpn, bool *object)
{
	size_t t, i;

	for (t = 0; t < vm->pt.ntables; t++) {
		const struct pt_table *tb = &vm->pt.tables[t];
		uint32_t size;
		if (tb->level + 1 != vm->pt.levels)
			continue;
		size = pagetable_table_size(&vm->pt, tb->level);
		for (i = 0; i < size; i++) {
			if (vm->pt.pool[tb->base + i].swap == slot + 1) {
				*proc = tb->proc;
				*vpn = tb->prefix + i;
				*object = false;
				return true;
			}
		}
	}
	for (i = 0; i < vm->nobjects; i++) {
		const struct vm_object *o = &vm->objects[i];
		uint64_t k;
		for (k = 0; k < o->npages; k++) {
			if (vm->objpages[o->first + k].swap == slot + 1) {
				*proc = (uint32_t)i;
				*vpn = k;
				*object = true;
				return true;
			}
		}
	}
	return false;
}

static struct row *build_rows(const struct fctx *fc, size_t *count)
{
	const struct vm *vm = fc->vm;
	size_t cap = 4 + vm->fr.count + (vm->sw.used < 256 ? vm->sw.used : 256);
	size_t n = 0, s;
	struct row *rows = xcalloc(cap, sizeof *rows);
	uint32_t f;

	rows[n++].kind = ROW_POLICY;
	rows[n++].kind = ROW_HEAD;
	for (f = 0; f < vm->fr.count; f++) {
		rows[n].kind = ROW_FRAME;
		rows[n++].idx = f;
	}
	rows[n++].kind = ROW_SWAP;
	for (s = 0; s < vm->sw.nslots && n < cap; s++) {
		if (vm->sw.refs[s] == 0)
			continue;
		rows[n].kind = ROW_SLOT;
		rows[n].idx = (uint32_t)s;
		if (!slot_owner(vm, (uint32_t)s, &rows[n].proc, &rows[n].vpn,
				&rows[n].object))
			rows[n].proc = UINT32_MAX;
		n++;
	}
	*count = n;
	return rows;
}

static void draw_row(const struct fctx *fc, const struct row *row, int y,
		     struct rect r)
{
	struct pane_ctx *pc = fc->pc;
	struct canvas *c = pc->canvas;
	const struct vm *vm = fc->vm;
	char buf[256], pg[64], pol[48];
	bool changed = false;

	switch (row->kind) {
	case ROW_POLICY:
		policy_line(fc, buf, sizeof buf);
		canvas_text_fit(c, r, 0, y, r.w, STYLE(ROLE_NORMAL, 0), buf);
		break;
	case ROW_HEAD:
		snprintf(buf, sizeof buf, " PFN page      R M maps %s",
			 vm->g.policy == REPLACE_OPT ? "OPT" :
			 vm->g.policy == REPLACE_RANDOM ? "" :
			 vmview_policy_name(vm->g.policy));
		canvas_text_fit(c, r, 0, y, r.w, STYLE(ROLE_DIM, ATTR_UNDERLINE),
				buf);
		break;
	case ROW_FRAME: {
		const struct frame *fr = &vm->fr.f[row->idx];
		bool used = fr->proc != FRAME_NONE;
		struct style st = STYLE(used ? ROLE_FRAME_USED : ROLE_FRAME_FREE,
					0);

		frame_page(fc, row->idx, pg, sizeof pg);
		policy_cell(fc, row->idx, pol, sizeof pol);
		changed = frame_event(pc, row->idx);
		canvas_printf(c, r, 1, y, STYLE(ROLE_DIM, 0), "%3u", row->idx);
		canvas_text_fit(c, r, 5, y, 9, st, pg);
		if (used) {
			canvas_printf(c, r, 15, y, st, "%d %d %u", fr->referenced,
				      fr->dirty, fr->mapcount);
			canvas_text_fit(c, r, 24, y, r.w - 24, STYLE(ROLE_DIM, 0),
					pol);
		}
		break;
	}
	case ROW_SWAP:
		if (vm->sw.used == 0)
			snprintf(buf, sizeof buf, "swap: empty (%llu slots)",
				 (unsigned long long)vm->sw.limit);
		else
			snprintf(buf, sizeof buf,
				 "swap: %llu of %llu slots used, %llu read%s, %llu write%s",
				 (unsigned long long)vm->sw.used,
				 (unsigned long long)vm->sw.limit,
				 (unsigned long long)vm->sw.reads,
				 plural_s(vm->sw.reads),
				 (unsigned long long)vm->sw.writes,
				 plural_s(vm->sw.writes));
		canvas_text_fit(c, r, 0, y, r.w, STYLE(ROLE_DIM, 0), buf);
		break;
	case ROW_SLOT:
		changed = swap_event(pc, row->idx);
		if (row->proc == UINT32_MAX)
			snprintf(pg, sizeof pg, "?");
		else if (row->object)
			snprintf(pg, sizeof pg, "%s:%llu",
				 program_name(vm->prog,
					      vm->objects[row->proc].name),
				 (unsigned long long)row->vpn);
		else
			vmview_page(vm, fc->refs, true, row->proc, row->vpn, pg,
				    sizeof pg);
		snprintf(buf, sizeof buf, " slot %u: page %s", row->idx, pg);
		canvas_text_fit(c, r, 1, y, r.w - 1, STYLE(ROLE_NORMAL, 0), buf);
		break;
	}
	if (changed) {
		canvas_restyle(c, r, 0, y, r.w, STYLE(ROLE_CHANGED, ATTR_BOLD));
		canvas_put_glyph(c, r, 0, y, GLYPH_CHANGED,
				 STYLE(ROLE_CHANGED, ATTR_BOLD));
	}
}

/* The widest page text in the history (for the cell width). */
static int history_width(const struct fctx *fc, const struct vmhist *h)
{
	size_t i;
	int w = 1;
	char pg[64];

	for (i = 0; i < h->ncols * h->nframes; i++) {
		uint32_t proc;
		uint64_t vpn;
		if (vmhist_key(h->cell[i], &proc, &vpn)) {
			vmview_page(fc->vm, fc->refs, true, proc, vpn, pg,
				    sizeof pg);
			if ((int)strlen(pg) > w)
				w = (int)strlen(pg);
		}
	}
	for (i = 0; i < h->ncols; i++) {
		vmview_page(fc->vm, fc->refs, true, h->col[i].proc,
			    h->col[i].vpn, pg, sizeof pg);
		if ((int)strlen(pg) + h->col[i].write > w)
			w = (int)strlen(pg) + h->col[i].write;
	}
	return w;
}

/*
 * Frames the table shows one by one: up to the highest ever used in the
 * history (frames fill lowest first); the free ones above share a row.
 */
static uint32_t table_frames(const struct vmhist *h)
{
	uint32_t f, used = 0;
	size_t i;

	for (i = 0; i < h->ncols; i++)
		for (f = used; f < h->nframes; f++)
			if (h->cell[i * h->nframes + f])
				used = f + 1;
	if (used + 1 >= h->nframes)
		return h->nframes;
	return used ? used : 1;
}

/* Rows the frames take in the table. */
static uint32_t table_rows(const struct vmhist *h)
{
	uint32_t f = table_frames(h);

	return f < h->nframes ? f + 1 : f;
}

/*
 * The textbook table from row y0: `evict_row` says whether the victim row
 * is drawn.  Returns the rows used.
 */
static int draw_table(const struct fctx *fc, const struct vmhist *h,
		      struct rect r, int y0, bool evict_row)
{
	struct pane_ctx *pc = fc->pc;
	struct canvas *c = pc->canvas;
	int cw = history_width(fc, h) + 1, fit, shown, k, y;
	uint32_t rows_f;
	size_t first;
	uint32_t f;
	char pg[64], lab[16];
	const struct vmhist_col *last = h->ncols ? &h->col[h->ncols - 1] : NULL;
	bool current = last && last->step == fc->step;

	rows_f = table_frames(h);
	fit = (r.w - CELLS_X) / cw;
	if (fit < 1)
		fit = 1;
	shown = (int)h->ncols < fit ? (int)h->ncols : fit;
	first = h->ncols - (size_t)shown;

	canvas_text(c, r, LABEL_X, y0, STYLE(ROLE_DIM, 0), "ref");
	if (first > 0 || h->total > h->ncols)
		canvas_put_glyph(c, r, CELLS_X - 2, y0, GLYPH_ARROW_LEFT,
				 STYLE(ROLE_DIM, ATTR_BOLD));
	for (f = 0; f < rows_f; f++) {
		snprintf(lab, sizeof lab, "fr %u", f);
		canvas_text(c, r, LABEL_X, y0 + 1 + (int)f, STYLE(ROLE_DIM, 0),
			    lab);
	}
	if (rows_f < h->nframes) {
		snprintf(lab, sizeof lab, rows_f < 10 ? "fr %u+" : "fr%u+",
			 rows_f);
		canvas_text(c, r, LABEL_X, y0 + 1 + (int)rows_f,
			    STYLE(ROLE_DIM, 0), lab);
		canvas_printf(c, r, CELLS_X, y0 + 1 + (int)rows_f,
			      STYLE(ROLE_FRAME_FREE, 0), "(%u-%u free)", rows_f,
			      h->nframes - 1);
	}
	y = y0 + 1 + (int)table_rows(h);
	canvas_text(c, r, LABEL_X, y, STYLE(ROLE_DIM, 0), "fault");
	if (evict_row)
		canvas_text(c, r, LABEL_X, y + 1, STYLE(ROLE_DIM, 0), "evict");
	if (h->ncols == 0) {
		canvas_text_fit(c, r, CELLS_X, y0, r.w - CELLS_X,
				STYLE(ROLE_DIM, 0), "(no access yet)");
		return (int)table_rows(h) + 2 + evict_row;
	}
	for (k = 0; k < shown; k++) {
		size_t i = first + (size_t)k;
		const struct vmhist_col *col = &h->col[i];
		bool now = current && i + 1 == h->ncols;
		int x = CELLS_X + k * cw;
		struct style ref_st = now ? STYLE(ROLE_CURRENT, ATTR_BOLD | ATTR_REVERSE)
					  : STYLE(ROLE_NORMAL, 0);

		vmview_page(fc->vm, fc->refs, true, col->proc, col->vpn, pg,
			    sizeof pg);
		if (col->write)
			strcat(pg, "w");
		canvas_text(c, r, x, y0, ref_st, pg);
		for (f = 0; f < rows_f; f++) {
			uint64_t key = h->cell[i * h->nframes + f];
			uint32_t proc;
			uint64_t vpn;
			bool loaded = !col->hit && col->frame == f;
			struct style st;

			if (!vmhist_key(key, &proc, &vpn)) {
				canvas_text(c, r, x, y0 + 1 + (int)f,
					    STYLE(ROLE_DIM, 0), ".");
				continue;
			}
			vmview_page(fc->vm, fc->refs, true, proc, vpn, pg,
				    sizeof pg);
			if (loaded && now)
				st = STYLE(ROLE_CHANGED, ATTR_BOLD | ATTR_REVERSE);
			else if (loaded)
				st = STYLE(ROLE_NORMAL, ATTR_BOLD);
			else
				st = STYLE(ROLE_DIM, 0);
			canvas_text(c, r, x, y0 + 1 + (int)f, st, pg);
		}
		if (now && h->partial && !col->hit && col->frame == FRAME_NONE &&
		    !col->segfault)
			canvas_text(c, r, x, y, STYLE(ROLE_CURRENT, ATTR_BOLD), "?");
		else if (col->segfault)
			canvas_text(c, r, x, y, STYLE(ROLE_ERROR, ATTR_BOLD), "S");
		else if (!col->hit)
			canvas_text(c, r, x, y,
				    now ? STYLE(ROLE_CHANGED, ATTR_BOLD)
					: STYLE(ROLE_NORMAL, ATTR_BOLD),
				    "F");
		if (evict_row && col->evicted) {
			vmview_page(fc->vm, fc->refs, true, col->evicted_proc,
				    col->evicted_vpn, pg, sizeof pg);
			canvas_text(c, r, x, y + 1,
				    now ? STYLE(ROLE_CHANGED, ATTR_BOLD)
					: STYLE(ROLE_DIM, 0),
				    pg);
		}
	}
	/* Mark the rows this step changed: the loaded frame, the victim. */
	if (current && !last->hit && last->frame < rows_f) {
		canvas_put_glyph(c, r, 0, y0 + 1 + (int)last->frame,
				 GLYPH_CHANGED,
				 STYLE(ROLE_CHANGED, ATTR_BOLD | ATTR_ROW));
		canvas_restyle(c, r, LABEL_X, y0 + 1 + (int)last->frame,
			       LABEL_W, STYLE(ROLE_CHANGED, ATTR_BOLD));
	}
	return (int)table_rows(h) + 2 + evict_row;
}

/* What this step did, in one line. */
static void step_line(const struct fctx *fc, char *buf, size_t n,
		      struct style *st)
{
	const struct vm *vm = fc->vm;
	const struct steprec_access *l = &fc->rec.access;
	static const char *const verbs[] = { "ref", "read", "write", "fetch" };
	char pg[64], ev[64];
	size_t o;

	*st = STYLE(ROLE_NORMAL, 0);
	if (fc->step == 0) {
		snprintf(buf, n, "memory is empty: every frame is free");
		*st = STYLE(ROLE_DIM, 0);
		return;
	}
	if (!fc->accessed || !(fc->rec.has & STEPREC_ACCESS) ||
	    !l->translated) {
		snprintf(buf, n, "step %zu: no memory access", fc->step);
		*st = STYLE(ROLE_DIM, 0);
		return;
	}
	vmview_page(vm, fc->refs, true, l->proc, l->vpn, pg, sizeof pg);
	if (l->kind == VM_REF)
		snprintf(buf, n, "ref %s%s: ", pg, l->write ? "w" : "");
	else
		snprintf(buf, n, "%s 0x%llx: ", verbs[l->kind],
			 (unsigned long long)l->vaddr);
	o = strlen(buf);
	if (fc->partial && !l->hit && l->fault != STEPREC_FAULT_SEGFAULT &&
	    l->frame == FRAME_NONE) {
		snprintf(buf + o, n - o, "looking up VPN %s ...", pg);
		*st = STYLE(ROLE_CURRENT, ATTR_BOLD);
		return;
	}
	if (l->invalid) {
		snprintf(buf + o, n - o, "%s",
			 l->protection ? "PROTECTION FAULT: refused"
				       : "INVALID: no translation");
		*st = STYLE(ROLE_ERROR, ATTR_BOLD);
		return;
	}
	if (l->fault == STEPREC_FAULT_SEGFAULT) {
		snprintf(buf + o, n - o, "SEGMENTATION FAULT");
		*st = STYLE(ROLE_ERROR, ATTR_BOLD);
		return;
	}
	*st = STYLE(ROLE_CHANGED, ATTR_BOLD);
	if (l->kind != VM_REF && (l->hit || !l->evicted))
		snprintf(buf + o, n - o, "%s, VPN %s %s fr %u",
			 l->hit ? "hit" : "FAULT", pg,
			 l->hit ? "in" : l->cow ? "copied to" : "-> free",
			 l->frame);
	else if (l->hit)
		snprintf(buf + o, n - o, "hit in fr %u", l->frame);
	else if (l->evicted) {
		vmview_page(vm, fc->refs, true, l->victim_proc, l->victim_vpn,
			    ev, sizeof ev);
		snprintf(buf + o, n - o, "FAULT, evicts %s from fr %u%s", ev,
			 l->victim_frame, l->writeback ? ", written out" : "");
	} else
		snprintf(buf + o, n - o, "FAULT, into free fr %u", l->frame);
	if (l->hit)
		*st = STYLE(ROLE_NORMAL, 0);
}

void pane_frames_draw(struct pane_ctx *pc)
{
	const struct machine *m = pc->machine;
	const struct vm *vm = &m->vm;
	struct canvas *c = pc->canvas;
	struct rect r = pc->inner;
	struct fctx fc;
	struct vmhist h;
	bool have_hist, show_head = true, show_step = true, evict_row = true;
	bool table = false, zoomed = pc->vs && pc->vs->zoom == PANE_ID_FRAMES;
	struct row *rows;
	size_t nrows;
	int y = 0, need, list_h, first, auto_first, total, i, changed = -1;
	char buf[256];
	struct style st;

	if (r.w <= 0 || r.h <= 0)
		return;
	memset(&fc, 0, sizeof fc);
	fc.pc = pc;
	fc.vm = vm;
	fc.refs = vmview_refs_only(m->prog);
	fc.step = engine_pos(pc->engine);
	engine_record(pc->engine, &fc.rec);
	have_hist = vmhist_build(&h, pc->engine, MAX_COLS);
	fc.accessed = h.ncols && h.col[h.ncols - 1].step == fc.step;
	fc.partial = fc.accessed && h.partial;

	/* Which fixed rows fit: the table is worth more than the header. */
	need = (int)table_rows(&h) + 3;
	if (have_hist) {
		if (need + 2 > r.h)
			show_head = false;
		if (need + 1 > r.h)
			evict_row = false;
		if (need + 1 - !evict_row > r.h)
			show_step = false;
		table = need - !evict_row <= r.h;
	}
	if (!table)
		show_head = show_step = true;

	if (show_head && y < r.h) {
		snprintf(buf, sizeof buf,
			 "%s, %llu frames: %llu fault%s, %llu hit%s",
			 vmview_policy_name(vm->g.policy),
			 (unsigned long long)vm->fr.count,
			 (unsigned long long)vm->st.page_faults,
			 vm->st.page_faults == 1 ? "" : "s",
			 (unsigned long long)vm->st.hits,
			 vm->st.hits == 1 ? "" : "s");
		if (vm->st.writebacks)
			snprintf(buf + strlen(buf), sizeof buf - strlen(buf),
				 ", %llu write-backs",
				 (unsigned long long)vm->st.writebacks);
		canvas_text_fit(c, r, 0, y++, r.w, STYLE(ROLE_TITLE, ATTR_BOLD),
				buf);
	}
	if (show_step && y < r.h) {
		step_line(&fc, buf, sizeof buf, &st);
		canvas_text_fit(c, r, 0, y++, r.w, st, buf);
	}
	if (table)
		y += draw_table(&fc, &h, r, y, evict_row);

	/* The scrolling list below. */
	list_h = r.h - y;
	rows = build_rows(&fc, &nrows);
	total = (int)nrows;
	if (table && !zoomed && total > list_h) {
		/* The table shows the frames: keep the policy and swap. */
		int n = 0;
		for (i = 0; i < total; i++)
			if (rows[i].kind != ROW_HEAD && rows[i].kind != ROW_FRAME)
				rows[n++] = rows[i];
		total = n;
	}
	for (i = 0; i < total && changed < 0; i++)
		if (rows[i].kind == ROW_FRAME && frame_event(pc, rows[i].idx))
			changed = i;
	/* Start at the top, or low enough to show the frame that changed. */
	auto_first = 0;
	if (list_h > 0 && changed >= list_h - 1)
		auto_first = changed - list_h + 2;
	first = pane_anchored_first(pc, total, list_h > 0 ? list_h : 0,
				    auto_first);
	if (list_h > 0) {
		struct rect lr = { r.x, r.y + y, r.w, list_h };
		for (i = 0; i < list_h && first + i < total; i++) {
			if (i == list_h - 1 && pc->more_below) {
				pane_more_text(buf, sizeof buf,
					       total - first - i, lr.w);
				canvas_text_fit(c, lr, 0, i, lr.w,
						STYLE(ROLE_DIM, 0), buf);
				break;
			}
			draw_row(&fc, &rows[first + i], i, lr);
		}
	}
	free(rows);
	vmhist_free(&h);
}
