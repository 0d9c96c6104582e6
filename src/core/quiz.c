/*
 * quiz.c: the predictable outcomes of a step, and grading answers.
 *
 * Every question is read off the machine before and after the step and
 * the step's events' flags and targets, never off event kind names:
 *   - a VM access is a step that added exactly one reference to the VM's
 *     counters; vm.last then describes it (a step of many references, a
 *     trace batch, asks nothing);
 *   - a cache lookup is a step that added exactly one access to its first
 *     level; cache.last's touch of that level describes it;
 *   - an allocation is a step after which heap.last holds an address it
 *     did not hold before (or that counted a malloc);
 *   - a collection step is one the collector counted as doing work
 *     (gc.gc_steps grew); the objects it freed are those live before and
 *     not after.
 * "Full" (which makes a victim question) is judged on the state before
 * the step: no free frame, every way of the TLB set or cache set valid.
 * The victim itself is what the step left: the page vm.last evicted, the
 * entry the TLB refill overwrote (none when the step's own eviction had
 * emptied it first), the tag the cache touch evicted.
 */
#include "core/quiz.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/directive.h"
#include "core/engine.h"
#include "core/scenario.h"
#include "core/util.h"

const char *const quiz_kind_names[] = {
	"hit", "victim", "address", "paddr", "set", "freed", "ask", NULL,
};

bool quiz_kinds_parse(const char *list, uint32_t *bits, char *err,
		      size_t errsz)
{
	const char *s = list;
	uint32_t b = 0;

	while (*s) {
		size_t len = strcspn(s, ", ");
		int i, found = -1;

		for (i = 0; i < QUIZ_ASK && len; i++)
			if (strlen(quiz_kind_names[i]) == len &&
			    memcmp(quiz_kind_names[i], s, len) == 0)
				found = i;
		if (len && found < 0) {
			snprintf(err, errsz,
				 "--quiz: unknown kind '%.*s' (choices: hit, "
				 "victim, address, paddr, set, freed)",
				 (int)(len > 32 ? 32 : len), s);
			return false;
		}
		if (found >= 0)
			b |= 1u << found;
		s += len;
		s += strspn(s, ", ");
	}
	if (b == 0) {
		snprintf(err, errsz, "--quiz= needs kinds such as hit,victim");
		return false;
	}
	*bits = b;
	return true;
}

/* ---- deriving a step's questions ---- */

struct derive {
	const struct program *p;
	size_t k;
	const struct machine *b, *a;
	const struct event *ev;
	size_t nev;
	struct quiz_question *out;
	size_t n, max;
};

/* The text of the first event with one of `flags` or on `target`, or "". */
static const char *event_text(const struct derive *d, uint32_t flags,
			      enum event_target target)
{
	size_t i;

	for (i = 0; i < d->nev; i++)
		if ((d->ev[i].flags & flags) ||
		    (target != TGT_NONE && d->ev[i].target == target))
			return d->ev[i].text;
	return "";
}

/* The text of the last event on `target`, or "". */
static const char *last_event_text(const struct derive *d,
				   enum event_target target)
{
	size_t i;

	for (i = d->nev; i-- > 0;)
		if (d->ev[i].target == target)
			return d->ev[i].text;
	return "";
}

static struct quiz_question *add(struct derive *d, enum quiz_kind kind,
				 enum quiz_form form, const char *why)
{
	struct quiz_question *q;

	if (d->n >= d->max)
		return NULL;
	q = &d->out[d->n++];
	memset(q, 0, sizeof *q);
	q->step = d->k;
	q->kind = kind;
	q->form = form;
	snprintf(q->why, sizeof q->why, "%s", why);
	return q;
}

static const char *access_verb(int kind)
{
	switch (kind) {
	case VM_WRITE:
		return "Write";
	case VM_FETCH:
		return "Fetch";
	default:
		return "Read";
	}
}

/* A page number as the narration writes it: refs decimal, else hex. */
static void page_text(char *out, size_t n, bool ref, uint64_t vpn)
{
	snprintf(out, n, ref ? "%llu" : "0x%llx", (unsigned long long)vpn);
}

