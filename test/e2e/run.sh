#!/bin/sh
# End-to-end tests of the interactive screen: the real binary in a real
# terminal (tmux), driven with send-keys and read back with capture-pane.
#
#   sh test/e2e/run.sh BIN
#
# Every check polls the screen until what it waits for shows (or a few
# seconds pass), so a loaded machine slows the run down but does not fail
# it.  Prints "e2e: N passed, M failed" and exits non-zero on any failure.
# Skips (exit 0) only when tmux is not installed.

BIN=${1:?usage: run.sh BIN}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
case $BIN in
/*) ;;
*) BIN=$(pwd)/$BIN ;;
esac
SCEN=${MEMVIZ_E2E_SCENARIO:-$ROOT/scenarios/tour.mvs}
[ -f "$SCEN" ] || SCEN=$ROOT/test/e2e/mini.mvs

if ! command -v tmux >/dev/null 2>&1; then
	echo "e2e: tmux not found; skipping the end-to-end tests"
	exit 0
fi
if [ ! -x "$BIN" ]; then
	echo "e2e: $BIN is not an executable" >&2
	exit 1
fi

# One tmux server per run (memviz-e2e-PID-RUN): a new run never talks to
# the previous server while it is still shutting down.
SOCK=memviz-e2e-$$-0
TMP=$(mktemp -d "${TMPDIR:-/tmp}/memviz-e2e.XXXXXX") || exit 1
pass=0
fail=0
run=0
ARGS=    # extra memviz options for the next start
STDIN=   # a file for memviz's standard input, for the next start

tm() {
	tmux -L "$SOCK" "$@"
}

cleanup() {
	tm kill-server >/dev/null 2>&1
	rm -rf "$TMP"
	# tmux leaves the socket files of killed servers behind.
	rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/memviz-e2e-$$-"*
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# start WxH [ENV=VALUE ...]: run memviz on the scenario in a fresh session
# "t".  The shell around it reports how memviz ended on the normal screen,
# "[memviz exit STATUS]", and keeps the pane open.
start() {
	size=$1
	shift
	tm kill-server >/dev/null 2>&1
	run=$((run + 1))
	SOCK=memviz-e2e-$$-$run
	tm -f /dev/null new-session -d -s t -x "${size%x*}" -y "${size#*x}" \
		"trap : INT; env LANG=C.UTF-8 TERM=tmux-256color $* '$BIN' $ARGS '$SCEN'${STDIN:+ <$STDIN}; echo \"[memviz exit \$?]\"; sleep 600"
}

keys() {
	tm send-keys -t t "$@"
}

screen() {
	tm capture-pane -t t -p ${1:+"$1"} >"$TMP/screen" 2>/dev/null
}

# wait_for PATTERN [TENTHS]: poll until the screen matches (grep -E).
wait_for() {
	i=0
	limit=${2:-60}
	while [ "$i" -lt "$limit" ]; do
		screen
		grep -Eq -- "$1" "$TMP/screen" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

ok() {
	pass=$((pass + 1))
}

bad() {
	fail=$((fail + 1))
	echo "e2e: FAIL (run $run): $1"
	echo "---- screen ----"
	cat "$TMP/screen"
	echo "----------------"
}

# expect NAME PATTERN: the screen comes to match PATTERN.
expect() {
	if wait_for "$2"; then ok; else bad "$1: no /$2/"; fi
}

# expect_not NAME PATTERN: the current screen does not match PATTERN.
expect_not() {
	screen
	if grep -Eq -- "$2" "$TMP/screen"; then bad "$1: /$2/ shown"; else ok; fi
}

# expect_gone NAME PATTERN: the screen comes to no longer match PATTERN.
expect_gone() {
	i=0
	while [ "$i" -lt 60 ]; do
		screen
		grep -Eq -- "$2" "$TMP/screen" || { ok; return; }
		sleep 0.1
		i=$((i + 1))
	done
	bad "$1: /$2/ still shown"
}

# expect_value NAME FORMAT WANT: a tmux format (#{...}) of the pane.
expect_value() {
	i=0
	while [ "$i" -lt 50 ]; do
		v=$(tm display-message -p -t t "$2" 2>/dev/null)
		[ "$v" = "$3" ] && { ok; return; }
		sleep 0.1
		i=$((i + 1))
	done
	screen
	bad "$1: $2 is '$v', want '$3'"
}

resize() {
	tm resize-window -t t -x "$1" -y "$2"
}

# The pid of memviz: the child of the pane's shell.
memviz_pid() {
	ps -o pid= --ppid "$(tm display-message -p -t t '#{pane_pid}')" |
		head -n 1 | tr -d ' '
}

# ---- 1. stepping, help, go to, markers, micro-steps at 80x24 ----
start 80x24
expect "title card" "press Space to start"
expect "step 0" "step 0/[0-9]+"
expect_value "alternate screen" "#{alternate_on}" 1
expect_value "cursor hidden" "#{cursor_flag}" 0
keys Space
expect "first step" "step 1/"
expect "main frame" "main\\(\\)"
expect "stack use" "[0-9]+ / [0-9]+ bytes"
expect "grows down" "grows down"
keys Space Space Space
expect "three more steps" "step 4/"
expect "fact frame" "fact\\(n="
expect "sp marker" "sp→"
expect "change marker" "│★"
keys Left
expect "back" "step 3/"
expect_not "fact popped on back" "fact\\(n=3\\)  0x"
keys h
expect "h goes back" "step 2/"
keys l
expect "l steps" "step 3/"
keys '?'
expect "help overlay" "keys"
expect "help lists stepping" "next step"
expect "help lists quit" "q/Q +quit"
keys x
expect_gone "help closed" "any key closes"
expect "still at step 3" "step 3/"
keys g
expect "go-to prompt" "go to step \\(0-[0-9]+\\): _"
keys 7 Enter
expect "go to 7" "step 7/"
keys End
expect "end" "step ([0-9]+)/\\1 "
keys Space
expect "past the end" "at the last step"
keys Home
expect "home" "step 0/"
keys n
expect "next marker" "chapter: "
expect "marker step" "step [1-9][0-9]*/"
keys m
expect "micro mode" "micro-step mode"
keys Space
expect "event counter" "event [0-9]+/[0-9]+"
keys m
expect "step mode" "step mode"
keys e
expect "explain overlay" "explain this step"
keys Escape
expect_gone "explain closed" "explain this step"
keys Tab z
expect "zoom narration" "what happened \\(zoomed: z\\)"
keys z
expect "unzoomed" "┌ stack"

