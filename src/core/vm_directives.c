/*
 * vm_directives.c: the virtual-memory directives of the scenario
 * language (configuration, page references, addresses, processes,
 * mappings), their per-step JSON, OPT's view of the program's future, and
 * compare mode.
 *
 * Invariants: configuration lines are checked as a whole each time one is
 * given (so the line that makes the combination impossible is the one
 * reported); a `refs` line adds one step per reference, each positioned at
 * its own column; a step's meaning is: refs: a = page, flags bit 0 =
 * write; read/write/fetch: sym = name or SYM_NONE, a = address or offset;
 * process/switch/fork: sym = process name; map/share: a = start, b =
 * size, flags = VM_PROT_*, sym = name.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/diag.h"
#include "core/directive.h"
#include "core/heap.h"
#include "core/json.h"
#include "core/access.h"
#include "core/machine.h"
#include "core/scenario.h"
#include "core/util.h"
#include "core/vm.h"

#define REF_WRITE 1u

static struct vm_config *cfg_of(struct parse_ctx *pc)
{
	return &pc->prog->config.vm;
}

/*
 * Check the configuration as a whole after a change.  Lines may come in
 * any order, so an invalid geometry is not an error yet: the first line
 * that made it invalid is remembered, and the error is reported there by
 * resolve() if the configuration is still invalid when a step needs it,
 * or by finish_config() at the end.
 */
static bool config_check(struct parse_ctx *pc)
{
	struct vm_config *c = cfg_of(pc);
	struct vm_geometry g;

	pc->prog->config.uses |= USES_VM;
	if (vm_geometry_resolve(c, &g, NULL, 0)) {
		c->bad_line = 0;
	} else if (c->bad_line == 0) {
		c->bad_line = pc->line;
		c->bad_col = pc->keyword->col;
	}
	return true;
}

/* The resolved geometry; when it is invalid, the configuration's error is
 * reported (once, at the line that made it so) and false returned. */
static bool resolve(struct parse_ctx *pc, struct vm_geometry *g)
{
	struct vm_config *c = cfg_of(pc);
	char why[240];

	if (vm_geometry_resolve(c, g, why, sizeof why))
		return true;
	/* bad_line is 0 once reported: later steps add nothing. */
	if (c->bad_line) {
		diag_error(pc->diag, c->bad_line, c->bad_col, "%s", why);
		c->bad_line = 0;
	}
	return false;
}

/* The resolved geometry for a step's checks; false if the config is bad. */
static bool geometry(struct parse_ctx *pc, struct vm_geometry *g)
{
	pc->prog->config.uses |= USES_VM;
	return resolve(pc, g);
}

/* At the end: a configuration no step checked is checked here. */
static void finish_config(struct parse_ctx *pc)
{
	struct vm_geometry g;

	if (cfg_of(pc)->bad_line)
		resolve(pc, &g);
}

/* A step acting on the current process: before any `process`, "p0". */
static void need_process_parse(struct parse_ctx *pc)
{
	if (!(cfg_of(pc)->set & VMC_PROCESS))
		cfg_of(pc)->implicit_process = true;
}

/* ---- configuration ---- */

static bool parse_page_size(struct parse_ctx *pc, const struct token *args,
			    size_t nargs)
{
	uint64_t v;

	if (!parse_expect(pc, nargs, 1, 1) || !parse_u64(pc, &args[0], &v))
		return false;
	if (v < 16 || v > (1u << 30) || (v & (v - 1))) {
		parse_error(pc, &args[0], "the page size must be a power of two between 16 bytes and 1G");
		return false;
	}
	cfg_of(pc)->page_size = v;
	cfg_of(pc)->set |= VMC_PAGE_SIZE;
	return config_check(pc);
}

