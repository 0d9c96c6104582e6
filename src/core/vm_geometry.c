/*
 * vm_geometry.c: the VM's configuration: page size, address bits, levels
 * and frames resolved into one geometry (vm_geometry_resolve).
 */
#include "core/vm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/directive.h"
#include "core/json.h"
#include "core/util.h"
#include "vm_impl.h"

/* ---- configuration ---- */

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
	g->offset_bits = util_log2(g->page_size);
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
