/*
 * fuzz_render.c: a libFuzzer harness for the renderer.  The first 8
 * bytes choose the terminal size (1x1 to 300x100), --present, --ascii,
 * micro-step mode, the focused pane, zoom, the step and the micro-step;
 * the rest is a scenario (the corpus holds every shipped scenario, so
 * mutations stay mostly valid).  The screen is drawn (view_draw) and
 * written as terminal bytes (ansi_frame), which must carry no control
 * character but CR, LF and ESC, every ESC starting a CSI sequence, and no
 * C1 control: no scenario byte reaches a terminal as a control sequence.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/diag.h"
#include "core/engine.h"
#include "core/program.h"
#include "core/scenario.h"
#include "core/util.h"
#include "view/ansi.h"
#include "view/canvas.h"
#include "view/view.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Abort unless `b` is safe for a terminal (see the top comment). */
static void check_terminal_bytes(const struct strbuf *b)
{
	const unsigned char *u = (const unsigned char *)b->buf;
	size_t i;

	for (i = 0; i < b->len; i++) {
		if (u[i] == 0x1b && (i + 1 >= b->len || u[i + 1] != '['))
			abort();
		if (u[i] < 0x20 && u[i] != 0x1b && u[i] != '\r' && u[i] != '\n')
			abort();
		if (u[i] == 0x7f)
			abort();
		if (u[i] == 0xc2 && i + 1 < b->len && u[i + 1] >= 0x80 &&
		    u[i + 1] < 0xa0)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag d;
	struct program *p;
	struct engine *e;
	struct view_state vs;
	struct canvas *c;
	struct strbuf out;
	int w, h, k;
	size_t step, n;

	if (size < 8)
		return 0;
	w = 1 + (data[0] | data[1] << 8) % 300;
	h = 1 + data[2] % 100;
	diag_init(&d, "fuzz");
	p = scenario_parse("fuzz", (const char *)data + 8, size - 8, &d);
	if (p == NULL) {
		diag_free(&d);
		return 0;
	}
	e = engine_create(p, &d, 0);
	if (e == NULL) {
		program_destroy(p);
		diag_free(&d);
		return 0;
	}
	view_state_init(&vs, p);
	vs.present = data[3] & 1;
	vs.ascii = data[3] & 2;
	vs.micro = data[3] & 4;
	vs.help = (data[3] & 0x18) == 0x18;
	vs.explain = (data[3] & 0x18) == 0x10;
	vs.focus = data[4] % PANE_ID_COUNT;
	vs.zoom = data[3] & 0x20 ? vs.focus : PANE_ID_NONE;
	vs.scroll[vs.focus] = (int)(data[4] >> 4) - 4;
	n = engine_count(e);
	step = n ? (size_t)(data[5] | data[6] << 8) % (n + 1) : 0;
	engine_goto(e, step);
	for (k = 0; k < data[7] % 8; k++)
		if (!engine_event_forward(e))
			break;
	c = canvas_create(w, h, vs.ascii);
	view_draw(c, &vs, e);
	strbuf_init(&out);
	ansi_frame(&out, NULL, c, !(data[3] & 0x40));
	check_terminal_bytes(&out);
	strbuf_reset(&out);
	canvas_to_text(c, &out);
	strbuf_free(&out);
	canvas_destroy(c);
	engine_destroy(e);
	program_destroy(p);
	diag_free(&d);
	return 0;
}
