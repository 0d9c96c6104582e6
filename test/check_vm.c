/*
 * check_vm.c: virtual memory through addresses and processes: the
 * address split and the page-table walk level by level, TLB hits,
 * misses, flushes and ASIDs, isolation between processes, shared
 * objects, fork with copy-on-write, protection faults, overcommit, the
 * per-step JSON, the configuration's checks and errors, and the page
 * table, TLB, swap and frame modules on their own.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/directive.h"
#include "core/json.h"
#include "core/machine.h"
#include "core/util.h"
#include "core/vm.h"
#include "test_util.h"

/* Run the whole scenario; the engine is at the end. */
static struct engine *run(const char *text, struct program **pp)
{
	struct engine *e = tu_engine(text, pp);

	engine_goto(e, engine_count(e));
	return e;
}

/* The kinds of the current step's events, space separated. */
static void kinds(struct engine *e, char *out, size_t n)
{
	const struct event *ev;
	size_t k, i, o = 0;

	out[0] = '\0';
	ev = engine_events(e, &k);
	for (i = 0; i < k && o < n; i++)
		o += (size_t)snprintf(out + o, n - o, "%s%s", i ? " " : "",
				      event_name(&ev[i]));
}

/* The step's JSON fields as text. */
static char *step_json(struct engine *e)
{
	const struct step *s = engine_step(e, engine_pos(e));
	const struct directive *d = directive_get(s->op);
	struct strbuf sb;
	struct json j;

	strbuf_init(&sb);
	json_init(&j, &sb);
	json_begin_object(&j);
	if (d->json)
		d->json(engine_machine(e), s, &j);
	json_end_object(&j);
	return strbuf_detach(&sb);
}

static void expect_error(const char *text, const char *needle)
{
	struct diag d;
	struct program *p = tu_parse(text, &d);
	struct engine *e = NULL;

	if (p)
		e = engine_create(p, &d, 0);
	ck_assert_msg(e == NULL, "no error for: %s", text);
	ck_assert_msg(tu_has(&d, needle), "expected `%s`, got `%s`", needle,
		      d.count ? d.lines[0] : "(nothing)");
	program_destroy(p);
	diag_free(&d);
}

