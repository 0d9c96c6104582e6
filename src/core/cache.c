/*
 * cache.c: the cache hierarchy model (semantics in cache.h).
 *
 * Each level is an array of sets x ways, plus, for the 3C split, a fully
 * associative LRU shadow of the same number of lines (a doubly linked
 * list over a node array with an open-addressing index, so a checkpoint
 * copy is a few memcpy calls) and the set of every line address it has
 * seen.  All state is in arrays of plain values: no pointers between
 * elements.
 *
 * Speed: every reference of a trace runs level_access at each level it
 * reaches, so that path does no narration work (emit_level does, and
 * only with an exec context) and keeps misses out of line (level_miss).
 * It finds a line's way by one-byte signatures of the set's keys taken
 * eight at a time, and a hit's shadow node through a per-way hint instead
 * of the index (hints go stale when nodes are reused, so one is checked
 * before it is used); the shadow's list is circular through a sentinel,
 * so a move to the front has no branch.  Signatures and hints are
 * derived from the rest and not compared.
 *
 * The geometry checks are in cache_geometry.c, the levels' lifecycle in
 * cache_levels.c, the output in cache_json.c.
 *
 * Invariants: a valid way's (tag, set) is unique within its level, and
 * its stamp is at least 1 and unique within its set; an empty way's
 * stamp is 0; a write-through level has no dirty line; the shadow holds
 * at most `cap` lines and every line in it is also in `seen`; hits +
 * misses = accesses at every level; the cache clock only grows, so
 * stamps order fills and uses.  An access changes a level's state, then
 * emits that level's event, then goes on to the next level.
 */
#include "core/cache.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/directive.h"
#include "core/json.h"
#include "core/latency.h"
#include "core/trace.h"
#include "core/util.h"
#include "cache_impl.h"

/*
 * NOINLINE keeps a rarer path's registers and code out of the hot loop;
 * ALWAYS_INLINE puts the innermost step into each of its two callers.
 */
#if defined(__GNUC__)
#define NOINLINE __attribute__((noinline))
#define ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define NOINLINE
#define ALWAYS_INLINE inline
#endif

const char *const cache_level_words[] = { "L1", "L1i", "L1d", "L2", "L3",
					  NULL };
const char *const cache_replace_words[] = { "lru", "fifo", "random", "plru",
					    NULL };
const char *const cache_write_words[] = { "back", "through", NULL };
const char *const cache_alloc_words[] = { "write", "no-write", NULL };
const char *const cache_writebacks_words[] = { "buffer", "demand", NULL };

static const char *const miss_kind_words[] = { "", "compulsory", "capacity",
					       "conflict" };

static uint64_t hash64(uint64_t v)
{
	v ^= v >> 33;
	v *= 0xff51afd7ed558ccdull;
	v ^= v >> 33;
	return v;
}

/* ---- the shadow: a fully associative LRU of `cap` lines ---- */

/*
 * The recency list is circular through a sentinel, node[cap]: its next
 * is the most recently used line, its prev the least.  With no end to
 * test for, moving a line to the front (every hit) takes no branch.
 */
void cache_shadow_init(struct cache_shadow *sh, uint32_t cap)
{
	memset(sh, 0, sizeof *sh);
	sh->cap = cap;
	sh->hbits = util_log2(cap) + 2;
	sh->node = xcalloc((size_t)cap + 1, sizeof *sh->node);
	sh->hash = xcalloc((size_t)1 << sh->hbits, sizeof *sh->hash);
	sh->node[cap].prev = sh->node[cap].next = cap;
}

static uint32_t shadow_home(const struct cache_shadow *sh, uint64_t line)
{
	return (uint32_t)(hash64(line) >> (64 - sh->hbits));
}

/*
 * The node holding `line`, or CACHE_NONE, with *slot the empty index slot
 * the search ended at: where shadow_insert puts the line.
 */
static inline uint32_t shadow_find(const struct cache_shadow *sh, uint64_t line,
				   uint32_t *slot)
{
	uint32_t mask = (1u << sh->hbits) - 1, i = shadow_home(sh, line);

	while (sh->hash[i]) {
		if (sh->node[sh->hash[i] - 1].line == line)
			return sh->hash[i] - 1;
		i = (i + 1) & mask;
	}
	*slot = i;
	return CACHE_NONE;
}

static inline void shadow_unlink(struct cache_shadow *sh, uint32_t k)
{
	struct cache_shadow_node *n = &sh->node[k];

	sh->node[n->prev].next = n->next;
	sh->node[n->next].prev = n->prev;
}

static inline void shadow_push_front(struct cache_shadow *sh, uint32_t k)
{
	struct cache_shadow_node *s = &sh->node[sh->cap];

	sh->node[k].prev = sh->cap;
	sh->node[k].next = s->next;
	sh->node[s->next].prev = k;
	s->next = k;
}

/*
 * Remove the index entry of node k, whose line's home slot is `i`
 * (backward-shift deletion).  The first entry for k from there on is
 * its line's, even while another line's entry names k too.
 */
