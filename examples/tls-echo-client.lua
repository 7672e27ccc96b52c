-- A TLS client with ljuv.net, written as blocking code (no coroutine needed in the main chunk): it verifies
-- the server against a CA file, sends lines and prints the echoes.
-- Usage: bin/ljuv examples/tls-echo-client.lua CA.pem [PORT] [HOST]
local net = require("ljuv.net")
local ca, port, host = arg[1], tonumber(arg[2]) or 8443, arg[3] or "localhost"
assert(ca, "usage: tls-echo-client.lua CA.pem [PORT] [HOST]")

local sock = net.tcp()
sock:settimeout(5000)
assert(sock:connect(host, port))
assert(sock:sslhandshake(nil, host, true, { ca = ca }))
for i = 1, 3 do
  assert(sock:send(("line %d\n"):format(i)))
  print(assert(sock:receive()))
end
sock:close()
