-- The load of bench/tls-echo.sh: CONNS clients in coroutines, each sending MSG-byte messages ROUNDS times over
-- TLS and reading each echo back. Prints "conns=.. msg=.. rt/s=..". Usage: PORT CA CONNS MSG ROUNDS
local net = require("ljuv.net")
local uv = require("luv")
local port, ca = tonumber(arg[1]), arg[2]
local conns, size, rounds = tonumber(arg[3]), tonumber(arg[4]), tonumber(arg[5])
local message = ("m"):rep(size)
local done, started = 0, nil
for _ = 1, conns do
  coroutine.wrap(function()
    local s = net.tcp()
    assert(s:connect("127.0.0.1", port))
    assert(s:sslhandshake(nil, "localhost", true, { ca = ca }))
    started = started or uv.hrtime()
    for _ = 1, rounds do
      assert(s:send(message))
      assert(s:receive(size))
    end
    s:close()
    done = done + 1
  end)()
end
uv.run()
local seconds = (uv.hrtime() - started) / 1e9
print(("TLS conns=%d msg=%d round_trips=%d seconds=%.3f rt/s=%.0f"):format(conns, size, conns * rounds, seconds,
  conns * rounds / seconds))
