-- The training run of the AOT cache (bin/aot-cache): touches what scripts commonly use at start-up, so that
-- its classes are loaded and linked, and its lambdas and method handles resolved, from the cache.
-- Its output goes nowhere; it must finish quickly and behave the same on every machine.
local ljuv = require("ljuv")
local buffer = require("string.buffer")
local loop = ljuv.loop

-- the compiler and the common library paths
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
local t = {}
for i = 1, 200 do t[i] = ("%d:%s"):format(i, tostring(i * 1.5)) end
table.sort(t)
local s = table.concat(t, ","):gsub("%d+", function(d) return #d end):upper():sub(1, 40)
local parts = {}
for w in s:gmatch("[^,]+") do parts[#parts + 1] = w:rep(2) end
print(fib(15), #s, #parts, math.floor(math.sqrt(2) * 100), bit.band(0xff, 0x0f), select("#", unpack(t, 1, 5)))
print(pcall(error, { code = 1 }), pcall(error, "x"), string.format("%5.2f %q %x", 3.14159, "q", 255))
io.write(os.time() > 0 and "" or "?", os.clock() >= 0 and "" or "?")
local enc = buffer.encode({ 1, "two", { three = 3.5 }, true })
assert(buffer.decode(enc)[2] == "two")
local b = buffer.new():put("a", 1, "b"):putf("%d", 2)
assert(b:tostring() == "a1b2")

-- coroutines, timers, async, a thread, a channel, a pool
local co = coroutine.wrap(function(a) local x = coroutine.yield(a + 1) return x * 2 end)
assert(co(1) == 2 and co(5) == 10)
local ticks = 0
loop:timer():start(0.001, 0.001, function(timer) ticks = ticks + 1 if ticks == 3 then timer:close() end end)
local async = loop:async(function(handle) handle:close() end)
async:send()
loop:thread(function(n) return n * 2 end, function(ok, v) assert(ok and v == 42) end, 21)
local pool = loop:threadpool(1, function() return { square = function(x) return x * x end } end)
coroutine.wrap(function()
  assert(pool.interface.square(7) == 49)
  pool:close()
end)()
loop:run()
print(ticks, ljuv.transport ~= nil)

-- Java from Lua: a class, an instance, overloads, a proxy, an exception
local java = require("java")
local list = java.import("java.util.ArrayList")()
list:add(2); list:add(1)
list:sort(function(a, b) return a - b end)
assert(tostring(list) == "[1, 2]" and #list == 2 and list[1] == 1)
assert(java.import("java.lang.String"):format("%d", 3) == "3" and java.import("java.lang.Math").max(1, 2.5) == 2.5)
assert(not pcall(java.import("java.lang.Integer").parseInt, "x"))

-- luv: a TCP echo server and a client on loopback, small and large messages (the sockets' classes and the
-- read/write path, so that a server is warm sooner)
local uv = require("luv")
local server = uv.new_tcp()
assert(server:bind("127.0.0.1", 0))
assert(server:listen(16, function(err)
  assert(not err, err)
  local peer = uv.new_tcp()
  server:accept(peer)
  peer:nodelay(true)
  peer:read_start(function(read_err, data)
    if read_err or not data then peer:close() return end
    peer:write(data)
  end)
end))
local client, rounds, got = uv.new_tcp(), 0, 0
local big = ("x"):rep(65536)
client:connect("127.0.0.1", server:getsockname().port, function(err)
  assert(not err, err)
  client:nodelay(true)
  client:read_start(function(read_err, data)
    assert(not read_err, read_err)
    got = got + #data
    local want = rounds < 3000 and 64 or #big
    if got >= want then
      got, rounds = 0, rounds + 1
      if rounds == 3300 then client:close() server:close() return end
      client:write(rounds < 3000 and ("y"):rep(64) or big)
    end
  end)
  client:write(("y"):rep(64))
end)
uv.run()
print(rounds)

-- ljuv.net: a coroutine echo server and a client (the cosockets' code paths)
local net = require("ljuv.net")
local echo = assert(net.listen("127.0.0.1", 0, function(sock)
  while true do
    local data = sock:receiveany(65536)
    if not data then return end
    sock:send(data)
  end
end))
local _, echo_port = echo:getsockname()
coroutine.wrap(function()
  local c = net.tcp()
  assert(c:connect("127.0.0.1", echo_port))
  for i = 1, 2000 do
    c:send(("z"):rep(64) .. "\n")
    assert(c:receive() == ("z"):rep(64))
  end
  c:close()
  echo:close()
end)()
uv.run()