static bool parse_frames(struct parse_ctx *pc, const struct token *args,
			 size_t nargs)
{
	uint64_t v;

	if (!parse_expect(pc, nargs, 1, 1) || !parse_u64(pc, &args[0], &v))
		return false;
	if (cfg_of(pc)->set & VMC_MEMORY) {
		parse_error_here(pc, "`frames` and `memory` both set the size of physical memory: give one");
		return false;
	}
	if (v < 1 || v > VM_MAX_FRAMES) {
		parse_error(pc, &args[0], "physical memory must have 1 to %u frames",
			    VM_MAX_FRAMES);
		return false;
	}
	cfg_of(pc)->frames = v;
	cfg_of(pc)->set |= VMC_FRAMES;
	return config_check(pc);
}

static bool parse_memory(struct parse_ctx *pc, const struct token *args,
			 size_t nargs)
{
	uint64_t v;

	if (!parse_expect(pc, nargs, 1, 1) || !parse_u64(pc, &args[0], &v))
		return false;
	if (cfg_of(pc)->set & VMC_FRAMES) {
		parse_error_here(pc, "`frames` and `memory` both set the size of physical memory: give one");
		return false;
	}
	if (v == 0) {
		parse_error(pc, &args[0], "memory must not be empty");
		return false;
	}
	cfg_of(pc)->memory_bytes = v;
	cfg_of(pc)->set |= VMC_MEMORY;
	return config_check(pc);
}

static bool parse_address_bits(struct parse_ctx *pc, const struct token *args,
			       size_t nargs)
{
	uint64_t v;

	if (!parse_expect(pc, nargs, 1, 1) || !parse_u64(pc, &args[0], &v))
		return false;
	if (v < 8 || v > 48) {
		parse_error(pc, &args[0], "virtual addresses must have 8 to 48 bits");
		return false;
	}
	cfg_of(pc)->address_bits = (uint32_t)v;
	cfg_of(pc)->set |= VMC_BITS;
	return config_check(pc);
}

/* "10/10/12": index bits per level, top first, optionally the offset. */
static bool parse_split(struct parse_ctx *pc, const struct token *t)
{
	struct vm_config *c = cfg_of(pc);
	const char *s = t->value, *end = t->value + t->value_len;
	uint32_t n = 0;

	while (s < end) {
		const char *slash = memchr(s, '/', (size_t)(end - s));
		const char *stop = slash ? slash : end, *why;
		uint64_t v;
		if (n == 5 || !parse_number_text(s, (size_t)(stop - s), &v,
						 &why) ||
		    v < 1 || v > 30) {
			parse_error(pc, t, "expected index bits per level such as 10/10 or 10/10/12 (at most 4 levels and the offset)");
			return false;
		}
		c->split[n++] = (uint32_t)v;
		s = slash ? slash + 1 : end;
		if (slash && s == end) {
			parse_error(pc, t, "the split ends with `/`");
			return false;
		}
	}
	c->nsplit = n;
	return true;
}

static bool parse_pagetable(struct parse_ctx *pc, const struct token *args,
			    size_t nargs)
{
	struct vm_config *c = cfg_of(pc);
	uint64_t levels = 0;
	bool levels_seen = false;
	size_t i;
	const struct option_spec specs[] = {
		{ "levels", OPT_U64, &levels, NULL, &levels_seen },
		{ NULL, OPT_U64, NULL, NULL, NULL },
	};

	if (!parse_expect(pc, nargs, 1, 2))
		return false;
	for (i = 0; i < nargs; i++) {
		if (args[i].type == TOK_OPTION && args[i].len == 5 &&
		    memcmp(args[i].text, "split", 5) == 0) {
			if (!parse_split(pc, &args[i]))
				return false;
			c->set |= VMC_SPLIT;
		} else if (!parse_options(pc, &args[i], 1, specs)) {
			return false;
		}
	}
	if (levels_seen) {
		if (levels < 1 || levels > PT_MAX_LEVELS) {
			parse_error_here(pc, "a page table has 1 to 4 levels");
			return false;
		}
		c->levels = (uint32_t)levels;
		c->set |= VMC_LEVELS;
	}
	return config_check(pc);
}

static const char *const tlb_switch_words[] = { "flush", "asid", NULL };

