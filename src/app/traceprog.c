/*
 * traceprog.c: record a real program (see traceprog.h).
 *
 * Heap: PROG runs with LD_PRELOAD=libmemviz-heap.so and MEMVIZ_HEAP_OUT
 * naming a record file in a private temporary folder; the recorder
 * (src/preload/heaprec.c) appends one fixed record per heap call.  After
 * PROG ends (however it ends), the records are read up to the first
 * zero record, each return address is turned into a function name (and
 * a source line with debug info) by binutils' addr2line, and the calls
 * become the steps malloc, calloc, realloc and free under one heap.  The
 * heap.s size is the smallest power of two (at least the peak of
 * live bytes) under which the replay has no failed allocation, up to 1G.
 *
 * Cache: PROG runs under `valgrind --tool=lackey --trace-mem=yes`; the
 * trace is kept beside OUT (OUT without .mvs, plus .lackey) and the
 * scenario reads it with `trace FILE group=N` through an L1 and an L2.
 *
 * memviz's own messages go to stderr; PROG's standard streams are its
 * own.  memviz ignores SIGINT and SIGQUIT while PROG runs (as system()
 * does), so ^C stops the program and memviz still writes what it did.
 */
#define _GNU_SOURCE
#include "app/traceprog.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../preload/heaprec.h"
#include "app/limits.h"
#include "app/u64map.h"
#include "core/diag.h"
#include "core/engine.h"
#include "core/heap.h"
#include "core/machine.h"
#include "core/program.h"
#include "core/scenario.h"
#include "core/util.h"

#ifndef MEMVIZ_LIB_DIR
#define MEMVIZ_LIB_DIR "/usr/local/lib/memviz"
#endif

#define HEAPREC_LIB "libmemviz-heap.so"
#define HEAP_BASE 0x100000u
#define HEAP_MAX (1ull << 30)
#define CACHE_MAX_STEPS 20000u

bool traceprog_parse_what(const char *list, unsigned *out, char *err,
			  size_t errsz)
{
	const char *s = list;

	*out = 0;
	while (*s) {
		size_t len = strcspn(s, ", ");
		if (len == 4 && strncmp(s, "heap", 4) == 0)
			*out |= TRACEPROG_HEAP;
		else if (len == 5 && strncmp(s, "cache", 5) == 0)
			*out |= TRACEPROG_CACHE;
		else if (len) {
			snprintf(err, errsz,
				 "--what: unknown '%.*s' (valid: heap, cache, heap,cache)",
				 (int)(len > 32 ? 32 : len), s);
			return false;
		}
		s += len;
		s += strspn(s, ", ");
	}
	if (*out == 0) {
		snprintf(err, errsz, "--what needs heap, cache or heap,cache");
		return false;
	}
	return true;
}

/* ---- running the program ---- */

/* The folder of the running binary (no trailing slash); false if unknown. */
static bool exe_dir(char *out, size_t n)
{
	ssize_t k = readlink("/proc/self/exe", out, n - 1);
	char *slash;

	if (k <= 0)
		return false;
	out[k] = '\0';
	slash = strrchr(out, '/');
	if (slash == NULL)
		return false;
	*slash = '\0';
	return true;
}

/*
 * The recorder library: $MEMVIZ_HEAP_LIB; next to the binary (the build
 * folder); bin/../lib/memviz (a relocated installation); the installation
 * folder.  NULL when none exists.
 */
static char *find_recorder(void)
{
	char dir[PATH_MAX], path[PATH_MAX + 64];
	const char *env = getenv("MEMVIZ_HEAP_LIB");

	if (env && env[0])
		return access(env, R_OK) == 0 ? realpath(env, NULL) : NULL;
	if (exe_dir(dir, sizeof dir)) {
		snprintf(path, sizeof path, "%s/%s", dir, HEAPREC_LIB);
		if (access(path, R_OK) == 0)
			return xstrdup(path);
		snprintf(path, sizeof path, "%s/../lib/memviz/%s", dir,
			 HEAPREC_LIB);
		if (access(path, R_OK) == 0)
			return realpath(path, NULL);
	}
	snprintf(path, sizeof path, "%s/%s", MEMVIZ_LIB_DIR, HEAPREC_LIB);
	return access(path, R_OK) == 0 ? xstrdup(path) : NULL;
}

/*
 * Run argv with extra environment variables (NULL-terminated "K=V"
 * pairs, may be NULL), stdin/stdout untouched unless out_fd >= 0 (then
 * stdout goes there).  Returns the wait status, or -1 when fork failed;
 * an exec failure is exit status 127 after a message from the child.
 */
static int run(char *const *argv, char *const *env, int in_fd, int out_fd)
{
	struct sigaction ign, old_int, old_quit;
	pid_t pid;
	int status = -1;

	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		limits_restore(); /* memviz's ceiling is not PROG's */
		sigaction(SIGINT, &old_int, NULL);
		sigaction(SIGQUIT, &old_quit, NULL);
		for (; env && *env; env++)
			putenv(*env);
		if (in_fd >= 0 && dup2(in_fd, 0) < 0)
			_exit(127);
		if (out_fd >= 0 && dup2(out_fd, 1) < 0)
			_exit(127);
		execvp(argv[0], argv);
		fprintf(stderr, "memviz: cannot run %s: %s\n", argv[0],
			strerror(errno));
		_exit(127);
	}
	if (pid > 0) {
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	}
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	return status;
}

