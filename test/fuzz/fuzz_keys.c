/*
 * fuzz_keys.c: a libFuzzer harness for key files (`--keys FILE`): the
 * input is written to a file and read with keylog_load, every key taken
 * with keylog_next.  Any input must load or give one "FILE:LINE:COL:
 * error:" (or "cannot read") message, never a crash; times never go back.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/keylog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/memviz-fuzz-keys-XXXXXX", err[512];
	struct keylog *k;
	double t, last = -1;
	int key, fd = mkstemp(path);

	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		unlink(path);
		return 0;
	}
	close(fd);
	err[0] = '\0';
	k = keylog_load(path, err, sizeof err);
	if (k == NULL) {
		if (err[0] == '\0')
			abort(); /* an error says why */
	} else {
		while (keylog_next(k, &t, &key)) {
			if (t < last)
				abort();
			last = t;
		}
		keylog_close(k);
	}
	unlink(path);
	return 0;
}
