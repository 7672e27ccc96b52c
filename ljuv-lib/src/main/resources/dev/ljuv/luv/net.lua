-- ljuv.net: cosockets on the ljuv loop, I/O that reads like blocking code. Inside a coroutine a call that
-- must wait yields, and the loop resumes it; outside one (the main chunk) the call runs the loop until it is
-- done. Sockets are luv's (require "luv"), so they share the loop with every other handle. The API and its
-- errors are OpenResty's cosockets (ngx.socket.tcp/udp): nil, "timeout" | "closed" | "connection refused" ...
local uv = require("luv")
-- given by the loader (Java): TLS on a luv stream (dev.ljuv.luv.Tls: start, check), a socket's input (inbox) and
-- the cosockets' methods called per message (cosocket: send, receive, receiveany), a coroutine's end (on_end)
local native = ...
local tls_start, tls_check, new_inbox, on_end = native.start, native.check, native.inbox, native.on_end

local co_running, co_resume = coroutine.running, coroutine.resume
local concat = table.concat
local type, tostring, setmetatable, error = type, tostring, setmetatable, error

local net = {}

local DEFAULT_TIMEOUT = 60000
-- a line or a receiveuntil boundary longer than this is an error, not an unbounded buffer
net.receive_limit = 16 * 1024 * 1024

-- the texts cosockets give for libuv's errors
local ERRORS = {
  ECONNREFUSED = "connection refused", ECONNRESET = "connection reset by peer", EPIPE = "broken pipe",
  ETIMEDOUT = "timeout", ENETUNREACH = "network is unreachable", EHOSTUNREACH = "no route to host",
  ECANCELED = "closed", EOF = "closed", ENOTCONN = "closed", EBADF = "closed", EADDRINUSE = "address already in use",
  EACCES = "permission denied", ENOENT = "no such file or directory", EADDRNOTAVAIL = "address not available",
}
local function message(err)
  if not err then return nil end
  local name = err:match("^(E[%u_]+)") or err
  return ERRORS[name] or name:lower()
end

---- waiting: yield in a coroutine, run the loop outside one (ljuv.wait)

local waiting = require("ljuv.wait")
local new_waiter, wake, wait = waiting.new, waiting.wake, waiting.wait

---- input: buffered by the socket's inbox (Java), whose reader waits there for more

-- reads the connected handle into a new inbox (the data that comes before a reader asks is kept)
local function start_reading(self)
  self.inbox = new_inbox(self.handle, message)
  if self.blocking then self.inbox:block(true) end
end

---- TCP cosockets

local tcp = {}
tcp.__index = tcp
tcp.__name = "ljuv.net.tcp"
tcp.__tostring = function(s) return "tcp cosocket: " .. tostring(s.id) end

