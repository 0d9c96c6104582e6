/*
 * table.c: the textbook's tables of a run (see table.h).  One pass over
 * the steps; after each, the step's events say which models it touched
 * (their targets and flags, never their kinds' names) and one function
 * per model turns that model's state into the step's row.  The page
 * reference grid is built column by column and turned into rows at the
 * end.
 *
 * Invariant: every row of a table has exactly ncols cells (empty cells
 * are "").
 */
#include "core/table.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/directive.h"
#include "core/machine.h"

static const char *const table_titles[TABLE_MODELS] = {
	"Page references", "Address translation", "Cache accesses",
	"Heap operations", "Garbage collection",
};

/* Targets a step touched: one bit per enum event_target. */
#define TOUCHED(t) (1u << (t))

static void table_init(struct table *t, int model, size_t ncols)
{
	memset(t, 0, sizeof *t);
	t->model = model;
	t->ncols = ncols;
}

void table_free(struct table *t)
{
	size_t i;

	for (i = 0; i < t->nrows * t->ncols; i++)
		free(t->cell[i]);
	free(t->cell);
	memset(t, 0, sizeof *t);
}

/* Start a new row of empty cells; returns its index. */
static size_t row_add(struct table *t)
{
	size_t i, r = t->nrows;

	t->cell = xgrow(t->cell, &t->cap, (r + 1) * t->ncols, sizeof *t->cell);
	for (i = 0; i < t->ncols; i++)
		t->cell[r * t->ncols + i] = NULL;
	t->nrows++;
	return r;
}

static void cell_set(struct table *t, size_t r, size_t c, const char *fmt,
		     ...) __attribute__((format(printf, 4, 5)));

static void cell_set(struct table *t, size_t r, size_t c, const char *fmt,
		     ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	free(t->cell[r * t->ncols + c]);
	t->cell[r * t->ncols + c] = xstrdup(buf);
}

static const char *cell_get(const struct table *t, size_t r, size_t c)
{
	const char *s = t->cell[r * t->ncols + c];

	return s ? s : "";
}

/* ---- page references: the grid ---- */

struct refs_grid {
	size_t nrefs, cap;
	uint32_t nframes;   /* frames shown: 0 .. highest ever used */
	char (*ref)[24];
	char (*evicted)[24];
	bool *fault;
	int64_t *frame;     /* nrefs x vm frames: page or -1 */
	uint32_t count;     /* frames in memory */
};

static void refs_row(struct refs_grid *g, const struct vm *vm)
{
	const struct vm_last *l = &vm->last;
	size_t n = g->nrefs, i, cap = g->cap;

	if (n == cap) {
		cap = cap ? cap * 2 : 16;
		g->ref = xrealloc(g->ref, cap * sizeof *g->ref);
		g->evicted = xrealloc(g->evicted, cap * sizeof *g->evicted);
		g->fault = xrealloc(g->fault, cap * sizeof *g->fault);
		g->frame = xrealloc(g->frame, cap * vm->fr.count * sizeof *g->frame);
		g->cap = cap;
	}
	g->count = vm->fr.count;
	snprintf(g->ref[n], sizeof g->ref[n], "%llu%s",
		 (unsigned long long)l->vpn, l->write ? "w" : "");
	g->fault[n] = l->fault;
	if (l->evicted)
		snprintf(g->evicted[n], sizeof g->evicted[n], "%llu",
			 (unsigned long long)l->evicted_vpn);
	else
		g->evicted[n][0] = '\0';
	for (i = 0; i < vm->fr.count; i++) {
		const struct frame *f = &vm->fr.f[i];
		g->frame[n * vm->fr.count + i] =
			f->proc == FRAME_NONE ? -1 :
			(int64_t)(f->object ? f->objpage : f->vpn);
		if (f->proc != FRAME_NONE && i + 1 > g->nframes)
			g->nframes = (uint32_t)i + 1;
	}
	g->nrefs++;
}

static void refs_table(struct refs_grid *g, struct table *t)
{
	size_t r, c;
	uint32_t f;

	if (g->nrefs == 0)
		return;
	table_init(t, TABLE_REFS, g->nrefs + 1);
	r = row_add(t);
	cell_set(t, r, 0, "ref");
	for (c = 0; c < g->nrefs; c++)
		cell_set(t, r, c + 1, "%s", g->ref[c]);
	for (f = 0; f < g->nframes; f++) {
		r = row_add(t);
		cell_set(t, r, 0, "frame %u", f);
		for (c = 0; c < g->nrefs; c++) {
			int64_t p = g->frame[c * g->count + f];
			if (p >= 0)
				cell_set(t, r, c + 1, "%lld", (long long)p);
		}
	}
	r = row_add(t);
	cell_set(t, r, 0, "fault");
	for (c = 0; c < g->nrefs; c++)
		if (g->fault[c])
			cell_set(t, r, c + 1, "F");
	r = row_add(t);
	cell_set(t, r, 0, "evicted");
	for (c = 0; c < g->nrefs; c++)
		cell_set(t, r, c + 1, "%s", g->evicted[c]);
}

