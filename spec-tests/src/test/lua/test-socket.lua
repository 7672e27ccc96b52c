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
expect_eq(select("#", c:send("")), 3, "send answers LuaSocket's three values (n, nil, nil)")
expect_eq(c:send("\n"), 1)
expect_eq(c:receive("*l", "prefix:"), "prefix:got abc")
c:send("again\n")
expect_eq(select("#", c:receive()), 3, "receive answers LuaSocket's three values (data, nil, nil)")
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

-- shutdown: "send" ends the stream the peer reads, after what was sent; "receive" ends this side's reading;
-- "both" (the default) both; always 1, as LuaSocket's
do
  local srv = assert(socket.bind("127.0.0.1", 0))
  local _, sport = srv:getsockname()
  local c = assert(socket.connect("127.0.0.1", sport))
  local peer = assert(srv:accept())
  peer:settimeout(5) -- (a shutdown that did nothing would leave the read below waiting: a timeout, not a hang)
  expect_eq(c:send("abc"), 3)
  expect_eq(c:shutdown("send"), 1)
  expect_eq(peer:receive("*a"), "abc", "the peer read to the end of the stream")
  expect_list({ c:send("x") }, { nil, "closed", 0 })
  expect_eq(peer:send("back\n"), 5)
  expect_eq(c:receive("*l"), "back", "reading goes on after shutdown('send')")
  expect_eq(c:shutdown("receive"), 1)
  expect_list({ c:receive("*l") }, { nil, "closed", "" })
  expect_error(function() c:shutdown("sideways") end, "invalid option 'sideways'")
  expect_eq(c:shutdown(), 1)
  c:close()
  peer:close()
  srv:close()
end

-- while copas is loaded it owns the coroutines it runs: a LuaSocket call in one blocks as LuaSocket's (running the
-- loop), where it would otherwise yield to the loop (a yield copas refuses); the server's coroutines, resumed by the
-- loop, still yield to it. Stood in for here by a table in package.loaded and a coroutine resumed by hand, as
-- copas's scheduler resumes its threads.
do
  package.loaded.copas = {}
  local ok, err = pcall(function()
    local co = coroutine.create(function()
      local c = assert(socket.connect("127.0.0.1", port))
      c:send("from a copas thread\n")
      local line = c:receive()
      c:close()
      socket.sleep(0.01)
      return line
    end)
    local resumed, line = coroutine.resume(co)
    expect_true(resumed, line)
    expect_eq(coroutine.status(co), "dead", "the coroutine ran to its end without yielding")
    expect_eq(line, "got from a copas thread")
  end)
  package.loaded.copas = nil
  assert(ok, err)
end

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
expect_list({ u:send("udp") }, { 3 }, 2, "the byte count, alone")
expect_eq(u:receive(), "udp!")
u:close()
srv:close()

