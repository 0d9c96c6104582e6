/*
 * keylog.c: reading and writing key files (format in keylog.h).
 *
 * A file being read is parsed whole at load time, so a malformed line is
 * reported before the session starts, with its position.  Key names come
 * from the key map (keymap_key_name); parsing tries every special key
 * code's name, so the two can never disagree.
 */
#include "app/keylog.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/keymap.h"
#include "core/util.h"
#include "view/canvas.h"

#define KEYLOG_HEADER "# memviz keys 1\n"

struct keylog_entry {
	double t;
	int key;
};

struct keylog {
	FILE *f;                     /* writing: the file */
	bool failed;                 /* writing: a write failed */
	struct keylog_entry *keys;   /* reading: every key */
	size_t nkeys, cap, next;
};

int keylog_parse_key(const char *name)
{
	static const int specials[] = { ' ', KEYC_TAB, KEYC_ENTER, KEYC_ESC,
					 KEYC_DEL };
	char buf[32];
	size_t i, len = strlen(name);
	uint32_t cp;
	char *end;
	int k;

	for (i = 0; i < sizeof specials / sizeof specials[0]; i++)
		if (strcmp(keymap_key_name(specials[i], buf, sizeof buf), name) ==
		    0)
			return specials[i];
	for (k = KEYC_BASE + 1; k <= KEYC_UNKNOWN; k++)
		if (strcmp(keymap_key_name(k, buf, sizeof buf), name) == 0)
			return k;
	if (strncmp(name, "key ", 4) == 0) {
		long v = strtol(name + 4, &end, 10);
		if (*end == '\0' && end != name + 4 && v > 0 && v <= KEYC_UNKNOWN)
			return (int)v;
		return -1;
	}
	if (len == 3 && name[0] == 'C' && name[1] == '-' && name[2] >= 'a' &&
	    (unsigned char)name[2] <= 'a' + 30)
		return name[2] - 'a' + 1;
	if (len > 0 && canvas_utf8_decode(name, len, &cp) == len && cp > 32 &&
	    cp != 0xfffd)
		return (int)cp;
	return -1;
}

/*
 * Up to 40 bytes of a malformed line for a message, printable: controls,
 * DEL and bytes that are not valid UTF-8 (or are C1 controls) become
 * \xNN, so a key file's bytes never reach the terminal as a control
 * sequence.
 */
static const char *show_line(char *out, size_t outsz, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, o = 0, max = 40;

	while (u[i] && i < max && o + 5 < outsz) {
		size_t len = u[i] < 0x80 ? 1 : util_utf8_len(u + i, strlen(s + i));
		if ((u[i] < 0x20 || u[i] == 0x7f) ||
		    (u[i] >= 0x80 && (len == 0 ||
				      (u[i] == 0xc2 && u[i + 1] < 0xa0)))) {
			o += (size_t)snprintf(out + o, outsz - o, "\\x%02x",
					      u[i]);
			i++;
			continue;
		}
		if (o + len + 1 >= outsz)
			break;
		memcpy(out + o, s + i, len);
		o += len;
		i += len;
	}
	out[o] = '\0';
	return out;
}

struct keylog *keylog_load(const char *path, char *err, size_t errsz)
{
	FILE *f = fopen(path, "r");
	struct keylog *k;
	char line[256];
	unsigned lineno = 0;
	double last = 0;

	if (f == NULL) {
		snprintf(err, errsz, "cannot read %s: %s", path, strerror(errno));
		return NULL;
	}
	k = xcalloc(1, sizeof *k);
	while (fgets(line, sizeof line, f)) {
		size_t len = strlen(line);
		char *end, *name, shown[200];
		double t;
		int key;

		lineno++;
		if (len == sizeof line - 1 && line[len - 1] != '\n' && !feof(f)) {
			snprintf(err, errsz,
				 "%s:%u:%zu: error: line too long (a key line has at most %zu bytes)",
				 path, lineno, len + 1, sizeof line - 2);
			goto bad;
		}
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (len == 0 || line[0] == '#')
			continue;
		t = strtod(line, &end);
		if (end == line || *end != ' ' || !(t >= 0)) {
			snprintf(err, errsz,
				 "%s:%u:1: error: expected SECONDS KEY, got '%s'",
				 path, lineno,
				 show_line(shown, sizeof shown, line));
			goto bad;
		}
		if (t < last) {
			snprintf(err, errsz,
				 "%s:%u:1: error: time %.3f is before the previous "
				 "key's %.3f",
				 path, lineno, t, last);
			goto bad;
		}
		name = end + 1;
		key = keylog_parse_key(name);
		if (key < 0) {
			snprintf(err, errsz, "%s:%u:%d: error: unknown key '%s'",
				 path, lineno, (int)(name - line) + 1,
				 show_line(shown, sizeof shown, name));
			goto bad;
		}
		k->keys = xgrow(k->keys, &k->cap, k->nkeys + 1, sizeof *k->keys);
		k->keys[k->nkeys].t = t;
		k->keys[k->nkeys].key = key;
		k->nkeys++;
		last = t;
	}
	if (ferror(f)) {
		snprintf(err, errsz, "cannot read %s: %s", path, strerror(errno));
		goto bad;
	}
	fclose(f);
	return k;
bad:
	fclose(f);
	keylog_close(k);
	return NULL;
}

bool keylog_next(struct keylog *k, double *t, int *key)
{
	if (k == NULL || k->next >= k->nkeys)
		return false;
	*t = k->keys[k->next].t;
	*key = k->keys[k->next].key;
	k->next++;
	return true;
}

struct keylog *keylog_create(const char *path, char *err, size_t errsz)
{
	FILE *f = fopen(path, "w");
	struct keylog *k;

	if (f == NULL || fputs(KEYLOG_HEADER, f) == EOF || fflush(f) != 0) {
		snprintf(err, errsz, "cannot write %s: %s", path, strerror(errno));
		if (f)
			fclose(f);
		return NULL;
	}
	k = xcalloc(1, sizeof *k);
	k->f = f;
	return k;
}

void keylog_write(struct keylog *k, double t, int key)
{
	char name[32];

	if (k == NULL || k->f == NULL)
		return;
	keymap_key_name(key, name, sizeof name);
	if (fprintf(k->f, "%.3f %s\n", t, name) < 0 || fflush(k->f) != 0)
		k->failed = true;
}

int keylog_close(struct keylog *k)
{
	int rc = 0;

	if (k == NULL)
		return 0;
	if (k->f && (fclose(k->f) != 0 || k->failed))
		rc = 1;
	free(k->keys);
	free(k);
	return rc;
}
