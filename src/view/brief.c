/*
 * brief.c: one short line per step, from the events' own sentences.  Each
 * sentence's first clause is kept: the text up to the first full stop,
 * semicolon, " (" or ", "; after the first event, a clause
 * longer than BRIEF_CLAUSE_MAX (the first: BRIEF_FIRST_MAX) is cut at its
 * first ": " too ("Clock hand at frame 0: page 1 has R=1 ..." -> "clock
 * hand at frame 0"), keeping a result ("... = 0xa10").  The first event
 * keeps its subject ("Reference 4: page fault"); a later one whose subject
 * is one word ("fact: push ...") drops it.  Events of one kind in a
 * row whose clauses share words are shown once, with "(xN)".  A clause
 * starts in lower case after the first unless it starts with an acronym
 * ("TLB", "L2") or a name.
 */
#include <ctype.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>

#include "view/brief.h"

#define BRIEF_CLAUSE_MAX 32
#define BRIEF_FIRST_MAX 32

/*
 * Append the first clause of text to sb (see the top of the file); the
 * result of a calculation ("... = 0xa10") survives a cut at ": ".
 */
static void put_clause(struct strbuf *sb, const char *text, bool first)
{
	const char *colon, *result = NULL;
	size_t n, cut;

	/*
	 * "fact: push return address ...": after a one-word subject, the
	 * verb says more; the first event keeps a call ("free(a): ...").
	 */
	colon = strstr(text, ": ");
	if (colon && colon > text &&
	    !memchr(text, ' ', (size_t)(colon - text)) && colon[2] != '\0' &&
	    !(first && memchr(text, '(', (size_t)(colon - text))))
		text = colon + 2;
	colon = strstr(text, ": ");
	for (n = 0; text[n]; n++) {
		char c = text[n], next = text[n + 1];
		/* A full stop inside a number or a name ("a.next") goes on. */
		if (c == ';' || (c == '.' && (next == ' ' || next == '\0')))
			break;
		if ((c == ',' || c == ' ') && next == (c == ',' ? ' ' : '('))
			break;
		if (c == ' ' && next == '=' && text[n + 2] == ' ')
			result = text + n;
	}
	cut = n;
	if (n > (first ? BRIEF_FIRST_MAX : BRIEF_CLAUSE_MAX) && colon &&
	    colon > text && (size_t)(colon - text) < n)
		cut = (size_t)(colon - text);
	while (cut > 0 && (text[cut - 1] == ' ' || text[cut - 1] == ':'))
		cut--;
	if (cut == 0)
		return;
	if (!first && isupper((unsigned char)text[0]) &&
	    islower((unsigned char)text[1])) {
		strbuf_putc(sb, (char)tolower((unsigned char)text[0]));
		strbuf_add(sb, text + 1, cut - 1);
	} else {
		strbuf_add(sb, text, cut);
	}
	if (cut < n && result && result > text + cut)
		strbuf_add(sb, result, (size_t)(text + n - result));
}

/* Drop the last word of s[0..n) (and the spaces before it). */
static size_t drop_word(const char *s, size_t n)
{
	while (n > 0 && s[n - 1] != ' ')
		n--;
	while (n > 0 && s[n - 1] == ' ')
		n--;
	return n;
}

/*
 * How much of the clauses a and b to show once for both: all of a when
 * they are the same; else their common words, without a last word that a
 * number followed and dangling prepositions and articles ("clock hand at
 * frame 0", "clock hand at frame 1" -> "clock hand"); 0 when nothing is
 * common.
 */
static size_t common_len(const char *a, const char *b)
{
	static const char *const preps[] = { "at", "of", "in", "to", "from",
					     "for", "on", "with", "the", "a",
					     "an" };
	size_t n = 0, i;
	bool number, dropped = true;

	while (a[n] && a[n] == b[n])
		n++;
	if (a[n] == '\0' && b[n] == '\0')
		return n;
	number = isxdigit((unsigned char)a[n]) != 0;
	if (n > 0 && a[n - 1] != ' ')
		n = drop_word(a, n);
	while (n > 0 && a[n - 1] == ' ')
		n--;
	if (number && n > 0)
		n = drop_word(a, n);
	/* Then the little words left dangling ("coalesce with the"). */
	while (dropped && n > 0) {
		dropped = false;
		for (i = 0; i < sizeof preps / sizeof *preps; i++) {
			size_t w = strlen(preps[i]);
			if (n > w && a[n - w - 1] == ' ' &&
			    strncmp(a + n - w, preps[i], w) == 0) {
				n = drop_word(a, n);
				dropped = true;
				break;
			}
		}
	}
	return n;
}

void brief_step(struct strbuf *sb, const struct event *ev, size_t n)
{
	struct strbuf *cl = xcalloc(n ? n : 1, sizeof *cl);
	size_t i = 0, parts = 0;

	for (i = 0; i < n; i++) {
		strbuf_init(&cl[i]);
		put_clause(&cl[i], ev[i].text, i == 0);
	}
	i = 0;
	while (i < n) {
		size_t j = i + 1, len;

		if (cl[i].len == 0) {
			i++;
			continue;
		}
		len = cl[i].len;
		while (j < n && ev[j].kind == ev[i].kind && cl[j].len) {
			size_t c = common_len(cl[i].buf, cl[j].buf);
			if (c == 0)
				break;
			if (c < len)
				len = c;
			j++;
		}
		if (parts)
			strbuf_puts(sb, "; ");
		strbuf_add(sb, cl[i].buf, len);
		if (j - i > 1)
			strbuf_printf(sb, " (x%zu)", j - i);
		parts++;
		i = j;
	}
	for (i = 0; i < n; i++)
		strbuf_free(&cl[i]);
	free(cl);
}

void brief_collect(const struct event *ev, void *arg)
{
	struct brief_acc *acc = arg;

	acc->ev = xgrow(acc->ev, &acc->cap, acc->n + 1, sizeof *acc->ev);
	acc->ev[acc->n++] = *ev;
}

void brief_acc_finish(struct brief_acc *acc, struct strbuf *sb)
{
	brief_step(sb, acc->ev, acc->n);
	free(acc->ev);
	memset(acc, 0, sizeof *acc);
}
