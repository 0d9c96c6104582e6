/*
 * preset.c: state given up front, for exercises.  `pte PAGE FRAME` and
 * `pte PAGE invalid` fill the running process's page table (the inner
 * tables created as the entries need them) and make translation exam
 * style (vm.h: an access the table refuses is an error step and the run
 * goes on; no demand paging; no kernel half); `frame N PAGE` puts pages
 * in memory for a replacement exercise, in the FIFO / LRU order of the
 * lines, with the R and M bits given; `line LEVEL SET WAY TAG` puts a
 * line in a cache way, as if used in the order of the lines.
 *
 * Invariants: presets are configuration (before the first step), kept in
 * program->presets in scenario order and applied in that order by
 * preset_apply when a machine is created; a page has at most one entry
 * and a frame holds at most one page (both checked while parsing); every
 * frame named is inside physical memory (vm_config.min_frames).
 */
#include "core/preset.h"

#include <string.h>

#include "core/cache.h"
#include "core/directive.h"
#include "core/machine.h"
#include "core/scenario.h"
#include "core/util.h"
#include "core/vm.h"

/* ---- parsing ---- */

static struct preset *preset_add(struct parse_ctx *pc, int kind)
{
	struct program *p = pc->prog;
	struct preset *r;

	p->presets = xgrow(p->presets, &p->presets_cap, p->npresets + 1,
			   sizeof *p->presets);
	r = &p->presets[p->npresets++];
	memset(r, 0, sizeof *r);
	r->kind = kind;
	r->line = pc->line;
	return r;
}

/* The earlier preset of `kind` with the same page (by_frame: frame). */
static const struct preset *preset_find(const struct program *p, int kind,
					bool by_frame, uint64_t v)
{
	size_t i;

	for (i = 0; i < p->npresets; i++) {
		const struct preset *r = &p->presets[i];
		if (r->kind != kind || (r->flags & PRESET_INVALID && by_frame))
			continue;
		if ((by_frame ? r->frame : r->page) == v)
			return r;
	}
	return NULL;
}

/* "rw-", "r-x", "rwx", "none": VM_PROT_* bits. */
static bool parse_pte_prot(struct parse_ctx *pc, const struct token *t,
			   uint32_t *out)
{
	size_t i;

	*out = 0;
	if (t->value_len == 4 && memcmp(t->value, "none", 4) == 0)
		return true;
	for (i = 0; i < t->value_len && t->value_len <= 3; i++) {
		char c = t->value[i];
		if (c == 'r')
			*out |= VM_PROT_R;
		else if (c == 'w')
			*out |= VM_PROT_W;
		else if (c == 'x')
			*out |= VM_PROT_X;
		else if (c != '-')
			break;
	}
	if (t->value_len == 0 || t->value_len > 3 || i < t->value_len) {
		parse_error(pc, t, "prot= takes a protection such as r-x, rw- or none");
		return false;
	}
	return true;
}

/* The words after PAGE FRAME: prot=, dirty, referenced. */
static bool parse_bits(struct parse_ctx *pc, const struct token *args,
		       size_t nargs, struct preset *r, bool prot_ok)
{
	size_t i;

	for (i = 0; i < nargs; i++) {
		const struct token *t = &args[i];
		if (t->type == TOK_OPTION && prot_ok && t->len == 4 &&
		    memcmp(t->text, "prot", 4) == 0) {
			if (!parse_pte_prot(pc, t, &r->prot))
				return false;
		} else if (t->type == TOK_WORD && t->len == 5 &&
			   memcmp(t->text, "dirty", 5) == 0) {
			r->flags |= PRESET_DIRTY;
		} else if (t->type == TOK_WORD && t->len == 10 &&
			   memcmp(t->text, "referenced", 10) == 0) {
			r->flags |= PRESET_REFERENCED;
		} else {
			parse_error(pc, t, "expected %sdirty or referenced",
				    prot_ok ? "prot=PROT, " : "");
			return false;
		}
	}
	return true;
}