static void shadow_unindex(struct cache_shadow *sh, uint32_t k, uint32_t i)
{
	uint32_t mask = (1u << sh->hbits) - 1, j;

	while (sh->hash[i] != k + 1)
		i = (i + 1) & mask;
	j = i;
	for (;;) {
		uint32_t h;
		j = (j + 1) & mask;
		if (sh->hash[j] == 0)
			break;
		h = shadow_home(sh, sh->node[sh->hash[j] - 1].line);
		if (i <= j ? (i < h && h <= j) : (i < h || h <= j))
			continue;
		sh->hash[i] = sh->hash[j];
		i = j;
	}
	sh->hash[i] = 0;
}

/*
 * Insert `line` (not in the shadow; `slot`: where shadow_find's search
 * for it ended), dropping the LRU line when full.  The new entry goes in
 * before the old one leaves: every slot of the old line's probe run is
 * taken, so `slot` is not among them, and the deletion then keeps the
 * new entry findable as it does any other.
 */
static NOINLINE uint32_t shadow_insert(struct cache_shadow *sh, uint64_t line,
				       uint32_t slot)
{
	uint32_t k, old_home;

	if (sh->n < sh->cap) {
		k = sh->n++;
		sh->hash[slot] = k + 1;
		sh->node[k].line = line;
	} else {
		k = sh->node[sh->cap].prev;
		shadow_unlink(sh, k);
		old_home = shadow_home(sh, sh->node[k].line);
		sh->hash[slot] = k + 1;
		sh->node[k].line = line;
		shadow_unindex(sh, k, old_home);
	}
	shadow_push_front(sh, k);
	return k;
}

/*
 * Use `line` in the shadow (k: its node, or CACHE_NONE to insert it at
 * `slot`, as shadow_find said); returns its node.
 */
static inline uint32_t shadow_use(struct cache_shadow *sh, uint32_t k,
				  uint64_t line, uint32_t slot)
{
	if (k == CACHE_NONE)
		return shadow_insert(sh, line, slot);
	if (sh->node[sh->cap].next != k) {
		shadow_unlink(sh, k);
		shadow_push_front(sh, k);
	}
	return k;
}

/*
 * The node of `line`, resident in a way whose hint is `hint`: the hint
 * when it still holds the line (nodes are reused and moved), else looked
 * up.
 */
static inline uint32_t shadow_find_hinted(const struct cache_shadow *sh,
					  uint32_t hint, uint64_t line,
					  uint32_t *slot)
{
	if (hint < sh->n && sh->node[hint].line == line)
		return hint;
	return shadow_find(sh, line, slot);
}

/* Drop node k, moving the last node into its place (nodes stay dense). */
static void shadow_remove(struct cache_shadow *sh, uint32_t k)
{
	uint32_t last = sh->n - 1, mask = (1u << sh->hbits) - 1, i;
	struct cache_shadow_node *n;

	shadow_unlink(sh, k);
	shadow_unindex(sh, k, shadow_home(sh, sh->node[k].line));
	if (k != last) {
		n = &sh->node[k];
		*n = sh->node[last];
		sh->node[n->prev].next = k;
		sh->node[n->next].prev = k;
		i = shadow_home(sh, n->line);
		while (sh->hash[i] != last + 1)
			i = (i + 1) & mask;
		sh->hash[i] = k + 1;
	}
	sh->n--;
}

/* ---- lines ever seen ---- */

/* Add `line`; true if it was there already. */
static bool seen_insert(struct cache_seen *s, uint64_t line)
{
	size_t mask, i;
	uint64_t key = (line >> 6) + 1, bit = 1ull << (line & 63);
	bool had;

	if ((s->n + 1) * 2 > s->cap) {
		size_t ncap = s->cap ? s->cap * 2 : 256, k;
		struct cache_seen_block *ns = xcalloc(ncap, sizeof *ns);
		for (k = 0; k < s->cap; k++) {
			if (s->slot[k].key) {
				i = (size_t)hash64(s->slot[k].key) & (ncap - 1);
				while (ns[i].key)
					i = (i + 1) & (ncap - 1);
				ns[i] = s->slot[k];
			}
		}
		free(s->slot);
		s->slot = ns;
		s->cap = ncap;
	}
	mask = s->cap - 1;
	i = (size_t)hash64(key) & mask;
	while (s->slot[i].key && s->slot[i].key != key)
		i = (i + 1) & mask;
	if (s->slot[i].key == 0) {
		s->slot[i].key = key;
		s->n++;
	}
	had = (s->slot[i].bits & bit) != 0;
	s->slot[i].bits |= bit;
	return had;
}

/* Forget `line` (its contents are new): the next miss is compulsory. */
static void seen_forget(struct cache_seen *s, uint64_t line)
{
	uint64_t key = (line >> 6) + 1;
	size_t i;

	if (s->cap == 0)
		return;
	i = (size_t)hash64(key) & (s->cap - 1);
	while (s->slot[i].key && s->slot[i].key != key)
		i = (i + 1) & (s->cap - 1);
	if (s->slot[i].key == key)
		s->slot[i].bits &= ~(1ull << (line & 63));
}

/* ---- finding a line ---- */

uint32_t cache_set_of(const struct cache_level *l, uint64_t addr)
{
	return (uint32_t)((addr >> l->line_bits) & (l->sets - 1));
}

