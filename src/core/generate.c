/*
 * generate.c: exercises from a seed (see generate.h).  One table of
 * kinds, each with its table of keys (range, default) and a writer that
 * draws the exercise from memviz's own generator.
 *
 * Invariants: a writer uses only gen_rng (same bytes everywhere); the
 * keys are checked, alone and together, before anything is written; the
 * scenario written is valid (`memviz --check` accepts it) for every seed
 * and every accepted setting, and its notes say only what holds for any
 * seed.
 */
#include "core/generate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const generate_kinds[] = { "paging", "translate", "malloc",
				       "buddy", "cache", "gc", NULL };

/* ---- the generator ---- */

void gen_rng_seed(struct gen_rng *r, uint64_t seed)
{
	r->state = seed;
}

uint64_t gen_rng_next(struct gen_rng *r)
{
	uint64_t z = (r->state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

uint64_t gen_rng_below(struct gen_rng *r, uint64_t n)
{
	uint64_t limit = UINT64_MAX - UINT64_MAX % n, v;

	do
		v = gen_rng_next(r);
	while (v >= limit);
	return v % n;
}

/* True with probability permille / 1000. */
static bool chance(struct gen_rng *r, uint64_t permille)
{
	return gen_rng_below(r, 1000) < permille;
}

/* ---- keys ---- */

enum key_type {
	KEY_INT,      /* lo..hi */
	KEY_POW2,     /* a power of two in lo..hi (K suffix allowed) */
	KEY_CHOICE,   /* one of choices: the value is its index */
	KEY_FRACTION, /* 0..1 as a decimal: the value is in thousandths */
};

#define MAX_KEYS 8

struct gen_key {
	const char *key;
	int type;              /* enum key_type */
	uint64_t lo, hi, def;
	const char *const *choices;
};

struct gen_kind;
typedef void (*gen_writer)(const struct gen_kind *k, const uint64_t *v,
			   struct gen_rng *r, struct strbuf *out);
/* Checks of the keys together: false with a message in err. */
typedef bool (*gen_checker)(const uint64_t *v, char *err, size_t errsz);

struct gen_kind {
	const char *name;
	struct gen_key keys[MAX_KEYS];
	gen_writer write;
	gen_checker check;
};

static const char *const paging_policies[] = { "fifo", "lru", "clock",
					       "eclock", "opt", "random",
					       NULL };
static const char *const fit_policies[] = { "first-fit", "next-fit",
					    "best-fit", "worst-fit", NULL };
static const char *const write_words[] = { "back", "through", NULL };
static const char *const alloc_words[] = { "write", "no-write", NULL };
static const char *const replace_words[] = { "lru", "fifo", NULL };
static const char *const replace_titles[] = { "LRU", "FIFO" };
static const char *const gc_words[] = { "mark-sweep", "mark-compact",
					"copying", NULL };

static void key_range(const struct gen_key *k, char *buf, size_t n)
{
	size_t o = 0;
	int i;

	if (k->type == KEY_CHOICE) {
		buf[0] = '\0';
		for (i = 0; k->choices[i] && o < n; i++)
			o += (size_t)snprintf(buf + o, n - o, "%s%s",
					      i ? "|" : "", k->choices[i]);
	} else if (k->type == KEY_FRACTION) {
		snprintf(buf, n, "0..1");
	} else {
		snprintf(buf, n, "%s%llu..%llu",
			 k->type == KEY_POW2 ? "a power of two " : "",
			 (unsigned long long)k->lo, (unsigned long long)k->hi);
	}
}

/* Thousandths as the shortest decimal: 0, 0.5, 0.125, 1. */
static void fraction_text(uint64_t v, char *buf, size_t n)
{
	size_t len;

	snprintf(buf, n, "%llu.%03llu", (unsigned long long)(v / 1000),
		 (unsigned long long)(v % 1000));
	len = strlen(buf);
	while (len > 0 && buf[len - 1] == '0')
		buf[--len] = '\0';
	if (len > 0 && buf[len - 1] == '.')
		buf[--len] = '\0';
}

static void key_default(const struct gen_key *k, char *buf, size_t n)
{
	if (k->type == KEY_CHOICE)
		snprintf(buf, n, "%s", k->choices[k->def]);
	else if (k->type == KEY_FRACTION)
		fraction_text(k->def, buf, n);
	else
		snprintf(buf, n, "%llu", (unsigned long long)k->def);
}

/* "0.5", "1", ".25": thousandths. */
static bool parse_fraction(const char *s, uint64_t *out)
{
	uint64_t whole = 0, frac = 0, scale = 100;
	const char *p = s;

	if (*p == '\0')
		return false;
	while (*p >= '0' && *p <= '9')
		whole = whole * 10 + (uint64_t)(*p++ - '0');
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return false;
		for (; *p >= '0' && *p <= '9'; p++) {
			frac += (uint64_t)(*p - '0') * scale;
			scale /= 10;
		}
	}
	if (*p || p == s || whole > 1 || (whole == 1 && frac))
		return false;
	*out = whole * 1000 + frac;
	return true;
}

/* "1024", "4K", "0x400". */
static bool parse_count(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (*s < '0' || *s > '9')
		return false;
	v = strtoull(s, &end, 0);
	if ((*end == 'K' || *end == 'k') && end[1] == '\0' && v < (1ull << 40))
		v *= 1024;
	else if (*end)
		return false;
	*out = v;
	return true;
}

static bool parse_key_value(const struct gen_kind *kind, const char *arg,
			    uint64_t *v, char *err, size_t errsz)
{
	const char *eq = strchr(arg, '=');
	const struct gen_key *k = NULL;
	char range[160], keys[160];
	size_t len = eq ? (size_t)(eq - arg) : strlen(arg), o = 0;
	int i;

	for (i = 0; kind->keys[i].key; i++) {
		if (strlen(kind->keys[i].key) == len &&
		    memcmp(kind->keys[i].key, arg, len) == 0)
			k = &kind->keys[i];
		o += (size_t)snprintf(keys + o, o < sizeof keys ? sizeof keys - o : 0,
				      "%s%s", i ? " " : "", kind->keys[i].key);
	}
	if (k == NULL || eq == NULL) {
		snprintf(err, errsz, "--generate %s: %s `%.*s`: the keys are %s, each as KEY=VALUE",
			 kind->name, k ? "no value for" : "unknown key",
			 (int)(len > 40 ? 40 : len), arg, keys);
		return false;
	}
	v += k - kind->keys;
	eq++;
	key_range(k, range, sizeof range);
	switch (k->type) {
	case KEY_CHOICE:
		for (i = 0; k->choices[i]; i++)
			if (strcmp(k->choices[i], eq) == 0) {
				*v = (uint64_t)i;
				return true;
			}
		break;
	case KEY_FRACTION:
		if (parse_fraction(eq, v))
			return true;
		break;
	default:
		if (parse_count(eq, v) && *v >= k->lo && *v <= k->hi &&
		    (k->type != KEY_POW2 || (*v & (*v - 1)) == 0))
			return true;
		break;
	}
	snprintf(err, errsz, "--generate %s: %s=%.40s is not accepted: %s takes %s",
		 kind->name, k->key, eq, k->key, range);
	return false;
}

/* ---- paging ---- */

enum { PG_POLICY, PG_FRAMES, PG_LENGTH, PG_PAGES, PG_WRITES };

/* The policies as the textbooks write them, in paging_policies' order. */
static const char *const policy_titles[] = { "FIFO", "LRU", "Clock",
					     "Enhanced clock", "OPT",
					     "Random" };

/* ... and within a sentence. */
static const char *const policy_in_text[] = { "FIFO", "LRU",
					      "the clock algorithm",
					      "the enhanced clock algorithm",
					      "OPT", "random replacement" };

static const char *const policy_victims[] = {
	"the page loaded longest ago",
	"the page used least recently",
	"the first page the clock hand finds with R=0, clearing the R bits it passes",
	"a page of the lowest class (R=0 M=0, then R=0 M=1, ...), found by the clock hand",
	"the page whose next use is furthest in the future",
	"a page picked by memviz's random generator (seeded by `seed`)",
};

static void write_paging(const struct gen_kind *k, const uint64_t *v,
			 struct gen_rng *r, struct strbuf *out)
{
	uint64_t n = v[PG_LENGTH], pages = v[PG_PAGES], i, prev[3];
	const char *pol = paging_policies[v[PG_POLICY]];
	size_t np = 0;

	(void)k;
	strbuf_printf(out, "title \"Page replacement: %s with %llu frame%s\"\n",
		      policy_titles[v[PG_POLICY]],
		      (unsigned long long)v[PG_FRAMES],
		      v[PG_FRAMES] == 1 ? "" : "s");
	strbuf_printf(out, "about \"Memory has %llu frame%s, empty at the start, and %s replaces pages: the victim is %s. After each reference of the string, which pages are in the frames? Which references fault, and which page does each fault evict? How many faults in all?\"\n",
		      (unsigned long long)v[PG_FRAMES],
		      v[PG_FRAMES] == 1 ? "" : "s", policy_in_text[v[PG_POLICY]],
		      policy_victims[v[PG_POLICY]]);
	strbuf_printf(out, "frames %llu\nreplace %s\n",
		      (unsigned long long)v[PG_FRAMES], pol);
	strbuf_printf(out, "note \"The reference string: %llu references to pages 0 to %llu%s. While a frame is free, a fault takes it; once all are full, each fault evicts %s.\"\n",
		      (unsigned long long)n, (unsigned long long)(pages - 1),
		      v[PG_WRITES] ? " (a `w` marks a write, which makes the page dirty)" : "",
		      policy_victims[v[PG_POLICY]]);
	strbuf_puts(out, "refs");
	for (i = 0; i < n; i++) {
		uint64_t p;
		/* Locality: often one of the last few pages again. */
		if (np && chance(r, 350))
			p = prev[gen_rng_below(r, np)];
		else
			p = gen_rng_below(r, pages);
		/* The same page twice in a row teaches nothing: draw again. */
		if (i && p == prev[(i - 1) % 3] && np)
			p = (p + 1 + gen_rng_below(r, pages - 1)) % pages;
		strbuf_printf(out, " %llu%s", (unsigned long long)p,
			      chance(r, v[PG_WRITES]) ? "w" : "");
		if (np < 3)
			prev[np++] = p;
		else
			prev[i % 3] = p;
	}
	strbuf_puts(out, "\n");
}

/* ---- translate ---- */

enum { TR_LEVELS, TR_BITS, TR_PAGE, TR_VALID, TR_ACCESSES };

static bool check_translate(const uint64_t *v, char *err, size_t errsz)
{
	uint32_t off = util_log2(v[TR_PAGE]);
	int64_t vpn = (int64_t)v[TR_BITS] - (int64_t)off;

	if (vpn < 2 * (int64_t)v[TR_LEVELS] || vpn > 6) {
		snprintf(err, errsz, "--generate translate: address-bits=%llu with page-size=%llu leaves %lld page-number bits; an exercise needs %llu to 6 (change address-bits or page-size)",
			 (unsigned long long)v[TR_BITS],
			 (unsigned long long)v[TR_PAGE], (long long)vpn,
			 (unsigned long long)(2 * v[TR_LEVELS]));
		return false;
	}
	return true;
}

static void write_translate(const struct gen_kind *k, const uint64_t *v,
			    struct gen_rng *r, struct strbuf *out)
{
	uint32_t off = util_log2(v[TR_PAGE]), vpn_bits = (uint32_t)v[TR_BITS] - off;
	uint64_t pages = 1ull << vpn_bits, frames = pages * 2, i;
	uint64_t pfn[64];
	bool valid[64], any = false, used[128];

	(void)k;
	memset(used, 0, sizeof used);
	for (i = 0; i < pages; i++) {
		valid[i] = chance(r, v[TR_VALID]);
		any |= valid[i];
	}
	if (!any)
		valid[gen_rng_below(r, pages)] = true;
	for (i = 0; i < pages; i++) {
		uint64_t f;
		do
			f = gen_rng_below(r, frames);
		while (used[f]);
		used[f] = true;
		pfn[i] = f;
	}
	strbuf_printf(out, "title \"Address translation: %llu-bit addresses, %llu-byte pages%s\"\n",
		      (unsigned long long)v[TR_BITS],
		      (unsigned long long)v[TR_PAGE],
		      v[TR_LEVELS] > 1 ? ", two-level table" : "");
	strbuf_printf(out, "about \"A process's page table is given below (pte PAGE FRAME; a page with no valid entry is invalid). Translate each virtual address: its page number%s and offset, whether it is valid, and its physical address.\"\n",
		      v[TR_LEVELS] > 1 ? " (and both table indexes)" : "");
	strbuf_printf(out, "page-size %llu\naddress-bits %llu\n",
		      (unsigned long long)v[TR_PAGE],
		      (unsigned long long)v[TR_BITS]);
	if (v[TR_LEVELS] > 1)
		strbuf_printf(out, "pagetable levels=%llu\n",
			      (unsigned long long)v[TR_LEVELS]);
	strbuf_printf(out, "tlb off\nframes %llu\n", (unsigned long long)frames);
	for (i = 0; i < pages; i++) {
		if (valid[i])
			strbuf_printf(out, "pte 0x%llx 0x%llx\n",
				      (unsigned long long)i,
				      (unsigned long long)pfn[i]);
		else if (v[TR_LEVELS] == 1)
			strbuf_printf(out, "pte 0x%llx invalid\n",
				      (unsigned long long)i);
	}
	strbuf_printf(out, "note \"%llu-bit addresses with %llu-byte pages: the low %u bits are the offset, the high %u bits the page number%s. A valid page's physical address is its frame times %llu plus the offset.\"\n",
		      (unsigned long long)v[TR_BITS],
		      (unsigned long long)v[TR_PAGE], off, vpn_bits,
		      v[TR_LEVELS] > 1 ? ", split into two table indexes" : "",
		      (unsigned long long)v[TR_PAGE]);
	for (i = 0; i < v[TR_ACCESSES]; i++)
		strbuf_printf(out, "read 0x%llx\n",
			      (unsigned long long)gen_rng_below(r, 1ull << v[TR_BITS]));
}

/* ---- malloc and buddy ---- */

enum { ML_POLICY, ML_SIZE, ML_OPS };
enum { BD_SIZE, BD_MIN, BD_OPS };

/* ops steps of mallocs and frees; sizes up to max_req bytes. */
static void write_heap_ops(uint64_t ops, uint64_t max_req, uint64_t unit,
			   struct gen_rng *r, struct strbuf *out)
{
	uint32_t live[64], nlive = 0, next = 1;
	uint64_t i;

	for (i = 0; i < ops; i++) {
		if (nlive == 64 || (nlive > 1 && chance(r, 400)) ||
		    (nlive == 1 && chance(r, 150))) {
			uint64_t j = gen_rng_below(r, nlive);
			strbuf_printf(out, "free p%u\n", live[j]);
			live[j] = live[--nlive];
			continue;
		}
		strbuf_printf(out, "malloc p%u %llu\n", next,
			      (unsigned long long)((1 + gen_rng_below(r, max_req / unit)) * unit));
		live[nlive++] = next++;
	}
}

static void write_malloc(const struct gen_kind *k, const uint64_t *v,
			 struct gen_rng *r, struct strbuf *out)
{
	const char *pol = fit_policies[v[ML_POLICY]];

	(void)k;
	strbuf_printf(out, "title \"Heap allocation: %s in %llu bytes\"\n", pol,
		      (unsigned long long)v[ML_SIZE]);
	strbuf_printf(out, "about \"A %llu-byte heap managed %s: for each malloc, which address does it return (or NULL), and what is the free list after each step?\"\n",
		      (unsigned long long)v[ML_SIZE], pol);
	strbuf_printf(out, "heap size=%llu policy=%s\n",
		      (unsigned long long)v[ML_SIZE], pol);
	strbuf_puts(out, "note \"Each block carries an 8-byte header and sizes round up to 8 bytes; a freed block merges with free neighbours.\"\n");
	write_heap_ops(v[ML_OPS], v[ML_SIZE] / 6 < 8 ? 8 : v[ML_SIZE] / 6, 4,
		       r, out);
}

static bool check_buddy(const uint64_t *v, char *err, size_t errsz)
{
	if (v[BD_MIN] * 8 > v[BD_SIZE]) {
		snprintf(err, errsz, "--generate buddy: min=%llu with size=%llu leaves fewer than 8 smallest blocks; min takes 16..%llu for this size",
			 (unsigned long long)v[BD_MIN],
			 (unsigned long long)v[BD_SIZE],
			 (unsigned long long)(v[BD_SIZE] / 8));
		return false;
	}
	return true;
}

static void write_buddy(const struct gen_kind *k, const uint64_t *v,
			struct gen_rng *r, struct strbuf *out)
{
	(void)k;
	strbuf_printf(out, "title \"Buddy allocation: %llu bytes, blocks from %llu\"\n",
		      (unsigned long long)v[BD_SIZE],
		      (unsigned long long)v[BD_MIN]);
	strbuf_printf(out, "about \"A %llu-byte buddy heap whose smallest block is %llu bytes: for each malloc, which block does it get (address or NULL), and which free blocks are there after each step?\"\n",
		      (unsigned long long)v[BD_SIZE],
		      (unsigned long long)v[BD_MIN]);
	strbuf_printf(out, "heap size=%llu policy=buddy min=%llu\n",
		      (unsigned long long)v[BD_SIZE],
		      (unsigned long long)v[BD_MIN]);
	strbuf_puts(out, "note \"A request rounds up to a power-of-two block; a larger free block splits in halves until one fits, and a freed block merges with its buddy when the buddy is free.\"\n");
	write_heap_ops(v[BD_OPS], v[BD_SIZE] / 4, 1, r, out);
}

/* ---- cache ---- */

enum { CA_SIZE, CA_LINE, CA_WAYS, CA_WRITE, CA_ALLOC, CA_REPLACE,
       CA_ACCESSES };

static bool check_cache(const uint64_t *v, char *err, size_t errsz)
{
	if (v[CA_LINE] * v[CA_WAYS] > v[CA_SIZE]) {
		snprintf(err, errsz, "--generate cache: size=%llu cannot hold %llu ways of line=%llu bytes; size takes at least %llu here",
			 (unsigned long long)v[CA_SIZE],
			 (unsigned long long)v[CA_WAYS],
			 (unsigned long long)v[CA_LINE],
			 (unsigned long long)(v[CA_LINE] * v[CA_WAYS]));
		return false;
	}
	return true;
}

static void write_cache(const struct gen_kind *k, const uint64_t *v,
			struct gen_rng *r, struct strbuf *out)
{
	uint64_t lines = v[CA_SIZE] / v[CA_LINE], sets = lines / v[CA_WAYS];
	uint64_t pool = lines * 2, recent[4], i;
	size_t nrecent = 0;

	(void)k;
	strbuf_printf(out, "title \"Cache: %llu bytes, %llu-byte lines, %llu-way\"\n",
		      (unsigned long long)v[CA_SIZE],
		      (unsigned long long)v[CA_LINE],
		      (unsigned long long)v[CA_WAYS]);
	strbuf_printf(out, "about \"An empty %llu-byte cache with %llu-byte lines, %llu way%s per set (%llu set%s), %s replacement, write-%s, %s: for each access, give the tag, set index and offset, hit or miss (and the kind of miss), and the tag evicted.\"\n",
		      (unsigned long long)v[CA_SIZE],
		      (unsigned long long)v[CA_LINE],
		      (unsigned long long)v[CA_WAYS],
		      v[CA_WAYS] == 1 ? "" : "s", (unsigned long long)sets,
		      sets == 1 ? "" : "s", replace_titles[v[CA_REPLACE]],
		      write_words[v[CA_WRITE]],
		      v[CA_ALLOC] ? "no write-allocate" : "write-allocate");
	strbuf_printf(out, "cache L1 size=%llu line=%llu ways=%llu replace=%s write=%s alloc=%s\n",
		      (unsigned long long)v[CA_SIZE],
		      (unsigned long long)v[CA_LINE],
		      (unsigned long long)v[CA_WAYS], replace_words[v[CA_REPLACE]],
		      write_words[v[CA_WRITE]], alloc_words[v[CA_ALLOC]]);
	strbuf_printf(out, "note \"An address splits into offset (low %u bits), set index (next %u bits) and tag (the rest).\"\n",
		      util_log2(v[CA_LINE]), util_log2(sets));
	for (i = 0; i < v[CA_ACCESSES]; i++) {
		uint64_t a;
		if (nrecent && chance(r, 400))
			a = (recent[gen_rng_below(r, nrecent)] &
			     ~(v[CA_LINE] - 1)) +
			    gen_rng_below(r, v[CA_LINE] / 4) * 4;
		else
			a = gen_rng_below(r, pool) * v[CA_LINE] +
			    gen_rng_below(r, v[CA_LINE] / 4) * 4;
		strbuf_printf(out, "%s 0x%llx\n",
			      chance(r, 300) ? "write" : "read",
			      (unsigned long long)a);
		if (nrecent < 4)
			recent[nrecent++] = a;
		else
			recent[i % 4] = a;
	}
}

/* ---- gc ---- */

enum { GC_ALGO, GC_OBJECTS, GC_EDGES, GC_ROOTS };

static bool check_gc(const uint64_t *v, char *err, size_t errsz)
{
	if (v[GC_ROOTS] > v[GC_OBJECTS] || v[GC_EDGES] > 2 * v[GC_OBJECTS]) {
		snprintf(err, errsz, "--generate gc: with objects=%llu, roots takes 1..%llu and edges 0..%llu",
			 (unsigned long long)v[GC_OBJECTS],
			 (unsigned long long)v[GC_OBJECTS],
			 (unsigned long long)(2 * v[GC_OBJECTS]));
		return false;
	}
	return true;
}

static void write_gc(const struct gen_kind *k, const uint64_t *v,
		     struct gen_rng *r, struct strbuf *out)
{
	static const char *const fields[] = { "left", "right" };
	uint64_t n = v[GC_OBJECTS], i, e;
	bool field_used[12][2], root[12];
	const char *algo = gc_words[v[GC_ALGO]];

	(void)k;
	memset(field_used, 0, sizeof field_used);
	memset(root, 0, sizeof root);
	for (i = 0; i < v[GC_ROOTS];) {
		uint64_t o = gen_rng_below(r, n);
		if (!root[o]) {
			root[o] = true;
			i++;
		}
	}
	strbuf_printf(out, "title \"Garbage collection: %s\"\n", algo);
	strbuf_printf(out, "about \"%llu objects, their references (left and right fields) and %llu root%s are set up below; then the %s collector runs once. Which objects does it mark, which does it free%s?\"\n",
		      (unsigned long long)n, (unsigned long long)v[GC_ROOTS],
		      v[GC_ROOTS] == 1 ? "" : "s", algo,
		      v[GC_ALGO] ? ", and which does it move" : "");
	strbuf_printf(out, "gc %s heap=1K\n", algo);
	for (i = 0; i < n; i++)
		strbuf_printf(out, "new %c 16 fields=2\n", (char)('A' + i));
	for (e = 0; e < v[GC_EDGES];) {
		uint64_t from = gen_rng_below(r, n), f = gen_rng_below(r, 2);
		uint64_t to = gen_rng_below(r, n);
		if (field_used[from][f])
			continue;
		field_used[from][f] = true;
		strbuf_printf(out, "set %c.%s = %c\n", (char)('A' + from),
			      fields[f], (char)('A' + to));
		e++;
	}
	strbuf_puts(out, "note \"Every new object starts as a root (its name refers to it); unroot drops that reference. What the roots reach, directly or through fields, survives.\"\n");
	for (i = 0; i < n; i++)
		if (!root[i])
			strbuf_printf(out, "unroot %c\n", (char)('A' + i));
	strbuf_puts(out, "gc\n");
}

/* ---- the table of kinds ---- */

static const struct gen_kind kinds[] = {
	{ "paging",
	  { { "policy", KEY_CHOICE, 0, 0, 0, paging_policies },
	    { "frames", KEY_INT, 1, 8, 3, NULL },
	    { "length", KEY_INT, 4, 40, 12, NULL },
	    { "pages", KEY_INT, 2, 16, 6, NULL },
	    { "writes", KEY_FRACTION, 0, 1000, 0, NULL },
	    { NULL, 0, 0, 0, 0, NULL } },
	  write_paging, NULL },
	{ "translate",
	  { { "levels", KEY_INT, 1, 2, 1, NULL },
	    { "address-bits", KEY_INT, 8, 16, 14, NULL },
	    { "page-size", KEY_POW2, 16, 4096, 1024, NULL },
	    { "valid", KEY_FRACTION, 0, 1000, 500, NULL },
	    { "accesses", KEY_INT, 1, 40, 10, NULL },
	    { NULL, 0, 0, 0, 0, NULL } },
	  write_translate, check_translate },
	{ "malloc",
	  { { "policy", KEY_CHOICE, 0, 0, 0, fit_policies },
	    { "size", KEY_INT, 128, 65536, 1024, NULL },
	    { "ops", KEY_INT, 4, 40, 12, NULL },
	    { NULL, 0, 0, 0, 0, NULL } },
	  write_malloc, NULL },
	{ "buddy",
	  { { "size", KEY_POW2, 256, 65536, 1024, NULL },
	    { "min", KEY_POW2, 16, 8192, 32, NULL },
	    { "ops", KEY_INT, 4, 40, 12, NULL },
	    { NULL, 0, 0, 0, 0, NULL } },
	  write_buddy, check_buddy },
	{ "cache",
	  { { "size", KEY_POW2, 64, 65536, 256, NULL },
	    { "line", KEY_POW2, 4, 256, 16, NULL },
	    { "ways", KEY_POW2, 1, 16, 2, NULL },
	    { "write", KEY_CHOICE, 0, 0, 0, write_words },
	    { "alloc", KEY_CHOICE, 0, 0, 0, alloc_words },
	    { "replace", KEY_CHOICE, 0, 0, 0, replace_words },
	    { "accesses", KEY_INT, 4, 40, 12, NULL },
	    { NULL, 0, 0, 0, 0, NULL } },
	  write_cache, check_cache },
	{ "gc",
	  { { "algorithm", KEY_CHOICE, 0, 0, 0, gc_words },
	    { "objects", KEY_INT, 3, 12, 6, NULL },
	    { "edges", KEY_INT, 0, 24, 6, NULL },
	    { "roots", KEY_INT, 1, 12, 2, NULL },
	    { NULL, 0, 0, 0, 0, NULL } },
	  write_gc, check_gc },
};

#define NKINDS (sizeof kinds / sizeof kinds[0])

bool generate(const char *kind, uint64_t seed, const char *const *args,
	      size_t nargs, struct strbuf *out, char *err, size_t errsz)
{
	const struct gen_kind *k = NULL;
	uint64_t v[MAX_KEYS];
	struct gen_rng r;
	size_t i;
	char d[40];

	for (i = 0; i < NKINDS; i++)
		if (strcmp(kinds[i].name, kind) == 0)
			k = &kinds[i];
	if (k == NULL) {
		snprintf(err, errsz, "--generate: unknown kind `%.40s`: the kinds are paging, translate, malloc, buddy, cache and gc",
			 kind);
		return false;
	}
	for (i = 0; k->keys[i].key; i++)
		v[i] = k->keys[i].def;
	for (i = 0; i < nargs; i++)
		if (!parse_key_value(k, args[i], v, err, errsz))
			return false;
	if (k->check && !k->check(v, err, errsz))
		return false;
	gen_rng_seed(&r, seed);
	strbuf_printf(out, "# Generated by: memviz --generate %s --seed %llu",
		      k->name, (unsigned long long)seed);
	for (i = 0; k->keys[i].key; i++) {
		const struct gen_key *key = &k->keys[i];
		if (key->type == KEY_CHOICE)
			snprintf(d, sizeof d, "%s", key->choices[v[i]]);
		else if (key->type == KEY_FRACTION)
			fraction_text(v[i], d, sizeof d);
		else
			snprintf(d, sizeof d, "%llu", (unsigned long long)v[i]);
		strbuf_printf(out, " %s=%s", key->key, d);
	}
	strbuf_puts(out, "\n# The answer key: memviz --table FILE (or --batch FILE).\n");
	k->write(k, v, &r, out);
	return true;
}

void generate_help(struct strbuf *out)
{
	char range[160], def[40];
	size_t i, j;

	for (i = 0; i < NKINDS; i++) {
		strbuf_printf(out, "%s:", kinds[i].name);
		for (j = 0; kinds[i].keys[j].key; j++) {
			key_range(&kinds[i].keys[j], range, sizeof range);
			key_default(&kinds[i].keys[j], def, sizeof def);
			strbuf_printf(out, " %s=%s (%s)", kinds[i].keys[j].key,
				      range, def);
		}
		strbuf_putc(out, '\n');
	}
}
