/*
 * pane_cache.c: the cache hierarchy.  Per level: a header (geometry and
 * policies), the counters (hits, misses split into compulsory, capacity
 * and conflict, write-backs, hit ratio), and sets as rows of ways.  Each
 * way shows its tag, a dirty mark and its replacement rank (0 = the next
 * victim: LRU age, FIFO position or the PLRU tree's order).  Then AMAT,
 * total time and the latency ladder: the seed's L1 -> HDD table with this
 * scenario's share of the time at each rung.
 *
 * First, when the step went through the caches and there is a row for
 * it, what the access did level by level ("this access: read 0x8400: L1
 * miss (conflict), L2 hit: 5 ns").
 *
 * Condensed (the pane in the layout): per level only the set the last
 * access used and its two neighbours, and the ladder on one line.  Zoomed:
 * every set of every level, and the ladder with bars.
 *
 * The way the last access used is marked without colour too: `+` for a
 * hit (ROLE_CACHE_HIT, bold), `!` for a miss that filled it (ROLE_CACHE_MISS,
 * reverse); the set row starts with the pointer glyph.  Invalid ways show
 * as `-`.
 *
 * Rows are built first, then the window is drawn; by default it starts at
 * the first level, and scrolling back moves up.
 */
#include <stdio.h>
#include <string.h>

#include "core/cache.h"
#include "core/latency.h"
#include "core/machine.h"
#include "core/util.h"
#include "view/pane.h"
#include "view/view.h"

enum row_kind {
	ROW_NONE,     /* no cache configured */
	ROW_HEADER,   /* level geometry and policies */
	ROW_COUNTS,   /* its counters */
	ROW_EVICTED,  /* what the last access evicted here */
	ROW_FIELDS,   /* the address's bit fields: tag | set | offset */
	ROW_SET,      /* one set: its ways */
	ROW_SKIP,     /* sets left out */
	ROW_AMAT,     /* AMAT and total time */
	ROW_LADDER,   /* condensed ladder: one line */
	ROW_RUNG,     /* zoomed ladder: one rung */
	ROW_LEGEND,   /* what the marks mean */
	ROW_BLANK,    /* presentation: air between the levels */
	ROW_RESULT,   /* what this step's access did, level by level */
};

struct row {
	enum row_kind kind;
	uint32_t level;
	uint32_t set;  /* ROW_SET; ROW_SKIP: sets left out; ROW_RUNG: rung */
};

#define MAX_ROWS 4096

struct rows {
	struct row r[MAX_ROWS];
	int n;
};

static void add(struct rows *rs, enum row_kind k, uint32_t level,
		uint32_t set)
{
	if (rs->n < MAX_ROWS)
		rs->r[rs->n++] = (struct row){ k, level, set };
}

/* The last access's record at level i, or NULL. */
static const struct cache_touch *touch_at(const struct cache *c, uint32_t i)
{
	const struct cache_touch *t = NULL;
	uint32_t k;

	for (k = 0; k < c->last.ntouch; k++)
		if (c->last.touch[k].level == i)
			t = &c->last.touch[k];
	return t;
}

/*
 * The rows at a level of detail: 3 zoomed (every set, the ladder with
 * bars, the legend); 2 the accessed set with `radius` neighbours on
 * each side; 1 the
 * accessed set only; 0 one row per level: its name and that set.
 */
/* ROW_SET with the level's name in front (the most condensed form). */
#define LABEL 0x80000000u

/* The set of level i's latest access (this step's, else an earlier one). */
static uint32_t current_set(const struct cache *c, uint32_t i)
{
	const struct cache_touch *t = touch_at(c, i);
	const struct cache_level *l = &c->level[i];

	if (t)
		return t->set;
	return (uint32_t)(l->memo_line & (l->sets - 1));
}