/* memviz's exit status for the program's wait status (with a message
 * when a signal ended it). */
static int pass_status(const char *prog, int status)
{
	if (status == -1)
		return 1;
	if (WIFSIGNALED(status)) {
		int sig = WTERMSIG(status);
		fprintf(stderr, "memviz: %s was killed by signal %d (%s)%s\n",
			prog, sig, strsignal(sig),
			WCOREDUMP(status) ? ", core dumped" : "");
		return 128 + sig;
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

/* A private temporary folder; false with a message. */
static bool make_tmpdir(char *out, size_t n)
{
	const char *t = getenv("TMPDIR");

	snprintf(out, n, "%s/memviz-trace.XXXXXX", t && t[0] ? t : "/tmp");
	if (mkdtemp(out) == NULL) {
		fprintf(stderr, "memviz: cannot make a temporary folder: %s\n",
			strerror(errno));
		return false;
	}
	return true;
}

/* The file's bytes (NULL if unreadable; *len set). */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct strbuf sb;
	char buf[65536];
	size_t n;

	*len = 0;
	if (f == NULL)
		return NULL;
	strbuf_init(&sb);
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		strbuf_add(&sb, buf, n);
	fclose(f);
	*len = sb.len;
	if (sb.buf == NULL)
		return xstrdup("");
	return strbuf_detach(&sb);
}

static bool write_file(const char *path, const char *s, size_t n)
{
	FILE *f = fopen(path, "wb");
	bool ok;

	if (f == NULL) {
		fprintf(stderr, "memviz: cannot write %s: %s\n", path,
			strerror(errno));
		return false;
	}
	ok = fwrite(s, 1, n, f) == n;
	ok = (fclose(f) == 0) && ok;
	if (!ok)
		fprintf(stderr, "memviz: writing %s failed\n", path);
	return ok;
}

/* The command line, quoted for a scenario comment or string. */
static void put_command(struct strbuf *sb, char *const *argv)
{
	size_t i;

	for (i = 0; argv[i]; i++) {
		const char *a = argv[i];
		const char *base = i == 0 && strrchr(a, '/') ? strrchr(a, '/') + 1 : a;
		if (i)
			strbuf_putc(sb, ' ');
		for (; *base; base++)
			strbuf_putc(sb, *base == '"' || *base == '\\' ||
						(unsigned char)*base < 32
					? '_' : *base);
	}
}

/* ---- names from return addresses ---- */

struct object {
	uint64_t start, end, bias;
	char *path;
};

struct site {
	char func[48];   /* a scenario name's stem */
	char *where;     /* "file.c:12" or NULL */
	uint32_t count;  /* blocks named after it so far */
	uint32_t owner;  /* the first site of the same function: its count
			  * numbers the blocks of all of them */
};

struct names {
	struct object *obj;
	size_t nobj, obj_cap;
	struct u64map by_ret; /* return address -> site index */
	struct site *sites;
	size_t nsites, sites_cap;
};

static void read_objects(struct names *nm, const char *maps_path)
{
	FILE *f = fopen(maps_path, "r");
	char line[PATH_MAX + 64];

	if (f == NULL)
		return;
	while (fgets(line, sizeof line, f)) {
		unsigned long long s, e, b;
		int off = 0;
		size_t len;
		if (sscanf(line, "%llx %llx %llx %n", &s, &e, &b, &off) != 3 ||
		    off == 0)
			continue;
		len = strcspn(line + off, "\n");
		nm->obj = xgrow(nm->obj, &nm->obj_cap, nm->nobj + 1,
				sizeof *nm->obj);
		nm->obj[nm->nobj].start = s;
		nm->obj[nm->nobj].end = e;
		nm->obj[nm->nobj].bias = b;
		nm->obj[nm->nobj].path = xstrndup(line + off, len);
		nm->nobj++;
	}
	fclose(f);
}

/* A function name made a scenario name stem: letters, digits, `_`. */
static void set_stem(char *out, size_t n, const char *func)
{
	size_t o = 0;

	if (!((func[0] >= 'a' && func[0] <= 'z') ||
	      (func[0] >= 'A' && func[0] <= 'Z') || func[0] == '_'))
		out[o++] = '_';
	for (; *func && *func != '(' && o + 1 < n; func++) {
		char c = *func;
		out[o++] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
				   (c >= '0' && c <= '9') || c == '_'
			   ? c : '_';
	}
	out[o] = '\0';
}

static uint32_t add_site(struct names *nm, const char *func)
{
	struct site *s;
	size_t k;

	nm->sites = xgrow(nm->sites, &nm->sites_cap, nm->nsites + 1,
			  sizeof *nm->sites);
	s = &nm->sites[nm->nsites];
	memset(s, 0, sizeof *s);
	set_stem(s->func, sizeof s->func, func);
	s->owner = (uint32_t)nm->nsites;
	for (k = 0; k < nm->nsites; k++)
		if (strcmp(nm->sites[k].func, s->func) == 0) {
			s->owner = (uint32_t)k;
			break;
		}
	return (uint32_t)nm->nsites++;
}

/*
 * Name every distinct return address of recs: per loaded object, one
 * addr2line run over its addresses (in a temporary folder `dir`).  An
 * address addr2line cannot place is named after its object's file.
 */
static void resolve_names(struct names *nm, const struct heaprec *recs,
			  size_t n, const char *dir)
{
	size_t i, o;
	bool have_addr2line = true;

	for (i = 0; i < n; i++) {
		if (recs[i].op == HEAPREC_EXIT ||
		    u64map_find(&nm->by_ret, recs[i].ret) != SIZE_MAX)
			continue;
		u64map_put(&nm->by_ret, recs[i].ret, UINT32_MAX);
	}
	for (o = 0; o < nm->nobj; o++) {
		char in_path[PATH_MAX], out_path[PATH_MAX];
		struct object *ob = &nm->obj[o];
		uint64_t *addrs = NULL;
		size_t na = 0, cap = 0, k;
		FILE *f;
		char *text, *p, *base;
		size_t len;

		for (k = 0; k < nm->by_ret.cap; k++) {
			uint64_t r = nm->by_ret.keys[k];
			if (r && nm->by_ret.vals[k] == UINT32_MAX &&
			    r > ob->start && r <= ob->end) {
				addrs = xgrow(addrs, &cap, na + 1, sizeof *addrs);
				addrs[na++] = r;
			}
		}
		if (na == 0)
			continue;
		base = strrchr(ob->path, '/');
		base = base ? base + 1 : ob->path;
		text = NULL;
		snprintf(in_path, sizeof in_path, "%s/addrs", dir);
		snprintf(out_path, sizeof out_path, "%s/names", dir);
		f = fopen(in_path, "w");
		if (f && have_addr2line && access(ob->path, R_OK) == 0) {
			int in_fd, out_fd, st;
			char *argv[] = { "addr2line", "-f", "-C", "-e",
					 ob->path, NULL };
			for (k = 0; k < na; k++)
				fprintf(f, "%llx\n",
					(unsigned long long)(addrs[k] - 1 -
							     ob->bias));
			fclose(f);
			f = NULL;
			in_fd = open(in_path, O_RDONLY);
			out_fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC,
				      0600);
			st = run(argv, NULL, in_fd, out_fd);
			if (in_fd >= 0)
				close(in_fd);
			if (out_fd >= 0)
				close(out_fd);
			if (st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 127)
				have_addr2line = false;
			else
				text = slurp(out_path, &len);
		}
		if (f)
			fclose(f);
		p = text;
		for (k = 0; k < na; k++) {
			char func[256] = "", where[PATH_MAX] = "";
			uint32_t site;
			size_t slot;
			if (p && *p) {
				size_t l = strcspn(p, "\n");
				snprintf(func, sizeof func, "%.*s",
					 (int)(l < 255 ? l : 255), p);
				p += l + (p[l] == '\n');
				l = strcspn(p, "\n");
				snprintf(where, sizeof where, "%.*s",
					 (int)(l < PATH_MAX - 1 ? l : PATH_MAX - 1), p);
				p += l + (p[l] == '\n');
			}
			if (func[0] == '\0' || strcmp(func, "??") == 0)
				snprintf(func, sizeof func, "%s", base);
			site = add_site(nm, func);
			if (where[0] && where[0] != '?') {
				char *slash = strrchr(where, '/');
				char *disc = strstr(where, " (discriminator");
				if (disc)
					*disc = '\0';
				if (strstr(where, ":?") == NULL &&
				    strstr(where, ":0") == NULL)
					nm->sites[site].where =
						xstrdup(slash ? slash + 1 : where);
			}
			slot = u64map_find(&nm->by_ret, addrs[k]);
			nm->by_ret.vals[slot] = site;
		}
		free(text);
		free(addrs);
		unlink(in_path);
		unlink(out_path);
	}
	if (!have_addr2line)
		fprintf(stderr, "memviz: addr2line (binutils) not found: blocks are named after their library instead of their function\n");
	/* Addresses in no object at all. */
	for (i = 0; i < nm->by_ret.cap; i++)
		if (nm->by_ret.keys[i] && nm->by_ret.vals[i] == UINT32_MAX)
			nm->by_ret.vals[i] = add_site(nm, "block");
}

