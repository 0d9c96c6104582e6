/*
 * pane_pagetable.c: the running process's page table and the TLB.
 *
 * Two fixed rows: the process and the table's shape (levels and index
 * split), then the counters (faults, hits, evictions, dirty write-backs,
 * TLB hit rate).  Below them a scrolling list:
 *  - for an address access, the walk: each level's index and the entry
 *    it found, highlighted as far as the walk has gone (or "TLB hit: no
 *    walk");
 *  - the page-table entries: VPN, PFN, present / dirty / referenced bits
 *    (dirty and referenced are kept per frame, so only a present page has
 *    them), protection (r w x u) and where a page not present lives (swap
 *    slot, copy-on-write, shared).  Only entries ever used are listed;
 *    zoomed, the empty runs between them are shown too (each entry of a
 *    small table, a run of a large one as one line);
 *  - the physical address of the current access;
 *  - the TLB: each valid entry with its place in the replacement order
 *    (#1 goes next: least recently used, or first in), its ASID when the
 *    TLB has them, VPN and PFN.  When the step went through the TLB and
 *    the list does not fit, only the current page's entry is listed (with
 *    a count of the others) or none (the walk names the frame), so the
 *    TLB shows at 80x24.
 *
 * The entry this step touched, the TLB entry hit or refilled and the walk
 * are drawn in ROLE_CHANGED with a star in the first column; the entry of
 * the current access also gets the pointer.  By default the list starts at
 * the top, or low enough to show the current entry; scrolling goes back up
 * from there, and a last row says how many rows are hidden below.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/engine.h"
#include "core/machine.h"
#include "core/util.h"
#include "view/pane.h"
#include "view/view.h"
#include "view/vmview.h"

/* Zoomed, tables up to this size show each empty entry on its own row. */
#define SMALL_TABLE 64

enum row_kind {
	ROW_WALK_HEAD, /* "walk of 0x...": or "TLB hit: no walk" */
	ROW_WALK,      /* one level of the walk */
	ROW_BITS,      /* the address's bit fields: indexes | offset */
	ROW_HEAD,      /* column headings of the entries */
	ROW_ENTRY,     /* a leaf entry ever used */
	ROW_EMPTY,     /* empty entries vpn .. vpn + count - 1 (zoomed) */
	ROW_NONE,      /* no entry yet */
	ROW_PA,        /* the current access: virtual -> physical address */
	ROW_OTHERS,    /* compact: count other entries (used, not shown) */
	ROW_TLB_HEAD,
	ROW_TLB,       /* a valid TLB entry */
};

struct row {
	enum row_kind kind;
	uint64_t vpn;   /* entries; walk: level */
	uint64_t count; /* empty runs */
	uint32_t pos;   /* pool position of an entry; TLB entry index */
};

struct rows {
	struct row *r;
	size_t n, cap;
};

struct pctx {
	struct pane_ctx *pc;
	const struct vm *vm;
	uint32_t proc;
	bool refs;
	bool accessed;   /* this step accessed memory in this process */
	int vw;          /* VPN column width */
};

static void push(struct rows *rs, enum row_kind kind, uint64_t vpn,
		 uint64_t count, uint32_t pos)
{
	rs->r = xgrow(rs->r, &rs->cap, rs->n + 1, sizeof *rs->r);
	rs->r[rs->n].kind = kind;
	rs->r[rs->n].vpn = vpn;
	rs->r[rs->n].count = count;
	rs->r[rs->n].pos = pos;
	rs->n++;
}

static bool page_event(const struct pane_ctx *pc, uint32_t proc,
		       uint64_t vpn)
{
	size_t i;

	for (i = 0; i < pc->nevents; i++) {
		const struct event *ev = &pc->events[i];
		if (ev->target == TGT_PAGE && ev->id == proc &&
		    ev->id2 == (int64_t)vpn && ev->kind != EV_PROCESS &&
		    ev->kind != EV_SWITCH && ev->kind != EV_FORK)
			return true;
	}
	return false;
}

static bool tlb_event(const struct pane_ctx *pc, uint32_t entry)
{
	size_t i;

	for (i = 0; i < pc->nevents; i++)
		if (pane_event_hits(&pc->events[i], TGT_TLB, entry, -1) &&
		    pc->events[i].kind != EV_TLB_MISS)
			return true;
	return false;
}

