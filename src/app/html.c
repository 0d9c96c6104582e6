/*
 * html.c: the interactive page (`memviz --html`).
 *
 * The page is the scenario's data as one JavaScript object, then the
 * player (src/app/html/player.js and player.css, embedded at build time).
 * The data:
 *
 *   rows     every distinct screen row once, as the HTML that
 *            markup_html_pre writes for it (spans with the handout's
 *            classes), so the page and the handout style cells alike; a
 *            row is a string, or [base, P, S, "middle"]: the row `base`
 *            (an earlier one) with all but its first P and last S UTF-16
 *            units replaced by "middle";
 *   screens  in the order step, its micro-steps, next step...: either
 *            [0, row id x height] (a keyframe) or [1, y, id, y, id...]
 *            (the rows that differ from the screen before); a keyframe
 *            starts every HTML_KEYFRAME screens, so the player decodes any
 *            screen from at most that many entries;
 *   steps    one object per included step: k (its number), s (its screen),
 *            m (its micro-step screens, one per event), ev (the events'
 *            sentences), fl (EVF_* flags, for the jumps), and when present
 *            mark, chapter and note.  A step the scenario `ask`s about
 *            carries ask: {question, answer, q}, q being the screen the
 *            viewer shows for the question (the state before the step,
 *            the question in the narration pane); the player shows it and
 *            the question first, and the step and its answer once
 *            revealed.  answer is the `ask` line's answer= or the step's
 *            outcome (core/quiz.c); "" for an open question.
 *
 * Strings go into the script as JSON (json_escape: quotes, backslashes,
 * control characters escaped, invalid UTF-8 as U+FFFD) with every "</"
 * and "<!" written "<\/" and "<\!"-free, so no scenario text can end the
 * script element.  Text in the HTML itself goes through put_text, which
 * escapes markup characters and shows control characters as U+FFFD.
 */
#include "app/html.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/snapshot.h"
#include "app/ui.h"
#include "core/engine.h"
#include "core/event.h"
#include "core/json.h"
#include "core/program.h"
#include "core/quiz.h"
#include "core/util.h"
#include "view/canvas.h"
#include "view/markup.h"

extern const char memviz_html_js[];
extern const char memviz_html_css[];

/*
 * The distinct rows, with an open-addressing hash of their text.  enc[i]
 * is how row i is written: NULL for its text as a string, else a delta
 * from an earlier row (see row_delta).
 */
struct rowtab {
	char **text;
	char **enc;
	size_t n, cap;
	uint32_t *slot; /* row id + 1, 0 = empty */
	size_t nslots;
};

static uint32_t hash_text(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

static void rowtab_rehash(struct rowtab *t)
{
	size_t i;

	free(t->slot);
	t->nslots = t->nslots ? t->nslots * 2 : 1024;
	t->slot = xcalloc(t->nslots, sizeof *t->slot);
	for (i = 0; i < t->n; i++) {
		size_t j = hash_text(t->text[i], strlen(t->text[i])) &
			   (t->nslots - 1);
		while (t->slot[j])
			j = (j + 1) & (t->nslots - 1);
		t->slot[j] = (uint32_t)i + 1;
	}
}

/* The id of row s (n bytes), added when new. */
static uint32_t rowtab_id(struct rowtab *t, const char *s, size_t n)
{
	size_t j;

	if ((t->n + 1) * 2 > t->nslots)
		rowtab_rehash(t);
	j = hash_text(s, n) & (t->nslots - 1);
	while (t->slot[j]) {
		const char *r = t->text[t->slot[j] - 1];
		if (strlen(r) == n && memcmp(r, s, n) == 0)
			return t->slot[j] - 1;
		j = (j + 1) & (t->nslots - 1);
	}
	if (t->n + 1 > t->cap) {
		size_t cap = t->cap;
		t->text = xgrow(t->text, &t->cap, t->n + 1, sizeof *t->text);
		t->enc = xgrow(t->enc, &cap, t->n + 1, sizeof *t->enc);
	}
	t->text[t->n] = xstrndup(s, n);
	t->enc[t->n] = NULL;
	t->slot[j] = (uint32_t)t->n + 1;
	return (uint32_t)t->n++;
}

static void rowtab_free(struct rowtab *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		free(t->text[i]);
		free(t->enc[i]);
	}
	free(t->text);
	free(t->enc);
	free(t->slot);
}

static void put_js_string(struct strbuf *out, const char *s, size_t n);