# ---- 2. resizes: 40x15, 120x40, tiny, back ----
resize 40 15
expect "40x15 status" "step [0-9]+/"
expect "40x15 stack" "┌ stack"
resize 120 40
expect "120x40 side by side" "┌ stack.*┐┌ what happened"
resize 10 5
expect "tiny" "too small"
expect_gone "tiny has no panes" "┌"
resize 3 2
expect "very tiny" "40x|10|!|small"
resize 80 24
expect "restored size" "┌ stack"
expect "status back" "\\? help"

# ---- 3. quit restores the terminal ----
keys q
expect "quit status 0" "\\[memviz exit 0\\]"
expect_value "normal screen after quit" "#{alternate_on}" 0
expect_value "cursor shown after quit" "#{cursor_flag}" 1

# ---- 4. autoplay ----
start 80x24
expect "autoplay start" "step 0/"
keys + p
expect "autoplay plays" "playing"
expect "autoplay runs" "step [2-9]/|step [1-9][0-9]+/"
keys p
expect "paused" "paused|end of the run"
keys q
expect "quit after autoplay" "\\[memviz exit 0\\]"

# ---- 5. Ctrl-C, SIGTERM, SIGHUP restore the terminal ----
start 80x24
expect "before Ctrl-C" "step 0/"
keys C-c
expect "Ctrl-C ends memviz" "\\[memviz exit 130\\]"
expect_value "normal screen after Ctrl-C" "#{alternate_on}" 0
expect_value "cursor after Ctrl-C" "#{cursor_flag}" 1

for sig in TERM HUP; do
	start 80x24
	expect "before SIG$sig" "step 0/"
	pid=$(memviz_pid)
	if [ -n "$pid" ]; then
		kill -s "$sig" "$pid"
		expect "SIG$sig ends memviz" "\\[memviz exit 1[0-9][0-9]\\]"
		expect_value "normal screen after SIG$sig" "#{alternate_on}" 0
	else
		bad "no memviz process for SIG$sig"
	fi
done

# ---- 6. input closed: quits at once, no busy loop ----
STDIN=/dev/null
start 80x24
STDIN=
expect "input closed quits" "\\[memviz exit 0\\]"

# ---- 7. plain ASCII under LANG=C ----
start 80x24 LANG=C LC_ALL=C
expect "ASCII title card" "press Space to start"
keys Space Space
expect "ASCII boxes" "^\\+ stack -"
expect "ASCII markers" "sp> "
if LC_ALL=C grep -q "$(printf '[\200-\377]')" "$TMP/screen"; then
	bad "non-ASCII bytes under LANG=C"
else
	ok
fi
keys q
expect "ASCII quit" "\\[memviz exit 0\\]"

# ---- 8. NO_COLOR: attributes, no colours; colours otherwise ----
start 80x24 NO_COLOR=1
expect "NO_COLOR screen" "step 0/"
keys Space
expect "NO_COLOR step" "step 1/"
screen -e
if grep -Eq "$(printf '\033')\\[([0-9;]*;)?(3[0-7]|4[0-7]|38;5;[0-9]+)(;[0-9;]*)?m" "$TMP/screen"; then
	bad "colour codes with NO_COLOR=1"
