#!/bin/sh
# json.sh BIN: `--batch` against `--batch --json` on the 20,000-reference
# LRU exercise of issue 19 (64 frames, 100 pages, a fixed pseudo-random
# reference string), side by side, in CPU seconds (best of 3 runs each).
# Targets: default JSON at most 1 KB per step; the JSON run at most 5 times
# the text run.  Prints the figures; enforces nothing.
set -u
bin=$1
command -v python3 > /dev/null 2>&1 || { echo "json: python3 missing, skipped"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
awk 'BEGIN {
	print "title \"20,000 references, LRU, 64 frames, 100 pages\""
	print "frames 64"; print "replace lru"
	x = 12345
	for (i = 0; i < 1000; i++) {
		line = "refs"
		for (k = 0; k < 20; k++) {
			x = (x * 1103515245 + 12345) % 2147483648
			line = line " " int(x / 65536) % 100
		}
		print line
	}
}' > "$tmp/lru.mvs"
python3 - "$bin" "$tmp/lru.mvs" <<'PY'
import os, resource, subprocess, sys
bin, mvs = sys.argv[1], sys.argv[2]
def run(args):
    best, size = None, 0
    for _ in range(3):
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        out = subprocess.run([bin] + args + [mvs], stdout=subprocess.PIPE,
                             check=True).stdout
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
        best = t if best is None else min(best, t)
        size = len(out)
    return best, size
steps = 20000
tt, ts = run(["--batch"])
jt, js = run(["--batch", "--json"])
ft, fs = run(["--batch", "--json=full"])
print("json: text        %.3f s %9d bytes %6.0f bytes/step" % (tt, ts, ts / steps))
print("json: --json      %.3f s %9d bytes %6.0f bytes/step" % (jt, js, js / steps))
print("json: --json=full %.3f s %9d bytes %6.0f bytes/step" % (ft, fs, fs / steps))
ratio = jt / tt if tt > 0 else float("inf")
print("json: default JSON %.0f bytes/step (target <= 1024): %s" %
      (js / steps, "met" if js / steps <= 1024 else "MISSED"))
print("json: JSON run %.1f x the text run (target <= 5): %s" %
      (ratio, "met" if ratio <= 5 else "MISSED"))
PY