/* The leaf tables of proc, in VPN order (caller frees). */
static uint32_t *leaf_tables(const struct vm *vm, uint32_t proc, size_t *n)
{
	uint32_t *t = xcalloc(vm->pt.ntables ? vm->pt.ntables : 1, sizeof *t);
	size_t i, j, k = 0;

	for (i = 0; i < vm->pt.ntables; i++) {
		const struct pt_table *tb = &vm->pt.tables[i];
		if (tb->proc != proc || tb->level + 1 != vm->pt.levels)
			continue;
		/* insertion sort on prefix: few tables */
		for (j = k; j > 0 && vm->pt.tables[t[j - 1]].prefix > tb->prefix;
		     j--)
			t[j] = t[j - 1];
		t[j] = (uint32_t)i;
		k++;
	}
	*n = k;
	return t;
}

static bool entry_used(const struct pte *e)
{
	return (e->flags & (PTE_PRESENT | PTE_USED)) || e->swap;
}

/*
 * The rows of the list.  Compact (the TLB must show and all does not fit):
 * 1, of the entries only the current access's, with a count of the
 * others; 2, no entries at all (the walk above names the frame).
 */
static void build(const struct pctx *px, bool zoomed, int compact,
		  struct rows *rs)
{
	const struct vm *vm = px->vm;
	const struct vm_last *l = &vm->last;
	size_t nt, t, before;
	uint32_t *tabs, lv;
	uint64_t others = 0;

	rs->n = 0;
	/*
	 * The bit fields: always for the small spaces of exercises, else
	 * when the pane has rows to spare (they come before the entries).
	 */
	if (px->accessed && l->kind != VM_REF &&
	    (vm->g.exam || vm->g.address_bits <= 16 || zoomed ||
	     px->pc->inner.h >= 16))
		push(rs, ROW_BITS, 0, 0, 0);
	if (px->accessed && l->kind != VM_REF) {
		if (l->tlb == VM_TLB_HIT)
			push(rs, ROW_WALK_HEAD, 0, 0, 0);
		else
			for (lv = 0; lv < vm->pt.levels; lv++)
				push(rs, ROW_WALK, lv, 0, 0);
		if (l->has_paddr)
			push(rs, ROW_PA, 0, 0, 0);
	}
	if (!compact)
		push(rs, ROW_HEAD, 0, 0, 0);
	before = rs->n;
	tabs = leaf_tables(vm, px->proc, &nt);
	for (t = 0; t < nt; t++) {
		const struct pt_table *tb = &vm->pt.tables[tabs[t]];
		uint32_t size = pagetable_table_size(&vm->pt, tb->level), i;
		uint64_t run = 0, run_start = 0;

		for (i = 0; i < size; i++) {
			const struct pte *e = &vm->pt.pool[tb->base + i];
			if (entry_used(e)) {
				if (compact > 1 ||
				    (compact && !(px->accessed &&
						  tb->prefix + i == l->vpn))) {
					others++;
					continue;
				}
				if (zoomed && run)
					push(rs, ROW_EMPTY, run_start, run, 0);
				run = 0;
				push(rs, ROW_ENTRY, tb->prefix + i, 0,
				     tb->base + i);
				continue;
			}
			if (!zoomed)
				continue;
			if (size <= SMALL_TABLE) {
				push(rs, ROW_EMPTY, tb->prefix + i, 1, 0);
				continue;
			}
			if (run++ == 0)
				run_start = tb->prefix + i;
		}
		if (zoomed && run)
			push(rs, ROW_EMPTY, run_start, run, 0);
	}
	free(tabs);
	if (others && compact < 2)
		push(rs, ROW_OTHERS, 0, others, 0);
	else if (rs->n == before && !compact)
		push(rs, ROW_NONE, 0, 0, 0);
	if (vm->tlb.entries && !px->refs) {
		uint32_t i;
		push(rs, ROW_TLB_HEAD, 0, 0, 0);
		for (i = 0; i < vm->tlb.entries; i++)
			if (vm->tlb.e[i].valid)
				push(rs, ROW_TLB, 0, 0, i);
	}
}

/*
 * Entry i's place in its set's replacement order: 1 is the next to go
 * (LRU: least recently used; FIFO: filled first); 0 for random.
 */
static unsigned tlb_rank(const struct tlb *t, uint32_t i)
{
	uint32_t set0 = i - i % t->ways, j;
	unsigned rank = 1;

	if (t->policy == TLB_RANDOM)
		return 0;
	for (j = set0; j < set0 + t->ways; j++)
		if (j != i && t->e[j].valid && t->e[j].stamp < t->e[i].stamp)
			rank++;
	return rank;
}

