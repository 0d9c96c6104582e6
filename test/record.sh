#!/bin/sh
# Recordings, key files, snapshots and handouts (issue 8):
#
#   sh test/record.sh BIN
#
#  1. --export of several scenarios: every cast passes test/castcheck.py
#     (strict asciicast v2) and `asciinema play -s 1000 -i 0.01` plays it
#     to the end headless, writing exactly the cast's output bytes;
#  2. --export is deterministic: two runs give identical bytes;
#  3. the screen at every marker, replayed through tmux (the cast's output
#     up to the marker, in a pane of the cast's size), is `--dump` at that
#     step; --from/--to/--size/--step-delay shape the cast;
#  4. --record of a live session in tmux (--marker-every-step, a resize,
#     --idle-limit): a valid, playable cast; its step markers match --dump;
#  5. --keys-out then --keys (--keys-speed 0) reproduces the session's
#     final screen, and its recording's final screen;
#  6. --dump --format=svg is well-formed SVG; --handout is one HTML page
#     with a section per step, its narration and notes, print styles;
#  7. usage errors and malformed key files are reported.
#
# Prints "record: N passed, M failed"; exits non-zero on any failure.
# Skips the tmux parts only without tmux, and the playback only when
# asciinema is not installed (tools/install-deps.sh installs it).

BIN=${1:?usage: record.sh BIN}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
case $BIN in
/*) ;;
*) BIN=$(pwd)/$BIN ;;
esac
CHECK="python3 $ROOT/test/castcheck.py"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/memviz-record.XXXXXX") || exit 1
# One tmux server per session started (memviz-record-PID-RUN): a new one
# never talks to the previous server while it is still shutting down.
RUN=0
SOCK=memviz-record-$$-0
pass=0
fail=0
export LANG=C.UTF-8
unset NO_COLOR

have_tmux=yes
command -v tmux >/dev/null 2>&1 || have_tmux=
have_asciinema=yes
command -v asciinema >/dev/null 2>&1 || have_asciinema=

tm() {
	tmux -L "$SOCK" "$@"
}

cleanup() {
	tm kill-server >/dev/null 2>&1
	rm -rf "$TMP"
	rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/memviz-record-$$-"*
}

# A fresh tmux server for the next session.
new_server() {
	tm kill-server >/dev/null 2>&1
	RUN=$((RUN + 1))
	SOCK=memviz-record-$$-$RUN
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

ok() {
	pass=$((pass + 1))
}

bad() {
	fail=$((fail + 1))
	echo "record: FAIL: $1"
}

# castcheck NAME CAST: the strict checker passes.
castcheck() {
	if out=$($CHECK "$2" 2>&1); then ok; else bad "$1: castcheck: $out"; fi
}

# play NAME CAST: asciinema plays it to the end, writing every "o" byte.
play() {
	if [ -z "$have_asciinema" ]; then
		return
	fi
	if ! asciinema play -s 1000 -i 0.01 "$2" </dev/null >"$TMP/played" \
		2>"$TMP/play.err"; then
		bad "$1: asciinema play failed: $(head -c 300 "$TMP/play.err")"
		return
	fi
	python3 - "$2" "$TMP/played" <<'EOF' && ok || bad "$1: asciinema play output differs from the cast's output"
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()[1:]
want = "".join(e[2] for e in map(json.loads, lines) if e[1] == "o")
sys.exit(0 if open(sys.argv[2], "rb").read() == want.encode() else 1)
EOF
}

# replay OUT SIZE SCREEN: cat OUT in a fresh tmux pane of SIZE (WxH) and
# capture the screen as text into SCREEN.
replay() {
	rm -f "$TMP/done"
	new_server
	tm -f /dev/null new-session -d -s r -x "${2%x*}" -y "${2#*x}" \
		"cat '$1'; touch '$TMP/done'; sleep 600"
	tm set-option -t r status off >/dev/null 2>&1
	i=0
	while [ ! -f "$TMP/done" ] && [ "$i" -lt 100 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	sleep 0.1
	tm capture-pane -t r -p >"$3"
	tm kill-server >/dev/null 2>&1
}

# Drop trailing blank lines (a capture has every row; a dump trims none).
trim() {
	sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' "$1"
}

# markers_match NAME CAST SCENARIO [DUMP OPTIONS...]: the screen at every
# marker "step K..." is `--dump --step K` (at the cast's size).
markers_match() {
	name=$1 cast=$2 scen=$3
	shift 3
	rm -rf "$TMP/split"
	if ! $CHECK --split "$TMP/split" "$cast" >/dev/null; then
		bad "$name: cannot split $cast"
		return
	fi
	count=$(cat "$TMP/split/count")
	if [ "$count" -eq 0 ]; then
		bad "$name: no markers in $cast"
		return
	fi
	n=1
	while [ "$n" -le "$count" ]; do
		label=$(cat "$TMP/split/$n.label")
		size=$(cat "$TMP/split/$n.size")
		k=$(echo "$label" | sed -n 's/^step \([0-9][0-9]*\).*/\1/p')
		replay "$TMP/split/$n.out" "$size" "$TMP/screen"
		"$BIN" --dump --step "$k" --size "$size" "$@" "$scen" >"$TMP/dump"
		if [ "$(trim "$TMP/screen")" = "$(trim "$TMP/dump")" ]; then
			ok
		else
			bad "$name: marker $n ($label) differs from --dump --step $k"
			diff "$TMP/dump" "$TMP/screen" | head -10
		fi
		n=$((n + 1))
	done
}

