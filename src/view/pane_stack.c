/*
 * pane_stack.c: the call stack as it sits in memory.  High addresses are
 * at the top and the stack grows down the screen, as it grows down in
 * memory: the stack base first, then the outermost frame (main), then each
 * newer frame, and the stack pointer last.  Each frame is a header line
 * (function, arguments, address range, size) followed by one line per slot
 * from its highest address: arguments, return address, saved frame
 * pointer, locals.  "fp" points at the saved frame pointer slot it holds
 * (the newest frame's; in the middle of a call, still the caller's);
 * "sp" at the lowest used address.
 *
 * What the current step (or micro-step) changed is drawn in ROLE_CHANGED
 * with a star in the first column, so it shows without colour too.  A
 * frame popped by this step leaves a marker line where it was.
 *
 * The content is a list of rows built first, then the visible window is
 * drawn; by default the bottom (the newest frame and sp) stays in view and
 * scrolling goes back up towards the base.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/engine.h"
#include "core/gc.h"
#include "core/heap.h"
#include "core/machine.h"
#include "core/stack.h"
#include "core/util.h"
#include "view/pane.h"
#include "view/view.h"

enum row_kind {
	ROW_BASE,     /* the stack base and the direction of growth */
	ROW_EMPTY,    /* no frames yet */
	ROW_FRAME,    /* a frame header */
	ROW_SLOT,     /* one slot of a frame */
	ROW_POPPED,   /* where a frame popped by this step was */
	ROW_SP,       /* the stack pointer and the free space below it */
	ROW_OVERFLOW, /* the push that crossed the limit */
};

struct row {
	enum row_kind kind;
	size_t frame; /* index in stack->frames */
	size_t slot;  /* index within the frame */
};

/* Column positions for the slot rows, chosen from the pane width. */
struct columns {
	int tag;      /* "fp->" tag */
	int addr;
	int addr_digits;
	int name;
	int name_w;
	int size;     /* < 0: no size column */
	int value;
};

/* True when an event of this step targets frame f as a whole. */
static bool frame_changed(const struct pane_ctx *pc, size_t f)
{
	size_t i;

	for (i = 0; i < pc->nevents; i++)
		if (pane_event_hits(&pc->events[i], TGT_STACK_FRAME,
				    (long long)f, -1))
			return true;
	return false;
}

/* True when an event of this step targets slot s of frame f (or f). */
static bool slot_changed(const struct pane_ctx *pc, size_t f, size_t s)
{
	size_t i;

	if (frame_changed(pc, f))
		return true;
	for (i = 0; i < pc->nevents; i++)
		if (pane_event_hits(&pc->events[i], TGT_STACK_SLOT,
				    (long long)f, (long long)s))
			return true;
	return false;
}

/* True when this step popped a frame (one at or past the current count). */
static bool frame_popped(const struct pane_ctx *pc, const struct stack *st)
{
	size_t i;

	for (i = 0; i < pc->nevents; i++) {
		const struct event *ev = &pc->events[i];
		if (ev->target == TGT_STACK_FRAME && ev->id >= 0 &&
		    (uint64_t)ev->id >= st->nframes)
			return true;
	}
	return false;
}

/* True when this step moved sp: any frame or slot event. */
static bool sp_changed(const struct pane_ctx *pc)
{
	size_t i;

	for (i = 0; i < pc->nevents; i++)
		if (pc->events[i].target == TGT_STACK_FRAME ||
		    pc->events[i].target == TGT_STACK_SLOT)
			return true;
	return false;
}

/* An address as "0x" and at least `digits` hex digits. */
struct addr_text {
	char s[24];
};

static struct addr_text hex_addr(int digits, uint64_t v)
{
	struct addr_text t;

	digits = digits < 1 ? 1 : digits > 16 ? 16 : digits;
	snprintf(t.s, sizeof t.s, "0x%0*" PRIx64, digits, v);
	return t;
}