static void build(const struct cache *c, int detail, uint32_t radius,
		  bool present, struct rows *rs)
{
	uint32_t i, s;

	rs->n = 0;
	if (c->nlevels == 0)
		add(rs, ROW_NONE, 0, 0);
	for (i = 0; i < c->nlevels; i++) {
		const struct cache_level *l = &c->level[i];
		uint32_t cur = current_set(c, i), lo = cur, hi = cur;
		const struct cache_touch *t = touch_at(c, i);

		if (present && i > 0 && detail > 0)
			add(rs, ROW_BLANK, 0, 0);
		if (detail == 0) {
			add(rs, ROW_SET, i, cur | LABEL);
			continue;
		}
		add(rs, ROW_HEADER, i, 0);
		if (detail >= 1)
			add(rs, ROW_COUNTS, i, 0);
		if (t && t->evicted && detail >= 2)
			add(rs, ROW_EVICTED, i, 0);
		if (detail == 3) {
			lo = 0;
			hi = l->sets - 1;
		} else if (detail == 2) {
			lo = cur > radius ? cur - radius : 0;
			hi = cur + radius < l->sets ? cur + radius : l->sets - 1;
		}
		if (lo > 0 && detail >= 2)
			add(rs, ROW_SKIP, i, lo);
		for (s = lo; s <= hi; s++)
			add(rs, ROW_SET, i, s);
		if (hi + 1 < l->sets && detail >= 2)
			add(rs, ROW_SKIP, i, l->sets - 1 - hi);
	}
	add(rs, ROW_AMAT, 0, 0);
	if (present) {
		/* Presentation: the ladder only when zoomed. */
	} else if (detail == 3) {
		struct latency_rung r[12];
		size_t n = latency_ladder(c, r, 12), k;
		for (k = 0; k < n; k++)
			add(rs, ROW_RUNG, 0, (uint32_t)k);
	} else {
		add(rs, ROW_LADDER, 0, 0);
	}
	if (c->nlevels && (detail == 3 || detail == 2))
		add(rs, ROW_LEGEND, 0, 0);
}

/* The short form of a size: 32K, 1M, 512. */
static const char *size_text(char *buf, size_t n, uint64_t v)
{
	util_format_size(buf, n, v);
	return buf;
}

static void draw_header(struct pane_ctx *pc, int y, const struct cache *c,
			uint32_t i)
{
	const struct cache_level *l = &c->level[i];
	struct canvas *cv = pc->canvas;
	char sz[16], ln[16], lat[24], ways[16], pol[16] = "", buf[160];
	int x;

	if (l->sets == 1)
		snprintf(ways, sizeof ways, "fully assoc.");
	else if (l->ways == 1)
		snprintf(ways, sizeof ways, "direct-mapped");
	else
		snprintf(ways, sizeof ways, "%u-way", l->ways);
	/* One way per set leaves the policy no choice: not shown. */
	if (l->ways > 1)
		snprintf(pol, sizeof pol, "%s, ",
			 cache_replace_words[l->replace]);
	x = canvas_text(cv, pc->inner, 0, y, STYLE(ROLE_TITLE, ATTR_BOLD),
			l->name);
	snprintf(buf, sizeof buf, "%s %s, %u set%s x %sB lines; %swrite-%s, %s; %s",
		 size_text(sz, sizeof sz, l->size_bytes), ways, l->sets,
		 l->sets == 1 ? "" : "s", size_text(ln, sizeof ln, l->line_bytes),
		 pol, cache_write_words[l->write],
		 l->alloc == CACHE_ALLOC_WRITE ? "allocate" : "no-allocate",
		 latency_format(l->latency_ns, lat, sizeof lat));
	/* Narrow: the geometry alone. */
	if (x + 1 + canvas_text_width(buf) > pc->inner.w)
		snprintf(buf, sizeof buf, "%s %s, %u sets x %sB", sz, ways,
			 l->sets, ln);
	canvas_text_fit(cv, pc->inner, x + 1, y, pc->inner.w - x - 1,
			STYLE(ROLE_NORMAL, 0), buf);
}