static bool parse_tlb(struct parse_ctx *pc, const struct token *args,
		      size_t nargs)
{
	struct vm_config *c = cfg_of(pc);
	uint64_t entries = c->tlb_entries ? c->tlb_entries :
					    VM_DEFAULT_TLB_ENTRIES;
	uint64_t ways = c->tlb_ways;
	int policy = c->tlb_policy, sw = c->tlb_asid;
	bool ways_seen = false, entries_seen = false;
	const struct option_spec specs[] = {
		{ "entries", OPT_U64, &entries, NULL, &entries_seen },
		{ "ways", OPT_U64, &ways, NULL, &ways_seen },
		{ "replace", OPT_CHOICE, &policy, tlb_policy_names, NULL },
		{ "switch", OPT_CHOICE, &sw, tlb_switch_words, NULL },
		{ NULL, OPT_U64, NULL, NULL, NULL },
	};

	if (!parse_expect(pc, nargs, 1, 4))
		return false;
	if (nargs == 1 && args[0].type == TOK_WORD && args[0].len == 3 &&
	    memcmp(args[0].text, "off", 3) == 0) {
		c->tlb_off = true;
		c->set |= VMC_TLB;
		return config_check(pc);
	}
	if (!parse_options(pc, args, nargs, specs))
		return false;
	if (entries_seen && entries == 0) {
		c->tlb_off = true;
	} else if (entries > VM_MAX_TLB) {
		parse_error_here(pc, "a TLB has at most %u entries", VM_MAX_TLB);
		return false;
	}
	if (ways_seen && (ways == 0 || ways > entries)) {
		parse_error_here(pc, "the TLB's ways must be between 1 and its entries");
		return false;
	}
	c->tlb_entries = (uint32_t)entries;
	c->tlb_ways = (uint32_t)ways;
	c->tlb_policy = policy;
	c->tlb_asid = sw == 1;
	c->set |= VMC_TLB;
	return config_check(pc);
}

static bool parse_swap(struct parse_ctx *pc, const struct token *args,
		       size_t nargs)
{
	struct vm_config *c = cfg_of(pc);
	uint64_t slots = VM_DEFAULT_SWAP_SLOTS, ns = VM_DEFAULT_SWAP_NS;
	const struct option_spec specs[] = {
		{ "slots", OPT_U64, &slots, NULL, NULL },
		{ "latency", OPT_NS, &ns, NULL, NULL },
		{ NULL, OPT_U64, NULL, NULL, NULL },
	};

	if (!parse_expect(pc, nargs, 1, 2) ||
	    !parse_options(pc, args, nargs, specs))
		return false;
	if (slots > (1u << 30)) {
		parse_error_here(pc, "swap has at most 2^30 slots");
		return false;
	}
	c->swap_slots = slots;
	c->swap_latency_ns = ns;
	c->set |= VMC_SWAP;
	return config_check(pc);
}

static bool parse_replace(struct parse_ctx *pc, const struct token *args,
			  size_t nargs)
{
	int policy;

	if (!parse_expect(pc, nargs, 1, 1) ||
	    !parse_choice(pc, &args[0], replace_policy_names,
			  "replacement policy", &policy))
		return false;
	cfg_of(pc)->policy = policy;
	cfg_of(pc)->set |= VMC_REPLACE;
	return config_check(pc);
}

/* ---- steps: parsing ---- */

