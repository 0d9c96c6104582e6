#!/bin/sh
# traceprog.sh BUILDDIR: memviz --trace-program on small C programs
# compiled here: the recorded sequence exactly, names from addr2line,
# exit status and output passed through, threads, fork, a crash mid-run,
# a program with no heap calls, a static one, --limit, --what cache
# (valgrind), and --compare summaries against single-policy runs.
set -u
b=${1:-build}
bin=$b/memviz
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0
ok() { pass=$((pass + 1)); }
ko() { echo "traceprog: $*"; fail=$((fail + 1)); }
steps() { grep -v -e '^#' -e '^title' -e '^about' -e '^panes' -e '^$' "$1"; }
cc=${CC:-cc}

# A linked list: the exact sequence, with names from the allocating
# function (main and make_node), and the output and status passed on.
cat > "$tmp/list.c" <<'EOF'
#include <stdio.h>
#include <stdlib.h>
struct node { int v; struct node *next; };
static struct node *make_node(int v, struct node *next)
{
	struct node *n = malloc(sizeof *n);
	n->v = v;
	n->next = next;
	return n;
}
int main(int argc, char **argv)
{
	struct node *head = NULL, *n;
	char line[64];
	int *arr = calloc(4, sizeof *arr), i;
	for (i = 0; i < 3; i++)
		head = make_node(i, head);
	arr = realloc(arr, 100);
	while (head) {
		n = head->next;
		free(head);
		head = n;
	}
	free(arr);
	if (fgets(line, sizeof line, stdin))
		printf("read %s", line);
	printf("argc %d %s\n", argc, argc > 1 ? argv[1] : "");
	return 3;
}
EOF
"$cc" -g -O0 -o "$tmp/list" "$tmp/list.c" || { ko "cannot compile"; exit 1; }
out=$(echo "hello" | "$bin" --trace-program "$tmp/list.mvs" -- "$tmp/list" "an arg" 2> "$tmp/err")
rc=$?
[ "$rc" -eq 3 ] && ok || ko "list: exit status $rc, not 3"
[ "$out" = "read hello
argc 2 an arg" ] && ok || ko "list: output not passed through: $out"
[ ! -s "$tmp/err" ] && ok || ko "list: unexpected messages: $(cat "$tmp/err")"
steps "$tmp/list.mvs" | head -9 | sed 's/^heap size=[0-9]* /heap size=N /' > "$tmp/got"
cat > "$tmp/want" <<'EOF'
heap size=N base=0x100000 align=16 policy=first-fit header=16
calloc main.1 4 4
malloc make_node.1 16
malloc make_node.2 16
malloc make_node.3 16
realloc main.1 100
free make_node.3
free make_node.2
free make_node.1
EOF
cmp -s "$tmp/want" "$tmp/got" && ok || { ko "list: recorded sequence differs:"; diff "$tmp/want" "$tmp/got"; }
steps "$tmp/list.mvs" | sed -n 10p | grep -q '^free main.1$' && ok || ko "list: free(arr) missing"
grep -q '^# malloc(16) in make_node at list.c:6$' "$tmp/list.mvs" && ok || ko "list: no source line from addr2line"
"$bin" --check "$tmp/list.mvs" > /dev/null 2>&1 && ok || ko "list: scenario invalid"
"$bin" --batch --json "$tmp/list.mvs" > "$tmp/list.jsonl" 2>&1 || ko "list: --batch --json failed"
grep -q '"step":1,"kind":"calloc"' "$tmp/list.jsonl" && ok || ko "list: no calloc kind"
grep '"step":1,' "$tmp/list.jsonl" | grep -q '"size":16,' && ok || ko "list: calloc size is not count*size"
grep -q '"step":5,"kind":"realloc"' "$tmp/list.jsonl" && ok || ko "list: no realloc kind"
grep -q '"step":6,"kind":"free"' "$tmp/list.jsonl" && ok || ko "list: no free kind"

# --limit keeps the first N calls and says so.
"$bin" --trace-program "$tmp/lim.mvs" --limit 2 -- "$tmp/list" < /dev/null > /dev/null 2>&1
[ "$(steps "$tmp/lim.mvs" | grep -c -v '^heap')" -eq 2 ] && ok || ko "--limit 2 kept $(steps "$tmp/lim.mvs" | grep -c -v '^heap') steps"
grep -q 'first 2 of the program.s .* heap calls are kept (--limit)' "$tmp/lim.mvs" && ok || ko "--limit not in about"

# --heap-policy
"$bin" --trace-program "$tmp/bud.mvs" --heap-policy buddy -- "$tmp/list" < /dev/null > /dev/null 2>&1
grep -q '^heap .*policy=buddy' "$tmp/bud.mvs" && ok || ko "--heap-policy buddy not used"
"$bin" --check "$tmp/bud.mvs" > /dev/null 2>&1 && ok || ko "buddy scenario invalid"

# --heap-size: the size given, failed allocations said.
"$bin" --trace-program "$tmp/hs.mvs" --heap-size 1K -- "$tmp/list" < /dev/null > /dev/null 2> "$tmp/err"
grep -q '^heap size=1024 ' "$tmp/hs.mvs" && ok || ko "--heap-size 1K not used"
grep -q 'in a heap of 1024 bytes, 2 allocations fail under first-fit' "$tmp/err" && ok || ko "--heap-size: failures not said: $(cat "$tmp/err")"
"$bin" --trace-program "$tmp/hs.mvs" --heap-size 3K --heap-policy buddy -- "$tmp/list" > /dev/null 2>&1
[ $? -eq 2 ] && ok || ko "--heap-size 3K with buddy is not a usage error"

# Threads: every call recorded once, under one lock, with its thread.
cat > "$tmp/thr.c" <<'EOF'
#include <pthread.h>
#include <stdlib.h>
static void *work(void *arg)
{
	int i;
	for (i = 0; i < 200; i++)
		free(malloc(32 + (size_t)arg));
	return NULL;
}
int main(void)
{
	pthread_t t[4];
	long i;
	for (i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, work, (void *)i);
	for (i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	return 0;
}
EOF
"$cc" -g -O0 -pthread -o "$tmp/thr" "$tmp/thr.c"
"$bin" --trace-program "$tmp/thr.mvs" -- "$tmp/thr" 2> "$tmp/err" && ok || ko "threads: failed: $(cat "$tmp/err")"
[ "$(grep -c '^# malloc([0-9]*) in work at thr.c:7, thread [2-5]$' "$tmp/thr.mvs")" -eq 800 ] && ok || ko "threads: not 800 mallocs from threads 2-5"
[ "$(grep -c '^# free in work at thr.c:7, thread' "$tmp/thr.mvs")" -eq 800 ] && ok || ko "threads: not 800 frees"
grep -q 'from 5 threads' "$tmp/thr.mvs" && ok || ko "threads: about does not count 5 threads"
"$bin" --check "$tmp/thr.mvs" > /dev/null 2>&1 && ok || ko "threads: scenario invalid"

# fork: the child records nothing.
cat > "$tmp/fork.c" <<'EOF'
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
int main(void)
{
	char *a = malloc(10);
	pid_t pid = fork();
	if (pid == 0) {
		free(malloc(999));
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	free(a);
	return 0;
}
EOF
"$cc" -g -O0 -o "$tmp/fork" "$tmp/fork.c"
"$bin" --trace-program "$tmp/fork.mvs" -- "$tmp/fork" 2> "$tmp/err"
printf 'malloc main.1 10\nfree main.1\n' > "$tmp/want"
steps "$tmp/fork.mvs" | grep -v '^heap' > "$tmp/got"
cmp -s "$tmp/want" "$tmp/got" && ok || { ko "fork: the child's calls were recorded:"; diff "$tmp/want" "$tmp/got"; }

# A crash mid-run: the status says so, the scenario holds what it did.
cat > "$tmp/crash.c" <<'EOF'
#include <stdlib.h>
#include <unistd.h>
int main(void)
{
	char *a = malloc(100), *b = calloc(4, 25);
	a = realloc(a, 300);
	free(b);
	write(1, "before\n", 7);
	*(volatile int *)0 = 1;
	return 0;
}
EOF
"$cc" -g -O0 -o "$tmp/crash" "$tmp/crash.c"
out=$("$bin" --trace-program "$tmp/crash.mvs" -- "$tmp/crash" 2> "$tmp/err")
rc=$?
[ "$rc" -eq 139 ] && ok || ko "crash: exit status $rc, not 139"
[ "$out" = "before" ] && ok || ko "crash: output lost: $out"
grep -q 'killed by signal 11' "$tmp/err" && ok || ko "crash: signal not reported: $(cat "$tmp/err")"
printf 'malloc main.1 100\ncalloc main.2 4 25\nrealloc main.1 300\nfree main.2\n' > "$tmp/want"
steps "$tmp/crash.mvs" | grep -v '^heap' > "$tmp/got"
cmp -s "$tmp/want" "$tmp/got" && ok || { ko "crash: sequence differs:"; diff "$tmp/want" "$tmp/got"; }
grep -q 'did not end normally' "$tmp/crash.mvs" && ok || ko "crash: about does not say so"
"$bin" --check "$tmp/crash.mvs" > /dev/null 2>&1 && ok || ko "crash: scenario invalid"

# No heap calls: a clear message, nothing written.
cat > "$tmp/none.c" <<'EOF'
#include <unistd.h>
int main(void) { return write(1, "hi\n", 3) == 3 ? 0 : 1; }
EOF
"$cc" -O0 -o "$tmp/none" "$tmp/none.c"
out=$("$bin" --trace-program "$tmp/none.mvs" -- "$tmp/none" 2> "$tmp/err")
rc=$?
[ "$rc" -eq 1 ] && [ "$out" = "hi" ] && ok || ko "no heap calls: status $rc, output $out"
grep -q 'made no heap calls' "$tmp/err" && ok || ko "no heap calls: message: $(cat "$tmp/err")"
[ ! -e "$tmp/none.mvs" ] && ok || ko "no heap calls: a scenario was written"

# Statically linked: a clear message (when static linking works here).
if "$cc" -static -O0 -o "$tmp/static" "$tmp/none.c" 2> /dev/null; then
	"$bin" --trace-program "$tmp/st.mvs" -- "$tmp/static" > /dev/null 2> "$tmp/err"
	grep -q 'statically linked' "$tmp/err" && ok || ko "static: message: $(cat "$tmp/err")"
fi

# A program that cannot run: status 127, named.
"$bin" --trace-program "$tmp/x.mvs" -- "$tmp/no-such-program" 2> "$tmp/err"
rc=$?
[ "$rc" -eq 127 ] && grep -q 'cannot run' "$tmp/err" && ok || ko "missing program: status $rc"

# Usage errors.
"$bin" --trace-program "$tmp/x.mvs" > /dev/null 2>&1
[ $? -eq 2 ] && ok || ko "--trace-program without a program is not a usage error"
"$bin" --limit 3 scenarios/belady.mvs > /dev/null 2>&1
[ $? -eq 2 ] && ok || ko "--limit alone is not a usage error"
"$bin" --trace-program "$tmp/x.mvs" --what disk -- "$tmp/list" > /dev/null 2>&1
[ $? -eq 2 ] && ok || ko "--what disk is not a usage error"

# --what cache: valgrind's lackey, trace kept beside the scenario.
if command -v valgrind > /dev/null 2>&1; then
	"$bin" --trace-program "$tmp/cache.mvs" --what cache --limit 3000 -- "$tmp/list" < /dev/null > /dev/null 2> "$tmp/err"
	[ -s "$tmp/cache.lackey" ] && ok || ko "cache: no trace beside the scenario: $(cat "$tmp/err")"
	grep -q '^trace cache.lackey fetch=off limit=3000' "$tmp/cache.mvs" && ok || ko "cache: no trace line"
	"$bin" --check "$tmp/cache.mvs" > /dev/null 2>&1 && ok || ko "cache: scenario invalid: $("$bin" --check "$tmp/cache.mvs" 2>&1)"
fi
PATH=/nonexistent "$bin" --trace-program "$tmp/c2.mvs" --what cache -- "$tmp/list" < /dev/null > /dev/null 2> "$tmp/err"
grep -q 'valgrind' "$tmp/err" && ok || ko "cache without valgrind: message does not name it: $(cat "$tmp/err")"

# --compare heap policies: each summary equals the single-policy run's.
s=scenarios/programs/fragment.mvs
"$bin" --batch --json --compare first-fit,next-fit,best-fit,worst-fit,buddy "$s" > "$tmp/cmp.jsonl" || ko "compare failed"
[ "$(wc -l < "$tmp/cmp.jsonl")" -eq 5 ] && ok || ko "compare: not 5 summaries"
for p in first-fit next-fit best-fit worst-fit buddy; do
	if [ "$p" = buddy ]; then
		sed "s/policy=first-fit header=16/policy=$p/" "$s" > "$tmp/one.mvs"
	else
		sed "s/policy=first-fit/policy=$p/" "$s" > "$tmp/one.mvs"
	fi
	"$bin" --batch --json "$tmp/one.mvs" | tail -n 1 | sed 's/^{"summary"://; s/}$//' > "$tmp/single"
	grep "^{\"policy\":\"$p\"," "$tmp/cmp.jsonl" | sed 's/^{"policy":"[a-z-]*","summary"://; s/}$//' > "$tmp/compared"
	[ -s "$tmp/single" ] && cmp -s "$tmp/single" "$tmp/compared" && ok || { ko "compare: $p differs from its single run:"; diff "$tmp/single" "$tmp/compared" | head -4; }
done
"$bin" --batch --compare first-fit,buddy "$s" | grep -q '^first-fit *free list 9  failed 0  ext 30%' && ok || ko "compare: text summary"
"$bin" --batch --compare first-fit scenarios/belady.mvs > /dev/null 2>&1
[ $? -eq 2 ] && ok || ko "heap policies on a scenario with no heap are not refused"

# --vary: each value's summary equals a run with that value written in.
"$bin" --batch --json --vary L1.ways=1,4 scenarios/cache-conflict-stride.mvs > "$tmp/vary.jsonl" || ko "--vary failed"
for w in 1 4; do
	sed "s/^cache L1 \(.*\)ways=[0-9]*/cache L1 \1ways=$w/" scenarios/cache-conflict-stride.mvs > "$tmp/one.mvs"
	"$bin" --batch --json "$tmp/one.mvs" | tail -n 1 | sed 's/^{"summary"://; s/}$//' > "$tmp/single"
	grep "\"value\":\"$w\"" "$tmp/vary.jsonl" | sed 's/^{"vary":"L1.ways","value":"[0-9]*","summary"://; s/}$//' > "$tmp/varied"
	[ -s "$tmp/single" ] && cmp -s "$tmp/single" "$tmp/varied" && ok || { ko "--vary L1.ways=$w differs from its single run"; diff "$tmp/single" "$tmp/varied" | head -4; }
done
"$bin" --batch --vary L2.size=1K scenarios/belady.mvs > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] && grep -q 'no L2 cache' "$tmp/err" && ok || ko "--vary on a missing level"
"$bin" --batch --vary frames=3,4 scenarios/belady.mvs > "$tmp/a" && "$bin" --batch --frames 3,4 scenarios/belady.mvs > "$tmp/b" && cmp -s "$tmp/a" "$tmp/b" && ok || ko "--vary frames is not --frames"
"$bin" --dump --compare first-fit,buddy "$s" > "$tmp/dump" && grep -q 'free list 9  failed 0' "$tmp/dump" && ok || ko "compare --dump lacks the figures"

out=$("$bin" --batch --json --vary gc.young=64,128 scenarios/gc-promotion.mvs) &&
	[ "$(echo "$out" | grep -c '^{"vary":"gc.young","value":"[0-9]*","summary":{')" -eq 2 ] && ok || ko "--vary gc.young: $out"
"$bin" --batch --vary gc.young=2000 scenarios/gc-promotion.mvs > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] && grep -q 'smaller than the heap' "$tmp/err" && ok || ko "--vary gc.young too large: $(cat "$tmp/err")"

echo "traceprog: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