uint64_t cache_tag_of(const struct cache_level *l, uint64_t addr)
{
	return addr >> l->line_bits >> l->set_bits;
}

/* The byte of a word (as memcpy loaded it) whose flag is z's lowest. */
static inline uint32_t flagged_byte(uint64_t z)
{
	uint32_t n = 0;

#if defined(__GNUC__)
	n = (uint32_t)__builtin_ctzll(z);
#else
	while (!(z >> n & 1))
		n++;
#endif
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return 7 - n / 8;
#else
	return n / 8;
#endif
}

/*
 * The way of the set at `base` whose key is `want` (tag + 1; 0: an empty
 * way), or CACHE_NONE.  Which way holds a line is random, so a loop that
 * stops at it mispredicts its exit on most lookups.  Instead the ways'
 * signatures (their keys' low bytes) are taken eight at a time as one
 * word, and a byte-wise zero test of word ^ want's byte flags the only
 * ways worth comparing: usually the one, or none.
 */
static inline uint32_t find_key(const struct cache_level *l, size_t base,
				uint64_t want)
{
	const uint64_t *key = &l->key[base];
	const uint8_t *sig = &l->sig[base];
	uint64_t pat = (want & 0xff) * 0x0101010101010101ull;
	uint32_t ways = l->ways, k;

	for (k = 0; k < ways; k += 8) {
		uint64_t v, z;
		memcpy(&v, sig + k, sizeof v);
		v ^= pat;
		/* Exact: no carry crosses a byte (unlike the (v - 1) & ~v form). */
		z = ~(((v & 0x7f7f7f7f7f7f7f7full) + 0x7f7f7f7f7f7f7f7full) |
		      v | 0x7f7f7f7f7f7f7f7full);
		while (z) {
			/* Past the last way: the next set's, or padding. */
			uint32_t j = k + flagged_byte(z);
			if (j < ways && key[j] == want)
				return j;
			z &= z - 1;
		}
	}
	return CACHE_NONE;
}

/* ---- replacement ---- */

/* Point the PLRU tree away from `way` (bit 0 at a node: victim left). */
static void plru_touch(uint64_t *bits, uint32_t ways, uint32_t way)
{
	uint32_t node = 1, lo = 0, size = ways;

	while (size > 1) {
		uint32_t half = size / 2;
		if (way < lo + half) {
			*bits |= 1ull << node;
			node = 2 * node;
		} else {
			*bits &= ~(1ull << node);
			node = 2 * node + 1;
			lo += half;
		}
		size = half;
	}
}

static uint32_t plru_victim(uint64_t bits, uint32_t ways)
{
	uint32_t node = 1, lo = 0, size = ways;

	while (size > 1) {
		uint32_t half = size / 2;
		if (bits >> node & 1) {
			node = 2 * node + 1;
			lo += half;
		} else {
			node = 2 * node;
		}
		size = half;
	}
	return lo;
}

static uint32_t choose_victim(struct cache_level *l, uint32_t set,
			      uint64_t *rng)
{
	struct cache_way *w = &l->w[(size_t)set * l->ways];
	uint32_t k, best = 0;
	uint64_t oldest;

	if (l->replace == CACHE_LRU || l->replace == CACHE_FIFO) {
		/*
		 * The first way with the oldest stamp: an empty way's is 0,
		 * older than any line's, so that is the first empty way
		 * when there is one.  Which way is random: no branch on it.
		 */
		oldest = w[0].stamp;
		for (k = 1; k < l->ways; k++) {
			bool older = w[k].stamp < oldest;
			best = older ? k : best;
			oldest = older ? w[k].stamp : oldest;
		}
		return best;
	}
	/* An empty way first: key 0 (packed, unlike w's valid flags). */
	k = find_key(l, (size_t)set * l->ways, 0);
	if (k != CACHE_NONE)
		return k;
	if (l->replace == CACHE_RANDOM)
		return (uint32_t)(rng_next(rng) % l->ways);
	return plru_victim(l->plru[set], l->ways);
}

uint32_t cache_way_rank(const struct cache_level *l, uint32_t set,
			uint32_t way)
{
	const struct cache_way *w = &l->w[(size_t)set * l->ways];
	uint32_t k, rank = 0;

	if (!w[way].valid) {
		for (k = 0; k < way; k++)
			rank += !w[k].valid;
		return rank;
	}
	for (k = 0; k < l->ways; k++)
		rank += !w[k].valid;
	if (l->replace == CACHE_PLRU) {
		uint64_t bits = l->plru[set];
		uint32_t r = 0;
		for (r = 0; r < l->ways; r++) {
			uint32_t v = plru_victim(bits, l->ways);
			if (v == way)
				break;
			plru_touch(&bits, l->ways, v);
		}
		return r < l->ways ? r : l->ways - 1;
	}
	if (l->replace == CACHE_RANDOM) {
		for (k = 0; k < way; k++)
			rank += w[k].valid;
		return rank;
	}
	for (k = 0; k < l->ways; k++)
		if (w[k].valid && w[k].stamp < w[way].stamp)
			rank++;
	return rank;
}

/* ---- the access path ---- */

static uint32_t find_way(const struct cache_level *l, uint32_t set,
			 uint64_t tag)
{
	return find_key(l, (size_t)set * l->ways, tag + 1);
}