/* UTF-16 code units (JavaScript string length) of n bytes of UTF-8. */
static size_t utf16_units(const char *s, size_t n)
{
	size_t i, u = 0;

	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if ((ch & 0xc0) != 0x80)
			u += ch >= 0xf0 ? 2 : 1;
	}
	return u;
}

static bool utf8_boundary(const char *s, size_t i)
{
	return ((unsigned char)s[i] & 0xc0) != 0x80;
}

/*
 * Write row `id` as a delta from one of the rows `bases` (the one that
 * shares most with it) when that is shorter: [base, P, S, "middle"] means
 * base's first P and last S UTF-16 units around "middle".  Cuts fall on
 * code point boundaries.
 */
static void row_delta(struct rowtab *t, uint32_t id, const uint32_t *bases,
		      size_t nbases)
{
	const char *b = t->text[id], *a = NULL;
	size_t lb = strlen(b), la = 0, pre = 0, suf = 0, i;
	uint32_t base = 0;
	struct strbuf sb;

	/* the candidate sharing the most bytes at both ends */
	for (i = 0; i < nbases; i++) {
		const char *ca = t->text[bases[i]];
		size_t lca = strlen(ca), p = 0, q = 0;

		while (p < lca && p < lb && ca[p] == b[p])
			p++;
		while (p > 0 && p < lb && !utf8_boundary(b, p))
			p--;
		while (p > 0 && p < lca && !utf8_boundary(ca, p))
			p--;
		while (q < lca - p && q < lb - p &&
		       ca[lca - 1 - q] == b[lb - 1 - q])
			q++;
		while (q > 0 && !utf8_boundary(b, lb - q))
			q--;
		while (q > 0 && !utf8_boundary(ca, lca - q))
			q--;
		if (a == NULL || p + q > pre + suf) {
			a = ca;
			la = lca;
			pre = p;
			suf = q;
			base = bases[i];
		}
	}
	if (a == NULL || pre + suf < 24)
		return;
	strbuf_init(&sb);
	strbuf_printf(&sb, "[%u,%zu,%zu,", (unsigned)base, utf16_units(a, pre),
		      utf16_units(a + la - suf, suf));
	put_js_string(&sb, b + pre, lb - pre - suf);
	strbuf_putc(&sb, ']');
	t->enc[id] = strbuf_detach(&sb);
}

/* Rows this far above or below are candidates for a row's delta. */
#define HTML_NEAR 6

/* The page being built: rows, the screens so far, the last screen. */
struct page {
	struct rowtab rows;
	struct strbuf screens; /* JSON array items, comma separated */
	size_t nscreens;
	uint32_t *prev, *cur; /* row ids of the last and the new screen */
	int height;
	struct strbuf pre;    /* scratch: one canvas as HTML */
};

/*
 * Add the canvas as the next screen; returns its index.  Rows come from
 * markup_html_pre, split at its newlines (text never holds one: the
 * canvas shows control characters as '?').
 */
static size_t page_add_screen(struct page *pg, const struct canvas *c)
{
	static const char open[] = "<pre class=\"screen\">";
	const char *s, *end;
	size_t y = 0;
	int diffs = 0, i;
	bool key = pg->nscreens % HTML_KEYFRAME == 0;

	strbuf_reset(&pg->pre);
	markup_html_pre(c, &pg->pre);
	s = pg->pre.buf + strlen(open);
	end = pg->pre.buf + pg->pre.len;
	while (y < (size_t)pg->height) {
		const char *nl = s < end ? memchr(s, '\n', (size_t)(end - s))
					 : NULL;
		size_t before = pg->rows.n;
		uint32_t id = rowtab_id(&pg->rows, nl ? s : "",
					nl ? (size_t)(nl - s) : 0);

		if (pg->rows.n > before && pg->nscreens > 0) {
			/* rows near y on the last screen: text scrolls */
			uint32_t bases[2 * HTML_NEAR + 1];
			size_t nb = 0;
			int d;
			for (d = -HTML_NEAR; d <= HTML_NEAR; d++)
				if ((int)y + d >= 0 && (int)y + d < pg->height)
					bases[nb++] = pg->prev[(int)y + d];
			row_delta(&pg->rows, id, bases, nb);
		}
		pg->cur[y++] = id;
		s = nl ? nl + 1 : end;
	}
	if (pg->nscreens)
		strbuf_putc(&pg->screens, ',');
	strbuf_puts(&pg->screens, key ? "[0" : "[1");
	for (i = 0; i < pg->height; i++) {
		if (key)
			strbuf_printf(&pg->screens, ",%u", (unsigned)pg->cur[i]);
		else if (pg->cur[i] != pg->prev[i]) {
			strbuf_printf(&pg->screens, ",%d,%u", i,
				      (unsigned)pg->cur[i]);
			diffs++;
		}
	}
	strbuf_puts(&pg->screens, "]\n");
	memcpy(pg->prev, pg->cur, (size_t)pg->height * sizeof *pg->cur);
	(void)diffs;
	return pg->nscreens++;
}

