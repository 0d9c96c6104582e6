/*
 * heaprec.c: libmemviz-heap.so, the heap recorder that `memviz
 * --trace-program` preloads (LD_PRELOAD) into the program it runs.  It
 * interposes malloc, calloc, realloc, reallocarray, free, posix_memalign,
 * aligned_alloc, memalign, valloc and pvalloc, calls glibc's own
 * allocator (__libc_malloc and friends) and appends one record per call
 * (heaprec.h) to the file named by $MEMVIZ_HEAP_OUT, at most
 * $MEMVIZ_HEAP_MAX of them (later calls are only counted, so that the
 * file stays bounded whatever the program does).
 *
 * Invariants:
 * - The recorder never allocates: records go into a shared file mapping
 *   that grows with ftruncate and mremap, so the hooks never recurse, and
 *   what was written survives a crash (the kernel keeps the pages).
 * - One lock orders everything: the allocator call and its record happen
 *   under it, so the file's order is the order the calls took effect,
 *   whatever the threads.  A call made from inside the recorder (or from
 *   a signal handler that interrupted a hook in the same thread) passes
 *   straight through unrecorded.
 * - fork: the child records nothing (its calls are not the parent's
 *   program order, and the file is the parent's); exec: not followed, the
 *   recorder removes $LD_PRELOAD and $MEMVIZ_HEAP_OUT from the
 *   environment when it starts, so programs the program runs (exec,
 *   system, popen) run unrecorded.
 * - Calls made before the recorder's constructor, or after its
 *   destructor, pass through unrecorded.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <link.h>
#include <malloc.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "heaprec.h"

extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t count, size_t n);
extern void *__libc_realloc(void *p, size_t n);
extern void __libc_free(void *p);
extern void *__libc_memalign(size_t align, size_t n);

#define EXPORT __attribute__((visibility("default")))
#define CHUNK ((size_t)16 << 20)

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int fd = -1;
static char *map;
static size_t map_len, used;
static pid_t owner;
static uint64_t kept, max_records = UINT64_MAX;
static volatile int active;
static _Thread_local int in_hook __attribute__((tls_model("initial-exec")));
static _Thread_local uint32_t my_tid __attribute__((tls_model("initial-exec")));

/* Stop recording for good (a failed write or the end). */
static void stop(void)
{
	active = 0;
	if (map)
		munmap(map, map_len);
	map = NULL;
	if (fd >= 0) {
		if (ftruncate(fd, (off_t)used) != 0) {
			/* the zero record after the last one still ends it */
		}
		close(fd);
	}
	fd = -1;
}

/* Append a record (the lock held); stops recording if the file cannot
 * grow. */
static void put(uint32_t op, uint64_t a, uint64_t b, const void *result,
		const void *ret)
{
	struct heaprec *r;

	if (!active)
		return;
	if (op != HEAPREC_EXIT && kept >= max_records) {
		uint64_t dropped;
		memcpy(&dropped, map + HEAPREC_DROPPED_AT, sizeof dropped);
		dropped++;
		memcpy(map + HEAPREC_DROPPED_AT, &dropped, sizeof dropped);
		return;
	}
	if (used + 2 * sizeof *r > map_len) {
		void *m;
		if (ftruncate(fd, (off_t)(map_len + CHUNK)) != 0) {
			stop();
			return;
		}
		m = mremap(map, map_len, map_len + CHUNK, MREMAP_MAYMOVE);
		if (m == MAP_FAILED) {
			stop();
			return;
		}
		map = m;
		map_len += CHUNK;
	}
	if (my_tid == 0)
		my_tid = (uint32_t)syscall(SYS_gettid);
	r = (struct heaprec *)(map + used);
	r->tid = my_tid;
	r->a = a;
	r->b = b;
	r->result = (uint64_t)(uintptr_t)result;
	r->ret = (uint64_t)(uintptr_t)ret;
	__atomic_store_n(&r->op, op, __ATOMIC_RELEASE);
	used += sizeof *r;
	kept++;
}

/* Enter and leave a recorded call: the guard, the lock, errno kept. */
#define ENTER()                      \
	in_hook = 1;                 \
	pthread_mutex_lock(&lock)
#define LEAVE()                          \
	do {                             \
		int saved_ = errno;      \
		pthread_mutex_unlock(&lock); \
		in_hook = 0;             \
		errno = saved_;          \
	} while (0)
#define RECORDING() (active && !in_hook)

EXPORT void *malloc(size_t n)
{
	void *p;

	if (!RECORDING())
		return __libc_malloc(n);
	ENTER();
	p = __libc_malloc(n);
	put(HEAPREC_MALLOC, n, 0, p, __builtin_return_address(0));
	LEAVE();
	return p;
}

EXPORT void *calloc(size_t count, size_t n)
{
	void *p;

	if (!RECORDING())
		return __libc_calloc(count, n);
	ENTER();
	p = __libc_calloc(count, n);
	put(HEAPREC_CALLOC, count, n, p, __builtin_return_address(0));
	LEAVE();
	return p;
}

EXPORT void *realloc(void *old, size_t n)
{
	void *p;

	if (!RECORDING())
		return __libc_realloc(old, n);
	ENTER();
	p = __libc_realloc(old, n);
	put(HEAPREC_REALLOC, (uint64_t)(uintptr_t)old, n, p,
	    __builtin_return_address(0));
	LEAVE();
	return p;
}

EXPORT void *reallocarray(void *old, size_t count, size_t n)
{
	void *p;

	if (n && count > SIZE_MAX / n) {
		errno = ENOMEM;
		return NULL;
	}
	if (!RECORDING())
		return __libc_realloc(old, count * n);
	ENTER();
	p = __libc_realloc(old, count * n);
	put(HEAPREC_REALLOC, (uint64_t)(uintptr_t)old, count * n, p,
	    __builtin_return_address(0));
	LEAVE();
	return p;
}

