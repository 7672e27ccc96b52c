-- luv's getaddrinfo and getnameinfo, on names every machine resolves (localhost, numeric addresses).
local uv = require("luv")

local function find(list, socktype)
  for _, e in ipairs(list) do if e.socktype == socktype then return e end end
end

-- without a socket type: one entry per type; with a service: its port
local all = assert(uv.getaddrinfo("127.0.0.1"))
expect_eq(#all, 3)
expect_eq(find(all, "stream").protocol, "tcp")
expect_eq(find(all, "dgram").protocol, "udp")
expect_eq(find(all, "stream").addr, "127.0.0.1")
expect_eq(find(all, "stream").family, "inet")
expect_eq(find(all, "stream").port, nil)
local http = assert(uv.getaddrinfo("127.0.0.1", "http", { socktype = "stream" }))
expect_eq(#http, 1)
expect_eq(http[1].port, 80, "a service name from /etc/services")
local numeric = assert(uv.getaddrinfo("127.0.0.1", 8080, { family = "inet", socktype = "stream" }))
expect_eq(numeric[1].port, 8080)
local passive = assert(uv.getaddrinfo(nil, "80", { socktype = "stream", family = "inet", passive = true }))
expect_eq(passive[1].addr, "0.0.0.0")
local loop_default = assert(uv.getaddrinfo(nil, "80", { socktype = "stream", family = "inet" }))
expect_eq(loop_default[1].addr, "127.0.0.1")
local v6 = assert(uv.getaddrinfo("::1", nil, { socktype = "stream" }))
expect_eq(v6[1].family, "inet6")
expect_eq(v6[1].addr, "::1")
local localhost = assert(uv.getaddrinfo("localhost", nil, { family = "inet", socktype = "stream" }))
expect_eq(localhost[1].addr, "127.0.0.1")

-- failures: an unknown name, an unknown service
expect_list({ uv.getaddrinfo("no.such.host.invalid") }, { nil, "EAI_NONAME: unknown node or service", "EAI_NONAME" })
local r, msg, name = uv.getaddrinfo("127.0.0.1", "no-such-service", { socktype = "stream" })
expect_eq(r, nil)
expect_eq(name, "EAI_SERVICE")

-- getnameinfo: the host's name and the port's service
expect_list({ uv.getnameinfo({ ip = "127.0.0.1", port = 80 }) }, { "localhost", "http" })
expect_list({ uv.getnameinfo({ ip = "127.0.0.1" }) }, { "localhost", "0" })

-- asynchronous: the callback runs in the loop with (err, results); the error is the name alone
local got = {}
local req = uv.getaddrinfo("127.0.0.1", nil, { socktype = "dgram" }, function(err, res)
  got[#got + 1] = { err = err, res = res }
end)
expect_eq(uv.req_get_type(req), "getaddrinfo")
uv.getaddrinfo("no.such.host.invalid", nil, nil, function(err, res)
  got[#got + 1] = { err = err, res = res }
end)
uv.getnameinfo({ ip = "127.0.0.1", port = 22 }, function(err, host, service)
  got[#got + 1] = { err = err, res = host .. "/" .. service }
end)
expect_eq(#got, 0)
uv.run()
expect_eq(#got, 3)
local by = {}
for _, g in ipairs(got) do by[type(g.res) == "table" and "list" or g.err and "err" or "name"] = g end
expect_eq(by.list.res[1].socktype, "dgram")
expect_eq(by.err.err, "EAI_NONAME")
expect_eq(by.name.res, "localhost/ssh")
expect_list({ uv.getaddrinfo() }, { nil, "EINVAL: invalid argument", "EINVAL" }, 3, "neither host nor service")
expect_list({ uv.getaddrinfo("", "80") }, { nil, "EINVAL: invalid argument", "EINVAL" }, 3, "an empty host name")