/*
 * A write that is not a demand access (a write-back, or a write passed
 * on by write-through) arriving at level i: it updates the line where it
 * is, and goes on down otherwise.
 */
static void write_down(struct cache *c, uint32_t i, uint64_t addr)
{
	while (i != CACHE_NONE) {
		struct cache_level *l = &c->level[i];
		uint32_t set = cache_set_of(l, addr);
		uint32_t k = find_way(l, set, cache_tag_of(l, addr));

		if (k != CACHE_NONE) {
			if (l->write == CACHE_WRITE_BACK) {
				l->w[(size_t)set * l->ways + k].dirty = true;
				return;
			}
			l->st.write_throughs++;
		}
		i = l->next;
	}
	c->t.ram_writes++;
}

/*
 * Level `from`'s write-back or write-through of `addr` to the level below:
 * a buffered write (write_down) or, under writebacks=demand, a demand
 * write queued for the end of the access (demand_flush).
 */
static void send_down(struct cache *c, const struct cache_level *from,
		      uint64_t addr)
{
	if (from->writebacks == CACHE_WB_DEMAND && from->next != CACHE_NONE &&
	    c->npending < CACHE_PENDING_MAX) {
		c->pending[c->npending].level = from->next;
		c->pending[c->npending].addr = addr;
		c->npending++;
		return;
	}
	write_down(c, from->next, addr);
}

static const char *next_name(const struct cache *c, uint32_t i)
{
	uint32_t n = c->level[i].next;

	return n == CACHE_NONE ? "RAM" : c->level[n].name;
}

static const char *kind_word(int kind)
{
	return kind == CACHE_WRITE ? "write" :
	       kind == CACHE_FETCH ? "fetch" : "read";
}

/*
 * Append ": a + b = c ns" for the terms of an access, led by the
 * translation's (swap, walk, TLB) when `lt` is given.
 */
static void add_cost_text(struct strbuf *sb, const uint64_t *terms,
			  size_t n, const struct cache_last *lt)
{
	uint64_t pre[3] = { 0, 0, 0 }, sum = 0;
	static const char *const pre_name[3] = { "swap", "walk", "TLB" };
	bool units = false;
	char b[32];
	size_t i, count = n, k = 0;

	if (lt) {
		pre[0] = lt->disk_ns;
		pre[1] = lt->walk_ns;
		pre[2] = lt->tlb_ns;
	}
	for (i = 0; i < 3; i++) {
		sum += pre[i];
		count += pre[i] > 0;
		units |= pre[i] > 0;
	}
	for (i = 0; i < n; i++) {
		sum += terms[i];
		if (terms[i] >= 1000)
			units = true;
	}
	strbuf_puts(sb, ": ");
	if (count == 1) {
		strbuf_puts(sb, latency_format(sum, b, sizeof b));
		return;
	}
	for (i = 0; i < 3; i++) {
		if (pre[i] == 0)
			continue;
		strbuf_printf(sb, "%s%s %s", k++ ? " + " : "",
			      latency_format(pre[i], b, sizeof b), pre_name[i]);
	}
	for (i = 0; i < n; i++) {
		if (k++)
			strbuf_puts(sb, " + ");
		if (units)
			strbuf_puts(sb, latency_format(terms[i], b, sizeof b));
		else
			strbuf_printf(sb, "%llu", (unsigned long long)terms[i]);
	}
	strbuf_printf(sb, " = %s", latency_format(sum, b, sizeof b));
}

/* Record level i's part of the access in c->last. */
static struct cache_touch *record(struct cache *c)
{
	if (c->last.ntouch >= CACHE_TOUCH_MAX)
		return NULL;
	return &c->last.touch[c->last.ntouch++];
}

/*
 * The miss part of level_access: the 3C class, then (unless a write
 * does not allocate) the victim, its write-back and the fill.
 */
static NOINLINE void level_miss(struct cache *c, uint64_t *rng, uint32_t i,
				uint64_t addr, bool write,
				struct cache_touch *t)
{
	struct cache_level *l = &c->level[i];
	uint64_t la = addr >> l->line_bits, tag = la >> l->set_bits;
	uint32_t set = (uint32_t)la & (l->sets - 1), sk, v, slot = 0;
	size_t base = (size_t)set * l->ways;
	struct cache_way *w;

