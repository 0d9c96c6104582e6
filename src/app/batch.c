/*
 * batch.c: headless output.  Text mode prints one line per step:
 * "step K (line L): narration", with the step's note, marker and ask
 * (its question) on lines of their own.  JSON mode prints one object per step with "step", "kind",
 * "line", "text", "events" and the directive's own fields (what the step
 * did and the state it changed: O(change) per step, so a 20,000-reference
 * trace stays small), then {"summary": {...}}.  --json=full adds the whole
 * state of every model in use to every step (O(state) per step).
 * No object repeats a key (test/schema/memviz.schema.json says which).
 */
#include "app/batch.h"

#include <string.h>

#include "core/directive.h"
#include "core/json.h"
#include "core/stack.h"
#include "core/util.h"
#include "view/brief.h"

/* The narration of a step: its event sentences joined by spaces. */
static void join_events(const struct event *ev, size_t n, struct strbuf *sb)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i)
			strbuf_putc(sb, ' ');
		strbuf_puts(sb, ev[i].text);
	}
}

static void step_json(struct engine *e, size_t k, bool full,
		      struct strbuf *out)
{
	const struct program *p = engine_program(e);
	const struct step *s = engine_step(e, k);
	const struct directive *d = directive_get(s->op);
	const struct machine *m = engine_machine(e);
	const struct event *ev;
	struct strbuf text;
	struct json j;
	size_t n, i;
	uint32_t flags = engine_flags(e, k);
	const char *error_kind = NULL;

	ev = engine_events(e, &n);
	strbuf_init(&text);
	join_events(ev, n, &text);
	json_init(&j, out);
	json_begin_object(&j);
	json_kv_uint(&j, "step", k);
	json_kv_string(&j, "kind", d->name);
	json_kv_uint(&j, "line", s->line);
	json_kv_string(&j, "text", text.buf ? text.buf : "");
	for (i = 0; i < n; i++)
		if ((ev[i].flags & EVF_ERROR) && error_kind == NULL)
			error_kind = event_name(&ev[i]);
	json_kv_bool(&j, "error", (flags & EVF_ERROR) != 0);
	if (error_kind)
		json_kv_string(&j, "error_kind", error_kind);
	if (program_note(p, k - 1))
		json_kv_string(&j, "note", program_note(p, k - 1));
	if (program_mark(p, k - 1))
		json_kv_string(&j, "mark", program_mark(p, k - 1));
	if (program_ask(p, k - 1)) {
		json_kv_string(&j, "ask", program_ask(p, k - 1)->question);
		if (program_ask(p, k - 1)->answer)
			json_kv_string(&j, "ask_answer",
				       program_ask(p, k - 1)->answer);
	}
	json_key(&j, "events");
	json_begin_array(&j);
	for (i = 0; i < n; i++) {
		json_begin_object(&j);
		json_kv_string(&j, "kind", event_name(&ev[i]));
		json_kv_string(&j, "text", ev[i].text);
		json_end_object(&j);
	}
	json_end_array(&j);
	if (d->json)
		d->json(m, s, &j);
	if (full) {
		machine_json_state(m, &j);
	} else if (d->json == NULL && (p->config.uses & USES_STACK)) {
		/* A stack directive has no fields of its own: its change is
		 * the stack's top (sp, fp and the newest frame). */
		json_key(&j, "stack_top");
		stack_json_top(&m->stack, p, &j);
	}
	json_end_object(&j);
	strbuf_putc(out, '\n');
	strbuf_free(&text);
}

static void step_text(struct engine *e, size_t k, struct strbuf *out)
{
	const struct program *p = engine_program(e);
	const struct step *s = engine_step(e, k);
	const struct event *ev;
	size_t n;

	if (program_mark(p, k - 1))
		strbuf_printf(out, "== %s ==\n", program_mark(p, k - 1));
	if (program_note(p, k - 1))
		strbuf_printf(out, "note: %s\n", program_note(p, k - 1));
	if (program_ask(p, k - 1))
		strbuf_printf(out, "ask: %s\n", program_ask(p, k - 1)->question);
	ev = engine_events(e, &n);
	strbuf_printf(out, "step %zu (line %u): ", k, s->line);
	join_events(ev, n, out);
	strbuf_putc(out, '\n');
}

static void summary(struct engine *e, bool json, struct strbuf *out)
{
	struct json j;

	if (json) {
		json_init(&j, out);
		json_begin_object(&j);
		json_key(&j, "summary");
		json_begin_object(&j);
		machine_json_summary(engine_machine(e), &j);
		json_end_object(&j);
		json_end_object(&j);
		strbuf_putc(out, '\n');
		return;
	}
	strbuf_puts(out, "summary: ");
	json_init(&j, out);
	json_begin_object(&j);
	machine_json_summary(engine_machine(e), &j);
	json_end_object(&j);
	strbuf_putc(out, '\n');
}

int batch_run(struct engine *e, enum batch_format fmt, FILE *out)
{
	bool json = fmt != BATCH_TEXT;
	const struct program *p = engine_program(e);
	struct strbuf sb;
	size_t k, n = engine_count(e);
	int rc = 0;

	strbuf_init(&sb);
	engine_goto(e, 0);
	if (!json && p->config.title)
		strbuf_printf(&sb, "# %s\n", p->config.title);
	for (k = 1; k <= n; k++) {
		engine_forward(e);
		if (json)
			step_json(e, k, fmt == BATCH_JSON_FULL, &sb);
		else
			step_text(e, k, &sb);
		if (sb.len > 65536) {
			if (fwrite(sb.buf, 1, sb.len, out) != sb.len)
				rc = 1;
			strbuf_reset(&sb);
		}
	}
	summary(e, json, &sb);
	if (fwrite(sb.buf, 1, sb.len, out) != sb.len || fflush(out) != 0)
		rc = 1;
	strbuf_free(&sb);
	return rc;
}

int batch_run_brief(struct engine *e, FILE *out)
{
	const struct program *p = engine_program(e);
	struct strbuf sb;
	size_t k, n = engine_count(e);
	int rc = 0, w = 1;

	for (k = n; k >= 10; k /= 10)
		w++;
	strbuf_init(&sb);
	engine_goto(e, 0);
	if (p->config.title)
		strbuf_printf(&sb, "# %s\n", p->config.title);
	for (k = 1; k <= n; k++) {
		const struct event *ev;
		size_t nev;

		engine_forward(e);
		if (program_mark(p, k - 1))
			strbuf_printf(&sb, "== %s ==\n", program_mark(p, k - 1));
		ev = engine_events(e, &nev);
		strbuf_printf(&sb, "%*zu  ", w, k);
		brief_step(&sb, ev, nev);
		strbuf_putc(&sb, '\n');
		if (sb.len > 65536) {
			if (fwrite(sb.buf, 1, sb.len, out) != sb.len)
				rc = 1;
			strbuf_reset(&sb);
		}
	}
	if (fwrite(sb.buf, 1, sb.len, out) != sb.len || fflush(out) != 0)
		rc = 1;
	strbuf_free(&sb);
	return rc;
}