# ---- 1-3. headless export ----
SCENS="tour factorial heap-first-fit vm-clock cache-write-back gc-cycle stack-overflow"
for s in $SCENS; do
	f=$ROOT/scenarios/$s.mvs
	[ -f "$f" ] || continue
	if "$BIN" --export "$TMP/$s.cast" "$f" && "$BIN" --export "$TMP/$s.2.cast" "$f"; then
		ok
	else
		bad "$s: --export failed"
		continue
	fi
	castcheck "$s export" "$TMP/$s.cast"
	play "$s export" "$TMP/$s.cast"
	if cmp -s "$TMP/$s.cast" "$TMP/$s.2.cast"; then ok; else bad "$s: two exports differ"; fi
done

F=$ROOT/scenarios/factorial.mvs
T=$ROOT/scenarios/tour.mvs
"$BIN" --export "$TMP/fact-every.cast" --marker-every-step --step-delay 0.5 "$F"
castcheck "every-step export" "$TMP/fact-every.cast"
steps=$("$BIN" --check "$F" | sed 's/.*ok: \([0-9]*\) steps/\1/')
if [ "$(grep -c '"m"' "$TMP/fact-every.cast")" -eq $((steps + 1)) ]; then
	ok
else
	bad "--marker-every-step: want $((steps + 1)) markers"
fi
if grep -q '^\[0.500000, "o"' "$TMP/fact-every.cast"; then ok; else bad "--step-delay 0.5: no event at 0.5 s"; fi
if grep -q '"m", "step [0-9]*: ' "$TMP/fact-every.cast"; then ok; else bad "no marker for a scenario mark"; fi
if head -n 1 "$TMP/fact-every.cast" | grep -q '"title":"Recursion'; then ok; else bad "export header has no title"; fi
if head -n 1 "$TMP/fact-every.cast" | grep -q '"timestamp"'; then bad "export header has a clock timestamp"; else ok; fi
SOURCE_DATE_EPOCH=1700000000 "$BIN" --export "$TMP/epoch.cast" "$F"
if head -n 1 "$TMP/epoch.cast" | grep -q '"timestamp":1700000000'; then ok; else bad "SOURCE_DATE_EPOCH not used as the timestamp"; fi

"$BIN" --export "$TMP/range.cast" --from 3 --to 6 --size 100x30 --marker-every-step "$T"
castcheck "range export" "$TMP/range.cast"
if head -n 1 "$TMP/range.cast" | grep -q '"width":100,"height":30' &&
	[ "$(grep -c '"m"' "$TMP/range.cast")" -eq 4 ] &&
	grep -q '"m", "step 3' "$TMP/range.cast" && grep -q '"m", "step 6' "$TMP/range.cast"; then
	ok
else
	bad "--from 3 --to 6 --size 100x30: wrong header or markers"
fi
"$BIN" --export "$TMP/mono.cast" --color=never "$F"
castcheck "mono export" "$TMP/mono.cast"
if grep -q '\\u001b\[[0-9;]*;3[0-7][;m]' "$TMP/mono.cast"; then bad "--color=never export has colours"; else ok; fi
if grep -q '\\u001b\[[0-9;]*;3[0-7][;m]' "$TMP/fact-every.cast"; then ok; else bad "export has no colours"; fi
"$BIN" --export "$TMP/ascii.cast" --ascii "$F"
castcheck "ascii export" "$TMP/ascii.cast"
if LC_ALL=C grep -q "$(printf '[\200-\377]')" "$TMP/ascii.cast"; then bad "--ascii export has non-ASCII bytes"; else ok; fi

