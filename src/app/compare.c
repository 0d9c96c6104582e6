/*
 * compare.c: compare mode (see compare.h).  Each run is a shallow copy of
 * the program with its own policy and frame count (the copy shares the
 * steps and names, which nothing changes) and an engine of its own; the
 * loop moves all engines together, so every run is always at the same
 * step (a run that ended early stays at its end).  Drawing is the view's
 * compare screen; the terminal is the term module's, as in ui.c.
 */
#include "app/compare.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/lockstep.h"
#include "app/term.h"
#include "app/variants.h"
#include "core/diag.h"
#include "core/engine.h"
#include "core/frames.h"
#include "core/heap.h"
#include "core/program.h"
#include "core/util.h"
#include "core/vm.h"
#include "view/canvas.h"
#include "view/compare.h"
#include "view/layout.h"
#include "view/sidebyside.h"

/* "fifo, lru, clock, eclock, opt, random" */
static void policy_choices(char *buf, size_t n)
{
	size_t o = 0, k;

	buf[0] = '\0';
	for (k = 0; replace_policy_names[k] && o < n; k++)
		o += (size_t)snprintf(buf + o, n - o, "%s%s", k ? ", " : "",
				      replace_policy_names[k]);
}

bool compare_parse_policies(const char *list, int *out, size_t max,
			    size_t *n, char *err, size_t errsz)
{
	const char *s = list;
	char choices[96];

	*n = 0;
	policy_choices(choices, sizeof choices);
	while (*s) {
		size_t len = strcspn(s, ", "), k;

		for (k = 0; len && replace_policy_names[k]; k++)
			if (strlen(replace_policy_names[k]) == len &&
			    strncmp(replace_policy_names[k], s, len) == 0)
				break;
		if (len && replace_policy_names[k] == NULL) {
			snprintf(err, errsz,
				 "--compare: unknown policy '%.*s' (valid: %s)",
				 (int)(len > 32 ? 32 : len), s, choices);
			return false;
		}
		if (len) {
			if (*n == max) {
				snprintf(err, errsz,
					 "--compare: at most %zu policies", max);
				return false;
			}
			out[(*n)++] = (int)k;
		}
		s += len;
		s += strspn(s, ", ");
	}
	if (*n == 0) {
		snprintf(err, errsz, "--compare needs policies such as fifo,lru (valid: %s)",
			 choices);
		return false;
	}
	return true;
}

bool compare_parse_frames(const char *list, uint64_t *out, size_t max,
			  size_t *n, char *err, size_t errsz)
{
	const char *s = list;

	*n = 0;
	while (*s) {
		size_t len = strcspn(s, ", "), i;
		uint64_t v = 0;
		bool ok = len > 0 && len < 9;

		for (i = 0; ok && i < len; i++) {
			if (s[i] < '0' || s[i] > '9')
				ok = false;
			else
				v = v * 10 + (uint64_t)(s[i] - '0');
		}
		if (len && (!ok || v < 1 || v > VM_MAX_FRAMES)) {
			snprintf(err, errsz,
				 "--frames needs frame counts such as 3,4 (1 to %u each), got '%.*s'",
				 VM_MAX_FRAMES, (int)(len > 32 ? 32 : len), s);
			return false;
		}
		if (len) {
			if (*n == max) {
				snprintf(err, errsz,
					 "--frames: at most %zu frame counts", max);
				return false;
			}
			out[(*n)++] = v;
		}
		s += len;
		s += strspn(s, ", ");
	}
	if (*n == 0) {
		snprintf(err, errsz, "--frames needs frame counts such as 3,4");
		return false;
	}
	return true;
}

bool compare_parse_heap_policies(const char *list, int *out, size_t max,
				 size_t *n)
{
	const char *s = list;

	*n = 0;
	while (*s) {
		size_t len = strcspn(s, ", "), k;

		for (k = 0; len && heap_policy_names[k]; k++)
			if (strlen(heap_policy_names[k]) == len &&
			    strncmp(heap_policy_names[k], s, len) == 0)
				break;
		if (len && (heap_policy_names[k] == NULL || *n == max))
			return false;
		if (len)
			out[(*n)++] = (int)k;
		s += len;
		s += strspn(s, ", ");
	}
	return *n > 0;
}