static void draw_counts(struct pane_ctx *pc, int y, const struct cache *c,
			uint32_t i)
{
	const struct cache_stats *st = &c->level[i].st;
	struct canvas *cv = pc->canvas;
	char hits[32], misses[32], three[96] = "", wb[32] = "", ratio[16] = "";
	int x = 2, w;

	snprintf(hits, sizeof hits, "hits %llu", (unsigned long long)st->hits);
	snprintf(misses, sizeof misses, "misses %llu",
		 (unsigned long long)st->misses);
	if (st->accesses)
		snprintf(ratio, sizeof ratio, "  %.0f%% hit",
			 100.0 * (double)st->hits / (double)st->accesses);
	/* Presentation: hits, misses and the ratio; the 3Cs when zoomed. */
	if (!pc->vs || !pc->vs->present || pc->vs->zoom == PANE_ID_CACHE) {
		/* The 3Cs in words, shorter words, else numbers: what fits. */
		static const char *const words[][3] = {
			{ "compulsory", "capacity", "conflict" },
			{ "comp", "cap", "confl" },
		};
		unsigned long long cm = st->compulsory, cp = st->capacity,
				   cf = st->conflict;
		size_t f;

		snprintf(wb, sizeof wb, "  wb %llu",
			 (unsigned long long)st->writebacks);
		for (f = 0; f < 3; f++) {
			if (f < 2)
				snprintf(three, sizeof three,
					 " = %llu %s + %llu %s + %llu %s", cm,
					 words[f][0], cp, words[f][1], cf,
					 words[f][2]);
			else
				snprintf(three, sizeof three, " (3C %llu/%llu/%llu)",
					 cm, cp, cf);
			w = x + (int)(strlen(hits) + 2 + strlen(misses) +
				      strlen(three) + strlen(wb) + strlen(ratio));
			if (w <= pc->inner.w)
				break;
		}
	}
	x = canvas_text(cv, pc->inner, x, y, STYLE(ROLE_CACHE_HIT, 0), hits);
	x = canvas_text(cv, pc->inner, x, y, STYLE(ROLE_NORMAL, 0), "  ");
	x = canvas_text(cv, pc->inner, x, y, STYLE(ROLE_CACHE_MISS, 0), misses);
	x = canvas_text(cv, pc->inner, x, y, STYLE(ROLE_NORMAL, 0), three);
	x = canvas_text(cv, pc->inner, x, y, STYLE(ROLE_DIM, 0), wb);
	canvas_text(cv, pc->inner, x, y, STYLE(ROLE_DIM, 0), ratio);
}

static void draw_evicted(struct pane_ctx *pc, int y, const struct cache *c,
			 uint32_t i)
{
	const struct cache_touch *t = touch_at(c, i);
	const struct cache_level *l = &c->level[i];
	uint32_t n = l->next;

	canvas_printf(pc->canvas, pc->inner, 2, y, STYLE(ROLE_CHANGED, 0),
		      "evicted tag 0x%llx from set %u way %u%s%s",
		      (unsigned long long)t->evicted_tag, t->set, t->way,
		      t->writeback ? ", dirty: written back to " : "",
		      t->writeback ? (n == CACHE_NONE ? "RAM" :
							c->level[n].name) :
				     "");
}

/* Append v's low `bits` bits in binary to buf (at *o). */
static void append_binary(char *buf, size_t n, size_t *o, uint64_t v,
			  uint32_t bits)
{
	while (bits-- > 0 && *o + 1 < n)
		buf[(*o)++] = (char)('0' + ((v >> bits) & 1));
	buf[*o] = '\0';
}

/*
 * The last access's address split for level i, as a small diagram:
 * "0x64 = 1|10|0100: tag 0x1 | set 2 | off 4" (the binary while the
 * address fits in 16 bits), or the fields alone when that does not fit.
 */
static void draw_fields(struct pane_ctx *pc, int y, const struct cache *c,
			uint32_t i)
{
	const struct cache_level *l = &c->level[i];
	uint64_t a = c->last.addr, tag = a >> (l->line_bits + l->set_bits);
	uint64_t set = (a >> l->line_bits) & ((1ull << l->set_bits) - 1);
	uint64_t off = a & (l->line_bytes - 1);
	uint32_t tag_bits = 0;
	char bin[64], fields[96], buf[200];
	size_t o = 0;
	int w = pc->inner.w - 2;

	while (tag >> tag_bits)
		tag_bits++;
	if (tag_bits == 0)
		tag_bits = 1;
	snprintf(fields, sizeof fields, "tag 0x%llx | set %llu | off %llu",
		 (unsigned long long)tag, (unsigned long long)set,
		 (unsigned long long)off);
	bin[0] = '\0';
	if (tag_bits + l->set_bits + l->line_bits <= 16) {
		append_binary(bin, sizeof bin, &o, tag, tag_bits);
		bin[o++] = '|';
		if (l->set_bits) {
			append_binary(bin, sizeof bin, &o, set, l->set_bits);
			bin[o++] = '|';
		}
		append_binary(bin, sizeof bin, &o, off, l->line_bits);
		snprintf(buf, sizeof buf, "0x%llx = %s: %s",
			 (unsigned long long)a, bin, fields);
	} else {
		snprintf(buf, sizeof buf, "0x%llx = %s", (unsigned long long)a,
			 fields);
	}
	if ((int)strlen(buf) > w)
		snprintf(buf, sizeof buf, "%s", fields);
	canvas_text_fit(pc->canvas, pc->inner, 2, y, w, STYLE(ROLE_CURRENT, 0),
			buf);
}

