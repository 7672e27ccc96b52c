#!/usr/bin/env bash
# Small programs, start-up included: bench/small_programs.lua's f200.lua and suite.lua, and a few cases of
# ../shared/conformance (when it is beside the project), on luajit and on an implementation (bin/ljuv by default),
# with hyperfine (10 runs after 2 warm-ups each). What a library's test suite run pays per process.
#   bench/compare-small.sh [interpreter]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
impl=${1:-$here/../bin/ljuv}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
luajit "$here/small_programs.lua" "$dir"
cases=("$dir/f200.lua" "$dir/suite.lua")
for c in 07_error_messages 13_setfenv 15_table_lib; do
  f="$here/../../shared/conformance/$c.lua"
  [ -f "$f" ] && cp "$f" "$dir/" && cases+=("$dir/$c.lua")
done
cd "$dir"
printf "%-22s %12s %12s\n" "program" "luajit ms" "impl ms"
for c in "${cases[@]}"; do
  hyperfine -N -w 2 -r 10 --export-csv "$dir/out.csv" "luajit $c" "$impl $c" >/dev/null 2>&1
  awk -F, -v name="$(basename "$c")" 'NR == 2 { l = $2 } NR == 3 { printf "%-22s %12.1f %12.1f\n", name, l * 1000, $2 * 1000 }' "$dir/out.csv"
done