if [ -n "$have_tmux" ]; then
	markers_match "factorial every step" "$TMP/fact-every.cast" "$F"
	markers_match "tour range 100x30" "$TMP/range.cast" "$T"
	markers_match "tour marks" "$TMP/tour.cast" "$T"
	markers_match "heap marks" "$TMP/heap-first-fit.cast" "$ROOT/scenarios/heap-first-fit.mvs"
	markers_match "ascii" "$TMP/ascii.cast" "$F" --ascii
	# The final screen of a cast is the last step's dump.
	rm -rf "$TMP/split"
	$CHECK --split "$TMP/split" "$TMP/gc-cycle.cast" >/dev/null
	replay "$TMP/split/final.out" 80x24 "$TMP/screen"
	"$BIN" --dump "$ROOT/scenarios/gc-cycle.mvs" >"$TMP/dump"
	if [ "$(trim "$TMP/screen")" = "$(trim "$TMP/dump")" ]; then ok; else bad "gc-cycle: final screen differs from --dump"; fi
fi

# ---- 4-5. live recording, key files ----
# live NAME ARGS...: memviz in a tmux pane (80x24); the shell reports
# "[memviz exit STATUS]" when it ends.
live() {
	name=$1
	shift
	new_server
	tm -f /dev/null new-session -d -s t -x 80 -y 24 \
		"env LANG=C.UTF-8 TERM=tmux-256color SHELL=/bin/sh '$BIN' $*; echo \"[memviz exit \$?]\"; sleep 600"
}

screen() {
	tm capture-pane -t t -p >"$1" 2>/dev/null
}

