#!/bin/sh
# embed.sh FILE SYMBOL: print a C file defining `const char SYMBOL[]` with
# FILE's bytes, so the built-in tour works without installing anything.
set -eu
file=$1
sym=$2
printf '/* Generated from %s by tools/embed.sh: do not edit. */\n' "$file"
printf '#include <stddef.h>\n'
printf 'extern const char %s[];\nextern const size_t %s_len;\n' "$sym" "$sym"
printf 'const char %s[] =\n' "$sym"
sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/\t"/' -e 's/$/\\n"/' "$file"
printf '\t"";\n'
printf 'const size_t %s_len = sizeof %s - 1;\n' "$sym" "$sym"