static void refs_free(struct refs_grid *g)
{
	free(g->ref);
	free(g->evicted);
	free(g->fault);
	free(g->frame);
}

/* ---- address translation ---- */

static void addr_header(struct table *t, const struct vm *vm)
{
	size_t r = row_add(t), c = 0;
	uint32_t l;

	cell_set(t, r, c++, "VA");
	cell_set(t, r, c++, "VPN");
	cell_set(t, r, c++, "offset");
	cell_set(t, r, c++, "TLB");
	for (l = 0; vm->pt.levels > 1 && l < vm->pt.levels; l++)
		cell_set(t, r, c++, "L%u index", l + 1);
	cell_set(t, r, c++, "PFN");
	cell_set(t, r, c, "PA");
}

/* The page of the last access is mapped (a refusal is then protection). */
static bool mapped(const struct vm *vm)
{
	const struct vm_last *l = &vm->last;
	uint32_t pos;

	if (l->proc >= vm->nprocs || (vm->g.vpn_bits < 64 && l->vpn >> vm->g.vpn_bits))
		return false;
	pos = pagetable_lookup(&vm->pt, vm->procs[l->proc].root, l->vpn);
	return pos != PT_NONE && (vm->pt.pool[pos].flags & PTE_PRESENT);
}

static void addr_row(struct table *t, const struct vm *vm)
{
	const struct vm_last *l = &vm->last;
	size_t r, c = 0;
	uint32_t k;

	if (t->ncols == 0) {
		table_init(t, TABLE_ADDR,
			   6 + (vm->pt.levels > 1 ? vm->pt.levels : 0));
		addr_header(t, vm);
	}
	r = row_add(t);
	cell_set(t, r, c++, "0x%llx", (unsigned long long)l->vaddr);
	cell_set(t, r, c++, "0x%llx", (unsigned long long)l->vpn);
	cell_set(t, r, c++, "0x%llx",
		 (unsigned long long)(l->vaddr & (vm->g.page_size - 1)));
	cell_set(t, r, c++, "%s", l->tlb == VM_TLB_HIT ? "hit" :
				  l->tlb == VM_TLB_MISS ? "miss" : "-");
	for (k = 0; vm->pt.levels > 1 && k < vm->pt.levels; k++) {
		/* Each level's index of the page number (no walk on a hit). */
		if (l->tlb != VM_TLB_HIT)
			cell_set(t, r, c, "0x%x",
				 pagetable_index(&vm->pt, l->vpn, k));
		c++;
	}
	if (l->invalid && mapped(vm))
		cell_set(t, r, c++, "protection");
	else if (l->invalid)
		cell_set(t, r, c++, "invalid");
	else if (l->segfault)
		cell_set(t, r, c++, "segfault");
	else if (l->fault && l->has_paddr)
		cell_set(t, r, c++, "fault, %u", l->frame);
	else if (l->has_paddr)
		cell_set(t, r, c++, "%u", l->frame);
	else
		cell_set(t, r, c++, "fault");
	if (l->has_paddr)
		cell_set(t, r, c, "0x%llx", (unsigned long long)l->paddr);
	else
		cell_set(t, r, c, "-");
}

/* ---- cache accesses ---- */

static const char *const miss_words[] = { "", "compulsory", "capacity",
					  "conflict" };

/* The level whose tag, set and offset the row shows: the first touched. */
static const struct cache_level *cache_first(const struct cache *c)
{
	return c->last.ntouch ? &c->level[c->last.touch[0].level] :
				&c->level[0];
}

