#!/usr/bin/env bash
# Round trips per second of the coroutine echo server over TLS (examples/tls-echo-server.lua), 64 B and 64 KiB
# messages, driven by bench/tls_echo_load.lua (ljuv.net clients in coroutines, in another bin/ljuv process).
# A fresh self-signed certificate is made with openssl. Usage: bench/tls-echo.sh [interpreter]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
impl=${1:-$here/../bin/ljuv}
dir=$(mktemp -d)
trap 'rm -rf "$dir"; kill $server 2>/dev/null || true' EXIT
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$dir/key.pem" -out "$dir/cert.pem" -days 2 -subj /CN=localhost \
  -addext subjectAltName=DNS:localhost,IP:127.0.0.1 >/dev/null 2>&1
port=$((20000 + $$ % 20000))
$impl "$here/../examples/tls-echo-server.lua" "$dir/cert.pem" "$dir/key.pem" "$port" >/dev/null 2>&1 &
server=$!
i=0; while ! (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; do i=$((i + 1)); [ $i -gt 300 ] && exit 1; sleep 0.05; done
for load in "1 64 20000" "10 64 2000" "10 65536 200"; do
  set -- $load
  $impl "$here/tls_echo_load.lua" "$port" "$dir/cert.pem" "$1" "$2" "$3"
done
