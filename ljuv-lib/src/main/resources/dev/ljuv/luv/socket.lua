-- socket: LuaSocket's API (socket.tcp, connect, bind, select, gettime, sleep, dns, udp) over ljuv.net's
-- cosockets, so that code written for LuaSocket runs: from the main chunk its calls block (running the loop),
-- inside a coroutine they yield to the loop instead, as copas arranges (unless copas itself runs them: see
-- blocking below). Timeouts are LuaSocket's: seconds, nil or negative to wait forever, 0 to not wait (its
-- non-blocking mode: see nonblocking below).
local uv = require("luv")
local net = require("ljuv.net")
local waiting = require("ljuv.wait")

local socket = { _VERSION = "LuaSocket 3.0.0 (ljuv)", _M = nil }
socket._M = socket
socket.BLOCKSIZE = 2048 -- what the sources below read at a time
socket._SETSIZE = 1024
socket._DATAGRAMSIZE = 8192
socket._SOCKETINVALID = -1

local function pack(...) return { n = select("#", ...), ... } end

-- copas runs coroutines of its own, resumed by its scheduler and not by the loop: while it is loaded, a call that
-- must wait outside the loop's callbacks blocks as LuaSocket's does (running the loop) even inside a coroutine,
-- where yielding to the loop would reach copas as a yield of its own, which it refuses. A coroutine the loop
-- resumed (inside its callbacks) still yields to it. (copas's wrapped sockets are non-blocking, timeout 0: they
-- never wait here.)
local function blocking()
  return package.loaded.copas ~= nil and not uv.loop_mode()
end

-- the cosocket's waits made to block, or not, as above, before a call that may wait
local function sync(self)
  local b = blocking()
  local s = self.sock
  if s.blocking ~= b then
    s.blocking = b
    if s.inbox then s.inbox:block(b) end
  end
end

