/*
 * keylog.h: key files, the keys of a session with their timing, so a live
 * demo can be rehearsed and replayed, and tests can drive the UI from a
 * file.  The format is text, one key per line:
 *
 *     # memviz keys 1
 *     0.000 Space
 *     1.250 n
 *     2.004 (timeout)
 *     3.500 q
 *
 * SECONDS (since the session started, never decreasing) then a space and
 * the key's name as keymap_key_name() writes it ("Space", "Tab", "C-l",
 * "Right", "key 233", a character).  "(timeout)" is an autoplay tick and
 * "(resize)" a terminal resize, recorded so a replay steps exactly as the
 * session did whatever the machine's speed.  Blank lines and lines
 * starting with '#' are ignored.
 */
#ifndef MEMVIZ_APP_KEYLOG_H
#define MEMVIZ_APP_KEYLOG_H

#include <stdbool.h>
#include <stddef.h>

struct keylog;

/*
 * Read a whole key file.  Returns NULL after writing one message into err,
 * "FILE:LINE:COL: error: ..." for a malformed line, or
 * "cannot read FILE: REASON".
 */
struct keylog *keylog_load(const char *path, char *err, size_t errsz);

/*
 * The next key of a loaded file: stores its time and key code and returns
 * true, or returns false at the end.
 */
bool keylog_next(struct keylog *k, double *t, int *key);

/*
 * Create a key file for writing (header line written).  NULL with a reason
 * in err when it cannot be created.
 */
struct keylog *keylog_create(const char *path, char *err, size_t errsz);

/* Append one key at time t (flushed at once, so a crash loses nothing). */
void keylog_write(struct keylog *k, double t, int key);

/*
 * Close a key file (read or written); accepts NULL.  Returns 0, or 1 when
 * a write failed.
 */
int keylog_close(struct keylog *k);

/*
 * The key code of a key name (keymap_key_name's names, a single UTF-8
 * character, "key N"), or -1 when the name is unknown.
 */
int keylog_parse_key(const char *name);

#endif
