#!/bin/sh
# replay.sh BUILDDIR NAME...: replay each fuzz harness's checked-in corpus
# (test/fuzz/corpus_NAME, or test/fuzz/corpus for the scenario parser)
# through BUILDDIR/fuzz/replay_NAME: regression tests, no fuzzing.
set -u
b=$1
shift
pass=0
fail=0
for n in "$@"; do
	c=test/fuzz/corpus_$n
	[ "$n" = scenario ] && c=test/fuzz/corpus
	if "$b/fuzz/replay_$n" "$c" > /dev/null; then
		pass=$((pass + 1))
	else
		echo "fuzz-replay: $n: an input of $c failed (replay it: $b/fuzz/replay_$n FILE)"
		fail=$((fail + 1))
	fi
done
echo "fuzz-replay: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