/* Hex digits of the largest valid tag in level i (at least 2, at most 8). */
static int tag_digits(const struct cache_level *l)
{
	size_t n = (size_t)l->sets * l->ways, k;
	uint64_t max = 0;
	int d = 2;

	for (k = 0; k < n; k++)
		if (l->w[k].valid && l->w[k].tag > max)
			max = l->w[k].tag;
	while (d < 8 && (max >> (4 * d)) != 0)
		d++;
	return d;
}

static void draw_set(struct pane_ctx *pc, int y, const struct cache *c,
		     uint32_t i, uint32_t set, int td)
{
	bool label = (set & LABEL) != 0;
	const struct cache_level *l = &c->level[i];
	const struct cache_touch *t = touch_at(c, i);
	struct canvas *cv = pc->canvas;
	bool here;
	bool rank = l->ways <= 36;
	int cellw = 1 + td + 1 + (rank ? 1 : 0) + 1;
	int x, room, shown;
	uint32_t k;
	char buf[32];

	set &= ~LABEL;
	here = t && t->set == set;
	if (here)
		canvas_put_glyph(cv, pc->inner, 0, y, GLYPH_POINTER,
				 STYLE(ROLE_CHANGED, ATTR_BOLD));
	if (label) {
		x = canvas_text(cv, pc->inner, 1, y,
				STYLE(ROLE_TITLE, ATTR_BOLD), l->name);
		x = canvas_printf(cv, pc->inner, x, y,
				  STYLE(here ? ROLE_CHANGED : ROLE_DIM, 0),
				  " set %u ", set);
	} else {
		x = canvas_printf(cv, pc->inner, 1, y,
				  STYLE(here ? ROLE_CHANGED : ROLE_DIM, 0),
				  "%5u ", set);
	}
	room = pc->inner.w - x;
	shown = room / cellw;
	if (shown < 1)
		shown = 1;
	if ((uint32_t)shown < l->ways && room - shown * cellw < 4)
		shown--;
	for (k = 0; k < l->ways && (int)k < shown; k++) {
		const struct cache_way *w = &l->w[(size_t)set * l->ways + k];
		bool used = here && t->way == k;
		struct style st = STYLE(ROLE_NORMAL, 0);
		char mark = ' ';
		uint64_t tag = w->tag;

		if (used && t->hit) {
			st = STYLE(ROLE_CACHE_HIT, ATTR_BOLD);
			mark = '+';
		} else if (used) {
			st = STYLE(ROLE_CACHE_MISS, ATTR_REVERSE);
			mark = '!';
		}
		if (!w->valid) {
			snprintf(buf, sizeof buf, "%c%*s ", mark, td, "-");
		} else {
			if (td < 16 && (tag >> (4 * td)) != 0)
				tag &= (1ull << (4 * td)) - 1;
			snprintf(buf, sizeof buf, "%c%0*llx%c", mark, td,
				 (unsigned long long)tag, w->dirty ? '*' : ' ');
		}
		if (rank) {
			uint32_t r = cache_way_rank(l, set, k);
			size_t n = strlen(buf);
			if (w->valid && n + 1 < sizeof buf) {
				buf[n] = (char)(r < 10 ? '0' + r : 'a' + r - 10);
				buf[n + 1] = '\0';
			} else if (n + 1 < sizeof buf) {
				buf[n] = ' ';
				buf[n + 1] = '\0';
			}
		}
		if (!w->valid && !used)
			st = STYLE(ROLE_DIM, 0);
		canvas_text(cv, pc->inner, x, y, st, buf);
		x += cellw;
	}
	/* Ways that did not fit ("+" alone would read as a hit). */
	if (k < l->ways)
		canvas_printf(cv, pc->inner, x, y, STYLE(ROLE_DIM, 0),
			      pc->inner.w - x >= 7 ? "%u more" : "+%u",
			      l->ways - k);
}