-- UDP options: broadcast allows a send to a broadcast address (the loopback's); a socket not bound yet is bound to
-- any address by the first option that needs it; reuseaddr is a flag of the bind that follows; a multicast group
-- joined receives what is sent to it, where the machine has an interface that takes multicast
do
  local b = socket.udp()
  expect_list({ b:sendto("x", "127.255.255.255", 9) }, { nil, "permission denied" })
  expect_eq(b:setoption("broadcast", true), 1)
  expect_eq(b:getoption("broadcast"), true)
  expect_eq(b:sendto("x", "127.255.255.255", 9), 1)
  expect_error(function() b:setoption("nonsense", 1) end, "unsupported option 'nonsense'")
  local ok, err = pcall(function() b:setoption("ip-add-membership", 5) end)
  expect_eq(err, "test-socket.lua:" .. (debug.getinfo(1, "l").currentline - 1)
    .. ": bad argument #2 to 'setoption' (table expected, got number)", "raised at the caller's line")
  expect_error(function() b:setoption("ip-add-membership", {}) end, "string 'multiaddr' field expected")
  b:close()
  local r = socket.udp()
  expect_eq(r:setoption("reuseaddr", true), 1)
  expect_eq(r:setsockname("*", 0), 1)
  local _, gport = r:getsockname()
  local joined, jerr = r:setoption("ip-add-membership", { multiaddr = "239.255.0.7", interface = "0.0.0.0" })
  if joined then
    local s = socket.udp()
    expect_eq(s:setoption("ip-multicast-loop", true), 1, "binds the socket first")
    expect_eq(s:setoption("ip-multicast-ttl", 1), 1)
    expect_eq(s:sendto("to the group", "239.255.0.7", gport), 12)
    r:settimeout(2)
    expect_eq(r:receivefrom(), "to the group")
    expect_eq(r:setoption("ip-drop-membership", { multiaddr = "239.255.0.7", interface = "*" }), 1)
    s:close()
  else
    expect_eq(jerr, "no such device")
  end
  r:close()
end
server:close()
uv.run()

-- what LuaSocket's own test suite checks (test/testclnt.lua), and its socket.lua helpers
do
  -- classes, families, options, statistics; bind, setsockname and setpeername are the same calls
  local t = socket.tcp()
  expect_eq(t.class, "tcp{master}")
  -- a class is a metatable whose __index holds the methods and the name (LuaSec's https.lua calls through it)
  expect_eq(getmetatable(t).__index.class, "tcp{master}")
  expect_eq(rawget(getmetatable(t).__index, "settimeout"), t.settimeout)
  expect_eq(getmetatable(socket.tcp()), getmetatable(t), "one class per kind")
  expect_eq(t:getfamily(), "inet")
  expect_eq(socket.tcp6():getfamily(), "inet6")
  expect_eq(t:getoption("reuseaddr"), false)
  expect_eq(t:setoption("reuseaddr", true), 1)
  expect_eq(t:getoption("reuseaddr"), true)
  expect_eq(t.setsockname, t.bind)
  expect_eq(t.setpeername, t.connect)
  local srv = assert(socket.bind("127.0.0.1", 0))
  expect_eq(srv.class, "tcp{server}")
  local ip, p = srv:getsockname()
  local again = socket.tcp()
  local ok, err = again:bind(ip, p)
  expect_list({ ok, err }, { nil, "address already in use" }, 2, "a second bind to a listening address")
  again:close()
  local peer
  coroutine.wrap(function()
    peer = srv:accept()
    peer:send("7890")
    peer:send("little string")
    peer:close()
  end)()
  local cl = assert(socket.connect(ip, p))
  expect_eq(cl.class, "tcp{client}")
  expect_eq(getmetatable(cl).__index.class, "tcp{client}")
  expect_eq(type(rawget(getmetatable(cl).__index, "receive")), "function")
  cl:settimeout(2)
  expect_eq(cl:receive(10, "123456"), "1234567890", "a byte count counts the prefix")
  expect_eq(cl:receive(4, "87654321"), "87654321", "nothing read when the prefix is as long")
  expect_eq(cl:receive("*a"), "little string")
  expect_list({ cl:receive("*a") }, { nil, "closed", "" }, 3, "everything was read: closed from then on")
  expect_list({ cl:receive(0) }, { nil, "closed", "" }, 3)
  local received, sent, age = cl:getstats()
  expect_list({ received, sent }, { 17, 0 })
  expect_true(age >= 0)
  expect_eq(cl:setstats(1, 2, 0), 1)
  expect_list({ cl:getstats() }, { 1, 2 }, 2)
  cl:close()
  srv:close()
  expect_eq(select(2, socket.connect("", 80)), "host or service not provided, or not known")
  expect_eq(select(2, socket.dns.toip("")), "host not found")

  -- UDP: a server bound with setsockname, a client that names its peer; classes and families
  local userver = socket.udp()
  expect_eq(userver.class, "udp{unconnected}")
  expect_eq(userver:setsockname("127.0.0.1", 0), 1)
  local uip, uport = userver:getsockname()
  expect_eq(uip, "127.0.0.1")
  local uc = socket.udp()
  expect_eq(uc:setpeername(uip, uport), 1)
  expect_eq(uc.class, "udp{connected}")
  expect_list({ uc:getpeername() }, { uip, uport, "inet" })
  expect_eq(uc:send("ping"), 4)
  userver:settimeout(2)
  local data, from_ip, from_port = userver:receivefrom()
  expect_eq(data, "ping")
  expect_eq(userver:sendto("pong", from_ip, from_port), 4)
  uc:settimeout(2)
  expect_eq(uc:receive(), "pong")
  expect_eq(uc:setpeername("*"), 1)
  expect_eq(uc.class, "udp{unconnected}")
  expect_eq(socket.udp6():getfamily(), "inet6")
  uc:close()
  userver:close()

  -- exceptions: try raises what protect turns back into nil and the message; newtry's finalizer runs first
  local finalized = false
  local f = socket.protect(function(x)
    local try = socket.newtry(function() finalized = true end)
    try(x, "it failed")
    return "went on", x
  end)
  expect_list({ f(false) }, { nil, "it failed" })
  expect_true(finalized)
  expect_list({ f(7) }, { "went on", 7 })
  expect_error(socket.protect(function() error("a real error") end), "a real error")
  expect_list({ socket.skip(2, "a", "b", "c", "d") }, { "c", "d" })
  local pick = socket.choose({ default = function(a) return "default " .. tostring(a) end,
    other = function(a, b) return "other " .. a .. b end })
  expect_eq(pick("other", "x", "y"), "other xy")
  expect_eq(pick(5), "default 5")
  expect_error(function() pick("missing") end, "unknown key (missing)")

  -- LTN12 sinks and sources on sockets: by length, until closed, keeping the socket open or closing it
  local s2 = assert(socket.bind("127.0.0.1", 0))
  local _, p2 = s2:getsockname()
  coroutine.wrap(function()
    local conn = s2:accept()
    local sink = socket.sink("close-when-done", conn)
    sink("first ")
    sink("second")
    sink(nil)
  end)()
  local reader = assert(socket.connect("127.0.0.1", p2))
  reader:settimeout(2)
  local head = socket.source("by-length", reader, 6)
  expect_eq(head(), "first ")
  expect_eq(head(), nil)
  local rest, chunks = socket.source("until-closed", reader), {}
  for chunk in rest do chunks[#chunks + 1] = chunk end
  expect_eq(table.concat(chunks), "second")
  expect_eq(socket.BLOCKSIZE, 2048)
  s2:close()
  uv.run()
end

-- LuaSocket's own Lua modules (socket.http, mime, ltn12), where a system has them installed (Debian's lua-socket),
-- on this runtime's socket and mime.core: a GET from a local server, a body through an LTN12 sink
if pcall(require, "socket.http") then
  local http, ltn12, mime = require("socket.http"), require("ltn12"), require("mime")
  expect_eq((mime.b64("diego:password")), "ZGllZ286cGFzc3dvcmQ=")
  local srv = assert(socket.bind("127.0.0.1", 0))
  local _, p = srv:getsockname()
  local requests = {}
  coroutine.wrap(function()
    while true do
      local sock = srv:accept()
      if not sock then return end
      requests[#requests + 1] = sock:receive("*l")
      repeat local h = sock:receive("*l") until h == ""
      sock:send("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 12\r\n\r\nhello world\n")
      sock:close()
    end
  end)()
  local body, code, headers = http.request("http://127.0.0.1:" .. p .. "/first")
  expect_list({ body, code, headers["content-type"] }, { "hello world\n", 200, "text/plain" })
  local parts = {}
  expect_list({ http.request({ url = "http://127.0.0.1:" .. p .. "/second", sink = ltn12.sink.table(parts) }) },
    { 1, 200 }, 2)
  expect_eq(table.concat(parts), "hello world\n")
  expect_list(requests, { "GET /first HTTP/1.1", "GET /second HTTP/1.1" })
  srv:close()
  uv.run()
end

-- timeout 0, LuaSocket's non-blocking mode (copas's): no call waits or yields, even inside a coroutine that a
-- scheduler of its own resumes; "timeout" when a call would have to wait. Here a small scheduler as copas's: the
-- coroutine yields what it waits for, the main chunk waits for it with socket.select and resumes it
do
  local srv = assert(socket.bind("127.0.0.1", 0))
  srv:settimeout(0)
  local _, p = srv:getsockname()
  local steps = {}
  local co = coroutine.create(function()
    expect_list({ srv:accept() }, { nil, "timeout" })
    local c = socket.tcp()
    c:settimeout(0)
    local ok, err = c:connect("127.0.0.1", p)
    while not ok do
      expect_eq(err, "timeout")
      coroutine.yield(nil, c)
      ok, err = c:connect("127.0.0.1", p)
    end
    expect_eq(ok, 1)
    steps[#steps + 1] = "connected"
    local peer = srv:accept()
    while not peer do coroutine.yield(srv) peer = srv:accept() end
    peer:settimeout(0)
    expect_list({ peer:receive("*l") }, { nil, "timeout", "" }, 3, "nothing there yet")
    expect_eq(c:send("line one\nline"), 13)
    local line = peer:receive("*l")
    while not line do coroutine.yield(peer) line = peer:receive("*l") end
    expect_eq(line, "line one")
    local _, timeout, partial = peer:receive("*l")
    expect_list({ timeout, partial }, { "timeout", "line" }, 2, "half a line: the partial result, as LuaSocket's")
    expect_eq(c:send(" two\n"), 5)
    line, _, partial = peer:receive("*l", partial)
    while not line do coroutine.yield(peer) line, _, partial = peer:receive("*l", partial) end
    expect_eq(line, "line two")
    steps[#steps + 1] = "exchanged"
    c:close() peer:close()
  end)
  local turns = 0
  while true do
    local ok, reader, writer = coroutine.resume(co)
    expect_true(ok, reader)
    if coroutine.status(co) == "dead" then break end
    expect_true(reader or writer, "the coroutine yielded only to wait for a socket")
    socket.select({ reader }, { writer }, 1)
    turns = turns + 1
    expect_true(turns < 1000)
  end
  expect_list(steps, { "connected", "exchanged" })
  srv:close()
  uv.run()
end

-- UDP in the non-blocking mode: receive answers "timeout" at once with nothing there, select tells a socket with
-- a datagram waiting (and every open one as writable, none once closed); a second bind is refused
do
  local a, b = socket.udp(), socket.udp()
  expect_eq(a:setsockname("127.0.0.1", 0), 1)
  expect_list({ a:setsockname("127.0.0.1", 0) }, { nil, "already bound" })
  local ip, port = a:getsockname()
  a:settimeout(0)
  expect_list({ a:receivefrom() }, { nil, "timeout" })
  expect_list({ a:receive() }, { nil, "timeout" })
  local readable, writable = socket.select({ a }, { b }, 0)
  expect_list({ #readable, #writable }, { 0, 1 })
  expect_eq(b:sendto("dgram", ip, port), 5)
  readable = socket.select({ a }, nil, 2)
  expect_true(readable[a], "the datagram is there")
  expect_eq(a:receive(), "dgram")
  b:close()
  readable, writable = socket.select(nil, { b }, 0)
  expect_eq(#writable, 0, "a closed socket is not writable")
  a:close()
  uv.run()
end
