-- A TLS echo server with ljuv.net: a coroutine per connection, the certificate and key as PEM files.
-- Usage: bin/ljuv examples/tls-echo-server.lua CERT.pem KEY.pem [PORT]
-- (a test certificate: openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem -days 30 \
--    -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1)
local net = require("ljuv.net")
local uv = require("luv")
local cert, key, port = arg[1], arg[2], tonumber(arg[3]) or 8443
assert(cert and key, "usage: tls-echo-server.lua CERT.pem KEY.pem [PORT]")

local server = assert(net.listen("127.0.0.1", port, { cert = cert, key = key }, function(sock)
  while true do
    local data = sock:receiveany(65536)
    if not data then return end -- closed
    sock:send(data)
  end
end))
print(("TLS echo server on port %d"):format(select(2, server:getsockname())))
io.stdout:flush()
uv.run()