EXPORT void free(void *p)
{
	if (p == NULL || !RECORDING()) {
		__libc_free(p);
		return;
	}
	ENTER();
	put(HEAPREC_FREE, (uint64_t)(uintptr_t)p, 0, NULL,
	    __builtin_return_address(0));
	__libc_free(p);
	LEAVE();
}

/* The aligned allocations share one body; ret is the caller's address. */
static void *aligned(size_t align, size_t n, const void *ret)
{
	void *p;

	if (!RECORDING())
		return __libc_memalign(align, n);
	ENTER();
	p = __libc_memalign(align, n);
	put(HEAPREC_MEMALIGN, align, n, p, ret);
	LEAVE();
	return p;
}

EXPORT int posix_memalign(void **out, size_t align, size_t n)
{
	void *p;

	if (align == 0 || (align & (align - 1)) || align % sizeof(void *))
		return EINVAL;
	p = aligned(align, n, __builtin_return_address(0));
	if (p == NULL)
		return ENOMEM;
	*out = p;
	return 0;
}

EXPORT void *aligned_alloc(size_t align, size_t n)
{
	return aligned(align, n, __builtin_return_address(0));
}

EXPORT void *memalign(size_t align, size_t n)
{
	return aligned(align, n, __builtin_return_address(0));
}

EXPORT void *valloc(size_t n)
{
	return aligned((size_t)sysconf(_SC_PAGESIZE), n,
		       __builtin_return_address(0));
}

EXPORT void *pvalloc(size_t n)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);

	return aligned(page, (n + page - 1) / page * page,
		       __builtin_return_address(0));
}

/* ---- the maps file, written once at start with no allocation ---- */

static char line[PATH_MAX + 64];

static size_t put_hex(char *s, uint64_t v)
{
	char tmp[16];
	size_t n = 0, i;

	do {
		tmp[n++] = "0123456789abcdef"[v & 15];
		v >>= 4;
	} while (v);
	for (i = 0; i < n; i++)
		s[i] = tmp[n - 1 - i];
	return n;
}

static int write_object(struct dl_phdr_info *info, size_t size, void *data)
{
	int out = *(int *)data;
	char exe[PATH_MAX];
	const char *name = info->dlpi_name;
	size_t k;

	(void)size;
	if (name == NULL || name[0] == '\0') {
		ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
		if (n <= 0)
			return 0;
		exe[n] = '\0';
		name = exe;
	}
	for (k = 0; k < info->dlpi_phnum; k++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[k];
		uint64_t start = info->dlpi_addr + ph->p_vaddr;
		size_t o = 0, len = strlen(name);

		if (ph->p_type != PT_LOAD || len > PATH_MAX)
			continue;
		o += put_hex(line + o, start);
		line[o++] = ' ';
		o += put_hex(line + o, start + ph->p_memsz);
		line[o++] = ' ';
		o += put_hex(line + o, info->dlpi_addr);
		line[o++] = ' ';
		memcpy(line + o, name, len);
		o += len;
		line[o++] = '\n';
		if (write(out, line, o) != (ssize_t)o)
			return 1;
	}
	return 0;
}

static void write_maps(const char *path)
{
	size_t n = strlen(path);
	int out;

	if (n + 6 > sizeof line)
		return;
	memcpy(line, path, n);
	memcpy(line + n, ".maps", 6);
	out = open(line, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (out < 0)
		return;
	dl_iterate_phdr(write_object, &out);
	close(out);
}

/* ---- start, fork and end ---- */

static void before_fork(void)
{
	pthread_mutex_lock(&lock);
}

static void after_fork_parent(void)
{
	pthread_mutex_unlock(&lock);
}

static void after_fork_child(void)
{
	/* The child's calls are not recorded; the mapping is the parent's. */
	active = 0;
	pthread_mutex_unlock(&lock);
}

__attribute__((constructor(101))) static void heaprec_start(void)
{
	const char *path = getenv(HEAPREC_ENV);
	const char *max = getenv(HEAPREC_MAX_ENV);
	uint64_t pid;

	if (path == NULL || path[0] == '\0')
		return;
	in_hook = 1;
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 || ftruncate(fd, (off_t)CHUNK) != 0) {
		in_hook = 0;
		return;
	}
	map = mmap(NULL, CHUNK, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED) {
		map = NULL;
		close(fd);
		fd = -1;
		in_hook = 0;
		return;
	}
	map_len = CHUNK;
	owner = getpid();
	pid = (uint64_t)owner;
	memcpy(map, HEAPREC_MAGIC, 8);
	memcpy(map + 8, &pid, 8);
	used = HEAPREC_HEADER;
	if (max && *max) {
		uint64_t v = 0;
		for (; *max >= '0' && *max <= '9'; max++)
			v = v * 10 + (uint64_t)(*max - '0');
		max_records = v;
	}
	write_maps(path);
	unsetenv(HEAPREC_ENV);
	unsetenv(HEAPREC_MAX_ENV);
	unsetenv("LD_PRELOAD");
	pthread_atfork(before_fork, after_fork_parent, after_fork_child);
	active = 1;
	in_hook = 0;
}

__attribute__((destructor(101))) static void heaprec_end(void)
{
	if (!active || getpid() != owner)
		return;
	pthread_mutex_lock(&lock);
	put(HEAPREC_EXIT, 0, 0, NULL, NULL);
	stop();
	pthread_mutex_unlock(&lock);
}
