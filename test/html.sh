#!/bin/sh
# html.sh BIN: `memviz --html` without a browser, and the options it shares
# with --handout and --export: --marked-only (marked steps, plus the first
# and the last), chapter names as --from/--to values (with clear errors for
# unknown ones), --theme, the default size, the same bytes every run, and
# scenario text that cannot break out of the page (<, &, quotes, control
# characters in titles, notes and marks).  The page's data is inflated
# with test/html-data.py.  The browser tests are test/browser/run.py.
#
# Prints "html: N passed, M failed"; exits non-zero on any failure.
BIN=${1:?usage: html.sh BIN}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DATA="python3 $ROOT/test/html-data.py"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/memviz-html.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "html: FAIL: $*"; }
# same NAME GOT WANT
same() {
	if [ "$2" = "$3" ]; then ok; else bad "$1: got '$2', want '$3'"; fi
}

S=$ROOT/scenarios/cache-fault-latency.mvs # marks at steps 1 and 4 of 6

# ---- the page: steps, size, theme, determinism ----
"$BIN" --html "$TMP/all.html" "$S" || bad "--html failed"
same "--html: steps" "$($DATA "$TMP/all.html" steps)" "0 1 2 3 4 5 6"
same "--html: default size" "$($DATA "$TMP/all.html" size)" "100x30"
same "--html: default theme" "$($DATA "$TMP/all.html" theme)" "auto"
grep -q '<body class="theme-auto">' "$TMP/all.html" && ok ||
	bad "--html: no theme-auto class on the body"
"$BIN" --html "$TMP/again.html" "$S"
cmp -s "$TMP/all.html" "$TMP/again.html" && ok || bad "--html: two runs differ"
"$BIN" --html "$TMP/mono.html" --theme mono --size 80x24 "$S"
same "--theme mono" "$($DATA "$TMP/mono.html" theme)" "mono"
same "--size 80x24" "$($DATA "$TMP/mono.html" size)" "80x24"
# the screen of every step is its --dump, micro-steps: one per event
$DATA "$TMP/mono.html" check-dumps "$BIN" "$S" && ok ||
	bad "--html --size 80x24: a screen differs from --dump"
"$BIN" --html "$TMP/big.html" --size 200x60 --ascii "$ROOT/scenarios/tour.mvs"
$DATA "$TMP/big.html" check-dumps "$BIN --ascii" "$ROOT/scenarios/tour.mvs" && ok ||
	bad "--html --size 200x60 --ascii: a screen differs from --dump --ascii"
same "micro-steps per step" "$($DATA "$TMP/all.html" events)" \
	"$($DATA "$TMP/all.html" micro)"
# nothing loaded from anywhere
if grep -Eiq '(src|href)=|@import|url\(|https?:' "$TMP/all.html"; then
	bad "--html: the page refers to something outside itself"
else
	ok
fi

# ---- --marked-only ----
"$BIN" --html "$TMP/marked.html" --marked-only "$S"
same "--html --marked-only" "$($DATA "$TMP/marked.html" steps)" "0 1 4 6"
"$BIN" --handout "$TMP/marked-handout.html" --marked-only "$S"
same "--handout --marked-only" \
	"$(grep -o 'id="step-[0-9]*"' "$TMP/marked-handout.html" | tr -dc '0-9\n' | tr '\n' ' ')" \
	"0 1 4 6 "
"$BIN" --export "$TMP/marked.cast" --marked-only --marker-every-step "$S"
same "--export --marked-only" \
	"$(grep '"m"' "$TMP/marked.cast" | sed 's/.*"m", "\(step [0-9]*\).*/\1/' | tr '\n' ,)" \
	"step 0,step 1,step 4,step 6,"
same "--export --marked-only: one delay apart" \
	"$(grep '"m"' "$TMP/marked.cast" | cut -d, -f1 | tr -d '[' | tr '\n' ' ')" \
	"0.000000 1.000000 2.000000 3.000000 "
"$BIN" --export "$TMP/m2.cast" --marked-only --from 2 --to 5 --marker-every-step "$S"
same "--export --marked-only --from 2 --to 5" \
	"$(grep '"m"' "$TMP/m2.cast" | sed 's/.*"m", "\(step [0-9]*\).*/\1/' | tr '\n' ,)" \
	"step 2,step 4,step 5,"

# ---- chapter names as --from / --to ----
"$BIN" --html "$TMP/ch.html" --from "To disk and back" "$S"
same "--html --from CHAPTER" "$($DATA "$TMP/ch.html" steps)" "4 5 6"
"$BIN" --html "$TMP/ch.html" --to "Cold start" "$S"
same "--html --to CHAPTER (its last step)" "$($DATA "$TMP/ch.html" steps)" \
	"0 1 2 3"
