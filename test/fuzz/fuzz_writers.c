/*
 * fuzz_writers.c: a libFuzzer harness for the cast and handout writers
 * (`--export`, `--handout`).  The first 4 bytes choose the screen size
 * (1x1 to 120x50), ASCII, present, and which steps; the rest is a
 * scenario.  Both files are written into a scratch folder and removed.
 * Never a crash; the writers report failure only by their return value.
 * (`--generate` and the quiz have harnesses of their own beside this
 * one: fuzz_generate.c, fuzz_quiz.c.)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/export.h"
#include "app/snapshot.h"
#include "app/ui.h"
#include "core/diag.h"
#include "core/engine.h"
#include "core/scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char dir[] = "/tmp/memviz-fuzz-writers-XXXXXX", cast[64], html[64];
	struct diag d;
	struct program *p;
	struct engine *e;
	struct ui_options ui;
	struct export_options ro;
	struct snapshot_handout_options ho;
	size_t n;

	if (size < 4 || mkdtemp(dir) == NULL)
		return 0;
	snprintf(cast, sizeof cast, "%s/o.cast", dir);
	snprintf(html, sizeof html, "%s/o.html", dir);
	diag_init(&d, "fuzz");
	p = scenario_parse("fuzz", (const char *)data + 4, size - 4, &d);
	e = p ? engine_create(p, &d, 0) : NULL;
	if (e) {
		ui_options_init(&ui);
		ui.ascii = data[2] & 1;
		ui.present = data[2] & 2;
		n = engine_count(e);
		memset(&ro, 0, sizeof ro);
		ro.width = 1 + data[0] % 120;
		ro.height = 1 + data[1] % 50;
		ro.step_delay = 1;
		ro.from = n ? data[3] % (n + 1) : 0;
		ro.to = n;
		ro.marker_every_step = data[2] & 4;
		ro.color = data[2] & 8;
		ro.ui = &ui;
		(void)export_recording(e, cast, &ro);
		memset(&ho, 0, sizeof ho);
		ho.width = ro.width;
		ho.height = ro.height;
		ho.from = ro.from;
		ho.to = n < ro.from + 3 ? n : ro.from + 3;
		ho.ui = &ui;
		(void)snapshot_handout(e, html, &ho);
		engine_destroy(e);
	}
	if (p)
		program_destroy(p);
	diag_free(&d);
	unlink(cast);
	unlink(html);
	rmdir(dir);
	return 0;
}