static void names_free(struct names *nm)
{
	size_t i;

	for (i = 0; i < nm->nobj; i++)
		free(nm->obj[i].path);
	for (i = 0; i < nm->nsites; i++)
		free(nm->sites[i].where);
	free(nm->obj);
	free(nm->sites);
	u64map_free(&nm->by_ret);
}

/* ---- the heap scenario ---- */

struct block_name {
	uint32_t site, seq;
};

struct replay {
	struct strbuf steps;     /* the step lines */
	uint64_t peak_bytes;     /* live bytes plus headers at the peak */
	uint64_t max_request;
	size_t nsteps, skipped, threads;
	size_t calls;            /* heap calls kept */
};

static uint64_t round16(uint64_t v)
{
	return (v + 15) / 16 * 16;
}

/* "make_node.3" for block b. */
static void put_name(struct strbuf *sb, const struct names *nm,
		     const struct block_name *b)
{
	strbuf_printf(sb, "%s.%u", nm->sites[b->site].func, b->seq);
}

static void put_comment(struct strbuf *sb, const struct names *nm,
			uint32_t site, uint32_t thread, const char *call)
{
	const struct site *s = &nm->sites[site];

	strbuf_printf(sb, "# %s in %s", call, s->func);
	if (s->where)
		strbuf_printf(sb, " at %s", s->where);
	if (thread > 1)
		strbuf_printf(sb, ", thread %u", thread);
	strbuf_putc(sb, '\n');
}

