-- A TCP echo server written with ljuv.net cosockets: one coroutine per connection, code that reads like
-- blocking I/O. Usage: bin/ljuv examples/echo-net.lua [PORT] [MAX_SECONDS]
local net = require("ljuv.net")
local uv = require("luv")
local port, max_seconds = tonumber(arg[1]) or 7001, tonumber(arg[2]) or 600

local server = assert(net.listen("127.0.0.1", port, function(sock)
  while true do
    local data, err = sock:receiveany(65536)
    if not data then return end -- "closed": the client went away
    sock:send(data)
  end
end))

local stop = uv.new_timer()
stop:start(max_seconds * 1000, 0, function() stop:close() server:close() end)
print("echo server on port " .. port)
io.stdout:flush()
uv.run()
