-- ssl: LuaSec's API (1.3's ssl.newcontext and ssl.wrap, and a wrapped socket's dohandshake, sni, send, receive,
-- settimeout, close, getpeercertificate, info ...) over ljuv.net's TLS (Netty's SslHandler on the JDK's provider),
-- for the LuaSocket sockets of socket.lua: LuaSec's own https.lua (ssl.https, where a system has it, as Debian's
-- lua-sec) and pgmoon's TLS over LuaSocket run on it. A client whose verify is "peer" checks the server's
-- certificate against its cafile (or the JVM's trust store) and, once sni named the server, its name; "none",
-- LuaSec's default, checks nothing; its key and certificate, if any, are its client certificate. A server presents
-- its certificate and key (PEM files) and, with verify "peer", asks clients for theirs (required with
-- "fail_if_no_peer_cert"), verified against its cafile. The JDK's protocols, ciphers and options are used
-- whatever the context asks; not there: capath, ALPN, DANE.
local net = require("ljuv.net")
local uv = require("luv")

local ssl = { _VERSION = "1.3.2 (ljuv)" }

local function list(v) -- an option given as a string or as a table of strings
  if type(v) == "table" then return v end
  return v == nil and {} or { v }
end

-- a file the context names, readable now (LuaSec loads them into the context at once)
local function readable(path, what)
  local f, err = io.open(path, "rb")
  if not f then -- (OpenSSL's reason, as LuaSec tells it)
    local reason = err:match(": ([^:]*)$") or err
    return nil, "error loading " .. what .. " (" .. (reason:find("No such file") and "no such file" or reason) .. ")"
  end
  f:close()
  return true
end

local context_mt = { __index = {} }
context_mt.__tostring = function(c) return "SSL context: " .. tostring(c.id):match("0x%x+") end

local PROTOCOLS = { any = true, sslv23 = true, tlsv1 = true, tlsv1_1 = true, tlsv1_2 = true, tlsv1_3 = true }
local VERIFY = { none = true, peer = true, client_once = true, fail_if_no_peer_cert = true }

function ssl.newcontext(cfg)
  if type(cfg) ~= "table" then
    error("bad argument #1 to 'newcontext' (table expected, got " .. type(cfg) .. ")", 2)
  end
  local protocol = cfg.protocol or "any"
  if not PROTOCOLS[protocol] then return nil, "invalid protocol (" .. tostring(protocol) .. ")" end
  if cfg.mode ~= "client" and cfg.mode ~= "server" then return nil, "invalid mode" end
  local verify, require_peer = false, false
  for _, v in ipairs(list(cfg.verify)) do
    if not VERIFY[v] then return nil, "invalid verify option (" .. tostring(v) .. ")" end
    verify = verify or v == "peer"
    require_peer = require_peer or v == "fail_if_no_peer_cert"
  end
  local ok, err = true, nil
  if cfg.key then ok, err = readable(cfg.key, "private key") end
  if ok and cfg.certificate then ok, err = readable(cfg.certificate, "certificate") end
  if ok and cfg.cafile then ok, err = readable(cfg.cafile, "CA locations") end
  if not ok then return nil, err end
  return setmetatable({ mode = cfg.mode, protocol = protocol, key = cfg.key, certificate = cfg.certificate,
    cafile = cfg.cafile, verify = verify, require_peer = require_peer, id = {} }, context_mt)
end

---- a peer's certificate (LuaSec's x509: pem, digest, getsignaturename, notbefore, notafter, serial)

local x509 = {}
local x509_mt = { __index = x509 }
x509_mt.__tostring = function(c) return "X509 certificate: " .. tostring(c.id):match("0x%x+") end

function x509:pem() return self.session.pem end
function x509:getsignaturename() return self.session.signature end
function x509:notbefore() return self.session.notbefore end
function x509:notafter() return self.session.notafter end
function x509:serial() return self.session.serial end
-- the digest of the certificate's DER bytes, in hex: sha1 (the default), sha256 or sha512, as LuaSec's (luaossl's
-- openssl.x509 computes it)
local DIGESTS = { sha1 = true, sha256 = true, sha512 = true }
function x509:digest(name)
  name = name or "sha1"
  if not DIGESTS[name] then return nil, "digest algorithm not supported (" .. tostring(name) .. ")" end
  return require("openssl.x509").new(self.session.pem):digest(name, "x")
end

---- a wrapped socket

local conn = {} -- the methods (LuaSec's https.lua copies them out of the metatable's __index)
local conn_mt = { __index = conn }
conn_mt.__tostring = function(s) return "SSL connection: " .. tostring(s.id):match("0x%x+") end

-- LuaSec takes over the socket's descriptor, which leaves the socket given to wrap without one: here the wrapped
-- socket takes the connection, and the socket given to wrap is closed without closing it.
function ssl.wrap(sock, cfg)
  if type(cfg) ~= "table" then
    error("bad argument #2 to 'wrap' (table expected, got " .. type(cfg) .. ")", 2)
  end
  local ctx, err = cfg, nil
  if getmetatable(cfg) ~= context_mt then
    ctx, err = ssl.newcontext(cfg)
    if not ctx then return nil, err end
  end
  if type(sock) ~= "table" or type(sock.sock) ~= "table" or sock.kind ~= "client" then
    return nil, "closed"
  end
  local own = setmetatable({}, getmetatable(sock))
  for k, v in pairs(sock) do own[k] = v end
  sock.kind, sock.sock = "closed", nil
  return setmetatable({ tcp = own, ctx = ctx, id = {} }, conn_mt)
end

local function handshake(self)
  local t, ctx = self.tcp, self.ctx
  if ctx.mode == "server" then
    if not (ctx.key and ctx.certificate) then return nil, "no certificate or key for a server" end
    return t.sock:sslhandshake(nil, nil, nil, { server = true, cert = ctx.certificate, key = ctx.key,
      ca = ctx.cafile, verify_peer = ctx.verify and (ctx.require_peer and "require" or "optional") or nil })
  end
  return t.sock:sslhandshake(nil, self.sniname, ctx.verify, { ca = ctx.cafile, cert = ctx.certificate,
    key = ctx.key })
end

-- true once the handshake is done, or false and why ("certificate verify failed", "closed", "timeout": OpenSSL's
-- reason, its details in getpeerverification; a handshake that timed out has closed the connection, where LuaSec's
-- answers "wantread" and keeps it); with a timeout of 0 (LuaSocket's non-blocking mode, as copas uses it) the
-- handshake goes on in the background, "wantread" until it is done
local function failed(self, err)
  self.verify_error = err:match("^certificate verify failed: (.*)$")
  return false, self.verify_error and "certificate verify failed" or err
end

function conn:dohandshake()
  if self.done then return true end
  local t = self.tcp
  if t.kind ~= "client" or not t.sock then return false, "closed" end
  if t.timeout ~= 0 then
    local ok, err = handshake(self)
    if not ok then return failed(self, err) end
    self.done = true
    return true
  end
  if not self.pending then
    self.pending = true
    coroutine.wrap(function()
      t.sock:settimeout(0) -- (no timer: the caller's polls give up when they will)
      local ok, err = handshake(self)
      if t.sock then t.sock:settimeout(1) end
      -- (handshaken: socket.select tells the socket readable, so that a scheduler waiting for it asks again)
      self.pending, self.result, self.handshaken = false, { ok, err }, true
    end)()
  end
  if self.pending then
    if not uv.loop_mode() then uv.run("nowait") end
    if self.pending then return nil, "wantread" end
  end
  local r = self.result
  self.result, self.handshaken = nil, nil
  if not r[1] then return failed(self, r[2]) end
  self.done = true
  return true
end

-- the server's name a client sends (SNI) and verifies its certificate against; a server's table of names to
-- contexts is taken and not used (the context given to wrap answers every name)
function conn:sni(name)
  if type(name) == "string" then self.sniname = name end
end

function conn:send(data, i, j)
  if not self.done then return nil, "closed", 0 end
  return self.tcp:send(data, i, j)
end

function conn:receive(pattern, prefix)
  if not self.done then return nil, "closed", prefix or "" end
  return self.tcp:receive(pattern, prefix)
end

function conn:settimeout(value, mode) return self.tcp:settimeout(value, mode) end
function conn:close() self.tcp:close() end
function conn:getpeername() return self.tcp:getpeername() end
function conn:getsockname() return self.tcp:getsockname() end
function conn:dirty() return self.tcp:dirty() end
function conn:getfd() return self.tcp:getfd() end
function conn:setfd() end
function conn:getstats() return self.tcp:getstats() end
function conn:setstats(...) return self.tcp:setstats(...) end
function conn:want() return self.pending and "read" or "nothing" end

-- the session's protocol and cipher (the standard's names: "TLSv1.3", "TLS_AES_256_GCM_SHA384"), or one of them
function conn:info(field)
  local s = self.done and self.tcp.sock and net._tls_session(self.tcp.sock)
  if not s then return nil end
  local info = { protocol = s.protocol, cipher = s.cipher }
  if field then return info[field] end
  return info
end

-- the peer's certificate (n = 1, the one it presented; the rest of its chain is not kept), or nil
function conn:getpeercertificate(n)
  if n ~= nil and n ~= 1 then return nil end
  local s = self.done and self.tcp.sock and net._tls_session(self.tcp.sock)
  if not s or not s.pem then return nil end
  return setmetatable({ session = s, id = {} }, x509_mt)
end

function conn:getpeerchain()
  local c = self:getpeercertificate()
  if not c then return nil end
  return { c }
end

-- whether the peer's certificate was verified, or false and why; a handshake told not to verify has not
function conn:getpeerverification()
  if self.verify_error then return false, self.verify_error end
  if not self.done then return false, "closed" end
  if self.ctx.mode == "client" and self.ctx.verify then return true end
  return false, "not verified"
end

function ssl.loadcertificate()
  return nil, "not supported (certificates are the peer's, from getpeercertificate)"
end

return ssl
