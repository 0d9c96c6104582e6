/*
 * trace.c: lackey and din trace importers (formats in trace.h).  The
 * lackey reader is a hand-written scanner over whole lines: it looks at the
 * first three bytes to classify a line, then reads hex and decimal digits
 * directly, so it runs at memory speed (hundreds of MB/s).  Files are read
 * in 1 MB chunks; a partial last line is carried over to the next chunk.
 *
 * Invariant: buf->n <= opts->limit (when set); references are appended in
 * file order; skipped references count in buf->seen.
 */
#include "core/trace.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/util.h"

#define CHUNK (1u << 20)

const char *const trace_format_words[] = { "lackey", "din", NULL };

static const signed char hexdig[256] = {
	['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5, ['5'] = 6,
	['6'] = 7, ['7'] = 8, ['8'] = 9, ['9'] = 10, ['a'] = 11, ['b'] = 12,
	['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16, ['A'] = 11,
	['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
};

bool trace_full(const struct trace_opts *opts, const struct trace_buf *buf)
{
	return opts->limit && buf->n >= opts->limit;
}

/* Keep one reference (or skip it); false when the limit is reached. */
static bool keep(const struct trace_opts *opts, struct trace_buf *buf,
		 uint64_t addr, uint64_t size, int kind)
{
	if (kind == TRACE_FETCH && !opts->fetches)
		return true;
	if (buf->seen++ < opts->skip)
		return true;
	if (size == 0)
		size = 1;
	if (size > 255)
		size = 255;
	if (buf->n >= TRACE_MAX_REFS) {
		buf->too_many = true;
		return false;
	}
	if (buf->n == buf->cap)
		buf->refs = xgrow(buf->refs, &buf->cap, buf->n + 1,
				  sizeof *buf->refs);
	buf->refs[buf->n++] = TRACE_PACK(addr & ((1ull << TRACE_ADDR_BITS) - 1),
					 size, kind);
	return !trace_full(opts, buf);
}

/* A control reference (din labels 4 and 5): counted as keep() counts. */
static bool keep_control(const struct trace_opts *opts,
			 struct trace_buf *buf, uint64_t addr, int op)
{
	if (buf->seen++ < opts->skip)
		return true;
	if (buf->n >= TRACE_MAX_REFS) {
		buf->too_many = true;
		return false;
	}
	if (buf->n == buf->cap)
		buf->refs = xgrow(buf->refs, &buf->cap, buf->n + 1,
				  sizeof *buf->refs);
	buf->refs[buf->n++] = TRACE_PACK(addr & ((1ull << TRACE_ADDR_BITS) - 1),
					 0, op);
	return !trace_full(opts, buf);
}

/* Hex digits at *p (no 0x); false if none. */
static bool scan_hex(const char **p, const char *end, uint64_t *out)
{
	const char *s = *p;
	uint64_t v = 0;

	while (s < end && hexdig[(unsigned char)*s]) {
		v = v << 4 | (uint64_t)(hexdig[(unsigned char)*s] - 1);
		s++;
	}
	if (s == *p)
		return false;
	*out = v;
	*p = s;
	return true;
}

/* One lackey line; non-record lines are ignored. */
static bool lackey_line(const struct trace_opts *opts, const char *s,
			const char *end, struct trace_buf *buf)
{
	int kind;
	uint64_t addr, size = 0;

	if (end - s < 5)
		return true;
	if (s[0] == 'I' && s[1] == ' ') {
		kind = TRACE_FETCH;
	} else if (s[0] == ' ' && s[2] == ' ') {
		switch (s[1]) {
		case 'L': kind = TRACE_READ; break;
		case 'S': kind = TRACE_WRITE; break;
		case 'M': kind = TRACE_MODIFY; break;
		default: return true;
		}
	} else {
		return true;
	}
	s += 2;
	while (s < end && *s == ' ')
		s++;
	if (!scan_hex(&s, end, &addr) || s >= end || *s != ',')
		return true;
	s++;
	while (s < end && *s >= '0' && *s <= '9')
		size = size * 10 + (uint64_t)(*s++ - '0');
	return keep(opts, buf, addr, size, kind);
}

/* One din line; false (with why) when malformed. */
static int din_line(const struct trace_opts *opts, const char *s,
		    const char *end, struct trace_buf *buf)
{
	int kind;
	uint64_t addr, size = 4;
	bool extended = false, control = false;

	while (s < end && (*s == ' ' || *s == '\t' || *s == '\r'))
		s++;
	if (s == end || *s == '#')
		return 1;
	switch (*s) {
	case '0': case '3': kind = TRACE_READ; break;
	case '1': kind = TRACE_WRITE; break;
	case '2': kind = TRACE_FETCH; break;
	case '4': kind = TRACE_COPYBACK; control = true; break;
	case '5': kind = TRACE_INVALIDATE; control = true; break;
	case 'r': case 'R': kind = TRACE_READ; extended = true; break;
	case 'w': case 'W': kind = TRACE_WRITE; extended = true; break;
	case 'i': case 'I': kind = TRACE_FETCH; extended = true; break;
	case 'm': case 'M': kind = TRACE_READ; extended = true; break;
	case 'c': case 'C':
		kind = TRACE_COPYBACK;
		control = extended = true;
		break;
	case 'v': case 'V':
		kind = TRACE_INVALIDATE;
		control = extended = true;
		break;
	default: return -1;
	}
	s++;
	if (s == end || (*s != ' ' && *s != '\t'))
		return -1;
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	if (end - s > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	if (!scan_hex(&s, end, &addr))
		return -1;
	if (extended) {
		while (s < end && (*s == ' ' || *s == '\t'))
			s++;
		if (end - s > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
			s += 2;
		if (s < end && hexdig[(unsigned char)*s] &&
		    !scan_hex(&s, end, &size))
			return -1;
	} else {
		addr &= ~(uint64_t)3;
	}
	if (control) {
		/* Dinero IV: one line (size > 0) or, size 0, the whole cache;
		 * packed with size 0 (trace.h). */
		if (size == 0)
			kind += TRACE_COPYBACK_ALL - TRACE_COPYBACK;
		return keep_control(opts, buf, addr, kind) ? 1 : 0;
	}
	return keep(opts, buf, addr, size, kind) ? 1 : 0;
}

bool trace_parse(const struct trace_opts *opts, const char *text, size_t len,
		 struct trace_buf *buf, char *why, size_t whysz)
{
	const char *p = text, *end = text + len;

	if (trace_full(opts, buf))
		return true;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;

		buf->lines++;
		if (opts->format == TRACE_LACKEY) {
			if (!lackey_line(opts, p, le, buf))
				break;
		} else {
			int r = din_line(opts, p, le, buf);
			if (r < 0) {
				snprintf(why, whysz, "line %llu is not a din record (expected `LABEL ADDRESS`, label 0 read, 1 write, 2 fetch)",
					 (unsigned long long)buf->lines);
				return false;
			}
			if (r == 0)
				break;
		}
		p = le + 1;
	}
	if (buf->too_many) {
		snprintf(why, whysz, "the trace has more than %u references, the limit (%u MB of memory): use limit=N or skip=N to take a part of it",
			 TRACE_MAX_REFS, TRACE_MAX_REFS / (1u << 20) * 8);
		return false;
	}
	return true;
}

bool trace_load(const char *path, const struct trace_opts *opts,
		struct trace_buf *buf, char *why, size_t whysz)
{
	char *chunk;
	size_t have = 0;
	/* `-`: standard input, as everywhere a file name is taken. */
	int fd = strcmp(path, "-") == 0 ? dup(0) : open(path, O_RDONLY);
	bool ok = true;

	if (fd < 0) {
		snprintf(why, whysz, "cannot open trace `%s`: %s", path,
			 strerror(errno));
		return false;
	}
	chunk = xmalloc(CHUNK + 1);
	while (ok && !trace_full(opts, buf)) {
		ssize_t got = read(fd, chunk + have, CHUNK - have);
		const char *lastnl;
		size_t whole;

		if (got < 0) {
			if (errno == EINTR)
				continue;
			snprintf(why, whysz, "cannot read trace `%s`: %s", path,
				 strerror(errno));
			ok = false;
			break;
		}
		if (got == 0) {
			if (have)
				ok = trace_parse(opts, chunk, have, buf, why,
						 whysz);
			break;
		}
		have += (size_t)got;
		lastnl = NULL;
		for (whole = have; whole > 0; whole--) {
			if (chunk[whole - 1] == '\n') {
				lastnl = chunk + whole - 1;
				break;
			}
		}
		if (lastnl == NULL) {
			if (have == CHUNK) { /* a 1 MB line: not a trace */
				snprintf(why, whysz, "trace `%s` has a line longer than 1 MB",
					 path);
				ok = false;
			}
			continue;
		}
		ok = trace_parse(opts, chunk, whole - 1, buf, why, whysz);
		memmove(chunk, chunk + whole, have - whole);
		have -= whole;
	}
	free(chunk);
	close(fd);
	return ok;
}