static void prot_text(uint32_t flags, char out[5])
{
	out[0] = (flags & PTE_R) ? 'r' : '-';
	out[1] = (flags & PTE_W) ? 'w' : '-';
	out[2] = (flags & PTE_X) ? 'x' : '-';
	out[3] = (flags & PTE_U) ? 'u' : 'k';
	out[4] = '\0';
}

/* The walk through level lv for the last access: index and entry. */
static void walk_text(const struct pctx *px, uint32_t lv, char *buf,
		      size_t n, bool *reached)
{
	const struct vm *vm = px->vm;
	const struct pagetable *pt = &vm->pt;
	uint64_t vpn = vm->last.vpn;
	uint32_t t = vm->procs[px->proc].root, l, idx = 0, slot;
	const struct pte *e = NULL;

	*reached = true;
	for (l = 0; l <= lv; l++) {
		idx = pagetable_index(pt, vpn, l);
		slot = pagetable_slot(pt, t, idx);
		e = &pt->pool[slot];
		if (l == lv)
			break;
		if (!(e->flags & PTE_TABLE)) {
			*reached = false;
			break;
		}
		t = e->frame;
	}
	const char *w = lv ? "    " : "walk";

	if (!*reached) {
		snprintf(buf, n, "%s L%u [%x] (no table above)", w, lv + 1,
			 pagetable_index(pt, vpn, lv));
		return;
	}
	if (lv + 1 < pt->levels) {
		if (e->flags & PTE_TABLE)
			snprintf(buf, n, "%s L%u [%x] -> table #%u", w, lv + 1,
				 idx, e->frame);
		else
			snprintf(buf, n, "%s L%u [%x] -> empty", w, lv + 1, idx);
	} else if (e->flags & PTE_PRESENT) {
		snprintf(buf, n, "%s L%u [%x] -> PFN %u", w, lv + 1, idx,
			 e->frame);
	} else {
		snprintf(buf, n, "%s L%u [%x] -> %s", w, lv + 1, idx,
			 vm->g.exam ? "invalid" : "not present");
	}
}

/* Append v's low `bits` bits in binary to buf (at *o). */
static void append_binary(char *buf, size_t n, size_t *o, uint64_t v,
			  uint32_t bits)
{
	while (bits-- > 0 && *o + 1 < n)
		buf[(*o)++] = (char)('0' + ((v >> bits) & 1));
	buf[*o] = '\0';
}

/* The fields' values: "L1 0x0 | L2 0x3 | off 0x5" (sep " | " or "|"). */
static void fields_text(const struct vm *vm, const char *sep, char *buf,
			size_t n)
{
	const struct vm_last *l = &vm->last;
	uint32_t lv, nl = vm->pt.levels;
	size_t o = 0;

	buf[0] = '\0';
	for (lv = 0; lv < nl && o < n; lv++) {
		if (nl == 1)
			o += (size_t)snprintf(buf + o, n - o, "VPN 0x%llx%s",
					      (unsigned long long)l->vpn, sep);
		else
			o += (size_t)snprintf(buf + o, n - o, "L%u 0x%x%s",
					      lv + 1,
					      pagetable_index(&vm->pt, l->vpn, lv),
					      sep);
	}
	if (o < n)
		snprintf(buf + o, n - o, "off 0x%llx",
			 (unsigned long long)(l->vaddr & (vm->g.page_size - 1)));
}

/*
 * The bit fields of the address as a small diagram, the widest form that
 * fits in w columns: "0x35 = 00|11|0101: L1 0x0 | L2 0x3 | off 0x5"; the
 * binary alone (addresses of at most 16 bits, where the split can be
 * read off); "0x403a10 = L1 0x1|L2 0x3|off 0xa10"; the fields alone.
 */
