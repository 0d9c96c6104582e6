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

#include "app/keymap.h"
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

#define DELAY_MS 800

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

/* Move every run one step (dir > 0) or back; false at the end. */
static bool runs_step(struct runs *rs, int dir)
{
	size_t pos = engine_pos(rs->run[0].e), n = runs_count(rs);

	if (dir > 0 ? pos >= n : pos == 0)
		return false;
	runs_goto(rs, dir > 0 ? pos + 1 : pos - 1);
	return true;
}

static int interactive(struct runs *rs, const struct program *p,
		       const struct cli_options *opt)
{
	struct term_options to;
	struct compare_view cv;
	struct canvas *c;
	char err[256], msg[160] = "", prompt[24] = "";
	bool quit = false, playing = false, prompting = false;
	int w, h, delay = DELAY_MS;
	struct sbs_run *sr = xcalloc(rs->n, sizeof *sr);
	char (*labels)[32] = xcalloc(rs->n, sizeof *labels);
	struct sbs_view ev; /* `e`: every event of the step, run by run */
	size_t i;

	memset(&to, 0, sizeof to);
	to.color = opt->color;
	to.ascii = opt->ascii;
	if (!term_open(&to, err, sizeof err)) {
		fprintf(stderr, "memviz: %s\n", err);
		free(sr);
		free(labels);
		return 1;
	}
	runs_goto(rs, opt->step < 0 ? 0 : (size_t)opt->step);
	memset(&cv, 0, sizeof cv);
	cv.runs = rs->run;
	cv.nruns = rs->n;
	cv.title = p->config.title;
	cv.hints = "Space next  Left back  g go to  e explain  p play  Up/Down  q quit";
	for (i = 0; i < rs->n; i++) {
		snprintf(labels[i], sizeof labels[i], "%s, %llu frames",
			 replace_policy_names[rs->run[i].policy],
			 (unsigned long long)rs->run[i].frames);
		sr[i].e = rs->run[i].e;
		sr[i].label = sr[i].name = labels[i];
	}
	memset(&ev, 0, sizeof ev);
	ev.runs = sr;
	ev.nruns = rs->n;
	ev.pane_id = PANE_ID_FRAMES;
	ev.title = p->config.title;
	ev.hints = cv.hints;
	term_size(&w, &h);
	c = canvas_create(w, h, term_ascii());
	while (!quit) {
		int key;
		enum action a;

		term_size(&w, &h);
		if (w != c->width || h != c->height)
			canvas_resize(c, w, h);
		if (prompting)
			snprintf(msg, sizeof msg, "go to step (0-%zu): %s_",
				 runs_count(rs), prompt);
		cv.message = ev.message = msg;
		if (ev.explain)
			sbs_view_draw(c, &ev);
		else
			compare_view_draw(c, &cv);
		term_blit(c);
		key = term_getkey(playing ? delay : -1);
		if (key == KEYC_EOF)
			break;
		if (key == KEYC_RESIZE)
			continue;
		if (key == KEYC_TIMEOUT) {
			if (playing && !runs_step(rs, 1)) {
				playing = false;
				snprintf(msg, sizeof msg, "end of the run");
			}
			continue;
		}
		if (prompting) {
			size_t l = strlen(prompt);
			if (key >= '0' && key <= '9' && l + 1 < sizeof prompt) {
				prompt[l] = (char)key;
				prompt[l + 1] = '\0';
			} else if ((key == KEYC_BACKSPACE || key == KEYC_DEL) && l) {
				prompt[l - 1] = '\0';
			} else if (key == KEYC_ENTER || key == '\r' ||
				   key == KEYC_ESC) {
				prompting = false;
				msg[0] = '\0';
				if (key != KEYC_ESC && l) {
					runs_goto(rs, (size_t)strtoull(prompt, NULL, 10));
					cv.scroll = 0;
				}
			}
			continue;
		}
		msg[0] = '\0';
		a = keymap_lookup(key);
		switch (a) {
		case ACT_GOTO:
			prompting = true;
			prompt[0] = '\0';
			break;
		case ACT_EXPLAIN:
			ev.explain = !ev.explain;
			break;
		case ACT_STEP:
			if (runs_step(rs, 1))
				cv.scroll = 0;
			else
				snprintf(msg, sizeof msg,
					 "at the last step; Home goes back to the start");
			break;
		case ACT_BACK:
			if (runs_step(rs, -1))
				cv.scroll = 0;
			else
				snprintf(msg, sizeof msg, "at the start (step 0)");
			break;
		case ACT_FIRST:
			runs_goto(rs, 0);
			cv.scroll = 0;
			break;
		case ACT_LAST:
			runs_goto(rs, runs_count(rs));
			cv.scroll = 0;
			break;
		case ACT_RUN:
			playing = !playing;
			if (playing && engine_pos(rs->run[0].e) == runs_count(rs))
				runs_goto(rs, 0);
			snprintf(msg, sizeof msg, "%s", playing ? "playing: p pauses"
							       : "paused");
			break;
		case ACT_FASTER:
		case ACT_SLOWER:
			delay = a == ACT_FASTER ? delay / 2 : delay * 2;
			delay = delay < 50 ? 50 : delay > 6400 ? 6400 : delay;
			snprintf(msg, sizeof msg, "autoplay: one step every %d ms",
				 delay);
			break;
		case ACT_SCROLL_UP:
		case ACT_PAGE_UP:
			cv.scroll += a == ACT_SCROLL_UP ? 1 : cv.page;
			if (cv.scroll > cv.scroll_max)
				cv.scroll = cv.scroll_max;
			break;
		case ACT_SCROLL_DOWN:
		case ACT_PAGE_DOWN:
			cv.scroll -= a == ACT_SCROLL_DOWN ? 1 : cv.page;
			if (cv.scroll < 0)
				cv.scroll = 0;
			break;
		case ACT_REDRAW:
			term_redraw();
			break;
		case ACT_HELP:
			snprintf(msg, sizeof msg,
				 "compare keys: Space/Right next, Left back, Home/End, g go to, e explain, p play, +/- speed, Up/Down, q quit");
			break;
		case ACT_CANCEL:
			playing = false;
			ev.explain = false;
			break;
		case ACT_QUIT:
			quit = true;
			break;
		case ACT_NONE:
			break;
		default:
			snprintf(msg, sizeof msg,
				 "not in compare mode (? lists the keys)");
			break;
		}
	}
	canvas_destroy(c);
	term_close();
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
