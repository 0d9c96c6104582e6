/*
 * fragment.c: mixed sizes that fragment a first-fit heap but not a buddy
 * one.  Small and large blocks are allocated in turn, the small ones are
 * freed, and medium blocks are asked for: under first-fit the holes the
 * small blocks left are too small for them, so free memory is split into
 * many useless pieces (external fragmentation), while the buddy
 * allocator merges each freed small block with its free buddy.  The
 * program ends without freeing the rest (as many programs do), so the
 * heap at the end shows the difference.
 * Recorded into fragment.mvs (see README).
 */
#include <stdlib.h>
#include <unistd.h>

#define N 8

int main(void)
{
	char *small[N], *large[N], *medium[N];
	int i;

	for (i = 0; i < N; i++) {
		small[i] = malloc(24);
		large[i] = malloc(200);
	}
	for (i = 0; i < N; i++)
		free(small[i]);
	for (i = 0; i < N; i++)
		medium[i] = malloc(100);
	(void)large;
	(void)medium;
	return write(1, "done\n", 5) == 5 ? 0 : 1;
}
