-- ljuv.net's UDP cosockets (OpenResty's ngx.socket.udp) on the ljuv loop.
local net = require("ljuv.net")
local uv = require("luv")

-- UDP cosockets
do
  local server = net.udp()
  local srv = uv.new_udp()
  srv:bind("127.0.0.1", 0)
  local port = srv:getsockname().port
  srv:recv_start(function(err, data, addr)
    if data then srv:send(data:upper(), addr.ip, addr.port) end
  end)
  local u = net.udp()
  u:settimeout(2000)
  expect_eq(u:setpeername("127.0.0.1", port), 1)
  expect_eq(u:send("ping"), 1)
  expect_eq(u:receive(), "PING")
  expect_eq(u:sendto("127.0.0.1", port, { "ta", "ble" }), 1)
  local data, ip, from_port = u:receivefrom()
  expect_eq(data, "TABLE")
  expect_eq(ip, "127.0.0.1")
  expect_eq(from_port, port)
  u:settimeout(20)
  expect_list({ u:receive() }, { nil, "timeout" })
  expect_eq(u:close(), 1)
  expect_list({ u:receive() }, { nil, "closed" })
  srv:close()
  server:close()
  uv.run()
end
