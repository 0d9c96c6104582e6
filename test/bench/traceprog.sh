#!/bin/sh
# traceprog.sh BUILDDIR: the cost of memviz --trace-program on a program
# making 1,000,000 heap calls: the program alone; the program under the
# preloaded recorder alone (the recorder's overhead); the whole
# --trace-program (recording, naming, sizing the heap, writing the
# scenario); and loading the scenario (parse and replay, as `memviz
# --check` does: the replay rate).  Target: recording and loading add a
# few seconds at most.
set -eu
b=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
now() { date +%s.%N; }
cc=${CC:-cc}
"$cc" -O2 -o "$tmp/heapcalls" test/bench/programs/heapcalls.c
t0=$(now); "$tmp/heapcalls" 500000; t1=$(now)
MEMVIZ_HEAP_OUT="$tmp/raw" LD_PRELOAD="$(cd "$b" && pwd)/libmemviz-heap.so" \
	"$tmp/heapcalls" 500000
tr=$(now)
[ -s "$tmp/raw" ] || { echo "the recorder did not load"; exit 1; }
"$b/memviz" --trace-program "$tmp/rec.mvs" -- "$tmp/heapcalls" 500000
t2=$(now)
t1b=$tr
"$b/memviz" --check "$tmp/rec.mvs" > "$tmp/check"
t3=$(now)
steps=$(grep -c -e '^malloc' -e '^free' "$tmp/rec.mvs")
awk -v t0="$t0" -v t1="$t1" -v tr="$t1b" -v t2="$t2" -v t3="$t3" -v n="$steps" 'BEGIN {
	printf "program alone:       %8.3f s (1,000,000 heap calls)\n", t1 - t0
	printf "under the recorder:  %8.3f s (recorder overhead %.3f s, %.0f ns a call)\n", tr - t1, (tr - t1) - (t1 - t0), ((tr - t1) - (t1 - t0)) * 1000
	printf "--trace-program:     %8.3f s (%.3f s more than the program; scenario of %d steps)\n", t2 - tr, (t2 - tr) - (t1 - t0), n
	printf "scenario load+replay:%8.3f s (%.0f steps/s)\n", t3 - t2, n / (t3 - t2)
	printf "recording and loading add %.2f s to the program (target: a few seconds)\n", (t3 - tr) - (t1 - t0)
}'
