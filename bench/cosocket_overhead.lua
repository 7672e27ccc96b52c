-- cosocket_overhead: what ljuv.net's cosockets cost per message beside luv's callbacks. In one process, K luv clients
-- on loopback each send 64 B and wait for its echo, N round trips in all, against an echo server written with
-- cosockets (a coroutine per connection: receiveany, send, as examples/echo-net.lua) and against one written with
-- luv's callbacks (read_start, write, as echo_luv.lua), alternately for 5 rounds. Prints each round's microseconds
-- per round trip (wall) for both: both pay the same I/O and clients, so the difference is the cosockets' own cost.
-- The first rounds include the JIT's warm-up.
--   bin/ljuv bench/cosocket_overhead.lua [round trips] [connections]
local net = require("ljuv.net")
local uv = require("luv")
local N = tonumber((...)) or 200000
local K = tonumber(arg and arg[2]) or 50

local servers = {}

function servers.cosockets()
  local server = assert(net.listen("127.0.0.1", 0, function(sock)
    while true do
      local data = sock:receiveany(65536)
      if not data then return end
      sock:send(data)
    end
  end))
  local _, port = server:getsockname()
  return port, function() server:close() end
end

function servers.callbacks()
  local server = uv.new_tcp()
  assert(server:bind("127.0.0.1", 0))
  assert(server:listen(128, function(err)
    assert(not err, err)
    local client = uv.new_tcp()
    server:accept(client)
    client:nodelay(true)
    client:read_start(function(rerr, data)
      if rerr or not data then client:close() return end
      client:write(data)
    end)
  end))
  return server:getsockname().port, function() server:close() end
end

-- K clients make N round trips in all against the server on port: seconds (wall)
local function load(port)
  local msg = ("x"):rep(64)
  local per = math.floor(N / K)
  local running = K
  local t0 = uv.hrtime()
  for _ = 1, K do
    local c = uv.new_tcp()
    c:connect("127.0.0.1", port, function(err)
      assert(not err, err)
      c:nodelay(true)
      local done, got = 0, 0
      c:read_start(function(rerr, data)
        assert(not rerr and data, rerr)
        got = got + #data
        while got >= #msg do -- an echo may come in pieces
          got = got - #msg
          done = done + 1
          if done == per then
            c:close()
            running = running - 1
            return
          end
          c:write(msg)
        end
      end)
      c:write(msg)
    end)
  end
  while running > 0 do uv.run("once") end
  return (uv.hrtime() - t0) / 1e9
end

local per_trip = math.floor(N / K) * K
print(("%d round trips of 64 B over %d connections per run; microseconds per round trip:"):format(per_trip, K))
for round = 1, 5 do
  local line = { "round " .. round }
  for _, kind in ipairs({ "cosockets", "callbacks" }) do
    local port, close = servers[kind]()
    local seconds = load(port)
    close()
    uv.run() -- the server's connections close
    line[#line + 1] = ("%s %.2f"):format(kind, seconds / per_trip * 1e6)
  end
  print(table.concat(line, "  "))
end
