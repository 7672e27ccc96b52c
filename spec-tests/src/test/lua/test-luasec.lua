-- LuaSec's API (require "ssl") over this runtime's TLS, for LuaSocket's sockets: a verified client, what it tells
-- of the session and of the server's certificate (against openssl's own reading of it), verification failures,
-- a server wrapping an accepted socket, client certificates, the non-blocking handshake copas drives, and LuaSec's own https.lua where
-- the system has it (Debian's lua-sec). Certificates are made here by openssl; the servers are ljuv.net's.
local socket = require("socket")
local ssl = require("ssl")
local net = require("ljuv.net")
local uv = require("luv")

local dir = assert(uv.fs_mkdtemp(uv.os_tmpdir() .. "/luasec-XXXXXX"))
local function sh(cmd)
  local p = assert(io.popen("cd '" .. dir .. "' && " .. cmd .. " 2>/dev/null"))
  local out = p:read("*a")
  p:close()
  return out
end
sh("openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 30 -subj /CN=SpecCA")
sh("openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj /CN=localhost")
sh("printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\\n' > ext.cnf")
sh("openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 30 -extfile ext.cnf")
sh("openssl req -newkey rsa:2048 -nodes -keyout client.key -out client.csr -subj /CN=specclient")
sh("openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out client.pem -days 30")
local ca, cert, key = dir .. "/ca.pem", dir .. "/server.pem", dir .. "/server.key"
local client_cert, client_key = dir .. "/client.pem", dir .. "/client.key"
assert(io.open(cert), "openssl made no certificate")

-- a line echo server over TLS; GET answers as HTTP does
local server = assert(net.listen("127.0.0.1", 0, { cert = cert, key = key }, function(sock)
  while true do
    local line = sock:receive("*l")
    if not line then return end
    if line:match("^GET ") then
      repeat local h = sock:receive("*l") until h == "" or not h
      sock:send("HTTP/1.1 200 OK\r\nContent-Length: 11\r\nConnection: close\r\n\r\nhello https")
      return
    end
    sock:send(line .. "\n")
  end
end))
local _, port = server:getsockname()

local function wrapped(params, sni)
  local c = assert(socket.connect("127.0.0.1", port))
  c:settimeout(5)
  local s = assert(ssl.wrap(c, params))
  if sni then s:sni(sni) end
  return s, c
end

-- a client that verifies the server against its CA and name, then lines both ways
do
  local s, plain = wrapped({ mode = "client", protocol = "any", verify = "peer", cafile = ca }, "localhost")
  expect_list({ s:send("early") }, { nil, "closed", 0 }, 3, "nothing goes before the handshake")
  expect_eq(s:dohandshake(), true)
  expect_eq(s:dohandshake(), true, "once done, done")
  expect_list({ plain:send("x") }, { nil, "closed", 0 }, 3, "the socket given to wrap has no connection left")
  expect_eq(s:send("over tls\n"), 9)
  expect_eq(s:receive("*l"), "over tls")
  expect_eq(s:info("protocol"):match("^TLSv1%.[23]$") ~= nil, true, s:info("protocol"))
  expect_eq(type(s:info().cipher), "string")
  expect_eq(s:getpeerverification(), true)
  local c = s:getpeercertificate()
  local file = assert(io.open(cert)):read("*a")
  expect_eq(c:pem(), file, "the certificate as the server's PEM file has it")
  local fingerprint = sh("openssl x509 -in server.pem -noout -fingerprint -sha256"):match("=([%x:]+)")
  expect_eq(c:digest("sha256"), fingerprint:gsub(":", ""):lower())
  expect_eq(#c:digest(), 40, "sha1 by default")
  expect_list({ c:digest("md5") }, { nil, "digest algorithm not supported (md5)" })
  expect_eq(c:serial(), sh("openssl x509 -in server.pem -noout -serial"):match("=(%x+)"))
  expect_eq(c:notafter(), sh("openssl x509 -in server.pem -noout -enddate"):match("=([^\n]+)"))
  expect_eq(c:getsignaturename(), "RSA-SHA256")
  s:close()
end

-- verification failures: an unknown CA, a name the certificate does not hold; verify "none" checks nothing
do
  local s = wrapped({ mode = "client", protocol = "any", verify = "peer" }, "localhost")
  expect_list({ s:dohandshake() }, { false, "certificate verify failed" })
  expect_list({ s:getpeerverification() }, { false, "unable to get local issuer certificate" })
  local named = wrapped({ mode = "client", protocol = "any", verify = { "peer", "fail_if_no_peer_cert" }, cafile = ca },
    "example.com")
  expect_list({ named:dohandshake() }, { false, "certificate verify failed" })
  expect_list({ named:getpeerverification() }, { false, "hostname mismatch" })
  local blind = wrapped({ mode = "client", protocol = "any", verify = "none" })
  expect_eq(blind:dohandshake(), true)
  expect_eq(blind:send("unverified\n"), 11)
  expect_eq(blind:receive("*l"), "unverified")
  expect_eq((blind:getpeerverification()), false)
  blind:close()
end

-- contexts: LuaSec's refusals
do
  expect_list({ ssl.newcontext({ mode = "client", protocol = "sslv9" }) }, { nil, "invalid protocol (sslv9)" })
  expect_list({ ssl.newcontext({ mode = "neither", protocol = "any" }) }, { nil, "invalid mode" })
  expect_list({ ssl.newcontext({ mode = "client", protocol = "any", verify = "sometimes" }) },
    { nil, "invalid verify option (sometimes)" })
  expect_list({ ssl.newcontext({ mode = "server", protocol = "any", key = dir .. "/none.key", certificate = cert }) },
    { nil, "error loading private key (no such file)" })
  local ctx = assert(ssl.newcontext({ mode = "client", protocol = "tlsv1_2", verify = "peer", cafile = ca }))
  expect_eq(tostring(ctx):match("^SSL context: ") ~= nil, true)
  local s = wrapped(ctx, "localhost")
  expect_eq(s:dohandshake(), true, "a context made once, for many sockets")
  s:close()
  expect_error(function() ssl.newcontext("client") end, "bad argument #1 to 'newcontext' (table expected, got string)")
  expect_error(function() ssl.wrap(socket.tcp(), "client") end, "bad argument #2 to 'wrap' (table expected, got string)")
  expect_list({ ssl.wrap(socket.tcp(), { mode = "client", protocol = "any" }) }, { nil, "closed" },
    2, "a socket that is not connected")
end

-- a server: a LuaSocket server's accepted socket wrapped with the server's certificate and key
do
  local listener = assert(socket.bind("127.0.0.1", 0))
  local _, lport = listener:getsockname()
  local served
  coroutine.wrap(function()
    local c = assert(listener:accept())
    c:settimeout(5)
    local s = assert(ssl.wrap(c, { mode = "server", protocol = "any", certificate = cert, key = key }))
    assert(s:dohandshake())
    served = s:receive("*l")
    s:send("served: " .. served .. "\n")
    s:close()
  end)()
  local client = net.tcp()
  client:settimeout(5000)
  assert(client:connect("127.0.0.1", lport))
  expect_eq(client:sslhandshake(nil, "localhost", true, { ca = ca }), true)
  client:send("ping\n")
  expect_eq(client:receive("*l"), "served: ping")
  expect_eq(served, "ping")
  client:close()
  listener:close()
end

-- mutual TLS: a server that requires a client certificate (verify peer, fail_if_no_peer_cert) against its CA;
-- a client that presents one (its context's key and certificate), and one that does not
do
  local listener = assert(socket.bind("127.0.0.1", 0))
  local _, lport = listener:getsockname()
  local server_ctx = assert(ssl.newcontext({ mode = "server", protocol = "any", certificate = cert, key = key,
    cafile = ca, verify = { "peer", "fail_if_no_peer_cert" } }))
  local outcomes = {}
  coroutine.wrap(function()
    for i = 1, 2 do
      local c = assert(listener:accept())
      c:settimeout(5)
      local s = assert(ssl.wrap(c, server_ctx))
      local ok, err = s:dohandshake()
      if ok then
        local peer = s:getpeercertificate()
        outcomes[i] = "verified " .. tostring(peer and peer:pem() == assert(io.open(client_cert)):read("*a"))
        s:send("hello, client\n")
      else
        outcomes[i] = "refused"
      end
      s:close()
    end
  end)()
  local with = assert(socket.connect("127.0.0.1", lport))
  with:settimeout(5)
  local sw = assert(ssl.wrap(with, { mode = "client", protocol = "any", verify = "peer", cafile = ca,
    certificate = client_cert, key = client_key }))
  sw:sni("localhost")
  expect_eq(sw:dohandshake(), true)
  expect_eq(sw:receive("*l"), "hello, client")
  sw:close()
  local without = assert(socket.connect("127.0.0.1", lport))
  without:settimeout(5)
  local so = assert(ssl.wrap(without, { mode = "client", protocol = "any", verify = "peer", cafile = ca }))
  so:sni("localhost")
  -- (TLS 1.3: the client may finish its handshake before the server refuses it; its read fails then)
  local got = so:dohandshake() and so:receive("*l")
  expect_true(not got, "no session without a client certificate")
  so:close()
  for _ = 1, 100 do if outcomes[2] then break end socket.sleep(0.01) end
  expect_list(outcomes, { "verified true", "refused" }, 2)
  listener:close()
end

-- non-blocking (timeout 0, as copas runs it): "wantread" until the handshake is done, select waking its waiter
-- then; data as usual afterwards
do
  local s = wrapped({ mode = "client", protocol = "any", verify = "peer", cafile = ca }, "localhost")
  s:settimeout(0)
  local wants, ok, err = 0, nil, nil
  for _ = 1, 5000 do
    ok, err = s:dohandshake()
    if ok then break end
    expect_eq(err, "wantread")
    wants = wants + 1
    -- the scheduler's wait: select tells the socket readable once its handshake has ended (copas asks again then)
    local readable, _, serr = socket.select({ s }, nil, 5)
    expect_eq(readable[1], s, serr)
  end
  expect_eq(ok, true)
  expect_eq(wants > 0, true, "the handshake waited for the server")
  s:settimeout(5)
  s:send("after\n")
  expect_eq(s:receive("*l"), "after")
  s:close()
end

-- LuaSec's own https.lua (socket.http over ssl.wrap), where the system has it
if pcall(require, "ssl.https") then
  local https = require("ssl.https")
  local body, code = https.request("https://127.0.0.1:" .. port .. "/")
  expect_eq(body, "hello https")
  expect_eq(code, 200)
  local parts = {}
  local one, vcode = https.request({ url = "https://localhost:" .. port .. "/", verify = "peer", cafile = ca,
    sink = require("ltn12").sink.table(parts) })
  expect_eq(one, 1)
  expect_eq(vcode, 200)
  expect_eq(table.concat(parts), "hello https")
end

server:close()
for _, f in ipairs({ "ca.key", "ca.pem", "ca.srl", "server.key", "server.csr", "server.pem", "ext.cnf", "client.key",
    "client.csr", "client.pem" }) do
  os.remove(dir .. "/" .. f)
end
uv.fs_rmdir(dir)
