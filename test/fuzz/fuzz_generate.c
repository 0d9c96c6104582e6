/*
 * fuzz_generate.c: a libFuzzer harness for `--generate KIND [--seed N]
 * [KEY=VALUE ...]`.  The input is split at newlines: the first line is
 * the kind, the second the seed (a number; anything else: seed 1), the
 * rest KEY=VALUE arguments, as a course author's script would pass them.
 * Any input must give a scenario or an error message naming why, never a
 * crash; and every scenario generated must load (parse and run) with no
 * error, as `memviz --generate ... | memviz --check -` promises.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/diag.h"
#include "core/engine.h"
#include "core/generate.h"
#include "core/scenario.h"
#include "core/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_ARGS 16

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = xstrndup((const char *)data, size), *line, *save = NULL;
	const char *kind = "", *args[MAX_ARGS];
	size_t nargs = 0, n = 0;
	uint64_t seed = 1;
	struct strbuf out;
	char err[256];

	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save), n++) {
		if (n == 0)
			kind = line;
		else if (n == 1)
			seed = strtoull(line, NULL, 0);
		else if (nargs < MAX_ARGS)
			args[nargs++] = line;
	}
	strbuf_init(&out);
	err[0] = '\0';
	if (generate(kind, seed, args, nargs, &out, err, sizeof err)) {
		struct diag d;
		struct program *p;
		struct engine *e = NULL;

		diag_init(&d, "generated.mvs");
		p = scenario_parse("generated.mvs", out.buf, out.len, &d);
		if (p)
			e = engine_create(p, &d, 0);
		if (e == NULL || d.errors)
			abort(); /* a generated exercise always loads */
		engine_destroy(e);
		program_destroy(p);
		diag_free(&d);
	} else if (err[0] == '\0') {
		abort(); /* a refusal says why */
	}
	strbuf_free(&out);
	free(text);
	return 0;
}
