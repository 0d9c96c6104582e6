#!/bin/sh
# install.sh: `make install` into a scratch DESTDIR, then the installed
# binary finds its scenarios by bare name and lists them; `make uninstall`
# removes every installed file.
set -u
b=${1:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0
ok() { pass=$((pass + 1)); }
ko() { echo "install: $*"; fail=$((fail + 1)); }

if ! make --no-print-directory -s install B="$b" DESTDIR="$tmp" PREFIX=/usr/local > "$tmp/log" 2>&1; then
	ko "make install failed:"; cat "$tmp/log"
else
	ok
	bin="$tmp/usr/local/bin/memviz"
	for f in "$bin" "$tmp/usr/local/share/man/man1/memviz.1" \
		"$tmp/usr/local/share/man/man5/memviz-scenario.5" \
		"$tmp/usr/local/share/memviz/scenarios/tour.mvs"; do
		[ -f "$f" ] && ok || ko "missing $f"
	done
	out=$("$bin" --check factorial 2>&1) && ok || ko "bare name: $out"
	[ -f "$tmp/usr/local/lib/memviz/libmemviz-heap.so" ] && ok || ko "missing the heap recorder"
	for f in linked-list.c linked-list.mvs fragment.c fragment.mvs README; do
		[ -f "$tmp/usr/local/share/memviz/scenarios/programs/$f" ] && ok || ko "missing programs/$f"
	done
	# The installed memviz finds its recorder in bin/../lib/memviz.
	out=$(MEMVIZ_HEAP_LIB= "$bin" --trace-program "$tmp/rec.mvs" -- sh -c 'exit 0' 2>&1) &&
		grep -q '^malloc ' "$tmp/rec.mvs" && ok || ko "installed --trace-program: $out"
	rm -f "$tmp/rec.mvs"
	"$bin" --list | grep -q '^factorial  *Recursion' && ok || ko "--list lacks factorial"
	"$bin" --list | grep -q '^programs/fragment  *The heap of fragment' && ok || ko "--list lacks programs/fragment"
	out=$("$bin" --check programs/linked-list 2>&1) && ok || ko "programs/NAME: $out"
	make --no-print-directory -s uninstall B="$b" DESTDIR="$tmp" PREFIX=/usr/local > "$tmp/log" 2>&1 || ko "make uninstall failed"
	left=$(find "$tmp/usr" -type f | head -5)
	[ -z "$left" ] && ok || ko "uninstall left: $left"
fi
echo "install: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
