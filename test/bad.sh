#!/bin/sh
# bad.sh BIN: broken scenarios and bad command lines.  Each test/bad/NAME.mvs
# must be refused by `memviz --check` with exit status 2 and exactly the
# messages in test/bad/NAME.err; each command line below must give its exit
# status and message.
set -u
bin=$1
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

ok() { pass=$((pass + 1)); }
ko() { echo "bad: $*"; fail=$((fail + 1)); }

for s in test/bad/*.mvs; do
	name=$(basename "$s" .mvs)
	"$bin" --check "$s" > "$tmp/out" 2> "$tmp/err"
	rc=$?
	if [ "$rc" -ne 2 ]; then
		ko "$name: exit status $rc, want 2"
	elif ! cmp -s "test/bad/$name.err" "$tmp/err"; then
		ko "$name: messages differ:"
		diff -u "test/bad/$name.err" "$tmp/err" | head -20
	elif [ -s "$tmp/out" ]; then
		ko "$name: printed to stdout"
	else
		ok
	fi
done

# expect STATUS PATTERN COMMAND...: exit status and a line of output.
expect() {
	want=$1 pattern=$2
	shift 2
	"$@" > "$tmp/out" 2>&1 < /dev/null
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		ko "$*: exit status $rc, want $want"; cat "$tmp/out" | head -5
	elif ! grep -q -- "$pattern" "$tmp/out"; then
		ko "$*: output lacks '$pattern':"; head -5 "$tmp/out"
	else
		ok
	fi
}

expect 0 '^Usage: memviz' "$bin" --help
expect 0 '^memviz [0-9]' "$bin" --version
expect 2 "unknown option '--bogus'" "$bin" --bogus
expect 2 "option '--step' needs an argument" "$bin" --dump --step
expect 2 "--step needs a step number" "$bin" --dump --step x scenarios/tour.mvs
expect 2 "--size needs WIDTHxHEIGHT" "$bin" --dump --size 80 scenarios/tour.mvs
expect 2 "cannot be combined" "$bin" --check --batch scenarios/tour.mvs
expect 2 "one scenario at a time" "$bin" --check a b
expect 2 "--json goes with --batch" "$bin" --json scenarios/tour.mvs
expect 2 "--json takes no value or =full" "$bin" --batch --json=all scenarios/tour.mvs
expect 2 "cannot open: No such file or directory" "$bin" --check /nonexistent.mvs
expect 2 "is a directory" "$bin" --check test
expect 2 "NUL byte" "$bin" --check /bin/sh
expect 2 "no steps" "$bin" --check /dev/null
expect 0 "ok: " "$bin" --check scenarios/tour.mvs
expect 0 "ok: " "$bin" --check tour
expect 0 "^step 1 (line" "$bin" --batch
expect 0 "^tour  *A tour of memviz" "$bin" --list
expect 2 "unknown kind \`nope\`" "$bin" --generate nope
expect 2 "frames takes 1..8" "$bin" --generate paging frames=99
expect 2 "unknown key \`colour\`" "$bin" --generate paging colour=red
expect 2 "--seed needs a number" "$bin" --generate paging --seed -3
expect 2 "--seed goes with --generate" "$bin" --seed 3 --check scenarios/tour.mvs
expect 2 "--table takes --format text or csv" "$bin" --table --format svg scenarios/belady.mvs
expect 2 "--format csv goes with --table" "$bin" --dump --format csv scenarios/belady.mvs
expect 2 "cannot be combined" "$bin" --table --batch scenarios/belady.mvs
expect 2 "do not go with --table or --generate" "$bin" --table --compare fifo,lru scenarios/belady.mvs
expect 0 "^refs " "$bin" --generate paging --seed 5
expect 0 "^translate: levels=1..2 (1) address-bits=8..16 (14)" "$bin" --generate help
expect 0 "^frame 0 " "$bin" --table scenarios/belady.mvs
expect 0 "^ref,1,2,3" "$bin" --table --format=csv scenarios/belady.mvs
"$bin" --generate cache --seed 9 | "$bin" --table - > "$tmp/out" 2>&1 &&
	grep -q '^Cache accesses' "$tmp/out" && ok || ko "--generate | --table - failed"
"$bin" --check - < scenarios/belady.mvs > "$tmp/out" 2>&1 &&
	grep -q '^-: ok: 12 steps' "$tmp/out" && ok || ko "--check - failed"
printf 'cache L1 size=256 line=16\ntrace - limit=3\n' > "$tmp/tr.mvs"
"$bin" --check "$tmp/tr.mvs" < scenarios/traces/matrix.lackey > "$tmp/out" 2>&1 &&
	grep -q ': ok: 3 steps' "$tmp/out" && ok || ko "trace - failed"
expect 2 "--brief goes with the text of --batch" "$bin" --batch --json --brief scenarios/tour.mvs
expect 0 "^ 1  call main()" "$bin" --batch --brief scenarios/tour.mvs
# A file whose process is killed with lines left: valid, with a warning.
printf 'frames 4\nmap 0x400000 4K prot=r-x name=code\nwrite 0x400010\nread 0x1000\n' > "$tmp/killed.mvs"
expect 0 "killed.mvs:4:1: warning: this line never runs: the process was killed at step 2 (line 3)" "$bin" --check "$tmp/killed.mvs"
expect 0 "killed.mvs: ok: 2 steps" "$bin" --check "$tmp/killed.mvs"
# --list: the name column fits the longest name, so titles never touch it.
"$bin" --list > "$tmp/list" 2>&1
if grep -qv '^[^ ]*  ' "$tmp/list"; then
	ko "--list: a name runs into its title:"; grep -v '^[^ ]*  ' "$tmp/list" | head -3
else
	ok
fi
# The memory ceiling (memviz(1), LIMITS): an input that needs more data
# than the limit in force ends in a message naming it, exit 1.  Under a
# lower limit than 1 GiB (here ~98 MB) memviz keeps the lower one.  Not
# for a sanitizer build, whose shadow memory the limit would refuse.
if ! nm "$bin" 2>/dev/null | grep -q __asan_init; then
	printf 'title "big"\nframes 64\nrepeat 50000\nrefs' > "$tmp/big.mvs"
	i=1
	while [ $i -le 67 ]; do printf ' %d' $i >> "$tmp/big.mvs"; i=$((i + 1)); done
	printf '\nend\n' >> "$tmp/big.mvs"
	expect 1 "out of memory: the data limit of 97 MiB was reached (memviz never uses more than 1 GiB" \
		sh -c "ulimit -d 100000 && exec \"\$0\" --check \"\$1\"" "$bin" "$tmp/big.mvs"
fi
chmod 000 "$tmp" 2>/dev/null
if [ "$(id -u)" -ne 0 ]; then
	expect 2 "Permission denied" "$bin" --check "$tmp/x"
fi
chmod 700 "$tmp"

echo "bad: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