/* Build the row list (caller frees). */
static struct row *build_rows(const struct pane_ctx *pc,
			      const struct stack *st, size_t *count)
{
	size_t cap = 6 + st->nframes + st->nslots, n = 0, f, s;
	struct row *rows = xcalloc(cap, sizeof *rows);

	rows[n++].kind = ROW_BASE;
	if (st->nframes == 0)
		rows[n++].kind = ROW_EMPTY;
	for (f = 0; f < st->nframes; f++) {
		rows[n].kind = ROW_FRAME;
		rows[n++].frame = f;
		for (s = 0; s < st->frames[f].nslots; s++) {
			rows[n].kind = ROW_SLOT;
			rows[n].frame = f;
			rows[n++].slot = s;
		}
	}
	if (frame_popped(pc, st))
		rows[n++].kind = ROW_POPPED;
	rows[n++].kind = ROW_SP;
	if (st->overflowed)
		rows[n++].kind = ROW_OVERFLOW;
	*count = n;
	return rows;
}

/* Hex digits needed to print every address of the stack. */
static int address_digits(const struct stack *st)
{
	uint64_t top = st->base ? st->base - 1 : 0;
	int d = 1;

	while (top >>= 4)
		d++;
	return d < 4 ? 4 : d;
}

static const char *slot_name(const struct program *p,
			     const struct stack_slot *sl)
{
	switch (sl->kind) {
	case SLOT_RETADDR:
		return "ret addr";
	case SLOT_SAVED_FP:
		return "saved fp";
	default:
		return program_name(p, sl->name);
	}
}

static struct columns plan_columns(const struct pane_ctx *pc,
				   const struct stack *st,
				   const struct program *p)
{
	struct columns col;
	int w = pc->inner.w, longest = 8;
	size_t i;

	for (i = 0; i < st->nslots; i++) {
		int n = canvas_text_width(slot_name(p, &st->slots[i]));
		if (n > longest)
			longest = n;
	}
	col.addr_digits = address_digits(st);
	col.tag = 1;
	col.addr = col.tag + 4;
	col.name = col.addr + 2 + col.addr_digits + 2;
	col.name_w = longest > 14 ? 14 : longest;
	col.size = col.name + col.name_w + 1;
	col.value = col.size + 5;
	if (w < col.value + 8) {
		/* Narrow: no size column. */
		col.value = col.size;
		col.size = -1;
	}
	return col;
}

/* "fact(n=3)" for frame f, into buf. */
static void frame_signature(const struct stack *st, size_t f,
			    const struct program *p, char *buf, size_t n)
{
	const struct stack_frame *fr = &st->frames[f];
	size_t i, len;
	bool first = true;

	snprintf(buf, n, "%s(", program_name(p, fr->func));
	for (i = 0; i < fr->nslots; i++) {
		const struct stack_slot *sl = &st->slots[fr->slot0 + i];
		len = strlen(buf);
		if (sl->kind != SLOT_PARAM || len + 2 >= n)
			continue;
		if (sl->has_value)
			snprintf(buf + len, n - len, "%s%s=%" PRId64,
				 first ? "" : ", ", program_name(p, sl->name),
				 sl->value);
		else
			snprintf(buf + len, n - len, "%s%s",
				 first ? "" : ", ", program_name(p, sl->name));
		first = false;
	}
	len = strlen(buf);
	if (len + 1 < n)
		snprintf(buf + len, n - len, ")");
}

/* The lowest address of frame f: the next frame's top, or sp. */
static uint64_t frame_low(const struct stack *st, size_t f)
{
	return f + 1 < st->nframes ? st->frames[f + 1].top : st->sp;
}

/*
 * Draw the first of n variants (longest first) that fits between x and
 * the right edge of r; the last one is cut to fit if none does.
 */
static void draw_variant(struct canvas *c, struct rect r, int x, int y,
			 struct style st, const char *const *variants, int n)
{
	int i;