local function ms(seconds)
  if seconds == nil or seconds < 0 then return 0 end -- 0: no timer (wait forever)
  if seconds == 0 then return 1 end -- (the calls that can wait answer at once first: a cosocket's shortest wait)
  return math.max(1, math.floor(seconds * 1000 + 0.5))
end

function socket.gettime()
  local sec, usec = uv.gettimeofday()
  return sec + usec / 1e6
end

function socket.sleep(seconds)
  if not seconds or seconds <= 0 then return end
  local w = waiting.new(blocking())
  if not w.co then uv.sleep(math.floor(seconds * 1000 + 0.5)) return end
  local t = uv.new_timer()
  t:start(math.floor(seconds * 1000 + 0.5), 0, function() t:close() waiting.wake(w) end)
  waiting.wait(w)
end

---- TCP

local tcp = {} -- the methods

-- LuaSocket's classes: a socket's metatable is its class's, whose __index is the table of its methods and of
-- its name (sock.class: tcp{master}, tcp{client}, tcp{server}), which code reaches the methods through (LuaSec's
-- https.lua: getmetatable(sock).__index.settimeout). A socket changes class where LuaSocket's does: once
-- connected, once listening (a connect under way is still a master; a closed socket keeps its class).
local classes = {}
local CLASS_OF = { master = "master", connecting = "master", client = "client", server = "server" }
local function class(kind)
  local name = CLASS_OF[kind]
  local mt = classes[name]
  if not mt then -- (made at a socket's first use of it, once every method below is there)
    local index = { class = "tcp{" .. name .. "}" }
    for k, v in pairs(tcp) do index[k] = v end
    mt = { __index = index, __tostring = function(s) return ("tcp{%s}: %s"):format(name, tostring(s.id)) end }
    classes[name] = mt
  end
  return mt
end
local function become(self, kind)
  self.kind = kind
  if CLASS_OF[kind] then setmetatable(self, class(kind)) end
end

local function new(kind, cosocket, family)
  return setmetatable({ kind = kind, sock = cosocket, timeout = nil, id = {}, family = family or "inet",
    options = {}, received = 0, sent = 0, born = socket.gettime() }, class(kind))
end

function socket.tcp()
  return new("master", net.tcp())
end
socket.tcp4 = socket.tcp
function socket.tcp6()
  return new("master", net.tcp(), "inet6")
end

function tcp:settimeout(value)
  self.timeout = value and tonumber(value) or nil
  if self.sock then self.sock:settimeout(ms(self.timeout)) end
  return 1
end

-- a name that did not resolve, in LuaSocket's words (getaddrinfo's message for it)
local function unresolved(err)
  if type(err) == "string" and err:find("could not be resolved", 1, true) then
    return err:find("eai_again", 1, true) and "temporary failure in name resolution"
      or "host or service not provided, or not known"
  end
  return err
end

-- timeout 0 (LuaSocket's non-blocking mode, which copas uses): every call answers at once, never waiting nor
-- yielding (a scheduler such as copas owns the coroutine), "timeout" when it would have to; socket.select waits.
-- Outside a loop callback the loop takes one turn first, so that what arrived meanwhile is there to be read.
local function nonblocking(self)
  if self.timeout ~= 0 then return false end
  if not uv.loop_mode() then uv.run("nowait") end
  return true
end

-- the answer to a non-blocking connect, asked again until it is there: still on its way, connected, or failed
local function connected(self)
  if self.kind == "connecting" then return nil, "timeout" end
  self.pending_connect = false
  if self.kind == "client" then return 1 end
  return nil, self.connect_error
end

-- LuaSocket's option names where ljuv.net's differ
local TCP_OPTION = { ["send-buffer-size"] = "sndbuf", ["recv-buffer-size"] = "rcvbuf" }

-- the options set before the connection, on it (a connect's part, as for LuaSocket's socket made before it)
local function apply_options(self)
  for name, value in pairs(self.options) do
    self.sock:setoption(TCP_OPTION[name] or name, value)
  end
end

function tcp:connect(address, port)
  if self.pending_connect then
    nonblocking(self)
    return connected(self)
  end
  if self.kind ~= "master" then return nil, "not a master socket" end
  if nonblocking(self) then -- connects in a coroutine of its own, which the loop resumes
    become(self, "connecting")
    self.pending_connect = true
    coroutine.wrap(function()
      self.sock:settimeout(0)
      local ok, err = self.sock:connect(address, tonumber(port))
      if self.kind ~= "connecting" then return end -- (closed meanwhile)
      if ok then become(self, "client") apply_options(self) else become(self, "master") self.connect_error = unresolved(err) end
      self.sock:settimeout(ms(self.timeout))
    end)()
    return connected(self)
  end
  self.sock:settimeout(ms(self.timeout))
  sync(self)
  local ok, err = self.sock:connect(address, tonumber(port))
  if not ok then return nil, unresolved(err) end
  become(self, "client")
  apply_options(self)
  return 1
end

function tcp:bind(address, port)
  if self.kind ~= "master" then return nil, "not a master socket" end
  if address == "*" then address = "0.0.0.0" end
  local addrs, err = net.resolve(address, blocking())
  if not addrs then return nil, unresolved(err) end
  local h = uv.new_tcp()
  local r, berr = h:bind(addrs[1], tonumber(port))
  if r then -- (libuv tells an address in use only later: LuaSocket's bind says so at once)
    r, berr = h:getsockname()
  end
  if not r then h:close() return nil, berr:match("^%u+: (.*)$") or berr end
  self.handle = h
  return 1
end

function tcp:listen(backlog)
  local h = self.handle
  if not h then return nil, "not bound" end
  self.queue = {}
  local server = self
  local r, err = h:listen(backlog or 32, function(lerr)
    if lerr then return end
    local c = uv.new_tcp()
    if h:accept(c) ~= 0 then c:close() return end
    server.queue[#server.queue + 1] = c
    local w = server.acceptor
    if w then server.acceptor = nil waiting.wake(w) end
  end)
  if not r then return nil, err:match("^%u+: (.*)$") or err end
  become(self, "server")
  return 1
end

function tcp:accept()
  if self.kind ~= "server" then return nil, "not a server socket" end
  if nonblocking(self) and #self.queue == 0 then return nil, "timeout" end
  while #self.queue == 0 do
    local w = waiting.new(blocking())
    self.acceptor = w
    local _, timeout = waiting.wait(w, ms(self.timeout), self)
    self.acceptor = nil
    if timeout then return nil, "timeout" end
    if not self.handle then return nil, "closed" end
  end
  local c = table.remove(self.queue, 1)
  c:nodelay(true)
  local client = new("client", net.wrap(c))
  client:settimeout(nil)
  return client
end

function tcp:send(data, i, j)
  if self.kind ~= "client" then return nil, "closed", 0 end
  data = tostring(data)
  i, j = i or 1, j or #data
  local part = data:sub(i, j)
  if nonblocking(self) and self.sock.handle and #part > 0 then -- what the socket takes now, the rest a timeout
    local n = self.sock.handle:try_write(part)
    if not n then
      if self.sock.handle:is_writable() then n = 0 else return nil, "closed", i - 1 end
    end
    self.sent = self.sent + n
    if n < #part then return nil, "timeout", i + n - 1 end
    return i + n - 1, nil, nil
  end
  sync(self)
  local n, err = self.sock:send(part)
  if not n then return nil, err, i - 1 end
  self.sent = self.sent + #part
  return i + #part - 1, nil, nil -- (LuaSocket's three values)
end

function tcp:receive(pattern, prefix)
  if self.kind ~= "client" then return nil, "closed" end
  if pattern == "a" then pattern = "*a" elseif pattern == "l" then pattern = "*l" end
  prefix = prefix or ""
  if self.ended then return nil, "closed", prefix end -- the peer closed and everything it sent was read
  if type(pattern) == "number" or tonumber(pattern) then -- a byte count counts the prefix given
    pattern = tonumber(pattern) - #prefix
    if pattern <= 0 then return prefix, nil, nil end
  end
  local inbox = self.sock.inbox
  if nonblocking(self) and inbox and not inbox:ended() then -- only what is there already
    local ready = pattern == "*l" and inbox:peek():find("\n", 1, true)
      or type(pattern) == "number" and inbox:buffered() >= pattern
    if not ready then -- what there is, as the partial result (given back as the prefix of the next call)
      local got = inbox:buffered() > 0 and inbox:take(inbox:buffered()) or ""
      self.received = self.received + #got
      return nil, "timeout", prefix .. got
    end
  end
  sync(self)
  local data, err, partial = self.sock:receive(pattern)
  if not data then
    self.received = self.received + #(partial or "")
    self.ended = err == "closed"
    return nil, err, prefix .. (partial or "")
  end
  self.received = self.received + #data
  self.ended = pattern == "*a" -- (which reads to the end)
  return prefix .. data, nil, nil -- (LuaSocket's three values)
end

function tcp:close()
  if self.sock and self.kind == "client" then self.sock:close() end
  if self.handle then self.handle:close() self.handle = nil end
  if self.timer then self.timer:close() self.timer = nil end
  local w = self.acceptor
  if w then self.acceptor = nil waiting.wake(w) end
  become(self, "closed")
  return 1
end

-- LuaSocket's half-close: "send" ends the stream the peer reads (after what was sent), "receive" ends this side's
-- reading ("closed" from then on), "both" does both; answers 1, as LuaSocket's, and waits for nothing
local SHUTDOWN = { both = true, send = true, receive = true }
function tcp:shutdown(how)
  how = how or "both"
  if not SHUTDOWN[how] then error("bad argument #1 to 'shutdown' (invalid option '" .. tostring(how) .. "')", 2) end
  if self.kind ~= "client" then return 1 end
  if how ~= "receive" and not self.sock.shut then
    self.sock.shut = true
    local h = self.sock.handle
    if h then h:shutdown() end -- (queued after anything still being written, as libuv's)
  end
  if how ~= "send" then self.ended = true end
  return 1
end

function tcp:getpeername()
  if self.kind ~= "client" then return nil, "closed" end
  local ip, port = self.sock:getpeername()
  if not ip then return nil, port end
  return ip, port, ip:find(":", 1, true) and "inet6" or "inet"
end

function tcp:getsockname()
  local h = self.handle or (self.sock and self.sock.handle)
  local addr = h and h:getsockname()
  if type(addr) ~= "table" then return nil, "closed" end
  return addr.ip, addr.port, addr.family
end

-- on a connected socket at once; one set before is kept and set once it connects (apply_options)
function tcp:setoption(name, value)
  self.options[name] = value
  if self.kind == "client" then return self.sock:setoption(TCP_OPTION[name] or name, value) end
  return 1
end

-- what setoption set (the system's defaults otherwise: off, and linger off)
function tcp:getoption(name)
  local v = self.options[name]
  if v == nil and name == "linger" then return { on = false, timeout = 0 } end
  return v or false
end

function tcp:getfamily() return self.family end

function tcp:dirty()
  local inbox = self.sock and self.sock.inbox
  return inbox and inbox:buffered() > 0 or false
end
function tcp:getfd() return -1 end
function tcp:setfd() end
function tcp:getstats() return self.received, self.sent, socket.gettime() - self.born end
function tcp:setstats(received, sent, age)
  self.received, self.sent = tonumber(received) or self.received, tonumber(sent) or self.sent
  if age then self.born = socket.gettime() - tonumber(age) end
  return 1
end
tcp.setpeername = tcp.connect -- (LuaSocket's other names for them)
tcp.setsockname = tcp.bind

function socket.connect(address, port, laddress, lport)
  local s = socket.tcp()
  local ok, err = s:connect(address, port)
  if not ok then return nil, err end
  return s
end

function socket.bind(host, port, backlog)
  local s = socket.tcp()
  local ok, err = s:bind(host, port)
  if not ok then return nil, err end
  ok, err = s:listen(backlog or 32)
  if not ok then s:close() return nil, err end
  return s
end

-- select(recvt, sendt, timeout): the sockets ready to read (buffered data, a closed peer, a pending
-- connection) and to write (every connected one); waits up to timeout for a reader
function socket.select(recvt, sendt, timeout)
  local function ready()
    local r, w = {}, {}
    for _, o in ipairs(recvt or {}) do
      local s = rawget(o, "tcp") or o -- (LuaSec's wrapped socket: its connection's, or its handshake's end)
      if rawget(o, "handshaken") or s.kind == "server" and #s.queue > 0
          or s.kind == "client" and s.sock.inbox and (s.sock.inbox:buffered() > 0 or s.sock.inbox:ended())
          or s.kind == "udp" and #s.sock.queue > 0 then
        r[#r + 1] = o
        r[o] = true
      end
    end
    for _, o in ipairs(sendt or {}) do
      local s = rawget(o, "tcp") or o
      if s.kind == "client" or s.kind == "udp" and not s.sock.closed then w[#w + 1] = o w[o] = true end
    end
    return r, w
  end
  local deadline = timeout and timeout >= 0 and socket.gettime() + timeout
  -- in a coroutine (or a callback) the loop takes turns of a millisecond; outside one it waits for an event
  local in_turns = waiting.new(blocking()).co or uv.loop_mode()
  local timer
  local function done(...)
    if timer then timer:close() end
    return ...
  end
  while true do
    local r, w = ready()
    if #r > 0 or #w > 0 then return done(r, w) end
    local now = socket.gettime()
    if deadline and now >= deadline then return done({}, {}, "timeout") end
    if in_turns then
      socket.sleep(0.001) -- a turn of the loop: sockets read in the background meanwhile
    else
      -- outside a coroutine the loop itself waits for what changes readiness (data, a connection, a close, a
      -- datagram: the sockets read in the background) or the deadline, as select(2) sleeps: no polling
      if deadline then
        timer = timer or uv.new_timer()
        uv.update_time() -- (the loop's cached time may be old: count from now)
        timer:start(math.max(1, math.ceil((deadline - now) * 1000)), 0, function() end)
      end
      if not uv.run("once") and not deadline then
        uv.sleep(100) -- nothing left that could make a socket ready: LuaSocket's select would sleep for ever too
      end
    end
  end
end

---- UDP (socket_udp.lua)

require("ljuv.socket.udp")(socket, net, ms, sync, nonblocking)

---- dns

socket.dns = {}

function socket.dns.toip(name)
  local addrs = net.resolve(name, blocking())
  if not addrs or #addrs == 0 then return nil, "host not found" end
  return addrs[1], { name = name, alias = {}, ip = addrs }
end

function socket.dns.gethostname()
  return uv.os_gethostname()
end

function socket.dns.tohostname(ip)
  local host = uv.getnameinfo({ ip = ip })
  if not host then return nil, "host not found" end
  return host, { name = host, alias = {}, ip = { ip } }
end

socket.dns.getaddrinfo = function(host)
  local addrs, err = net.resolve(host, blocking())
  if not addrs then return nil, err end
  local out = {}
  for i, a in ipairs(addrs) do out[i] = { family = a:find(":", 1, true) and "inet6" or "inet", addr = a } end
  return out
end

---- LuaSocket's helpers for exceptions and LTN12 filters (its socket.lua layer), as its manual describes them

function socket.skip(d, ...)
  return select(d + 1, ...)
end

-- what a failed try raises, which protect turns back into nil and the message
local failure = {}
failure.__tostring = function(e) return tostring(e[1]) end

function socket.newtry(finalizer)
  return function(...)
    if (...) then return ... end
    if finalizer then pcall(finalizer) end
    error(setmetatable({ (select(2, ...)) }, failure), 0)
  end
end
socket.try = socket.newtry()

function socket.protect(f)
  return function(...)
    local r = pack(pcall(f, ...))
    if r[1] then return unpack(r, 2, r.n) end
    if getmetatable(r[2]) == failure then return nil, r[2][1] end
    error(r[2], 0)
  end
end

function socket.choose(options)
  return function(name, opt1, opt2)
    if type(name) ~= "string" then name, opt1, opt2 = "default", name, opt1 end
    local f = options[name or "nil"]
    if not f then error("unknown key (" .. tostring(name) .. ")", 3) end
    return f(opt1, opt2)
  end
end

-- sinks and sources on a socket (callable tables that also answer getfd and dirty, for select)
local function on(sock, call)
  return setmetatable({ getfd = function() return sock:getfd() end, dirty = function() return sock:dirty() end },
    { __call = function(_, ...) return call(...) end })
end

socket.sinkt = {
  ["close-when-done"] = function(sock)
    return on(sock, function(chunk)
      if not chunk then sock:close() return 1 end
      return sock:send(chunk)
    end)
  end,
  ["keep-open"] = function(sock)
    return on(sock, function(chunk)
      if chunk then return sock:send(chunk) end
      return 1
    end)
  end,
}
socket.sinkt.default = socket.sinkt["keep-open"]
socket.sink = socket.choose(socket.sinkt)

socket.sourcet = {
  ["by-length"] = function(sock, length)
    return on(sock, function()
      if length <= 0 then return nil end
      local chunk, err = sock:receive(math.min(socket.BLOCKSIZE, length))
      if err then return nil, err end
      length = length - #chunk
      return chunk
    end)
  end,
  ["until-closed"] = function(sock)
    local done = false
    return on(sock, function()
      if done then return nil end
      local chunk, err, partial = sock:receive(socket.BLOCKSIZE)
      if not err then return chunk end
      if err == "closed" then
        sock:close()
        done = true
        return partial
      end
      return nil, err
    end)
  end,
}
socket.sourcet.default = socket.sourcet["until-closed"]
socket.source = socket.choose(socket.sourcet)

socket.connect4 = socket.connect
socket.connect6 = socket.connect

return socket