/* True when the TLB set `vpn` maps to has no invalid entry. */
static bool tlb_set_full(const struct tlb *t, uint64_t vpn)
{
	uint32_t first, i;

	if (t->entries == 0)
		return false;
	first = tlb_set_of(t, vpn);
	for (i = 0; i < t->ways; i++)
		if (!t->e[first + i].valid)
			return false;
	return true;
}

/* The VM questions: page hit, TLB hit, victims (page, TLB). */
static bool vm_accessed(const struct derive *d)
{
	return d->a->vm.st.references == d->b->vm.st.references + 1;
}

static void vm_hits(struct derive *d)
{
	const struct vm_last *l = &d->a->vm.last;
	struct quiz_question *q;
	char page[32];

	page_text(page, sizeof page, l->kind == VM_REF, l->vpn);
	if (l->kind == VM_REF) {
		q = add(d, QUIZ_HIT, QF_HIT_MISS,
			event_text(d, EVF_FAULT, TGT_NONE));
		if (q == NULL)
			return;
		if (q->why[0] == '\0' && d->nev)
			snprintf(q->why, sizeof q->why, "%s", d->ev[0].text);
		snprintf(q->question, sizeof q->question,
			 "Reference to page %s: hit or miss?", page);
		snprintf(q->expected, sizeof q->expected, "%s",
			 l->hit ? "hit" : "miss");
		return;
	}
	if (l->tlb == VM_TLB_NONE)
		return;
	q = add(d, QUIZ_HIT, QF_HIT_MISS,
		event_text(d, EVF_TLB_MISS, TGT_TLB));
	if (q == NULL)
		return;
	snprintf(q->question, sizeof q->question,
		 "%s 0x%llx (page %s): TLB hit or miss?", access_verb(l->kind),
		 (unsigned long long)l->vaddr, page);
	snprintf(q->expected, sizeof q->expected, "%s",
		 l->tlb == VM_TLB_HIT ? "hit" : "miss");
}

static void vm_victims(struct derive *d)
{
	const struct vm_last *l = &d->a->vm.last;
	const struct tlb *bt = &d->b->vm.tlb;
	bool ref = l->kind == VM_REF;
	struct quiz_question *q;
	char page[32], victim[32];

	page_text(page, sizeof page, ref, l->vpn);
	if (l->fault && frames_lowest_free(&d->b->vm.fr) == FRAME_NONE) {
		q = add(d, QUIZ_VICTIM, QF_VICTIM,
			event_text(d, EVF_EVICT, TGT_NONE));
		if (q == NULL)
			return;
		snprintf(q->question, sizeof q->question,
			 "Page %s faults and no frame is free: which page is "
			 "evicted?", page);
		if (l->evicted)
			page_text(victim, sizeof victim, ref, l->evicted_vpn);
		else
			snprintf(victim, sizeof victim, "none");
		snprintf(q->expected, sizeof q->expected, "%s", victim);
	}
	if (l->tlb == VM_TLB_MISS && tlb_set_full(bt, l->vpn)) {
		uint32_t i = l->tlb_entry;
		const struct tlb_entry *old =
			i < bt->entries ? &bt->e[i] : NULL;
		bool gone = old && l->evicted && old->vpn == l->evicted_vpn &&
			    l->evicted_proc < d->b->vm.nprocs &&
			    old->asid == d->b->vm.procs[l->evicted_proc].asid;

		q = add(d, QUIZ_VICTIM, QF_VICTIM,
			last_event_text(d, TGT_TLB));
		if (q == NULL)
			return;
		snprintf(q->question, sizeof q->question,
			 "TLB miss for page %s and its set is full: whose "
			 "entry is replaced?", page);
		if (old && old->valid && !gone)
			page_text(q->expected, sizeof q->expected, false,
				  old->vpn);
		else
			snprintf(q->expected, sizeof q->expected, "none");
	}
}