	l->st.misses++;
	c->last.misses[i]++;
	/* In the shadow means seen before: no need to look. */
	sk = shadow_find(&l->shadow, la, &slot);
	if (sk != CACHE_NONE) {
		l->st.conflict++;
		t->miss_kind = 3;
	} else if (!seen_insert(&l->seen, la)) {
		l->st.compulsory++;
		t->miss_kind = 1;
	} else {
		l->st.capacity++;
		t->miss_kind = 2;
	}
	/* The policy first: it is the same every time, `write` is random. */
	if (l->alloc == CACHE_ALLOC_NO_WRITE && write) {
		/*
		 * The shadow sees the write as Dinero IV's -ccc does: a line
		 * it holds becomes its most recent (the write used it), a line
		 * it lacks is not put in (nothing is allocated).  Leaving a
		 * held line where it was made a later miss on it "capacity"
		 * where Dinero says "conflict" (test/check_cache.c, 3C with
		 * alloc=no-write).
		 */
		if (sk != CACHE_NONE)
			shadow_use(&l->shadow, sk, la, slot);
		t->way = CACHE_NONE;
		l->memo_valid = false;
		return;
	}
	v = choose_victim(l, set, rng);
	w = &l->w[base + v];
	l->node[base + v] = shadow_use(&l->shadow, sk, la, slot);
	if (w->valid) {
		l->st.evictions++;
		t->evicted = true;
		t->evicted_tag = w->tag;
		if (w->dirty) {
			uint64_t va = ((w->tag << l->set_bits) | set)
				      << l->line_bits;
			l->st.writebacks++;
			t->writeback = true;
			send_down(c, l, va);
		}
	}
	w->tag = tag;
	w->valid = true;
	l->key[base + v] = tag + 1;
	l->sig[base + v] = (uint8_t)(tag + 1);
	w->dirty = l->write == CACHE_WRITE_BACK && write;
	w->stamp = ++c->clock;
	if (l->replace == CACHE_PLRU)
		plru_touch(&l->plru[set], l->ways, v);
	if (l->write == CACHE_WRITE_THROUGH && write) {
		l->st.write_throughs++;
		send_down(c, l, addr);
	}
	t->way = v;
	t->filled = true;
	l->memo_line = la;
	l->memo_way = v;
	l->memo_valid = true;
}

/*
 * Level i's part of one demand access to `addr` (a write or not): the
 * lookup, the 3C class of a miss, the fill and its victim, the write
 * policy, the level's counters, all recorded in *t (a hit only when
 * `rec`: nobody reads the record of a hit that is not kept).  Returns
 * whether it hit.  Costs and events are the caller's.  This is the simulator's innermost loop: it runs for every
 * reference at every level it reaches, so the hit stays here and the miss
 * goes out of line, and the level's geometry is read into locals first
 * (the byte-sized stores below could alias it, so the compiler would
 * reload it after each).
 */
static ALWAYS_INLINE bool level_access(struct cache *c, uint64_t *rng,
				       uint32_t i, struct cache_level *l,
				       uint64_t addr,
				       bool write, struct cache_touch *t,
				       bool rec)
{
	uint64_t la = addr >> l->line_bits;
	uint32_t set = (uint32_t)la & (l->sets - 1), ways = l->ways, way;
	size_t base = (size_t)set * ways;
	int replace = l->replace;
	struct cache_way *w;

	/* Reads and writes come in random order: count without a branch. */
	l->st.accesses++;
	l->st.writes += write;
	l->st.reads += !write;
	/* The last line again: resident, and already the shadow's head. */
	if (l->memo_valid && l->memo_line == la) {
		way = l->memo_way;
	} else {
		uint32_t *node = &l->node[base], slot = 0, sk;
		way = find_key(l, base, (la >> l->set_bits) + 1);
		if (way == CACHE_NONE) {
			memset(t, 0, sizeof *t);
			t->level = (uint8_t)i;
			t->set = set;
			level_miss(c, rng, i, addr, write, t);
			return false;
		}
		sk = shadow_find_hinted(&l->shadow, node[way], la, &slot);
		node[way] = shadow_use(&l->shadow, sk, la, slot);
	}
	w = &l->w[base + way];
	l->st.hits++;
	c->last.hits[i]++;
	l->memo_line = la;
	l->memo_way = way;
	l->memo_valid = true;
	if (replace == CACHE_LRU)
		w->stamp = ++c->clock;
	else if (replace == CACHE_PLRU)
		plru_touch(&l->plru[set], ways, way);
	if (l->write == CACHE_WRITE_BACK) {
		w->dirty |= write;
	} else if (write) {
		l->st.write_throughs++;
		send_down(c, l, addr);
	}
	if (rec)
		*t = (struct cache_touch){ .level = (uint8_t)i, .hit = true,
					   .set = set, .way = way };
	return true;
}

/*
 * Narrate level i's part of an access (t, done as a write or not) and
 * emit its event.  `first`: the first level of this line; `terms`: the
 * costs so far (the cost is told at a hit and at RAM).  Returns false
 * when the event budget ran out.
 */