static bool parse_refs(struct parse_ctx *pc, const struct token *args,
		       size_t nargs)
{
	struct vm_geometry g;
	bool ok = true;
	size_t i;

	if (!parse_expect(pc, nargs, 1, -1))
		return false;
	if (!geometry(pc, &g))
		return false;
	need_process_parse(pc);
	for (i = 0; i < nargs; i++) {
		const struct token *t = &args[i];
		size_t len = t->len;
		uint16_t flags = 0;
		uint64_t page;
		const char *why;
		struct step *s;

		if (t->type == TOK_WORD && len > 1 &&
		    (t->text[len - 1] == 'w' || t->text[len - 1] == 'W')) {
			flags = REF_WRITE;
			len--;
		} else if (t->type == TOK_WORD && len > 1 &&
			   (t->text[len - 1] == 'r' || t->text[len - 1] == 'R')) {
			len--;
		}
		if (t->type != TOK_WORD ||
		    !parse_number_text(t->text, len, &page, &why)) {
			parse_error(pc, t, "expected a page number such as 7, or 7w for a write, got `%.*s`",
				    (int)(t->len > 40 ? 40 : t->len), t->text);
			ok = false;
			continue;
		}
		if (g.vpn_bits < 64 && page >> g.vpn_bits) {
			parse_error(pc, t, "page %llu does not exist: %u-bit addresses with %llu-byte pages have pages 0 to %llu",
				    (unsigned long long)page, g.address_bits,
				    (unsigned long long)g.page_size,
				    (unsigned long long)((1ull << g.vpn_bits) - 1));
			ok = false;
			continue;
		}
		s = parse_add_step(pc);
		s->a = (int64_t)page;
		s->flags = flags;
		s->col = t->col;
	}
	return ok;
}

static bool parse_address(struct parse_ctx *pc, const struct token *args,
			  size_t nargs)
{
	const struct token *t = &args[0];
	struct vm_geometry g;
	struct step *s;
	uint64_t v = 0;
	const char *why;

	if (!parse_expect(pc, nargs, 1, 1) || !resolve(pc, &g))
		return false;
	/* Paging or physical: decided at the end (finish_addresses). */
	pc->prog->config.uses |= USES_ADDR;
	need_process_parse(pc);
	if (t->type != TOK_WORD) {
		parse_error(pc, t, "expected an address such as 0x1000, or NAME+OFFSET");
		return false;
	}
	if (t->text[0] >= '0' && t->text[0] <= '9') {
		if (!parse_u64(pc, t, &v))
			return false;
		if (v >> g.address_bits) {
			parse_error(pc, t, "address 0x%llx does not fit in %u bits",
				    (unsigned long long)v, g.address_bits);
			return false;
		}
		s = parse_add_step(pc);
		s->a = (int64_t)v;
		return true;
	} else {
		const char *plus = memchr(t->text, '+', t->len);
		struct token name = *t;
		uint32_t sym;
		if (plus)
			name.len = (size_t)(plus - t->text);
		if (!parse_ident(pc, &name, &sym))
			return false;
		if (plus && !parse_number_text(plus + 1,
					       t->len - name.len - 1, &v,
					       &why)) {
			parse_error(pc, t, "expected NAME+OFFSET with a number as the offset");
			return false;
		}
		s = parse_add_step(pc);
		s->sym = sym;
		s->a = (int64_t)v;
	}
	return true;
}

static bool parse_process(struct parse_ctx *pc, const struct token *args,
			  size_t nargs)
{
	uint32_t sym;
	struct step *s;

	if (!parse_expect(pc, nargs, 1, 1) ||
	    !parse_ident(pc, &args[0], &sym))
		return false;
	cfg_of(pc)->set |= VMC_PROCESS;
	pc->prog->config.uses |= USES_VM;
	s = parse_add_step(pc);
	s->sym = sym;
	return true;
}

static bool parse_switch(struct parse_ctx *pc, const struct token *args,
			 size_t nargs)
{
	uint32_t sym;
	struct step *s;

	if (!parse_expect(pc, nargs, 1, 1) ||
	    !parse_ident(pc, &args[0], &sym))
		return false;
	pc->prog->config.uses |= USES_VM;
	s = parse_add_step(pc);
	s->sym = sym;
	return true;
}

static bool parse_fork(struct parse_ctx *pc, const struct token *args,
		       size_t nargs)
{
	uint32_t sym;
	struct step *s;

	if (!parse_expect(pc, nargs, 1, 1) ||
	    !parse_ident(pc, &args[0], &sym))
		return false;
	need_process_parse(pc);
	pc->prog->config.uses |= USES_VM;
	s = parse_add_step(pc);
	s->sym = sym;
	return true;
}

