#!/bin/sh
# lint.sh: the layering rules that a compiler cannot check (run by
# `make lint`, which `make check` runs).  Prints each violation as
# FILE:LINE: lint: MESSAGE and fails if there is any.
#
#   1. A model never includes core/machine.h: models take what they need
#      (a random generator, a callback) as arguments.  Only the files that
#      drive the machine may: machine.c, engine.c, access.c, directive.c,
#      meta.c, repeat.c, scenario.c, steprec.c, vm_compare.c, the
#      *_directive(s).c tables, and the readers of a whole machine state:
#      preset.c (state given up front), table.c (--table), quiz.c/quiz.h.
#   2. src/view and src/app never compare event kinds as strings: kinds are
#      enum event_kind values (include/core/event.h).
#   3. No file under src/core is longer than 1,300 lines: split it by
#      concept.
#   4. Every source path that README.md's "How memviz is built" section
#      names exists, so the section stays true.
set -u
cd "$(dirname "$0")/.." || exit 2
fail=0
max_lines=1300

# 1. models and core/machine.h
for f in src/core/*.c src/core/*.h include/core/*.h; do
	case $(basename "$f") in
	machine.c | machine.h | engine.c | engine.h | access.c | access.h | \
		directive.c | meta.c | repeat.c | scenario.c | steprec.c | \
		vm_compare.c | preset.c | table.c | quiz.c | quiz.h | \
		*_directive.c | *_directives.c)
		continue ;;
	esac
	grep -n '#include "core/machine.h"' "$f" /dev/null |
		sed 's/^\([^:]*:[0-9]*\):.*/\1: lint: a model includes core\/machine.h/' |
		grep . && fail=1
done

# 2. event kinds compared as strings in the view or the app
grep -nE '(str(n|case)?cmp|memcmp|strstr)\([^;]*(->kind|\.kind|event_name|event_kind_name)' \
	src/view/*.c src/app/*.c /dev/null |
	sed 's/^\([^:]*:[0-9]*\):.*/\1: lint: an event kind compared as a string (compare enum event_kind values)/' |
	grep . && fail=1
# ... or against an event kind's name (the hyphenated ones, which no
# directive or option shares: "page-fault", "tlb-miss", ...)
kinds=$(sed -n 's/^\tX(EV_[A-Z_]*, "\([a-z]*-[a-z-]*\)".*/\1/p' \
	include/core/event.h | paste -sd'|' -)
grep -nE "(str(n|case)?cmp|memcmp)\([^;]*\"($kinds)\"" \
	src/view/*.c src/app/*.c /dev/null |
	sed 's/^\([^:]*:[0-9]*\):.*/\1: lint: an event kind named as a string (compare enum event_kind values)/' |
	grep . && fail=1

# 3. core files longer than the limit
for f in src/core/*.c src/core/*.h; do
	n=$(wc -l < "$f")
	if [ "$n" -gt "$max_lines" ]; then
		echo "$f:$n: lint: $n lines (at most $max_lines; split it by concept)"
		fail=1
	fi
done

# 4. the README's map of the source names files that exist
sed -n '/^## How memviz is built/,/^## [^H]/p' README.md |
	grep -oE '(src|include|test|tools|scenarios|man)/[A-Za-z0-9_./*-]*[A-Za-z0-9_*]' |
	sort -u | while read -r p; do
		case $p in *'*'*) continue ;; esac # a pattern, not a file
		if [ ! -e "$p" ]; then
			echo "README.md: lint: \"How memviz is built\" names $p, which does not exist"
		fi
	done | grep . && fail=1
[ "$fail" -eq 0 ] || exit 1
echo "lint: clean"
