-- LuaSocket's UDP sockets (socket.udp) over ljuv.net's UDP cosockets: required by socket.lua, which hands it what
-- it shares (the socket table it completes, timeouts in milliseconds, the copas rule of its waits, non-blocking mode).
local setmetatable, tonumber, tostring, type, error = setmetatable, tonumber, tostring, type, error

return function(socket, net, ms, sync, nonblocking)

local udp = {} -- the methods
-- LuaSocket's classes (see socket.lua's): udp{unconnected}, and udp{connected} once setpeername named a peer
local classes = {}
local function class(name)
  local mt = classes[name]
  if not mt then
    local index = { class = "udp{" .. name .. "}" }
    for k, v in pairs(udp) do index[k] = v end
    mt = { __index = index }
    classes[name] = mt
  end
  return mt
end
local function peer(self, address)
  self.peer = address
  setmetatable(self, class(address and "connected" or "unconnected"))
end

function socket.udp()
  return setmetatable({ kind = "udp", sock = net.udp(), family = "inet", options = {} }, class("unconnected"))
end
socket.udp4 = socket.udp
function socket.udp6()
  local u = socket.udp()
  u.family = "inet6"
  return u
end

function udp:settimeout(value)
  self.timeout = value and tonumber(value) or nil
  self.sock:settimeout(ms(self.timeout))
  return 1
end
function udp:setpeername(host, port)
  if host == "*" then peer(self, nil) return 1 end -- LuaSocket's way to disconnect
  sync(self)
  local ok, err = self.sock:setpeername(host, tonumber(port))
  if not ok then return nil, err end
  peer(self, { host, tonumber(port) })
  return 1
end
-- binds the socket (a server's: "*" for every address), before any send or receive; the options set before that
-- are bind flags ("reuseaddr", "ipv6-v6only")
function udp:setsockname(host, port)
  if host == "*" then host = self.family == "inet6" and "::" or "0.0.0.0" end
  local o = self.options
  sync(self)
  return self.sock:bind(host, port, { reuseaddr = o.reuseaddr or o.reuseport or nil, ipv6only = o["ipv6-v6only"] })
end
function udp:getpeername()
  if not self.peer then return nil, "closed" end
  return self.peer[1], self.peer[2], self.family
end
function udp:getsockname()
  local h = self.sock.handle
  local addr = h and h:getsockname()
  if type(addr) ~= "table" then return nil, "closed" end
  return addr.ip, addr.port, addr.family
end
function udp:getfamily() return self.family end
function udp:dirty() return false end
function udp:getfd() return -1 end
function udp:setfd() end
-- LuaSocket's UDP options, set on luv's handle: one that needs the socket binds it to any address first, as the
-- system binds it at a first send; the bind flags wait for setsockname; two the JDK cannot set say so
local function membership(how)
  return function(h, v)
    if type(v) ~= "table" then -- (raised at setoption's caller: this, setoption, the caller)
      error("bad argument #2 to 'setoption' (table expected, got " .. type(v) .. ")", 3)
    elseif type(v.multiaddr) ~= "string" then
      error("bad argument #2 to 'setoption' (string 'multiaddr' field expected)", 3)
    end
    local iface = v.interface
    if iface == "*" or type(iface) ~= "string" then iface = nil end -- (an IPv6 interface index: the system's choice)
    return h:set_membership(v.multiaddr, iface, how)
  end
end
local function flag(setter) return function(h, v) return h[setter](h, v and true or false) end end
local UDP_OPTIONS = {
  broadcast = flag("set_broadcast"),
  ["ip-multicast-loop"] = flag("set_multicast_loop"), ["ipv6-multicast-loop"] = flag("set_multicast_loop"),
  ["ip-multicast-ttl"] = function(h, v) return h:set_multicast_ttl(tonumber(v) or 1) end,
  ["ipv6-multicast-hops"] = function(h, v) return h:set_multicast_ttl(tonumber(v) or 1) end,
  ["ip-multicast-if"] = function(h, v) return h:set_multicast_interface(v == "*" and "0.0.0.0" or tostring(v)) end,
  ["ip-add-membership"] = membership("join"), ["ip-drop-membership"] = membership("leave"),
  ["ipv6-add-membership"] = membership("join"), ["ipv6-drop-membership"] = membership("leave"),
  ["recv-buffer-size"] = function(h, v) return h:recv_buffer_size(tonumber(v) or 0) end,
  ["send-buffer-size"] = function(h, v) return h:send_buffer_size(tonumber(v) or 0) end,
  -- (neither the JDK nor Netty sets these on a datagram socket)
  dontroute = function() return nil, "operation not supported" end,
  ["ipv6-unicast-hops"] = function() return nil, "operation not supported" end,
  reuseaddr = false, reuseport = false, ["ipv6-v6only"] = false, -- (bind flags)
}
function udp:setoption(name, value)
  local set = UDP_OPTIONS[name]
  if set == nil then
    error("bad argument #1 to 'setoption' (unsupported option '" .. tostring(name) .. "')", 2)
  end
  if set then
    local sock = self.sock
    if not sock.handle then
      local ok, err = self:setsockname("*", 0)
      if not ok then return nil, err end
    end
    local ok, err = set(sock.handle, value)
    if not ok then return nil, type(err) == "string" and (err:match("^%u+: (.*)$") or err) or "setsockopt failed" end
  end
  self.options[name] = value
  return 1
end
function udp:getoption(name) return self.options[name] or false end
function udp:send(data)
  sync(self)
  local ok, err = self.sock:send(data)
  if not ok then return nil, err end
  return #data
end
function udp:sendto(data, ip, port)
  sync(self)
  local ok, err = self.sock:sendto(ip, tonumber(port), data)
  if not ok then return nil, err end
  return #data
end
-- (timeout 0: a datagram already there, else "timeout" at once, as for TCP above)
local function nothing_yet(self)
  return nonblocking(self) and #self.sock.queue == 0
end
function udp:receive(size)
  if nothing_yet(self) then return nil, "timeout" end
  sync(self)
  return self.sock:receive(size)
end
function udp:receivefrom(size)
  if nothing_yet(self) then return nil, "timeout" end
  sync(self)
  return self.sock:receivefrom(size)
end
function udp:close() return self.sock:close() end

end
