/*
 * heapcalls.c: the program of test/bench/traceprog.sh: N iterations of
 * free then malloc over 64 slots (2N heap calls, mixed sizes), then 64
 * frees.
 */
#include <stdlib.h>
int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 500000, i;
	void *keep[64] = { 0 };
	for (i = 0; i < n; i++) {
		int k = (int)(i % 64);
		free(keep[k]);
		keep[k] = malloc(16 + (size_t)(i % 7) * 8);
	}
	for (i = 0; i < 64; i++)
		free(keep[i]);
	return 0;
}
