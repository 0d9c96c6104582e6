/*
 * vm.c: virtual memory: address spaces, the access path (TLB, page-table
 * walk, page fault, replacement, swap, copy-on-write, protection) and the
 * process operations (create, switch, fork, map, share).
 *
 * Invariants:
 *  - a leaf entry is PTE_PRESENT iff it maps a used frame, and that
 *    frame's mapcount counts exactly the present entries that map it;
 *  - a frame's owner fields (proc, pte, vpn) name one of its mappings,
 *    except a shared object's page kept in memory after its last mapper
 *    died (mapcount 0);
 *  - a clean frame's contents equal its swap copy (the entry's or the
 *    object page's slot), or are all zero when it has none: so a clean
 *    victim is dropped, a dirty one written first;
 *  - every entry of a private page that references a slot holds one of
 *    its references; copy-on-write siblings share slots, and a dirty page
 *    is never written into a slot another page still references;
 *  - TLB entries are tagged with the ASID and always agree with the page
 *    tables: an unmapped or downgraded page's entry is invalidated.
 *
 * Narration: every change is followed by one exec_emit; when the context
 * says the budget is spent the function returns at once.  Strings for
 * narration are only built when the context is not quiet.
 */
#include "core/vm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/directive.h"
#include "core/json.h"
#include "core/machine.h"
#include "core/util.h"

/* Emit through x unless it is NULL (then nothing is made, and go on). */
#define EMIT(x, ...) ((x) == NULL || exec_emit((x), __VA_ARGS__))
#define LOUD(x) ((x) != NULL && !(x)->quiet)

/* Keeps the rarer paths of an access out of the common one's registers. */
#if defined(__GNUC__)
#define NOINLINE __attribute__((noinline))
#else
#define NOINLINE
#endif

struct vm_future {
	size_t refcount;
	size_t n;
	uint64_t *key;  /* per step: page key + 1, or 0 */
	uint32_t *next; /* per step: next step with the same key */
};

/* One step in progress. */
struct act {
	struct machine *m;
	struct vm *vm;
	struct exec_ctx *x;
	size_t step;
	bool refs; /* page-reference mode: decimal page numbers */
};

/*
 * " (ASID n)" for the narration when TLB entries carry address-space ids
 * (tlb ... switch=asid); "" when they do not, so the text never names an
 * id the hardware does not have.
 */
struct asid_buf {
	char s[24];
};

static struct asid_buf asid_text(const struct vm *vm, uint32_t proc)
{
	struct asid_buf b;

	b.s[0] = '\0';
	if (vm->g.tlb_asid)
		snprintf(b.s, sizeof b.s, " (ASID %u)", vm->procs[proc].asid);
	return b;
}

static const char *const access_verbs[] = { "reference", "read", "write",
					    "fetch" };

/* ---- configuration ---- */

static uint32_t log2u(uint64_t v)
{
	uint32_t n = 0;

	while (v > 1) {
		v >>= 1;
		n++;
	}
	return n;
}

bool vm_geometry_resolve(const struct vm_config *c, struct vm_geometry *g,
			 char *why, size_t whysz)
{
	uint32_t l, sum = 0, n;

	memset(g, 0, sizeof *g);
	g->page_size = c->page_size ? c->page_size : VM_DEFAULT_PAGE_SIZE;
	if (g->page_size < 16 || g->page_size > (1u << 30) ||
	    (g->page_size & (g->page_size - 1))) {
		snprintf(why, whysz, "the page size must be a power of two between 16 bytes and 1G");
		return false;
	}
	g->offset_bits = log2u(g->page_size);
	g->address_bits = c->address_bits ? c->address_bits : VM_DEFAULT_BITS;
	if (g->address_bits < 8 || g->address_bits > 48) {
		snprintf(why, whysz, "virtual addresses must have 8 to 48 bits");
		return false;
	}
	g->exam = c->exam;
	if (g->address_bits <= g->offset_bits) {
		snprintf(why, whysz, "%u-bit addresses leave no room for page numbers with %llu-byte pages (%u offset bits)",
			 g->address_bits, (unsigned long long)g->page_size,
			 g->offset_bits);
		return false;
	}
	g->vpn_bits = g->address_bits - g->offset_bits;
	/* An exercise's table maps what it maps: no kernel half. */
	g->kernel_base = 1ull << (g->address_bits - !g->exam);
	n = c->nsplit;
	if (n == c->levels + 1 && c->levels) {
		if (c->split[n - 1] != g->offset_bits) {
			snprintf(why, whysz, "the split ends with %u offset bits, but %llu-byte pages have %u",
				 c->split[n - 1],
				 (unsigned long long)g->page_size,
				 g->offset_bits);
			return false;
		}
		n--;
	} else if (n && !c->levels && n >= 2 &&
		   c->split[n - 1] == g->offset_bits &&
		   n - 1 <= PT_MAX_LEVELS) {
		uint32_t s = 0;
		for (l = 0; l + 1 < n; l++)
			s += c->split[l];
		if (s == g->vpn_bits)
			n--;
	}
	if (n > PT_MAX_LEVELS) {
		snprintf(why, whysz, "a page table has at most 4 levels");
		return false;
	}
	g->levels = c->levels ? c->levels : n;
	if (n && n != g->levels) {
		snprintf(why, whysz, "the split gives %u levels but levels=%u",
			 n, g->levels);
		return false;
	}
	if (g->levels == 0) {
		g->levels = (g->vpn_bits + 9) / 10;
		if (g->levels > PT_MAX_LEVELS)
			g->levels = PT_MAX_LEVELS;
	}
	if (n) {
		for (l = 0; l < n; l++) {
			g->split[l] = c->split[l];
			sum += c->split[l];
		}
		if (sum != g->vpn_bits) {
			snprintf(why, whysz, "the split's index bits add up to %u, but %u-bit addresses with %llu-byte pages have %u page-number bits",
				 sum, g->address_bits,
				 (unsigned long long)g->page_size, g->vpn_bits);
			return false;
		}
	} else {
		for (l = 0; l < g->levels; l++)
			g->split[l] = g->vpn_bits / g->levels +
				      (l < g->vpn_bits % g->levels);
	}
	for (l = 0; l < g->levels; l++) {
		if (g->split[l] < 1 || g->split[l] > PT_MAX_INDEX_BITS) {
			snprintf(why, whysz, "each page-table level needs 1 to %u index bits (level %u has %u; use more levels)",
				 PT_MAX_INDEX_BITS, l + 1, g->split[l]);
			return false;
		}
	}
	if (c->memory_bytes) {
		if (c->memory_bytes % g->page_size) {
			snprintf(why, whysz, "memory is not a whole number of %llu-byte pages",
				 (unsigned long long)g->page_size);
			return false;
		}
		g->frames = c->memory_bytes / g->page_size;
	} else {
		g->frames = c->frames ? c->frames : VM_DEFAULT_FRAMES;
		if (!c->frames && g->frames < c->min_frames)
			g->frames = c->min_frames;
	}
	if (g->frames < c->min_frames) {
		snprintf(why, whysz, "the preset pages need %llu frames, but physical memory has %llu",
			 (unsigned long long)c->min_frames,
			 (unsigned long long)g->frames);
		return false;
	}
	if (g->frames < 1 || g->frames > VM_MAX_FRAMES) {
		snprintf(why, whysz, "physical memory must have 1 to %u frames (it has %llu)",
			 VM_MAX_FRAMES, (unsigned long long)g->frames);
		return false;
	}
	g->tlb_entries = c->tlb_off ? 0 :
			 c->tlb_entries ? c->tlb_entries :
					  VM_DEFAULT_TLB_ENTRIES;
	g->tlb_ways = c->tlb_ways ? c->tlb_ways : g->tlb_entries;
	if (g->tlb_entries &&
	    (g->tlb_ways > g->tlb_entries || g->tlb_entries % g->tlb_ways)) {
		snprintf(why, whysz, "the TLB's ways (%u) must divide its entries (%u)",
			 g->tlb_ways, g->tlb_entries);
		return false;
	}
	g->tlb_policy = c->tlb_policy;
	g->tlb_asid = c->tlb_asid;
	g->swap_slots = c->set & VMC_SWAP ? c->swap_slots :
					     VM_DEFAULT_SWAP_SLOTS;
	g->swap_latency_ns = c->set & VMC_SWAP ? c->swap_latency_ns :
						  VM_DEFAULT_SWAP_NS;
	g->policy = c->policy;
	return true;
}

/* ---- lifecycle ---- */

static uint32_t process_add(struct vm *vm, uint32_t name)
{
	struct vm_process *p;
	uint32_t id = (uint32_t)vm->nprocs;

	vm->procs = xgrow(vm->procs, &vm->procs_cap, vm->nprocs + 1,
			  sizeof *vm->procs);
	p = &vm->procs[vm->nprocs++];
	memset(p, 0, sizeof *p);
	p->name = name;
	p->parent = VM_NONE;
	p->asid = (uint16_t)(id + 1);
	p->alive = true;
	p->root = pagetable_new_table(&vm->pt, id, 0, 0);
	return id;
}

/*
 * The record of a new access by `proc` to vaddr (vpn): nothing done yet.
 * Field by field, in layout order: adjacent stores merge into wide ones,
 * where a memset or a whole-struct assignment becomes a slow string
 * store.
 */
static inline void start_last(struct vm *vm, uint32_t proc, int kind,
			      bool write, uint64_t vaddr, uint64_t vpn)
{
	struct vm_last *l = &vm->last;

	l->vaddr = vaddr;
	l->vpn = vpn;
	l->paddr = 0;
	l->evicted_vpn = 0;
	l->disk_ns = 0;
	l->kind = kind;
	l->proc = proc;
	l->tlb = VM_TLB_NONE;
	l->tlb_entry = TLB_NONE;
	l->walk_level = 0;
	l->frame = FRAME_NONE;
	l->evicted_proc = 0;
	l->victim_frame = FRAME_NONE;
	l->swap_slot = SWAP_NONE;
	l->valid = true;
	l->write = write;
	l->has_paddr = l->hit = l->fault = l->segfault = false;
	l->evicted = l->writeback = false;
	l->swapped_in = l->zero_filled = l->cow = l->minor = false;
	l->invalid = l->protection = false;
	l->file_read = false;
}

/* Forget the last access. */
static void reset_last(struct vm *vm)
{
	start_last(vm, VM_NONE, VM_REF, false, 0, 0);
	vm->last.valid = false;
}

void vm_init(struct vm *vm, const struct vm_config *cfg,
	     const struct program *prog)
{
	char why[200];

	memset(vm, 0, sizeof *vm);
	vm->prog = prog;
	if (!vm_geometry_resolve(cfg, &vm->g, why, sizeof why)) {
		struct vm_config def;
		memset(&def, 0, sizeof def);
		vm_geometry_resolve(&def, &vm->g, why, sizeof why);
	}
	pagetable_init(&vm->pt, vm->g.levels, vm->g.split);
	tlb_init(&vm->tlb, vm->g.tlb_entries, vm->g.tlb_ways, vm->g.tlb_policy);
	frames_init(&vm->fr, (uint32_t)vm->g.frames, vm->g.policy);
	swap_init(&vm->sw, vm->g.swap_slots);
	vm->current = VM_NONE;
	reset_last(vm);
	if (cfg->implicit_process)
		vm->current = process_add(vm, SYM_NONE);
}