static void vm_paddr(struct derive *d)
{
	const struct vm_last *l = &d->a->vm.last;
	struct quiz_question *q;

	if (l->kind == VM_REF || !(l->has_paddr || l->segfault))
		return;
	q = add(d, QUIZ_PADDR, QF_PADDR, "");
	if (q == NULL)
		return;
	snprintf(q->question, sizeof q->question,
		 "%s 0x%llx in %s: which physical address?",
		 access_verb(l->kind), (unsigned long long)l->vaddr,
		 vm_process_name(&d->a->vm, l->proc));
	if (l->has_paddr) {
		snprintf(q->expected, sizeof q->expected, "0x%llx",
			 (unsigned long long)l->paddr);
		snprintf(q->why, sizeof q->why,
			 "Page 0x%llx is in frame %u: %u x %llu + offset 0x%llx "
			 "= 0x%llx.", (unsigned long long)l->vpn, l->frame,
			 l->frame, (unsigned long long)d->a->vm.g.page_size,
			 (unsigned long long)(l->vaddr % d->a->vm.g.page_size),
			 (unsigned long long)l->paddr);
	} else {
		snprintf(q->expected, sizeof q->expected, "invalid");
		snprintf(q->why, sizeof q->why, "%s",
			 event_text(d, EVF_ERROR, TGT_NONE));
	}
}

/* The cache level an access of this kind enters at, or CACHE_NONE. */
static uint32_t entry_level(const struct cache *c)
{
	return c->last.kind == CACHE_FETCH ? c->first_fetch : c->first_data;
}

/* The touch of the entry level when the step made exactly one lookup. */
static const struct cache_touch *cache_lookup(const struct derive *d)
{
	const struct cache *c = &d->a->cache;
	uint32_t lv = entry_level(c), i;

	if (lv == CACHE_NONE || lv >= c->nlevels ||
	    c->level[lv].st.accesses !=
		    d->b->cache.level[lv].st.accesses + 1)
		return NULL;
	for (i = 0; i < c->last.ntouch && i < CACHE_TOUCH_MAX; i++)
		if (c->last.touch[i].level == lv)
			return &c->last.touch[i];
	return NULL;
}

static const char *cache_verb(int kind)
{
	return kind == CACHE_WRITE ? "Write" : kind == CACHE_FETCH ? "Fetch"
								   : "Read";
}

static void cache_hit(struct derive *d, const struct cache_touch *t)
{
	const struct cache *c = &d->a->cache;
	struct quiz_question *q = add(d, QUIZ_HIT, QF_HIT_MISS,
				      event_text(d, 0, TGT_CACHE_LINE));

	if (q == NULL)
		return;
	snprintf(q->question, sizeof q->question,
		 "%s at physical 0x%llx: %s hit or miss?",
		 cache_verb(c->last.kind), (unsigned long long)c->last.addr,
		 c->level[t->level].name);
	snprintf(q->expected, sizeof q->expected, "%s",
		 t->hit ? "hit" : "miss");
}

static void cache_victim(struct derive *d, const struct cache_touch *t)
{
	const struct cache_level *bl = &d->b->cache.level[t->level];
	struct quiz_question *q;
	uint32_t w;

	if (t->hit || t->set >= bl->sets)
		return;
	for (w = 0; w < bl->ways; w++)
		if (!bl->w[(size_t)t->set * bl->ways + w].valid)
			return;
	q = add(d, QUIZ_VICTIM, QF_VICTIM, event_text(d, 0, TGT_CACHE_LINE));
	if (q == NULL)
		return;
	snprintf(q->question, sizeof q->question,
		 "%s miss in set %u, full before this step: which tag is "
		 "evicted?",
		 bl->name, t->set);
	if (t->evicted)
		snprintf(q->expected, sizeof q->expected, "0x%llx",
			 (unsigned long long)t->evicted_tag);
	else
		snprintf(q->expected, sizeof q->expected, "none");
}