/* "rwx", "r-x", "rw", "---", "none": VM_PROT_* bits. */
static bool parse_prot(struct parse_ctx *pc, const struct token *t,
		       const char *text, uint32_t *out)
{
	size_t i, n = strlen(text);

	*out = 0;
	if (strcmp(text, "none") == 0)
		return true;
	for (i = 0; i < n; i++) {
		switch (text[i]) {
		case 'r': *out |= VM_PROT_R; break;
		case 'w': *out |= VM_PROT_W; break;
		case 'x': *out |= VM_PROT_X; break;
		case '-': break;
		default:
			parse_error(pc, t, "expected a protection such as r-x, rw- or --- (none)");
			return false;
		}
	}
	return n > 0 && n <= 3;
}

/* Shared by map and share: ADDR SIZE [prot=..] [name=..]. */
static bool parse_region(struct parse_ctx *pc, const struct token *args,
			 size_t nargs, uint32_t default_prot, bool want_name,
			 struct step **out)
{
	struct vm_geometry g;
	uint64_t start, size;
	char *prot_s = NULL, *name_s = NULL, *file_s = NULL;
	uint32_t prot = default_prot;
	struct option_spec specs[4];
	size_t k = 0;
	struct step *s;
	bool ok;
	const struct token *prot_tok = NULL;

	memset(specs, 0, sizeof specs);
	specs[k++] = (struct option_spec){ "prot", OPT_STRING, &prot_s, NULL,
					   NULL };
	if (want_name) {
		specs[k++] = (struct option_spec){ "name", OPT_STRING, &name_s,
						   NULL, NULL };
		specs[k++] = (struct option_spec){ "file", OPT_STRING, &file_s,
						   NULL, NULL };
	}
	if (nargs < 2 || !geometry(pc, &g)) {
		parse_expect(pc, nargs, 2, want_name ? 5 : 4);
		return false;
	}
	need_process_parse(pc);
	if (!parse_u64(pc, &args[0], &start) || !parse_u64(pc, &args[1], &size))
		return false;
	ok = parse_options(pc, args + 2, nargs - 2, specs);
	for (k = 2; k < nargs; k++)
		if (args[k].type == TOK_OPTION && args[k].len == 4 &&
		    memcmp(args[k].text, "prot", 4) == 0)
			prot_tok = &args[k];
	if (ok && prot_s && !parse_prot(pc, prot_tok, prot_s, &prot)) {
		if (prot_s[0] == '\0' || strlen(prot_s) > 3)
			parse_error(pc, prot_tok, "expected a protection such as r-x, rw- or --- (none)");
		ok = false;
	}
	if (ok && start % g.page_size) {
		parse_error(pc, &args[0], "a mapping starts on a page boundary (a multiple of %llu)",
			    (unsigned long long)g.page_size);
		ok = false;
	}
	if (ok && size == 0) {
		parse_error(pc, &args[1], "a mapping needs at least one byte");
		ok = false;
	}
	if (ok) {
		size = (size + g.page_size - 1) / g.page_size * g.page_size;
		if (start >= g.kernel_base || size > g.kernel_base - start) {
			parse_error(pc, &args[1], "the mapping must end below the kernel's half at 0x%llx",
				    (unsigned long long)g.kernel_base);
			ok = false;
		}
	}
	if (ok) {
		s = parse_add_step(pc);
		s->a = (int64_t)start;
		s->b = (int64_t)size;
		s->flags = (uint16_t)prot;
		if (name_s)
			s->sym = program_intern(pc->prog, name_s,
						strlen(name_s));
		if (file_s) {
			/* The file: one argument, its name as the symbol. */
			struct step_arg *fa = program_add_arg(pc->prog);
			fa->name = SYM_NONE;
			fa->ref = program_intern(pc->prog, file_s,
						 strlen(file_s));
		}
		*out = s;
	}
	free(prot_s);
	free(name_s);
	free(file_s);
	return ok;
}