/* Did the current step (or micro-step) go through the caches? */
static bool step_accessed(const struct pane_ctx *pc)
{
	size_t i;

	for (i = 0; i < pc->nevents; i++)
		if (pc->events[i].target == TGT_CACHE_LINE)
			return true;
	return false;
}

/*
 * The access of this step, down the hierarchy: "read 0x8c00: L1 miss
 * (conflict), L2 hit: 5 ns"; for a step of many accesses (a trace), the
 * hits and misses of each level.
 */
static void draw_result(struct pane_ctx *pc, int y, const struct cache *c)
{
	static const char *const kinds[] = { "", "compulsory", "capacity",
					     "conflict" };
	const struct cache_last *l = &c->last;
	char buf[256], cost[32];
	size_t o = 0;
	uint32_t i;
	int pass;

	latency_format(l->cost_ns, cost, sizeof cost);
	/* Pass 0 names the kind of each miss; pass 1, if that is too wide,
	 * leaves them out. */
	for (pass = 0; pass < 2; pass++) {
		o = 0;
		if (l->refs > 1) {
			o += (size_t)snprintf(buf, sizeof buf,
					      "this step: %u accesses;",
					      l->refs);
			for (i = 0; i < c->nlevels && o < sizeof buf; i++)
				o += (size_t)snprintf(
					buf + o, sizeof buf - o,
					" %s %llu/%llu hit;", c->level[i].name,
					(unsigned long long)l->hits[i],
					(unsigned long long)(l->hits[i] +
							     l->misses[i]));
		} else {
			o += (size_t)snprintf(
				buf, sizeof buf, "this access: %s %s0x%llx:",
				l->kind == CACHE_WRITE	 ? "write"
				: l->kind == CACHE_FETCH ? "fetch"
							 : "read",
				l->translated ? "PA " : "",
				(unsigned long long)l->addr);
			for (i = 0; i < l->ntouch && o < sizeof buf; i++) {
				const struct cache_touch *t = &l->touch[i];
				bool kind = pass == 0 && !t->hit &&
					    t->miss_kind;
				o += (size_t)snprintf(
					buf + o, sizeof buf - o, "%s %s %s%s%s%s",
					i ? "," : "", c->level[t->level].name,
					t->hit ? "hit" : "miss",
					kind ? " (" : "",
					kind ? kinds[t->miss_kind % 4] : "",
					kind ? ")" : "");
			}
			if (l->ram && o < sizeof buf)
				o += (size_t)snprintf(buf + o, sizeof buf - o,
						      ", RAM");
		}
		if (o < sizeof buf)
			snprintf(buf + o, sizeof buf - o, "%s %s",
				 l->refs > 1 ? "" : ":", cost);
		if (canvas_text_width(buf) <= pc->inner.w)
			break;
	}
	canvas_text_fit(pc->canvas, pc->inner, 0, y, pc->inner.w,
			STYLE(ROLE_CURRENT, ATTR_BOLD), buf);
}

static void draw_amat(struct pane_ctx *pc, int y, const struct cache *c)
{
	char total[32], last[32], buf[128];

	latency_format(c->t.total_ns, total, sizeof total);
	latency_format(c->last.cost_ns, last, sizeof last);
	snprintf(buf, sizeof buf,
		 "AMAT %.2f ns over %llu accesses; total %s; last step %s",
		 latency_amat_ns(c), (unsigned long long)c->t.accesses, total,
		 last);
	if (canvas_text_width(buf) > pc->inner.w)
		snprintf(buf, sizeof buf, "AMAT %.2f ns, total %s",
			 latency_amat_ns(c), total);
	canvas_text_fit(pc->canvas, pc->inner, 0, y, pc->inner.w,
			STYLE(ROLE_NORMAL, ATTR_BOLD), buf);
}

