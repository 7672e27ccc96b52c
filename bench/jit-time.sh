#!/usr/bin/env bash
# Where the JVM's JIT spends its time on one run of bin/ljuv: every compilation, as totals per tier (standard and
# on-stack replacement), the longest ones with the size of the machine code they made, the compilations that gave up
# (C1's "out of virtual registers" leaves a loop in the bytecode interpreter until C2 is done), and the deoptimizations
# by reason. A Lua program that runs a second or two spends much of it with the JIT compiling on the second core; this
# tells which function's code costs that (a generated Lua function is a class of the ljuv.lua package:
# LJUV_DEBUG_COMPILE=1 names the Lua function behind each).
#   bench/jit-time.sh [-n TOP] script.lua [args...]        (the script's own output is discarded)
# Read from HotSpot's compilation log (-XX:+LogCompilation), not from a flight recording: a JVM started with
# -XX:StartFlightRecording leaves the AOT cache unused (every class loaded and every lambda spun afresh), which
# changes what the JIT compiles (2026-12-07: 1641 JDK classes loaded from jrt:/ for hello.lua, against 4 without it).
# A compilation's time is its compiler thread's wall time from start to end, as the flight recorder's was.
set -euo pipefail
top=12
if [ "${1:-}" = "-n" ]; then top=$2; shift 2; fi
[ $# -ge 1 ] || { echo "usage: bench/jit-time.sh [-n TOP] script.lua [args...]" >&2; exit 2; }
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
LJUV_JAVA_OPTS="${LJUV_JAVA_OPTS:-} -XX:+UnlockDiagnosticVMOptions -XX:+LogCompilation -XX:LogFile=$tmp/compile.log" \
  "$root/bin/ljuv" "$@" >/dev/null 2>"$tmp/stderr" || { cat "$tmp/stderr" >&2; exit 1; }
# The log holds one <compilation_log> per compiler thread (named C1 or C2 CompilerThread), each a sequence of
# <task ...> ... <task_done .../> (a <failure reason=.../> inside when it gave up); a trap taken while the program
# ran is an <uncommon_trap thread=... reason=...> of the program's part.
awk -v out="$tmp" '
  function attr(line, name,   m) {
    if (match(line, " " name "='"'"'[^'"'"']*'"'"'")) { m = substr(line, RSTART + length(name) + 3, RLENGTH - length(name) - 4); return m }
    return ""
  }
  function readable(m) { gsub(/&lt;/, "<", m); gsub(/&gt;/, ">", m); sub(/ \(.*/, "", m); sub(/ /, ".", m); return m }
  /^<start_compile_thread / { compiler = (attr($0, "name") ~ /^C1/) ? "C1" : "C2" }
  /^<task / { start = attr($0, "stamp"); method = readable(attr($0, "method")); osr = attr($0, "osr_bci"); failed = "" }
  /^<failure / && start != "" { failed = attr($0, "reason") }
  /^<task_done / && start != "" {
    d = (attr($0, "stamp") - start) * 1000
    tier = compiler (osr != "" ? " osr" : "")
    total[tier] += d; count[tier]++
    if (failed != "") {
      printf "%8.1f ms  %-6s  %s: %s\n", d, tier, method, failed > (out "/failures")
    } else {
      printf "%8.1f ms  %-6s %7.1f kB  %s\n", d, tier, attr($0, "nmsize") / 1024, method > (out "/compiles")
    }
    start = ""
  }
  /^<uncommon_trap thread=/ { deopts[attr($0, "reason")]++; nd++ }
  END {
    for (t in total) printf "%-7s %5d compilations %9.1f ms\n", t, count[t], total[t]
    printf "%d deoptimizations", nd > (out "/deopts")
    for (r in deopts) printf ", %s %d", r, deopts[r] > (out "/deopts")
    print "" > (out "/deopts")
  }' "$tmp/compile.log" | sort
echo
if [ -f "$tmp/compiles" ]; then
  sort -rn "$tmp/compiles" | sed -n "1,${top}p" # (sed reads to the end: no SIGPIPE for pipefail)
fi
if [ -f "$tmp/failures" ]; then
  echo
  echo "gave up:"
  sort -rn "$tmp/failures" | sed -n "1,${top}p"
fi
echo
cat "$tmp/deopts"
