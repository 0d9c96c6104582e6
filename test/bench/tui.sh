#!/bin/sh
# tui.sh BIN: bytes memviz writes to the terminal per step while stepping
# through the tour, at 80x24 and 200x60 (target: under 2 KB per step at
# 80x24).  memviz runs in a pseudo-terminal made by script(1); for k = 0..N
# it takes k steps and quits, and the bytes for step k are the difference
# between the k and k-1 runs, so start-up and exit costs cancel out.
set -u
bin=$1
command -v script > /dev/null 2>&1 || { echo "tui: script(1) missing, skipped"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
steps=$("$bin" --batch --json scenarios/tour.mvs | grep -c '^{"step"')

bytes_for() { # cols rows k
	(sleep 0.3; i=0; while [ "$i" -lt "$3" ]; do printf ' '; sleep 0.05; i=$((i + 1)); done;
	 sleep 0.2; printf q) |
		script -qfec "stty cols $1 rows $2; TERM=xterm-256color LANG=C.UTF-8 $bin scenarios/tour.mvs" "$tmp/out" > /dev/null 2>&1
	wc -c < "$tmp/out"
}

for size in 80x24 200x60; do
	cols=${size%x*}
	rows=${size#*x}
	prev=$(bytes_for "$cols" "$rows" 0)
	k=1
	: > "$tmp/deltas"
	while [ "$k" -le "$steps" ]; do
		cur=$(bytes_for "$cols" "$rows" "$k")
		echo $((cur - prev)) >> "$tmp/deltas"
		prev=$cur
		k=$((k + 1))
	done
	median=$(sort -n "$tmp/deltas" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
	max=$(sort -n "$tmp/deltas" | tail -1)
	echo "tui: $size: median $median bytes per step (max $max) over $steps steps of the tour"
done
echo "tui: target: median under 2048 bytes per step at 80x24"