static bool parse_map(struct parse_ctx *pc, const struct token *args,
		      size_t nargs)
{
	struct step *s;

	if (!parse_expect(pc, nargs, 2, 5))
		return false;
	return parse_region(pc, args, nargs, VM_PROT_R | VM_PROT_W, true, &s);
}

static bool parse_share(struct parse_ctx *pc, const struct token *args,
			size_t nargs)
{
	struct step *s;
	uint32_t sym;

	if (!parse_expect(pc, nargs, 3, 4) || !parse_ident(pc, &args[0], &sym))
		return false;
	if (!parse_region(pc, args + 1, nargs - 1, VM_PROT_R | VM_PROT_X,
			  false, &s))
		return false;
	s->sym = sym;
	return true;
}

/* ---- steps: execution ---- */

/* The current process must exist and be alive. */
static bool need_process(struct machine *m, struct exec_ctx *x)
{
	struct vm *vm = &m->vm;

	if (vm->current == VM_NONE) {
		exec_scenario_error(x, 0, "no process is running: start one with `process NAME`");
		return false;
	}
	if (!vm->procs[vm->current].alive) {
		exec_scenario_error(x, 0, "process %s was killed by a segmentation fault: `switch` to a live process first",
				    vm_process_name(vm, vm->current));
		return false;
	}
	return true;
}

static void exec_refs(struct machine *m, const struct step *s,
		      struct exec_ctx *x)
{
	if (need_process(m, x))
		vm_ref(&m->vm, &m->rng, x, x->step_index, (uint64_t)s->a,
		       (s->flags & REF_WRITE) != 0);
}

/*
 * The address NAME stands for in read/write/fetch: a stack variable's own
 * address (the variable itself is accessed), else a heap name's block.
 */
static bool resolve_name(const struct machine *m, uint32_t sym,
			 uint64_t *addr)
{
	const struct stack_slot *slot = stack_find_any(&m->stack, sym);

	if (slot) {
		*addr = slot->addr;
		return true;
	}
	return machine_resolve(m, sym, addr);
}

/*
 * After the whole file: read/write/fetch translate through paging when
 * the scenario configures any of it (or uses no other model: then they
 * are a virtual-memory lesson with the default machine); else, beside a
 * heap, a stack or caches, their addresses are physical.
 */
static void finish_addresses(struct parse_ctx *pc)
{
	uint32_t *uses = &pc->prog->config.uses;

	if ((*uses & USES_ADDR) &&
	    !(*uses & (USES_HEAP | USES_GC | USES_CACHE)))
		*uses |= USES_VM;
}

/*
 * read/write/fetch: the name resolved (and checked against the address
 * bits when the VM is configured), then the access's whole path
 * (access_address, access.c).
 */
static void exec_address(struct machine *m, const struct step *s,
			 struct exec_ctx *x, enum vm_access kind)
{
	bool paging = access_paging(m->prog);
	uint64_t addr = (uint64_t)s->a;

	if (paging && !need_process(m, x))
		return;
	if (s->sym != SYM_NONE) {
		uint64_t base;
		if (!resolve_name(m, s->sym, &base)) {
			exec_scenario_error(x, 0, "unknown name `%s`: no variable or block of that name exists here",
					    program_name(x->prog, s->sym));
			return;
		}
		addr += base;
		if (paging && addr >> m->vm.g.address_bits) {
			exec_scenario_error(x, 0, "`%s` is at 0x%llx, which does not fit in %u-bit virtual addresses",
					    program_name(x->prog, s->sym),
					    (unsigned long long)addr,
					    m->vm.g.address_bits);
			return;
		}
	}
	access_address(m, x, addr,
		       s->sym != SYM_NONE &&
				       stack_find_any(&m->stack, s->sym) == NULL ?
			       s->sym :
			       SYM_NONE,
		       kind);
}

