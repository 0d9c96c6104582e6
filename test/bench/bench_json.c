/*
 * bench_json.c: the JSON writer's throughput (issue 19: at least 300 MB/s).
 * Writes, STEPS times, an object shaped like a `refs` step of the default
 * `--batch --json` output (narration, one event, page, hit, evicted and 64
 * frames), into a buffer flushed (reset) every 64 KB as batch.c does, and
 * prints megabytes per second of CPU time, the best of RUNS runs.
 * `make bench` runs it; no limit is enforced here.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/json.h"
#include "core/util.h"

#define STEPS 200000u
#define RUNS 3
#define TARGET_MBS 300.0

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void write_step(struct json *j, uint64_t k)
{
	static const char text[] = "Reference 91: hit, page 91 is in frame 24. "
				   "It becomes the most recently used.";
	unsigned f;

	json_begin_object(j);
	json_kv_uint(j, "step", k);
	json_kv_string(j, "kind", "refs");
	json_kv_uint(j, "line", 252 + k / 20);
	json_kv_string(j, "text", text);
	json_kv_bool(j, "error", false);
	json_key(j, "events");
	json_begin_array(j);
	json_begin_object(j);
	json_kv_string(j, "kind", "hit");
	json_kv_string(j, "text", text);
	json_end_object(j);
	json_end_array(j);
	json_kv_uint(j, "page", k % 100);
	json_kv_bool(j, "hit", true);
	json_key(j, "evicted");
	json_null(j);
	json_key(j, "frames");
	json_begin_array(j);
	for (f = 0; f < 64; f++)
		json_uint(j, (k + f * 37) % 100);
	json_end_array(j);
	json_kv_bool(j, "write", false);
	json_kv_bool(j, "writeback", false);
	json_end_object(j);
}

int main(void)
{
	struct strbuf sb;
	struct json j;
	double best = 0, bytes_per_step = 0;
	int run;

	strbuf_init(&sb);
	for (run = 0; run < RUNS; run++) {
		uint64_t total = 0, k;
		double t0 = now_s(), dt;

		for (k = 1; k <= STEPS; k++) {
			json_init(&j, &sb);
			write_step(&j, k);
			strbuf_putc(&sb, '\n');
			if (sb.len > 65536) {
				total += sb.len;
				strbuf_reset(&sb);
			}
		}
		total += sb.len;
		strbuf_reset(&sb);
		dt = now_s() - t0;
		bytes_per_step = (double)total / STEPS;
		if (dt > 0 && (double)total / dt / 1e6 > best)
			best = (double)total / dt / 1e6;
	}
	strbuf_free(&sb);
	printf("json writer: %.0f MB/s (%u objects of %.0f bytes, best of %d; target %.0f MB/s): %s\n",
	       best, STEPS, bytes_per_step, RUNS, TARGET_MBS,
	       best >= TARGET_MBS ? "met" : "MISSED");
	return 0;
}
