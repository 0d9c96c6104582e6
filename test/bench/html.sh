#!/bin/sh
# html.sh MEMVIZ: the size and the generation time of `memviz --html` for a
# 500-step scenario at 100x30 (the whole access path: TLB, page table,
# frames, three cache levels, with a mark and a note now and then).
# Target (issue 18): at most 4096 bytes per step on average.
set -eu
bin=$1
# HTML_BENCH_KEEP=DIR keeps the scenario and the page there.
if [ -n "${HTML_BENCH_KEEP:-}" ]; then
	tmp=$HTML_BENCH_KEEP
else
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
fi
{
	echo 'title "Bench: 500 accesses through the whole path"'
	echo 'page-size 4K'
	echo 'frames 4'
	echo 'pagetable levels=2'
	echo 'tlb entries=4'
	echo 'cache L1 size=1K line=64 ways=2'
	echo 'cache L2 size=4K line=64 ways=4'
	echo 'cache L3 size=16K line=64 ways=8'
	i=0
	while [ "$i" -lt 500 ]; do
		[ $((i % 50)) -eq 0 ] && echo "mark \"Round $((i / 50 + 1))\""
		[ $((i % 7)) -eq 0 ] && echo "note \"Access $i.\""
		page=$(( (i * 7 + i / 3) % 9 + 1 ))
		off=$(( (i * 136) % 4096 ))
		if [ $((i % 3)) -eq 0 ]; then op=write; else op=read; fi
		printf '%s 0x%x\n' "$op" $((page * 4096 + off))
		i=$((i + 1))
	done
} > "$tmp/bench.mvs"
steps=$("$bin" --check "$tmp/bench.mvs" | sed -n 's/.*ok: \([0-9]*\) steps/\1/p')
start=$(date +%s.%N)
"$bin" --html "$tmp/page.html" --size 100x30 "$tmp/bench.mvs"
end=$(date +%s.%N)
bytes=$(wc -c < "$tmp/page.html")
awk -v b="$bytes" -v n="$steps" -v s="$start" -v e="$end" 'BEGIN {
	per = b / n
	printf "--html, %d steps at 100x30: %d bytes, %.0f bytes/step " \
	       "(target <= 4096), generated in %.2f s\n", n, b, per, e - s
	if (per > 4096) { print "html: OVER the size target"; exit 1 }
}'
# the 500-step scenarios that ship, and how fast the page is in a browser
root=$(cd "$(dirname "$0")/../.." && pwd)
for s in cache-working-set cache-row-vs-column; do
	n=$("$bin" --check "$root/scenarios/$s.mvs" | sed -n 's/.*ok: \([0-9]*\) steps/\1/p')
	"$bin" --html "$tmp/$s.html" --size 100x30 "$root/scenarios/$s.mvs"
	echo "--html, $s ($n steps): $(( $(wc -c < "$tmp/$s.html") / n )) bytes/step"
done
python3 "$root/test/browser/run.py" --bench "$bin" "$tmp/page.html"
