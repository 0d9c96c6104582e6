/*
 * replace.c: the page-replacement policies' table (replace.h): FIFO, LRU,
 * CLOCK, enhanced CLOCK, OPT and random, each its victim search and the
 * sentence saying why it chose.  The frame map (frames.c) keeps the state
 * they read: the load/recency list, the hand, the R and M bits, OPT's
 * heap of next uses.
 */
#include "core/replace.h"

#include <stddef.h>
#include <stdio.h>

/* FIFO and LRU: the head of the list (load order, or recency order). */
static bool head_step(struct frames *fr, uint64_t rnd,
		      struct frames_probe *p)
{
	(void)rnd;
	p->frame = fr->head;
	return true;
}

static bool opt_step(struct frames *fr, uint64_t rnd, struct frames_probe *p)
{
	(void)rnd;
	p->frame = fr->heap[0];
	return true;
}

static bool random_step(struct frames *fr, uint64_t rnd,
			struct frames_probe *p)
{
	p->frame = (uint32_t)(rnd % fr->count);
	return true;
}

static bool clock_step(struct frames *fr, uint64_t rnd,
		       struct frames_probe *p)
{
	(void)rnd;
	p->frame = fr->hand;
	if (!fr->f[fr->hand].referenced)
		return true;
	fr->f[fr->hand].referenced = false;
	p->kind = PROBE_CLEAR_R;
	fr->hand = (fr->hand + 1) % fr->count;
	return false;
}

/* One probe of the enhanced clock: passes 1 and 3 look for (0,0), 2 and 4
 * for (0,1) clearing R on the way. */
static bool eclock_step(struct frames *fr, uint64_t rnd,
			struct frames_probe *p)
{
	struct frame *f = &fr->f[fr->hand];
	bool want_dirty = fr->ec_pass % 2 == 0;

	(void)rnd;
	p->frame = fr->hand;
	p->pass = fr->ec_pass;
	if (!f->referenced && f->dirty == want_dirty) {
		p->kind = PROBE_VICTIM;
		return true;
	}
	if (want_dirty && f->referenced) {
		f->referenced = false;
		p->kind = PROBE_CLEAR_R;
	} else {
		p->kind = PROBE_SKIP;
	}
	fr->hand = (fr->hand + 1) % fr->count;
	if (++fr->ec_seen == fr->count) {
		fr->ec_seen = 0;
		fr->ec_pass = fr->ec_pass == 4 ? 1 : fr->ec_pass + 1;
	}
	return false;
}

static void fifo_reason(const struct frames *fr, uint32_t f,
			const struct frames_probe *p, char *buf, size_t n)
{
	(void)fr, (void)f, (void)p;
	snprintf(buf, n, "FIFO: it was loaded earliest of the resident pages");
}

static void lru_reason(const struct frames *fr, uint32_t f,
		       const struct frames_probe *p, char *buf, size_t n)
{
	(void)fr, (void)f, (void)p;
	snprintf(buf, n, "LRU: it is the least recently used");
}

static void opt_reason(const struct frames *fr, uint32_t f,
		       const struct frames_probe *p, char *buf, size_t n)
{
	(void)p;
	if (fr->f[f].next_use == FRAME_NEVER)
		snprintf(buf, n, "OPT: it is never used again%s",
			 fr->nheap > 1 &&
					 fr->f[fr->heap[1]].next_use == FRAME_NEVER ?
				 " (of those, it was loaded earliest)" :
				 "");
	else
		snprintf(buf, n, "OPT: its next use, at step %u, is the farthest in the future",
			 fr->f[f].next_use + 1);
}

static void random_reason(const struct frames *fr, uint32_t f,
			  const struct frames_probe *p, char *buf, size_t n)
{
	(void)fr, (void)p;
	snprintf(buf, n, "random: frame %u was drawn", f);
}

static void clock_reason(const struct frames *fr, uint32_t f,
			 const struct frames_probe *p, char *buf, size_t n)
{
	(void)fr, (void)p;
	snprintf(buf, n, "clock: the hand found R=0 at frame %u", f);
}

static void eclock_reason(const struct frames *fr, uint32_t f,
			  const struct frames_probe *p, char *buf, size_t n)
{
	bool dirty = fr->f[f].dirty;

	snprintf(buf, n, "enhanced clock, pass %d: frame %u is of class (R=0, M=%d)%s",
		 p->pass, f, dirty,
		 dirty ? ", modified, but no clean page was left unreferenced" :
			 ", not referenced and clean: the cheapest to evict");
}

const char *const replace_policy_names[] = {
	[REPLACE_FIFO] = "fifo",     [REPLACE_LRU] = "lru",
	[REPLACE_CLOCK] = "clock",   [REPLACE_ECLOCK] = "eclock",
	[REPLACE_OPT] = "opt",       [REPLACE_RANDOM] = "random",
	[REPLACE_COUNT] = NULL,
};

static const struct replace_ops policies[REPLACE_COUNT] = {
	[REPLACE_FIFO] = { .display = "FIFO",
			   .on_hit = " FIFO order does not change on a hit.",
			   .order = true, .victim_step = head_step,
			   .reason = fifo_reason },
	[REPLACE_LRU] = { .display = "LRU",
			  .on_hit = " It becomes the most recently used.",
			  .order = true, .reorder = true,
			  .victim_step = head_step, .reason = lru_reason },
	[REPLACE_CLOCK] = { .display = "CLOCK",
			    .on_hit = " Its R bit is set.", .hand = true,
			    .victim_step = clock_step,
			    .reason = clock_reason },
	[REPLACE_ECLOCK] = { .display = "ECLOCK",
			     .on_hit = " Its R bit is set.", .hand = true,
			     .victim_step = eclock_step,
			     .reason = eclock_reason },
	[REPLACE_OPT] = { .display = "OPT", .on_hit = "",
			  .future = true, .victim_step = opt_step,
			  .reason = opt_reason },
	[REPLACE_RANDOM] = { .display = "RANDOM",
			     .on_hit = "", .random = true,
			     .victim_step = random_step,
			     .reason = random_reason },
};

const struct replace_ops *replace_ops(int policy)
{
	return &policies[policy];
}