/*
 * Turn the records into steps.  A pointer the record never saw allocated
 * (from before the recorder started), malloc(0) and failed calls become
 * comments only.
 */
static void build_steps(struct replay *rp, struct names *nm,
			const struct heaprec *recs, size_t n)
{
	struct u64map live = { 0 };  /* pointer -> index into blocks */
	struct u64map tids = { 0 };  /* kernel tid -> thread number */
	struct block_name *blocks = NULL;
	uint64_t *sizes = NULL;
	size_t nblocks = 0, cap = 0, scap = 0, i;
	uint64_t live_bytes = 0;

	for (i = 0; i < n; i++) {
		const struct heaprec *r = &recs[i];
		uint32_t site, thread;
		size_t slot;
		char call[96];
		uint64_t size = 0;

		if (r->op == HEAPREC_EXIT)
			continue;
		rp->calls++;
		slot = u64map_find(&tids, (uint64_t)r->tid + 1);
		if (slot == SIZE_MAX) {
			u64map_put(&tids, (uint64_t)r->tid + 1,
				   (uint32_t)++rp->threads);
			thread = (uint32_t)rp->threads;
		} else {
			thread = tids.vals[slot];
		}
		site = nm->by_ret.vals[u64map_find(&nm->by_ret, r->ret)];
		switch (r->op) {
		case HEAPREC_MALLOC:
		case HEAPREC_CALLOC:
		case HEAPREC_MEMALIGN:
		case HEAPREC_REALLOC:
			if (r->op == HEAPREC_MALLOC) {
				size = r->a;
				snprintf(call, sizeof call, "malloc(%llu)",
					 (unsigned long long)size);
			} else if (r->op == HEAPREC_CALLOC) {
				size = r->b && r->a > UINT64_MAX / r->b
					       ? UINT64_MAX : r->a * r->b;
				snprintf(call, sizeof call, "calloc(%llu, %llu)",
					 (unsigned long long)r->a,
					 (unsigned long long)r->b);
			} else if (r->op == HEAPREC_MEMALIGN) {
				size = r->b;
				snprintf(call, sizeof call,
					 "aligned allocation (align %llu, %llu bytes)",
					 (unsigned long long)r->a,
					 (unsigned long long)r->b);
			} else {
				size = r->b;
				snprintf(call, sizeof call, "realloc(%s, %llu)",
					 r->a ? "p" : "NULL",
					 (unsigned long long)r->b);
			}
			put_comment(&rp->steps, nm, site, thread, call);
			if (r->op == HEAPREC_REALLOC && r->a &&
			    (slot = u64map_find(&live, r->a)) != SIZE_MAX) {
				uint32_t b = live.vals[slot];
				if (size == 0 || r->result == 0) {
					if (size == 0) { /* glibc frees */
						strbuf_puts(&rp->steps, "free ");
						put_name(&rp->steps, nm, &blocks[b]);
						strbuf_putc(&rp->steps, '\n');
						rp->nsteps++;
						live_bytes -= round16(sizes[b]) + 16;
						u64map_remove(&live, slot);
					} else {
						strbuf_puts(&rp->steps, "# it failed: skipped\n");
						rp->skipped++;
					}
					break;
				}
				strbuf_puts(&rp->steps, "realloc ");
				put_name(&rp->steps, nm, &blocks[b]);
				strbuf_printf(&rp->steps, " %llu\n",
					      (unsigned long long)size);
				rp->nsteps++;
				live_bytes += round16(size) - round16(sizes[b]);
				sizes[b] = size;
				u64map_remove(&live, slot);
				u64map_put(&live, r->result, b);
			} else {
				if (r->op == HEAPREC_REALLOC && r->a) {
					strbuf_puts(&rp->steps, "# its block was allocated before recording: replayed as a malloc\n");
				}
				if (size == 0 || r->result == 0 ||
				    size > (1ull << 40)) {
					strbuf_puts(&rp->steps,
						    size == 0 ? "# 0 bytes: skipped\n"
							      : "# it failed: skipped\n");
					rp->skipped++;
					break;
				}
				blocks = xgrow(blocks, &cap, nblocks + 1,
					       sizeof *blocks);
				sizes = xgrow(sizes, &scap, nblocks + 1,
					      sizeof *sizes);
				blocks[nblocks].site = site;
				blocks[nblocks].seq =
					++nm->sites[nm->sites[site].owner].count;
				sizes[nblocks] = size;
				if (r->op == HEAPREC_CALLOC)
					strbuf_puts(&rp->steps, "calloc ");
				else
					strbuf_puts(&rp->steps, "malloc ");
				put_name(&rp->steps, nm, &blocks[nblocks]);
				if (r->op == HEAPREC_CALLOC)
					strbuf_printf(&rp->steps, " %llu %llu\n",
						      (unsigned long long)r->a,
						      (unsigned long long)r->b);
				else
					strbuf_printf(&rp->steps, " %llu\n",
						      (unsigned long long)size);
				rp->nsteps++;
				live_bytes += round16(size) + 16;
				u64map_put(&live, r->result, (uint32_t)nblocks);
				nblocks++;
			}
			if (size > rp->max_request)
				rp->max_request = size;
			break;
		case HEAPREC_FREE:
			snprintf(call, sizeof call, "free");
			put_comment(&rp->steps, nm, site, thread, call);
			slot = u64map_find(&live, r->a);
			if (slot == SIZE_MAX) {
				strbuf_puts(&rp->steps, "# a block allocated before recording (or by a skipped call): skipped\n");
				rp->skipped++;
				break;
			}
			strbuf_puts(&rp->steps, "free ");
			put_name(&rp->steps, nm, &blocks[live.vals[slot]]);
			strbuf_putc(&rp->steps, '\n');
			rp->nsteps++;
			live_bytes -= round16(sizes[live.vals[slot]]) + 16;
			u64map_remove(&live, slot);
			break;
		default:
			break;
		}
		if (live_bytes > rp->peak_bytes)
			rp->peak_bytes = live_bytes;
	}
	free(blocks);
	free(sizes);
	u64map_free(&live);
	u64map_free(&tids);
}