	for (i = 0; i < n - 1; i++) {
		if (x + canvas_text_width(variants[i]) <= r.w) {
			canvas_text(c, r, x, y, st, variants[i]);
			return;
		}
	}
	canvas_text_fit(c, r, x, y, r.w - x, st, variants[n - 1]);
}

static void draw_frame_row(struct pane_ctx *pc, const struct stack *st,
			   const struct program *p, const struct columns *col,
			   size_t f, int y)
{
	const struct stack_frame *fr = &st->frames[f];
	struct canvas *c = pc->canvas;
	struct rect r = pc->inner;
	char sig[128], full[128], range[96], size[32];
	const char *variants[4];
	uint64_t low = frame_low(st, f);
	int x;

	frame_signature(st, f, p, sig, sizeof sig);
	x = col->tag + canvas_text_fit(c, r, col->tag, y, r.w - col->tag,
				       STYLE(ROLE_STACK_FRAME, ATTR_BOLD), sig);
	snprintf(range, sizeof range, "  %s-%s, %" PRIu64 " B",
		 hex_addr(col->addr_digits, low).s,
		 hex_addr(col->addr_digits, fr->top).s, fr->top - low);
	snprintf(full, sizeof full, "%s, called at line %u", range,
		 (unsigned)fr->call_line);
	snprintf(size, sizeof size, "  %" PRIu64 " B", fr->top - low);
	variants[0] = fr->call_line ? full : range;
	variants[1] = range;
	variants[2] = size;
	variants[3] = "";
	draw_variant(c, r, x, y, STYLE(ROLE_DIM, 0), variants, 4);
}


/*
 * A slot value that points at a managed object or into a heap block is
 * shown as a pointer: "0x20010 -> A (root)" for a GC object (stack slots
 * that hold an object's address are roots), "0x10008 -> buf (heap)" for
 * a block.  False when the value points at neither.
 */
static bool pointer_text(const struct pane_ctx *pc, int64_t value, char *buf,
			 size_t n)
{
	const struct machine *m = pc->machine;
	const struct program *p = m->prog;
	const char *arrow = pc->canvas->ascii ? "->" : "\xe2\x86\x92";
	uint64_t v = (uint64_t)value;

	if (value <= 0)
		return false;
	if (p->config.uses & USES_GC) {
		uint32_t id = gc_object_at(&m->gc, v);
		if (id != GC_NIL) {
			char label[32];
			gc_label(&m->gc, p, id, label, sizeof label);
			snprintf(buf, n, "0x%" PRIx64 " %s %s (root)", v, arrow, label);
			return true;
		}
	}
	if (p->config.uses & USES_HEAP) {
		uint32_t i = heap_block_at(&m->heap, v);
		const struct heap_block *b = i != HEAP_NIL ? heap_block(&m->heap, i) : NULL;
		if (b && b->req) {
			snprintf(buf, n, "0x%" PRIx64 " %s %s (heap)", v, arrow,
				 program_name(p, b->owner));
			return true;
		}
	}
	return false;
}