void vm_free(struct vm *vm)
{
	pagetable_free(&vm->pt);
	tlb_free(&vm->tlb);
	frames_free(&vm->fr);
	swap_free(&vm->sw);
	free(vm->procs);
	free(vm->regions);
	free(vm->objects);
	free(vm->objpages);
	vm_future_release(vm->future);
	memset(vm, 0, sizeof *vm);
}

void vm_copy(struct vm *dst, const struct vm *src)
{
	struct vm d = *dst;

	pagetable_copy(&d.pt, &src->pt);
	tlb_copy(&d.tlb, &src->tlb);
	frames_copy(&d.fr, &src->fr);
	swap_copy(&d.sw, &src->sw);
	d.procs = xcopy_array(d.procs, &d.procs_cap, src->procs, src->nprocs,
			     sizeof *src->procs);
	d.regions = xcopy_array(d.regions, &d.regions_cap, src->regions,
			       src->nregions, sizeof *src->regions);
	d.objects = xcopy_array(d.objects, &d.objects_cap, src->objects,
			       src->nobjects, sizeof *src->objects);
	d.objpages = xcopy_array(d.objpages, &d.objpages_cap, src->objpages,
				src->nobjpages, sizeof *src->objpages);
	if (d.future != src->future) {
		vm_future_release(d.future);
		d.future = src->future;
		if (d.future)
			d.future->refcount++;
	}
	d.g = src->g;
	d.prog = src->prog;
	d.nprocs = src->nprocs;
	d.nregions = src->nregions;
	d.nobjects = src->nobjects;
	d.nobjpages = src->nobjpages;
	d.current = src->current;
	d.st = src->st;
	d.last = src->last;
	*dst = d;
}

static bool last_equal(const struct vm_last *a, const struct vm_last *b)
{
	return a->valid == b->valid && a->kind == b->kind &&
	       a->write == b->write &&
	       a->proc == b->proc && a->vaddr == b->vaddr &&
	       a->vpn == b->vpn && a->paddr == b->paddr &&
	       a->has_paddr == b->has_paddr && a->hit == b->hit &&
	       a->fault == b->fault && a->segfault == b->segfault &&
	       a->tlb == b->tlb && a->tlb_entry == b->tlb_entry &&
	       a->walk_level == b->walk_level && a->frame == b->frame &&
	       a->evicted == b->evicted &&
	       a->evicted_proc == b->evicted_proc &&
	       a->evicted_vpn == b->evicted_vpn &&
	       a->victim_frame == b->victim_frame &&
	       a->writeback == b->writeback &&
	       a->swapped_in == b->swapped_in &&
	       a->zero_filled == b->zero_filled && a->cow == b->cow &&
	       a->file_read == b->file_read &&
	       a->minor == b->minor && a->swap_slot == b->swap_slot &&
	       a->disk_ns == b->disk_ns && a->invalid == b->invalid &&
	       a->protection == b->protection;
}

bool vm_equal(const struct vm *a, const struct vm *b)
{
	size_t i;

	if (a->nprocs != b->nprocs || a->nregions != b->nregions ||
	    a->nobjects != b->nobjects || a->nobjpages != b->nobjpages ||
	    a->current != b->current ||
	    memcmp(&a->st, &b->st, sizeof a->st) != 0 ||
	    !last_equal(&a->last, &b->last) ||
	    !pagetable_equal(&a->pt, &b->pt) || !tlb_equal(&a->tlb, &b->tlb) ||
	    !frames_equal(&a->fr, &b->fr) || !swap_equal(&a->sw, &b->sw))
		return false;
	for (i = 0; i < a->nprocs; i++) {
		const struct vm_process *x = &a->procs[i], *y = &b->procs[i];
		if (x->name != y->name || x->root != y->root ||
		    x->parent != y->parent || x->asid != y->asid ||
		    x->alive != y->alive || x->resident != y->resident ||
		    x->faults != y->faults)
			return false;
	}
	for (i = 0; i < a->nregions; i++) {
		const struct vm_region *x = &a->regions[i], *y = &b->regions[i];
		if (x->proc != y->proc || x->name != y->name ||
		    x->object != y->object || x->prot != y->prot ||
		    x->file != y->file ||
		    x->start != y->start || x->end != y->end)
			return false;
	}
	for (i = 0; i < a->nobjects; i++)
		if (a->objects[i].name != b->objects[i].name ||
		    a->objects[i].npages != b->objects[i].npages ||
		    a->objects[i].first != b->objects[i].first)
			return false;
	for (i = 0; i < a->nobjpages; i++)
		if (a->objpages[i].frame != b->objpages[i].frame ||
		    a->objpages[i].swap != b->objpages[i].swap)
			return false;
	return true;
}

size_t vm_bytes(const struct vm *vm)
{
	return pagetable_bytes(&vm->pt) + frames_bytes(&vm->fr) +
	       swap_bytes(&vm->sw) + vm->tlb.entries * sizeof *vm->tlb.e +
	       vm->nprocs * sizeof *vm->procs +
	       vm->nregions * sizeof *vm->regions +
	       vm->nobjects * sizeof *vm->objects +
	       vm->nobjpages * sizeof *vm->objpages;
}

/* ---- lookups ---- */

const char *vm_process_name(const struct vm *vm, uint32_t proc)
{
	if (proc >= vm->nprocs)
		return "?";
	if (vm->procs[proc].name == SYM_NONE || vm->prog == NULL)
		return "p0";
	return program_name(vm->prog, vm->procs[proc].name);
}

uint32_t vm_process_find(const struct vm *vm, uint32_t sym)
{
	size_t i;

	for (i = 0; i < vm->nprocs; i++)
		if (vm->procs[i].name == sym && sym != SYM_NONE)
			return (uint32_t)i;
	return VM_NONE;
}

const struct vm_region *vm_region_find(const struct vm *vm, uint32_t proc,
				       uint64_t vaddr)
{
	size_t i;

	for (i = vm->nregions; i-- > 0;) {
		const struct vm_region *r = &vm->regions[i];
		if (r->proc == proc && vaddr >= r->start && vaddr < r->end)
			return r;
	}
	return NULL;
}

/* Protection at vaddr of proc: its region's, or the default user memory. */
static uint32_t region_prot(const struct vm *vm, uint32_t proc,
			    uint64_t vaddr, const struct vm_region **rp)
{
	const struct vm_region *r = vm_region_find(vm, proc, vaddr);

	*rp = r;
	if (r)
		return r->prot;
	if (vaddr < vm->g.page_size || vaddr >= vm->g.kernel_base)
		return 0;
	return VM_PROT_R | VM_PROT_W;
}

static uint16_t prot_to_pte(uint32_t prot)
{
	return (uint16_t)(PTE_U | (prot & VM_PROT_R ? PTE_R : 0) |
			  (prot & VM_PROT_W ? PTE_W : 0) |
			  (prot & VM_PROT_X ? PTE_X : 0));
}

/* "rw-" for PTE flags; W shows as "c" while copy-on-write. */
static const char *pte_prot_str(uint16_t flags, char *buf)
{
	buf[0] = flags & PTE_R ? 'r' : '-';
	buf[1] = flags & PTE_W ? (flags & PTE_COW ? 'c' : 'w') : '-';
	buf[2] = flags & PTE_X ? 'x' : '-';
	buf[3] = '\0';
	return buf;
}

/* The address space and page of a leaf entry's pool position. */
static void slot_page(const struct vm *vm, uint32_t pos, uint32_t *proc,
		      uint64_t *vpn)
{
	size_t lo = 0, hi = vm->pt.ntables;

	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (vm->pt.tables[mid].base <= pos)
			lo = mid;
		else
			hi = mid;
	}
	*proc = vm->pt.tables[lo].proc;
	*vpn = vm->pt.tables[lo].prefix + (pos - vm->pt.tables[lo].base);
}

/* A page's name for narration: decimal in refs mode, else hex. */
static const char *page_str(const struct act *a, char *buf, size_t n,
			    uint32_t proc, uint64_t vpn)
{
	const struct vm *vm = a->vm;
	int k = snprintf(buf, n, a->refs ? "page %llu" : "page 0x%llx",
			 (unsigned long long)vpn);

	if (vm->nprocs > 1 && k > 0 && (size_t)k < n)
		snprintf(buf + k, n - (size_t)k, " of %s",
			 vm_process_name(vm, proc));
	return buf;
}

/* The page a frame holds, for narration. */
static const char *frame_page_str(const struct act *a, char *buf, size_t n,
				  uint32_t f)
{
	const struct frame *fr = &a->vm->fr.f[f];

	if (fr->object) {
		const struct vm_object *o = &a->vm->objects[fr->object - 1];
		snprintf(buf, n, "page %llu of %s",
			 (unsigned long long)fr->objpage,
			 program_name(a->vm->prog, o->name));
		return buf;
	}
	return page_str(a, buf, n, fr->proc, fr->vpn);
}

/* " Frames: [7 0 1]." for small memories (refs mode narration). */
static const char *frames_str(const struct act *a, char *buf, size_t n)
{
	const struct frames *fr = &a->vm->fr;
	size_t o = 0;
	uint32_t i;

	buf[0] = '\0';
	if (!LOUD(a->x) || fr->count > 16)
		return buf;
	o += (size_t)snprintf(buf, n, " Frames: [");
	for (i = 0; i < fr->count && o < n; i++) {
		const struct frame *f = &fr->f[i];
		if (f->proc == FRAME_NONE)
			o += (size_t)snprintf(buf + o, n - o, "%s-", i ? " " : "");
		else if (a->refs)
			o += (size_t)snprintf(buf + o, n - o, "%s%llu",
					      i ? " " : "",
					      (unsigned long long)f->vpn);
		else
			o += (size_t)snprintf(buf + o, n - o, "%s0x%llx",
					      i ? " " : "",
					      (unsigned long long)f->vpn);
	}
	if (o < n)
		snprintf(buf + o, n - o, "].");
	return buf;
}

static const char *size_str(char *buf, size_t n, uint64_t bytes)
{
	util_format_size(buf, n, bytes);
	return buf;
}

static const char *ns_str(char *buf, size_t n, uint64_t ns)
{
	if (ns >= 1000000 && ns % 1000000 == 0)
		snprintf(buf, n, "%llu ms", (unsigned long long)(ns / 1000000));
	else if (ns >= 1000 && ns % 1000 == 0)
		snprintf(buf, n, "%llu us", (unsigned long long)(ns / 1000));
	else
		snprintf(buf, n, "%llu ns", (unsigned long long)ns);
	return buf;
}

/* ---- OPT's future ---- */

struct vm_future *vm_future_create(const uint64_t *keys, size_t n)
{
	struct vm_future *f = xcalloc(1, sizeof *f);
	size_t cap = 64, i, distinct = 0;
	uint64_t *hk;
	uint32_t *hv;