/*
 * A JSON string for the page: json_escape, then "</" written "<\/" and
 * "<!" written "\u003c!" (the same string to JSON.parse), so that no
 * text can end or confuse the element that holds the data.
 */
static void put_js_string(struct strbuf *out, const char *s, size_t n)
{
	struct strbuf tmp;
	size_t i;

	strbuf_init(&tmp);
	json_escape(&tmp, s, n);
	for (i = 0; i < tmp.len; i++) {
		if (tmp.buf[i] == '<' && i + 1 < tmp.len && tmp.buf[i + 1] == '!') {
			strbuf_puts(out, "\\u003c");
			continue;
		}
		strbuf_putc(out, tmp.buf[i]);
		if (tmp.buf[i] == '<' && i + 1 < tmp.len && tmp.buf[i + 1] == '/')
			strbuf_putc(out, '\\');
	}
	strbuf_free(&tmp);
}

static void put_js(struct strbuf *out, const char *s)
{
	put_js_string(out, s, strlen(s));
}

/*
 * Text for the HTML itself: markup characters escaped, C0 controls and
 * DEL shown as U+FFFD (they are not allowed in HTML text).
 */
static void put_text(struct strbuf *out, const char *s)
{
	const char *run = s;

	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch < 0x20 || ch == 0x7f) {
			markup_escape(out, run, (size_t)(s - run));
			strbuf_puts(out, "\xef\xbf\xbd");
			run = s + 1;
		}
	}
	markup_escape(out, run, (size_t)(s - run));
	/* markup_escape leaves ' alone: fine in text and "-quoted values */
}

/*
 * The data's compression: LZ77 over the UTF-16 units of the JSON text
 * (what JavaScript indexes), written as text.  A unit is itself, except
 * '~', written "~~"; "~" DIST LEN copies LEN + HTML_LZ_MIN units from
 * DIST + 1 units back.  Numbers are base 32, most significant digit
 * first, every digit but the last from HTML_LZ_MORE, the last from
 * HTML_LZ_LAST.  No digit is '~', '<' or '/', and literals keep their
 * order, so "</" or "<!" appears in the output only where the JSON has it
 * (never: see put_js_string).  A match never starts or ends inside a
 * surrogate pair, so every literal is a whole code point in UTF-8.
 */
#define HTML_LZ_MIN 8
#define HTML_LZ_WINDOW (1u << 20)
#define HTML_LZ_CHAIN 24
#define HTML_LZ_HASH (1u << 16)
#define HTML_LZ_MAX 8192 /* the longest match */
#define HTML_LZ_GOOD 512 /* a match this long ends the search */
static const char lz_more[] = "0123456789ABCDEFGHIJKLMNOPQRSTUV";
static const char lz_last[] = "abcdefghijklmnopqrstuvwxyz!#$%&*";

static void lz_number(struct strbuf *out, size_t v)
{
	char digits[16];
	int n = 0;

	digits[n++] = lz_last[v % 32];
	for (v /= 32; v > 0; v /= 32)
		digits[n++] = lz_more[v % 32];
	while (n > 0)
		strbuf_putc(out, digits[--n]);
}

/* The UTF-16 units of n bytes of UTF-8 (invalid bytes as U+FFFD). */
static uint16_t *utf16_of(const char *s, size_t n, size_t *count)
{
	uint16_t *u = xcalloc(n + 1, sizeof *u);
	size_t i = 0, k = 0;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp = 0xfffd;
		size_t len = 1, j;

		if (c < 0x80) {
			cp = c;
		} else if (c >= 0xc2 && c < 0xf5) {
			len = c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
			cp = c & (0x3f >> (len - 1));
			for (j = 1; j < len; j++) {
				if (i + j >= n ||
				    ((unsigned char)s[i + j] & 0xc0) != 0x80)
					break;
				cp = cp << 6 | ((unsigned char)s[i + j] & 0x3f);
			}
			if (j < len)
				len = j, cp = 0xfffd;
		}
		i += len;
		if (cp >= 0x10000) {
			cp -= 0x10000;
			u[k++] = (uint16_t)(0xd800 + (cp >> 10));
			u[k++] = (uint16_t)(0xdc00 + (cp & 0x3ff));
		} else {
			u[k++] = (uint16_t)cp;
		}
	}
	*count = k;
	return u;
}