static bool emit_level(struct cache *c, struct exec_ctx *x,
		       const struct cache_touch *t, uint64_t addr, bool write,
		       int orig_kind, bool first, const uint64_t *terms,
		       size_t nterms, bool first_piece)
{
	const struct cache_level *l = &c->level[t->level];
	uint32_t i = t->level;
	bool last_level = l->next == CACHE_NONE, ok;
	uint32_t flags = EVF_CACHE_MISS;
	struct strbuf sb;

	if (x->quiet) {
		if (t->hit)
			return exec_emit(x, EV_CACHE_HIT, 0, TGT_CACHE_LINE, i,
					 (int64_t)t->set * 65536 + t->way,
					 "%s", "");
		if (t->evicted)
			flags |= EVF_EVICT;
		return exec_emit(x, EV_CACHE_MISS, flags, TGT_CACHE_LINE, i,
				 (int64_t)t->set * 65536 +
					 (t->way == CACHE_NONE ? 0 : t->way),
				 "%s", "");
	}
	strbuf_init(&sb);
	if (first)
		strbuf_printf(&sb, "%s 0x%llx: ",
			      c->last.translated ? "Physical address" :
			      orig_kind == CACHE_WRITE ? "Write" :
			      orig_kind == CACHE_FETCH ? "Fetch" : "Read",
			      (unsigned long long)addr);
	if (t->hit) {
		strbuf_printf(&sb, "%s hit (set %u, way %u)", l->name, t->set,
			      t->way);
		if (write && l->write == CACHE_WRITE_THROUGH)
			strbuf_printf(&sb, ", write-through to %s",
				      next_name(c, i));
		else if (write)
			strbuf_puts(&sb, ", line now dirty");
		add_cost_text(&sb, terms, nterms,
			      first_piece ? &c->last : NULL);
		strbuf_putc(&sb, '.');
		ok = exec_emit(x, EV_CACHE_HIT, 0, TGT_CACHE_LINE, i,
			       (int64_t)t->set * 65536 + t->way, "%s", sb.buf);
		strbuf_free(&sb);
		return ok;
	}
	strbuf_printf(&sb, "%s miss (set %u, %s; ", l->name, t->set,
		      miss_kind_words[t->miss_kind]);
	if (!t->filled)
		strbuf_printf(&sb, "no write-allocate: the write goes on to %s",
			      next_name(c, i));
	else if (t->evicted)
		strbuf_printf(&sb, "evicts tag 0x%llx from way %u%s%s",
			      (unsigned long long)t->evicted_tag, t->way,
			      t->writeback ? ", dirty: write back to " : "",
			      t->writeback ? next_name(c, i) : "");
	else
		strbuf_printf(&sb, "fills empty way %u", t->way);
	strbuf_puts(&sb, ")");
	if (last_level) {
		strbuf_puts(&sb, ", RAM");
		add_cost_text(&sb, terms, nterms,
			      first_piece ? &c->last : NULL);
	}
	strbuf_putc(&sb, '.');
	if (t->evicted)
		flags |= EVF_EVICT;
	ok = exec_emit(x, EV_CACHE_MISS, flags, TGT_CACHE_LINE, i,
		       (int64_t)t->set * 65536 +
			       (t->way == CACHE_NONE ? 0 : t->way),
		       "%s", sb.buf);
	strbuf_free(&sb);
	return ok;
}

/*
 * RAM answers an access (a write when nothing above took the line):
 * counted; returns its latency, for the caller's totals.
 */
static inline uint64_t ram_access(struct cache *c, bool write)
{
	c->t.ram_ns += c->lat.ram_ns;
	c->last.ram = true;
	if (write)
		c->t.ram_writes++;
	else
		c->t.ram_reads++;
	return c->lat.ram_ns;
}

/*
 * Do the demand write-downs queued by the access just made (writebacks=
 * demand), latest first, each as a write access starting at its level
 * with no cost on the access path; what one queues is done before the
 * older ones (depth first, as Dinero IV's pending references).
 */
static void demand_flush(struct cache *c, uint64_t *rng)
{

	while (c->npending > 0) {
		struct cache_pending p = c->pending[--c->npending];
		uint32_t i = p.level;
		bool write = true;

		while (i != CACHE_NONE) {
			struct cache_level *l = &c->level[i];
			struct cache_touch t;
			if (level_access(c, rng, i, l, p.addr, write, &t, false))
				break;
			if (t.filled)
				write = false; /* the fill's fetch goes on */
			if (l->next == CACHE_NONE) {
				if (write)
					c->t.ram_writes++;
				else
					c->t.ram_reads++;
			}
			i = l->next;
		}
	}
}

/*
 * access_line without an exec context: the same state changes and
 * counters, no events, no sentences, and the cost added to the totals
 * once (nothing can look at them in between).  `rec`: the step still
 * keeps touch records (false: all CACHE_TOUCH_MAX are taken, as in most
 * of a trace step's references).
 */
static ALWAYS_INLINE uint64_t access_line_quiet(struct cache *c, uint64_t *rng,
						uint64_t addr, int kind,
						uint32_t i, bool rec)
{
	struct cache_level *l = &c->level[i];
	uint64_t cost = 0;

	for (;;) {
		struct cache_touch tt, *t = rec ? record(c) : NULL;
		bool write = kind == CACHE_WRITE, hit;

		if (t == NULL)
			t = &tt;
		hit = level_access(c, rng, i, l, addr, write, t, rec);
		cost += l->latency_ns;
		l->st.time_ns += l->latency_ns;
		if (hit)
			break;
		if (l->next == CACHE_NONE) {
			cost += ram_access(c, write && !t->filled);
			break;
		}
		if (t->filled)
			kind = CACHE_READ;
		i = l->next;
		l = &c->level[i];
	}
	if (c->npending)
		demand_flush(c, rng);
	c->t.hierarchy_ns += cost;
	c->t.total_ns += cost;
	c->last.cost_ns += cost;
	return cost;
}

/*
 * One line's demand access starting at level i.  Returns its cost, or
 * UINT64_MAX when the event budget ran out.
 */
