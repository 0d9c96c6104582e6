/*
 * tlb.h: the translation lookaside buffer, a small set-associative cache
 * of page-table entries.  `entries` entries in sets of `ways`; a page's
 * set is vpn % sets.  Entries are tagged with the address space id
 * (ASID), so with asid tagging a context switch keeps them; without, the
 * caller flushes the TLB on every switch.  The replacement policy picks a
 * way when a set is full: lru, fifo or random.  An empty way is always
 * used first (the lowest).
 */
#ifndef MEMVIZ_CORE_TLB_H
#define MEMVIZ_CORE_TLB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TLB_NONE UINT32_MAX

enum tlb_policy {
	TLB_LRU,
	TLB_FIFO,
	TLB_RANDOM,
	TLB_POLICY_COUNT,
};

/*
 * The TLB's replacement policies as a table (tlb.c), indexed by enum
 * tlb_policy: adding one is an entry there (and its value above).
 */
struct tlb_policy_ops {
	const char *why;    /* why its victim goes, for narration */
	bool stamp_on_use;  /* a hit refreshes the entry's stamp (LRU) */
	bool random;        /* the victim way is drawn from the generator */
};
extern const struct tlb_policy_ops tlb_policies[TLB_POLICY_COUNT];
/* The scenario words (`tlb replace=lru`), enum order, NULL-terminated. */
extern const char *const tlb_policy_names[];

struct tlb_entry {
	uint64_t vpn;
	uint64_t stamp;  /* lru: last use; fifo: fill time */
	uint32_t frame;
	uint16_t asid;
	uint8_t prot;    /* PTE_R | PTE_W | PTE_X | PTE_U as cached; W only if
			    the page may be written now (not copy-on-write) */
	bool valid;
};

struct tlb {
	uint32_t entries, ways, sets;
	int policy;            /* enum tlb_policy */
	struct tlb_entry *e;   /* set s is e[s * ways .. s * ways + ways) */
	uint64_t clock;        /* stamp source */
	uint32_t hint[2];      /* the entries the last two lookups found,
				  checked before use: a program's next
				  reference is mostly to a page it just used,
				  e.g. its stack's or an array's (derived,
				  not compared) */
};

/* An empty TLB; entries 0 means there is none (every lookup misses). */
void tlb_init(struct tlb *t, uint32_t entries, uint32_t ways, int policy);
void tlb_free(struct tlb *t);
void tlb_copy(struct tlb *dst, const struct tlb *src);
bool tlb_equal(const struct tlb *a, const struct tlb *b);

/* The first entry of the set `vpn` maps to. */
uint32_t tlb_set_of(const struct tlb *t, uint64_t vpn);
/* tlb_lookup when neither hint holds the page. */
uint32_t tlb_lookup_find(struct tlb *t, uint16_t asid, uint64_t vpn);

/* Entry i holds (asid, vpn): at most one does, so it is the lookup's. */
static inline bool tlb_holds(const struct tlb *t, uint32_t i, uint16_t asid,
			     uint64_t vpn)
{
	return i < t->entries && t->e[i].valid && t->e[i].vpn == vpn &&
	       t->e[i].asid == asid;
}

/*
 * Find (asid, vpn); on a hit returns the entry and refreshes LRU order.
 * Inline for the common case, an entry one of the last two lookups found.
 */
static inline uint32_t tlb_lookup(struct tlb *t, uint16_t asid, uint64_t vpn)
{
	uint32_t i = t->hint[0];

	if (!tlb_holds(t, i, asid, vpn)) {
		i = t->hint[1];
		if (!tlb_holds(t, i, asid, vpn))
			return tlb_lookup_find(t, asid, vpn);
		t->hint[1] = t->hint[0];
		t->hint[0] = i;
	}
	if (tlb_policies[t->policy].stamp_on_use)
		t->e[i].stamp = ++t->clock;
	return i;
}

/*
 * Insert (asid, vpn) -> frame with `prot`, replacing an existing entry for
 * the page, else an empty way, else the policy's victim (`rnd` is a random
 * number for the random policy).  Returns the entry; *evicted is set when
 * a valid entry for another page was replaced (its old contents in *old).
 */
uint32_t tlb_fill(struct tlb *t, uint16_t asid, uint64_t vpn, uint32_t frame,
		  uint8_t prot, uint64_t rnd, bool *evicted,
		  struct tlb_entry *old);
/* Invalidate the entry for (asid, vpn); returns it or TLB_NONE. */
uint32_t tlb_invalidate(struct tlb *t, uint16_t asid, uint64_t vpn);
/* Invalidate every entry (asid < 0) or those of one asid; returns count. */
uint32_t tlb_flush(struct tlb *t, int asid);
/* Valid entries. */
uint32_t tlb_used(const struct tlb *t);

#endif