static void put_unit_utf8(struct strbuf *out, const uint16_t *u, size_t *i)
{
	uint32_t cp = u[*i];
	char b[4];

	if (cp >= 0xd800 && cp < 0xdc00) {
		cp = 0x10000 + ((cp - 0xd800) << 10) + (u[*i + 1] - 0xdc00);
		(*i)++;
	}
	(*i)++;
	if (cp < 0x80) {
		strbuf_putc(out, (char)cp);
		if (cp == '~')
			strbuf_putc(out, '~');
		return;
	}
	if (cp < 0x800) {
		b[0] = (char)(0xc0 | cp >> 6);
		b[1] = (char)(0x80 | (cp & 0x3f));
		strbuf_add(out, b, 2);
	} else if (cp < 0x10000) {
		b[0] = (char)(0xe0 | cp >> 12);
		b[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f));
		strbuf_add(out, b, 3);
	} else {
		b[0] = (char)(0xf0 | cp >> 18);
		b[1] = (char)(0x80 | (cp >> 12 & 0x3f));
		b[2] = (char)(0x80 | (cp >> 6 & 0x3f));
		b[3] = (char)(0x80 | (cp & 0x3f));
		strbuf_add(out, b, 4);
	}
}

static bool is_low_surrogate(uint16_t c)
{
	return c >= 0xdc00 && c < 0xe000;
}

static uint32_t lz_hash(const uint16_t *u)
{
	uint32_t h = ((uint32_t)u[0] * 2654435761u) ^ ((uint32_t)u[1] * 40503u) ^
		     ((uint32_t)u[2] << 7) ^ u[3];
	return (h * 2654435761u) >> 16 & (HTML_LZ_HASH - 1);
}

/*
 * Compress n bytes of UTF-8 JSON into out; *units is the length of the
 * uncompressed text in UTF-16 units (the player sizes its buffer with it).
 */
static void lz_compress(const char *text, size_t n, struct strbuf *out,
			size_t *units)
{
	size_t count, i = 0, k;
	uint16_t *u = utf16_of(text, n, &count);
	uint32_t *head = xcalloc(HTML_LZ_HASH, sizeof *head); /* pos + 1 */
	uint32_t *prev = xcalloc(count + 1, sizeof *prev);

	*units = count;
	while (i < count) {
		size_t best = 0, dist = 0;

		if (i + HTML_LZ_MIN <= count && !is_low_surrogate(u[i])) {
			uint32_t h = lz_hash(u + i), cand = head[h];
			int chain;

			for (chain = 0; cand && chain < HTML_LZ_CHAIN; chain++) {
				size_t c = cand - 1, len = 0;

				if (i - c > HTML_LZ_WINDOW)
					break;
				while (i + len < count && len < HTML_LZ_MAX &&
				       u[c + len] == u[i + len])
					len++;
				if (len > best) {
					best = len;
					dist = i - c;
				}
				if (best >= HTML_LZ_GOOD)
					break;
				cand = prev[c];
			}
			/* never end between the halves of a surrogate pair */
			while (best > 0 && i + best < count &&
			       is_low_surrogate(u[i + best]))
				best--;
		}
		if (best >= HTML_LZ_MIN) {
			strbuf_putc(out, '~');
			lz_number(out, dist - 1);
			lz_number(out, best - HTML_LZ_MIN);
		} else {
			best = u[i] >= 0xd800 && u[i] < 0xdc00 ? 2 : 1;
			k = i;
			put_unit_utf8(out, u, &k);
		}
		for (k = i; k < i + best; k++) {
			if (k + 4 <= count) {
				uint32_t h = lz_hash(u + k);
				prev[k] = head[h];
				head[h] = (uint32_t)k + 1;
			}
		}
		i += best;
	}
	free(u);
	free(head);
	free(prev);
}

bool html_step_included(const struct engine *e, size_t k, size_t from,
			size_t to, bool marked_only)
{
	if (k < from || k > to)
		return false;
	if (!marked_only || k == from || k == to)
		return true;
	return k > 0 && program_mark(engine_program(e), k - 1) != NULL;
}

