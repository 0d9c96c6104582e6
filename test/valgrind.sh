#!/bin/sh
# valgrind.sh BIN [--if-quick]: valgrind memcheck over every shipped
# scenario in --batch --json, --dump (the last step) and --export; any
# memcheck error (invalid read or write, use of uninitialised memory,
# definite leak) is a failure.  With --if-quick (make check), a first
# scenario is timed and the whole run skipped, saying so, when it would
# take more than three minutes.
set -u
bin=$1
mode=${2:-}
command -v valgrind > /dev/null 2>&1 || { echo "valgrind: not installed (tools/install-deps.sh installs it)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
vg="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite"
n=$(ls scenarios/*.mvs | wc -l)
pass=0
fail=0
first=1
for s in scenarios/*.mvs; do
	name=$(basename "$s" .mvs)
	start=$(date +%s)
	for run in batch dump export; do
		case $run in
		batch) set -- --batch --json "$s" ;;
		dump) set -- --dump --size 80x24 "$s" ;;
		export) set -- --export "$tmp/$name.cast" "$s" ;;
		esac
		if $vg "$bin" "$@" > /dev/null 2> "$tmp/err"; then
			pass=$((pass + 1))
		else
			echo "valgrind: $name --$run:"; head -30 "$tmp/err"
			fail=$((fail + 1))
		fi
	done
	if [ "$first" = 1 ] && [ "$mode" = "--if-quick" ]; then
		first=0
		took=$(( $(date +%s) - start ))
		if [ $((took * n)) -gt 180 ]; then
			echo "valgrind: skipped (about $((took * n)) s for $n scenarios, over three minutes: run make check-valgrind)"
			exit 0
		fi
	fi
done
echo "valgrind: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
