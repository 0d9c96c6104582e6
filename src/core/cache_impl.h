/*
 * cache_impl.h: what the files of the cache model share (cache.c, the
 * access path and its 3C shadow; cache_levels.c, the levels' lifecycle).
 * Private to src/core/cache*.c.
 */
#ifndef MEMVIZ_CORE_CACHE_IMPL_H
#define MEMVIZ_CORE_CACHE_IMPL_H

#include "core/cache.h"

/* Shared between the files of the model (see each one's definition). */
/*
 * The recency list is circular through a sentinel, node[cap]: its next
 * is the most recently used line, its prev the least.  With no end to
 * test for, moving a line to the front (every hit) takes no branch.
 */
void cache_shadow_init(struct cache_shadow *sh, uint32_t cap);

#endif