static uint64_t pow2_at_least(uint64_t v)
{
	uint64_t p = 256;

	while (p < v && p < HEAP_MAX)
		p *= 2;
	return p;
}

/* The slab caches for policy=slab: powers of two up to the largest
 * request (at most 1M). */
static void put_slab_caches(struct strbuf *sb, uint64_t max_request)
{
	uint64_t s;

	strbuf_puts(sb, "# slab: one cache per power of two, like kmalloc\n");
	for (s = 16; s <= (1u << 20); s *= 2) {
		uint64_t per = s <= 256 ? 32 : s <= 4096 ? 8 : 2;
		strbuf_printf(sb, "slab kmalloc_%llu size=%llu per-slab=%llu\n",
			      (unsigned long long)s, (unsigned long long)s,
			      (unsigned long long)per);
		if (s >= max_request)
			break;
	}
}

/* The whole scenario text for a heap of size bytes. */
static void put_heap_scenario(struct strbuf *sb, const struct replay *rp,
			      char *const *argv, int policy, uint64_t size,
			      const char *about_extra)
{
	char sz[32];

	util_format_size(sz, sizeof sz, size);
	if (size < 1024 || size % 1024 != 0) /* "a 512-byte heap" */
		snprintf(sz, sizeof sz, "%llu-byte", (unsigned long long)size);
	strbuf_puts(sb, "# Recorded by memviz --trace-program from: ");
	put_command(sb, argv);
	strbuf_puts(sb, "\n# Each step is one heap call of the program, in order; the comment\n"
			"# above it names the call, the function that made it and, with\n"
			"# debug information, the source line.\n");
	strbuf_puts(sb, "title \"The heap of ");
	put_command(sb, argv);
	strbuf_puts(sb, "\"\n");
	strbuf_printf(sb, "about \"The heap calls of a real run, replayed under %s in %s %s heap: %zu call%s",
		      heap_policy_names[policy], article_num(size), sz, rp->calls,
		      rp->calls == 1 ? "" : "s");
	if (rp->threads > 1)
		strbuf_printf(sb, " from %zu threads", rp->threads);
	if (rp->skipped)
		strbuf_printf(sb, ", %zu of them skipped (malloc(0), failed calls, blocks from before recording)",
			      rp->skipped);
	strbuf_printf(sb, ". Blocks are named after the function that allocated them. The sizes and their order are the program's; the addresses are those of the simulated allocator, not of the C library's.%s\"\n\n",
		      about_extra);
	strbuf_printf(sb, "heap size=%llu base=0x%x align=16 policy=%s%s\n",
		      (unsigned long long)size, HEAP_BASE,
		      heap_policy_names[policy],
		      policy == HEAP_BUDDY || policy == HEAP_SLAB ? ""
								  : " header=16");
	strbuf_puts(sb, "panes heap\n\n");
	if (policy == HEAP_SLAB)
		put_slab_caches(sb, rp->max_request);
	strbuf_add(sb, rp->steps.buf ? rp->steps.buf : "", rp->steps.len);
}