static void draw_ladder_line(struct pane_ctx *pc, int y, const struct cache *c)
{
	struct latency_rung r[12];
	size_t n = latency_ladder(c, r, 12), k;
	int x = 0;
	char lat[24];

	for (k = 0; k < n && x < pc->inner.w; k++) {
		double share = c->t.total_ns ? 100.0 * (double)r[k].time_ns /
						       (double)c->t.total_ns :
					       0.0;
		struct style st = STYLE(r[k].present ? ROLE_NORMAL : ROLE_DIM, 0);
		char *sp, rung[64];
		latency_format(r[k].latency_ns, lat, sizeof lat);
		sp = strchr(lat, ' ');
		if (sp) /* "80 ns" -> "80ns": the line must fit 80 columns */
			memmove(sp, sp + 1, strlen(sp));
		if (r[k].present)
			snprintf(rung, sizeof rung, "%s%s %s %.0f%%",
				 k ? "  " : "", r[k].name, lat, share);
		else
			snprintf(rung, sizeof rung, "%s%s %s -", k ? "  " : "",
				 r[k].name, lat);
		/* Whole rungs only: a cut "RAM 8" would read as 8 ns. */
		if (x + canvas_text_width(rung) > pc->inner.w) {
			canvas_put_glyph(pc->canvas, pc->inner,
					 x < pc->inner.w ? x : pc->inner.w - 1,
					 y, GLYPH_ELLIPSIS, STYLE(ROLE_DIM, 0));
			break;
		}
		x = canvas_text(pc->canvas, pc->inner, x, y, st, rung);
	}
}

static void draw_rung(struct pane_ctx *pc, int y, const struct cache *c,
		      uint32_t k)
{
	struct latency_rung r[12];
	size_t n = latency_ladder(c, r, 12);
	double share;
	char lat[24], tm[24];
	int bar_w, fill, x, b;

	if (k >= n)
		return;
	share = c->t.total_ns ? (double)r[k].time_ns / (double)c->t.total_ns :
				0.0;
	x = canvas_printf(pc->canvas, pc->inner, 2, y,
			  STYLE(r[k].present ? ROLE_TITLE : ROLE_DIM, 0),
			  "%-5s %9s  ", r[k].name,
			  latency_format(r[k].latency_ns, lat, sizeof lat));
	bar_w = pc->inner.w - x - 24;
	if (bar_w > 40)
		bar_w = 40;
	if (bar_w < 4)
		bar_w = 0;
	fill = (int)(share * bar_w + 0.5);
	if (r[k].time_ns && fill == 0 && bar_w)
		fill = 1;
	for (b = 0; b < bar_w; b++)
		canvas_set(pc->canvas, pc->inner.x + x + b, pc->inner.y + y,
			   b < fill ? '#' : '.',
			   STYLE(b < fill ? ROLE_CACHE_MISS : ROLE_DIM, 0));
	canvas_printf(pc->canvas, pc->inner, x + bar_w + 1, y,
		      STYLE(ROLE_NORMAL, 0), "%5.1f%%  %s", 100.0 * share,
		      latency_format(r[k].time_ns, tm, sizeof tm));
}