static void cache_set(struct derive *d, const struct cache_touch *t)
{
	const struct cache *c = &d->a->cache;
	const struct cache_level *l = &c->level[t->level];
	struct quiz_question *q = add(d, QUIZ_SET, QF_NUMBER, "");

	if (q == NULL)
		return;
	snprintf(q->question, sizeof q->question,
		 "%s at physical 0x%llx: which %s set?", cache_verb(c->last.kind),
		 (unsigned long long)c->last.addr, l->name);
	snprintf(q->expected, sizeof q->expected, "%u", t->set);
	snprintf(q->why, sizeof q->why,
		 "%u sets of %llu-byte lines: (0x%llx / %llu) %% %u = %u.",
		 l->sets, (unsigned long long)l->line_bytes,
		 (unsigned long long)c->last.addr,
		 (unsigned long long)l->line_bytes, l->sets, t->set);
}

static bool heap_allocated(const struct derive *d)
{
	const struct heap_result *b = &d->b->heap.last, *a = &d->a->heap.last;

	if (!a->has_addr)
		return false;
	return d->a->heap.mallocs != d->b->heap.mallocs || !b->has_addr ||
	       a->null != b->null || a->addr != b->addr || a->size != b->size;
}

static void heap_address(struct derive *d)
{
	const struct heap_result *r = &d->a->heap.last;
	const struct step *s = &d->p->steps[d->k - 1];
	struct quiz_question *q;

	q = add(d, QUIZ_ADDRESS, QF_ADDRESS, "");
	if (q == NULL)
		return;
	snprintf(q->question, sizeof q->question,
		 "%s for %s (%llu bytes): which address does it return?",
		 directive_get(s->op)->name, program_name(d->p, s->sym),
		 (unsigned long long)r->size);
	if (r->null)
		snprintf(q->expected, sizeof q->expected, "NULL");
	else
		snprintf(q->expected, sizeof q->expected, "0x%llx",
			 (unsigned long long)r->addr);
	snprintf(q->why, sizeof q->why, "%s",
		 d->nev ? d->ev[d->nev - 1].text : "");
}

static void gc_freed(struct derive *d)
{
	const struct gc *bg = &d->b->gc, *ag = &d->a->gc;
	struct quiz_question *q;
	size_t id, len = 0;
	char label[64];

	q = add(d, QUIZ_FREED, QF_NAMES, event_text(d, EVF_GC, TGT_NONE));
	if (q == NULL)
		return;
	snprintf(q->question, sizeof q->question,
		 "Which objects does this step free?");
	/* Ids are creation order, so the list comes out sorted. */
	for (id = 0; id < ag->nobjs; id++) {
		bool was = id >= bg->nobjs || bg->objs[id].live;

		if (!was || ag->objs[id].live)
			continue;
		gc_label(ag, d->p, (uint32_t)id, label, sizeof label);
		if (len + strlen(label) + 2 >= sizeof q->expected)
			break;
		len += (size_t)snprintf(q->expected + len,
					sizeof q->expected - len, "%s%s",
					len ? " " : "", label);
	}
	if (len == 0)
		snprintf(q->expected, sizeof q->expected, "none");
}

/* Every derivable question of the step, in kind order. */
static void derive_all(struct derive *d)
{
	const struct cache_touch *t = cache_lookup(d);
	bool vm = vm_accessed(d);
	if (vm)
		vm_hits(d);
	if (t)
		cache_hit(d, t);
	if (vm)
		vm_victims(d);
	if (t)
		cache_victim(d, t);
	if (heap_allocated(d))
		heap_address(d);
	if (vm)
		vm_paddr(d);
	if (t)
		cache_set(d, t);
	if (d->a->gc.gc_steps > d->b->gc.gc_steps)
		gc_freed(d);
}

/* The form an `ask` answer is read in, when no derived question fits. */
static enum quiz_form guess_form(const char *answer)
{
	uint64_t v;
	const char *why;

	if (strcasecmp(answer, "hit") == 0 || strcasecmp(answer, "miss") == 0)
		return QF_HIT_MISS;
	if (strcasecmp(answer, "none") == 0)
		return QF_VICTIM;
	if (strcasecmp(answer, "null") == 0)
		return QF_ADDRESS;
	if (strcasecmp(answer, "invalid") == 0 ||
	    strcasecmp(answer, "fault") == 0)
		return QF_PADDR;
	if (parse_number_text(answer, strlen(answer), &v, &why))
		return QF_NUMBER;
	return QF_TEXT;
}