/* The number of failed allocations when text is replayed (-1: invalid). */
static long replay_failures(const char *text, size_t len)
{
	struct diag d;
	struct program *p;
	struct engine *e;
	long failures = -1;

	diag_init(&d, "recorded.mvs");
	p = scenario_parse("recorded.mvs", text, len, &d);
	e = p ? engine_create(p, &d, 0) : NULL;
	if (e) {
		engine_goto(e, engine_count(e));
		failures = (long)engine_machine(e)->heap.failures;
	} else {
		size_t i;
		for (i = 0; i < d.count; i++)
			fprintf(stderr, "%s\n", d.lines[i]);
	}
	engine_destroy(e);
	program_destroy(p);
	diag_free(&d);
	return failures;
}

static bool has_interp(const char *prog)
{
	/* A dynamically linked ELF file names its loader (PT_INTERP); we
	 * look for the loader's name in the first 4K as a cheap test. */
	char path[PATH_MAX], buf[4096];
	const char *p = prog;
	FILE *f;
	size_t n;

	if (strchr(prog, '/') == NULL) {
		const char *env = getenv("PATH");
		char *dirs = xstrdup(env ? env : "/usr/bin:/bin"), *d, *save;
		bool found = false;
		for (d = strtok_r(dirs, ":", &save); d && !found;
		     d = strtok_r(NULL, ":", &save)) {
			snprintf(path, sizeof path, "%s/%s", d, prog);
			found = access(path, X_OK) == 0;
		}
		free(dirs);
		if (!found)
			return true;
		p = path;
	}
	f = fopen(p, "rb");
	if (f == NULL)
		return true;
	n = fread(buf, 1, sizeof buf, f);
	fclose(f);
	if (n < 4 || memcmp(buf, "\177ELF", 4) != 0)
		return true; /* a script: its interpreter is dynamic */
	return memmem(buf, n, "ld-linux", 8) != NULL ||
	       memmem(buf, n, "ld-musl", 7) != NULL;
}