/* The page and frame numbers of a pte or frame line, checked. */
static bool parse_page(struct parse_ctx *pc, const struct token *t,
		       const struct vm_geometry *g, uint64_t *page)
{
	if (!parse_u64(pc, t, page))
		return false;
	if (g->vpn_bits < 64 && *page >> g->vpn_bits) {
		parse_error(pc, t, "page %llu does not exist: %u-bit addresses with %llu-byte pages have pages 0 to %llu",
			    (unsigned long long)*page, g->address_bits,
			    (unsigned long long)g->page_size,
			    (unsigned long long)((1ull << g->vpn_bits) - 1));
		return false;
	}
	return true;
}

static bool parse_frame_number(struct parse_ctx *pc, const struct token *t,
			       const struct vm_config *c, uint64_t *frame)
{
	uint64_t limit = c->set & VMC_FRAMES ? c->frames : VM_MAX_FRAMES;

	if (!parse_u64(pc, t, frame))
		return false;
	if (c->set & VMC_MEMORY)
		limit = VM_MAX_FRAMES;
	if (*frame >= limit) {
		parse_error(pc, t, "frame %llu does not exist: physical memory has frames 0 to %llu",
			    (unsigned long long)*frame,
			    (unsigned long long)(limit - 1));
		return false;
	}
	return true;
}

/* Shared by pte and frame once the numbers are known. */
static bool add_page(struct parse_ctx *pc, struct preset *r,
		     const struct token *page_tok,
		     const struct token *frame_tok)
{
	struct vm_config *c = &pc->prog->config.vm;
	const struct preset *old;
	struct vm_geometry g;
	char why[240];

	old = preset_find(pc->prog, r->kind, false, r->page);
	if (old && old != r) {
		parse_error(pc, page_tok, "page %llu is already given on line %u",
			    (unsigned long long)r->page, old->line);
		return false;
	}
	if (!(r->flags & PRESET_INVALID)) {
		old = preset_find(pc->prog, r->kind, true, r->frame);
		if (old && old != r) {
			parse_error(pc, frame_tok, "frame %llu already holds page %llu (line %u)",
				    (unsigned long long)r->frame,
				    (unsigned long long)old->page, old->line);
			return false;
		}
		if (r->frame + 1 > c->min_frames)
			c->min_frames = r->frame + 1;
	}
	if (!(c->set & VMC_PROCESS))
		c->implicit_process = true;
	pc->prog->config.uses |= USES_VM;
	if (!vm_geometry_resolve(c, &g, why, sizeof why)) {
		parse_error_here(pc, "%s", why);
		return false;
	}
	return true;
}

static bool geometry_now(struct parse_ctx *pc, struct vm_geometry *g)
{
	char why[240];

	if (vm_geometry_resolve(&pc->prog->config.vm, g, why, sizeof why))
		return true;
	parse_error_here(pc, "%s", why);
	return false;
}

static bool parse_pte(struct parse_ctx *pc, const struct token *args,
		      size_t nargs)
{
	struct vm_config *c = &pc->prog->config.vm;
	struct vm_geometry g;
	struct preset r;
	uint64_t page;
	bool invalid;

	if (!parse_expect(pc, nargs, 2, 5) || !geometry_now(pc, &g))
		return false;
	if (!parse_page(pc, &args[0], &g, &page))
		return false;
	memset(&r, 0, sizeof r);
	r.kind = PRESET_PTE;
	r.line = pc->line;
	r.page = page;
	r.prot = VM_PROT_R | VM_PROT_W;
	invalid = args[1].type == TOK_WORD && args[1].len == 7 &&
		  memcmp(args[1].text, "invalid", 7) == 0;
	if (invalid) {
		if (nargs > 2) {
			parse_error(pc, &args[2], "an invalid entry takes nothing more");
			return false;
		}
		r.flags = PRESET_INVALID;
	} else if (!parse_frame_number(pc, &args[1], c, &r.frame) ||
		   !parse_bits(pc, args + 2, nargs - 2, &r, true)) {
		return false;
	}
	c->exam = true;
	*preset_add(pc, PRESET_PTE) = r;
	return add_page(pc, &pc->prog->presets[pc->prog->npresets - 1],
			&args[0], &args[1]);
}