# wait_for PATTERN: poll the pane until it matches (about 6 s at most).
wait_for() {
	i=0
	while [ "$i" -lt 60 ]; do
		screen "$TMP/live"
		grep -Eq -- "$1" "$TMP/live" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

expect() {
	if wait_for "$2"; then ok; else bad "$1: no /$2/ on screen"; cat "$TMP/live"; fi
}

if [ -n "$have_tmux" ]; then
	# A session stepped with Space only: every step marker is a --dump.
	live steps --record "$TMP/live.cast" --marker-every-step "'$F'"
	expect "live start" "step 0/"
	for k in 1 2 3 4 5; do
		tm send-keys -t t Space
		expect "live step $k" "step $k/"
	done
	tm send-keys -t t Left
	expect "live back" "step 4/"
	tm send-keys -t t q
	expect "live quit" "\\[memviz exit 0\\]"
	castcheck "live recording" "$TMP/live.cast"
	play "live recording" "$TMP/live.cast"
	head -n 1 "$TMP/live.cast" >"$TMP/hdr"
	if grep -q '"version":2,"width":80,"height":24,"timestamp":[0-9]' "$TMP/hdr" &&
		grep -q '"title":"Recursion' "$TMP/hdr" &&
		grep -q '"env":{"TERM":"tmux-256color","SHELL":"/bin/sh"}' "$TMP/hdr"; then
		ok
	else
		bad "live header: $(cat "$TMP/hdr")"
	fi
	if [ "$(grep -c '"m", "step' "$TMP/live.cast")" -eq 7 ]; then ok; else bad "live: want 7 step markers"; fi
	markers_match "live steps" "$TMP/live.cast" "$F"

	# Resizes become "r" events; pauses are cut to the idle limit.
	live resize --record "$TMP/resize.cast" --idle-limit 0.2 "'$F'"
	expect "resize start" "step 0/"
	tm send-keys -t t Space
	expect "resize step 1" "step 1/"
	sleep 1
	tm resize-window -t t -x 100 -y 30
	expect "resized" "step 1/"
	sleep 0.5
	tm send-keys -t t Space
	expect "resize step 2" "step 2/"
	tm send-keys -t t q
	expect "resize quit" "\\[memviz exit 0\\]"
	castcheck "resize recording" "$TMP/resize.cast"
	play "resize recording" "$TMP/resize.cast"
	if grep -q '"r", "100x30"' "$TMP/resize.cast"; then ok; else bad "no \"r\" event for 100x30"; fi
	if head -n 1 "$TMP/resize.cast" | grep -q '"idle_time_limit":0.2'; then ok; else bad "no idle_time_limit in the header"; fi
	rm -rf "$TMP/split"
	$CHECK --split "$TMP/split" "$TMP/resize.cast" >/dev/null
	replay "$TMP/split/final.out" "$(cat "$TMP/split/final.size")" "$TMP/screen"
	"$BIN" --dump --step 2 --size 100x30 "$F" >"$TMP/dump"
	if [ "$(trim "$TMP/screen")" = "$(trim "$TMP/dump")" ]; then ok; else bad "resized recording: final screen differs from --dump at 100x30"; fi

	# A session with all kinds of keys, logged; the replay reaches the
	# same screen, and its recording ends on the same screen.
	live keys --keys-out "$TMP/a.keys" --record "$TMP/a.cast" "'$T'"
	expect "keys start" "step 0/"
	for k in Space Space n Tab z j p; do
		tm send-keys -t t "$k"
		sleep 0.15
	done
	sleep 1.2
	tm send-keys -t t p
	sleep 0.2
	tm send-keys -t t / h e a p Enter
	sleep 0.3
	tm send-keys -t t '?'
	sleep 0.2
	tm send-keys -t t Escape
	sleep 0.3
	screen "$TMP/a.screen"
	tm send-keys -t t q
	expect "keys quit" "\\[memviz exit 0\\]"
	castcheck "keys session recording" "$TMP/a.cast"
	if head -n 1 "$TMP/a.keys" | grep -q '^# memviz keys 1$' &&
		grep -q '^[0-9.]* Space$' "$TMP/a.keys" &&
		grep -q '^[0-9.]* (timeout)$' "$TMP/a.keys" &&
		tail -n 1 "$TMP/a.keys" | grep -q ' q$'; then
		ok
	else
		bad "key file: $(head -c 400 "$TMP/a.keys")"
	fi
	sed '$d' "$TMP/a.keys" >"$TMP/b.keys"
	live replay --keys "$TMP/b.keys" --keys-speed 0 --record "$TMP/b.cast" "'$T'"
	i=0
	while [ "$i" -lt 60 ]; do
		screen "$TMP/b.screen"
		cmp -s "$TMP/a.screen" "$TMP/b.screen" && break
		sleep 0.1
		i=$((i + 1))
	done
	if cmp -s "$TMP/a.screen" "$TMP/b.screen"; then
		ok
	else
		bad "--keys replay: the final screen differs"
		diff "$TMP/a.screen" "$TMP/b.screen" | head -10
	fi
	tm send-keys -t t q
	expect "replay quit" "\\[memviz exit 0\\]"
	castcheck "replay recording" "$TMP/b.cast"
	play "replay recording" "$TMP/b.cast"
	for c in a b; do
		rm -rf "$TMP/split"
		$CHECK --split "$TMP/split" "$TMP/$c.cast" >/dev/null
		replay "$TMP/split/final.out" 80x24 "$TMP/$c.final"
	done
	if cmp -s "$TMP/a.final" "$TMP/b.final" && [ "$(trim "$TMP/a.final")" = "$(trim "$TMP/a.screen")" ]; then
		ok
	else
		bad "the recordings of the session and of its replay end differently"
		diff "$TMP/a.final" "$TMP/b.final" | head -10
	fi
	# The replay's recording has the key file's timing, not the machine's.
	last_key=$(sed -n '$s/^\([0-9.]*\) .*/\1/p' "$TMP/b.keys")
	if python3 - "$TMP/b.cast" "$last_key" <<'EOF'
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1]).read().splitlines()[1:]]
t = max(e[0] for e in ev if e[1] == "o")
sys.exit(0 if t >= float(sys.argv[2]) - 0.01 else 1)
EOF
	then ok; else bad "the replay's recording does not follow the key file's times"; fi

	# With its q, the key file ends the session by itself.
	live replay-q --keys "$TMP/a.keys" --keys-speed 0 "'$T'"
	expect "replay with q quits" "\\[memviz exit 0\\]"

	# A malformed key file: a position and a status of 1.
	printf '# memviz keys 1\n0.5 Space\n0.7 NoSuchKey\n' >"$TMP/bad.keys"
	live badkeys --keys "$TMP/bad.keys" "'$T'"
	expect "bad key file" "bad.keys:3:5: error: unknown key 'NoSuchKey'"
	expect "bad key file status" "\\[memviz exit 1\\]"
	printf '2 Space\n1 q\n' >"$TMP/back.keys"
	live backkeys --keys "$TMP/back.keys" "'$T'"
	expect "key times going back" "back.keys:2:1: error: time 1.000 is before"
else
	echo "record: tmux not found; skipping the live and replay tests"
fi