size_t quiz_step(const struct program *p, size_t k,
		 const struct machine *before, const struct machine *after,
		 const struct event *ev, size_t nev, uint32_t kinds,
		 struct quiz_question *out, size_t max)
{
	struct quiz_question tmp[QUIZ_STEP_MAX];
	struct derive d = { p, k, before, after, ev, nev, tmp, 0,
			    QUIZ_STEP_MAX };
	const struct program_ask *ask = program_ask(p, k - 1);
	size_t i, n = 0, used = SIZE_MAX;

	derive_all(&d);
	if (ask && ask->answer == NULL)
		for (i = 0; i < d.n && used == SIZE_MAX; i++)
			if (ask->kind < 0 || (int)tmp[i].kind == ask->kind)
				used = i;
	if (ask && n < max) {
		struct quiz_question *q = &out[n++];

		if (used != SIZE_MAX) {
			*q = tmp[used];
		} else {
			memset(q, 0, sizeof *q);
			q->step = k;
			q->kind = QUIZ_ASK;
			q->form = QF_TEXT;
			q->open = ask->answer == NULL;
			snprintf(q->why, sizeof q->why, "%s",
				 nev ? ev[0].text : "");
			if (ask->answer) {
				snprintf(q->expected, sizeof q->expected, "%s",
					 ask->answer);
				q->form = guess_form(ask->answer);
				for (i = 0; i < d.n; i++)
					if (quiz_grade(&tmp[i], ask->answer) ==
					    QUIZ_RIGHT) {
						q->form = tmp[i].form;
						snprintf(q->why, sizeof q->why,
							 "%s", tmp[i].why);
						break;
					}
			}
		}
		q->from_ask = true;
		snprintf(q->question, sizeof q->question, "%s", ask->question);
	}
	for (i = 0; i < d.n && n < max; i++)
		if (i != used && (kinds & (1u << tmp[i].kind)))
			out[n++] = tmp[i];
	return n;
}

/* ---- the whole run ---- */

/* Step k's questions appended to out; the engine is left at step k. */
static void collect_step(struct engine *e, size_t k, uint32_t kinds,
			 struct machine *before, struct quiz_list *out)
{
	const struct program *p = engine_program(e);
	struct quiz_question q[QUIZ_STEP_MAX];
	const struct event *ev;
	size_t nev, i, m;

	machine_copy(before, engine_machine(e));
	engine_forward(e);
	ev = engine_events(e, &nev);
	m = quiz_step(p, k, before, engine_machine(e), ev, nev, kinds, q,
		      QUIZ_STEP_MAX);
	out->q = xgrow(out->q, &out->cap, out->n + m, sizeof *out->q);
	for (i = 0; i < m; i++)
		out->q[out->n++] = q[i];
}

void quiz_collect(struct engine *e, uint32_t kinds, struct quiz_list *out)
{
	const struct program *p = engine_program(e);
	struct machine before;
	size_t k, n = engine_count(e), i;

	memset(out, 0, sizeof *out);
	if (kinds == 0 && p->nasks == 0)
		return;
	machine_init(&before, p);
	if (kinds == 0) {
		/* Asks only: visit their steps, not the whole run. */
		for (i = 0; i < p->nasks && p->asks[i].step < n; i++) {
			engine_goto(e, p->asks[i].step);
			collect_step(e, p->asks[i].step + 1, 0, &before, out);
		}
	} else {
		engine_goto(e, 0);
		for (k = 1; k <= n; k++)
			collect_step(e, k, kinds, &before, out);
	}
	machine_free(&before);
	engine_goto(e, 0);
}

void quiz_list_free(struct quiz_list *l)
{
	free(l->q);
	memset(l, 0, sizeof *l);
}

long quiz_list_find(const struct quiz_list *l, size_t k)
{
	size_t lo = 0, hi = l->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (l->q[mid].step < k)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < l->n && l->q[lo].step == k ? (long)lo : -1;
}

