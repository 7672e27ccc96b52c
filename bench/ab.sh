#!/usr/bin/env bash
# Two or more ways of running the same benchmarks, side by side: ../shared/bench/run.sh with each command in turn,
# round after round (this machine's speed drifts from minute to minute: alternating rounds is what makes figures of
# one sitting comparable), then each benchmark's ops/s per command, every round and the median.
#   bench/ab.sh [-r rounds] [-f filter] "label=command" "label=command" ...
# A command is an interpreter prefix as run.sh takes it, so JVM options go through env:
#   bench/ab.sh -r 5 -f 'pool_fib|channel_thread' "serial=bin/ljuv" "g1=env LJUV_JAVA_OPTS=-XX:+UseG1GC bin/ljuv"
# Two commits: build the older one in a worktree (git worktree add /tmp/wt-old <commit>, then there
# mvn -q -B install -DskipTests -Dmaven.install.skip=true) and compare "old=/tmp/wt-old/bin/ljuv" "new=bin/ljuv".
set -u
here=$(cd "$(dirname "$0")" && pwd)
run=${LJUV_BENCH_DIR:-$here/../../shared/bench}/run.sh
rounds=3 filter=.
while getopts "r:f:" opt; do
  case $opt in
    r) rounds=$OPTARG ;;
    f) filter=$OPTARG ;;
    *) echo "usage: bench/ab.sh [-r rounds] [-f filter] \"label=command\" ..." >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || { echo "usage: bench/ab.sh [-r rounds] [-f filter] \"label=command\" ..." >&2; exit 2; }
[ -x "$run" ] || { echo "bench/ab.sh: $run not found (set LJUV_BENCH_DIR)" >&2; exit 1; }
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for ((r = 1; r <= rounds; r++)); do
  for spec in "$@"; do
    label=${spec%%=*} command=${spec#*=}
    "$run" "$command" "$filter" 2>/dev/null | sed "s|^|$label |" >>"$out"
  done
done
# "label BENCH name ... v ops/s ...": per benchmark and label, the rounds in order and their median
awk '
  { v = 0; for (f = 1; f <= NF; f++) if ($f == "ops/s") v = $(f - 1)
    k = $3 SUBSEP $1; n[k]++; val[k, n[k]] = v; if (!(k in seen)) { seen[k] = 1; keys[++nk] = k } }
  function median(k,   m, a, j, t, x) {
    m = n[k]; for (j = 1; j <= m; j++) a[j] = val[k, j]
    for (j = 2; j <= m; j++) { x = a[j]; for (t = j - 1; t >= 1 && a[t] > x; t--) a[t + 1] = a[t]; a[t + 1] = x }
    return (m % 2) ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
  }
  END {
    printf "%-15s %-12s %14s   %s\n", "bench", "label", "median ops/s", "rounds"
    for (i = 1; i <= nk; i++) {
      split(keys[i], p, SUBSEP); line = ""
      for (j = 1; j <= n[keys[i]]; j++) line = line " " val[keys[i], j]
      printf "%-15s %-12s %14.0f  %s\n", p[1], p[2], median(keys[i]), line
    }
  }' "$out" | { read -r header; echo "$header"; sort -s -k1,1; }
