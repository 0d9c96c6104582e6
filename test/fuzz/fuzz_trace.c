/*
 * fuzz_trace.c: a libFuzzer harness for the lackey and din trace readers
 * (trace_parse).  The first byte chooses the format, skip, limit and
 * fetch options and where the text is cut in two (as trace_load's chunks
 * cut it); the rest is the trace text.  Any input must give references or
 * an error sentence, never a crash, and the invariants of trace.h hold.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/trace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct trace_opts o;
	struct trace_buf b;
	char why[256];
	size_t cut, i;
	uint8_t h;

	if (size < 1)
		return 0;
	h = data[0];
	data++;
	size--;
	o.format = h & 1 ? TRACE_DIN : TRACE_LACKEY;
	o.skip = h >> 1 & 3;
	o.limit = h >> 3 & 1 ? 1 + (h >> 4 & 7) : 0;
	o.fetches = (h & 0x80) == 0;
	memset(&b, 0, sizeof b);
	/* Cut at a newline, as trace_load passes whole lines. */
	cut = size ? (size_t)h * 7 % size : 0;
	while (cut < size && data[cut] != '\n')
		cut++;
	if (cut < size)
		cut++;
	if (trace_parse(&o, (const char *)data, cut, &b, why, sizeof why))
		(void)trace_parse(&o, (const char *)data + cut, size - cut, &b,
				  why, sizeof why);
	if (o.limit && b.n > o.limit)
		abort();
	for (i = 0; i < b.n; i++) {
		uint64_t r = b.refs[i];
		if (TRACE_IS_CONTROL(r) && o.format != TRACE_DIN)
			abort(); /* only din has labels 4 and 5 */
		if (!o.fetches && !TRACE_IS_CONTROL(r) &&
		    TRACE_KIND(r) == TRACE_FETCH)
			abort();
	}
	free(b.refs);
	return 0;
}