	f->refcount = 1;
	f->n = n;
	f->key = xmalloc((n ? n : 1) * sizeof *f->key);
	f->next = xmalloc((n ? n : 1) * sizeof *f->next);
	if (n)
		memcpy(f->key, keys, n * sizeof *keys);
	while (cap < 2 * n + 2)
		cap *= 2;
	hk = xcalloc(cap, sizeof *hk);
	hv = xmalloc(cap * sizeof *hv);
	/* Backwards: the table maps a key to its nearest later step. */
	for (i = n; i-- > 0;) {
		uint64_t k = keys[i], h;
		if (k == 0) {
			f->next[i] = FRAME_NEVER;
			continue;
		}
		h = (k * 0x9e3779b97f4a7c15ull) >> 20;
		for (h &= cap - 1; hk[h] && hk[h] != k; h = (h + 1) & (cap - 1))
			;
		if (hk[h] == 0) {
			hk[h] = k;
			distinct++;
			f->next[i] = FRAME_NEVER;
		} else {
			f->next[i] = hv[h];
		}
		hv[h] = i > UINT32_MAX - 1 ? FRAME_NEVER : (uint32_t)i;
	}
	(void)distinct;
	free(hk);
	free(hv);
	return f;
}

void vm_future_release(struct vm_future *f)
{
	if (f == NULL || --f->refcount > 0)
		return;
	free(f->key);
	free(f->next);
	free(f);
}

void vm_set_future(struct vm *vm, struct vm_future *f)
{
	if (f)
		f->refcount++;
	vm_future_release(vm->future);
	vm->future = f;
}

static uint64_t page_key(uint32_t proc, uint64_t vpn)
{
	return ((uint64_t)proc << 44 | vpn) + 1;
}

/* OPT: the step that next references (proc, vpn) after `step`. */
static uint32_t next_use_opt(struct act *a, uint32_t proc, uint64_t vpn)
{
	struct vm *vm = a->vm;
	uint64_t key;
	size_t i;

	if (vm->future == NULL) {
		if (vm->prog == NULL)
			return FRAME_NEVER;
		vm->future = vm_future_from_program(vm->prog, &vm->g);
	}
	key = page_key(proc, vpn);
	if (a->step < vm->future->n && vm->future->key[a->step] == key)
		return vm->future->next[a->step];
	for (i = a->step + 1; i < vm->future->n; i++)
		if (vm->future->key[i] == key)
			return (uint32_t)i;
	return FRAME_NEVER;
}

/* The next step using the page (only OPT keeps track: 0 for the rest). */
static inline uint32_t next_use(struct act *a, uint32_t proc, uint64_t vpn)
{
	return a->vm->g.policy == REPLACE_OPT ? next_use_opt(a, proc, vpn) : 0;
}

/* ---- mappings ---- */

/* A new owner for frame f after the owner's mapping went away. */
static void refresh_owner(struct vm *vm, uint32_t f)
{
	struct frame *fr = &vm->fr.f[f];
	size_t i;

	for (i = 0; i < vm->pt.npool; i++) {
		const struct pte *e = &vm->pt.pool[i];
		if ((e->flags & PTE_PRESENT) && e->frame == f) {
			fr->pte = (uint32_t)i;
			slot_page(vm, (uint32_t)i, &fr->proc, &fr->vpn);
			return;
		}
	}
}

/* Drop one mapping (the present entry at pos) of its frame. */
static void unmap_entry(struct vm *vm, uint32_t pos)
{
	struct pte *e = &vm->pt.pool[pos];
	uint32_t f = e->frame, proc;
	uint64_t vpn;
	struct frame *fr = &vm->fr.f[f];

	e->flags &= (uint16_t)~PTE_PRESENT;
	e->frame = 0;
	slot_page(vm, pos, &proc, &vpn);
	vm->procs[proc].resident--;
	tlb_invalidate(&vm->tlb, vm->procs[proc].asid, vpn);
	if (--fr->mapcount == 0) {
		if (fr->object)
			return; /* stays in memory, cached for other mappers */
		frames_release(&vm->fr, f);
	} else if (fr->pte == pos) {
		refresh_owner(vm, f);
	}
}

/* ---- replacement ---- */

static const char *policy_reason(const struct act *a, uint32_t f, char *buf,
				 size_t n, const struct frames_probe *p)
{
	const struct frame *fr = &a->vm->fr.f[f];

	switch (a->vm->g.policy) {
	case REPLACE_FIFO:
		snprintf(buf, n, "FIFO: it was loaded earliest of the resident pages");
		break;
	case REPLACE_LRU:
		snprintf(buf, n, "LRU: it is the least recently used");
		break;
	case REPLACE_OPT:
		if (fr->next_use == FRAME_NEVER)
			snprintf(buf, n, "OPT: it is never used again%s",
				 a->vm->fr.nheap > 1 &&
						 a->vm->fr.f[a->vm->fr.heap[1]].next_use == FRAME_NEVER ?
					 " (of those, it was loaded earliest)" :
					 "");
		else
			snprintf(buf, n, "OPT: its next use, at step %u, is the farthest in the future",
				 fr->next_use + 1);
		break;
	case REPLACE_RANDOM:
		snprintf(buf, n, "random: frame %u was drawn", f);
		break;
	case REPLACE_CLOCK:
		snprintf(buf, n, "clock: the hand found R=0 at frame %u", f);
		break;
	default:
		snprintf(buf, n, "enhanced clock, pass %d: frame %u is of class (R=0, M=%d)%s",
			 p->pass, f, fr->dirty,
			 fr->dirty ? ", modified, but no clean page was left unreferenced" :
				     ", not referenced and clean: the cheapest to evict");
		break;
	}
	return buf;
}

/* Narrate OPT's view of the future before it chooses. */
static bool opt_survey(struct act *a)
{
	char list[EVENT_TEXT_MAX], pg[48];
	const struct frames *fr = &a->vm->fr;
	size_t o = 0;
	uint32_t i;

	if (a->x == NULL)
		return true;
	if (!LOUD(a->x))
		return exec_emit(a->x, "opt-future", 0, TGT_NONE, 0, 0, "%s", "");
	if (fr->count > 12)
		return exec_emit(a->x, "opt-future", 0, TGT_NONE, 0, 0,
				 "OPT looks ahead at the next use of each of the %u resident pages.",
				 fr->count);
	list[0] = '\0';
	for (i = 0; i < fr->count && o < sizeof list; i++) {
		const struct frame *f = &fr->f[i];
		if (f->next_use == FRAME_NEVER)
			o += (size_t)snprintf(list + o, sizeof list - o,
					      "%s%s never", i ? "; " : "",
					      frame_page_str(a, pg, sizeof pg, i));
		else
			o += (size_t)snprintf(list + o, sizeof list - o,
					      "%s%s at step %u", i ? "; " : "",
					      frame_page_str(a, pg, sizeof pg, i),
					      f->next_use + 1);
	}
	return exec_emit(a->x, "opt-future", 0, TGT_NONE, 0, 0,
			 "OPT looks ahead: next uses: %s.", list);
}

/* Narrate one probe of a clock search (the state already changed). */
static bool probe_event(struct act *a, const struct frames_probe *p)
{
	const struct frame *f = &a->vm->fr.f[p->frame];
	char pg[64];

	if (a->x == NULL)
		return true;
	if (a->vm->g.policy == REPLACE_CLOCK)
		return exec_emit(a->x, "clock-hand", 0, TGT_FRAME, p->frame, 0,
				 "Clock hand at frame %u: %s has R=1: clear it (a second chance) and move on to frame %u.",
				 p->frame,
				 LOUD(a->x) ? frame_page_str(a, pg, sizeof pg, p->frame) : "",
				 a->vm->fr.hand);
	return exec_emit(a->x, "clock-hand", 0, TGT_FRAME, p->frame, 0,
			 "Enhanced clock, pass %d (looking for R=0, M=%d): frame %u, %s, is (R=%d, M=%d)%s; move on to frame %u.",
			 p->pass, p->pass % 2 == 0, p->frame,
			 LOUD(a->x) ? frame_page_str(a, pg, sizeof pg, p->frame) : "",
			 p->kind == PROBE_CLEAR_R ? 1 : f->referenced, f->dirty,
			 p->kind == PROBE_CLEAR_R ? ": clear R" : "",
			 a->vm->fr.hand);
}

/* Out of memory and swap: the run stops. */
static void out_of_swap(struct act *a, uint32_t f)
{
	char pg[64];

	(void)EMIT(a->x, "out-of-memory", EVF_ERROR | EVF_HALT, TGT_FRAME, f, 0,
	     "Out of memory: %s in frame %u is dirty and must be written out, but all %llu swap slots are in use. The kernel's out-of-memory killer ends the program here.",
	     LOUD(a->x) ? frame_page_str(a, pg, sizeof pg, f) : "", f,
	     (unsigned long long)a->vm->sw.limit);
}

/* Find the swap slot a dirty victim is written to, or SWAP_NONE. */
static uint32_t writeback_slot(struct vm *vm, uint32_t f, uint32_t *old)
{
	const struct frame *fr = &vm->fr.f[f];
	uint32_t cur;

	if (fr->object)
		cur = vm->objpages[vm->objects[fr->object - 1].first +
				   fr->objpage].swap;
	else
		cur = vm->pt.pool[fr->pte].swap;
	*old = cur;
	if (cur && (fr->object || swap_refs(&vm->sw, cur - 1) == fr->mapcount))
		return cur - 1;
	return swap_alloc(&vm->sw);
}

/*
 * Evict the page in frame f: unmap it everywhere (invalidating TLB
 * entries), then write it to swap if dirty.  False when the step stops.
 */