else
	ok
fi
if grep -q "$(printf '\033')\\[[0-9;]*7m" "$TMP/screen"; then
	ok
else
	bad "no reverse video with NO_COLOR=1"
fi
keys q
start 80x24
expect "colour screen" "step 0/"
keys Space
expect "colour step" "step 1/"
screen -e
if grep -Eq "$(printf '\033')\\[([0-9;]*;)?(3[0-7]|4[0-7]|[34]8;5;[0-9]+)(;[0-9;]*)?m" "$TMP/screen"; then
	ok
else
	bad "no colour codes by default"
fi
if grep -Eq "$(printf '\033')\\[([0-9;]*;)?[34]8;5;[0-9]+" "$TMP/screen"; then
	ok
else
	bad "no 256-colour theme with TERM=tmux-256color"
fi
keys q

# --color=always wins over NO_COLOR; --color=never and --ascii work.
ARGS=--color=always
start 80x24 NO_COLOR=1
ARGS=
expect "--color=always screen" "step 0/"
keys Space
expect "--color=always step" "step 1/"
screen -e
if grep -Eq "$(printf '\033')\\[([0-9;]*;)?(3[0-7]|4[0-7]|[34]8;5;[0-9]+)(;[0-9;]*)?m" "$TMP/screen"; then
	ok
else
	bad "--color=always shows no colour with NO_COLOR=1"
fi
keys q
ARGS="--color=never --ascii"
start 80x24
ARGS=
expect "--ascii screen" "press Space to start"
keys Space
expect "--ascii boxes" "^\\+ stack -"
screen -e
if grep -Eq "$(printf '\033')\\[([0-9;]*;)?(3[0-7]|4[0-7]|[34]8;5;[0-9]+)(;[0-9;]*)?m" "$TMP/screen"; then
	bad "--color=never shows colour"
else
	ok
fi
keys q

# ---- 9. terminals that cannot work: clear message, status 1 ----
start 80x24 TERM=dumb
expect "dumb terminal refused" "cannot move the cursor"
expect "dumb suggests --batch" "--batch"
expect "dumb status 1" "\\[memviz exit 1\\]"
start 80x24 TERM=nosuchterm-e2e
expect "unknown TERM" "unknown terminal type 'nosuchterm-e2e'"
expect "unknown TERM hint" "TERM=xterm-256color"
expect "unknown TERM status 1" "\\[memviz exit 1\\]"

# ---- 10. a big terminal ----
start 200x60
expect "200x60 title" "press Space to start"
keys End
expect "200x60 end" "step ([0-9]+)/\\1 "
expect "200x60 narration column" "┐┌ what happened"
keys q
expect "200x60 quit" "\\[memviz exit 0\\]"

# ---- 11. 16 and 8 colours: themes follow the terminal ----
start 80x24 TERM=screen
expect "8-colour screen" "step 0/"
keys Space
expect "8-colour step" "step 1/"
screen -e
if grep -Eq "$(printf '\033')\\[([0-9;]*;)?[34]8;5;" "$TMP/screen"; then
	bad "256-colour codes on an 8-colour terminal"
else
	ok
fi
if grep -Eq "$(printf '\033')\\[([0-9;]*;)?(3[0-7]|4[0-7])(;[0-9;]*)?m" "$TMP/screen"; then
	ok
else
	bad "no colours on an 8-colour terminal"
fi
keys q
expect "8-colour quit" "\\[memviz exit 0\\]"

# A 16-colour terminal (none ships in ncurses-base): xterm's entry with 16
# colours, compiled with tic into a private terminfo directory.
if infocmp -x xterm-256color 2>/dev/null |
	sed -e 's/^xterm-256color|[^,]*,/memviz-16color|a test terminal with 16 colours,/' \
	    -e 's/colors#0x100/colors#16/; s/colors#256/colors#16/' \
	    -e 's/pairs#0x10000/pairs#256/; s/pairs#65536/pairs#256/' \
	    >"$TMP/ti.src" && tic -x -o "$TMP/terminfo" "$TMP/ti.src" 2>/dev/null; then
	start 80x24 TERMINFO="$TMP/terminfo" TERM=memviz-16color
	expect "16-colour screen" "step 0/"
	keys Space
	expect "16-colour step" "step 1/"
	screen -e
	if grep -Eq "$(printf '\033')\\[([0-9;]*;)?[34]8;5;" "$TMP/screen"; then
		bad "256-colour codes on a 16-colour terminal"
	else
		ok
	fi
	# The bright half: the change highlight on bright yellow.
	if grep -Eq "$(printf '\033')\\[([0-9;]*;)?103(;[0-9;]*)?m" "$TMP/screen"; then
		ok
	else
		bad "no bright colours on a 16-colour terminal"
	fi
	keys q
	expect "16-colour quit" "\\[memviz exit 0\\]"
