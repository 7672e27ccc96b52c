#!/usr/bin/env bash
# Where the JVM's JIT spends its time on one run of bin/ljuv: the compilations the Flight Recorder saw (every one,
# however short), as totals per tier (standard and on-stack replacement), the longest compilations with the size of
# the machine code they made, and the deoptimizations by reason. A Lua program that runs a second or two spends much
# of it with the JIT compiling on the second core; this tells which function's code costs that (a generated Lua
# function is a class of the ljuv.lua package: LJUV_DEBUG_COMPILE=1 names the Lua function behind each).
#   bench/jit-time.sh [-n TOP] script.lua [args...]        (the script's own output is discarded)
set -euo pipefail
top=12
if [ "${1:-}" = "-n" ]; then top=$2; shift 2; fi
[ $# -ge 1 ] || { echo "usage: bench/jit-time.sh [-n TOP] script.lua [args...]" >&2; exit 2; }
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bin/find-java.sh" # the JDK bin/ljuv runs on, whose jfr tool reads the recording
java=$(find_java) || { echo "bench/jit-time.sh: Java 25 or newer is required (set JAVA_HOME)" >&2; exit 1; }
jfr="$java/bin/jfr"
[ -x "$jfr" ] || { echo "bench/jit-time.sh: no jfr tool in $java" >&2; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
LJUV_JAVA_OPTS="${LJUV_JAVA_OPTS:-} -XX:StartFlightRecording:filename=$tmp/run.jfr,settings=none,+jdk.Compilation#enabled=true,+jdk.Compilation#threshold=0ms,+jdk.Deoptimization#enabled=true" \
  "$root/bin/ljuv" "$@" >/dev/null 2>"$tmp/stderr" || { cat "$tmp/stderr" >&2; exit 1; }
"$jfr" print --events jdk.Compilation,jdk.Deoptimization "$tmp/run.jfr" > "$tmp/events.txt"
awk -v out="$tmp" '
  function ms(v, unit) { return unit == "s" ? v * 1000 : unit == "us" ? v / 1000 : unit == "ns" ? v / 1e6 : v }
  /^jdk\.Compilation/ { kind = "c"; d = 0; m = ""; lvl = ""; osr = ""; code = "" }
  /^jdk\.Deoptimization/ { kind = "d"; reason = "" }
  kind == "c" && $1 == "duration" { d = ms($3, $4) }
  kind == "c" && $1 == "method" { sub(/^[^=]*= /, ""); m = $0 }
  kind == "c" && $1 == "compileLevel" { lvl = $3 }
  kind == "c" && $1 == "isOsr" { osr = $3 }
  kind == "c" && $1 == "codeSize" { code = $3 " " $4 }
  kind == "d" && $1 == "reason" { reason = $3; gsub(/"/, "", reason) }
  /^}/ {
    if (kind == "c") {
      tier = (lvl == 4 ? "C2" : "C1") (osr == "true" ? " osr" : ""); total[tier] += d; count[tier]++
      printf "%8.1f ms  %-6s %10s  %s\n", d, tier, code, m > (out "/compiles")
    } else if (kind == "d") { deopts[reason]++; nd++ }
    kind = ""
  }
  END {
    for (t in total) printf "%-7s %5d compilations %9.1f ms\n", t, count[t], total[t]
    printf "%d deoptimizations", nd > (out "/deopts")
    for (r in deopts) printf ", %s %d", r, deopts[r] > (out "/deopts")
    print "" > (out "/deopts")
  }' "$tmp/events.txt"
echo
sort -rn "$tmp/compiles" | sed -n "1,${top}p" # (sed reads to the end: no SIGPIPE for pipefail)
echo
cat "$tmp/deopts"
