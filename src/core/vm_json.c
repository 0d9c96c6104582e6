/*
 * vm_json.c: the VM's headless output (JSON Lines fields).
 */
#include "core/vm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/directive.h"
#include "core/json.h"
#include "core/util.h"
#include "core/replace.h"
#include "vm_impl.h"

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
	if (replace_ops(vm->g.policy)->hand)
		json_kv_uint(j, "hand", vm->fr.hand);
	if (replace_ops(vm->g.policy)->order) {
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