else
	echo "e2e: infocmp or tic missing; the 16-colour check is skipped"
fi

# ---- 12. every size x locale x colour: the main keys ----
# A pass through the screen each way a student may meet it: title card,
# step, help, zoom, explain, micro-steps, end, quit.
for size in 80x24 120x40 40x15; do
	for lang in C.UTF-8 C; do
		for nc in "" 1; do
			what="$size LANG=$lang${nc:+ NO_COLOR}"
			start "$size" LANG=$lang LC_ALL=$lang ${nc:+NO_COLOR=$nc}
			expect "$what: title card" "Space"
			expect "$what: step 0" "step 0/"
			keys Space Space
			expect "$what: step 2" "step 2/"
			expect "$what: stack pane" "[┌+] stack"
			keys '?'
			expect "$what: help" "[┌+] keys"
			keys Escape
			expect_gone "$what: help closed" "[┌+] keys"
			keys z
			expect "$what: zoom" "stack \\(zoomed: z\\)"
			keys z Tab
			expect_gone "$what: unzoom" "zoomed"
			keys e
			expect "$what: explain" "explain this step"
			keys q
			expect_gone "$what: explain closed" "explain this step"
			keys m Space
			expect "$what: micro-steps" "event [0-9]+/[0-9]+"
			keys m End
			expect "$what: end" "step ([0-9]+)/\\1 "
			if [ "$lang" = C ]; then
				if LC_ALL=C grep -q "$(printf '[\200-\377]')" "$TMP/screen"; then
					bad "$what: non-ASCII bytes"
				else
					ok
				fi
			fi
			if [ -n "$nc" ]; then
				screen -e
				if grep -Eq "$(printf '\033')\\[([0-9;]*;)?(3[0-7]|4[0-7]|[34]8;5;[0-9]+)(;[0-9;]*)?m" "$TMP/screen"; then
					bad "$what: colour codes with NO_COLOR"
				else
					ok
				fi
			fi
			keys q
			expect "$what: quit" "\\[memviz exit 0\\]"
		done
	done
done

# ---- 13. every key of the map, at 80x24 ----
start 80x24
expect "keys: start" "step 0/"
keys Right l
expect "keys: Right l" "step 2/"
keys BSpace
expect "keys: BSpace" "step 1/"
keys '>'
expect "keys: >" "step ([0-9]+)/\\1 "
keys '<'
expect "keys: <" "step 0/"
keys :
expect "keys: : prompt" "go to step"
keys 5 Enter
expect "keys: go to 5" "step 5/"
keys ']'
expect "keys: ] next chapter" "chapter: "
keys '['
expect "keys: [ previous chapter" "chapter: |no earlier chapter"
keys '}' '{' E
expect "keys: errors" "error"
keys f
expect "keys: f" "page fault"
keys F v V t T c C x X
expect "keys: kinds" "no (later|earlier) [a-zA-Z ]+"
keys Home Space
keys Up k Down j PPage NPage
expect "keys: scrolling" "step 1/"
keys S-Tab Tab
expect "keys: focus" "step 1/"
keys C-l
expect "keys: redraw" "[┌] stack"
keys F1
expect "keys: F1 help" "next / prev\\. page fault"
expect "keys: help lists collections" "x X +next / prev\\. collection"
keys Down Up Escape
expect_gone "keys: help closed" "any key closes|other keys close"
keys Q
expect "keys: Q quits" "\\[memviz exit 0\\]"

# ---- 14. search: /, n, N, Esc; then n is the next chapter again ----
start 80x24
expect "search: start" "step 0/"
keys /
expect "search prompt" "search: _"
keys -l "fact(n=1)"
keys Enter
expect "search found" "\"fact\\(n=1\\)\" at step [0-9]+"
keys n
expect "search again" "at step [0-9]+ \\(from the start\\)|\" at step [0-9]+"
keys N
expect "search back" "\"fact\\(n=1\\)\" at step"
keys /
keys -l "no such text anywhere"
keys Enter
expect "search not found" "not found"
keys Escape
expect "search ended" "search ended"
keys Home n
expect "n is the chapter again" "chapter: "
keys q

# ---- 15. the kinds of step: faults, evictions, TLB and cache misses, ----
# ---- collections and errors, on the scenarios that have them         ----
kind() { # SCENARIO KEY PATTERN
	SCEN=$ROOT/scenarios/$1.mvs
	start 80x24
	expect "$1: start" "step 0/"
	keys "$2"
	expect "$1: $2" "$3 at step [0-9]+"
	n1=$(grep -o 'step [0-9]*/' "$TMP/screen" | head -n 1)
	keys "$2"
	expect "$1: $2 again" "$3 at step [0-9]+|no later"
	keys q
	expect "$1: quit" "\\[memviz exit 0\\]"
}
SAVED_SCEN=$SCEN
kind vm-tlb f "page fault"
kind vm-tlb t "TLB miss"
kind vm-fifo-lru-opt v "eviction"
kind cache-write-back c "cache miss"
kind gc-cycle-mark-sweep x "collection"
kind heap-double-free E "error"
SCEN=$ROOT/scenarios/vm-tlb.mvs
start 80x24
expect "faults on the timeline" "▾"
keys End F
expect "previous fault" "page fault at step"
keys q
SCEN=$SAVED_SCEN