static void exec_read(struct machine *m, const struct step *s,
		      struct exec_ctx *x)
{
	exec_address(m, s, x, VM_READ);
}

static void exec_write(struct machine *m, const struct step *s,
		       struct exec_ctx *x)
{
	exec_address(m, s, x, VM_WRITE);
}

static void exec_fetch(struct machine *m, const struct step *s,
		       struct exec_ctx *x)
{
	exec_address(m, s, x, VM_FETCH);
}

static void exec_process(struct machine *m, const struct step *s,
			 struct exec_ctx *x)
{
	if (vm_process_find(&m->vm, s->sym) != VM_NONE) {
		exec_scenario_error(x, 0, "process %s already exists",
				    program_name(x->prog, s->sym));
		return;
	}
	if (m->vm.nprocs >= VM_MAX_PROCESSES) {
		exec_scenario_error(x, 0, "too many processes (at most %u)",
				    VM_MAX_PROCESSES);
		return;
	}
	vm_process_create(&m->vm, x, s->sym);
}

static void exec_switch(struct machine *m, const struct step *s,
			struct exec_ctx *x)
{
	uint32_t p = vm_process_find(&m->vm, s->sym);

	if (p == VM_NONE) {
		exec_scenario_error(x, 0, "no process named %s (create it with `process %s`)",
				    program_name(x->prog, s->sym),
				    program_name(x->prog, s->sym));
		return;
	}
	if (!m->vm.procs[p].alive) {
		exec_scenario_error(x, 0, "process %s was killed by a segmentation fault",
				    program_name(x->prog, s->sym));
		return;
	}
	vm_switch(&m->vm, x, p);
}

static void exec_fork(struct machine *m, const struct step *s,
		      struct exec_ctx *x)
{
	if (!need_process(m, x))
		return;
	if (vm_process_find(&m->vm, s->sym) != VM_NONE) {
		exec_scenario_error(x, 0, "process %s already exists",
				    program_name(x->prog, s->sym));
		return;
	}
	if (m->vm.nprocs >= VM_MAX_PROCESSES) {
		exec_scenario_error(x, 0, "too many processes (at most %u)",
				    VM_MAX_PROCESSES);
		return;
	}
	vm_fork(&m->vm, x, s->sym);
}

static void exec_map(struct machine *m, const struct step *s,
		     struct exec_ctx *x)
{
	const struct step_arg *fa = s->nargs ? program_step_args(m->prog, s)
					     : NULL;

	if (need_process(m, x))
		vm_map(&m->vm, x, (uint64_t)s->a, (uint64_t)s->b, s->flags,
		       s->sym, fa ? fa->ref : SYM_NONE);
}

static void exec_share(struct machine *m, const struct step *s,
		       struct exec_ctx *x)
{
	if (!need_process(m, x))
		return;
	if (!vm_share(&m->vm, x, s->sym, (uint64_t)s->a, (uint64_t)s->b,
		      s->flags))
		exec_scenario_error(x, 0, "shared object %s was first mapped with another size",
				    program_name(x->prog, s->sym));
}

static void json_access(const struct machine *m, const struct step *s,
			struct json *j)
{
	uint64_t addr = (uint64_t)s->a, base;

	if (m->prog->config.uses & USES_CACHE) {
		access_json_step(m, j);
		return;
	}
	if (access_paging(m->prog)) {
		vm_json_last(&m->vm, j);
		return;
	}
	/* Physical: the address the step touched. */
	if (s->sym != SYM_NONE && resolve_name(m, s->sym, &base))
		addr += base;
	json_kv_uint(j, "paddr", addr);
}