static void draw_slot_row(struct pane_ctx *pc, const struct stack *st,
			  const struct program *p, const struct columns *col,
			  size_t f, size_t s, int y)
{
	const struct stack_frame *fr = &st->frames[f];
	const struct stack_slot *sl = &st->slots[fr->slot0 + s];
	struct canvas *c = pc->canvas;
	struct rect r = pc->inner;
	struct style value_st = STYLE(ROLE_NORMAL, 0);
	char buf[64], line[64];

	/*
	 * fp marks the saved-fp slot it points at, in whichever frame: in
	 * the middle of a call (arguments and return address pushed, fp not
	 * yet saved) that is still the caller's.
	 */
	if (sl->kind == SLOT_SAVED_FP && sl->addr == st->fp) {
		canvas_text(c, r, col->tag, y, STYLE(ROLE_POINTER, ATTR_BOLD),
			    "fp");
		canvas_put_glyph(c, r, col->tag + 2, y, GLYPH_ARROW_RIGHT,
				 STYLE(ROLE_POINTER, ATTR_BOLD));
	}
	canvas_text(c, r, col->addr, y, STYLE(ROLE_DIM, 0),
		    hex_addr(col->addr_digits, sl->addr).s);
	canvas_text_fit(c, r, col->name, y, col->name_w,
			STYLE(sl->kind == SLOT_LOCAL || sl->kind == SLOT_PARAM
				      ? ROLE_NORMAL
				      : ROLE_DIM,
			      sl->kind == SLOT_PARAM ? ATTR_UNDERLINE : 0),
			slot_name(p, sl));
	if (col->size >= 0)
		canvas_printf(c, r, col->size, y, STYLE(ROLE_DIM, 0), "%3" PRIu64,
			      sl->declared ? sl->declared : sl->size);
	switch (sl->kind) {
	case SLOT_RETADDR:
		value_st = STYLE(ROLE_RETADDR, 0);
		snprintf(line, sizeof line, "0x%" PRIx64 " (line %u)",
			 fr->return_addr, (unsigned)fr->call_line);
		if (col->value + canvas_text_width(line) <= r.w)
			snprintf(buf, sizeof buf, "%s", line);
		else
			snprintf(buf, sizeof buf, "0x%" PRIx64, fr->return_addr);
		break;
	case SLOT_SAVED_FP:
		value_st = STYLE(ROLE_SAVED_FP, 0);
		if (fr->saved_fp)
			snprintf(buf, sizeof buf, "%s",
				 hex_addr(col->addr_digits, fr->saved_fp).s);
		else
			snprintf(buf, sizeof buf, "0x0 (none)");
		break;
	default:
		if (sl->has_value && pointer_text(pc, sl->value, buf, sizeof buf)) {
			value_st = STYLE(ROLE_RETADDR, 0);
		} else if (sl->has_value) {
			snprintf(buf, sizeof buf, "%" PRId64, sl->value);
		} else {
			value_st = STYLE(ROLE_DIM, 0);
			snprintf(buf, sizeof buf, "? (not set)");
		}
		break;
	}
	canvas_text_fit(c, r, col->value, y, r.w - col->value, value_st, buf);
}

static void draw_sp_row(struct pane_ctx *pc, const struct stack *st,
			const struct columns *col, int y)
{
	struct canvas *c = pc->canvas;
	struct rect r = pc->inner;
	uint64_t limit = st->base - st->size_bytes;
	uint64_t free_bytes = st->sp > limit ? st->sp - limit : 0;
	char full[96], brief[48];
	const char *variants[3] = { full, brief, "" };
	int x;

	canvas_text(c, r, col->tag, y, STYLE(ROLE_POINTER, ATTR_BOLD), "sp");
	canvas_put_glyph(c, r, col->tag + 2, y, GLYPH_ARROW_RIGHT,
			 STYLE(ROLE_POINTER, ATTR_BOLD));
	x = canvas_text(c, r, col->addr, y, STYLE(ROLE_POINTER, ATTR_BOLD),
			hex_addr(col->addr_digits, st->sp).s);
	snprintf(full, sizeof full, "  %" PRIu64 " B free down to the limit %s",
		 free_bytes, hex_addr(col->addr_digits, limit).s);
	snprintf(brief, sizeof brief, "  %" PRIu64 " B free", free_bytes);
	draw_variant(c, r, x, y, STYLE(ROLE_DIM, 0), variants, 3);
}