static bool evict(struct act *a, uint32_t f, const struct frames_probe *p)
{
	struct vm *vm = a->vm;
	struct frame *fr = &vm->fr.f[f];
	uint32_t slot = SWAP_NONE, old = 0, mappers = fr->mapcount;
	uint32_t object = fr->object, proc = fr->proc;
	uint64_t objpage = fr->objpage, vpn = fr->vpn;
	bool dirty = fr->dirty, had_tlb = false;
	char why[160], pg[64], sz[24];
	uint32_t one, *pos = &one;
	size_t npos = 0, k;

	if (dirty) {
		slot = writeback_slot(vm, f, &old);
		if (slot == SWAP_NONE) {
			out_of_swap(a, f);
			return false;
		}
	}
	if (LOUD(a->x)) {
		policy_reason(a, f, why, sizeof why, p);
		frame_page_str(a, pg, sizeof pg, f);
	} else {
		why[0] = pg[0] = '\0';
	}
	/* Unmap every mapping of the frame. */
	if (mappers == 1 && !object) {
		uint32_t tlbi = tlb_invalidate(&vm->tlb, vm->procs[proc].asid, vpn);
		had_tlb = tlbi != TLB_NONE;
		one = fr->pte;
		npos = 1;
		vm->pt.pool[fr->pte].flags &= (uint16_t)~PTE_PRESENT;
		vm->pt.pool[fr->pte].frame = 0;
		vm->procs[proc].resident--;
	} else if (mappers > 0) {
		size_t i;
		pos = xmalloc(mappers * sizeof *pos);
		for (i = 0; i < vm->pt.npool; i++) {
			struct pte *e = &vm->pt.pool[i];
			uint32_t pp;
			uint64_t pv;
			if (!(e->flags & PTE_PRESENT) || e->frame != f)
				continue;
			slot_page(vm, (uint32_t)i, &pp, &pv);
			if (tlb_invalidate(&vm->tlb, vm->procs[pp].asid, pv) !=
			    TLB_NONE)
				had_tlb = true;
			e->flags &= (uint16_t)~PTE_PRESENT;
			e->frame = 0;
			vm->procs[pp].resident--;
			if (npos < mappers)
				pos[npos++] = (uint32_t)i;
		}
	}
	if (object)
		vm->objpages[vm->objects[object - 1].first + objpage].frame =
			FRAME_NONE;
	frames_release(&vm->fr, f);
	vm->st.evictions++;
	vm->last.evicted = true;
	vm->last.evicted_proc = proc;
	vm->last.evicted_vpn = object ? objpage : vpn;
	vm->last.victim_frame = f;
	if (!EMIT(a->x, "evict", EVF_EVICT, TGT_FRAME, f, 0,
		  "Evict %s from frame %u (%s).%s%s",
		  pg, f, why,
		  mappers > 1 ? " It was mapped by several processes: all their entries now say 'not present'." :
				" Its page-table entry now says 'not present'.",
		  had_tlb ? " Its TLB entry is invalidated too." : "")) {
		if (pos != &one)
			free(pos);
		return false;
	}
	if (!dirty) {
		if (pos != &one)
			free(pos);
		return true;
	}
	/* Write the dirty page out, then point its entries at the slot. */
	if (object) {
		vm->objpages[vm->objects[object - 1].first + objpage].swap =
			slot + 1;
	} else if (old == 0 || old - 1 != slot) {
		for (k = 0; k < npos; k++) {
			struct pte *e = &vm->pt.pool[pos[k]];
			if (e->swap)
				swap_put(&vm->sw, e->swap - 1);
			if (k)
				swap_get(&vm->sw, slot);
			e->swap = slot + 1;
		}
	}
	if (pos != &one)
		free(pos);
	vm->sw.writes++;
	vm->st.writebacks++;
	vm->st.disk_ns += vm->g.swap_latency_ns;
	vm->last.writeback = true;
	vm->last.disk_ns += vm->g.swap_latency_ns;
	return EMIT(a->x, "writeback", 0, TGT_SWAP, slot, 0,
		    "P%s is dirty (written since it was loaded): write it to swap slot %u first (%s on disk).",
		    pg[0] ? pg + 1 : "", slot,
		    LOUD(a->x) ? ns_str(sz, sizeof sz, vm->g.swap_latency_ns) : "");
}

/*
 * A frame for a new page: the lowest free one, else the policy's victim,
 * evicted.  FRAME_NONE when the step must stop.
 */
static uint32_t get_frame(struct act *a)
{
	struct vm *vm = a->vm;
	struct frames_probe p;
	uint32_t f = frames_lowest_free(&vm->fr);

	if (f != FRAME_NONE)
		return f;
	if (a->x == NULL) {
		p.frame = frames_victim(&vm->fr, vm->g.policy == REPLACE_RANDOM ?
						      machine_random(a->m) : 0);
		p.kind = PROBE_VICTIM;
		p.pass = vm->fr.ec_pass;
		return evict(a, p.frame, &p) ? p.frame : FRAME_NONE;
	}
	if (vm->g.policy == REPLACE_OPT && !opt_survey(a))
		return FRAME_NONE;
	frames_victim_begin(&vm->fr);
	for (;;) {
		uint64_t rnd = vm->g.policy == REPLACE_RANDOM ?
				       machine_random(a->m) : 0;
		if (frames_victim_step(&vm->fr, rnd, &p))
			break;
		if (!probe_event(a, &p))
			return FRAME_NONE;
	}
	return evict(a, p.frame, &p) ? p.frame : FRAME_NONE;
}

/*
 * Bring (proc, vpn), whose leaf entry is at pos, into free frame f: from
 * swap, from its file (a shared object's page, or a `map file=` page not
 * written since), or zero-filled (anonymous memory).
 */
static bool load(struct act *a, uint32_t f, uint32_t proc, uint32_t pos,
		 uint64_t vpn, bool write)
{
	struct vm *vm = a->vm;
	struct pte *e = &vm->pt.pool[pos];
	struct frame *fr = &vm->fr.f[f];
	struct vm_objpage *op = NULL;
	uint32_t src, file = 0;
	bool seen;
	char pg[64], frs[200], sz[24];

	if (e->flags & PTE_SHARED) {
		const struct vm_region *r;
		region_prot(vm, proc, vpn << vm->g.offset_bits, &r);
		/* A shared object is a file (a library): its pages are read. */
		file = vm->objects[r->object - 1].name + 1;
		op = &vm->objpages[vm->objects[r->object - 1].first +
				   (vpn - (r->start >> vm->g.offset_bits))];
		fr->object = r->object;
		fr->objpage = vpn - (r->start >> vm->g.offset_bits);
		src = op->swap;
		op->frame = f;
	} else {
		const struct vm_region *r = NULL;
		region_prot(vm, proc, vpn << vm->g.offset_bits, &r);
		if (r)
			file = r->file;
		fr->object = 0;
		fr->objpage = 0;
		src = e->swap;
	}
	fr->proc = proc;
	fr->pte = pos;
	fr->vpn = vpn;
	fr->mapcount = 1;
	frames_load(&vm->fr, f, next_use(a, proc, vpn), vm->last.evicted);
	fr->dirty = write;
	e->frame = f;
	seen = (e->flags & PTE_USED) != 0;
	e->flags |= PTE_PRESENT | PTE_USED;
	vm->procs[proc].resident++;
	vm->last.frame = f;
	if (LOUD(a->x)) {
		page_str(a, pg, sizeof pg, proc, vpn);
		frames_str(a, frs, sizeof frs);
	} else {
		pg[0] = frs[0] = '\0';
	}
	if (src) {
		vm->sw.reads++;
		vm->st.swap_ins++;
		vm->st.disk_ns += vm->g.swap_latency_ns;
		vm->last.swapped_in = true;
		vm->last.swap_slot = src - 1;
		vm->last.disk_ns += vm->g.swap_latency_ns;
		return EMIT(a->x, "swap-in", 0, TGT_FRAME, f, src - 1,
			    "Read %s from swap slot %u into frame %u (%s on disk); its entry now maps frame %u, present.%s",
			    pg, src - 1, f,
			    LOUD(a->x) ? ns_str(sz, sizeof sz, vm->g.swap_latency_ns) : "",
			    f, frs);
	}
	if (file) {
		vm->st.file_reads++;
		vm->st.disk_ns += vm->g.swap_latency_ns;
		vm->last.file_read = true;
		vm->last.disk_ns += vm->g.swap_latency_ns;
		return EMIT(a->x, "file-read", 0, TGT_FRAME, f, 0,
			    "Read %s from the file %s into frame %u (%s on disk): a major fault. Its entry now maps frame %u, present.%s",
			    pg, program_name(vm->prog, file - 1), f,
			    LOUD(a->x) ? ns_str(sz, sizeof sz, vm->g.swap_latency_ns) : "",
			    f, frs);
	}
	vm->st.zero_fills++;
	vm->last.zero_filled = true;
	return EMIT(a->x, "zero-fill", 0, TGT_FRAME, f, 0,
		    "Load %s into frame %u: %s; the frame is filled with zeros. Its entry now maps frame %u, present.%s",
		    pg, f,
		    seen ? "it was never written, so nothing was saved when it was evicted" :
			   "first use, so there is nothing on disk",
		    f, frs);
}

/* ---- processes dying ---- */

/* Free everything process p holds. */
static uint64_t kill_process(struct vm *vm, uint32_t p, uint64_t *slots)
{
	uint64_t frames = vm->procs[p].resident;
	size_t t;

	*slots = 0;
	for (t = 0; t < vm->pt.ntables; t++) {
		const struct pt_table *tb = &vm->pt.tables[t];
		uint32_t i, size;
		if (tb->proc != p || tb->level + 1 != vm->pt.levels)
			continue;
		size = pagetable_table_size(&vm->pt, tb->level);
		for (i = 0; i < size; i++) {
			uint32_t pos = tb->base + i;
			struct pte *e = &vm->pt.pool[pos];
			if (e->flags & PTE_PRESENT)
				unmap_entry(vm, pos);
			if (e->swap) {
				swap_put(&vm->sw, e->swap - 1);
				(*slots)++;
			}
			vm->pt.pool[pos].swap = 0;
			vm->pt.pool[pos].flags = 0;
		}
	}
	tlb_flush(&vm->tlb, vm->procs[p].asid);
	vm->procs[p].alive = false;
	vm->procs[p].resident = 0;
	return frames;
}

/*
 * Exam-style translation (the scenario gives `pte` entries): an access
 * the table refuses is an error step, and the run goes on with the next
 * line, so that every address of the exercise gets its answer.
 */
static void exam_refuse(struct act *a, uint32_t flags, bool protection,
			const char *why)
{
	struct vm *vm = a->vm;

	vm->last.invalid = true;
	vm->last.protection = protection;
	(void)EMIT(a->x, "invalid", EVF_ERROR | flags, TGT_PAGE, vm->current,
		   (int64_t)vm->last.vpn,
		   "%s: %s. The access fails and has no physical address; the exercise goes on with the next line.",
		   protection ? "Protection fault" : "Invalid address", why);
}

/* A segmentation fault: narrate it, kill the process. */
static void segfault(struct act *a, uint32_t flags, const char *why)
{
	struct vm *vm = a->vm;
	uint32_t p = vm->current;
	uint64_t frames, slots;
	size_t i, alive = 0;

	if (vm->g.exam) {
		exam_refuse(a, flags, vm->last.vaddr < vm->g.kernel_base, why);
		return;
	}
	vm->st.segfaults++;
	vm->last.segfault = true;
	if (!EMIT(a->x, "segfault", EVF_ERROR | flags, TGT_PAGE, p,
		  (int64_t)vm->last.vpn,
		  "Segmentation fault: %s. The kernel sends SIGSEGV to %s, which dies.",
		  why, vm_process_name(vm, p)))
		return;
	frames = kill_process(vm, p, &slots);
	for (i = 0; i < vm->nprocs; i++)
		alive += vm->procs[i].alive;
	(void)EMIT(a->x, "kill", alive ? 0 : EVF_HALT, TGT_NONE, p, 0,
	     "%s is gone: its %llu frame%s and %llu swap slot%s are free again. %s",
	     vm_process_name(vm, p), (unsigned long long)frames,
	     frames == 1 ? "" : "s", (unsigned long long)slots,
	     slots == 1 ? "" : "s",
	     alive ? "The other processes run on." :
		     "No process is left: the run ends here.");
}

/* ---- page references (refs) ---- */