# ---- 16. autoplay to the end, faster and slower, shown in the status ----
start 80x24
expect "autoplay: start" "step 0/"
keys + + + + r
expect "autoplay: status" "\\[playing [0-9]+ ms\\]"
expect "autoplay: runs to the end" "end of the run"
expect "autoplay: at the last step" "step ([0-9]+)/\\1 "
expect_not "autoplay: stopped" "\\[playing"
keys -
expect "autoplay: slower" "one step every [0-9]+ ms"
keys r
expect "autoplay: restarts" "\\[playing"
keys Escape
expect_gone "autoplay: Esc stops" "\\[playing"
keys q

# ---- 17. a resize storm while stepping ----
start 80x24
expect "storm: start" "step 0/"
for sz in 60x15 200x60 41x10 1x1 120x40 39x9 100x30 50x12 80x24; do
	resize "${sz%x*}" "${sz#*x}"
	keys Space
done
for sz in 90x20 45x14 160x50; do
	resize "${sz%x*}" "${sz#*x}"
done
resize 80 24
expect "storm: status" "step 9/"
# Step 9 of the tour is in its heap chapter.
expect "storm: panes" "┌ heap"
expect_not "storm: no small screen" "too small"
keys Left
expect "storm: still answers" "step 8/"
keys q
expect "storm: quit" "\\[memviz exit 0\\]"

# ---- 18. --panes, the panes directive, --present, the explain note ----
ARGS="--panes heap"
start 80x24
ARGS=
keys Space
expect "--panes heap" "┌ heap"
expect_not "--panes hides the stack" "┌ stack"
keys q
ARGS="--panes stack,frames"
start 120x40
ARGS=
keys Space
expect "--panes two panes" "┌ stack"
expect "--panes frames" "frames"
keys q
ARGS="--panes nosuch"
start 80x24
ARGS=
expect "--panes bad name" "unknown pane 'nosuch'"
expect "--panes bad status 2" "\\[memviz exit 2\\]"
ARGS=--present
start 80x24
ARGS=
expect "present: step i of N" "step 0 of [0-9]+"
expect_not "present: no key hints" "\\? help"
keys Space Space Space Space Space
expect "present: chapter" "step 5 of [0-9]+ +[0-9]\\. [A-Z]"
keys e
expect "explain: the note" "note"
expect "explain: every event" "pop-frame"
keys q

# ---- 19. the mouse: a click focuses, the wheel scrolls ----
start 120x40
expect "mouse: start" "step 0/"
keys Space Space Space Space Space
expect "mouse: stepped" "step 5/"
# X10 reports (kmous of tmux-256color): ESC [ M button+32 x+33 y+33.
tm send-keys -t t -H 1b 5b 4d 20 71 43
keys z
expect "mouse: click focused the narration" "what happened \\(zoomed: z\\)"
keys z
tm send-keys -t t -H 1b 5b 4d 60 71 43
expect "mouse: wheel scrolled back" "what happened \\[back [0-9]+\\]"
keys q
ARGS=--no-mouse
start 80x24
ARGS=
expect "--no-mouse runs" "step 0/"
keys q
expect "--no-mouse quits" "\\[memviz exit 0\\]"

