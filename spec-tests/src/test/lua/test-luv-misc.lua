-- luv's miscellaneous utilities: what each returns, as luv's docs say (values depend on the machine).
local uv = require("luv")

expect_eq(type(uv.cwd()), "string")
expect_eq(uv.getpid(), uv.os_getpid())
expect_eq(type(uv.os_getppid()), "number")
expect_eq(type(uv.os_homedir()), "string")
expect_eq(type(uv.os_tmpdir()), "string")
expect_eq(type(uv.exepath()), "string")
expect_eq(type(uv.getuid()), "number")
expect_eq(type(uv.getgid()), "number")
local pw = uv.os_get_passwd()
expect_eq(type(pw.username), "string")
expect_eq(pw.uid, uv.getuid())
expect_eq(type(uv.os_gethostname()), "string")
local un = uv.os_uname()
expect_eq(type(un.sysname), "string")
expect_eq(type(un.release), "string")
expect_eq(type(un.machine), "string")

-- memory, time, load
expect_true(uv.get_total_memory() > 0)
expect_true(uv.get_free_memory() <= uv.get_total_memory())
expect_true(uv.resident_set_memory() > 0)
expect_true(uv.uptime() > 0)
local t1 = uv.hrtime()
expect_true(uv.hrtime() >= t1)
local sec, usec = uv.gettimeofday()
expect_true(math.abs(sec - os.time()) <= 2)
expect_true(usec >= 0 and usec < 1e6)
expect_eq(select("#", uv.loadavg()), 3)
local ru = uv.getrusage()
expect_eq(type(ru.utime.sec), "number")
expect_eq(type(ru.maxrss), "number")

-- processors and network interfaces
expect_true(uv.available_parallelism() >= 1)
local cpus = uv.cpu_info()
expect_true(#cpus >= 1)
expect_eq(type(cpus[1].model), "string")
expect_eq(type(cpus[1].speed), "number")
expect_eq(type(cpus[1].times.user), "number")
local lo = uv.interface_addresses().lo
expect_true(lo ~= nil, "the loopback interface")
expect_eq(lo[1].ip, "127.0.0.1", "IPv4 first, as getifaddrs")
expect_eq(lo[1].family, "inet")
expect_eq(lo[1].internal, true)
expect_eq(lo[1].netmask, "255.0.0.0")

-- the environment as luv sees it
expect_eq(uv.os_setenv("LUV_MISC_SPEC", "v1"), true)
expect_eq(uv.os_getenv("LUV_MISC_SPEC"), "v1")
expect_eq(uv.os_environ().LUV_MISC_SPEC, "v1")
expect_eq(uv.os_unsetenv("LUV_MISC_SPEC"), true)
expect_list({ uv.os_getenv("LUV_MISC_SPEC") }, { nil, "ENOENT: no such file or directory", "ENOENT" })

-- random bytes, synchronous and with a callback; errors by number
expect_eq(#uv.random(16), 16)
local got
uv.random(8, {}, function(err, bytes) got = { err, #bytes } end)
expect_eq(got, nil, "the callback runs in the loop")
uv.run()
expect_list(got, { nil, 8 }, 2)
expect_eq(select(3, uv.random(0, -1)), "EINVAL", "flags other than 0")
expect_eq(select(3, uv.random(-1)), "E2BIG")
expect_eq(#uv.random(4, 0), 4)
-- uv.errno (luv 1.45): libuv's error names and negative numbers (luv 1.44 has none: only checked where there)
if uv.errno then
  expect_eq(uv.errno.ECONNREFUSED, -111)
  for name, code in pairs(uv.errno) do expect_true(code < 0 and name:match("^E"), name) end
end
expect_list({ uv.translate_sys_error(111) }, { "ECONNREFUSED: connection refused", "ECONNREFUSED" })
local slept = uv.hrtime()
uv.sleep(10)
expect_true(uv.hrtime() - slept >= 9e6)
