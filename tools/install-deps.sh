#!/bin/sh
# install-deps.sh: make sure what the build and the tests need is here.
# Called by `make check` (and `make run` through `make deps`).  Installs
# missing Debian packages with apt-get when run as root, saying what it
# installs; otherwise says what to install and fails.
#
#   gcc make          the compiler and make (usually already there)
#   pkg-config        finds the libraries' flags
#   libncurses-dev    ncursesw headers and library
#   check             the Check unit-test framework (needs libsubunit-dev)
#   tmux              drives the real binary in the end-to-end tests
#   groff-base        lints the man pages
#   python3           checks JSON output in the golden tests
#   python3-jsonschema  validates every golden JSON line against
#                     test/schema/memviz.schema.json (draft 2020-12)
#   asciinema         plays the recordings in test/record.sh
#   chromium          runs the --html page headless in test/browser/ (driven
#                     over the DevTools protocol by Python's standard library)
#   binutils          addr2line names recorded blocks (test/traceprog.sh)
#   valgrind          --trace-program --what cache (test/traceprog.sh) and
#                     memcheck over every scenario (make check-valgrind)
#   clang             libFuzzer, with --fuzz only (`make fuzz` passes it)
set -u
need=""
have_pc() { pkg-config --exists "$1" 2>/dev/null; }
command -v cc > /dev/null 2>&1 || need="$need gcc"
command -v make > /dev/null 2>&1 || need="$need make"
command -v pkg-config > /dev/null 2>&1 || need="$need pkg-config"
have_pc ncursesw || need="$need libncurses-dev"
have_pc check || need="$need check libsubunit-dev"
command -v tmux > /dev/null 2>&1 || need="$need tmux"
command -v groff > /dev/null 2>&1 || need="$need groff-base"
command -v python3 > /dev/null 2>&1 || need="$need python3"
# Debian's python3-jsonschema serves /usr/bin/python3, whatever python3
# comes first on PATH (test/golden.sh falls back to it the same way).
python3 -c 'import jsonschema' > /dev/null 2>&1 ||
	/usr/bin/python3 -c 'import jsonschema' > /dev/null 2>&1 ||
	need="$need python3-jsonschema"
command -v asciinema > /dev/null 2>&1 || need="$need asciinema"
command -v chromium > /dev/null 2>&1 || need="$need chromium"
command -v addr2line > /dev/null 2>&1 || need="$need binutils"
command -v valgrind > /dev/null 2>&1 || need="$need valgrind"
if [ "${1:-}" = "--fuzz" ]; then
	command -v clang > /dev/null 2>&1 || need="$need clang"
fi
[ -z "$need" ] && exit 0

echo "memviz: missing packages:$need"
if [ "$(id -u)" -ne 0 ]; then
	echo "memviz: install them with: sudo apt-get install$need" >&2
	exit 1
fi
if ! command -v apt-get > /dev/null 2>&1; then
	echo "memviz: no apt-get here; install the equivalents of:$need" >&2
	exit 1
fi
echo "memviz: installing with apt-get:$need"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq > /dev/null || { echo "memviz: apt-get update failed" >&2; exit 1; }
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $need > /dev/null ||
	{ echo "memviz: apt-get install failed" >&2; exit 1; }
echo "memviz: installed:$need"