static int trace_heap(const struct traceprog_options *opt, const char *out,
		      const char *dir, int *prog_status)
{
	char rec_path[PATH_MAX], maps_path[PATH_MAX + 8];
	char env_out[PATH_MAX + 32], env_pre[PATH_MAX + 32], env_max[64];
	char *env[4], *lib, *data;
	uint64_t dropped;
	const struct heaprec *recs;
	size_t len, n, total;
	struct names nm;
	struct replay rp;
	struct strbuf sb, extra;
	int policy = opt->heap_policy < 0 ? HEAP_FIRST_FIT : opt->heap_policy;
	const char *prog = opt->argv[0];
	uint64_t size;
	long fails;
	bool ended, cut = false;
	int rc = 0;

	lib = find_recorder();
	if (lib == NULL) {
		fprintf(stderr, "memviz: the heap recorder %s was found neither next to memviz nor in %s (build it with make)\n",
			HEAPREC_LIB, MEMVIZ_LIB_DIR);
		return 1;
	}
	snprintf(rec_path, sizeof rec_path, "%s/heap.rec", dir);
	snprintf(maps_path, sizeof maps_path, "%s.maps", rec_path);
	snprintf(env_out, sizeof env_out, "%s=%s", HEAPREC_ENV, rec_path);
	snprintf(env_pre, sizeof env_pre, "LD_PRELOAD=%s", lib);
	/* Keep one record more than the scenario can hold (and the exit
	 * record), so a cut is seen; the rest are only counted. */
	snprintf(env_max, sizeof env_max, "%s=%ld", HEAPREC_MAX_ENV,
		 (opt->limit >= 0 && opt->limit < TRACEPROG_MAX_STEPS
			  ? opt->limit : TRACEPROG_MAX_STEPS) + 1);
	env[0] = env_out;
	env[1] = env_pre;
	env[2] = env_max;
	env[3] = NULL;
	*prog_status = run(opt->argv, env, -1, -1);
	free(lib);
	if (*prog_status == -1) {
		fprintf(stderr, "memviz: cannot start %s: %s\n", prog,
			strerror(errno));
		return 1;
	}
	if (WIFEXITED(*prog_status) && WEXITSTATUS(*prog_status) == 127 &&
	    access(rec_path, F_OK) != 0)
		return 1; /* the child said why */
	data = slurp(rec_path, &len);
	unlink(rec_path);
	if (data == NULL || len < HEAPREC_HEADER ||
	    memcmp(data, HEAPREC_MAGIC, 8) != 0) {
		free(data);
		unlink(maps_path);
		if (!has_interp(prog))
			fprintf(stderr, "memviz: %s is statically linked: its heap calls cannot be recorded (the recorder is loaded with LD_PRELOAD, which needs a dynamically linked program); nothing written\n",
				prog);
		else
			fprintf(stderr, "memviz: the heap recorder did not load into %s (a statically linked or setuid program cannot be recorded with LD_PRELOAD); nothing written\n",
				prog);
		return 1;
	}
	recs = (const struct heaprec *)(data + HEAPREC_HEADER);
	memcpy(&dropped, data + HEAPREC_DROPPED_AT, sizeof dropped);
	total = (len - HEAPREC_HEADER) / sizeof *recs;
	for (n = 0; n < total && recs[n].op != HEAPREC_END; n++)
		;
	ended = WIFEXITED(*prog_status);
	total = n - (n > 0 && recs[n - 1].op == HEAPREC_EXIT ? 1 : 0) +
		(size_t)dropped; /* heap calls */
	if (total == 0) {
		free(data);
		unlink(maps_path);
		fprintf(stderr, "memviz: %s made no heap calls (malloc, calloc, realloc, free): there is nothing to replay; nothing written\n",
			prog);
		return 1;
	}
	if (opt->limit >= 0 && (size_t)opt->limit < total) {
		n = (size_t)opt->limit;
		cut = true;
	} else if (total > (size_t)TRACEPROG_MAX_STEPS) {
		n = (size_t)TRACEPROG_MAX_STEPS;
		cut = true;
		fprintf(stderr, "memviz: %s made %zu heap calls; the scenario keeps the first %ld (the step limit; --limit N keeps fewer)\n",
			prog, total, TRACEPROG_MAX_STEPS);
	} else {
		n = total;
	}
	memset(&nm, 0, sizeof nm);
	read_objects(&nm, maps_path);
	unlink(maps_path);
	resolve_names(&nm, recs, n, dir);
	memset(&rp, 0, sizeof rp);
	strbuf_init(&rp.steps);
	build_steps(&rp, &nm, recs, n);
	strbuf_init(&extra);
	if (cut)
		strbuf_printf(&extra, " Only the first %zu of the program's %zu heap calls are kept (%s).",
			      n, total,
			      opt->limit >= 0 ? "--limit" : "the step limit");
	if (!ended && WIFSIGNALED(*prog_status))
		strbuf_printf(&extra, " The program did not end normally: signal %d (%s) killed it, and the record stops at its last heap call.",
			      WTERMSIG(*prog_status),
			      strsignal(WTERMSIG(*prog_status)));
	if (rp.nsteps == 0) {
		fprintf(stderr, "memviz: none of the heap calls of %s can be replayed (all were skipped); nothing written\n",
			prog);
		rc = 1;
		goto done;
	}
	/* The smallest heap with no failed allocation (at most 1G), or the
	 * size given. */
	size = opt->heap_size ? opt->heap_size
			      : pow2_at_least(rp.peak_bytes < 256 ? 256
								: rp.peak_bytes);
	strbuf_init(&sb);
	for (;;) {
		strbuf_reset(&sb);
		put_heap_scenario(&sb, &rp, opt->argv, policy, size,
				  extra.buf ? extra.buf : "");
		fails = replay_failures(sb.buf, sb.len);
		if (fails < 0) {
			rc = 1;
			break;
		}
		if (fails == 0 || size >= HEAP_MAX || opt->heap_size)
			break;
		size *= 2;
	}
	if (rc == 0 && fails > 0 && opt->heap_size)
		fprintf(stderr, "memviz: in a heap of %llu bytes, %ld %s under %s\n",
			(unsigned long long)size, fails,
			fails == 1 ? "allocation fails" : "allocations fail",
			heap_policy_names[policy]);
	else if (rc == 0 && fails > 0)
		fprintf(stderr, "memviz: even a 1G heap leaves %ld allocation%s failing under %s\n",
			fails, fails == 1 ? "" : "s", heap_policy_names[policy]);
	if (rc == 0 && !write_file(out, sb.buf, sb.len))
		rc = 1;
	strbuf_free(&sb);
done:
	strbuf_free(&extra);
	strbuf_free(&rp.steps);
	names_free(&nm);
	free(data);
	return rc;
}

/* ---- the cache scenario ---- */