const char *html_theme_name(enum html_theme t)
{
	switch (t) {
	case HTML_THEME_COLOR:
		return "color";
	case HTML_THEME_MONO:
		return "mono";
	default:
		return "auto";
	}
}

/* One step's object: its screens (drawn here), sentences and texts. */
static void put_step(struct strbuf *out, struct page *pg, struct engine *e,
		     struct canvas *c, size_t k, const struct html_options *opt,
		     const struct quiz_question *ask)
{
	const struct program *p = engine_program(e);
	const char *mark = k > 0 ? program_mark(p, k - 1) : NULL;
	const char *chapter = k > 0 ? program_chapter(p, k - 1) : NULL;
	const char *note = k > 0 ? program_note(p, k - 1) : NULL;
	const struct event *ev;
	size_t nev, i, guard;

	strbuf_printf(out, "{\"k\":%zu", k);
	if (ask) {
		/* the question's own screen first: it moves the engine */
		ui_draw_question(e, ask, opt->ui, c);
		strbuf_puts(out, ",\"ask\":{\"question\":");
		put_js(out, ask->question);
		strbuf_puts(out, ",\"answer\":");
		put_js(out, ask->open ? "" : ask->expected);
		strbuf_printf(out, ",\"q\":%zu}", page_add_screen(pg, c));
	}
	/* micro-steps first, as the viewer reaches them, then the step */
	strbuf_puts(out, ",\"m\":[");
	if (k == 0) {
		engine_goto(e, 0);
		ui_draw_here(e, opt->ui, true, c);
		strbuf_printf(out, "%zu", page_add_screen(pg, c));
	} else {
		engine_goto(e, k - 1);
		for (guard = 0; guard < 100000; guard++) {
			if (!engine_event_forward(e) || engine_pos(e) != k)
				break;
			ui_draw_here(e, opt->ui, true, c);
			strbuf_printf(out, "%s%zu", guard ? "," : "",
				      page_add_screen(pg, c));
			if (engine_event_pos(e) >= engine_event_count(e))
				break;
		}
	}
	strbuf_puts(out, "]");
	ui_draw_step(e, k, opt->ui, c);
	strbuf_printf(out, ",\"s\":%zu,\"fl\":%u,\"ev\":[", page_add_screen(pg, c),
		      k > 0 ? (unsigned)engine_flags(e, k) : 0u);
	ev = engine_events(e, &nev);
	for (i = 0; i < nev; i++) {
		if (i)
			strbuf_putc(out, ',');
		put_js(out, ev[i].text);
	}
	strbuf_putc(out, ']');
	if (mark) {
		strbuf_puts(out, ",\"mark\":");
		put_js(out, mark);
	}
	if (chapter) {
		strbuf_puts(out, ",\"chapter\":");
		put_js(out, chapter);
	}
	if (note) {
		strbuf_puts(out, ",\"note\":");
		put_js(out, note);
	}
	strbuf_puts(out, "}");
}

int html_build(struct engine *e, const struct html_options *opt,
	       struct strbuf *out)
{
	const struct program *p = engine_program(e);
	const char *title = p->config.title ? p->config.title : p->file;
	size_t n = engine_count(e), from = opt->from, to = opt->to, k, i;
	struct strbuf steps, data, packed;
	struct canvas *c;
	struct page pg;
	struct quiz_list asks;
	size_t units;
	bool first = true;

	if (opt->width < 1 || opt->height < 1 || opt->width > 1000 ||
	    opt->height > 1000)
		return 2;
	if (to > n)
		to = n;
	if (from > to)
		from = to;
	memset(&pg, 0, sizeof pg);
	strbuf_init(&pg.screens);
	strbuf_init(&pg.pre);
	strbuf_init(&steps);
	strbuf_init(&data);
	strbuf_init(&packed);
	pg.height = opt->height;
	pg.prev = xcalloc((size_t)opt->height, sizeof *pg.prev);
	pg.cur = xcalloc((size_t)opt->height, sizeof *pg.cur);
	c = canvas_create(opt->width, opt->height, opt->ui->ascii);
	quiz_collect(e, 0, &asks); /* the scenario's `ask` lines only */
	for (k = from; k <= to; k++) {
		long q = k > 0 ? quiz_list_find(&asks, k) : -1;

		if (!html_step_included(e, k, from, to, opt->marked_only))
			continue;
		if (!first)
			strbuf_puts(&steps, ",\n");
		first = false;
		put_step(&steps, &pg, e, c, k, opt, q >= 0 ? &asks.q[q] : NULL);
	}
	quiz_list_free(&asks);
	canvas_destroy(c);

