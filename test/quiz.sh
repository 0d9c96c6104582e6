#!/bin/sh
# quiz.sh BIN: the headless quiz (issue 16) over every shipped scenario.
#
#  1. `--quiz --batch --json` with no answers: one valid question object
#     per line, steps in order, every answer null and wrong, then the
#     score line; exit status 0;
#  2. answering every question with its expected answer scores full
#     marks, and so does answering in every other accepted form (hex as
#     decimal, NULL as 0, invalid as fault, names reversed and comma
#     separated, upper case);
#  3. answering every question wrongly (a wrong answer of its form)
#     scores no mark;
#  4. the text mode prints each question with its verdict and the score;
#     --quiz=KIND keeps only that kind; usage errors are reported;
#  5. --export shows each ask before its step, with a marker; --handout
#     lists the questions and an answer key, --questions-only a worksheet.
set -u
bin=$1
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

ok() { pass=$((pass + 1)); }
ko() { echo "quiz: $*"; fail=$((fail + 1)); }

if ! command -v python3 > /dev/null 2>&1; then
	echo "quiz: python3 missing: skipped"
	exit 0
fi

# answers.py MODE FILE: the answers to the questions in FILE (JSON Lines
# from a first run), one per line.  MODE: expected, alternate or wrong.
cat > "$tmp/answers.py" <<'PY'
import json, re, sys
mode, path = sys.argv[1], sys.argv[2]
qs = [json.loads(l) for l in open(path, encoding="utf-8")][:-1]
def num(s):
    return int(s, 16) if s.lower().startswith("0x") else int(s)
def isnum(s):
    return re.fullmatch(r"(0x[0-9a-fA-F]+|[0-9]+)", s) is not None
for q in qs:
    e, k = q["expected"], q["kind"]
    if mode == "expected":
        a = e
    elif mode == "alternate":
        if isnum(e):
            a = str(num(e)) if e.lower().startswith("0x") else hex(num(e))
        elif e == "NULL":
            a = "0"
        elif e == "invalid":
            a = "fault"
        elif k == "freed" and e != "none":
            a = ", ".join(reversed(e.split()))
        else:
            a = "  " + e.upper() + " "
    else:
        if e in ("hit", "miss"):
            a = "miss" if e == "hit" else "hit"
        elif isnum(e):
            a = hex(num(e) + 1)
        elif e in ("none", "NULL", "invalid"):
            a = "0x7777"
        elif k == "freed":
            a = "none"
        else:
            a = "not " + e
    print(a)
PY

# check.py MODE FILE: the run's JSON is valid and scored as MODE wants.
cat > "$tmp/check.py" <<'PY'
import json, sys
mode, path = sys.argv[1], sys.argv[2]
lines = open(path, encoding="utf-8").read().split("\n")
assert lines[-1] == "", "no final newline"
objs = [json.loads(l) for l in lines[:-1]]
score = objs[-1]["score"]
qs = objs[:-1]
keys = ["step", "kind", "question", "answer", "expected", "correct"]
last = 0
for q in qs:
    assert list(q.keys()) == keys, "keys %r" % list(q.keys())
    assert q["kind"] in ("hit", "victim", "address", "paddr", "set",
                         "freed", "ask"), q["kind"]
    assert q["step"] >= last, "steps out of order"
    last = q["step"]
    assert isinstance(q["correct"], bool)
    assert q["question"] and q["expected"]
    if mode == "none":
        assert q["answer"] is None and q["correct"] is False
    elif mode in ("expected", "alternate"):
        assert q["correct"] is True, "%r" % q
    else:
        assert q["correct"] is False, "%r" % q
assert score["total"] == len(qs)
assert score["correct"] == sum(q["correct"] for q in qs)
assert sum(v["total"] for v in score["by_kind"].values()) == len(qs)
assert sum(v["correct"] for v in score["by_kind"].values()) == score["correct"]
for k, v in score["by_kind"].items():
    assert v["total"] == sum(q["kind"] == k for q in qs), k
print(len(qs))
PY