# ---- 20. virtual memory panes and compare mode ----
SAVED_SCEN=$SCEN
SCEN=$ROOT/scenarios/belady.mvs
start 80x24
expect "belady: start" "step 0/"
keys End
expect "belady: frames pane" "FIFO, 3 frames: 9 faults, 3 hits"
expect "belady: textbook table" "ref   1 2 3 4 1 2 5 1 2 3 4 5"
expect "belady: fault row" "fault F F F F F F F     F F"
expect "belady: policy state" "FIFO queue, oldest first: 5 3 4"
expect "belady: page table" "VPN PFN  PDR prot"
keys Home Space Space Space Space
expect "belady: a victim" "ref 4: FAULT, evicts 1 from fr 0"
expect "belady: the loaded frame is starred" "★fr 0"
keys q
SCEN=$ROOT/scenarios/vm-two-level-walk.mvs
start 80x24
keys Space Space Space
expect "walk: level 1" "walk L1 \\[1\\] -> table #1"
expect "walk: level 2" "L2 \\[4\\] -> PFN 1"
expect "walk: TLB" "TLB 2/16, no ASIDs"
keys m Space
expect "walk: micro-step in progress" "looking up VPN 7f000"
keys z
expect "walk: page table zoomed" "page table \\(zoomed: z\\)"
expect "walk: empty entries shown zoomed" "empty entries"
keys q
SCEN=$ROOT/scenarios/vm-thrashing.mvs
start 80x24
keys End
expect "thrash: rows hidden below" "\\.\\.\\. 3 more rows: j scrolls, z zooms"
keys Tab j j
expect "thrash: scrolled on" "physical frames \\[on 2\\]"
expect "thrash: hidden rows shown" "slot 1: page"
keys j j j j
expect "thrash: stops at the last row" "physical frames \\[on 2\\]"
expect_not "thrash: not past it" "physical frames \\[on [3-9]"
keys k k k
expect_gone "thrash: back at the anchor" "\\[on [0-9]\\]"
expect "thrash: hint again" "3 more rows: j scrolls"
keys q
SCEN=$ROOT/scenarios/belady.mvs
ARGS="--frames 3,4"
start 80x24
ARGS=
expect "compare: screen" "compare: Belady's anomaly  step 0/12"
expect "compare: two runs" "FIFO 3 .*FIFO 4"
keys End
expect "compare: all at the end" "step 12/12"
expect "compare: totals" "faults 9 .*faults 10"
expect "compare: Belady line" "Belady's anomaly: FIFO with 4 frames has 10 faults, with 3 only 9"
keys Left
expect "compare: back together" "step 11/12"
keys g
expect "compare: go-to prompt" "go to step \\(0-12\\): _"
keys 5 Enter
expect "compare: go to 5" "step 5/12"
keys e
expect "compare: explain, run by run" "fifo, 3 frames .*fifo, 4 frames"
expect "compare: explain shows the events" "Evict page 2 from frame 1"
keys e
expect_gone "compare: explain closes" "fifo, 3 frames"
keys q
expect "compare: quits" "\\[memviz exit 0\\]"
SCEN=$ROOT/scenarios/vm-fifo-lru-opt.mvs
ARGS="--compare fifo,lru,clock,opt"
start 80x24
ARGS=
expect "compare: four policies fit" "FIFO 3 .*LRU 3 .*CLOCK 3 .*OPT 3"
keys End
expect "compare: textbook counts" "faults 15 .*faults 12 .*faults 14 .*faults 9"
keys q
SCEN=$SAVED_SCEN
out=$("$BIN" --batch --compare fifo,lru,opt "$ROOT/scenarios/vm-fifo-lru-opt.mvs")
case $out in
*"fifo          3         20       15"*"lru           3         20       12"*"opt           3         20        9"*) ok ;;
*) bad "compare batch table: $out" ;;
esac
out=$("$BIN" --compare fifo,nope x.mvs 2>&1)
case $out in
*"unknown policy 'nope' (valid: fifo, lru, clock, eclock, opt, random)"*) ok ;;
*) bad "compare: bad policy message: $out" ;;
esac

# ---- Lecture-ready at 80x24 (issue 14) ----
# walk_events NAME: start the scenario at 80x24, switch to micro-steps and
# press Space through every event of every step; after each one, the
# start of that event's sentence (from --batch --json) must be on the
# screen, and the status line must say which event it is.
walk_events() {
	name=$1
	SCEN=$ROOT/scenarios/$name.mvs
	"$BIN" --batch --json "$SCEN" | python3 -c '
import json, sys
for line in sys.stdin:
    o = json.loads(line)
    if "step" not in o:
        continue
    n = len(o["events"])
    for i, e in enumerate(o["events"]):
        print("%d\t%d\t%d\t%s" % (o["step"], i + 1, n, e["text"][:24]))
' > "$TMP/events"
	start 80x24
	keys m
	walked=0
	missed=0
	while IFS="$(printf '\t')" read -r k i n text; do
		keys Space
		j=0
		found=0
		while [ "$j" -lt 50 ]; do
			screen
			if grep -q "step $k/.*event $i/$n" "$TMP/screen" &&
			   { [ -z "$text" ] || grep -qF -- "$text" "$TMP/screen"; }; then
				found=1
				break
			fi
			sleep 0.1
			j=$((j + 1))
		done
		walked=$((walked + 1))
		if [ "$found" -eq 0 ]; then
			missed=$((missed + 1))
			[ "$missed" -eq 1 ] && bad "$name: step $k event $i/$n: '$text' not on screen"
		fi
	done < "$TMP/events"
	[ "$missed" -eq 0 ] && ok
	keys q
}
for name in vm-clock heap-buddy vm-two-level-walk gc-incremental tour; do
	walk_events "$name"
done

# A long step scrolls on, in the narration when it has the focus.
SCEN=$ROOT/scenarios/vm-two-level-walk.mvs
start 80x24
keys Space
expect "lecture: note cut, and said so" "note \\(cut: e shows it all\\)"
expect_not "lecture: the answer is below" "= 0xa10\\."
keys Tab Tab
keys Down Down Down Down Down Down
expect "lecture: scrolled on to the physical address" "= 0xa10\\."
expect "lecture: the title says so" "what happened \\[on [0-9]"
keys q

