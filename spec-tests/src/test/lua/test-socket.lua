-- LuaSocket's API (require "socket") over ljuv.net: blocking from the main chunk, yielding in coroutines.
local socket = require("socket")
local uv = require("luv")
expect_eq(require("socket.core"), socket)
expect_true(socket._VERSION:match("^LuaSocket") ~= nil)

-- a server made with socket.bind, served by a coroutine; a client that blocks in the main chunk
local server = assert(socket.bind("127.0.0.1", 0))
local _, port = server:getsockname()
expect_true(port > 0)
coroutine.wrap(function()
  while true do
    local client = server:accept()
    if not client then return end
    coroutine.wrap(function()
      while true do
        local line, err = client:receive("*l")
        if not line then client:close() return end
        client:send("got " .. line .. "\n")
      end
    end)()
  end
end)()

local c = assert(socket.connect("127.0.0.1", port))
expect_eq(c:send("hello\n"), 6)
expect_eq(c:receive(), "got hello")
expect_eq(c:send("xxabcxx", 3, 5), 5, "send(data, i, j) returns the last index")
expect_eq(c:send("\n"), 1)
expect_eq(c:receive("*l", "prefix:"), "prefix:got abc")
local ip, pport, family = c:getpeername()
expect_list({ ip, pport, family }, { "127.0.0.1", port, "inet" })
c:settimeout(0.05)
local t0 = socket.gettime()
expect_list({ c:receive() }, { nil, "timeout", "" })
expect_true(socket.gettime() - t0 >= 0.04, "waited for the timeout")
c:settimeout(0)
expect_list({ c:receive() }, { nil, "timeout", "" }, 3, "a zero timeout does not wait")
c:settimeout(nil)
c:close()
expect_list({ c:receive() }, { nil, "closed" }, 2)

-- select: a socket with data to read is ready
local c2 = assert(socket.connect("127.0.0.1", port))
c2:send("ping\n")
local readable, writable, err = socket.select({ c2 }, nil, 2)
expect_eq(readable[1], c2)
expect_true(readable[c2])
expect_eq(c2:receive(), "got ping")
local r2, _, e2 = socket.select({ c2 }, nil, 0.02)
expect_eq(#r2, 0)
expect_eq(e2, "timeout")
c2:close()

-- errors: a refused connection, an address in use
local probe = assert(socket.bind("127.0.0.1", 0))
local _, free = probe:getsockname()
probe:close()
uv.run("nowait")
local r, cerr = socket.connect("127.0.0.1", free)
expect_eq(r, nil)
expect_eq(cerr, "connection refused")
local a, aerr = socket.bind("127.0.0.1", port)
expect_eq(a, nil)
expect_eq(aerr, "address already in use")

-- sleep and gettime; sleep in a coroutine yields to the loop
local t1 = socket.gettime()
socket.sleep(0.02)
expect_true(socket.gettime() - t1 >= 0.015)
local order = {}
coroutine.wrap(function() socket.sleep(0.02) order[#order + 1] = "slept" end)()
order[#order + 1] = "main"
local deadline = socket.gettime() + 2
while #order < 2 and socket.gettime() < deadline do uv.run("once") end -- (the server keeps the loop alive)
expect_list(order, { "main", "slept" })

-- dns and udp
expect_eq(socket.dns.toip("localhost"), "127.0.0.1")
expect_eq(type(socket.dns.gethostname()), "string")
local u = socket.udp()
local srv = uv.new_udp()
srv:bind("127.0.0.1", 0)
srv:recv_start(function(e, data, addr) if data then srv:send(data .. "!", addr.ip, addr.port) end end)
u:settimeout(2)
expect_eq(u:setpeername("127.0.0.1", srv:getsockname().port), 1)
u:send("udp")
expect_eq(u:receive(), "udp!")
u:close()
srv:close()
server:close()
uv.run()
