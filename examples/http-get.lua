-- A small HTTP/1.1 client on ljuv.net cosockets, fetching a page from a local server started here (also
-- written with ljuv.net), in coroutines. Usage: bin/ljuv examples/http-get.lua
local net = require("ljuv.net")
local uv = require("luv")

-- the server: answers every GET with a small page
local server = assert(net.listen("127.0.0.1", 0, function(sock)
  local request = sock:receive("*l")
  if not request then return end
  repeat local header = sock:receive("*l") until header == nil or header == ""
  local body = "<html><body>hello from " .. request:match("^GET (%S+)") .. "</body></html>\n"
  sock:send({ "HTTP/1.1 200 OK\r\n", "Content-Type: text/html\r\n",
    "Content-Length: ", #body, "\r\n", "Connection: close\r\n\r\n", body })
end))
local _, port = server:getsockname()

-- the client: status line, headers, then exactly Content-Length bytes
local function get(host, port, path)
  local sock = net.tcp()
  sock:settimeout(5000)
  assert(sock:connect(host, port))
  sock:send({ "GET ", path, " HTTP/1.1\r\nHost: ", host, "\r\nConnection: close\r\n\r\n" })
  local status = tonumber(sock:receive("*l"):match("^HTTP/1%.%d (%d+)"))
  local headers = {}
  while true do
    local line = assert(sock:receive("*l"))
    if line == "" then break end
    local name, value = line:match("^([^:]+):%s*(.*)$")
    headers[name:lower()] = value
  end
  local body = assert(sock:receive(tonumber(headers["content-length"])))
  sock:close()
  return status, headers, body
end

coroutine.wrap(function()
  local status, headers, body = get("127.0.0.1", port, "/index.html")
  print(status, headers["content-type"])
  io.write(body)
  server:close()
end)()
uv.run()