static void bits_text(const struct vm *vm, int w, char *buf, size_t n)
{
	const struct vm_last *l = &vm->last;
	char bin[40], wide[96], tight[96];
	uint32_t lv;
	size_t o = 0;

	bin[0] = '\0';
	for (lv = 0; vm->g.address_bits <= 16 && lv < vm->pt.levels; lv++) {
		append_binary(bin, sizeof bin, &o,
			      pagetable_index(&vm->pt, l->vpn, lv),
			      vm->g.split[lv]);
		if (o + 1 < sizeof bin)
			bin[o++] = '|';
	}
	if (vm->g.address_bits <= 16)
		append_binary(bin, sizeof bin, &o,
			      l->vaddr & (vm->g.page_size - 1),
			      vm->g.offset_bits);
	fields_text(vm, " | ", wide, sizeof wide);
	fields_text(vm, "|", tight, sizeof tight);
	if (bin[0]) {
		snprintf(buf, n, "0x%llx = %s: %s", (unsigned long long)l->vaddr,
			 bin, wide);
		if ((int)strlen(buf) <= w)
			return;
		snprintf(buf, n, "0x%llx = %s", (unsigned long long)l->vaddr,
			 bin);
		if ((int)strlen(buf) <= w)
			return;
	}
	snprintf(buf, n, "0x%llx = %s", (unsigned long long)l->vaddr, tight);
	if ((int)strlen(buf) > w)
		snprintf(buf, n, "%s", tight);
}

static void draw_row(const struct pctx *px, const struct row *row,
		     struct rect r, int y)
{
	struct pane_ctx *pc = px->pc;
	struct canvas *c = pc->canvas;
	const struct vm *vm = px->vm;
	const struct vm_last *l = &vm->last;
	char buf[200], pg[64], prot[5];
	bool changed = false, pointer = false;
	int x;

