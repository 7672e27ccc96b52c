-- cosocket_overhead: what ljuv.net costs per message beside the I/O. K cosockets (net.wrap) over stand-in streams
-- that take every write at once, each with a coroutine echoing (receiveany, send) as examples/echo-net.lua does; the
-- data callbacks are called round-robin from a loop callback, as a server's reads arrive. Prints ns per message
-- (CPU time) for 5 rounds; the first rounds include the JIT's warm-up. A coroutine that only resumes and writes
-- costs about 190 ns per message here; the sockets' wait and buffer logic is the rest.
--   bin/ljuv bench/cosocket_overhead.lua [messages] [sockets]
local net = require("ljuv.net")
local uv = require("luv")
local N = tonumber((...)) or 1000000
local K = tonumber(arg and arg[2]) or 50
local written = 0
local stream = {}
function stream:read_start(cb) self.on_data = cb return 0 end
function stream:read_stop() return 0 end
function stream:try_write(s) written = written + #s return #s end
function stream:get_write_queue_size() return 0 end
function stream:is_closing() return false end
function stream:close() end
local stream_mt = { __index = stream }
local deliver = {}
for k = 1, K do
  local handle = setmetatable({}, stream_mt)
  local sock = net.wrap(handle)
  deliver[k] = handle.on_data
  coroutine.wrap(function()
    while true do
      local data = sock:receiveany(65536)
      if not data then return end
      sock:send(data)
    end
  end)()
end
local rounds = 5
local timer = uv.new_timer()
timer:start(0, 0, function()
  local msg = ("x"):rep(64)
  local per = math.floor(N / K)
  for round = 1, rounds do
    local t0 = os.clock()
    for _ = 1, per do
      for k = 1, K do deliver[k](nil, msg) end
    end
    print(string.format("round %d: %.0f ns per message (%d sockets)", round, (os.clock() - t0) / (per * K) * 1e9, K))
  end
  timer:close()
end)
uv.run()
assert(written == 64 * rounds * math.floor(N / K) * K, "every message echoed")
