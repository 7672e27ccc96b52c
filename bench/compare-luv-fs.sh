#!/usr/bin/env bash
# luv file system speed side by side: bench/luv_fs.lua on luajit + luv (the reference) and on an implementation
# (bin/ljuv by default), each run twice alternately; the median of the last two rounds inside each run (the first
# round warms up). Prints each case's seconds and the ratio reference/implementation (above 1: faster than luv).
#   bench/compare-luv-fs.sh [interpreter]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
impl=${1:-$here/../bin/ljuv}
out=$(mktemp)
for run in 1 2; do
  luajit "$here/luv_fs.lua" | sed 's/^/ref /' >>"$out"
  $impl "$here/luv_fs.lua" | sed 's/^/impl /' >>"$out"
done
awk '
  { n[$1, $2]++; if (n[$1, $2] % 3 != 1) { k = $1 SUBSEP $2; c[k]++; v[k, c[k]] = $3 } if (!($2 in seen)) { seen[$2] = 1; order[++no] = $2 } }
  function med(k,   m, a, j, t, x) { m = c[k]; for (j = 1; j <= m; j++) a[j] = v[k, j]
    for (j = 2; j <= m; j++) { x = a[j]; for (t = j - 1; t >= 1 && a[t] > x; t--) a[t + 1] = a[t]; a[t + 1] = x }
    return (m % 2) ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2 }
  END { printf "%-12s %10s %10s %7s\n", "case", "luv s", "impl s", "ratio"
        for (j = 1; j <= no; j++) { r = med("ref" SUBSEP order[j]); i = med("impl" SUBSEP order[j])
          printf "%-12s %10.4f %10.4f %7.2f\n", order[j], r, i, (i > 0 ? r / i : 0) } }' "$out"
rm -f "$out"