# Brief narration: the key, its message, one line a step, and back.
SCEN=$ROOT/scenarios/vm-clock.mvs
start 80x24
keys Space Space Space Space b
expect "brief: one line a step" "Reference 4: page fault; clock hand \\(x3\\); evict page 1"
expect "brief: says how to get the full text" "brief narration: one line a step"
keys b
expect "brief: off again" "Clock hand at frame 0: page 1 has R=1"
keys '?'
expect "brief: in the help" "brief narration on/off"
keys q q
ARGS=--brief
start 80x24
ARGS=
keys Space Space Space Space
expect "brief: --brief starts in it" "Reference 4: page fault; clock hand"
keys q

# fp stays on the caller's saved fp in the middle of a call.
SCEN=$ROOT/scenarios/factorial.mvs
start 80x24
keys Space Space m Space Space
expect "fp: mid-call, on the caller's slot" "fp. 0x7ffefff0  saved fp"
keys q

# The TLB of vm-tlb at 80x24, with its replacement order.
SCEN=$ROOT/scenarios/vm-tlb.mvs
start 80x24
keys Space Space Space Space Space Space Space Space Space Space
expect "tlb: rows shown at 80x24" "e[0-3] #1: VPN"
expect_not "tlb: no ASID named" "ASID 1"
keys q

# The viewer says which lines a killed process never runs.
printf 'frames 4\nmap 0x400000 4K prot=r-x name=code\nwrite 0x400010\nread 0x1000\n' > "$TMP/killed.mvs"
SCEN=$TMP/killed.mvs
start 80x24
keys End
expect "killed: the viewer says so at the end" "line 4 and the lines after it never run"
keys q

# ---- exercises: the scenario on standard input, the keys from the tty ----
EXAM_SAVED_SCEN=$SCEN
SCEN=-
STDIN=$ROOT/scenarios/exam-translate-two-level.mvs
start 80x24
STDIN=
expect "stdin scenario: title card" "press Space to start"
keys Space Space Space Space Space
expect "exam: invalid, the run goes on" "read 0xa0: INVALID: no translation"
expect "exam: the address's bit fields" "0xa0 = 10\\|10\\|0000"
expect "exam: walk level 2 invalid" "L2 \\[2\\] -> invalid"
keys q
expect "stdin scenario: quits" "\\[memviz exit 0\\]"
SCEN=$EXAM_SAVED_SCEN
SCEN=$SAVED_SCEN
# Heap policies side by side: g goes to a step, e explains it.
SCEN=$ROOT/scenarios/programs/fragment.mvs
ARGS="--compare first-fit,buddy"
start 80x24
ARGS=
expect "heap compare: both runs" "first-fit, 4K.*buddy, 4K"
keys g
expect "heap compare: go-to prompt" "go to step \\(0-33\\): _"
keys 3 2 Enter
expect "heap compare: at step 32" "step 32/33"
expect "heap compare: figures" "free list 9  failed 0 .*free list 1  failed 0"
keys e
expect "heap compare: explain lists events" "first-fit.*buddy"
expect "heap compare: explain lists the search" "Checked block at 0x100000 \\(48 bytes\\)"
keys Left
expect "heap compare: back together" "step 31/33"
keys q
expect "heap compare: quits" "\\[memviz exit 0\\]"
SCEN=$SAVED_SCEN
out=$("$BIN" --compare first-fit,nope x.mvs 2>&1)
case $out in
*"valid: first-fit, next-fit, best-fit, worst-fit, buddy, slab"*) ok ;;
*) bad "heap compare: bad policy message: $out" ;;
esac

# --trace-program -: record a program, then view its heap at once.
if cc -g -o "$TMP/linked-list" "$ROOT/scenarios/programs/linked-list.c" 2>/dev/null; then
	SCEN=$TMP/linked-list
	ARGS="--trace-program - --"
	start 80x24
	ARGS=
	expect "trace-program -: the viewer opens" "The heap of linked-list"
	keys Space Space
	expect "trace-program -: first block" "make_node.1"
	keys q
	expect "trace-program -: quits" "\\[memviz exit 0\\]"
	SCEN=$SAVED_SCEN