static void cache_row(struct table *t, const struct cache *c)
{
	const struct cache_last *l = &c->last;
	const struct cache_level *lv = cache_first(c);
	uint64_t a = l->addr;
	size_t r, col = 4;
	uint32_t i, k;

	if (t->ncols == 0) {
		table_init(t, TABLE_CACHE, 4 + 2 * (size_t)c->nlevels);
		r = row_add(t);
		cell_set(t, r, 0, "address");
		cell_set(t, r, 1, "tag");
		cell_set(t, r, 2, "set");
		cell_set(t, r, 3, "offset");
		for (i = 0; i < c->nlevels; i++) {
			cell_set(t, r, 4 + 2 * i, "%s", c->level[i].name);
			cell_set(t, r, 5 + 2 * i, "%s evicted",
				 c->level[i].name);
		}
	}
	r = row_add(t);
	cell_set(t, r, 0, "0x%llx", (unsigned long long)a);
	cell_set(t, r, 1, "0x%llx",
		 (unsigned long long)(a >> (lv->line_bits + lv->set_bits)));
	cell_set(t, r, 2, "%llu",
		 (unsigned long long)((a >> lv->line_bits) &
				      ((1ull << lv->set_bits) - 1)));
	cell_set(t, r, 3, "%llu",
		 (unsigned long long)(a & (lv->line_bytes - 1)));
	for (i = 0; i < c->nlevels; i++, col += 2) {
		/* The demand access: the level's first touch this step. */
		for (k = 0; k < l->ntouch && l->touch[k].level != i; k++)
			;
		if (k == l->ntouch) {
			cell_set(t, r, col, "-");
			continue;
		}
		if (l->touch[k].hit)
			cell_set(t, r, col, "hit");
		else if (l->touch[k].miss_kind > 0 && l->touch[k].miss_kind < 4)
			cell_set(t, r, col, "miss (%s)",
				 miss_words[l->touch[k].miss_kind]);
		else
			cell_set(t, r, col, "miss");
		if (l->touch[k].evicted)
			cell_set(t, r, col + 1, "0x%llx%s",
				 (unsigned long long)l->touch[k].evicted_tag,
				 l->touch[k].writeback ? " (dirty)" : "");
	}
}

/* ---- heap ---- */

static void heap_row(struct table *t, const struct machine *m,
		     const struct step *s)
{
	const struct heap *h = &m->heap;
	const char *name = program_name(m->prog, s->sym);
	struct strbuf fl;
	uint32_t i;
	size_t r;

	if (t->ncols == 0) {
		table_init(t, TABLE_HEAP, 3);
		r = row_add(t);
		cell_set(t, r, 0, "request");
		cell_set(t, r, 1, "address");
		cell_set(t, r, 2, "free list after");
	}
	r = row_add(t);
	if (s->sym == SYM_NONE)
		cell_set(t, r, 0, "%s", directive_get(s->op)->name);
	else if (s->a > 0)
		cell_set(t, r, 0, "%s %s %lld", directive_get(s->op)->name,
			 name, (long long)s->a);
	else
		cell_set(t, r, 0, "%s %s", directive_get(s->op)->name, name);
	if (h->last.has_addr && h->last.null)
		cell_set(t, r, 1, "NULL");
	else if (h->last.has_addr)
		cell_set(t, r, 1, "0x%llx", (unsigned long long)h->last.addr);
	else
		cell_set(t, r, 1, "-");
	strbuf_init(&fl);
	for (i = heap_free_first(h); i != HEAP_NIL; i = heap_free_next(h, i)) {
		const struct heap_block *b = heap_block(h, i);
		strbuf_printf(&fl, "%s0x%llx:%llu", fl.len ? " " : "",
			      (unsigned long long)b->addr,
			      (unsigned long long)b->size);
	}
	cell_set(t, r, 2, "%s", fl.len ? fl.buf : "(empty)");
	strbuf_free(&fl);
}

/* ---- garbage collection ---- */

static void ids_str(const struct machine *m, const uint32_t *ids, size_t n,
		    struct strbuf *sb)
{
	char label[64];
	size_t i;

	strbuf_reset(sb);
	for (i = 0; i < n; i++) {
		gc_label(&m->gc, m->prog, ids[i], label, sizeof label);
		strbuf_printf(sb, "%s%s", i ? " " : "", label);
	}
	if (n == 0)
		strbuf_puts(sb, "-");
}