/* ---- grading ---- */

/* Copy s trimmed and with runs of blanks made one space. */
static void normalise(const char *s, char *out, size_t n)
{
	size_t len = 0;
	bool space = false;

	while (*s && isspace((unsigned char)*s))
		s++;
	for (; *s && len + 1 < n; s++) {
		if (isspace((unsigned char)*s)) {
			space = true;
			continue;
		}
		if (space && len + 2 < n)
			out[len++] = ' ';
		space = false;
		out[len++] = *s;
	}
	out[len] = '\0';
}

static bool number(const char *s, uint64_t *v)
{
	const char *why;

	return *s && parse_number_text(s, strlen(s), v, &why);
}

/* A word standing for a number-less answer, per form; else NULL. */
static const char *word_of(enum quiz_form form, const char *s)
{
	if (form == QF_VICTIM && strcasecmp(s, "none") == 0)
		return "none";
	if (form == QF_PADDR && (strcasecmp(s, "invalid") == 0 ||
				 strcasecmp(s, "fault") == 0))
		return "invalid";
	return NULL;
}

/* Both sides as a value: a number (NULL reads 0 for an address). */
static bool same_value(enum quiz_form form, const char *x, const char *y)
{
	const char *wx = word_of(form, x), *wy = word_of(form, y);
	uint64_t a, b;

	if (wx || wy)
		return wx && wy && strcmp(wx, wy) == 0;
	if (form == QF_ADDRESS) {
		if (strcasecmp(x, "null") == 0)
			x = "0";
		if (strcasecmp(y, "null") == 0)
			y = "0";
	}
	return number(x, &a) && number(y, &b) && a == b;
}

/* Split names on blanks and commas into a sorted array of words. */
static size_t split_names(char *s, char **w, size_t max)
{
	size_t n = 0;
	char *tok, *save = NULL;

	for (tok = strtok_r(s, " ,", &save); tok && n < max;
	     tok = strtok_r(NULL, " ,", &save))
		if (strcasecmp(tok, "none") != 0)
			w[n++] = tok;
	return n;
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

static bool same_names(const char *x, const char *y)
{
	char bx[QUIZ_ANSWER_MAX], by[QUIZ_ANSWER_MAX];
	char *wx[64], *wy[64];
	size_t nx, ny, i;

	snprintf(bx, sizeof bx, "%s", x);
	snprintf(by, sizeof by, "%s", y);
	nx = split_names(bx, wx, 64);
	ny = split_names(by, wy, 64);
	if (nx != ny)
		return false;
	qsort(wx, nx, sizeof *wx, cmp_str);
	qsort(wy, ny, sizeof *wy, cmp_str);
	for (i = 0; i < nx; i++)
		if (strcmp(wx[i], wy[i]) != 0)
			return false;
	return true;
}

enum quiz_verdict quiz_grade(const struct quiz_question *q,
			     const char *answer)
{
	char a[QUIZ_ANSWER_MAX], want[QUIZ_ANSWER_MAX];
	bool right;

	if (q->open)
		return QUIZ_OPEN;
	if (answer == NULL)
		return QUIZ_SKIPPED;
	normalise(answer, a, sizeof a);
	if (a[0] == '\0')
		return QUIZ_SKIPPED;
	switch (q->form) {
	case QF_HIT_MISS:
	case QF_TEXT:
		normalise(q->expected, want, sizeof want);
		right = strcasecmp(a, want) == 0;
		break;
	case QF_NAMES:
		right = same_names(a, q->expected);
		break;
	default:
		right = same_value(q->form, a, q->expected);
		break;
	}
	return right ? QUIZ_RIGHT : QUIZ_WRONG;
}

void quiz_score_add(struct quiz_score *s, const struct quiz_question *q,
		    enum quiz_verdict v)
{
	if (v == QUIZ_OPEN)
		return;
	s->total++;
	s->kind_total[q->kind]++;
	if (v == QUIZ_RIGHT) {
		s->correct++;
		s->kind_correct[q->kind]++;
	}
}