static uint64_t access_line(struct cache *c, uint64_t *rng, uint64_t addr,
			    int kind, uint32_t i, struct exec_ctx *x,
			    bool first_piece)
{
	uint64_t terms[CACHE_MAX_LEVELS + 1], cost = 0;
	size_t nterms = 0;
	int orig_kind = kind;
	bool first = true;

	while (i != CACHE_NONE) {
		struct cache_level *l = &c->level[i];
		struct cache_touch tt, *t = record(c);
		bool write = kind == CACHE_WRITE;

		if (t == NULL)
			t = &tt;
		level_access(c, rng, i, l, addr, write, t, true);
		cost += l->latency_ns;
		terms[nterms++] = l->latency_ns;
		l->st.time_ns += l->latency_ns;
		c->t.hierarchy_ns += l->latency_ns;
		c->t.total_ns += l->latency_ns;
		c->last.cost_ns += l->latency_ns;
		if (!t->hit && l->next == CACHE_NONE) {
			uint64_t ram = ram_access(c, write && !t->filled);
			terms[nterms++] = ram;
			cost += ram;
			c->t.hierarchy_ns += ram;
			c->t.total_ns += ram;
			c->last.cost_ns += ram;
		}
		/* The last level of the access: demand write-downs before its
		 * event, so no state changes after a step's last event. */
		if ((t->hit || l->next == CACHE_NONE) && c->npending)
			demand_flush(c, rng);
		if (x && !emit_level(c, x, t, addr, write, orig_kind, first,
				     terms, nterms, first_piece))
			return UINT64_MAX;
		if (t->hit)
			return cost;
		first = false;
		if (t->filled)
			kind = CACHE_READ;
		i = l->next;
	}
	return cost;
}

uint64_t cache_invalidate_range(struct cache *c, uint64_t base, uint64_t size,
				struct exec_ctx *x)
{
	uint64_t dropped = 0, dirty_n = 0, a;
	uint32_t i;

	for (i = 0; i < c->nlevels; i++) {
		struct cache_level *l = &c->level[i];
		for (a = base & ~(l->line_bytes - 1); a < base + size;
		     a += l->line_bytes) {
			uint32_t set = cache_set_of(l, a);
			uint32_t k = find_way(l, set, cache_tag_of(l, a));
			uint32_t slot;
			uint32_t sk = shadow_find(&l->shadow, a >> l->line_bits,
						  &slot);
			struct cache_way *w;
			if (sk != CACHE_NONE)
				shadow_remove(&l->shadow, sk);
			seen_forget(&l->seen, a >> l->line_bits);
			l->memo_valid = false;
			if (k == CACHE_NONE)
				continue;
			w = &l->w[(size_t)set * l->ways + k];
			if (w->dirty) {
				l->st.writebacks++;
				c->t.ram_writes++;
				dirty_n++;
			}
			w->valid = w->dirty = false;
			w->stamp = 0;
			l->key[(size_t)set * l->ways + k] = 0;
			l->sig[(size_t)set * l->ways + k] = 0;
			l->memo_valid = false;
			dropped++;
		}
	}
	if (dropped && x &&
	    !exec_emit(x, EV_CACHE_INVALIDATE, 0, TGT_NONE, 0, 0,
		       "The frame at physical 0x%llx has new contents: its %llu cached line%s %s invalidated%s.",
		       (unsigned long long)base, (unsigned long long)dropped,
		       dropped == 1 ? "" : "s", dropped == 1 ? "is" : "are",
		       dirty_n ? " (dirty ones written to RAM first)" : ""))
		return UINT64_MAX;
	return dropped;
}

/* cache_access's cases other than one quiet line (below). */
static NOINLINE uint64_t access_slow(struct cache *c, uint64_t *rng,
				     uint64_t paddr, unsigned size,
				     enum cache_kind kind,
				     struct exec_ctx *x, uint32_t start)
{
	uint64_t cost = 0, lb, a, end;
	bool first = true;

	if (start == CACHE_NONE) {
		char b[32];
		cost = ram_access(c, kind == CACHE_WRITE);
		c->t.hierarchy_ns += cost;
		c->t.total_ns += cost;
		c->last.cost_ns += cost;
		if (x && !exec_emit(x, EV_MEMORY, 0, TGT_NONE, 0, 0,
				    "%s 0x%llx: no cache, RAM: %s",
				    kind_word(kind), (unsigned long long)paddr,
				    x->quiet ? "" :
					       latency_format(cost + c->last.pre_ns,
							      b, sizeof b)))
			return UINT64_MAX;
		return cost;
	}
	lb = c->level[start].line_bytes;
	a = paddr & ~(lb - 1);
	end = (paddr + size - 1) & ~(lb - 1);
	for (;;) {
		uint64_t at = first ? paddr : a;
		uint64_t r = x ? access_line(c, rng, at, kind, start, x,
					     first) :
				 access_line_quiet(c, rng, at, kind, start,
						   true);
		if (r == UINT64_MAX)
			return r;
		cost += r;
		first = false;
		if (a == end)
			break;
		a += lb;
	}
	return cost;
}

/* The bookkeeping of every access, then its quiet path or the rest. */
static ALWAYS_INLINE uint64_t access_any(struct cache *c, uint64_t *rng,
					 uint64_t paddr, unsigned size,
					 enum cache_kind kind,
					 struct exec_ctx *x)
{
	uint32_t start = kind == CACHE_FETCH ? c->first_fetch : c->first_data;