void vm_ref(struct machine *m, struct exec_ctx *x, size_t step, uint64_t vpn,
	    bool write)
{
	struct act a = { m, &m->vm, x, step, true };
	struct vm *vm = a.vm;
	uint32_t proc = vm->current, pos, f, created = 0;
	char frs[200], pg[64];

	start_last(vm, proc, VM_REF, write, 0, vpn);
	vm->st.references++;
	pos = pagetable_lookup(&vm->pt, vm->procs[proc].root, vpn);
	if (pos != PT_NONE && (vm->pt.pool[pos].flags & PTE_PRESENT)) {
		const char *how;
		f = vm->pt.pool[pos].frame;
		frames_reference(&vm->fr, f, next_use(&a, proc, vpn));
		if (write)
			vm->fr.f[f].dirty = true;
		vm->st.hits++;
		vm->last.hit = true;
		vm->last.frame = f;
		if (x == NULL)
			return;
		switch (vm->g.policy) {
		case REPLACE_LRU:
			how = " It becomes the most recently used.";
			break;
		case REPLACE_FIFO:
			how = " FIFO order does not change on a hit.";
			break;
		case REPLACE_CLOCK:
		case REPLACE_ECLOCK:
			how = " Its R bit is set.";
			break;
		default:
			how = "";
		}
		exec_emit(x, "hit", 0, TGT_FRAME, f, 0,
			  "Reference %llu%s: hit, page %llu is in frame %u.%s%s",
			  (unsigned long long)vpn, write ? " (write)" : "",
			  (unsigned long long)vpn, f, how,
			  frames_str(&a, frs, sizeof frs));
		return;
	}
	if (pos == PT_NONE)
		pos = pagetable_leaf(&vm->pt, vm->procs[proc].root, vpn,
				     &created);
	vm->pt.pool[pos].flags |= PTE_R | PTE_W | PTE_X | PTE_U;
	vm->st.page_faults++;
	vm->procs[proc].faults++;
	vm->last.fault = true;
	if (!EMIT(x, "page-fault", EVF_FAULT, TGT_PAGE, proc, (int64_t)vpn,
		  "Reference %llu%s: page fault, %s is not in memory%s.",
		  (unsigned long long)vpn, write ? " (write)" : "",
		  LOUD(x) ? page_str(&a, pg, sizeof pg, proc, vpn) : "",
		  vm->fr.used < vm->fr.count ? "" :
					       " and no frame is free: a page must go"))
		return;
	f = get_frame(&a);
	if (f == FRAME_NONE)
		return;
	load(&a, f, proc, pos, vpn, write);
}

/* ---- addresses ---- */

/* Fill the TLB for the page just translated; false when stopping. */
static bool tlb_refill(struct act *a, uint32_t proc, uint64_t vpn,
		       uint32_t f, uint16_t flags)
{
	struct vm *vm = a->vm;
	struct tlb_entry old;
	bool evicted;
	uint8_t prot = (uint8_t)(flags & (PTE_R | PTE_X | PTE_U));
	uint32_t i;
	char pg[64], opg[64];

	if (vm->tlb.entries == 0)
		return true;
	if ((flags & PTE_W) && !(flags & PTE_COW))
		prot |= PTE_W;
	i = tlb_fill(&vm->tlb, vm->procs[proc].asid, vpn, f, prot,
		     vm->tlb.policy == TLB_RANDOM ? machine_random(a->m) : 0,
		     &evicted, &old);
	vm->last.tlb_entry = i;
	if (!LOUD(a->x))
		return EMIT(a->x, "tlb-fill", 0, TGT_TLB, i, 0, "%s", "");
	page_str(a, pg, sizeof pg, proc, vpn);
	if (evicted)
		snprintf(opg, sizeof opg, ", replacing page 0x%llx (%s)",
			 (unsigned long long)old.vpn,
			 vm->tlb.policy == TLB_LRU ? "least recently used" :
			 vm->tlb.policy == TLB_FIFO ? "filled earliest" :
						       "drawn at random");
	else
		opg[0] = '\0';
	return exec_emit(a->x, "tlb-fill", 0, TGT_TLB, i, 0,
			 "TLB refill: entry %u now maps %s to frame %u%s.", i,
			 pg, f, opg);
}

/* A write to a copy-on-write page; false when the step stops. */
static bool cow_fault(struct act *a, uint32_t pos, uint64_t vpn)
{
	struct vm *vm = a->vm;
	uint32_t proc = vm->current, src = vm->pt.pool[pos].frame, f;
	uint32_t others = vm->fr.f[src].mapcount - 1;
	char pg[64];

	if (LOUD(a->x))
		page_str(a, pg, sizeof pg, proc, vpn);
	else
		pg[0] = '\0';
	if (others == 0) {
		vm->pt.pool[pos].flags &= (uint16_t)~PTE_COW;
		vm->last.cow = true;
		if (!EMIT(a->x, "cow-reuse", 0, TGT_PAGE, proc, (int64_t)vpn,
			  "Write to copy-on-write %s: no other process maps frame %u any more, so it becomes writable in place, without a copy.",
			  pg, src))
			return false;
		return tlb_refill(a, proc, vpn, src, vm->pt.pool[pos].flags);
	}
	vm->st.page_faults++;
	vm->st.cow_copies++;
	vm->procs[proc].faults++;
	vm->last.fault = true;
	vm->last.cow = true;
	if (!EMIT(a->x, "cow-fault", EVF_FAULT, TGT_PAGE, proc, (int64_t)vpn,
		  "Page fault: write to %s, shared copy-on-write (read-only) with %u other mapping%s since a fork. The kernel gives %s its own copy.",
		  pg, others, others == 1 ? "" : "s",
		  vm_process_name(vm, proc)))
		return false;
	f = get_frame(a);
	if (f == FRAME_NONE)
		return false;
	{
		struct pte *e = &vm->pt.pool[pos];
		struct frame *fr;
		bool still = (e->flags & PTE_PRESENT) != 0;
		if (still) {
			vm->fr.f[src].mapcount--;
			if (vm->fr.f[src].pte == pos)
				refresh_owner(vm, src);
		} else {
			/* Our mapping went out with the source frame. */
			if (e->swap) {
				swap_put(&vm->sw, e->swap - 1);
				e->swap = 0;
			}
			vm->procs[proc].resident++;
		}
		fr = &vm->fr.f[f];
		fr->proc = proc;
		fr->pte = pos;
		fr->vpn = vpn;
		fr->mapcount = 1;
		fr->object = 0;
		fr->objpage = 0;
		frames_load(&vm->fr, f, next_use(a, proc, vpn),
			    vm->last.evicted);
		fr->dirty = true;
		e->frame = f;
		e->flags = (uint16_t)((e->flags | PTE_PRESENT | PTE_USED) &
				      ~PTE_COW);
		vm->last.frame = f;
		if (still ? !EMIT(a->x, "cow-copy", 0, TGT_FRAME, f, src,
				  "Copy %s from frame %u into frame %u: %s's entry now maps frame %u, writable; frame %u stays with the other %u mapping%s.",
				  pg, src, f, vm_process_name(vm, proc), f, src,
				  others, others == 1 ? "" : "s") :
			    !EMIT(a->x, "cow-copy", 0, TGT_FRAME, f, src,
				  "The page's own frame %u was the victim: it now belongs to %s alone, writable, and the other mapping%s read the page back from swap.",
				  f, vm_process_name(vm, proc),
				  others == 1 ? "" : "s"))
			return false;
		return tlb_refill(a, proc, vpn, f, e->flags);
	}
}

/* Walk the page table for vpn, narrating each level; the leaf or PT_NONE. */
static uint32_t walk(struct act *a, uint32_t proc, uint64_t vpn, bool *stop)
{
	struct vm *vm = a->vm;
	uint32_t t = vm->procs[proc].root, l;
	char pr[4];

	*stop = false;
	for (l = 0; l < vm->pt.levels; l++) {
		uint32_t idx = pagetable_index(&vm->pt, vpn, l);
		uint32_t pos = pagetable_slot(&vm->pt, t, idx);
		const struct pte *e = &vm->pt.pool[pos];
		bool leaf = l + 1 == vm->pt.levels;

		vm->last.walk_level = l + 1;
		if (!leaf) {
			bool ok;
			if (e->flags & PTE_TABLE)
				ok = EMIT(a->x, "walk", 0, TGT_PAGE, proc,
					  (int64_t)vpn,
					  "Walk, level %u: entry 0x%x of %s's %s table points to a level-%u table (#%u).",
					  l + 1, idx, vm_process_name(vm, proc),
					  l == 0 ? "top-level" : "next",
					  l + 2, e->frame);
			else
				ok = EMIT(a->x, "walk", 0, TGT_PAGE, proc,
					  (int64_t)vpn,
					  vm->g.exam ? "Walk, level %u: entry 0x%x of %s's %s table is not valid: no level-%u table covers this page." :
						       "Walk, level %u: entry 0x%x of %s's %s table is empty: no level-%u table covers this page yet.",
					  l + 1, idx, vm_process_name(vm, proc),
					  l == 0 ? "top-level" : "next", l + 2);
			if (!ok) {
				*stop = true;
				return PT_NONE;
			}
			if (!(e->flags & PTE_TABLE))
				return PT_NONE;
			t = e->frame;
			continue;
		}
		if (e->flags & PTE_PRESENT)
			*stop = !EMIT(a->x, "walk", 0, TGT_PAGE, proc,
				      (int64_t)vpn,
				      "Walk, level %u: entry 0x%x maps the page to frame %u (present, %s).",
				      l + 1, idx, e->frame,
				      pte_prot_str(e->flags, pr));
		else if (e->swap)
			*stop = !EMIT(a->x, "walk", 0, TGT_PAGE, proc,
				      (int64_t)vpn,
				      "Walk, level %u: entry 0x%x says not present: the page is in swap slot %u.",
				      l + 1, idx, e->swap - 1);
		else if (vm->g.exam)
			*stop = !EMIT(a->x, "walk", 0, TGT_PAGE, proc,
				      (int64_t)vpn,
				      "Walk, level %u: entry 0x%x is not valid.",
				      l + 1, idx);
		else
			*stop = !EMIT(a->x, "walk", 0, TGT_PAGE, proc,
				      (int64_t)vpn,
				      "Walk, level %u: entry 0x%x says not present: the page was %s.",
				      l + 1, idx,
				      e->flags & PTE_USED ? "dropped while clean, and was all zeros" :
							    "never touched");
		return pos;
	}
	return PT_NONE;
}

static uint32_t access_prot_bit(enum vm_access kind)
{
	return kind == VM_WRITE ? VM_PROT_W :
	       kind == VM_FETCH ? VM_PROT_X : VM_PROT_R;
}

static const char *prot_name(uint32_t bit)
{
	return bit == VM_PROT_W ? "writable" :
	       bit == VM_PROT_X ? "executable" : "readable";
}

/*
 * The page is not present: check the region, then bring it in (or map a
 * shared object's resident page).  Returns the leaf position, or PT_NONE
 * when the step ends (segfault, budget).
 */
