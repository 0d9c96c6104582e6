/*
 * cache_geometry.c: the checks of a cache level's geometry and of the
 * hierarchy as a whole (sizes, ways, line sizes, inclusion), with the
 * reason a configuration is refused.
 */
#include "core/cache.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/directive.h"
#include "core/json.h"
#include "core/latency.h"
#include "core/trace.h"
#include "core/util.h"

static bool is_pow2(uint64_t v)
{
	return v != 0 && (v & (v - 1)) == 0;
}

/* ---- geometry checks ---- */

bool cache_level_check(const char *name, const struct cache_level_config *lc,
		       char *why, size_t whysz, const char **key)
{
	uint64_t lines, ways, sets;

	if (lc->line_bytes < 4 || lc->line_bytes > 4096 ||
	    !is_pow2(lc->line_bytes)) {
		*key = "line";
		snprintf(why, whysz, "%s: the line size must be a power of two from 4 to 4096 bytes, not %llu",
			 name, (unsigned long long)lc->line_bytes);
		return false;
	}
	if (lc->size_bytes == 0 || lc->size_bytes > CACHE_MAX_SIZE) {
		*key = "size";
		snprintf(why, whysz, "%s: the size must be between 1 line and 1G", name);
		return false;
	}
	if (lc->size_bytes % lc->line_bytes) {
		*key = "size";
		snprintf(why, whysz, "%s: size %llu is not a multiple of the line size %llu",
			 name, (unsigned long long)lc->size_bytes,
			 (unsigned long long)lc->line_bytes);
		return false;
	}
	lines = lc->size_bytes / lc->line_bytes;
	if (lines > CACHE_MAX_LINES) {
		*key = "size";
		snprintf(why, whysz, "%s: at most %u lines (size / line), not %llu",
			 name, CACHE_MAX_LINES, (unsigned long long)lines);
		return false;
	}
	ways = lc->ways ? lc->ways : lines;
	if (ways > lines) {
		*key = "ways";
		snprintf(why, whysz, "%s: %llu ways need at least %llu lines, but size / line is %llu",
			 name, (unsigned long long)ways,
			 (unsigned long long)ways, (unsigned long long)lines);
		return false;
	}
	if (ways > CACHE_MAX_WAYS) {
		*key = "ways";
		snprintf(why, whysz, "%s: at most %u ways (this one would have %llu)",
			 name, CACHE_MAX_WAYS, (unsigned long long)ways);
		return false;
	}
	if (lines % ways) {
		*key = "size";
		snprintf(why, whysz, "%s: size %llu is not a multiple of line x ways = %llu",
			 name, (unsigned long long)lc->size_bytes,
			 (unsigned long long)(lc->line_bytes * ways));
		return false;
	}
	sets = lines / ways;
	if (!is_pow2(sets)) {
		*key = "size";
		snprintf(why, whysz, "%s: size / (line x ways) gives %llu sets, which is not a power of two",
			 name, (unsigned long long)sets);
		return false;
	}
	if (lc->replace == CACHE_PLRU && (!is_pow2(ways) || ways > 64)) {
		*key = "replace";
		snprintf(why, whysz, "%s: plru needs a power-of-two number of ways up to 64, not %llu",
			 name, (unsigned long long)ways);
		return false;
	}
	return true;
}

bool cache_config_check(const struct cache_config *c, char *why,
			size_t whysz, int *bad)
{
	const struct cache_level_config *s = c->slot;
	uint64_t upper_line = 0;
	int i;

	if (s[CACHE_SLOT_L1].present &&
	    (s[CACHE_SLOT_L1I].present || s[CACHE_SLOT_L1D].present)) {
		*bad = s[CACHE_SLOT_L1I].present ? CACHE_SLOT_L1I :
						    CACHE_SLOT_L1D;
		snprintf(why, whysz, "a unified L1 and a split L1i/L1d cannot both be configured");
		return false;
	}
	if (s[CACHE_SLOT_L2].present && !s[CACHE_SLOT_L1].present &&
	    !s[CACHE_SLOT_L1I].present && !s[CACHE_SLOT_L1D].present) {
		*bad = CACHE_SLOT_L2;
		snprintf(why, whysz, "L2 needs an L1 (or L1i/L1d) configured first");
		return false;
	}
	if (s[CACHE_SLOT_L3].present && !s[CACHE_SLOT_L2].present) {
		*bad = CACHE_SLOT_L3;
		snprintf(why, whysz, "L3 needs an L2 configured first");
		return false;
	}
	for (i = 0; i < CACHE_SLOTS; i++) {
		if (!s[i].present)
			continue;
		if (i == CACHE_SLOT_L2 || i == CACHE_SLOT_L3) {
			if (s[i].line_bytes < upper_line) {
				*bad = i;
				snprintf(why, whysz, "%s's line (%llu bytes) is smaller than the level above's (%llu): line sizes cannot shrink going down",
					 cache_level_words[i],
					 (unsigned long long)s[i].line_bytes,
					 (unsigned long long)upper_line);
				return false;
			}
		}
		if (s[i].line_bytes > upper_line)
			upper_line = s[i].line_bytes;
	}
	return true;
}
