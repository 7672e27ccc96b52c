-- ljuv.net's UDP cosockets (OpenResty's ngx.socket.udp): required by net.lua, which hands it what it shares.
local uv = require("luv")
local waiting = require("ljuv.wait")
local new_waiter, wake, wait = waiting.new, waiting.wake, waiting.wait
local concat, setmetatable, type, tonumber = table.concat, setmetatable, type, tonumber
local DEFAULT_TIMEOUT = 60000

return function(net, message, flatten, drop_timer)

local udp = {}
udp.__index = udp
udp.__name = "ljuv.net.udp"

local function new_udp()
  return setmetatable({ timeout = DEFAULT_TIMEOUT, queue = {}, id = {}, reader = false, blocking = false }, udp) -- (see new_tcp)
end

function udp:settimeout(ms) self.timeout = tonumber(ms) or 0 end

-- the socket's handle, made at its first use (bound to host and port when they are given, else by the system at
-- the first send), reading from then on into the queue; nil and a message when it is closed or cannot bind
local function udp_handle(self, host, port, flags)
  if self.closed then return nil, "closed" end
  if host and self.handle then return nil, "already bound" end
  if not self.handle then
    local h = uv.new_udp()
    if host then
      local ok, err = h:bind(host, port, flags)
      if not ok then h:close() return nil, message(err) end
    end
    self.handle = h
    local sock = self
    h:recv_start(function(err, data, addr)
      if not data and not err then return end
      sock.queue[#sock.queue + 1] = { err and message(err), data, addr }
      local r = sock.reader
      if r then sock.reader = false wake(r) end
    end)
  end
  return self.handle
end

-- (not in OpenResty's API: LuaSocket's setsockname, a server's socket) binds the socket to host and port, with
-- luv's bind flags (reuseaddr, ipv6only) when given
function udp:bind(host, port, flags)
  local addrs, err = net.resolve(host, self.blocking)
  if not addrs then return nil, err end
  local h, berr = udp_handle(self, addrs[1], tonumber(port) or 0, flags)
  if not h then return nil, berr end
  return 1
end

function udp:setpeername(host, port)
  local addrs, err = net.resolve(host, self.blocking)
  if not addrs then return nil, err end
  self.peer_ip, self.peer_port = addrs[1], port
  if not udp_handle(self) then return nil, "closed" end
  return 1
end

function udp:sendto(host, port, data)
  local h = udp_handle(self)
  if not h then return nil, "closed" end
  local addrs, err = net.resolve(host, self.blocking)
  if not addrs then return nil, err end
  local payload = type(data) == "string" and data or concat(flatten(data, {}))
  local n, serr = h:try_send(payload, addrs[1], port)
  if not n then return nil, message(serr) end
  return 1
end

function udp:send(data)
  if not self.peer_ip then return nil, "not connected" end
  return self:sendto(self.peer_ip, self.peer_port, data)
end

function udp:receivefrom(size)
  if not udp_handle(self) then return nil, "closed" end
  while #self.queue == 0 do
    local w = new_waiter(self.blocking)
    self.reader = w
    local _, timeout = wait(w, self.timeout, self)
    self.reader = false
    if timeout then return nil, "timeout" end
    if self.closed then return nil, "closed" end
  end
  local item = table.remove(self.queue, 1)
  if item[1] then return nil, item[1] end
  local data = item[2]
  if size and #data > size then data = data:sub(1, size) end
  return data, item[3].ip, item[3].port
end

function udp:receive(size)
  while true do
    local data, ip, port = self:receivefrom(size)
    if not data then return nil, ip end
    if not self.peer_ip or (ip == self.peer_ip and port == self.peer_port) then return data end
  end
end

function udp:close()
  if self.closed then return nil, "closed" end
  self.closed = true
  drop_timer(self)
  if self.handle then self.handle:close() self.handle = nil end
  local r = self.reader
  if r then self.reader = false wake(r) end
  return 1
end


return new_udp
end
