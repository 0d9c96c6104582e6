/*
 * heaprec.h: the record format shared by the heap recorder
 * (libmemviz-heap.so, src/preload/heaprec.c) and its reader
 * (src/app/traceprog.c).  A record file is a 16-byte header, then fixed
 * records in call order.  A record whose op is 0 ends the file: the
 * recorder grows the file ahead of its records, so a program that dies
 * mid-run leaves zeros after its last whole record.
 *
 * The maps file (the record path plus ".maps") lists the loaded objects
 * at start, one a line: "START END BIAS PATH" in hex, so that return
 * addresses can be turned into file addresses for addr2line.
 */
#ifndef MEMVIZ_PRELOAD_HEAPREC_H
#define MEMVIZ_PRELOAD_HEAPREC_H

#include <stdint.h>

#define HEAPREC_MAGIC "MVZHEAP1"
/* The header: the magic (8 bytes), the recorder's pid (u64), then the
 * number of calls made after the file held $MEMVIZ_HEAP_MAX records
 * (u64: counted, not recorded), then 8 bytes reserved. */
#define HEAPREC_HEADER 32
#define HEAPREC_DROPPED_AT 16

enum heaprec_op {
	HEAPREC_END = 0,
	HEAPREC_MALLOC = 1,   /* a = size */
	HEAPREC_CALLOC = 2,   /* a = count, b = size */
	HEAPREC_REALLOC = 3,  /* a = old pointer, b = size */
	HEAPREC_FREE = 4,     /* a = pointer */
	HEAPREC_MEMALIGN = 5, /* a = alignment, b = size (posix_memalign,
			       * aligned_alloc, memalign, valloc, pvalloc) */
	HEAPREC_EXIT = 6,     /* the program ended normally */
};

struct heaprec {
	uint32_t op;     /* enum heaprec_op */
	uint32_t tid;    /* the kernel's thread id of the caller */
	uint64_t a, b;
	uint64_t result; /* the pointer returned (0: NULL) */
	uint64_t ret;    /* the return address into the caller */
};

/* The environment variable that names the record file. */
#define HEAPREC_ENV "MEMVIZ_HEAP_OUT"
/* The most records to keep (unset: no limit); later calls are counted. */
#define HEAPREC_MAX_ENV "MEMVIZ_HEAP_MAX"

#endif
