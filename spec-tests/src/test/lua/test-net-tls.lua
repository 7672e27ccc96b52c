-- ljuv.net over TLS, with certificates made here by openssl: a CA, a server certificate it signed, an
-- expired one, and an untrusted self-signed one.
local net = require("ljuv.net")
local uv = require("luv")

local dir = assert(uv.fs_mkdtemp(uv.os_tmpdir() .. "/nettls-XXXXXX"))
local function sh(cmd)
  local ok = os.execute("cd '" .. dir .. "' && " .. cmd .. " >/dev/null 2>&1")
  assert(ok == 0 or ok == true, "failed: " .. cmd)
end
local function write(name, text)
  local f = assert(io.open(dir .. "/" .. name, "w")) f:write(text) f:close()
end
sh("openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 30 -subj /CN=SpecCA")
sh("openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj /CN=localhost")
write("ext.cnf", "subjectAltName=DNS:localhost,IP:127.0.0.1\n")
sh("openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 30 -extfile ext.cnf")
write("ca.cnf", table.concat({ "[ ca ]", "default_ca = d", "[ d ]", "dir = .", "database = index.txt",
  "new_certs_dir = .", "serial = serial", "default_md = sha256", "policy = p", "copy_extensions = copy",
  "[ p ]", "commonName = supplied", "" }, "\n"))
write("index.txt", "")
write("serial", "1000\n")
sh("openssl ca -batch -config ca.cnf -cert ca.pem -keyfile ca.key -in server.csr -out expired.pem "
  .. "-startdate 20200101000000Z -enddate 20200102000000Z -extfile ext.cnf")
local ca, cert, key, expired = dir .. "/ca.pem", dir .. "/server.pem", dir .. "/server.key", dir .. "/expired.pem"

local function echo_server(certificate)
  local server = assert(net.listen("127.0.0.1", 0, { cert = certificate, key = key }, function(sock)
    while true do
      local data = sock:receiveany(65536)
      if not data then return end
      sock:send(data)
    end
  end))
  local _, port = server:getsockname()
  return server, port
end

local function client(port)
  local s = net.tcp()
  s:settimeout(5000)
  assert(s:connect("127.0.0.1", port))
  return s
end

-- a verified handshake, then data both ways (small and 1 MiB)
do
  local server, port = echo_server(cert)
  local s = client(port)
  expect_eq(s:sslhandshake(nil, "localhost", true, { ca = ca }), true)
  expect_eq(s:send("over tls\n"), 9)
  expect_eq(s:receive(), "over tls")
  local big = ("0123456789abcdef"):rep(65536)
  expect_eq(s:send(big), #big)
  expect_eq(s:receive(#big) == big, true, "1 MiB arrives whole")
  s:close()
  -- the IP address is in the certificate too
  local s2 = client(port)
  expect_eq(s2:sslhandshake(nil, "127.0.0.1", true, { ca = ca }), true)
  s2:close()
  server:close()
  uv.run()
end

-- verification failures: an unknown CA (the JVM's trust store), a wrong name, an expired certificate
do
  local server, port = echo_server(cert)
  expect_list({ client(port):sslhandshake(nil, "localhost") },
    { nil, "certificate verify failed: unable to get local issuer certificate" })
  expect_list({ client(port):sslhandshake(nil, "example.com", true, { ca = ca }) },
    { nil, "certificate verify failed: hostname mismatch" })
  -- without a server name the chain alone is verified, as OpenResty's cosockets do
  local chain = client(port)
  expect_eq(chain:sslhandshake(nil, nil, true, { ca = ca }), true, "a trusted chain, no name to check")
  chain:close()
  expect_list({ client(port):sslhandshake(nil, nil, true) },
    { nil, "certificate verify failed: unable to get local issuer certificate" })
  local s = client(port)
  expect_eq(s:sslhandshake(nil, "anything", false), true, "verify = false skips the checks")
  s:send("unverified\n")
  expect_eq(s:receive(), "unverified")
  s:close()
  server:close()
  local old, old_port = echo_server(expired)
  expect_list({ client(old_port):sslhandshake(nil, "localhost", true, { ca = ca }) },
    { nil, "certificate verify failed: certificate has expired" })
  old:close()
  uv.run()
end

-- a server's bad certificate or key is refused when it starts listening; plain text to a TLS server fails
do
  expect_list({ net.listen("127.0.0.1", 0, { cert = dir .. "/none.pem", key = key }, function() end) },
    { nil, "bad certificate or key file: no such file" })
  expect_list({ net.listen("127.0.0.1", 0, { cert = key, key = key }, function() end) },
    { nil, "bad certificate or key file: no certificate found" })
  local server, port = echo_server(cert)
  local s = client(port)
  s:settimeout(2000)
  s:send("GET / HTTP/1.0\r\n\r\n")
  local r, err = s:receive()
  expect_eq(r, nil, "no echo in clear text")
  s:close()
  server:close()
  uv.run()
end

-- in coroutines: many TLS clients at once
do
  local server, port = echo_server(cert)
  local done = 0
  for i = 1, 8 do
    coroutine.wrap(function()
      local s = client(port)
      assert(s:sslhandshake(nil, "localhost", true, { ca = ca }))
      for j = 1, 3 do
        s:send(("%d-%d\n"):format(i, j))
        expect_eq(s:receive(), ("%d-%d"):format(i, j))
      end
      s:close()
      done = done + 1
      if done == 8 then server:close() end
    end)()
  end
  uv.run()
  expect_eq(done, 8)
end

for name in function(s) return uv.fs_scandir_next(s) end, uv.fs_scandir(dir) do uv.fs_unlink(dir .. "/" .. name) end
uv.fs_rmdir(dir)