static uint32_t page_fault(struct act *a, uint32_t proc, uint64_t vaddr,
			   uint64_t vpn, uint32_t pos, enum vm_access kind)
{
	struct vm *vm = a->vm;
	const struct vm_region *r;
	uint32_t prot = region_prot(vm, proc, vaddr, &r), need, created = 0, f;
	char why[EVENT_TEXT_MAX], pg[64];

	if (vm->g.exam) {
		if (LOUD(a->x))
			snprintf(why, sizeof why, "the page-table entry for page 0x%llx %s, so 0x%llx has no translation",
				 (unsigned long long)vpn,
				 pos == PT_NONE ? "is in no table (an upper level is empty)" :
						  "is not valid",
				 (unsigned long long)vaddr);
		else
			why[0] = '\0';
		exam_refuse(a, 0, false, why);
		return PT_NONE;
	}
	need = access_prot_bit(kind);
	if (!(prot & need)) {
		if (LOUD(a->x)) {
			if (r && prot == 0)
				snprintf(why, sizeof why, "0x%llx is in %s, mapped with no access at all",
					 (unsigned long long)vaddr,
					 r->name ? program_name(vm->prog, r->name) : "a guard region");
			else if (r)
				snprintf(why, sizeof why, "0x%llx is in %s, which is not %s",
					 (unsigned long long)vaddr,
					 r->name ? program_name(vm->prog, r->name) : "a region",
					 prot_name(need));
			else if (vaddr < vm->g.page_size)
				snprintf(why, sizeof why, "0x%llx is in page 0, which is never mapped so that NULL pointers fault",
					 (unsigned long long)vaddr);
			else
				snprintf(why, sizeof why, "0x%llx is in ordinary memory, which is not %s",
					 (unsigned long long)vaddr,
					 prot_name(need));
		} else {
			why[0] = '\0';
		}
		vm->last.fault = true;
		segfault(a, EVF_FAULT, why);
		return PT_NONE;
	}
	if (pos == PT_NONE)
		pos = pagetable_leaf(&vm->pt, vm->procs[proc].root, vpn,
				     &created);
	vm->pt.pool[pos].flags |= prot_to_pte(prot);
	if (r && r->object)
		vm->pt.pool[pos].flags |= PTE_SHARED;
	vm->st.page_faults++;
	vm->procs[proc].faults++;
	vm->last.fault = true;
	if (!EMIT(a->x, "page-fault", EVF_FAULT, TGT_PAGE, proc, (int64_t)vpn,
		  "Page fault: %s is not in memory. The kernel checks the mapping (%s, %s%s%s) and handles it%s.",
		  LOUD(a->x) ? page_str(a, pg, sizeof pg, proc, vpn) : "",
		  r && r->name ? program_name(vm->prog, r->name) :
				 r ? "a mapped region" : "ordinary memory",
		  prot & VM_PROT_R ? "r" : "-", prot & VM_PROT_W ? "w" : "-",
		  prot & VM_PROT_X ? "x" : "-",
		  created ? (created == 1 ? ", first creating the missing page table" :
					    ", first creating the missing page tables") :
			    ""))
		return PT_NONE;
	if (r && r->object) {
		uint64_t page = vpn - (r->start >> vm->g.offset_bits);
		struct vm_objpage *op =
			&vm->objpages[vm->objects[r->object - 1].first + page];
		if (op->frame != FRAME_NONE) {
			struct frame *fr = &vm->fr.f[op->frame];
			struct pte *e = &vm->pt.pool[pos];
			f = op->frame;
			if (fr->mapcount == 0) {
				fr->proc = proc;
				fr->pte = pos;
				fr->vpn = vpn;
			}
			fr->mapcount++;
			e->frame = f;
			e->flags |= PTE_PRESENT | PTE_USED;
			vm->procs[proc].resident++;
			vm->st.minor_faults++;
			vm->last.minor = true;
			vm->last.frame = f;
			frames_reference(&vm->fr, f, next_use(a, proc, vpn));
			if (!EMIT(a->x, "map-shared", 0, TGT_FRAME, f, 0,
				  "Page %llu of %s is already in frame %u, shared: map that frame here too (%u mapping%s now). No disk access: a minor fault.",
				  (unsigned long long)page,
				  program_name(vm->prog,
					       vm->objects[r->object - 1].name),
				  f, fr->mapcount,
				  fr->mapcount == 1 ? "" : "s"))
				return PT_NONE;
			return pos;
		}
	}
	f = get_frame(a);
	if (f == FRAME_NONE)
		return PT_NONE;
	if (!load(a, f, proc, pos, vpn, false))
		return PT_NONE;
	return pos;
}

/* The "split" event of an access: page, offset and table indexes. */
static bool access_split(struct act *a, uint32_t proc, uint64_t vaddr,
			 enum vm_access kind)
{
	struct vm *vm = a->vm;
	uint64_t vpn = vaddr >> vm->g.offset_bits;
	uint64_t off = vaddr & (vm->g.page_size - 1);
	char idx[80];
	uint32_t l;

	idx[0] = '\0';
	if (LOUD(a->x) && vm->pt.levels > 1) {
		size_t o = (size_t)snprintf(idx, sizeof idx, " (table indexes");
		for (l = 0; l < vm->pt.levels && o < sizeof idx; l++)
			o += (size_t)snprintf(idx + o, sizeof idx - o, " %s0x%x",
					      l ? "/ " : "",
					      pagetable_index(&vm->pt, vpn, l));
		if (o < sizeof idx)
			snprintf(idx + o, sizeof idx - o, ")");
	}
	return EMIT(a->x, "split", 0, TGT_PAGE, proc, (int64_t)vpn,
		    "%s 0x%llx in %s: page 0x%llx, offset 0x%llx%s (%u-byte pages: the low %u bits are the offset).",
		    kind == VM_READ ? "Read" : kind == VM_WRITE ? "Write" : "Fetch",
		    (unsigned long long)vaddr, vm_process_name(vm, proc),
		    (unsigned long long)vpn, (unsigned long long)off, idx,
		    (unsigned)vm->g.page_size, vm->g.offset_bits);
}

/* A user access to kernel memory: a segmentation fault. */
static void access_kernel(struct act *a, uint64_t vaddr, enum vm_access kind)
{
	struct vm *vm = a->vm;
	char why[EVENT_TEXT_MAX];

	if (LOUD(a->x) && vm->g.exam)
		snprintf(why, sizeof why, "0x%llx is beyond the %u-bit address space",
			 (unsigned long long)vaddr, vm->g.address_bits);
	else if (LOUD(a->x))
		snprintf(why, sizeof why, "0x%llx is kernel memory (the upper half, from 0x%llx); user code may not %s it",
			 (unsigned long long)vaddr,
			 (unsigned long long)vm->g.kernel_base,
			 access_verbs[kind]);
	else
		why[0] = '\0';
	vm->last.fault = true;
	segfault(a, EVF_FAULT, why);
}

/*
 * The TLB did not have the page (or there is none): walk the table,
 * fault the page in when it is not present, refill the TLB.  On success
 * *pos, *f and *flags are the leaf entry, its frame and flags, and
 * *just_loaded says the page was brought in.  False when the step ends.
 */
static bool access_miss(struct act *a, uint32_t proc, uint64_t vaddr,
			enum vm_access kind, uint32_t *pos, uint32_t *f,
			uint16_t *flags, bool *just_loaded)
{
	struct vm *vm = a->vm;
	uint64_t vpn = vaddr >> vm->g.offset_bits;
	bool stop;

	if (vm->tlb.entries) {
		vm->st.tlb_misses++;
		vm->last.tlb = VM_TLB_MISS;
		if (!EMIT(a->x, "tlb-miss", EVF_TLB_MISS, TGT_TLB,
			  tlb_set_of(&vm->tlb, vpn), 0,
			  "TLB miss: no entry for page 0x%llx%s%s; walk the page table.",
			  (unsigned long long)vpn, asid_text(vm, proc).s,
			  vm->tlb.sets > 1 ? " in its set" : ""))
			return false;
	}
	*pos = walk(a, proc, vpn, &stop);
	if (stop)
		return false;
	if (*pos == PT_NONE || !(vm->pt.pool[*pos].flags & PTE_PRESENT)) {
		*pos = page_fault(a, proc, vaddr, vpn, *pos, kind);
		if (*pos == PT_NONE)
			return false;
		*just_loaded = true;
	}
	*f = vm->pt.pool[*pos].frame;
	*flags = vm->pt.pool[*pos].flags;
	if (!tlb_refill(a, proc, vpn, *f, *flags))
		return false;
	if ((*flags & PTE_W) && (*flags & PTE_COW))
		*flags &= (uint16_t)~PTE_W;
	return true;
}

/*
 * The page's protection refuses the access.  A write to a copy-on-write
 * page copies it: true, with *f the new frame.  Anything else is a
 * segmentation fault: false (also when the step stops).  pos is the leaf
 * entry, or PT_NONE after a TLB hit (no walk was needed until now).
 */
static bool access_refused(struct act *a, uint32_t proc, uint64_t vaddr,
			   enum vm_access kind, uint32_t pos, uint32_t *f)
{
	struct vm *vm = a->vm;
	uint64_t vpn = vaddr >> vm->g.offset_bits;
	const struct vm_region *r;
	char pg[64], why[EVENT_TEXT_MAX], pr[4];
	uint16_t pf;

	if (pos == PT_NONE)
		pos = pagetable_lookup(&vm->pt, vm->procs[proc].root, vpn);
	pf = vm->pt.pool[pos].flags;
	if (kind == VM_WRITE && (pf & PTE_W) && (pf & PTE_COW)) {
		if (!cow_fault(a, pos, vpn))
			return false;
		*f = vm->pt.pool[pos].frame;
		return true;
	}
	region_prot(vm, proc, vaddr, &r);
	if (LOUD(a->x))
		snprintf(why, sizeof why, "%s 0x%llx, but %s is %s (%s)",
			 access_verbs[kind], (unsigned long long)vaddr,
			 page_str(a, pg, sizeof pg, proc, vpn),
			 kind == VM_WRITE ? "read-only" :
			 kind == VM_FETCH ? "not executable" :
					    "not readable",
			 r && r->name ? program_name(vm->prog, r->name) :
					pte_prot_str(pf, pr));
	else
		why[0] = '\0';
	vm->last.fault = true;
	segfault(a, EVF_FAULT, why);
	return false;
}

/* The access is allowed and goes to frame f: reference it, note it. */
static inline void access_done(struct act *a, uint32_t proc, uint64_t vaddr,
			       enum vm_access kind, uint32_t f,
			       bool just_loaded)
{
	struct vm *vm = a->vm;

	if (!just_loaded)
		frames_reference(&vm->fr, f,
				 next_use(a, proc, vaddr >> vm->g.offset_bits));
	/* Reads and writes come in random order: no branch on which. */
	vm->fr.f[f].dirty |= kind == VM_WRITE;
	vm->last.frame = f;
	vm->last.paddr = (uint64_t)f * vm->g.page_size +
			 (vaddr & (vm->g.page_size - 1));
	vm->last.has_paddr = true;
	if (!vm->last.fault) {
		vm->st.hits++;
		vm->last.hit = true;
	}
}