static bool parse_frame(struct parse_ctx *pc, const struct token *args,
			size_t nargs)
{
	struct vm_config *c = &pc->prog->config.vm;
	struct vm_geometry g;
	struct preset r;

	if (!parse_expect(pc, nargs, 2, 4) || !geometry_now(pc, &g))
		return false;
	memset(&r, 0, sizeof r);
	r.kind = PRESET_FRAME;
	r.line = pc->line;
	r.prot = VM_PROT_R | VM_PROT_W;
	if (!parse_frame_number(pc, &args[0], c, &r.frame) ||
	    !parse_page(pc, &args[1], &g, &r.page) ||
	    !parse_bits(pc, args + 2, nargs - 2, &r, false))
		return false;
	*preset_add(pc, PRESET_FRAME) = r;
	return add_page(pc, &pc->prog->presets[pc->prog->npresets - 1],
			&args[1], &args[0]);
}

/* A configured cache level's geometry (ways 0: fully associative). */
static void level_shape(const struct cache_level_config *lc, uint64_t *sets,
			uint64_t *ways)
{
	uint64_t lines = lc->size_bytes / lc->line_bytes;

	*ways = lc->ways ? lc->ways : lines;
	*sets = lines / *ways;
}

static bool parse_line(struct parse_ctx *pc, const struct token *args,
		       size_t nargs)
{
	const struct cache_level_config *lc;
	const struct program *p = pc->prog;
	struct preset r;
	uint64_t sets, ways, set, way, tag;
	int slot;
	size_t i;

	if (!parse_expect(pc, nargs, 4, 5) ||
	    !parse_choice(pc, &args[0], cache_level_words, "cache level", &slot))
		return false;
	lc = &p->config.cache.slot[slot];
	if (!lc->present) {
		parse_error(pc, &args[0], "no `cache %s` line configures this level before it",
			    cache_level_words[slot]);
		return false;
	}
	level_shape(lc, &sets, &ways);
	if (!parse_u64(pc, &args[1], &set) || !parse_u64(pc, &args[2], &way) ||
	    !parse_u64(pc, &args[3], &tag))
		return false;
	if (set >= sets) {
		parse_error(pc, &args[1], "set %llu does not exist: %s has sets 0 to %llu",
			    (unsigned long long)set, cache_level_words[slot],
			    (unsigned long long)(sets - 1));
		return false;
	}
	if (way >= ways) {
		parse_error(pc, &args[2], "way %llu does not exist: %s has ways 0 to %llu",
			    (unsigned long long)way, cache_level_words[slot],
			    (unsigned long long)(ways - 1));
		return false;
	}
	if (tag >= (1ull << 40)) {
		parse_error(pc, &args[3], "a tag takes 0 to 0xffffffffff");
		return false;
	}
	memset(&r, 0, sizeof r);
	r.kind = PRESET_LINE;
	r.line = pc->line;
	r.level = (uint32_t)slot;
	r.page = set;
	r.frame = way;
	r.tag = tag;
	if (!parse_bits(pc, args + 4, nargs - 4, &r, false) ||
	    (r.flags & PRESET_REFERENCED)) {
		if (r.flags & PRESET_REFERENCED)
			parse_error(pc, &args[4], "expected dirty");
		return false;
	}
	for (i = 0; i < p->npresets; i++) {
		const struct preset *o = &p->presets[i];
		if (o->kind != PRESET_LINE || o->level != r.level ||
		    o->page != set)
			continue;
		if (o->frame == way) {
			parse_error(pc, &args[2], "way %llu of set %llu is already given on line %u",
				    (unsigned long long)way,
				    (unsigned long long)set, o->line);
			return false;
		}
		if (o->tag == tag) {
			parse_error(pc, &args[3], "tag 0x%llx is already in set %llu (line %u)",
				    (unsigned long long)tag,
				    (unsigned long long)set, o->line);
			return false;
		}
	}
	*preset_add(pc, PRESET_LINE) = r;
	return true;
}

