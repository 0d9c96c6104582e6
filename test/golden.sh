#!/bin/sh
# golden.sh BIN [--update]: compare the headless output of every scenario
# under scenarios/ (and scenarios/programs/) with the expected files
# under test/golden/:
#   NAME.txt    memviz --batch
#   NAME.jsonl  memviz --batch --json; it and --json=full are also checked
#               by test/jsoncheck.py against test/schema/memviz.schema.json
#   NAME.full.jsonl  memviz --batch --json=full, for the scenarios in
#               $full only (one per model: the format of the whole state)
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
full="factorial heap-first-fit vm-tlb cache-write-back gc-cycle"
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
	if ! "$bin" --batch --json=full "$s" > "$tmp/$name.full.jsonl" 2> "$tmp/err"; then
		echo "golden: $name: --batch --json=full failed:"; cat "$tmp/err"
		fail=$((fail + 1))
	fi
	compare "$name --json" "$dir/$name.jsonl" "$tmp/$name.jsonl"
	case " $full " in
	*" $name "*) compare "$name --json=full" "$dir/$name.full.jsonl" \
		"$tmp/$name.full.jsonl" ;;
	esac
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
# Every JSON line, default and --json=full: valid JSON, no key twice in an
# object, valid against the schema, steps in order, the summary last.
# Debian's python3-jsonschema is for Debian's python3 (/usr/bin/python3),
# which may not be the first python3 on PATH (pyenv, a venv).
PYJS=python3
python3 -c 'import jsonschema' > /dev/null 2>&1 || PYJS=/usr/bin/python3
if $PYJS -c 'import jsonschema' > /dev/null 2>&1; then
	# and the quiz stream of every scenario, every question skipped
	for f in scenarios/*.mvs; do
		n=$(basename "$f" .mvs)
		"$bin" --quiz --batch --json "$f" < /dev/null > "$tmp/$n.quiz-jsonl" 2>/dev/null
	done
	if $PYJS test/jsoncheck.py test/schema/memviz.schema.json "$tmp"/*.jsonl \
		"$tmp"/*.quiz-jsonl; then
		pass=$((pass + 1))
	else
		echo "golden: JSON Lines invalid against test/schema/memviz.schema.json"
		fail=$((fail + 1))
	fi
else
	echo "golden: python3-jsonschema missing (tools/install-deps.sh installs it)"
	fail=$((fail + 1))
fi
echo "golden: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