	if (size == 0)
		size = 1;
	c->last.refs++;
	c->last.addr = paddr;
	c->last.kind = kind;
	c->t.accesses++;
	/* The usual reference: one line, no events. */
	if (x == NULL && start != CACHE_NONE &&
	    (paddr ^ (paddr + size - 1)) >> c->level[start].line_bits == 0)
		return c->last.ntouch < CACHE_TOUCH_MAX ?
			       access_line_quiet(c, rng, paddr, kind, start, true) :
			       access_line_quiet(c, rng, paddr, kind, start, false);
	return access_slow(c, rng, paddr, size, kind, x, start);
}

uint64_t cache_access(struct cache *c, uint64_t *rng, uint64_t paddr,
		      unsigned size, enum cache_kind kind, struct exec_ctx *x)
{
	return access_any(c, rng, paddr, size, kind, x);
}

void cache_preset_line(struct cache *c, uint32_t i, uint32_t set,
		       uint32_t way, uint64_t tag, bool dirty)
{
	struct cache_level *l = &c->level[i];
	size_t idx = (size_t)set * l->ways + way;
	uint64_t la = tag << l->set_bits | set;
	struct cache_way *w = &l->w[idx];
	uint32_t slot = 0, k;

	/* Resident means used: in the shadow, and seen (no compulsory miss). */
	k = shadow_find(&l->shadow, la, &slot);
	l->node[idx] = shadow_use(&l->shadow, k, la, slot);
	seen_insert(&l->seen, la);
	w->tag = tag;
	w->valid = true;
	w->dirty = dirty && l->write == CACHE_WRITE_BACK;
	w->stamp = ++c->clock;
	l->key[idx] = tag + 1;
	l->sig[idx] = (uint8_t)(tag + 1);
	if (l->replace == CACHE_PLRU)
		plru_touch(&l->plru[set], l->ways, way);
	l->memo_valid = false;
}

/* ---- Dinero IV's copy back and invalidate (din labels 4 and 5) ---- */

_Static_assert((int)TRACE_COPYBACK == (int)CACHE_COPYBACK &&
	       (int)TRACE_INVALIDATE == (int)CACHE_INVALIDATE &&
	       (int)TRACE_COPYBACK_ALL == (int)CACHE_COPYBACK_ALL &&
	       (int)TRACE_INVALIDATE_ALL == (int)CACHE_INVALIDATE_ALL,
	       "trace.h's control kinds must equal cache.h's");

/* Way k of set `set` at level l empties (its line is forgotten). */
static void drop_way(struct cache_level *l, uint32_t set, uint32_t k)
{
	size_t w = (size_t)set * l->ways + k;

	l->w[w].valid = l->w[w].dirty = false;
	l->w[w].stamp = 0;
	l->key[w] = 0;
	l->sig[w] = 0;
}

uint64_t cache_control(struct cache *c, uint64_t *rng, uint64_t addr, int op,
		       uint64_t *dirty_dropped)
{
	bool all = op == CACHE_COPYBACK_ALL || op == CACHE_INVALIDATE_ALL;
	bool inval = op == CACHE_INVALIDATE || op == CACHE_INVALIDATE_ALL;
	uint64_t count = 0, dropped_dirty = 0;
	uint32_t i;

	for (i = 0; i < c->nlevels; i++) {
		struct cache_level *l = &c->level[i];
		uint32_t set0 = all ? 0 : cache_set_of(l, addr);
		uint32_t set1 = all ? l->sets : set0 + 1, set, k;

		l->memo_valid = false;
		for (set = set0; set < set1; set++) {
			for (k = 0; k < l->ways; k++) {
				struct cache_way *w = &l->w[(size_t)set * l->ways + k];
				uint64_t la;
				if (!w->valid ||
				    (!all && w->tag != cache_tag_of(l, addr)))
					continue;
				la = (w->tag << l->set_bits) | set;
				if (inval) {
					dropped_dirty += w->dirty;
					drop_way(l, set, k);
					count++;
				} else if (w->dirty) {
					w->dirty = false;
					l->st.writebacks++;
					send_down(c, l, la << l->line_bits);
					count++;
				}
			}
		}
		if (inval && all) {
			/* Dinero IV empties the fully associative and the
			 * infinite caches too. */
			free(l->shadow.node);
			free(l->shadow.hash);
			cache_shadow_init(&l->shadow, l->shadow.cap);
			free(l->seen.slot);
			memset(&l->seen, 0, sizeof l->seen);
			if (l->plru)
				memset(l->plru, 0, l->sets * sizeof *l->plru);
		} else if (inval) {
			uint64_t la = addr >> l->line_bits;
			uint32_t slot, sk = shadow_find(&l->shadow, la, &slot);
			if (sk != CACHE_NONE)
				shadow_remove(&l->shadow, sk);
			seen_forget(&l->seen, la);
		}
		/* A write-back reaches the next level before it is copied
		 * back in turn (Dinero IV's pending order). */
		if (c->npending)
			demand_flush(c, rng);
	}
	if (dirty_dropped)
		*dirty_dropped = dropped_dirty;
	return count;
}
