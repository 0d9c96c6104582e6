#!/bin/sh
# golden.sh BIN [--update]: compare the headless output of every scenario
# under scenarios/ (and scenarios/programs/) with the expected files
# under test/golden/:
#   NAME.txt    memviz --batch
#   NAME.jsonl  memviz --batch --json (each line also checked as JSON)
#   NAME.dump   memviz --dump at the first step, a middle step and the last
#   NAME.table  memviz --table (the exam-* scenarios: exercises' answer keys)
#   generate-KIND.mvs, generate-KIND.table  memviz --generate KIND --seed 1
#               (the same bytes on every machine) and its answer key
# With --update the expected files are rewritten instead (read the diff
# before committing them).
set -u
bin=$1
update=${2:-}
dir=test/golden
pass=0
fail=0
mkdir -p "$dir"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

compare() { # name expected actual
	if [ "$update" = "--update" ]; then
		cp "$3" "$2"
		pass=$((pass + 1))
	elif [ ! -f "$2" ]; then
		echo "golden: $1: missing $2 (run make golden-update)"
		fail=$((fail + 1))
	elif cmp -s "$2" "$3"; then
		pass=$((pass + 1))
	else
		echo "golden: $1: output differs from $2:"
		diff -u "$2" "$3" | head -20
		fail=$((fail + 1))
	fi
}

for s in scenarios/*.mvs scenarios/programs/*.mvs; do
	name=$(basename "$s" .mvs)
	if ! "$bin" --batch "$s" > "$tmp/$name.txt" 2> "$tmp/err"; then
		echo "golden: $name: --batch failed:"; cat "$tmp/err"
		fail=$((fail + 1)); continue
	fi
	compare "$name --batch" "$dir/$name.txt" "$tmp/$name.txt"
	if ! "$bin" --batch --json "$s" > "$tmp/$name.jsonl" 2> "$tmp/err"; then
		echo "golden: $name: --batch --json failed:"; cat "$tmp/err"
		fail=$((fail + 1)); continue
	fi
	if command -v python3 > /dev/null 2>&1; then
		if ! python3 -c '
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
assert lines[-1] == "", "no final newline"
objs = [json.loads(l) for l in lines[:-1]]
assert "summary" in objs[-1], "last line is not the summary"
for i, o in enumerate(objs[:-1], 1):
    for k in ("step", "kind", "line", "text"):
        assert k in o, "step %d lacks %s" % (i, k)
    assert o["step"] == i, "steps out of order"
' "$tmp/$name.jsonl"; then
			echo "golden: $name: invalid JSON Lines"
			fail=$((fail + 1)); continue
		fi
	fi
	compare "$name --json" "$dir/$name.jsonl" "$tmp/$name.jsonl"
	steps=$(grep -c '^{"step"' "$tmp/$name.jsonl")
	: > "$tmp/$name.dump"
	for k in 0 $((steps / 2)) "$steps"; do
		echo "--- step $k ---" >> "$tmp/$name.dump"
		if ! "$bin" --dump --step "$k" --size 80x24 "$s" >> "$tmp/$name.dump" 2> "$tmp/err"; then
			echo "golden: $name: --dump --step $k failed:"; cat "$tmp/err"
			fail=$((fail + 1))
		fi
	done
	compare "$name --dump" "$dir/$name.dump" "$tmp/$name.dump"
	case $name in exam-*)
		if ! "$bin" --table "$s" > "$tmp/$name.table" 2> "$tmp/err"; then
			echo "golden: $name: --table failed:"; cat "$tmp/err"
			fail=$((fail + 1)); continue
		fi
		compare "$name --table" "$dir/$name.table" "$tmp/$name.table"
	esac
done
for kind in paging translate malloc buddy cache gc; do
	name=generate-$kind
	if ! "$bin" --generate "$kind" --seed 1 > "$tmp/$name.mvs" 2> "$tmp/err" ||
	   ! "$bin" --generate "$kind" --seed 1 | "$bin" --table - > "$tmp/$name.table" 2> "$tmp/err"; then
		echo "golden: $name failed:"; cat "$tmp/err"
		fail=$((fail + 1)); continue
	fi
	compare "$name" "$dir/$name.mvs" "$tmp/$name.mvs"
	compare "$name --table" "$dir/$name.table" "$tmp/$name.table"
done
echo "golden: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
