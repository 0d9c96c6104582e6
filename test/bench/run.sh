#!/bin/sh
# run.sh BUILDDIR: every benchmark, printing its figures.
set -eu
b=$1
echo "== engine (1,000,000 steps) =="
"$b/bench_memviz"
for extra in "$b"/bench_*; do
	case "$extra" in
	"$b/bench_memviz") ;;
	*) [ -x "$extra" ] && { echo "== $(basename "$extra") =="; "$extra"; } ;;
	esac
done
echo "== the --html page (500 steps) =="
sh test/bench/html.sh "$b/memviz"
if [ -f test/bench/traceprog.sh ]; then
	echo "== --trace-program (1,000,000 heap calls) =="
	sh test/bench/traceprog.sh "$b"
fi
echo "== JSON Lines against text (20,000 references) =="
sh test/bench/json.sh "$b/memviz"
if [ -f test/bench/tui.sh ]; then
	echo "== terminal output per step =="
	sh test/bench/tui.sh "$b/memviz"
fi