/*
 * The rest of vm_access once the TLB was looked up (i: the entry, or
 * TLB_NONE for a miss or no TLB): the hit's event, or the walk and the
 * fault; protection; the frame.
 */
static NOINLINE void access_translate(struct act *a, uint32_t proc,
				      uint64_t vaddr, enum vm_access kind,
				      uint32_t i)
{
	struct vm *vm = a->vm;
	uint64_t vpn = vaddr >> vm->g.offset_bits;
	uint32_t pos = PT_NONE, f = FRAME_NONE;
	uint16_t flags = 0;
	bool just_loaded = false;

	if (i != TLB_NONE) {
		f = vm->tlb.e[i].frame;
		flags = vm->tlb.e[i].prot;
		vm->st.tlb_hits++;
		vm->last.tlb = VM_TLB_HIT;
		if (!EMIT(a->x, "tlb-hit", 0, TGT_TLB, i, 0,
			  "TLB hit: entry %u maps page 0x%llx%s to frame %u: no page-table walk needed.",
			  i, (unsigned long long)vpn, asid_text(vm, proc).s, f))
			return;
	} else if (!access_miss(a, proc, vaddr, kind, &pos, &f, &flags,
				&just_loaded)) {
		return;
	}
	if (!(flags & vm_access_bit(kind))) {
		if (!access_refused(a, proc, vaddr, kind, pos, &f))
			return;
		just_loaded = true;
	}
	access_done(a, proc, vaddr, kind, f, just_loaded);
	(void)EMIT(a->x, "access", 0, TGT_FRAME, f, 0,
	     "Physical address: frame %u x %llu + 0x%llx = 0x%llx. The %s is done; frame %u has R=1%s.",
	     f, (unsigned long long)vm->g.page_size,
	     (unsigned long long)(vaddr & (vm->g.page_size - 1)),
	     (unsigned long long)vm->last.paddr,
	     kind == VM_READ ? "read" : kind == VM_WRITE ? "write" : "fetch",
	     f, kind == VM_WRITE ? ", M=1 (dirty)" : "");
}

/*
 * The start of every access: its record, its count, its "split" event;
 * a kernel address ends it (false, as when the step stops).
 */
static inline bool access_begin(struct act *a, uint64_t vaddr,
				enum vm_access kind)
{
	struct vm *vm = a->vm;
	uint32_t proc = vm->current;

	start_last(vm, proc, kind, kind == VM_WRITE, vaddr,
		   vaddr >> vm->g.offset_bits);
	vm->st.references++;
	if (a->x && !access_split(a, proc, vaddr, kind))
		return false;
	if (vaddr >= vm->g.kernel_base) {
		access_kernel(a, vaddr, kind);
		return false;
	}
	return true;
}

/*
 * Every memory reference comes here; most are a TLB hit on an allowed
 * access with no events wanted, which is done in place.  The rest (any
 * event, a miss, a fault, a refusal) goes on in access_translate.
 */
void vm_access(struct machine *m, struct exec_ctx *x, size_t step,
	       uint64_t vaddr, enum vm_access kind)
{
	struct act a = { m, &m->vm, x, step, false };
	struct vm *vm = a.vm;
	uint32_t proc = vm->current, i = TLB_NONE;
	uint64_t vpn = vaddr >> vm->g.offset_bits;

	if (!access_begin(&a, vaddr, kind))
		return;
	if (vm->tlb.entries) {
		i = tlb_lookup(&vm->tlb, vm->procs[proc].asid, vpn);
		vm->last.tlb_entry = i;
		if (x == NULL && i != TLB_NONE &&
		    (vm->tlb.e[i].prot & vm_access_bit(kind))) {
			vm->st.tlb_hits++;
			vm->last.tlb = VM_TLB_HIT;
			access_done(&a, proc, vaddr, kind, vm->tlb.e[i].frame,
				    false);
			return;
		}
	}
	access_translate(&a, proc, vaddr, kind, i);
}

/* OPT's next use of the page, for vm_access_quiet (at step 0). */
static NOINLINE uint32_t quiet_next_use(struct machine *m, uint32_t proc,
					uint64_t vpn)
{
	struct act a = { m, &m->vm, NULL, 0, false };

	return next_use_opt(&a, proc, vpn);
}

/* vm_access_quiet's way when the TLB gave no allowed hit (i: its entry). */
static NOINLINE void access_quiet_slow(struct machine *m, uint64_t vaddr,
				       enum vm_access kind, uint32_t i)
{
	struct act a = { m, &m->vm, NULL, 0, false };
	struct vm *vm = a.vm;

	/* vm_access from here, the TLB already looked up (and stamped) */
	if (!access_begin(&a, vaddr, kind))
		return;
	if (vm->tlb.entries)
		vm->last.tlb_entry = i;
	access_translate(&a, vm->current, vaddr, kind, i);
}

bool vm_access_quiet(struct machine *m, uint64_t vaddr, enum vm_access kind,
		     uint64_t *paddr, struct vm_memo *memo)
{
	struct vm *vm = &m->vm;
	uint32_t proc = vm->current, i = TLB_NONE, f;
	uint64_t vpn = vaddr >> vm->g.offset_bits;

	if (vaddr < vm->g.kernel_base && vm->tlb.entries) {
		i = tlb_lookup(&vm->tlb, vm->procs[proc].asid, vpn);
		if (i != TLB_NONE &&
		    (vm->tlb.e[i].prot & vm_access_bit(kind))) {
			/* access_done's state changes, vm->last left alone */
			f = vm->tlb.e[i].frame;
			vm->st.references++;
			vm->st.tlb_hits++;
			vm->st.hits++;
			*paddr = vm_hit_frame(vm, f,
					      vm->g.policy == REPLACE_OPT ?
						      quiet_next_use(m, proc, vpn) :
						      0,
					      kind, vaddr);
			if (vm->g.policy != REPLACE_OPT) {
				memo->mru ^= 1;
				memo->page[memo->mru] = (struct vm_memo_page){
					vpn, i, f, vm->tlb.e[i].prot
				};
			}
			return true;
		}
	}
	*memo = (struct vm_memo)VM_MEMO_EMPTY;
	access_quiet_slow(m, vaddr, kind, i);
	return false;
}

/* ---- process operations ---- */

/* On a context switch or fork, without ASIDs the TLB is flushed. */
static bool switch_tlb(struct act *a, uint32_t to)
{
	struct vm *vm = a->vm;
	uint32_t n;

	if (vm->tlb.entries == 0)
		return true;
	if (vm->g.tlb_asid)
		return EMIT(a->x, "tlb-keep", 0, TGT_TLB, -1, 0,
			    "The TLB keeps its %u entries: they are tagged with address-space ids, and %s's id is %u.",
			    tlb_used(&vm->tlb), vm_process_name(vm, to),
			    vm->procs[to].asid);
	n = tlb_flush(&vm->tlb, -1);
	vm->st.tlb_flushes++;
	return EMIT(a->x, "tlb-flush", 0, TGT_TLB, -1, 0,
		    "TLB flushed: its %u valid entr%s belonged to the old address space (no address-space ids), so %s starts with an empty TLB.",
		    n, n == 1 ? "y" : "ies", vm_process_name(vm, to));
}

void vm_process_create(struct machine *m, struct exec_ctx *x, uint32_t name)
{
	struct act a = { m, &m->vm, x, 0, false };
	struct vm *vm = a.vm;
	uint32_t from = vm->current, p = process_add(vm, name);

	vm->current = p;
	if (!EMIT(x, "process", 0, TGT_PAGE, p, 0,
		  "New process %s: its own address space, with an empty top-level page table (%u entries)%s. %s%s now runs.",
		  vm_process_name(vm, p),
		  pagetable_table_size(&vm->pt, 0), asid_text(vm, p).s,
		  from == VM_NONE ? "" : "Context switch: ",
		  vm_process_name(vm, p)))
		return;
	if (from != VM_NONE)
		switch_tlb(&a, p);
}

void vm_switch(struct machine *m, struct exec_ctx *x, uint32_t p)
{
	struct act a = { m, &m->vm, x, 0, false };
	struct vm *vm = a.vm;
	uint32_t from = vm->current;

	vm->current = p;
	if (!EMIT(x, "switch", 0, TGT_PAGE, p, 0,
		  "Context switch %s -> %s: the MMU's page-table base register now points at %s's top-level table.",
		  from == VM_NONE ? "(none)" : vm_process_name(vm, from),
		  vm_process_name(vm, p), vm_process_name(vm, p)))
		return;
	if (from != p)
		switch_tlb(&a, p);
}

void vm_fork(struct machine *m, struct exec_ctx *x, uint32_t name)
{
	struct act a = { m, &m->vm, x, 0, false };
	struct vm *vm = a.vm;
	uint32_t parent = vm->current, child, *map, n;
	size_t t, nt = vm->pt.ntables, i, nreg = vm->nregions;
	uint64_t shared = 0, cow = 0, swapped = 0;

	child = (uint32_t)vm->nprocs;
	vm->procs = xgrow(vm->procs, &vm->procs_cap, vm->nprocs + 1,
			  sizeof *vm->procs);
	memset(&vm->procs[child], 0, sizeof vm->procs[child]);
	vm->nprocs++;
	vm->procs[child].name = name;
	vm->procs[child].parent = parent;
	vm->procs[child].asid = (uint16_t)(child + 1);
	vm->procs[child].alive = true;
	map = xmalloc(nt * sizeof *map);
	for (t = 0; t < nt; t++) {
		map[t] = PT_NONE;
		if (vm->pt.tables[t].proc == parent)
			map[t] = pagetable_new_table(&vm->pt, child,
						     vm->pt.tables[t].level,
						     vm->pt.tables[t].prefix);
	}
	vm->procs[child].root = map[vm->procs[parent].root];
	for (t = 0; t < nt; t++) {
		uint32_t size, k;
		if (map[t] == PT_NONE)
			continue;
		size = pagetable_table_size(&vm->pt, vm->pt.tables[t].level);
		for (k = 0; k < size; k++) {
			uint32_t ps = vm->pt.tables[t].base + k;
			uint32_t cs = vm->pt.tables[map[t]].base + k;
			struct pte *pe = &vm->pt.pool[ps], *ce = &vm->pt.pool[cs];
			if (pe->flags & PTE_TABLE) {
				ce->flags = PTE_TABLE;
				ce->frame = map[pe->frame];
				continue;
			}
			*ce = *pe;
			if (pe->swap) {
				swap_get(&vm->sw, pe->swap - 1);
				swapped++;
			}
			if (!(pe->flags & PTE_PRESENT))
				continue;
			vm->fr.f[pe->frame].mapcount++;
			vm->procs[child].resident++;
			if (pe->flags & PTE_SHARED) {
				shared++;
			} else if (pe->flags & PTE_W) {
				pe->flags |= PTE_COW;
				ce->flags |= PTE_COW;
				cow++;
			} else {
				shared++;
			}
		}
	}
	free(map);
	for (i = 0; i < nreg; i++) {
		if (vm->regions[i].proc != parent)
			continue;
		vm->regions = xgrow(vm->regions, &vm->regions_cap,
				    vm->nregions + 1, sizeof *vm->regions);
		vm->regions[vm->nregions] = vm->regions[i];
		vm->regions[vm->nregions++].proc = child;
	}
	if (!EMIT(x, "fork", 0, TGT_PAGE, child, 0,
		  "fork: %s is a copy of %s. Its page tables are copied, not its memory: %llu resident page%s now shared copy-on-write (read-only in both until one writes), %llu shared read-only or shared-object page%s, %llu swap slot%s shared. No frame is used.",
		  vm_process_name(vm, child), vm_process_name(vm, parent),
		  (unsigned long long)cow, cow == 1 ? " is" : "s are",
		  (unsigned long long)shared, shared == 1 ? "" : "s",
		  (unsigned long long)swapped, swapped == 1 ? "" : "s"))
		return;
	if (vm->tlb.entries && cow) {
		n = tlb_flush(&vm->tlb, vm->procs[parent].asid);
		(void)EMIT(x, "tlb-flush", 0, TGT_TLB, -1, 0,
		     "%s's %u TLB entr%s flushed: they may say writable, and its pages are now read-only until copied.",
		     vm_process_name(vm, parent), n, n == 1 ? "y is" : "ies are");
	}
}