fi
# The quiz (issue 16): a question shows the state before its step, the
# answer field grades every form, the score stays in the status line,
# Space reveals an ask, and the summary closes the run.
SCEN=$ROOT/scenarios/quiz-lru.mvs
ARGS="--quiz"
start 80x24
ARGS=
keys Space
expect "quiz: the question" "Reference to page 1: hit or miss\\?"
expect "quiz: its heading" "Question 1 of 11, step 1: hit"
expect "quiz: the answer field" "step 0/7 score 0/0  answer: _"
expect "quiz: the state before it" "memory is empty: every frame is free"
expect_not "quiz: no title card" "press Space to start"
keys -l "miss"
keys Enter
expect "quiz: a right answer" "score 1/1  right: miss"
expect "quiz: revealed" "Reference 1: page fault, page 1 is not in memory"
keys Space
expect "quiz: the next question" "Question 2 of 11, step 2"
keys -l " HIT "
keys Enter
expect "quiz: a wrong answer" "score 1/2 .*wrong: it is miss"
keys Space Enter
expect "quiz: an empty answer skips" "score 1/3 .*skipped: it is miss"
keys Space
expect "quiz: the ask's question" "Page 1 again: hit or miss\\?"
keys -l "hit"
keys Enter
expect "quiz: the ask graded" "score 2/4  right: hit"
keys Space
expect "quiz: an ask with answer=" "Which page does LRU evict for page 4\\?"
keys -l "0x2"
keys Enter
expect "quiz: hex for a decimal answer" "right: 2"
expect "quiz: the next question of the step" "Reference to page 4: hit or miss\\?"
expect "quiz: the verdict repeated in the pane" "^. right: 2"
expect "quiz: still before the step" "step 4/7"
keys -l "miss"
keys Enter
expect "quiz: third question of the step" "which page is evicted\\?"
keys -l "2"
keys Enter
expect "quiz: the step revealed after its last question" "step 5/7 score 5/7"
expect "quiz: with its why" "right: 2"
keys Space
expect "quiz: kind=victim" "Page 2 comes back: which page goes now\\?"
keys Escape
expect_gone "quiz: Esc puts the question away" "which page goes now"
expect "quiz: nothing moved" "step 5/7 score 5/7"
keys Space
expect "quiz: asked again" "which page goes now\\?"
keys -l "3"
keys Enter
expect "quiz: then its own hit question" "Reference to page 2: hit or miss\\?"
keys -l "miss"
keys Enter
keys Space
expect "quiz: a number" "How many page faults so far\\?"
keys -l "5"
keys Enter
keys -l "hit"
keys Enter
expect "quiz: all answered" "step 7/7 score 9/11"
keys Space
expect "quiz: the summary" "9 of 11 right: hit 5/7, victim 2/2, ask 2/2"
keys x
expect_gone "quiz: any key closes it" "Quiz over"
keys q
expect "quiz: quits" "\\[memviz exit 0\\]"
# --record keeps the question, its pause and a marker for it.
ARGS="--quiz --record $TMP/quiz.cast --step 3"
start 80x24
ARGS=
keys Space
expect "quiz record: the question" "Page 1 again: hit or miss\\?"
keys -l "hit"
keys Enter
expect "quiz record: revealed" "right: hit"
keys q
expect "quiz record: quits" "\\[memviz exit 0\\]"
if grep -q '"m", "step 4: Page 1 again: hit or miss?"' "$TMP/quiz.cast" &&
	grep -q 'Page 1 again' "$TMP/quiz.cast"; then ok; else
	bad "quiz record: no question marker in the cast"; fi
# Other forms in the viewer: an address in decimal, names in any order.
SCEN=$ROOT/scenarios/heap-first-fit.mvs
ARGS="--quiz=address"
start 80x24
ARGS=
keys Space
expect "quiz address: the question" "malloc for a \\(16 bytes\\): which address"
expect "quiz address: the form" "an address \\(hex or decimal\\), or NULL"
keys -l "1004"
keys Enter
expect "quiz address: decimal for 0x3ec" "score 1/1 .*right: 0x3ec"
keys q
SCEN=$ROOT/scenarios/gc-cycle-mark-sweep.mvs
ARGS="--quiz=freed --step 7"
start 80x24
ARGS=
keys Space
expect "quiz freed: the question" "Which objects does this step free\\?"
keys -l "b, A"
keys Enter
expect "quiz freed: names are exact" "score 0/1 .*wrong: it is A B"
keys q
ARGS="--quiz=freed --step 7"
start 80x24
ARGS=
keys Space
expect "quiz freed: again" "Which objects does this step free\\?"
keys -l "B, A"
keys Enter
expect "quiz freed: any order, commas" "score 1/1  right: A B"
keys q
SCEN=$ROOT/scenarios/quiz-lru.mvs
# Without --quiz, only the asks: Space reveals.
ARGS="--step 3"
start 80x24
ARGS=
keys Space
expect "ask: the question" "Page 1 again: hit or miss\\?"
expect "ask: reveal hint" "press Space to reveal"
expect "ask: no answer field, no score" "step 3/7  Quiz: predict LRU"
keys Space
expect "ask: revealed" "Reference 1: hit, page 1 is in frame 0"
expect "ask: stepped" "step 4/7"
keys Left Space
expect "ask: not asked twice" "step 4/7"
keys q
SCEN=$SAVED_SCEN

echo "e2e: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