void pane_stack_draw(struct pane_ctx *pc)
{
	const struct stack *st = &pc->machine->stack;
	const struct program *p = pc->machine->prog;
	struct canvas *c = pc->canvas;
	struct rect r = pc->inner;
	struct columns col = plan_columns(pc, st, p);
	struct row *rows;
	size_t nrows;
	int first, y;
	char usage[64];

	/* Usage on the top border, right-aligned, if it fits. */
	snprintf(usage, sizeof usage, " %" PRIu64 " / %" PRIu64 " bytes ",
		 stack_used(st), st->size_bytes);
	if (pc->area.w >= (int)strlen(usage) + 16)
		canvas_text(c, pc->area, pc->area.w - 2 - (int)strlen(usage), 0,
			    STYLE(ROLE_TITLE, 0), usage);

	if (r.h >= 8) {
		/* Column headings, fixed above the scrolling rows. */
		canvas_text(c, r, col.addr, 0, STYLE(ROLE_DIM, ATTR_UNDERLINE),
			    "address");
		canvas_text(c, r, col.name, 0, STYLE(ROLE_DIM, ATTR_UNDERLINE),
			    "slot");
		if (col.size >= 0)
			canvas_text(c, r, col.size, 0,
				    STYLE(ROLE_DIM, ATTR_UNDERLINE), "size");
		canvas_text(c, r, col.value, 0, STYLE(ROLE_DIM, ATTR_UNDERLINE),
			    "value");
		r.y++;
		r.h--;
		pc->inner = r; /* the row helpers draw below the headings */
	}

	rows = build_rows(pc, st, &nrows);
	first = pane_first_row(pc, (int)nrows, r.h);
	for (y = 0; y < r.h && (size_t)(first + y) < nrows; y++) {
		const struct row *row = &rows[first + y];
		bool changed = false;

		switch (row->kind) {
		case ROW_BASE:
			canvas_text(c, r, col.addr, y, STYLE(ROLE_DIM, 0),
				    hex_addr(col.addr_digits, st->base).s);
			/* Narrow: the short form, never a cut word. */
			if (r.w - col.name >= 24) {
				canvas_text(c, r, col.name, y,
					    STYLE(ROLE_DIM, 0),
					    "stack base, grows down ");
				canvas_put_glyph(c, r, col.name + 23, y,
						 GLYPH_ARROW_DOWN,
						 STYLE(ROLE_DIM, 0));
			} else {
				bool fits = r.w - col.name >= 12;
				canvas_text_fit(c, r, col.name, y,
						r.w - col.name,
						STYLE(ROLE_DIM, 0),
						fits ? "stack base" : "base");
				canvas_put_glyph(c, r, col.name + (fits ? 11 : 5),
						 y, GLYPH_ARROW_DOWN,
						 STYLE(ROLE_DIM, 0));
			}
			break;
		case ROW_EMPTY:
			canvas_text(c, r, col.tag, y, STYLE(ROLE_DIM, 0),
				    "(empty: no function has been called)");
			break;
		case ROW_FRAME:
			draw_frame_row(pc, st, p, &col, row->frame, y);
			changed = frame_changed(pc, row->frame);
			break;
		case ROW_SLOT:
			draw_slot_row(pc, st, p, &col, row->frame, row->slot,
				      y);
			changed = slot_changed(pc, row->frame, row->slot);
			break;
		case ROW_POPPED:
			canvas_text(c, r, col.tag, y, STYLE(ROLE_CHANGED, 0),
				    "(a frame was popped here: now free)");
			changed = true;
			break;
		case ROW_SP:
			draw_sp_row(pc, st, &col, y);
			changed = sp_changed(pc);
			break;
		case ROW_OVERFLOW:
			canvas_put_glyph(c, r, col.tag, y, GLYPH_CROSS,
					 STYLE(ROLE_ERROR, ATTR_BOLD));
			canvas_printf(c, r, col.tag + 2, y,
				      STYLE(ROLE_ERROR, ATTR_BOLD),
				      "STACK OVERFLOW: a push crossed the "
				      "limit %s",
				      hex_addr(col.addr_digits,
					       st->base - st->size_bytes).s);
			break;
		}
		if (changed) {
			canvas_restyle(c, r, 0, y, r.w,
				       STYLE(ROLE_CHANGED, ATTR_BOLD));
			canvas_put_glyph(c, r, 0, y, GLYPH_CHANGED,
					 STYLE(ROLE_CHANGED, ATTR_BOLD));
		}
	}
	free(rows);
}