	switch (row->kind) {
	case ROW_BITS:
		bits_text(vm, r.w - 1, buf, sizeof buf);
		canvas_text_fit(c, r, 1, y, r.w - 1, STYLE(ROLE_CURRENT, 0), buf);
		break;
	case ROW_WALK_HEAD:
		if (l->tlb == VM_TLB_HIT)
			snprintf(buf, sizeof buf, "TLB hit: no walk needed");
		else
			snprintf(buf, sizeof buf, "walk of 0x%llx (VPN %llx):",
				 (unsigned long long)l->vaddr,
				 (unsigned long long)l->vpn);
		canvas_text_fit(c, r, 1, y, r.w - 1, STYLE(ROLE_NORMAL, ATTR_BOLD),
				buf);
		break;
	case ROW_WALK: {
		bool reached;
		walk_text(px, (uint32_t)row->vpn, buf, sizeof buf, &reached);
		changed = reached && row->vpn < l->walk_level;
		canvas_text_fit(c, r, 1, y, r.w - 1,
				reached ? STYLE(ROLE_NORMAL, 0) : STYLE(ROLE_DIM, 0),
				buf);
		break;
	}
	case ROW_HEAD:
		canvas_printf(c, r, 0, y, STYLE(ROLE_DIM, ATTR_UNDERLINE),
			      " %*s PFN  PDR prot", px->vw, "VPN");
		break;
	case ROW_ENTRY: {
		const struct pte *e = &vm->pt.pool[row->pos];
		bool present = (e->flags & PTE_PRESENT) != 0;
		const struct frame *fr = present ? &vm->fr.f[e->frame] : NULL;
		struct style st = STYLE(present ? ROLE_PAGE_PRESENT
						: ROLE_PAGE_ABSENT, 0);

		vmview_page(vm, px->refs, false, px->proc, row->vpn, pg,
			    sizeof pg);
		canvas_printf(c, r, 1, y, st, "%*s", px->vw, pg);
		x = 1 + px->vw + 1;
		if (present)
			canvas_printf(c, r, x, y, st, "%3u", e->frame);
		else
			canvas_text(c, r, x, y, STYLE(ROLE_DIM, 0), "  -");
		x += 5;
		canvas_printf(c, r, x, y, st, "%c%c%c", present ? 'P' : '-',
			      fr && fr->dirty ? 'D' : '-',
			      fr && fr->referenced ? 'R' : '-');
		x += 4;
		prot_text(e->flags, prot);
		canvas_text(c, r, x, y, STYLE(ROLE_DIM, 0), prot);
		x += 5;
		buf[0] = '\0';
		if (e->flags & PTE_COW)
			strcat(buf, "cow ");
		if (e->flags & PTE_SHARED)
			strcat(buf, "shared ");
		if (!present && e->swap)
			snprintf(buf + strlen(buf), sizeof buf - strlen(buf),
				 "swap %u", e->swap - 1);
		canvas_text_fit(c, r, x, y, r.w - x, STYLE(ROLE_DIM, 0), buf);
		pointer = px->accessed && l->proc == px->proc &&
			  l->vpn == row->vpn;
		changed = page_event(pc, px->proc, row->vpn) ||
			  (px->accessed && l->evicted &&
			   l->evicted_proc == px->proc &&
			   l->evicted_vpn == row->vpn) ||
			  (pointer && !l->hit);
		break;
	}
	case ROW_EMPTY:
		vmview_page(vm, px->refs, false, px->proc, row->vpn, pg,
			    sizeof pg);
		if (row->count == 1) {
			canvas_printf(c, r, 1, y, STYLE(ROLE_DIM, 0),
				      "%*s   -  --- empty", px->vw, pg);
		} else {
			char last[64];
			vmview_page(vm, px->refs, false, px->proc,
				    row->vpn + row->count - 1, last,
				    sizeof last);
			snprintf(buf, sizeof buf, "%s-%s: %llu empty entries",
				 pg, last, (unsigned long long)row->count);
			canvas_text_fit(c, r, 1, y, r.w - 1, STYLE(ROLE_DIM, 0),
					buf);
		}
		break;
	case ROW_NONE:
		canvas_text_fit(c, r, 1, y, r.w - 1, STYLE(ROLE_DIM, 0),
				"(no page touched yet)");
		break;
	case ROW_PA:
		snprintf(buf, sizeof buf, "VA 0x%llx -> PA 0x%llx",
			 (unsigned long long)l->vaddr,
			 (unsigned long long)l->paddr);
		canvas_text_fit(c, r, 1, y, r.w - 1, STYLE(ROLE_CURRENT, ATTR_BOLD),
				buf);
		break;
	case ROW_OTHERS:
		snprintf(buf, sizeof buf, "(%llu other entr%s: z zooms)",
			 (unsigned long long)row->count,
			 row->count == 1 ? "y" : "ies");
		canvas_text_fit(c, r, 1, y, r.w - 1, STYLE(ROLE_DIM, 0), buf);
		break;
	case ROW_TLB_HEAD: {
		const char *pol = vm->tlb.policy == TLB_LRU    ? "LRU"
				  : vm->tlb.policy == TLB_FIFO ? "FIFO"
							       : "random";
		snprintf(buf, sizeof buf, "TLB: %u/%u valid, %s%s, %s%s",
			 tlb_used(&vm->tlb), vm->tlb.entries,
			 vm->g.tlb_asid ? "ASID-tagged" : "no ASIDs",
			 vm->tlb.ways < vm->tlb.entries ? ", set-assoc." : "",
			 pol,
			 vm->tlb.policy == TLB_RANDOM ? "" : " (#1 goes next)");
		if ((int)strlen(buf) > r.w)
			snprintf(buf, sizeof buf, "TLB %u/%u, %s, %s #1 next",
				 tlb_used(&vm->tlb), vm->tlb.entries,
				 vm->g.tlb_asid ? "ASIDs" : "no ASIDs", pol);
		if ((int)strlen(buf) > r.w)
			snprintf(buf, sizeof buf, "TLB %u/%u, %s, %s order",
				 tlb_used(&vm->tlb), vm->tlb.entries,
				 vm->g.tlb_asid ? "ASIDs" : "no ASIDs", pol);
		if ((int)strlen(buf) > r.w)
			snprintf(buf, sizeof buf, "TLB %u/%u, %s, %s",
				 tlb_used(&vm->tlb), vm->tlb.entries,
				 vm->g.tlb_asid ? "ASIDs" : "no ASIDs", pol);
		canvas_text_fit(c, r, 0, y, r.w, STYLE(ROLE_TITLE, ATTR_BOLD), buf);
		break;
	}
	case ROW_TLB: {
		const struct tlb_entry *te = &vm->tlb.e[row->pos];
		vmview_page(vm, px->refs, false, 0, te->vpn, pg, sizeof pg);
		prot_text(te->prot, prot);
		unsigned rank = tlb_rank(&vm->tlb, row->pos);
		char rk[16] = "";

		if (rank)
			snprintf(rk, sizeof rk, " #%u", rank);
		if (vm->g.tlb_asid)
			snprintf(buf, sizeof buf, "e%u%s ASID %u: VPN %s -> PFN %u",
				 row->pos, rk, te->asid, pg, te->frame);
		else
			snprintf(buf, sizeof buf, "e%u%s: VPN %s -> PFN %u",
				 row->pos, rk, pg, te->frame);
		if ((int)strlen(buf) + 6 <= r.w - 1)
			snprintf(buf + strlen(buf), sizeof buf - strlen(buf), " %s",
				 prot);
		canvas_text_fit(c, r, 1, y, r.w - 1, STYLE(ROLE_NORMAL, 0), buf);
		changed = tlb_event(pc, row->pos) ||
			  (px->accessed && l->tlb_entry == row->pos);
		pointer = px->accessed && l->tlb_entry == row->pos;
		break;
	}
	}
	if (changed)
		canvas_restyle(c, r, 1, y, r.w - 1, STYLE(ROLE_CHANGED, ATTR_BOLD));
	if (pointer)
		canvas_put_glyph(c, r, 0, y, GLYPH_POINTER,
				 STYLE(ROLE_CURRENT, ATTR_BOLD));
	else if (changed)
		canvas_put_glyph(c, r, 0, y, GLYPH_CHANGED,
				 STYLE(ROLE_CHANGED, ATTR_BOLD | ATTR_ROW));
}