void vm_map(struct machine *m, struct exec_ctx *x, uint64_t start,
	    uint64_t size, uint32_t prot, uint32_t name, uint32_t file)
{
	struct vm *vm = &m->vm;
	struct vm_region *r;
	uint64_t pages = size / vm->g.page_size;
	char sz[24], mem[24];

	vm->regions = xgrow(vm->regions, &vm->regions_cap, vm->nregions + 1,
			    sizeof *vm->regions);
	r = &vm->regions[vm->nregions++];
	memset(r, 0, sizeof *r);
	r->proc = vm->current;
	r->name = name;
	r->prot = prot;
	r->file = file == SYM_NONE ? 0 : file + 1;
	r->start = start;
	r->end = start + size;
	(void)EMIT(x, "map", 0, TGT_PAGE, vm->current,
	     (int64_t)(start >> vm->g.offset_bits),
	     "map%s%s: %s of virtual memory at 0x%llx-0x%llx (%llu page%s, %s%s%s) in %s%s%s%s. Only the mapping is recorded: no frame is used until a page is touched (physical memory is %s).",
	     name ? " " : "", name ? program_name(vm->prog, name) : "",
	     LOUD(x) ? size_str(sz, sizeof sz, size) : "",
	     (unsigned long long)start, (unsigned long long)(start + size - 1),
	     (unsigned long long)pages, pages == 1 ? "" : "s",
	     prot & VM_PROT_R ? "r" : "-", prot & VM_PROT_W ? "w" : "-",
	     prot & VM_PROT_X ? "x" : "-", vm_process_name(vm, vm->current),
	     r->file ? ", backed by the file " : "",
	     r->file ? program_name(vm->prog, file) : "",
	     r->file ? ": a touched page is read from it" : "",
	     LOUD(x) ? size_str(mem, sizeof mem,
				vm->g.frames * vm->g.page_size) : "");
}

bool vm_share(struct machine *m, struct exec_ctx *x, uint32_t name,
	      uint64_t start, uint64_t size, uint32_t prot)
{
	struct vm *vm = &m->vm;
	struct vm_region *r;
	uint64_t pages = size / vm->g.page_size, i;
	uint32_t o;
	size_t resident = 0;

	for (o = 0; o < vm->nobjects; o++)
		if (vm->objects[o].name == name)
			break;
	if (o < vm->nobjects && vm->objects[o].npages != pages)
		return false;
	if (o == vm->nobjects) {
		struct vm_object *ob;
		vm->objects = xgrow(vm->objects, &vm->objects_cap,
				    vm->nobjects + 1, sizeof *vm->objects);
		ob = &vm->objects[vm->nobjects++];
		ob->name = name;
		ob->npages = pages;
		ob->first = (uint32_t)vm->nobjpages;
		vm->objpages = xgrow(vm->objpages, &vm->objpages_cap,
				     vm->nobjpages + pages,
				     sizeof *vm->objpages);
		for (i = 0; i < pages; i++) {
			vm->objpages[vm->nobjpages + i].frame = FRAME_NONE;
			vm->objpages[vm->nobjpages + i].swap = 0;
		}
		vm->nobjpages += pages;
	}
	for (i = 0; i < pages; i++)
		resident += vm->objpages[vm->objects[o].first + i].frame !=
			    FRAME_NONE;
	vm->regions = xgrow(vm->regions, &vm->regions_cap, vm->nregions + 1,
			    sizeof *vm->regions);
	r = &vm->regions[vm->nregions++];
	memset(r, 0, sizeof *r);
	r->proc = vm->current;
	r->name = name;
	r->object = o + 1;
	r->prot = prot;
	r->start = start;
	r->end = start + size;
	(void)EMIT(x, "share", 0, TGT_PAGE, vm->current,
	     (int64_t)(start >> vm->g.offset_bits),
	     "share %s: %s maps the shared object at 0x%llx (%llu page%s, %s%s%s). %s",
	     program_name(vm->prog, name), vm_process_name(vm, vm->current),
	     (unsigned long long)start, (unsigned long long)pages,
	     pages == 1 ? "" : "s", prot & VM_PROT_R ? "r" : "-",
	     prot & VM_PROT_W ? "w" : "-", prot & VM_PROT_X ? "x" : "-",
	     resident ? "Pages already in memory will be mapped, not loaded again." :
			"None of its pages is in memory yet.");
	return true;
}

/* ---- headless output ---- */

void vm_json_last(const struct vm *vm, struct json *j)
{
	const struct vm_last *l = &vm->last;
	uint32_t i;

	if (!l->valid)
		return;
	json_kv_uint(j, "page", l->vpn);
	json_kv_bool(j, "hit", l->hit);
	json_key(j, "evicted");
	if (l->evicted)
		json_uint(j, l->evicted_vpn);
	else
		json_null(j);
	json_key(j, "frames");
	json_begin_array(j);
	for (i = 0; i < vm->fr.count; i++) {
		if (vm->fr.f[i].proc == FRAME_NONE)
			json_null(j);
		else
			json_uint(j, vm->fr.f[i].object ? vm->fr.f[i].objpage :
							  vm->fr.f[i].vpn);
	}
	json_end_array(j);
	json_kv_bool(j, "write", l->write);
	if (l->evicted && vm->nprocs > 1)
		json_kv_string(j, "evicted_process",
			       vm_process_name(vm, l->evicted_proc));
	json_kv_bool(j, "writeback", l->writeback);
	if (l->kind == VM_REF)
		return;
	json_kv_string(j, "process", vm_process_name(vm, l->proc));
	json_kv_uint(j, "vaddr", l->vaddr);
	json_key(j, "paddr");
	if (l->has_paddr)
		json_uint(j, l->paddr);
	else
		json_null(j);
	json_key(j, "tlb");
	if (l->tlb == VM_TLB_HIT)
		json_string(j, "hit");
	else if (l->tlb == VM_TLB_MISS)
		json_string(j, "miss");
	else
		json_null(j);
	json_kv_bool(j, "fault", l->fault);
	json_kv_bool(j, "segfault", l->segfault);
	if (vm->g.exam)
		json_kv_bool(j, "invalid", l->invalid);
}

void vm_json(const struct vm *vm, struct json *j)
{
	size_t i;
	uint32_t k;

	json_begin_object(j);
	json_kv_string(j, "policy", replace_policy_names[vm->g.policy]);
	json_kv_uint(j, "page_size", vm->g.page_size);
	json_kv_uint(j, "frames", vm->g.frames);
	json_key(j, "process");
	if (vm->current == VM_NONE)
		json_null(j);
	else
		json_string(j, vm_process_name(vm, vm->current));
	json_key(j, "memory");
	json_begin_array(j);
	for (k = 0; k < vm->fr.count; k++) {
		const struct frame *f = &vm->fr.f[k];
		if (f->proc == FRAME_NONE) {
			json_null(j);
			continue;
		}
		json_begin_object(j);
		if (f->object) {
			json_kv_string(j, "object",
				       program_name(vm->prog,
						    vm->objects[f->object - 1].name));
			json_kv_uint(j, "page", f->objpage);
		} else {
			json_kv_string(j, "process",
				       vm_process_name(vm, f->proc));
			json_kv_uint(j, "page", f->vpn);
		}
		json_kv_uint(j, "mappings", f->mapcount);
		json_kv_bool(j, "referenced", f->referenced);
		json_kv_bool(j, "dirty", f->dirty);
		json_end_object(j);
	}
	json_end_array(j);
	if (vm->g.policy == REPLACE_CLOCK || vm->g.policy == REPLACE_ECLOCK)
		json_kv_uint(j, "hand", vm->fr.hand);
	if (vm->g.policy == REPLACE_FIFO || vm->g.policy == REPLACE_LRU) {
		json_key(j, "order");
		json_begin_array(j);
		for (k = vm->fr.head; k != FRAME_NONE; k = vm->fr.f[k].next)
			json_uint(j, k);
		json_end_array(j);
	}
	json_key(j, "processes");
	json_begin_array(j);
	for (i = 0; i < vm->nprocs; i++) {
		json_begin_object(j);
		json_kv_string(j, "name", vm_process_name(vm, (uint32_t)i));
		json_kv_uint(j, "asid", vm->procs[i].asid);
		json_kv_bool(j, "alive", vm->procs[i].alive);
		json_kv_uint(j, "resident", vm->procs[i].resident);
		json_kv_uint(j, "faults", vm->procs[i].faults);
		json_end_object(j);
	}
	json_end_array(j);
	json_kv_uint(j, "tlb_entries_used", tlb_used(&vm->tlb));
	json_kv_uint(j, "swap_slots_used", vm->sw.used);
	json_end_object(j);
}

void vm_json_summary(const struct vm *vm, struct json *j)
{
	json_kv_uint(j, "references", vm->st.references);
	json_kv_uint(j, "page_faults", vm->st.page_faults);
	json_kv_uint(j, "hits", vm->st.hits);
	json_kv_uint(j, "evictions", vm->st.evictions);
	json_kv_uint(j, "writebacks", vm->st.writebacks);
	json_kv_uint(j, "tlb_hits", vm->st.tlb_hits);
	json_kv_uint(j, "tlb_misses", vm->st.tlb_misses);
	json_kv_uint(j, "swap_ins", vm->st.swap_ins);
	json_kv_uint(j, "zero_fills", vm->st.zero_fills);
	json_kv_uint(j, "file_reads", vm->st.file_reads);
	json_kv_uint(j, "minor_faults", vm->st.minor_faults);
	json_kv_uint(j, "cow_copies", vm->st.cow_copies);
	json_kv_uint(j, "segfaults", vm->st.segfaults);
	json_kv_uint(j, "disk_ns", vm->st.disk_ns);
}