static void gc_row(struct table *t, const struct machine *m, size_t k)
{
	const struct gc *g = &m->gc;
	struct strbuf sb;
	uint32_t *ids = NULL;
	size_t *slots = NULL, n, r;

	if (t->ncols == 0) {
		table_init(t, TABLE_GC, 6);
		r = row_add(t);
		cell_set(t, r, 0, "step");
		cell_set(t, r, 1, "phase");
		cell_set(t, r, 2, "roots");
		cell_set(t, r, 3, "marked");
		cell_set(t, r, 4, "freed");
		cell_set(t, r, 5, "moved");
	}
	strbuf_init(&sb);
	r = row_add(t);
	cell_set(t, r, 0, "%zu", k);
	cell_set(t, r, 1, "%s", g->step_phase ? g->step_phase : "-");
	n = gc_roots(g, &m->stack, &ids, &slots);
	ids_str(m, ids, n, &sb);
	cell_set(t, r, 2, "%s", sb.buf);
	free(ids);
	free(slots);
	ids_str(m, g->marked.v, g->result_step == k ? g->marked.n : 0, &sb);
	cell_set(t, r, 3, "%s", sb.buf);
	ids_str(m, g->freed.v, g->result_step == k ? g->freed.n : 0, &sb);
	cell_set(t, r, 4, "%s", sb.buf);
	ids_str(m, g->moved.v, g->result_step == k ? g->moved.n : 0, &sb);
	cell_set(t, r, 5, "%s", sb.buf);
	strbuf_free(&sb);
}

/* ---- the run ---- */

/* The targets and flags of the step just applied. */
static uint32_t step_targets(const struct engine *e, uint32_t *flags)
{
	const struct event *ev;
	size_t n, i;
	uint32_t bits = 0;

	ev = engine_events(e, &n);
	*flags = 0;
	for (i = 0; i < n; i++) {
		bits |= TOUCHED(ev[i].target);
		*flags |= ev[i].flags;
	}
	return bits;
}

void table_build(struct engine *e, struct table tables[TABLE_MODELS])
{
	struct refs_grid grid;
	size_t k;
	int i;

	memset(&grid, 0, sizeof grid);
	for (i = 0; i < TABLE_MODELS; i++)
		table_init(&tables[i], i, 0);
	engine_goto(e, 0);
	for (k = 1; engine_forward(e); k++) {
		const struct machine *m = engine_machine(e);
		const struct step *s = engine_step(e, k);
		uint32_t flags, bits = step_targets(e, &flags);
		bool vm = bits & (TOUCHED(TGT_PAGE) | TOUCHED(TGT_TLB) |
				  TOUCHED(TGT_FRAME));

		if (vm && m->vm.last.valid && m->vm.last.kind == VM_REF)
			refs_row(&grid, &m->vm);
		else if (vm && m->vm.last.valid)
			addr_row(&tables[TABLE_ADDR], &m->vm);
		if ((bits & TOUCHED(TGT_CACHE_LINE)) && m->cache.nlevels)
			cache_row(&tables[TABLE_CACHE], &m->cache);
		if (bits & TOUCHED(TGT_HEAP_BLOCK))
			heap_row(&tables[TABLE_HEAP], m, s);
		if ((flags & EVF_GC) && m->gc.step_worked)
			gc_row(&tables[TABLE_GC], m, k);
	}
	refs_table(&grid, &tables[TABLE_REFS]);
	refs_free(&grid);
}

/* ---- output ---- */

static void csv_cell(struct strbuf *out, const char *s)
{
	if (strpbrk(s, ",\"\n") == NULL) {
		strbuf_puts(out, s);
		return;
	}
	strbuf_putc(out, '"');
	for (; *s; s++) {
		if (*s == '"')
			strbuf_putc(out, '"');
		strbuf_putc(out, *s);
	}
	strbuf_putc(out, '"');
}

static void write_one(const struct table *t, bool csv, struct strbuf *out)
{
	size_t r, c, *w = xcalloc(t->ncols, sizeof *w);

	for (r = 0; r < t->nrows; r++)
		for (c = 0; c < t->ncols; c++) {
			size_t len = strlen(cell_get(t, r, c));
			if (len > w[c])
				w[c] = len;
		}
	strbuf_printf(out, "%s%s\n", csv ? "# " : "", table_titles[t->model]);
	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c < t->ncols; c++) {
			const char *s = cell_get(t, r, c);
			if (csv) {
				if (c)
					strbuf_putc(out, ',');
				csv_cell(out, s);
			} else if (c + 1 < t->ncols) {
				strbuf_printf(out, "%-*s  ", (int)w[c], s);
			} else {
				strbuf_puts(out, s);
			}
		}
		/* No trailing blanks in plain text. */
		while (!csv && out->len && out->buf[out->len - 1] == ' ')
			out->buf[--out->len] = '\0';
		strbuf_putc(out, '\n');
	}
	free(w);
}

void table_write(const struct table tables[TABLE_MODELS], bool csv,
		 struct strbuf *out)
{
	bool first = true;
	int i;

	for (i = 0; i < TABLE_MODELS; i++) {
		if (tables[i].nrows == 0)
			continue;
		if (!first)
			strbuf_putc(out, '\n');
		write_one(&tables[i], csv, out);
		first = false;
	}
}
