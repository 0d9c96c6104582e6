/*
 * matrix.c: the program behind matrix.lackey (see cache-real-trace.mvs).
 * Sums a 16 x 16 int matrix twice: row by row (consecutive addresses),
 * then column by column (64 bytes apart).  Built static and without
 * optimisation so the loads are real and the loader's trace is short.
 */
#include <stdio.h>

#define N 16

static int m[N][N];

int main(void)
{
	long rows = 0, cols = 0;
	int i, j;

	for (i = 0; i < N; i++)
		for (j = 0; j < N; j++)
			m[i][j] = i + j;
	for (i = 0; i < N; i++)
		for (j = 0; j < N; j++)
			rows += m[i][j];
	for (j = 0; j < N; j++)
		for (i = 0; i < N; i++)
			cols += m[i][j];
	printf("%ld %ld\n", rows, cols);
	return 0;
}
