#!/usr/bin/env python3
"""castcheck.py: a strict asciicast v2 checker, for the recordings memviz
writes (docs.asciinema.org/manual/asciicast/v2).

    python3 test/castcheck.py FILE.cast...
    python3 test/castcheck.py --split DIR FILE.cast

Checks, failing with FILE:LINE: error: MESSAGE (exit 1):
  - the file is UTF-8, every line ends in '\\n', no blank lines;
  - line 1 is an object: version 2, width and height positive integers,
    the optional fields with their types (timestamp, duration,
    idle_time_limit, command, title, env of strings, theme);
  - every other line is [time, code, data]: time a finite number >= 0 that
    never decreases, code one of "o" "i" "m" "r", data a string; "r" data
    is COLSxROWS; the raw line holds no control bytes (ESC must be written
    \\u001b), no lone surrogates;
  - each "o" event holds whole escape sequences (none cut at its end);
  - there is at least one "o" event, and no pause exceeds idle_time_limit.

--split DIR writes, for marker number N (from 1), DIR/N.out (the bytes of
every "o" event before it), DIR/N.label and DIR/N.size (COLSxROWS at that
point), plus DIR/final.out and DIR/final.size, for replaying the screen at
each marker in a terminal.
"""
import json
import math
import os
import re
import sys

CSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]")
OSC = re.compile(r"\x1b\][^\x07\x1b]*(\x07|\x1b\\)")
COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def is_num(v):
    return (is_int(v) or isinstance(v, float)) and math.isfinite(v)


def check_escapes(data):
    """None if every escape sequence in data is whole, else a message."""
    i = 0
    while True:
        i = data.find("\x1b", i)
        if i < 0:
            return None
        m = CSI.match(data, i) or OSC.match(data, i)
        if m:
            i = m.end()
            continue
        if i + 1 < len(data) and data[i + 1] not in "[]":
            i += 2  # a two-byte escape (ESC 7, ESC c ...)
            continue
        return "escape sequence cut at offset %d: %r" % (i, data[i:i + 12])


def check_header(h, err):
    if not isinstance(h, dict):
        err(1, "the header is not a JSON object")
        return None
    if h.get("version") != 2 or not is_int(h.get("version")):
        err(1, "version must be the integer 2, got %r" % (h.get("version"),))
    for k in ("width", "height"):
        if not is_int(h.get(k)) or h.get(k) < 1:
            err(1, "%s must be a positive integer, got %r" % (k, h.get(k)))
    if "timestamp" in h and not is_num(h["timestamp"]):
        err(1, "timestamp must be a number")
    for k in ("duration", "idle_time_limit"):
        if k in h and (not is_num(h[k]) or h[k] <= 0):
            err(1, "%s must be a number above 0" % k)
    for k in ("command", "title"):
        if k in h and not isinstance(h[k], str):
            err(1, "%s must be a string" % k)
    if "env" in h:
        env = h["env"]
        if not isinstance(env, dict) or not all(
                isinstance(v, str) for v in env.values()):
            err(1, "env must be an object of strings")
    if "theme" in h:
        t = h["theme"]
        ok = isinstance(t, dict) and all(
            isinstance(t.get(k), str) for k in ("fg", "bg", "palette"))
        if ok:
            pal = t["palette"].split(":")
            ok = (COLOR.match(t["fg"]) and COLOR.match(t["bg"])
                  and len(pal) in (8, 16) and all(COLOR.match(c) for c in pal))
        if not ok:
            err(1, "theme needs fg, bg (#rrggbb) and a palette of 8 or 16")
    return h


def check(path, split_dir=None):
    errors = []

    def err(line, msg):
        errors.append("%s:%d: error: %s" % (path, line, msg))

    with open(path, "rb") as f:
        raw = f.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        err(1, "not UTF-8: %s" % e)
        return errors
    if not text:
        err(1, "empty file")
        return errors
    if not text.endswith("\n"):
        err(text.count("\n") + 1, "the last line does not end in a newline")
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    header = None
    last_t = 0.0
    outputs = 0
    size = None
    out_so_far = []
    markers = 0
    for n, line in enumerate(lines, 1):
        if line.strip() == "":
            err(n, "blank line")
            continue
        bad = [c for c in line if ord(c) < 0x20 or ord(c) == 0x7f]
        if bad:
            err(n, "raw control character %r (must be \\u escaped)" % bad[0])
            continue
        try:
            v = json.loads(line)
        except ValueError as e:
            err(n, "not JSON: %s" % e)
            continue
        if n == 1:
            header = check_header(v, err)
            if header and is_int(header.get("width")):
                size = "%dx%d" % (header["width"], header.get("height", 0))
            continue
        if not isinstance(v, list) or len(v) != 3:
            err(n, "an event must be [time, code, data]")
            continue
        t, code, data = v
        if not is_num(t) or t < 0:
            err(n, "time must be a number >= 0, got %r" % (t,))
            continue
        if t < last_t:
            err(n, "time %r goes back (previous %r)" % (t, last_t))
        limit = header.get("idle_time_limit") if header else None
        if limit and t - last_t > limit + 1e-6:
            err(n, "pause of %.6f s exceeds idle_time_limit %r" %
                (t - last_t, limit))
        last_t = max(last_t, t)
        if code not in ("o", "i", "m", "r"):
            err(n, "unknown event code %r" % (code,))
            continue
        if not isinstance(data, str):
            err(n, "data must be a string")
            continue
        try:
            data.encode("utf-8")
        except UnicodeEncodeError:
            err(n, "data holds a lone surrogate")
            continue
        if code == "o":
            outputs += 1
            msg = check_escapes(data)
            if msg:
                err(n, msg)
            out_so_far.append(data)
        elif code == "r":
            if not re.match(r"^[1-9][0-9]*x[1-9][0-9]*$", data):
                err(n, "resize data must be COLSxROWS, got %r" % data)
            size = data
        elif code == "m" and split_dir:
            markers += 1
            base = os.path.join(split_dir, str(markers))
            with open(base + ".out", "wb") as o:
                o.write("".join(out_so_far).encode("utf-8"))
            with open(base + ".label", "w") as o:
                o.write(data + "\n")
            with open(base + ".size", "w") as o:
                o.write(size + "\n")
    if header is not None and outputs == 0:
        err(len(lines), "no output events")
    if split_dir:
        with open(os.path.join(split_dir, "final.out"), "wb") as o:
            o.write("".join(out_so_far).encode("utf-8"))
        with open(os.path.join(split_dir, "final.size"), "w") as o:
            o.write("%s\n" % size)
        with open(os.path.join(split_dir, "count"), "w") as o:
            o.write("%d\n" % markers)
    return errors


def main(argv):
    split = None
    if len(argv) >= 2 and argv[0] == "--split":
        split = argv[1]
        argv = argv[2:]
        os.makedirs(split, exist_ok=True)
    if not argv:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    failed = False
    for path in argv:
        try:
            errors = check(path, split)
        except OSError as e:
            errors = ["%s: error: %s" % (path, e.strerror)]
        for e in errors[:20]:
            print(e)
        failed = failed or bool(errors)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