local function new_tcp()
  return setmetatable({
    connect_timeout = DEFAULT_TIMEOUT, send_timeout = DEFAULT_TIMEOUT, read_timeout = DEFAULT_TIMEOUT,
    reused = 0, id = {}, inbox = false,
    -- fields that come and go are false when unset, never nil: a key set to nil on a table with a metatable
    -- sends every compiled field site of it back to the full look-up (__newindex may apply)
    writing = false, shut = false,
    -- waits run the loop even inside a coroutine (set by LuaSocket's layer while copas is loaded)
    blocking = false,
    timer = false, on_timeout = false, timed_waiter = false, -- (ljuv.wait's, for the connect timer)
  }, tcp)
end
net.tcp = new_tcp

-- a connected luv stream (TCP or pipe) as a cosocket
local function wrap(handle)
  local s = new_tcp()
  s.handle = handle
  if not pcall(start_reading, s) then
    error("bad argument #1 to 'wrap' (luv stream expected, got " .. type(handle) .. ")", 2)
  end
  return s
end
net.wrap = wrap

function tcp:settimeout(ms)
  ms = tonumber(ms) or 0
  self.connect_timeout, self.send_timeout, self.read_timeout = ms, ms, ms
end

function tcp:settimeouts(connect, send, read)
  self.connect_timeout, self.send_timeout, self.read_timeout =
    tonumber(connect) or 0, tonumber(send) or 0, tonumber(read) or 0
end

-- idle connections by pool name: a list of { sock fields, timer }
local pools = {}

local function pool_take(key)
  local pool = pools[key]
  while pool and #pool > 0 do
    local entry = table.remove(pool)
    entry.timer:close()
    if not entry.dead then
      entry.handle:read_stop()
      entry.handle:ref()
      return entry
    end
    entry.handle:close()
  end
end

function net.resolve(host, block)
  if type(host) ~= "string" then return nil, "bad host" end
  if host:match("^%d+%.%d+%.%d+%.%d+$") or host:find(":", 1, true) then
    return { host } -- an address already
  end
  local w = new_waiter(block)
  local started, serr = uv.getaddrinfo(host, nil, { socktype = "stream" }, function(err, res) wake(w, err, res) end)
  if not started then return nil, host .. " could not be resolved (" .. message(serr) .. ")" end
  local err, res = wait(w)
  if err then return nil, host .. " could not be resolved (" .. message(err) .. ")" end
  local list = {}
  for _, a in ipairs(res) do
    if a.family == "inet" then list[#list + 1] = a.addr end
  end
  for _, a in ipairs(res) do
    if a.family == "inet6" then list[#list + 1] = a.addr end
  end
  return list
end

function tcp:connect(host, port, opts)
  if type(port) == "table" then opts, port = port, nil end
  if self.handle then self:close() end
  opts = opts or {}
  local unix = type(host) == "string" and host:match("^unix:(.+)$")
  local key = opts.pool or (unix and host or (tostring(host) .. ":" .. tostring(port)))
  self.pool_key = key
  local idle = pool_take(key)
  if idle then
    self.handle, self.reused = idle.handle, idle.reused + 1
    start_reading(self)
    return 1
  end
  local handle, ip
  if unix then
    handle = uv.new_pipe(false)
  else
    if type(port) ~= "number" then return nil, "bad port" end
    local addrs, err = net.resolve(host, self.blocking)
    if not addrs then return nil, err end
    if #addrs == 0 then return nil, host .. " could not be resolved" end
    ip = addrs[1]
    handle = uv.new_tcp()
  end
  local w = new_waiter(self.blocking)
  local ok, err = pcall(function()
    if unix then
      handle:connect(unix, function(e) wake(w, e) end)
    else
      local r, e = handle:connect(ip, port, function(ce) wake(w, ce) end)
      if not r then wake(w, e) end
    end
  end)
  if not ok then handle:close() return nil, tostring(err) end
  local cerr, timeout = wait(w, self.connect_timeout, self)
  if cerr or timeout then
    handle:close()
    return nil, timeout or message(cerr)
  end
  if not unix then handle:nodelay(true) end -- as cosockets: tcp_nodelay on
  self.handle, self.reused = handle, 0
  start_reading(self)
  return 1
end

-- data as cosockets take it: a string, a number, or a (nested) table of them
local function flatten(data, out)
  local t = type(data)
  if t == "string" then out[#out + 1] = data
  elseif t == "number" then out[#out + 1] = tostring(data)
  elseif t == "table" then
    for i = 1, #data do flatten(data[i], out) end
  elseif t == "boolean" then out[#out + 1] = tostring(data)
  else error("bad argument #1 to 'send' (string, number, boolean or table expected, got " .. t .. ")", 3) end
  return out
end

-- the owner of a writer's waits (ljuv.wait's): a timer of its own, as a reader may be waiting on the socket too
local function writer_of(self)
  local writer = self.writer
  if not writer then
    writer = { timer = false, on_timeout = false, timed_waiter = false }
    self.writer = writer
  end
  return writer
end

-- send, receive and receiveany are Java's (dev.ljuv.luv.Cosocket); what a send leaves to Lua:
-- the rest of a send the socket did not take at once: waits until the queued bytes are written (payload: what is
-- still to queue, after the bytes queued before it)
local function send_queued(self, payload, total)
  local handle = self.handle
  self.writing = true
  local w = new_waiter(self.blocking)
  handle:write(payload, function(err) wake(w, err) end)
  local err, timeout = wait(w, self.send_timeout, writer_of(self))
  self.writing = false
  if err or timeout then return nil, timeout or message(err) end
  return total
end

-- half-close, as OpenResty's tcpsock:shutdown("send"): the peer reads the end of the stream after all that was
-- sent before, and this side may go on reading; a send after it is "closed"
function tcp:shutdown(direction)
  if direction ~= "send" then
    error("bad argument #1 to 'shutdown' (\"send\" expected, got " .. (type(direction) == "string"
      and "\"" .. direction .. "\"" or type(direction)) .. ")", 2)
  end
  local handle = self.handle
  if not handle then return nil, "closed" end
  if self.shut then return 1 end
  if self.writing then return nil, "socket busy writing" end
  self.shut = true
  local w = new_waiter(self.blocking)
  local ok, serr = handle:shutdown(function(err) wake(w, err) end)
  if not ok then return nil, message(serr) end
  self.writing = true
  local err, timeout = wait(w, self.send_timeout, writer_of(self))
  self.writing = false
  if err or timeout then return nil, timeout or message(err) end
  return 1
end

-- data other than a string (a number, a boolean, a nested table of them), sent as one string
local function send_other(self, data)
  return self:send(concat(flatten(data, {})))
end

tcp.send, tcp.receive, tcp.receiveany = native.cosocket(send_queued, send_other, net)

function tcp:receiveuntil(boundary, opts)
  if type(boundary) ~= "string" or #boundary == 0 then
    error("bad argument #2 to 'receiveuntil' (pattern is empty)", 2)
  end
  local inclusive = type(opts) == "table" and opts.inclusive
  local sock = self
  local at_boundary = false
  return function(size)
    if not sock.handle then return nil, "closed" end
    if at_boundary then
      at_boundary = false
      return nil
    end
    local inbox = sock.inbox
    if inbox:busy() then return nil, "socket busy reading" end
    while true do
      local all = inbox:peek()
      local pos = all:find(boundary, 1, true)
      if pos then
        if size and pos - 1 > size then
          return inbox:take(size)
        end
        local data = inbox:take(pos - 1)
        local sep = inbox:take(#boundary)
        if size then at_boundary = true end
        return inclusive and data .. sep or data
      end
      if size then -- hand out what cannot be the start of the boundary
        local safe = #all - (#boundary - 1)
        if safe > 0 then
          return inbox:take(math.min(size, safe))
        end
      end
      if #all > net.receive_limit then
        sock:close()
        return nil, "boundary not found within the receive limit"
      end
      if inbox:ended() then
        return inbox:closed()
      end
      if inbox:await(sock.read_timeout) then
        return nil, "timeout", ""
      end
    end
  end
end

local function drop_timer(self)
  if self.timer then
    self.timer:close()
    self.timer = false
  end
  local writer = self.writer
  if writer and writer.timer then
    writer.timer:close()
    writer.timer = false
  end
end

function tcp:close()
  local handle = self.handle
  if not handle then return nil, "closed" end
  drop_timer(self)
  self.handle = nil
  if not handle:is_closing() then handle:close() end
  if self.inbox then self.inbox:close() end -- (a waiting reader gets "closed")
  return 1
end

function tcp:setkeepalive(timeout, size)
  local handle = self.handle
  if not handle then return nil, "closed" end
  local inbox = self.inbox
  if inbox:buffered() > 0 then return nil, "unread data in buffer" end
  if inbox:busy() or self.writing then return nil, "socket busy" end
  if inbox:ended() then self:close() return nil, "closed" end
  drop_timer(self)
  self.handle = nil
  inbox:close()
  timeout = tonumber(timeout) or DEFAULT_TIMEOUT
  size = tonumber(size) or 30
  local key = self.pool_key or "?"
  local pool = pools[key] or {}
  pools[key] = pool
  local entry = { handle = handle, reused = self.reused }
  -- while idle, any input (or the peer's close) makes the connection unusable
  handle:read_start(function()
    entry.dead = true
    handle:read_stop()
  end)
  entry.timer = uv.new_timer()
  entry.timer:unref()
  handle:unref()
  if timeout > 0 then
    entry.timer:start(timeout, 0, function()
      for i, e in ipairs(pool) do
        if e == entry then table.remove(pool, i) break end
      end
      entry.timer:close()
      handle:close()
    end)
  end
  pool[#pool + 1] = entry
  while #pool > size do
    local oldest = table.remove(pool, 1)
    oldest.timer:close()
    oldest.handle:close()
  end
  return 1
end

-- TLS over the connected socket: verification against the JVM's trust store (or opts.ca, or net.tls_ca) and
-- the server name, unless verify is false; opts.cert and opts.key (PEM files): a client certificate. Returns true
-- (sessions are the JVM's to reuse). With opts.server, this side is the server of the handshake (a socket a
-- server accepted: LuaSec's wrap), presenting opts.cert and opts.key, and asking clients for theirs when
-- opts.verify_peer is "require" or "optional" (verified against opts.ca or the JVM's trust store).
function tcp:sslhandshake(reused_session, server_name, verify, opts)
  if not self.handle then return nil, "closed" end
  if self.tls then return true end
  opts = type(opts) == "table" and opts or {}
  local w = new_waiter(self.blocking)
  local started, err = tls_start(self.handle, opts.server
    and { server = true, cert = opts.cert, key = opts.key, ca = opts.ca, verify_peer = opts.verify_peer }
    or { server_name = server_name, verify = verify, ca = opts.ca or net.tls_ca, cert = opts.cert, key = opts.key },
    function(e) wake(w, e) end)
  if not started then return nil, err end
  local herr, timeout = wait(w, self.connect_timeout, self)
  if herr or timeout then
    self:close()
    return nil, timeout or herr
  end
  self.tls = true
  return true
end

function tcp:getreusedtimes()
  if not self.handle then return nil, "closed" end
  return self.reused
end

function tcp:setoption(name, value)
  local handle = self.handle
  if not handle then return nil, "closed" end
  local r, err
  if name == "keepalive" then r, err = handle:keepalive(value and true or false, 60)
  elseif name == "tcp-nodelay" then r, err = handle:nodelay(value and true or false)
  elseif name == "sndbuf" then r, err = handle:send_buffer_size(value)
  elseif name == "rcvbuf" then r, err = handle:recv_buffer_size(value)
  elseif name == "reuseaddr" then r = 0
  else return nil, "unsupported option " .. tostring(name) end
  if not r then return nil, message(err) end
  return 1
end

function tcp:getpeername()
  local handle = self.handle
  if not handle then return nil, "closed" end
  local addr, err = handle:getpeername()
  if not addr then return nil, message(err) end
  if type(addr) == "string" then return addr end
  return addr.ip, addr.port
end

---- servers

local server_mt = {}
server_mt.__index = server_mt

function server_mt:close()
  if self.handle then
    self.handle:close()
    self.handle = nil
  end
  return 1
end

function server_mt:getsockname()
  local addr = self.handle and self.handle:getsockname()
  if type(addr) == "table" then return addr.ip, addr.port end
  return addr
end

-- net.listen(host, port, [opts], handler): handler(sock) in its own coroutine per connection
function net.listen(host, port, opts, handler)
  if type(opts) == "function" then opts, handler = nil, opts end
  opts = opts or {}
  if type(handler) ~= "function" then
    error("bad argument #4 to 'listen' (function expected, got " .. type(handler) .. ")", 2)
  end
  if opts.cert or opts.key then
    local ok, err = tls_check({ cert = opts.cert, key = opts.key })
    if not ok then return nil, err end
  end
  local unix = type(host) == "string" and host:match("^unix:(.+)$")
  local handle = unix and uv.new_pipe(false) or uv.new_tcp()
  local r, err
  if unix then r, err = handle:bind(unix) else r, err = handle:bind(host, port) end
  if not r then handle:close() return nil, message(err) end
  local server = setmetatable({ handle = handle, active = 0 }, server_mt)
  local limit = opts.limit or math.huge
  r, err = handle:listen(opts.backlog or 511, function(lerr)
    if lerr then return end
    local client = unix and uv.new_pipe(false) or uv.new_tcp()
    if handle:accept(client) ~= 0 then client:close() return end
    if server.active >= limit then client:close() return end
    if not unix then client:nodelay(true) end
    local handshake
    if opts.cert then -- TLS before the first byte is read; its end may come before the handler waits for it
      handshake = {}
      local started = tls_start(client, { server = true, cert = opts.cert, key = opts.key },
        function(e) wake(handshake, e) end)
      if not started then client:close() return end
    end
    local sock = wrap(client)
    server.active = server.active + 1
    local co
    if handshake then
      co = coroutine.create(function()
        handshake.co = co_running()
        local herr, timeout = wait(handshake, 60000, sock)
        if herr or timeout then -- a client that failed the handshake: drop it
          sock:close()
          server.active = server.active - 1
          return
        end
        sock.tls = true
        local ok, herr2 = xpcall(handler, debug.traceback, sock)
        sock:close()
        server.active = server.active - 1
        if not ok then error(herr2, 0) end
      end)
    else
      -- the handler is the coroutine's body, not called by a wrapper, so that it can run frameless (without a
      -- continuation: a switch per message is then a call and a return); what a wrapper did after it, the
      -- coroutine's end does
      co = coroutine.create(handler)
      on_end(co, function()
        sock:close()
        server.active = server.active - 1
      end)
    end
    local ok, cerr = co_resume(co, sock)
    if not ok then error(handshake and cerr or debug.traceback(co, cerr), 0) end
  end)
  if not r then handle:close() return nil, message(err) end
  return server
end

-- (for LuaSec's sockets: the TLS session of a cosocket, nil before its handshake: see Tls.session)
local tls_session = native.session
function net._tls_session(sock)
  return sock.handle and tls_session(sock.handle) or nil
end

---- UDP cosockets (net_udp.lua)

net.udp = require("ljuv.net.udp")(net, message, flatten, drop_timer)

return net
