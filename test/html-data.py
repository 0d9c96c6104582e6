#!/usr/bin/env python3
"""html-data.py PAGE QUERY [ARGS]: the data of a `memviz --html` page,
inflated as the player inflates it (see src/app/html.c, lz_compress), for
test/html.sh.  Queries:

  steps          the step numbers the page holds
  size           WIDTHxHEIGHT
  theme          the theme
  title          the title
  note K, mark K the note or the mark of step K
  events         the number of events of each step
  micro          the number of micro-step screens of each step (step 0: 0)
  check-dumps BIN SCENARIO
                 exit 0 when every step's screen, as text, equals
                 `BIN --dump --step K --size WxH SCENARIO` (BIN may carry
                 options: "memviz --ascii")
"""
import html
import json
import re
import subprocess
import sys

MORE = "0123456789ABCDEFGHIJKLMNOPQRSTUV"
LAST = "abcdefghijklmnopqrstuvwxyz!#$%&*"


def inflate(p, units):
    """The JSON text: p is the packed text as UTF-16 units."""
    val = {c: i for i, c in enumerate(MORE)}
    val.update({c: i + 32 for i, c in enumerate(LAST)})
    out = [0] * units
    i = o = 0

    def num():
        nonlocal i
        v = 0
        while True:
            d = val[chr(p[i])]
            i += 1
            if d >= 32:
                return v * 32 + d - 32
            v = v * 32 + d

    while i < len(p):
        k = p[i]
        i += 1
        if k != 126 or (i < len(p) and p[i] == 126):
            if k == 126:
                i += 1
            out[o] = k
            o += 1
            continue
        dist = num() + 1
        n = num() + 8
        for _ in range(n):
            out[o] = out[o - dist]
            o += 1
    assert o == units, (o, units)
    return b"".join(u.to_bytes(2, "little") for u in out).decode("utf-16-le")


def load(path):
    page = open(path, encoding="utf-8").read()
    m = re.search(r'<script type="text/plain" id="memviz-data" '
                  r'data-units="(\d+)">(.*?)</script>', page, re.S)
    packed = m.group(2).encode("utf-16-le")
    units = [int.from_bytes(packed[i:i + 2], "little")
             for i in range(0, len(packed), 2)]
    return json.loads(inflate(units, int(m.group(1))))


def rows(d):
    """Every row's HTML, deltas resolved."""
    out = list(d["rows"])
    for i, r in enumerate(out):
        if not isinstance(r, str):
            b = out[r[0]].encode("utf-16-le")
            pre = b[:2 * r[1]].decode("utf-16-le")
            suf = b[len(b) - 2 * r[2]:].decode("utf-16-le") if r[2] else ""
            out[i] = pre + r[3] + suf
    return out


def screens(d):
    out, cur = [], None
    for s in d["screens"]:
        if s[0] == 0:
            cur = s[1:]
        else:
            cur = list(cur)
            for j in range(1, len(s), 2):
                cur[s[j]] = s[j + 1]
        out.append(cur)
    return out


def text_of(d, index):
    r = rows(d)
    lines = [html.unescape(re.sub(r"<[^>]*>", "", r[i])).rstrip()
             for i in screens(d)[index]]
    return lines


def step(d, k):
    return [s for s in d["steps"] if s["k"] == k][0]


def main():
    d = load(sys.argv[1])
    q = sys.argv[2]
    if q == "steps":
        print(" ".join(str(s["k"]) for s in d["steps"]))
    elif q == "size":
        print("%dx%d" % (d["width"], d["height"]))
    elif q in ("theme", "title"):
        print(d[q])
    elif q in ("note", "mark"):
        print(step(d, int(sys.argv[3])).get(q, ""))
    elif q == "events":
        print(" ".join(str(len(s["ev"])) for s in d["steps"] if s["k"]))
    elif q == "micro":
        print(" ".join(str(len(s["m"])) for s in d["steps"] if s["k"]))
    elif q == "check-dumps":
        binary, scen = sys.argv[3], sys.argv[4]
        for s in d["steps"]:
            want = subprocess.run(
                binary.split() + ["--dump", "--step", str(s["k"]), "--size",
                 "%dx%d" % (d["width"], d["height"]), scen],
                check=True, stdout=subprocess.PIPE).stdout.decode()
            got = text_of(d, s["s"])
            if got != [l.rstrip() for l in want.rstrip("\n").split("\n")]:
                print("step %d differs" % s["k"], file=sys.stderr)
                return 1
    else:
        print("unknown query " + q, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
