/*
 * fuzz_scenario.c: a libFuzzer harness for the scenario parser and the
 * engine's load-time run.  Any input must give a program or diagnostics,
 * never a crash, a leak or a hang.  Run with `make fuzz`.
 */
#include <stddef.h>
#include <stdint.h>

#include "core/diag.h"
#include "core/engine.h"
#include "core/scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag d;
	struct program *p;

	diag_init(&d, "fuzz");
	p = scenario_parse("fuzz", (const char *)data, size, &d);
	if (p) {
		struct engine *e = engine_create(p, &d, 4);
		if (e) {
			engine_goto(e, engine_count(e) / 2);
			engine_event_forward(e);
			engine_event_back(e);
			engine_back(e);
			engine_destroy(e);
		}
		program_destroy(p);
	}
	diag_free(&d);
	return 0;
}