START_TEST(test_walk_two_levels)
{
	struct program *p;
	struct engine *e = run("read 0x00403a10\n", &p);
	const struct machine *m = engine_machine(e);
	const struct event *ev;
	char k[256];
	size_t n;

	kinds(e, k, sizeof k);
	ck_assert_str_eq(k, "split tlb-miss walk page-fault zero-fill tlb-fill access");
	ev = engine_events(e, &n);
	ck_assert(strstr(ev[0].text, "page 0x403, offset 0xa10") != NULL);
	ck_assert(strstr(ev[0].text, "0x1 / 0x3") != NULL);
	ck_assert(strstr(ev[2].text, "level 1") != NULL);
	ck_assert(strstr(ev[2].text, "empty") != NULL);
	ck_assert(strstr(ev[3].text, "missing page table") != NULL);
	ck_assert_uint_eq(m->vm.g.levels, 2);
	ck_assert_uint_eq(m->vm.g.split[0], 10);
	ck_assert_uint_eq(m->vm.last.paddr, 0xa10);
	ck_assert_int_eq(m->vm.last.tlb, VM_TLB_MISS);
	ck_assert(m->vm.last.fault);
	ck_assert_uint_eq(m->vm.pt.ntables, 2);
	ck_assert_uint_eq(engine_flags(e, 1) & (EVF_FAULT | EVF_TLB_MISS),
			  EVF_FAULT | EVF_TLB_MISS);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(test_tlb_hit_then_walk)
{
	struct program *p;
	struct engine *e = run("read 0x5000\nread 0x5008\nread 0x6000\n", &p);
	char k[256];
	char *js;

	engine_goto(e, 2);
	kinds(e, k, sizeof k);
	ck_assert_str_eq(k, "split tlb-hit access");
	js = step_json(e);
	ck_assert_str_eq(js, "{\"page\":5,\"hit\":true,\"evicted\":null,\"frames\":[5,null,null,null,null,null,null,null,null,null,null,null,null,null,null,null],\"write\":false,\"writeback\":false,\"process\":\"p0\",\"vaddr\":20488,\"paddr\":8,\"tlb\":\"hit\",\"fault\":false,\"segfault\":false}");
	free(js);
	engine_goto(e, 3);
	kinds(e, k, sizeof k);
	/* The level-2 table exists now: the walk has two levels. */
	ck_assert_str_eq(k, "split tlb-miss walk walk page-fault zero-fill tlb-fill access");
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(test_one_level_and_split)
{
	struct program *p;
	struct engine *e = run("address-bits 16\npage-size 256\n"
			       "pagetable levels=1\nwrite 0x1234\n", &p);
	const struct machine *m = engine_machine(e);
	char k[256];

	kinds(e, k, sizeof k);
	ck_assert_str_eq(k, "split tlb-miss walk page-fault zero-fill tlb-fill access");
	ck_assert_uint_eq(m->vm.g.levels, 1);
	ck_assert_uint_eq(m->vm.g.split[0], 8);
	ck_assert_uint_eq(m->vm.last.paddr, 0x34);
	ck_assert(m->vm.fr.f[0].dirty);
	engine_destroy(e);
	program_destroy(p);
	e = run("pagetable split=6/7/7/12\nread 0x1000\n", &p);
	m = engine_machine(e);
	ck_assert_uint_eq(m->vm.g.levels, 3);
	ck_assert_uint_eq(m->vm.g.split[0], 6);
	ck_assert_uint_eq(m->vm.g.split[2], 7);
	engine_destroy(e);
	program_destroy(p);
	e = run("address-bits 48\nread 0x1000\n", &p);
	m = engine_machine(e);
	ck_assert_uint_eq(m->vm.g.levels, 4);
	ck_assert_uint_eq(m->vm.g.split[3], 9);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(test_isolation)
{
	struct program *p;
	struct engine *e = run("process a\nwrite 0x1000\nprocess b\n"
			       "write 0x1000\n", &p);
	const struct machine *m = engine_machine(e);

	engine_goto(e, 2);
	ck_assert_uint_eq(engine_machine(e)->vm.last.frame, 0);
	engine_goto(e, 4);
	m = engine_machine(e);
	ck_assert_uint_eq(m->vm.last.frame, 1);
	ck_assert_uint_eq(m->vm.procs[0].resident, 1);
	ck_assert_uint_eq(m->vm.procs[1].resident, 1);
	ck_assert_uint_ne(m->vm.procs[0].root, m->vm.procs[1].root);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(test_tlb_flush_and_asid)
{
	struct program *p;
	const char *body = "process a\nread 0x1000\nprocess b\nread 0x1000\n"
			   "switch a\nread 0x1000\n";
	char text[512], k[256];
	struct engine *e;

	snprintf(text, sizeof text, "%s", body);
	e = run(text, &p);
	engine_goto(e, 5);
	kinds(e, k, sizeof k);
	ck_assert_str_eq(k, "switch tlb-flush");
	engine_goto(e, 6);
	ck_assert_int_eq(engine_machine(e)->vm.last.tlb, VM_TLB_MISS);
	ck_assert_uint_eq(engine_machine(e)->vm.st.tlb_flushes, 2);
	engine_destroy(e);
	program_destroy(p);
	snprintf(text, sizeof text, "tlb switch=asid\n%s", body);
	e = run(text, &p);
	engine_goto(e, 5);
	kinds(e, k, sizeof k);
	ck_assert_str_eq(k, "switch tlb-keep");
	engine_goto(e, 6);
	ck_assert_int_eq(engine_machine(e)->vm.last.tlb, VM_TLB_HIT);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(test_tlb_set_associative)
{
	struct tlb t;
	struct tlb_entry old;
	bool ev;
	uint32_t i;

	tlb_init(&t, 4, 2, TLB_LRU);
	ck_assert_uint_eq(t.sets, 2);
	ck_assert_uint_eq(tlb_fill(&t, 1, 0, 10, 0, 0, &ev, &old), 0);
	ck_assert_uint_eq(tlb_fill(&t, 1, 2, 12, 0, 0, &ev, &old), 1);
	ck_assert(!ev);
	ck_assert_uint_eq(tlb_fill(&t, 1, 1, 11, 0, 0, &ev, &old), 2);
	ck_assert_uint_eq(tlb_lookup(&t, 1, 0), 0); /* 0 is now recent */
	i = tlb_fill(&t, 1, 4, 14, 0, 0, &ev, &old);
	ck_assert(ev);
	ck_assert_uint_eq(old.vpn, 2);
	ck_assert_uint_eq(i, 1);
	ck_assert_uint_eq(tlb_lookup(&t, 2, 0), TLB_NONE);
	ck_assert_uint_eq(tlb_flush(&t, 1), 3);
	ck_assert_uint_eq(tlb_used(&t), 0);
	tlb_free(&t);
}
END_TEST

START_TEST(test_tlb_reach)
{
	struct program *p;
	/* 4 entries, 6 pages in a loop: every access misses under LRU. */
	struct engine *e = run("frames 8\ntlb entries=4\n"
			       "read 0x1000\nread 0x2000\nread 0x3000\n"
			       "read 0x4000\nread 0x5000\nread 0x6000\n"
			       "read 0x1000\nread 0x2000\n", &p);
	const struct machine *m = engine_machine(e);

	ck_assert_uint_eq(m->vm.st.tlb_hits, 0);
	ck_assert_uint_eq(m->vm.st.tlb_misses, 8);
	ck_assert_uint_eq(m->vm.st.hits, 2);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(test_fork_cow)
{
	struct program *p;
	struct engine *e = run("process a\nwrite 0x1000\nfork b\nswitch b\n"
			       "read 0x1000\nwrite 0x1000\nswitch a\n"
			       "write 0x1000\n", &p);
	const struct machine *m;
	char k[256];

	engine_goto(e, 3);
	m = engine_machine(e);
	ck_assert_uint_eq(m->vm.fr.f[0].mapcount, 2);
	ck_assert_uint_eq(m->vm.fr.used, 1);
	engine_goto(e, 5);
	m = engine_machine(e);
	ck_assert_uint_eq(m->vm.last.frame, 0); /* a read shares */
	ck_assert(!m->vm.last.fault);
	engine_goto(e, 6);
	m = engine_machine(e);
	kinds(e, k, sizeof k);
	ck_assert(strstr(k, "cow-fault") != NULL);
	ck_assert(strstr(k, "cow-copy") != NULL);
	ck_assert_uint_eq(m->vm.last.frame, 1);
	ck_assert_uint_eq(m->vm.st.cow_copies, 1);
	ck_assert_uint_eq(m->vm.fr.f[0].mapcount, 1);
	ck_assert_uint_eq(m->vm.fr.f[0].proc, 0);
	engine_goto(e, 8);
	m = engine_machine(e);
	kinds(e, k, sizeof k);
	/* The parent is the last one left: no copy needed. */
	ck_assert(strstr(k, "cow-reuse") != NULL);
	ck_assert_uint_eq(m->vm.last.frame, 0);
	ck_assert_uint_eq(m->vm.st.cow_copies, 1);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(test_cow_source_evicted)
{
	struct program *p;
	/* One frame: the copy's frame is the source itself. */
	struct engine *e = run("frames 1\nprocess a\nwrite 0x1000\nfork b\n"
			       "write 0x1000\nswitch b\nread 0x1000\n", &p);
	const struct machine *m = engine_machine(e);

	ck_assert(m->vm.last.swapped_in);
	ck_assert_uint_eq(m->vm.st.cow_copies, 1);
	ck_assert_uint_eq(m->vm.st.writebacks, 2);
	ck_assert_uint_eq(m->vm.sw.used, 2); /* a's copy, b's original */
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(test_shared_object)
{
	struct program *p;
	struct engine *e = run("process a\nshare libc 0x40000000 8K\n"
			       "fetch 0x40000010\nprocess b\n"
			       "share libc 0x50000000 8K\nfetch 0x50000020\n"
			       "write 0x50000020\n", &p);
	const struct machine *m;
	char k[256];

	engine_goto(e, 6);
	m = engine_machine(e);
	kinds(e, k, sizeof k);
	ck_assert(strstr(k, "map-shared") != NULL);
	ck_assert(strstr(k, "zero-fill") == NULL);
	ck_assert_uint_eq(m->vm.last.frame, 0);
	ck_assert_uint_eq(m->vm.fr.f[0].mapcount, 2);
	ck_assert_uint_eq(m->vm.st.minor_faults, 1);
	engine_goto(e, 7);
	m = engine_machine(e);
	ck_assert(m->vm.last.segfault); /* r-x by default */
	ck_assert(!m->halted); /* a still runs */
	ck_assert(!m->vm.procs[1].alive);
	ck_assert_uint_eq(m->vm.fr.f[0].mapcount, 1);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(test_protection)
{
	struct program *p;
	struct engine *e = run("map 0x400000 4K prot=r-x name=code\n"
			       "fetch 0x400000\nwrite 0x400010\nread 0x1000\n",
			       &p);
	const struct machine *m = engine_machine(e);
	const struct event *ev;
	size_t n;

	/* One process: the segfault ends the run. */
	ck_assert_uint_eq(engine_count(e), 3);
	ck_assert(m->halted);
	ck_assert(m->vm.last.segfault);
	ck_assert_uint_eq(engine_flags(e, 3) & (EVF_ERROR | EVF_HALT),
			  EVF_ERROR | EVF_HALT);
	ev = engine_events(e, &n);
	ck_assert(strstr(ev[n - 2].text, "read-only") != NULL);
	ck_assert(strstr(ev[n - 2].text, "code") != NULL);
	engine_destroy(e);
	program_destroy(p);
	e = run("read 0x0\n", &p);
	ck_assert(engine_machine(e)->vm.last.segfault);
	ev = engine_events(e, &n);
	ck_assert_int_eq(ev[n - 2].kind, EV_SEGFAULT);
	ck_assert(strstr(ev[n - 2].text, "NULL") != NULL);
	engine_destroy(e);
	program_destroy(p);
	e = run("read 0x80000000\n", &p);
	ck_assert(engine_machine(e)->vm.last.segfault);
	ck_assert(strstr(engine_events(e, &n)[1].text, "kernel") != NULL);
	engine_destroy(e);
	program_destroy(p);
	e = run("fetch 0x1000\n", &p);
	ck_assert(engine_machine(e)->vm.last.segfault);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(test_overcommit)
{
	struct program *p;
	struct engine *e = run("frames 4\nmap 0x10000000 1G name=big\n"
			       "write 0x10000000\nwrite 0x20000000\n"
			       "write 0x30000000\n", &p);
	const struct machine *m;

	engine_goto(e, 1);
	m = engine_machine(e);
	ck_assert_uint_eq(m->vm.fr.used, 0);
	engine_goto(e, 4);
	m = engine_machine(e);
	ck_assert_uint_eq(m->vm.fr.used, 3);
	ck_assert_uint_eq(m->vm.st.zero_fills, 3);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST


/*
 * Beside a heap (or caches, or a GC heap) and with no paging configured,
 * read and write are physical: no page table, no VM in the JSON, and the
 * narration names the block; configure paging and they translate again.
 */
START_TEST(test_physical_without_paging)
{
	struct program *p;
	struct engine *e = tu_engine("heap size=256 base=0x3000\n"
				     "malloc buf 32\nwrite buf+8\nread 0x3100\n",
				     &p);
	const struct event *ev;
	char k[200], *js;
	size_t n;

	ck_assert(!(p->config.uses & USES_VM));
	engine_goto(e, 2);
	kinds(e, k, sizeof k);
	ck_assert_str_eq(k, "access");
	ev = engine_events(e, &n);
	ck_assert_ptr_nonnull(strstr(ev[0].text, "Write 0x3010: byte 8 of buf's 32 bytes"));
	ck_assert_int_eq(ev[0].target, TGT_HEAP_BLOCK);
	ck_assert_int_eq(ev[0].id, 0x3000);
	js = step_json(e);
	ck_assert_str_eq(js, "{\"paddr\":12304}");
	free(js);
	engine_goto(e, 3);
	ev = engine_events(e, &n);
	ck_assert_str_eq(ev[0].text, "Read 0x3100 (no paging is configured, so the address is physical).");
	engine_destroy(e);
	program_destroy(p);

	/* The same with a frame count: translated, as before. */
	e = run("frames 4\nheap size=256 base=0x3000\n"
		"malloc buf 32\nwrite buf+8\n", &p);
	ck_assert(p->config.uses & USES_VM);
	ck_assert_uint_eq(engine_machine(e)->vm.last.vaddr, 0x3010);
	ck_assert(engine_machine(e)->vm.last.fault);
	engine_destroy(e);
	program_destroy(p);

	/* Addresses alone are a virtual-memory lesson on the default machine. */
	e = run("read 0x1000\n", &p);
	ck_assert(p->config.uses & USES_VM);
	ck_assert_uint_eq(engine_machine(e)->vm.st.page_faults, 1);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(test_named_address)
{
	struct program *p;
	struct engine *e = run("call main\nlocal buf 64\nwrite buf+8\n", &p);
	const struct machine *m = engine_machine(e);
	const struct stack_slot *s = stack_find_any(&m->stack,
						    program_lookup(p, "buf"));

	ck_assert_ptr_nonnull(s);
	ck_assert_uint_eq(m->vm.last.vaddr, s->addr + 8);
	engine_destroy(e);
	program_destroy(p);
	expect_error("call main\nread nothing+4\n", "unknown name `nothing`");
}
END_TEST

START_TEST(test_refs_json)
{
	struct program *p;
	struct engine *e = run("frames 3\nrefs 7 0 1 2w\n", &p);
	char *js = step_json(e);

	ck_assert_str_eq(js, "{\"page\":2,\"hit\":false,\"evicted\":7,\"frames\":[2,0,1],\"write\":true,\"writeback\":false}");
	free(js);
	engine_goto(e, 1);
	js = step_json(e);
	ck_assert_str_eq(js, "{\"page\":7,\"hit\":false,\"evicted\":null,\"frames\":[7,null,null],\"write\":false,\"writeback\":false}");
	free(js);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(test_summary_json)
{
	struct program *p;
	struct engine *e = run("frames 3\nrefs 1w 2 3 4 1\n", &p);
	struct strbuf sb;
	struct json j;

	strbuf_init(&sb);
	json_init(&j, &sb);
	json_begin_object(&j);
	machine_json_summary(engine_machine(e), &j);
	json_end_object(&j);
	ck_assert(strstr(sb.buf, "\"page_faults\":5") != NULL);
	ck_assert(strstr(sb.buf, "\"hits\":0") != NULL);
	ck_assert(strstr(sb.buf, "\"evictions\":2") != NULL);
	ck_assert(strstr(sb.buf, "\"writebacks\":1") != NULL);
	ck_assert(strstr(sb.buf, "\"tlb_hits\":0") != NULL);
	ck_assert(strstr(sb.buf, "\"tlb_misses\":0") != NULL);
	strbuf_reset(&sb);
	json_init(&j, &sb);
	json_begin_object(&j);
	machine_json_state(engine_machine(e), &j);
	json_end_object(&j);
	ck_assert(strstr(sb.buf, "\"vm\":{") != NULL);
	strbuf_free(&sb);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(test_quiet_narration)
{
	struct program *p;
	struct engine *e = run("frames 2\nreplace clock\nrefs 1 2 3 1 2 3\n", &p);
	const struct event *ev;
	size_t n, i;

	/* Narration exists when the step is shown... */
	ev = engine_events(e, &n);
	for (i = 0; i < n; i++)
		ck_assert(ev[i].text[0] != '\0');
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(test_config_errors)
{
	expect_error("frames 3\nmemory 16K\nrefs 1\n", "both set the size");
	expect_error("page-size 3000\nrefs 1\n", "power of two");
	expect_error("pagetable split=10/9\nrefs 1\n", "add up to 19");
	expect_error("address-bits 40\npagetable levels=1\nrefs 1\n",
		     "1 to 20 index bits");
	expect_error("pagetable levels=5\nrefs 1\n", "1 to 4 levels");
	expect_error("memory 6K\nrefs 1\n", "whole number");
	expect_error("replace lfu\nrefs 1\n", "unknown replacement policy");
	expect_error("tlb entries=6 ways=4\nrefs 1\n", "must divide");
	expect_error("refs 1\nframes 3\n", "must come before the first step");
	expect_error("refs 1048576\n", "does not exist");
	expect_error("refs 1x\n", "expected a page number");
	expect_error("read 0x100000000\n", "does not fit in 32 bits");
	expect_error("map 0x1001 4K\n", "page boundary");
	expect_error("map 0x1000 4K prot=rwz\n", "expected a protection");
	expect_error("map 0x7ffff000 8K\n", "below the kernel");
	expect_error("switch nobody\n", "no process named nobody");
	expect_error("process a\nprocess a\n", "already exists");
	expect_error("process a\nprocess b\nread 0\nread 0x1000\n",
		     "killed by a segmentation fault");
	expect_error("share lib 0x40000000 4K\nshare lib 0x50000000 8K\n",
		     "another size");
}
END_TEST

START_TEST(test_config_values)
{
	struct diag d;
	struct program *p = tu_parse(
		"memory 64K\npage-size 1K\naddress-bits 20\n"
		"pagetable levels=2 split=5/5/10\n"
		"tlb entries=8 ways=2 replace=fifo switch=asid\n"
		"swap slots=10 latency=8ms\nreplace eclock\nrefs 1\n",
		&d);
	struct vm_geometry g;
	char why[200];

	ck_assert_ptr_nonnull(p);
	ck_assert(vm_geometry_resolve(&p->config.vm, &g, why, sizeof why));
	ck_assert_uint_eq(g.frames, 64);
	ck_assert_uint_eq(g.offset_bits, 10);
	ck_assert_uint_eq(g.levels, 2);
	ck_assert_uint_eq(g.split[0], 5);
	ck_assert_uint_eq(g.tlb_entries, 8);
	ck_assert_uint_eq(g.tlb_ways, 2);
	ck_assert_int_eq(g.tlb_policy, TLB_FIFO);
	ck_assert(g.tlb_asid);
	ck_assert_uint_eq(g.swap_slots, 10);
	ck_assert_uint_eq(g.swap_latency_ns, 8000000);
	ck_assert_int_eq(g.policy, REPLACE_ECLOCK);
	ck_assert_uint_eq(g.kernel_base, 1u << 19);
	program_destroy(p);
	diag_free(&d);
}
END_TEST

START_TEST(test_out_of_swap)
{
	struct program *p;
	struct engine *e = run("frames 1\nswap slots=1\nrefs 1w 2w 3w 4\n", &p);

	ck_assert(engine_machine(e)->halted);
	ck_assert_uint_eq(engine_count(e), 3);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

START_TEST(test_swap_slots)
{
	struct swap sw;

	swap_init(&sw, 3);
	ck_assert_uint_eq(swap_alloc(&sw), 0);
	ck_assert_uint_eq(swap_alloc(&sw), 1);
	ck_assert_uint_eq(swap_alloc(&sw), 2);
	ck_assert_uint_eq(swap_alloc(&sw), SWAP_NONE);
	swap_get(&sw, 1);
	swap_put(&sw, 1);
	ck_assert_uint_eq(swap_refs(&sw, 1), 1);
	swap_put(&sw, 1);
	ck_assert_uint_eq(sw.used, 2);
	ck_assert_uint_eq(swap_alloc(&sw), 1);
	swap_free(&sw);
}
END_TEST

START_TEST(test_pagetable_pool)
{
	struct pagetable pt, cp;
	uint32_t bits[2] = { 10, 10 }, root, created = 0, leaf;

	pagetable_init(&pt, 2, bits);
	root = pagetable_new_table(&pt, 0, 0, 0);
	ck_assert_uint_eq(pagetable_lookup(&pt, root, 0x403), PT_NONE);
	leaf = pagetable_leaf(&pt, root, 0x403, &created);
	ck_assert_uint_eq(created, 1);
	ck_assert_uint_eq(pagetable_lookup(&pt, root, 0x403), leaf);
	ck_assert_uint_eq(pt.tables[1].prefix, 0x400);
	ck_assert_uint_eq(leaf, pt.tables[1].base + 3);
	memset(&cp, 0, sizeof cp);
	pagetable_copy(&cp, &pt);
	ck_assert(pagetable_equal(&cp, &pt));
	cp.pool[leaf].flags |= PTE_PRESENT;
	ck_assert(!pagetable_equal(&cp, &pt));
	pagetable_free(&pt);
	pagetable_free(&cp);
}
END_TEST

START_TEST(test_opt_future)
{
	uint64_t keys[] = { 1, 2, 0, 1, 3, 2 };
	struct vm_future *f = vm_future_create(keys, 6);
	struct program *p;
	struct engine *e;

	vm_future_release(f);
	/* OPT follows processes through switch. */
	e = run("frames 2\nreplace opt\nprocess a\nwrite 0x1000\n"
		"write 0x2000\nprocess b\nwrite 0x1000\nswitch a\n"
		"read 0x1000\n", &p);
	engine_goto(e, 5);
	/* a's 0x2 is never used again; a's 0x1 is (at the last step). */
	ck_assert_uint_eq(engine_machine(e)->vm.last.evicted_vpn, 2);
	engine_destroy(e);
	program_destroy(p);
}
END_TEST

Suite *vm_suite(void)
{
	Suite *s = suite_create("vm");
	TCase *tc;

	tc = tcase_create("translation");
	tcase_add_test(tc, test_walk_two_levels);
	tcase_add_test(tc, test_tlb_hit_then_walk);
	tcase_add_test(tc, test_one_level_and_split);
	tcase_add_test(tc, test_named_address);
	tcase_add_test(tc, test_physical_without_paging);
	suite_add_tcase(s, tc);
	tc = tcase_create("tlb");
	tcase_add_test(tc, test_tlb_flush_and_asid);
	tcase_add_test(tc, test_tlb_set_associative);
	tcase_add_test(tc, test_tlb_reach);
	suite_add_tcase(s, tc);
	tc = tcase_create("processes");
	tcase_add_test(tc, test_isolation);
	tcase_add_test(tc, test_fork_cow);
	tcase_add_test(tc, test_cow_source_evicted);
	tcase_add_test(tc, test_shared_object);
	tcase_add_test(tc, test_protection);
	tcase_add_test(tc, test_overcommit);
	suite_add_tcase(s, tc);
	tc = tcase_create("output");
	tcase_add_test(tc, test_refs_json);
	tcase_add_test(tc, test_summary_json);
	tcase_add_test(tc, test_quiet_narration);
	suite_add_tcase(s, tc);
	tc = tcase_create("config");
	tcase_add_test(tc, test_config_errors);
	tcase_add_test(tc, test_config_values);
	suite_add_tcase(s, tc);
	tc = tcase_create("modules");
	tcase_add_test(tc, test_out_of_swap);
	tcase_add_test(tc, test_swap_slots);
	tcase_add_test(tc, test_pagetable_pool);
	tcase_add_test(tc, test_opt_future);
	suite_add_tcase(s, tc);
	return s;
}