void pane_cache_draw(struct pane_ctx *pc)
{
	static struct rows rs; /* large: not on the stack */
	const struct cache *c = &pc->machine->cache;
	bool zoomed = pc->vs && pc->vs->zoom == PANE_ID_CACHE;
	bool present = pc->vs && pc->vs->present;
	int rows = pc->inner.h, first = 0, auto_first = 0, y, k;
	int td[CACHE_MAX_LEVELS] = { 0 };
	uint32_t i;

	if (rows <= 0 || pc->inner.w <= 0)
		return;
	if (zoomed) {
		build(c, 3, 0, false, &rs);
	} else {
		/*
		 * As much as fits: everything, else fewer neighbours...
		 * Presentation mode leaves out the ladder and puts a blank
		 * row between the levels, while there is room for one.
		 */
		uint32_t radius = 16;
		int detail = 3;
		build(c, detail, 0, present, &rs);
		while (rs.n > rows && detail > 0) {
			if (detail == 3)
				detail = 2;
			else if (detail == 2 && radius > 1)
				radius--;
			else
				detail--;
			build(c, detail, radius, present, &rs);
		}
		if (rs.n > rows && present)
			build(c, detail, radius, false, &rs);
		/* A spare row explains the marks (detail 3 has its own). */
		if (detail < 2 && rs.n < rows)
			add(&rs, ROW_LEGEND, 0, 0);
	}
	/* What this step's access did comes first, when there is a row. */
	if (c->nlevels && step_accessed(pc) && (zoomed || rs.n < rows)) {
		memmove(&rs.r[1], &rs.r[0],
			(size_t)(rs.n < MAX_ROWS ? rs.n : MAX_ROWS - 1) *
				sizeof rs.r[0]);
		rs.r[0] = (struct row){ ROW_RESULT, 0, 0 };
		if (rs.n < MAX_ROWS)
			rs.n++;
	}
	/*
	 * Then, while rows are spare, each level's split of the address
	 * (under its counters), for a step of one access (a batch has many).
	 */
	for (i = 0; i < c->nlevels && c->last.refs == 1 && step_accessed(pc);
	     i++) {
		int at;
		if (touch_at(c, i) == NULL)
			continue;
		/* The split says more than the legend of the marks. */
		if (!zoomed && rs.n >= rows && rs.n > 0 &&
		    rs.r[rs.n - 1].kind == ROW_LEGEND)
			rs.n--;
		if (!zoomed && rs.n >= rows)
			continue;
		for (at = 0; at < rs.n; at++)
			if (rs.r[at].kind == ROW_COUNTS && rs.r[at].level == i)
				break;
		if (at == rs.n || rs.n >= MAX_ROWS)
			continue;
		memmove(&rs.r[at + 2], &rs.r[at + 1],
			(size_t)(rs.n - at - 1) * sizeof rs.r[0]);
		rs.r[at + 1] = (struct row){ ROW_FIELDS, i, 0 };
		rs.n++;
	}
	for (i = 0; i < c->nlevels; i++)
		td[i] = tag_digits(&c->level[i]);
	/* Zoomed: start where the last access's first set row is. */
	if (zoomed && rs.n > rows) {
		const struct cache_touch *t = c->last.ntouch ? &c->last.touch[0] :
							       NULL;
		for (k = 0; k < rs.n && t; k++) {
			if (rs.r[k].kind == ROW_SET && rs.r[k].level == t->level &&
			    rs.r[k].set == t->set) {
				auto_first = k - rows / 2;
				break;
			}
		}
	}
	first = pane_anchored_first(pc, rs.n, rows, auto_first);
	for (y = 0, k = first; y < rows && k < rs.n; y++, k++) {
		const struct row *r = &rs.r[k];
		switch (r->kind) {
		case ROW_BLANK:
			break;
		case ROW_RESULT:
			draw_result(pc, y, c);
			break;
		case ROW_NONE:
			canvas_text(pc->canvas, pc->inner, 0, y,
				    STYLE(ROLE_DIM, 0),
				    "no cache configured: every access goes to RAM");
			break;
		case ROW_HEADER:
			draw_header(pc, y, c, r->level);
			break;
		case ROW_COUNTS:
			draw_counts(pc, y, c, r->level);
			break;
		case ROW_FIELDS:
			draw_fields(pc, y, c, r->level);
			break;
		case ROW_EVICTED:
			draw_evicted(pc, y, c, r->level);
			break;
		case ROW_SET:
			draw_set(pc, y, c, r->level, r->set, td[r->level]);
			break;
		case ROW_SKIP:
			canvas_printf(pc->canvas, pc->inner, 1, y,
				      STYLE(ROLE_DIM, 0), "%5s (%u more set%s)",
				      "...", r->set, r->set == 1 ? "" : "s");
			break;
		case ROW_AMAT:
			draw_amat(pc, y, c);
			break;
		case ROW_LADDER:
			draw_ladder_line(pc, y, c);
			break;
		case ROW_RUNG:
			draw_rung(pc, y, c, r->set);
			break;
		case ROW_LEGEND:
			canvas_text_fit(pc->canvas, pc->inner, 0, y,
					pc->inner.w, STYLE(ROLE_DIM, 0),
					pc->inner.w >= 78 ?
					"ways: TAG, * dirty, rank (0 = next victim); + hit, ! miss (filled), - empty" :
					pc->inner.w >= 44 ?
					"TAG *dirty rank(0=victim) +hit !miss -empty" :
					"+hit !miss *dirty 0=victim");
			break;
		}
	}
}