const struct directive preset_directives[] = {
	{ .name = "pte",
	  .synopsis = "pte PAGE FRAME [prot=PROT] [dirty] [referenced] | pte PAGE invalid",
	  .summary = "give a page-table entry up front (exam-style translation)",
	  .kind = DK_CONFIG, .parse = parse_pte },
	{ .name = "frame",
	  .synopsis = "frame N PAGE [referenced] [dirty]",
	  .summary = "start with PAGE in frame N (FIFO/LRU order: line order)",
	  .kind = DK_CONFIG, .parse = parse_frame },
	{ .name = "line",
	  .synopsis = "line L1|L1i|L1d|L2|L3 SET WAY TAG [dirty]",
	  .summary = "start with the line of TAG in a cache way (LRU/FIFO order: line order)",
	  .kind = DK_CONFIG, .parse = parse_line },
	{ .name = NULL },
};

/* ---- applying ---- */

/* The first step at or after `from` that references `page` (OPT). */
static uint32_t first_use(const struct program *p, uint64_t page)
{
	size_t i;

	for (i = 0; i < p->nsteps && i < FRAME_NEVER; i++) {
		const struct step *s = &p->steps[i];
		if (p->step_access && (p->step_access[i] & DA_REF) &&
		    (uint64_t)s->a == page)
			return (uint32_t)i;
	}
	return FRAME_NEVER;
}

static uint16_t pte_bits(uint32_t prot)
{
	return (uint16_t)(PTE_U | (prot & VM_PROT_R ? PTE_R : 0) |
			  (prot & VM_PROT_W ? PTE_W : 0) |
			  (prot & VM_PROT_X ? PTE_X : 0));
}

/* Page r->page of process 0 in frame r->frame, or an invalid entry. */
static void apply_page(struct vm *vm, const struct program *p,
		       const struct preset *r)
{
	uint32_t created = 0, pos, f;
	struct frame *fr;

	if (vm->nprocs == 0 || r->page >> vm->g.vpn_bits ||
	    (!(r->flags & PRESET_INVALID) && r->frame >= vm->fr.count))
		return;
	pos = pagetable_leaf(&vm->pt, vm->procs[0].root, r->page, &created);
	if (r->flags & PRESET_INVALID) {
		vm->pt.pool[pos].flags = 0;
		return;
	}
	f = (uint32_t)r->frame;
	fr = &vm->fr.f[f];
	if (fr->proc != FRAME_NONE)
		return;
	vm->pt.pool[pos].frame = f;
	vm->pt.pool[pos].flags = (uint16_t)(PTE_PRESENT | PTE_USED |
					    pte_bits(r->prot));
	fr->proc = 0;
	fr->pte = pos;
	fr->vpn = r->page;
	fr->mapcount = 1;
	fr->object = 0;
	fr->objpage = 0;
	frames_load(&vm->fr, f,
		    vm->fr.policy == REPLACE_OPT ? first_use(p, r->page) :
						   FRAME_NEVER,
		    false);
	fr->referenced = (r->flags & PRESET_REFERENCED) != 0;
	fr->dirty = (r->flags & PRESET_DIRTY) != 0;
	vm->procs[0].resident++;
}

/* A line in level r->level's set r->page, way r->frame. */
static void apply_line(struct cache *c, const struct preset *r)
{
	uint32_t i;

	for (i = 0; i < c->nlevels; i++) {
		const struct cache_level *l = &c->level[i];
		if (strcmp(l->name, cache_level_words[r->level]) != 0)
			continue;
		if (r->page < l->sets && r->frame < l->ways)
			cache_preset_line(c, i, (uint32_t)r->page,
					  (uint32_t)r->frame, r->tag,
					  (r->flags & PRESET_DIRTY) != 0);
		return;
	}
}

void preset_apply(struct machine *m)
{
	const struct program *p = m->prog;
	size_t i;

	for (i = 0; i < p->npresets; i++) {
		const struct preset *r = &p->presets[i];
		if (r->kind == PRESET_PTE || r->kind == PRESET_FRAME)
			apply_page(&m->vm, p, r);
		else if (r->kind == PRESET_LINE)
			apply_line(&m->cache, r);
	}
}