"$BIN" --html "$TMP/ch.html" --from "cold START" --to "Cold start" "$S"
same "--from/--to a chapter, any case" "$($DATA "$TMP/ch.html" steps)" "1 2 3"
"$BIN" --handout "$TMP/ch-handout.html" --from "To disk and back" "$S"
same "--handout --from CHAPTER" \
	"$(grep -o 'id="step-[0-9]*"' "$TMP/ch-handout.html" | tr -dc '0-9\n' | tr '\n' ' ')" \
	"4 5 6 "
"$BIN" --export "$TMP/ch.cast" --to "Cold start" --marker-every-step "$S"
same "--export --to CHAPTER" "$(grep -c '"m"' "$TMP/ch.cast")" "4"

# usage NAME STATUS WANT-MESSAGE ARGS...
usage() {
	name=$1 want_rc=$2 want=$3
	shift 3
	"$BIN" "$@" >/dev/null 2>"$TMP/err"
	rc=$?
	if [ "$rc" -eq "$want_rc" ] && grep -qF -- "$want" "$TMP/err"; then
		ok
	else
		bad "$name: status $rc, $(cat "$TMP/err")"
	fi
}
usage "unknown chapter" 2 \
	"--from: no chapter named 'Nope' in $S (chapters: 'Cold start', 'To disk and back')" \
	--html "$TMP/x.html" --from Nope "$S"
usage "unknown chapter, --to, --export" 2 "--to: no chapter named 'Later'" \
	--export "$TMP/x.cast" --to Later "$S"
usage "no chapters at all" 2 "it has no chapters (mark)" \
	--handout "$TMP/x.html" --from Start "$ROOT/scenarios/belady.mvs"
usage "chapters out of order" 2 "--from (step 4) must not be after --to (step 3)" \
	--html "$TMP/x.html" --from "To disk and back" --to "Cold start" "$S"
usage "negative step" 2 "--from needs a step number (0 or more) or a chapter name" \
	--html "$TMP/x.html" --from -3 "$S"
usage "theme alone" 2 "--theme goes with --html" --theme mono "$S"
usage "bad theme" 2 "--theme needs auto, color or mono" --html "$TMP/x.html" --theme pink "$S"
usage "marked-only alone" 2 "--marked-only goes with --export, --handout or --html" \
	--dump --marked-only "$S"
usage "html with compare" 2 "--compare and --frames do not go with --html" \
	--html "$TMP/x.html" --compare fifo,lru "$ROOT/scenarios/belady.mvs"
usage "html with dump" 2 "cannot be combined" --dump --html "$TMP/x.html" "$S"
usage "html to a missing folder" 1 "cannot write /nonexistent/dir/x.html" \
	--html /nonexistent/dir/x.html "$S"
[ ! -e "$TMP/x.html" ] && ok || bad "a failed run left $TMP/x.html"

# ---- scenario text that looks like markup ----
printf '%s\n' \
	'title "A </script><script>alert(1)</script> & <!-- \"q\" ~~ title"' \
	'about "About <b>bold</b> & </style>"' \
	'frames 2' \
	'mark "Chapter <i>&amp;</i> ~one~"' \
	'note "A note with </script> and <!-- and a tab	here."' \
	'refs 1 2 3' > "$TMP/evil.mvs"
"$BIN" --html "$TMP/evil.html" "$TMP/evil.mvs" || bad "--html of markup-like text failed"
same "only the page's own script elements" \
	"$(grep -o '</script' "$TMP/evil.html" | wc -l | tr -d ' ')" "2"
same "no comment opens" "$(grep -c '<!--' "$TMP/evil.html")" "0"
same "the title as text" "$($DATA "$TMP/evil.html" title)" \
	'A </script><script>alert(1)</script> & <!-- "q" ~~ title'
same "the note as text (the tab kept)" "$($DATA "$TMP/evil.html" note 1)" \
	"A note with </script> and <!-- and a tab	here."
same "the chapter as text" "$($DATA "$TMP/evil.html" mark 1)" \
	"Chapter <i>&amp;</i> ~one~"
grep -q '<h1 id="title">A &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;!-- &quot;q&quot; ~~ title</h1>' "$TMP/evil.html" && ok ||
	bad "the title is not escaped in the heading"

# a control character: the scenario is refused before any page is written
# (memviz-scenario(5): strings carry no control characters), so none can
# reach the page
printf 'title "ctl \001 here"\nframes 2\nrefs 1 2\n' > "$TMP/ctl.mvs"
rm -f "$TMP/ctl.html"
if "$BIN" --html "$TMP/ctl.html" "$TMP/ctl.mvs" 2> "$TMP/ctl.err"; then
	bad "a control character in the title is accepted"
else
	grep -q "ctl.mvs:1:7: error: control character 0x01" "$TMP/ctl.err" && ok ||
		bad "a control character: wrong message: $(cat "$TMP/ctl.err")"
fi
[ ! -e "$TMP/ctl.html" ] && ok || bad "a page was written for a refused scenario"

echo "html: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