total=0
for s in scenarios/*.mvs; do
	name=$(basename "$s" .mvs)
	if ! "$bin" --quiz --batch --json "$s" < /dev/null > "$tmp/q.jsonl" \
		2> "$tmp/err"; then
		ko "$name: --quiz --batch --json failed: $(cat "$tmp/err")"
		continue
	fi
	if ! n=$(python3 "$tmp/check.py" none "$tmp/q.jsonl"); then
		ko "$name: unanswered run"; continue
	fi
	total=$((total + n))
	ok
	for mode in expected alternate wrong; do
		python3 "$tmp/answers.py" $mode "$tmp/q.jsonl" > "$tmp/in"
		if ! "$bin" --quiz --batch --json "$s" < "$tmp/in" \
			> "$tmp/a.jsonl" 2> "$tmp/err"; then
			ko "$name: $mode: exit status $?"
		elif python3 "$tmp/check.py" $mode "$tmp/a.jsonl" > /dev/null; then
			ok
		else
			ko "$name: $mode answers not scored as they should be"
		fi
	done
done
[ "$total" -gt 1000 ] && ok || ko "only $total questions over all scenarios"

# Text mode, kinds and the example class scenario.
s=scenarios/quiz-lru.mvs
printf 'hit\n2\n4\n\n' | "$bin" --quiz=victim --batch "$s" > "$tmp/out" 2>&1
cat > "$tmp/want" <<'TXT'
# Quiz: predict LRU
step 4 [hit] Page 1 again: hit or miss?
  answer: hit: right
step 5 [ask] Which page does LRU evict for page 4?
  answer: 2: right
step 5 [victim] Page 4 faults and no frame is free: which page is evicted?
  answer: 4: wrong, it is 2. Evict page 2 from frame 1 (LRU: it is the least recently used). Its page-table entry now says 'not present'.
step 6 [victim] Page 2 comes back: which page goes now?
  skipped: it is 3. Evict page 3 from frame 2 (LRU: it is the least recently used). Its page-table entry now says 'not present'.
step 7 [ask] How many page faults so far?
  skipped: it is 5. Reference 1: hit, page 1 is in frame 0. It becomes the most recently used. Frames: [1 4 2].
score: 2/5 (hit 1/1, victim 0/2, ask 1/2)
TXT
if cmp -s "$tmp/want" "$tmp/out"; then ok; else
	ko "quiz-lru text mode differs:"; diff -u "$tmp/want" "$tmp/out"
fi
# Without --quiz only the asks are asked (the score counts them).
"$bin" --batch --quiz=set "$s" < /dev/null | tail -1 > "$tmp/out"
echo "score: 0/4 (hit 0/1, victim 0/1, ask 0/2)" > "$tmp/want"
cmp -s "$tmp/want" "$tmp/out" && ok || ko "--quiz=set: $(cat "$tmp/out")"

# --export: each ask shows for its own delay before its step, marked.
"$bin" --export "$tmp/q.cast" --step-delay 2 "$s" 2> "$tmp/err"
grep '"m"' "$tmp/q.cast" > "$tmp/out"
cat > "$tmp/want" <<'TXT'
[8.000000, "m", "step 4: Page 1 again: hit or miss?"]
[12.000000, "m", "step 5: Which page does LRU evict for page 4?"]
[16.000000, "m", "step 6: Page 2 comes back: which page goes now?"]
[20.000000, "m", "step 7: How many page faults so far?"]
TXT
if cmp -s "$tmp/want" "$tmp/out"; then ok; else
	ko "export markers differ:"; diff -u "$tmp/want" "$tmp/out"
fi
python3 test/castcheck.py "$tmp/q.cast" > /dev/null && ok ||
	ko "export: invalid cast"
# The question screen: the state before step 4, the question, no outcome.
python3 - "$tmp/q.cast" > "$tmp/out" <<'PY'
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")][1:]
out = "".join(e[2] for e in ev if e[0] == 8.0 and e[1] == "o")
print("Page 1 again: hit or miss?" in out, "Question, step 4" in out)
PY
[ "$(cat "$tmp/out")" = "True True" ] && ok || ko "export: question screen"
# --handout: questions with answers and an answer key; --questions-only
# a worksheet with the screens before the question steps, no answers.
"$bin" --handout "$tmp/h.html" "$s"
grep -c '<li><strong>Question:</strong>' "$tmp/h.html" > "$tmp/out"
grep -q 'id="answer-key"' "$tmp/h.html" && [ "$(cat "$tmp/out")" = 4 ] &&
	grep -q '<li>Step 5 (ask): Which page does LRU evict for page 4? <strong>2</strong>' "$tmp/h.html" &&
	ok || ko "handout: questions and answer key"
"$bin" --handout "$tmp/w.html" --questions-only "$s"
[ "$(grep -c '<section class="step"' "$tmp/w.html")" = 4 ] &&
	grep -q '<h2>Before step 4 of 7</h2>' "$tmp/w.html" &&
	! grep -q 'answer-key\|<em>Answer:</em>\|Reference 1: hit' "$tmp/w.html" &&
	ok || ko "handout --questions-only: a worksheet without answers"
"$bin" --handout "$tmp/k.html" --quiz=victim "$s"
[ "$(grep -c '<li>Step ' "$tmp/k.html")" = 5 ] && ok ||
	ko "handout --quiz=victim: answer key of asks and victims"

usage() { # want-message args...
	want=$1; shift
	"$bin" "$@" > /dev/null 2> "$tmp/err" < /dev/null
	rc=$?
	if [ $rc -ne 2 ] || ! grep -qF -- "$want" "$tmp/err"; then
		ko "$*: status $rc, $(head -1 "$tmp/err")"
	else
		ok
	fi
}
usage "unknown kind 'hits'" --quiz=hits --batch "$s"
usage "--quiz= needs kinds" --quiz= --batch "$s"
usage "--quiz goes with the viewer" --quiz --dump "$s"
usage "--questions-only goes with --handout" --questions-only --batch "$s"

echo "quiz: $pass passed, $fail failed ($total questions)"
[ "$fail" -eq 0 ]