/*
 * The counters: one line when the long form fits, else two when `two`,
 * else one short line; in presentation mode only faults, hits and the
 * TLB hit rate.  line2 is "" when unused.
 */
static void counters(const struct vm *vm, bool refs, int w, bool two,
		     bool present, char *line1, char *line2, size_t n)
{
	const struct vm_stats *s = &vm->st;
	uint64_t tl = s->tlb_hits + s->tlb_misses;
	char tlb[64] = "";

	line2[0] = '\0';
	if (present) {
		/* Presentation: the two numbers a class follows. */
		snprintf(line1, n, "faults %llu  hits %llu",
			 (unsigned long long)s->page_faults,
			 (unsigned long long)s->hits);
		if (!refs && tl)
			snprintf(line1 + strlen(line1), n - strlen(line1),
				 "  TLB hit %.0f%%",
				 100.0 * (double)s->tlb_hits / (double)tl);
		return;
	}
	if (!refs && tl)
		snprintf(tlb, sizeof tlb, "TLB hits %llu/%llu (%.0f%%)",
			 (unsigned long long)s->tlb_hits,
			 (unsigned long long)tl,
			 100.0 * (double)s->tlb_hits / (double)tl);
	snprintf(line1, n,
		 "faults %llu  hits %llu  evictions %llu  write-backs %llu%s%s",
		 (unsigned long long)s->page_faults,
		 (unsigned long long)s->hits,
		 (unsigned long long)s->evictions,
		 (unsigned long long)s->writebacks, *tlb ? "  " : "", tlb);
	if ((int)strlen(line1) <= w)
		return;
	if (two) {
		snprintf(line1, n, "faults %llu  hits %llu  evictions %llu",
			 (unsigned long long)s->page_faults,
			 (unsigned long long)s->hits,
			 (unsigned long long)s->evictions);
		if ((int)strlen(line1) > w)
			snprintf(line1, n, "faults %llu hits %llu evictions %llu",
				 (unsigned long long)s->page_faults,
				 (unsigned long long)s->hits,
				 (unsigned long long)s->evictions);
		snprintf(line2, n, "write-backs %llu%s%s",
			 (unsigned long long)s->writebacks, *tlb ? "  " : "",
			 tlb);
		if ((int)strlen(line2) > w && tl)
			snprintf(line2, n, "write-backs %llu TLB hit %.0f%%",
				 (unsigned long long)s->writebacks,
				 100.0 * (double)s->tlb_hits / (double)tl);
		return;
	}
	snprintf(line1, n, "flt %llu hit %llu evict %llu wb %llu",
		 (unsigned long long)s->page_faults,
		 (unsigned long long)s->hits,
		 (unsigned long long)s->evictions,
		 (unsigned long long)s->writebacks);
	if (tl && (int)strlen(line1) + 9 <= w)
		snprintf(line1 + strlen(line1), n - strlen(line1), " TLB %.0f%%",
			 100.0 * (double)s->tlb_hits / (double)tl);
}