const struct directive vm_directives[] = {
	{ .name = "page-size", .synopsis = "page-size SIZE",
	  .summary = "the page (and frame) size, a power of two (default 4K)",
	  .kind = DK_CONFIG, .parse = parse_page_size,
	  .finish = finish_config },
	{ .name = "frames", .synopsis = "frames N",
	  .summary = "physical memory as a number of page frames (default 16)",
	  .kind = DK_CONFIG, .parse = parse_frames },
	{ .name = "memory", .synopsis = "memory SIZE",
	  .summary = "physical memory in bytes, a whole number of pages",
	  .kind = DK_CONFIG, .parse = parse_memory },
	{ .name = "address-bits", .synopsis = "address-bits N",
	  .summary = "the width of a virtual address, 8 to 48 (default 32)",
	  .kind = DK_CONFIG, .parse = parse_address_bits },
	{ .name = "pagetable", .synopsis = "pagetable [levels=N] [split=A/B[/..][/OFFSET]]",
	  .summary = "page-table levels (1-4) and the index bits of each",
	  .kind = DK_CONFIG, .parse = parse_pagetable },
	{ .name = "tlb", .synopsis = "tlb off | tlb [entries=N] [ways=N] [replace=lru|fifo|random] [switch=flush|asid]",
	  .summary = "the TLB (default 16 entries, fully associative, LRU, flushed on a switch)",
	  .kind = DK_CONFIG, .parse = parse_tlb },
	{ .name = "swap", .synopsis = "swap [slots=N] [latency=TIME]",
	  .summary = "the swap area: page slots (default 4096) and disk latency (default 100us)",
	  .kind = DK_CONFIG, .parse = parse_swap },
	{ .name = "replace", .synopsis = "replace fifo|lru|clock|eclock|opt|random",
	  .summary = "the page replacement policy (default fifo)",
	  .kind = DK_CONFIG, .parse = parse_replace },
	{ .name = "refs", .synopsis = "refs PAGE[w] ...",
	  .summary = "reference pages, one step each (a `w` suffix writes)",
	  .kind = DK_STEP, .parse = parse_refs, .exec = exec_refs,
	  .access = DA_REF,
	  .json = json_access },
	{ .name = "read", .synopsis = "read ADDR | read NAME[+OFFSET]",
	  .summary = "read a virtual address: TLB, page-table walk, fault",
	  .kind = DK_STEP, .parse = parse_address, .exec = exec_read,
	  .access = DA_READ,
	  .json = json_access, .finish = finish_addresses },
	{ .name = "write", .synopsis = "write ADDR | write NAME[+OFFSET]",
	  .summary = "write a virtual address (the page becomes dirty)",
	  .kind = DK_STEP, .parse = parse_address, .exec = exec_write,
	  .access = DA_WRITE,
	  .json = json_access },
	{ .name = "fetch", .synopsis = "fetch ADDR | fetch NAME[+OFFSET]",
	  .summary = "fetch an instruction from a virtual address (needs x)",
	  .kind = DK_STEP, .parse = parse_address, .exec = exec_fetch,
	  .access = DA_FETCH,
	  .json = json_access },
	{ .name = "process", .synopsis = "process NAME",
	  .summary = "create a process (a new address space) and run it",
	  .kind = DK_STEP, .parse = parse_process, .exec = exec_process,
	  .space = DS_CREATE },
	{ .name = "switch", .synopsis = "switch NAME",
	  .summary = "context switch to another process",
	  .kind = DK_STEP, .parse = parse_switch, .exec = exec_switch,
	  .space = DS_SWITCH },
	{ .name = "fork", .synopsis = "fork NAME",
	  .summary = "copy the running process into a new one, copy-on-write",
	  .kind = DK_STEP, .parse = parse_fork, .exec = exec_fork,
	  .space = DS_FORK },
	{ .name = "map", .synopsis = "map ADDR SIZE [prot=rwx] [name=NAME] [file=FILE]",
	  .summary = "map a region of virtual memory with a protection",
	  .kind = DK_STEP, .parse = parse_map, .exec = exec_map },
	{ .name = "share", .synopsis = "share OBJECT ADDR SIZE [prot=rwx]",
	  .summary = "map a shared object (a library) whose frames processes share",
	  .kind = DK_STEP, .parse = parse_share, .exec = exec_share },
	{ .name = NULL },
};
