#!/usr/bin/env bash
# How an echo server warms up: the same load run N times on one server, each run's round trips per second, for
# bin/ljuv and for luajit + luv (the reference, which has nothing to warm up). compare-echo.sh starts a fresh server
# for every load, so it measures the first run only; this shows how far that is from the server's warm speed.
#   bench/echo-warmup.sh [server.lua] [conns msg rounds] [runs]
# With ECHO_RAMP=1 the first run also prints its round trips per second in each 100 ms (t=seconds:rate), from a
# variant of the load client built with a progress line added (sed, at run time): where the first run's time goes.
# server.lua defaults to ../shared/bench/net/echo_luv.lua (luv's callback API); examples/echo-net.lua is the
# coroutine server (then luv still runs echo_luv.lua). The load client is ../shared/bench/net/echo-load.c.
set -u
here=$(cd "$(dirname "$0")" && pwd)
net=$here/../../shared/bench/net
server=${1:-$net/echo_luv.lua}
conns=${2:-10} msg=${3:-65536} rounds=${4:-2000} runs=${5:-4}
load=${TMPDIR:-/tmp}/echo-load
[ -x "$load" ] && [ "$load" -nt "$net/echo-load.c" ] || cc -O2 -o "$load" "$net/echo-load.c" || exit 1
ramp=
if [ -n "${ECHO_RAMP:-}" ]; then
  ramp=${TMPDIR:-/tmp}/echo-load-ramp
  if ! [ -x "$ramp" ] || ! [ "$ramp" -nt "$net/echo-load.c" ]; then
    src=$ramp.c
    # after each completed round trip: every 100 ms, the seconds since the start and the round trips so far
    sed 's|^\( *\)total++;$|\1total++; { static double mark; double t = now_seconds(); if (mark == 0) mark = start; if (t - mark >= 0.1) { fprintf(stderr, "%.2f %ld\\n", t - start, total); mark = t; } }|' \
      "$net/echo-load.c" >"$src"
    grep -q 'mark = t;' "$src" && cc -O2 -o "$ramp" "$src" || { echo "ECHO_RAMP: the load client changed, no ramp" >&2; ramp=; }
  fi
fi
luajit -e 'package.cpath = package.cpath .. ";/usr/lib/x86_64-linux-gnu/lua/5.1/?.so" require "luv"' 2>/dev/null ||
  { echo "needs luajit and luv (apt-get install luajit lua-luv)" >&2; exit 1; }
pid=
steps=${TMPDIR:-/tmp}/echo-ramp.$$
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null' EXIT
series() { # label command script
  local port=$((20000 + RANDOM % 20000)) i=0 line
  $2 "$3" "$port" 120 >/dev/null 2>&1 &
  pid=$!
  while ! (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; do
    i=$((i + 1)); [ $i -gt 300 ] && { echo "$1: the server did not start" >&2; return 1; }
    sleep 0.05
  done
  line="$1"
  for run in $(seq "$runs"); do
    if [ "$run" = 1 ] && [ -n "$ramp" ]; then
      line="$line $("$ramp" "$port" "$conns" "$msg" "$rounds" 30 2>"$steps" | sed 's/.*rt\/s=\([0-9]*\).*/\1/')"
      echo "$1 first run, per 100 ms: $(awk '{ printf "%s:%d ", $1, ($2 - n) / ($1 - t); n = $2; t = $1 }' "$steps")"
      rm -f "$steps"
    else
      line="$line $("$load" "$port" "$conns" "$msg" "$rounds" 30 | sed 's/.*rt\/s=\([0-9]*\).*/\1/')"
    fi
  done
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; pid=
  echo "$line"
}
echo "round trips/s of runs 1..$runs on one server ($conns x $msg B, $rounds rounds each)"
series "luv   " luajit "$net/echo_luv.lua"
series "ljuv  " "$here/../bin/ljuv" "$server"