	strbuf_puts(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
			 "<meta charset=\"utf-8\">\n"
			 "<meta name=\"viewport\" content=\"width=device-width, "
			 "initial-scale=1\">\n"
			 "<meta http-equiv=\"Content-Security-Policy\" "
			 "content=\"default-src 'none'; style-src 'unsafe-inline'; "
			 "script-src 'unsafe-inline'; img-src data:\">\n<title>");
	put_text(out, title);
	strbuf_puts(out, " - memviz</title>\n<style>\n");
	strbuf_puts(out, markup_css());
	strbuf_puts(out, memviz_html_css);
	strbuf_printf(out, "</style>\n</head>\n<body class=\"theme-%s\">\n"
			   "<header>\n<h1 id=\"title\">",
		      html_theme_name(opt->theme));
	put_text(out, title);
	strbuf_puts(out, "</h1>\n");
	if (p->config.about) {
		strbuf_puts(out, "<p class=\"about\">");
		put_text(out, p->config.about);
		strbuf_puts(out, "</p>\n");
	}
	strbuf_puts(out, "<noscript><p>This page needs JavaScript to step "
			 "through the scenario; <code>memviz --handout</code> "
			 "writes a page that does not.</p></noscript>\n"
			 "</header>\n");
	strbuf_puts(&data, "{\"version\":");
	put_js(&data, MEMVIZ_VERSION);
	strbuf_puts(&data, ",\"title\":");
	put_js(&data, title);
	strbuf_puts(&data, ",\"about\":");
	put_js(&data, p->config.about ? p->config.about : "");
	strbuf_puts(&data, ",\"file\":");
	put_js(&data, p->file);
	strbuf_printf(&data, ",\"width\":%d,\"height\":%d,\"count\":%zu,"
			   "\"from\":%zu,\"to\":%zu,\"markedOnly\":%s,"
			   "\"theme\":\"%s\",\n\"flags\":{\"error\":%u,"
			   "\"mark\":%u,\"fault\":%u,\"evict\":%u,\"tlb\":%u,"
			   "\"cache\":%u,\"gc\":%u},\n\"rows\":[",
		      opt->width, opt->height, n, from, to,
		      opt->marked_only ? "true" : "false",
		      html_theme_name(opt->theme), EVF_ERROR, EVF_MARK,
		      EVF_FAULT, EVF_EVICT, EVF_TLB_MISS, EVF_CACHE_MISS,
		      EVF_GC);
	for (i = 0; i < pg.rows.n; i++) {
		if (i)
			strbuf_puts(&data, ",\n");
		if (pg.rows.enc[i])
			strbuf_puts(&data, pg.rows.enc[i]);
		else
			put_js(&data, pg.rows.text[i]);
	}
	strbuf_puts(&data, "],\n\"screens\":[");
	strbuf_add(&data, pg.screens.buf ? pg.screens.buf : "", pg.screens.len);
	strbuf_puts(&data, "],\n\"steps\":[");
	strbuf_add(&data, steps.buf ? steps.buf : "", steps.len);
	strbuf_puts(&data, "]}");
	lz_compress(data.buf, data.len, &packed, &units);
	strbuf_printf(out, "<script type=\"text/plain\" id=\"memviz-data\" "
			   "data-units=\"%zu\">", units);
	strbuf_add(out, packed.buf ? packed.buf : "", packed.len);
	strbuf_puts(out, "</script>\n<script>\n");
	strbuf_puts(out, memviz_html_js);
	strbuf_puts(out, "</script>\n</body>\n</html>\n");

	strbuf_free(&steps);
	strbuf_free(&data);
	strbuf_free(&packed);
	strbuf_free(&pg.screens);
	strbuf_free(&pg.pre);
	rowtab_free(&pg.rows);
	free(pg.prev);
	free(pg.cur);
	return 0;
}

int html_write(struct engine *e, const char *path,
	       const struct html_options *opt)
{
	struct strbuf out;
	int rc;

	strbuf_init(&out);
	if (html_build(e, opt, &out) != 0) {
		fprintf(stderr, "memviz: impossible screen size %dx%d\n",
			opt->width, opt->height);
		strbuf_free(&out);
		return 1;
	}
	rc = snapshot_write(path, &out);
	strbuf_free(&out);
	return rc;
}