/* The runs: policies x frame counts (the program's own when none). */
struct runs {
	struct program *progs;
	struct compare_run *run;
	size_t n;
};

static bool runs_create(struct runs *rs, const struct program *p,
			const struct cli_options *opt)
{
	size_t npol = opt->npolicies ? opt->npolicies : 1;
	size_t nfr = opt->nframes ? opt->nframes : 1, i, f;
	struct diag d;

	rs->n = 0;
	rs->progs = xcalloc(npol * nfr, sizeof *rs->progs);
	rs->run = xcalloc(npol * nfr, sizeof *rs->run);
	for (i = 0; i < npol; i++) {
		for (f = 0; f < nfr; f++) {
			struct program *q = &rs->progs[rs->n];
			struct compare_run *r = &rs->run[rs->n];

			*q = *p;
			if (opt->npolicies)
				q->config.vm.policy = opt->policies[i];
			if (opt->nframes) {
				q->config.vm.frames = opt->frames[f];
				q->config.vm.memory_bytes = 0;
				q->config.vm.set |= VMC_FRAMES;
			}
			diag_init(&d, p->file);
			r->e = engine_create(q, &d, 0);
			if (r->e == NULL) {
				size_t k;
				for (k = 0; k < d.count; k++)
					fprintf(stderr, "%s\n", d.lines[k]);
				diag_free(&d);
				return false;
			}
			diag_free(&d);
			r->policy = engine_machine(r->e)->vm.g.policy;
			r->frames = engine_machine(r->e)->vm.g.frames;
			rs->n++;
		}
	}
	return true;
}

static void runs_destroy(struct runs *rs)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		engine_destroy(rs->run[i].e);
	free(rs->run);
	free(rs->progs); /* shallow copies: the program owns the rest */
}

/* Every run to step k (each clamped to its own end). */
static void runs_goto(struct runs *rs, size_t k)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		engine_goto(rs->run[i].e, k);
}

static size_t runs_count(const struct runs *rs)
{
	size_t i, n = 0;

	for (i = 0; i < rs->n; i++)
		if (engine_count(rs->run[i].e) > n)
			n = engine_count(rs->run[i].e);
	return n;
}

static int batch(const struct program *p, const struct cli_options *opt)
{
	const char *names[16];
	size_t npol = opt->npolicies ? opt->npolicies : 1, i;
	struct vm_compare_result *res;
	struct strbuf sb;
	int rc = 0;

	for (i = 0; i < npol; i++)
		names[i] = replace_policy_names[opt->npolicies
							? opt->policies[i]
							: p->config.vm.policy];
	res = xcalloc(npol * (opt->nframes ? opt->nframes : 1), sizeof *res);
	if (vm_compare(p, names, npol, opt->frames, opt->nframes, res) != 0) {
		free(res);
		fprintf(stderr, "memviz: compare: bad policy or frame count\n");
		return 2;
	}
	strbuf_init(&sb);
	compare_table(p->config.title, res,
		      npol * (opt->nframes ? opt->nframes : 1), opt->json, &sb);
	if (fwrite(sb.buf, 1, sb.len, stdout) != sb.len || fflush(stdout) != 0)
		rc = 1;
	strbuf_free(&sb);
	free(res);
	return rc;
}

static int dump(struct runs *rs, const struct program *p,
		const struct cli_options *opt)
{
	struct canvas *c = canvas_create(opt->width ? opt->width : 80,
					 opt->height ? opt->height : 24,
					 opt->ascii);
	struct compare_view cv;
	struct strbuf sb;
	int rc = 0;

	runs_goto(rs, opt->step < 0 ? runs_count(rs) : (size_t)opt->step);
	memset(&cv, 0, sizeof cv);
	cv.runs = rs->run;
	cv.nruns = rs->n;
	cv.title = p->config.title;
	cv.hints = "Space next  Left back  Home/End  Up/Down scroll  q quit";
	compare_view_draw(c, &cv);
	strbuf_init(&sb);
	canvas_to_text(c, &sb);
	if (fwrite(sb.buf, 1, sb.len, stdout) != sb.len || fflush(stdout) != 0)
		rc = 1;
	strbuf_free(&sb);
	canvas_destroy(c);
	return rc;
}