# ---- 6. SVG and HTML ----
if "$BIN" --dump --step 5 --format=svg "$F" >"$TMP/s.svg"; then ok; else bad "--format=svg failed"; fi
python3 - "$TMP/s.svg" "$("$BIN" --dump --step 5 "$F" | sed -n 2p)" <<'EOF' && ok || bad "--format=svg: not the SVG of the screen"
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
ns = "{http://www.w3.org/2000/svg}"
assert root.tag == ns + "svg", root.tag
texts = root.findall(ns + "text")
assert len(texts) > 20
assert any(t.get("fill", "").startswith("#") and t.get("fill") != "#1e1e1e" for t in texts), "no colours"
assert any(t.get("font-weight") == "bold" for t in texts)
row = sys.argv[2].strip().split()[0]
assert any(row in (t.text or "") for t in texts), row
EOF
"$BIN" --dump --step 5 --format=svg --color=never "$F" >"$TMP/mono.svg"
if grep -q 'fill="#1b5e20"' "$TMP/mono.svg"; then bad "--color=never SVG has colours"; else ok; fi
"$BIN" --dump --step 5 --format=text "$F" >"$TMP/t1"
"$BIN" --dump --step 5 "$F" >"$TMP/t2"
if cmp -s "$TMP/t1" "$TMP/t2"; then ok; else bad "--format=text differs from --dump"; fi

if "$BIN" --handout "$TMP/h.html" "$F" && "$BIN" --handout "$TMP/h2.html" "$F"; then ok; else bad "--handout failed"; fi
if cmp -s "$TMP/h.html" "$TMP/h2.html"; then ok; else bad "two handouts differ"; fi
"$BIN" --batch "$F" | sed -n 's/^step 3 (line [0-9]*): //p' >"$TMP/narr3"
"$BIN" --batch "$F" | sed -n 's/^note: //p' | head -n 1 >"$TMP/note1"
python3 - "$TMP/h.html" "$steps" "$TMP/narr3" "$TMP/note1" <<'EOF' && ok || bad "--handout: wrong content"
import html, sys
from html.parser import HTMLParser
doc = open(sys.argv[1], encoding="utf-8").read()
class P(HTMLParser):
    def __init__(self):
        super().__init__()
        self.sections = 0
        self.pres = 0
        self.stack = []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section" and a.get("class") == "step":
            self.sections += 1
        if tag == "pre":
            self.pres += 1
        assert tag not in ("script", "img", "link", "iframe"), tag
p = P()
p.feed(doc)
n = int(sys.argv[2])
assert p.sections == n + 1, (p.sections, n)
assert p.pres == n + 1
text = html.unescape(doc)
narr = open(sys.argv[3]).read().strip()
note = open(sys.argv[4]).read().strip()
assert narr and narr in text, narr
assert note and note in text, note
assert "@media print" in doc and "break-before:page" in doc
assert 'charset="utf-8"' in doc
EOF
"$BIN" --handout "$TMP/hr.html" --from 2 --to 4 --ascii "$T"
if [ "$(grep -c '<section class="step"' "$TMP/hr.html")" -eq 3 ] &&
	! LC_ALL=C grep -q "$(printf '[\200-\377]')" "$TMP/hr.html"; then
	ok
else
	bad "--handout --from 2 --to 4 --ascii"
fi

# ---- 7. usage errors ----
usage() { # NAME WANT-MESSAGE ARGS...
	name=$1 want=$2
	shift 2
	"$BIN" "$@" >/dev/null 2>"$TMP/err"
	rc=$?
	if [ "$rc" -eq 2 ] && grep -q -- "$want" "$TMP/err"; then
		ok
	else
		bad "$name: status $rc, $(cat "$TMP/err")"
	fi
}
usage "idle-limit alone" "--idle-limit goes with --record" --idle-limit 2 "$F"
usage "step-delay alone" "--step-delay goes with --export" --step-delay 2 "$F"
usage "bad step-delay" "--step-delay needs a number" --export "$TMP/x.cast" --step-delay 0 "$F"
usage "format alone" "--format goes with --dump" --format svg "$F"
usage "bad format" "--format needs text or svg" --dump --format png "$F"
usage "record with batch" "--record, --keys and --keys-out go with" --batch --record "$TMP/x.cast" "$F"
usage "export with dump" "cannot be combined" --dump --export "$TMP/x.cast" "$F"
usage "from after to" "--from must not be after --to" --export "$TMP/x.cast" --from 5 --to 2 "$F"
usage "keys-speed alone" "--keys-speed goes with --keys" --keys-speed 2 "$F"
if "$BIN" --export /nonexistent/dir/x.cast "$F" 2>"$TMP/err"; then
	bad "--export to a missing folder succeeded"
elif grep -q "cannot write the recording /nonexistent/dir/x.cast" "$TMP/err"; then
	ok
else
	bad "--export to a missing folder: $(cat "$TMP/err")"
fi

[ -n "$have_asciinema" ] ||
	echo "record: asciinema not installed (tools/install-deps.sh installs it); playback not tested"
echo "record: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