static int trace_cache(const struct traceprog_options *opt, const char *out,
		       int *prog_status)
{
	char trace[PATH_MAX], logopt[PATH_MAX + 16];
	const char *base;
	char **argv;
	size_t argc, i, lines = 0, group, kept;
	FILE *f;
	int c;
	struct strbuf sb;
	int rc = 0;

	snprintf(trace, sizeof trace, "%.*s.lackey",
		 (int)(strlen(out) > 4 && strcmp(out + strlen(out) - 4, ".mvs") == 0
			       ? strlen(out) - 4 : strlen(out)),
		 out);
	snprintf(logopt, sizeof logopt, "--log-file=%s", trace);
	for (argc = 0; opt->argv[argc]; argc++)
		;
	argv = xcalloc(argc + 6, sizeof *argv);
	argv[0] = "valgrind";
	argv[1] = "--tool=lackey";
	argv[2] = "--trace-mem=yes";
	argv[3] = logopt;
	for (i = 0; i <= argc; i++)
		argv[4 + i] = opt->argv[i];
	*prog_status = run(argv, NULL, -1, -1);
	free(argv);
	if (*prog_status == -1 ||
	    (WIFEXITED(*prog_status) && WEXITSTATUS(*prog_status) == 127 &&
	     access(trace, F_OK) != 0)) {
		fprintf(stderr, "memviz: --what cache runs the program under valgrind, which is not installed (Debian: apt-get install valgrind)\n");
		return 1;
	}
	f = fopen(trace, "r");
	if (f == NULL) {
		fprintf(stderr, "memviz: valgrind wrote no trace to %s\n", trace);
		return 1;
	}
	/* Count the data references: lines " L", " S", " M". */
	{
		int col = 0, first = 0;
		while ((c = getc(f)) != EOF) {
			if (c == '\n') {
				col = 0;
				continue;
			}
			if (col == 0)
				first = c;
			if (col == 1 && first == ' ' &&
			    (c == 'L' || c == 'S' || c == 'M'))
				lines++;
			col++;
		}
	}
	fclose(f);
	kept = opt->limit >= 0 && (size_t)opt->limit < lines ? (size_t)opt->limit
							     : lines;
	if (opt->limit < 0 && kept > (size_t)TRACEPROG_MAX_REFS) {
		kept = (size_t)TRACEPROG_MAX_REFS;
		fprintf(stderr, "memviz: %s made %zu data references; the scenario keeps the first %ld (--limit N keeps fewer)\n",
			opt->argv[0], lines, TRACEPROG_MAX_REFS);
	}
	group = (kept + CACHE_MAX_STEPS - 1) / CACHE_MAX_STEPS;
	if (group < 1)
		group = 1;
	base = strrchr(trace, '/');
	base = base ? base + 1 : trace;
	strbuf_init(&sb);
	strbuf_puts(&sb, "# Recorded by memviz --trace-program --what cache from: ");
	put_command(&sb, opt->argv);
	strbuf_printf(&sb, "\n# valgrind --tool=lackey --trace-mem=yes wrote %s beside this file.\n",
		      base);
	strbuf_puts(&sb, "title \"The memory accesses of ");
	put_command(&sb, opt->argv);
	strbuf_printf(&sb, "\"\nabout \"valgrind's lackey recorded every load and store of a real run (%zu data references",
		      lines);
	if (kept < lines)
		strbuf_printf(&sb, "; the first %zu are kept (%s)", kept,
			      opt->limit >= 0 ? "--limit" : "the step limit");
	strbuf_printf(&sb, "). They go through an L1 data cache and an L2%s. The run includes the dynamic loader and the C library's start-up, not only main.\"\n\n",
		      group > 1 ? ", several references per step" : "");
	strbuf_puts(&sb, "cache L1d size=32K line=64 ways=8\n");
	strbuf_puts(&sb, "cache L2 size=256K line=64 ways=8\n\n");
	strbuf_printf(&sb, "trace %s fetch=off", base);
	if (kept < lines)
		strbuf_printf(&sb, " limit=%zu", kept);
	if (group > 1)
		strbuf_printf(&sb, " group=%zu", group);
	strbuf_putc(&sb, '\n');
	if (lines == 0) {
		fprintf(stderr, "memviz: valgrind recorded no data references of %s; nothing written\n",
			opt->argv[0]);
		rc = 1;
	} else if (!write_file(out, sb.buf, sb.len)) {
		rc = 1;
	}
	strbuf_free(&sb);
	return rc;
}

int traceprog_main(const struct traceprog_options *opt, char **written)
{
	char dir[PATH_MAX], tmp_out[PATH_MAX + 16];
	const char *out = opt->out;
	unsigned what = opt->what ? opt->what : TRACEPROG_HEAP;
	int status = 0, rc = 0;

	*written = NULL;
	if (!make_tmpdir(dir, sizeof dir))
		return 1;
	if (strcmp(out, "-") == 0) {
		snprintf(tmp_out, sizeof tmp_out, "%s/recorded.mvs", dir);
		out = tmp_out;
	}
	if (what == (TRACEPROG_HEAP | TRACEPROG_CACHE)) {
		/* Two scenarios: OUT for the heap, OUT-cache.mvs for the
		 * accesses (the program runs twice). */
		char cache_out[PATH_MAX + 16];
		size_t l = strlen(out);
		snprintf(cache_out, sizeof cache_out, "%.*s-cache.mvs",
			 (int)(l > 4 && strcmp(out + l - 4, ".mvs") == 0 ? l - 4 : l),
			 out);
		rc = trace_heap(opt, out, dir, &status);
		if (rc == 0) {
			rc = trace_cache(opt, cache_out, &status);
			if (rc == 0)
				fprintf(stderr, "memviz: wrote %s (heap) and %s (cache)\n",
					out, cache_out);
		}
	} else if (what & TRACEPROG_CACHE) {
		rc = trace_cache(opt, out, &status);
	} else {
		rc = trace_heap(opt, out, dir, &status);
	}
	if (rc == 0 && out == tmp_out)
		*written = xstrdup(out);
	else
		rmdir(dir);
	if (rc != 0) {
		int ps = pass_status(opt->argv[0], status);
		return ps ? ps : rc;
	}
	return pass_status(opt->argv[0], status);
}