static int interactive(struct runs *rs, const struct program *p,
		       const struct cli_options *opt)
{
	struct term_options to;
	struct compare_view cv;
	struct lockstep ls;
	struct canvas *c;
	char err[256];
	int w, h;
	struct engine **engines = xcalloc(rs->n, sizeof *engines);
	struct sbs_run *sr = xcalloc(rs->n, sizeof *sr);
	char (*labels)[32] = xcalloc(rs->n, sizeof *labels);
	struct sbs_view ev; /* `e`: every event of the step, run by run */
	size_t i;

	memset(&to, 0, sizeof to);
	to.color = opt->color;
	to.ascii = opt->ascii;
	if (!term_open(&to, err, sizeof err)) {
		fprintf(stderr, "memviz: %s\n", err);
		free(engines);
		free(sr);
		free(labels);
		return 1;
	}
	memset(&cv, 0, sizeof cv);
	cv.runs = rs->run;
	cv.nruns = rs->n;
	cv.title = p->config.title;
	cv.hints = "Space next  Left back  g go to  e explain  p play  Up/Down  q quit";
	for (i = 0; i < rs->n; i++) {
		snprintf(labels[i], sizeof labels[i], "%s, %llu frames",
			 replace_policy_names[rs->run[i].policy],
			 (unsigned long long)rs->run[i].frames);
		engines[i] = sr[i].e = rs->run[i].e;
		sr[i].label = sr[i].name = labels[i];
	}
	memset(&ev, 0, sizeof ev);
	ev.runs = sr;
	ev.nruns = rs->n;
	ev.pane_id = PANE_ID_FRAMES;
	ev.title = p->config.title;
	ev.hints = cv.hints;
	lockstep_init(&ls, engines, rs->n, opt->step < 0 ? 0 : (size_t)opt->step,
		      "compare keys: Space/Right next, Left back, Home/End, g go to, e explain, p play, +/- speed, Up/Down, q quit");
	term_size(&w, &h);
	c = canvas_create(w, h, term_ascii());
	while (!ls.quit) {
		int key;

		term_size(&w, &h);
		if (w != c->width || h != c->height)
			canvas_resize(c, w, h);
		cv.message = ev.message = lockstep_message(&ls);
		cv.scroll = ls.scroll;
		ev.explain = ls.explain;
		if (ls.explain)
			sbs_view_draw(c, &ev);
		else
			compare_view_draw(c, &cv);
		ls.scroll_max = cv.scroll_max;
		ls.page = cv.page;
		term_blit(c);
		key = term_getkey(lockstep_timeout(&ls));
		if (!lockstep_key(&ls, key))
			snprintf(ls.msg, sizeof ls.msg,
				 "not in compare mode (? lists the keys)");
	}
	canvas_destroy(c);
	term_close();
	free(engines);
	free(sr);
	free(labels);
	return 0;
}

int compare_main(const struct program *p, const struct cli_options *opt)
{
	struct runs rs;
	int rc;

	if (opt->vary && !opt->npolicies && !opt->nframes) {
		struct cli_options o = *opt;
		if (variants_vary_frames(opt->vary, o.frames, &o.nframes)) {
			o.vary = NULL; /* the same as --frames */
			return compare_main(p, &o);
		}
	}
	if ((opt->nheap_policies || opt->vary) && !opt->npolicies &&
	    !opt->nframes)
		return variants_main(p, opt);
	if (opt->nheap_policies || opt->vary) {
		fprintf(stderr, "memviz: heap policies and --vary go alone, not with replacement policies or --frames\n");
		return 2;
	}

	if (!(p->config.uses & USES_VM)) {
		fprintf(stderr,
			"memviz: %s: --compare and --frames need a scenario that uses virtual memory (refs, read, write)\n",
			p->file);
		return 2;
	}
	if (opt->mode == CLI_BATCH)
		return batch(p, opt);
	if (!runs_create(&rs, p, opt)) {
		runs_destroy(&rs);
		return 2;
	}
	rc = opt->mode == CLI_DUMP ? dump(&rs, p, opt) : interactive(&rs, p, opt);
	runs_destroy(&rs);
	return rc;
}

bool compare_check_vary(const char *arg, char *err, size_t errsz)
{
	return variants_check_vary(arg, err, errsz);
}
