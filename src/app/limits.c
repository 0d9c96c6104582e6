/*
 * limits.c: the memory ceiling (see limits.h).  RLIMIT_DATA counts the
 * heap and private writable mappings on Linux 4.7 and later, which is
 * where every allocation of memviz goes; a malloc past it fails and
 * xmalloc's fatal hook says so.
 */
#include "app/limits.h"

#include <sys/resource.h>

#if defined(__SANITIZE_ADDRESS__)
#define LIMITS_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LIMITS_SANITIZED 1
#endif
#endif

static struct rlimit original;
static bool saved;
static uint64_t in_force;

bool limits_apply(void)
{
#ifdef LIMITS_SANITIZED
	return false;
#else
	struct rlimit rl;

	if (getrlimit(RLIMIT_DATA, &original) != 0)
		return false;
	saved = true;
	rl = original;
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur <= LIMITS_DATA_BYTES) {
		in_force = rl.rlim_cur; /* already lower: the caller's choice */
		return true;
	}
	rl.rlim_cur = LIMITS_DATA_BYTES;
	if (setrlimit(RLIMIT_DATA, &rl) == 0)
		in_force = LIMITS_DATA_BYTES;
	return in_force != 0;
#endif
}

void limits_restore(void)
{
	if (saved)
		(void)setrlimit(RLIMIT_DATA, &original);
}

uint64_t limits_data_bytes(void)
{
	return in_force;
}