void pane_pagetable_draw(struct pane_ctx *pc)
{
	const struct machine *m = pc->machine;
	const struct vm *vm = &m->vm;
	struct canvas *c = pc->canvas;
	struct rect r = pc->inner;
	bool zoomed = pc->vs && pc->vs->zoom == PANE_ID_PAGETABLE;
	struct rows rs = { NULL, 0, 0 };
	struct pctx px;
	char buf[200];
	int y = 0, list_h, first, auto_first = 0, total, i, cur = -1;
	int compact = 0;

	if (r.w <= 0 || r.h <= 0)
		return;
	if (vm->current == VM_NONE || vm->current >= vm->nprocs) {
		canvas_text_fit(c, r, 0, 0, r.w, STYLE(ROLE_DIM, 0),
				"no process yet: no page table");
		return;
	}
	memset(&px, 0, sizeof px);
	px.pc = pc;
	px.vm = vm;
	px.proc = vm->current;
	px.refs = vmview_refs_only(m->prog);
	px.accessed = vmview_step_accessed(pc->events, pc->nevents) &&
		      vm->last.valid && vm->last.proc == px.proc;
	{
		uint64_t maxv = (1ull << vm->g.vpn_bits) - 1;
		vmview_page(vm, px.refs, false, 0, maxv, buf, sizeof buf);
		px.vw = (int)strlen(buf) < 3 ? 3 : (int)strlen(buf);
		if (px.refs)
			px.vw = 4;
	}

	/* Row 0: the process and the table's shape. */
	{
		char split[48] = "";
		size_t o = 0;
		uint32_t lv;
		for (lv = 0; lv < vm->g.levels && o < sizeof split; lv++)
			o += (size_t)snprintf(split + o, sizeof split - o, "%u/",
					      vm->g.split[lv]);
		if (o < sizeof split)
			snprintf(split + o, sizeof split - o, "%u",
				 vm->g.offset_bits);
		if (px.refs)
			snprintf(buf, sizeof buf, "page table of %s",
				 vm_process_name(vm, px.proc));
		else if (vm->g.tlb_asid)
			snprintf(buf, sizeof buf, "%s (ASID %u): %u level%s, %s",
				 vm_process_name(vm, px.proc),
				 vm->procs[px.proc].asid, vm->g.levels,
				 vm->g.levels == 1 ? "" : "s", split);
		else
			snprintf(buf, sizeof buf, "%s: %u level%s, %s",
				 vm_process_name(vm, px.proc), vm->g.levels,
				 vm->g.levels == 1 ? "" : "s", split);
		if (!px.refs && (int)strlen(buf) > r.w)
			snprintf(buf, sizeof buf, "%s: split %s",
				 vm_process_name(vm, px.proc), split);
		if (vm->nprocs > 1)
			snprintf(buf + strlen(buf), sizeof buf - strlen(buf),
				 ", %zu processes", vm->nprocs);
		if (!vm->procs[px.proc].alive)
			snprintf(buf + strlen(buf), sizeof buf - strlen(buf),
				 " (killed)");
		canvas_text_fit(c, r, 0, y++, r.w, STYLE(ROLE_TITLE, ATTR_BOLD),
				buf);
	}
	/*
	 * What the step is about comes first: when it went through the TLB
	 * and the list does not fit, the counters take one row and the
	 * entries shrink to the current one, so the TLB shows.
	 */
	build(&px, zoomed, 0, &rs);
	if (!zoomed && px.accessed && vm->tlb.entries && !px.refs &&
	    (int)rs.n > r.h - y - (r.h >= 9 ? 2 : 1)) {
		compact = 1;
		build(&px, zoomed, compact, &rs);
		if ((int)rs.n > r.h - y - 1)
			build(&px, zoomed, ++compact, &rs);
	}
	if (y < r.h && r.h >= 3) {
		char line2[200];
		counters(vm, px.refs, r.w, r.h >= 9 && !compact,
			 pc->vs && pc->vs->present, buf, line2, sizeof buf);
		canvas_text_fit(c, r, 0, y++, r.w, STYLE(ROLE_NORMAL, 0), buf);
		if (line2[0])
			canvas_text_fit(c, r, 0, y++, r.w, STYLE(ROLE_NORMAL, 0),
					line2);
	}

	total = (int)rs.n;
	list_h = r.h - y;
	for (i = 0; i < total; i++) {
		if (rs.r[i].kind == ROW_ENTRY && px.accessed &&
		    rs.r[i].vpn == vm->last.vpn) {
			cur = i;
			break;
		}
	}
	if (list_h > 1 && cur > list_h - 2)
		auto_first = cur - (list_h - 2);
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
			draw_row(&px, &rs.r[first + i], lr, i);
		}
	}
	free(rs.r);
}
