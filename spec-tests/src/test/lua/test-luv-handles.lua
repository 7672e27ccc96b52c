-- luv (require "luv"): the loop, the handles that are not streams, and what every handle shares,
-- as luv's docs.md describes them.
local uv = require("luv")
if pcall(require, "ljuv") then expect_eq(require("uv"), uv, "also loadable as uv") end
expect_eq(uv.version_string(), "1.44.2")
expect_eq(uv.version(), 0x012C02)

-- This file also runs on luajit with luv (as a check of the spec itself); ljuv's extensions are checked where
-- ljuv is present.
local has_ljuv, ljuv = pcall(require, "ljuv")

-- luv runs on the state's ljuv loop: ljuv's handles and luv's share one run
local order = {}
if has_ljuv then
  ljuv.loop:timer():start(0.002, 0, function(t) order[#order + 1] = "ljuv" t:close() end)
else
  uv.new_timer():start(2, 0, function() order[#order + 1] = "ljuv" end)
end
local t = uv.new_timer()
expect_eq(t:start(1, 0, function(...)
  expect_eq(select("#", ...), 0, "a luv timer callback gets no arguments")
  order[#order + 1] = "luv"
end), 0)
expect_eq(tostring(t):match("^uv_timer_t: 0x%x+$") ~= nil, true, tostring(t))
expect_eq(uv.run(), false)
expect_list(order, { "luv", "ljuv" })

-- timers: milliseconds, repeat, again, due_in, function and method forms
expect_eq(t:get_repeat(), 0)
local n = 0
uv.timer_start(t, 0, 2, function()
  n = n + 1
  if n == 3 then uv.timer_stop(t) end
end)
expect_eq(uv.timer_get_repeat(t), 2)
expect_true(t:is_active())
uv.run()
expect_eq(n, 3)
expect_false(t:is_active())
t:set_repeat(5)
expect_eq(t:get_repeat(), 5)
expect_true(t:get_due_in() <= 2, "a stopped timer keeps its last due time, as libuv's")
expect_eq(uv.new_timer():get_due_in(), 0)
t:start(1000, 0, function() end)
expect_true(t:get_due_in() > 990 and t:get_due_in() <= 1000, t:get_due_in())
t:stop()
local fresh = uv.new_timer()
local r, msg, name = fresh:again()
expect_eq(r, nil)
expect_eq(msg, "EINVAL: invalid argument")
expect_eq(name, "EINVAL")

-- handle basics: type, ref/unref, close callback, closing state
expect_list({ t:get_type() }, { "timer", 13 })
expect_list({ uv.handle_get_type(t) }, { "timer", 13 })
expect_true(t:has_ref())
t:unref()
expect_false(t:has_ref())
t:start(50, 0, function() error("an unreferenced timer does not keep the loop alive") end)
local started = uv.hrtime()
uv.run()
expect_true(uv.hrtime() - started < 40e6, "the loop ended at once")
t:ref()
t:stop()
local closed = 0
t:close(function(...)
  expect_eq(select("#", ...), 0)
  closed = closed + 1
end)
expect_true(t:is_closing())
expect_false(t:is_active())
expect_error(function() t:close() end, "is already closing")
local r2, msg2 = t:start(1, 0, function() end)
expect_eq(r2, nil)
expect_eq(msg2, "EINVAL: invalid argument")
expect_eq(closed, 0, "the close callback runs in the loop")
uv.run()
expect_eq(closed, 1)

-- argument errors
expect_error(function() uv.timer_start(1, 0, 0, function() end) end, "bad argument #1 to 'timer_start' (uv_timer expected, got number)")
expect_error(function() uv.new_timer():start("x", 0, function() end) end, "number expected, got string")
expect_error(function() uv.new_timer():start(1, 0, 42) end, "function or callable table expected, got number")
-- a callable table is a callback
local called = false
uv.new_timer():start(0, 0, setmetatable({}, { __call = function() called = true end }))
uv.run()
expect_true(called, "callable table")

-- idle, prepare, check: every loop iteration while started, in libuv's phase order
local phases = {}
local idle, prepare, check = uv.new_idle(), uv.new_prepare(), uv.new_check()
idle:start(function() phases[#phases + 1] = "idle" end)
prepare:start(function() phases[#phases + 1] = "prepare" end)
check:start(function()
  phases[#phases + 1] = "check"
  if #phases >= 6 then idle:stop() prepare:stop() uv.check_stop(check) end
end)
uv.run()
expect_list(phases, { "idle", "prepare", "check", "idle", "prepare", "check" })
idle:close() prepare:close() check:close()

-- async: values of the last send before the callback runs; coalesced sends; unsupported values end them
local got = {}
local async = uv.new_async(function(...) got[#got + 1] = { n = select("#", ...), ... } end)
async:send(1, "two", true)
async:send(3, "four", false, nil)
uv.run("nowait")
expect_eq(#got, 1, "sends before the callback ran are coalesced")
expect_list(got[1], { 3, "four", false }, 3)
expect_eq(got[1].n, 4)
async:send(5, {}, 6)
uv.run("nowait")
expect_eq(got[2].n, 1, "a table ends the values")
async:close()

-- walk: every open handle
local walked = {}
local a, b = uv.new_timer(), uv.new_idle()
uv.walk(function(h) walked[h] = true end)
expect_true(walked[a] and walked[b])
a:close()
uv.run("nowait")
uv.walk(function(h) expect_true(h ~= a, "a closed handle is not walked") end)
b:close()
uv.run()

-- run modes, stop, loop_alive, now, update_time
expect_false(uv.loop_alive())
local ticks = 0
local rep = uv.new_timer()
rep:start(0, 1, function()
  ticks = ticks + 1
  if ticks == 2 then uv.stop() end
end)
expect_eq(uv.run(), true, "stopped with handles still active")
expect_eq(ticks, 2)
expect_true(uv.loop_alive())
expect_eq(uv.run("nowait"), true)
rep:close()
expect_eq(uv.run("once"), false)
local before = uv.now()
local t0 = uv.hrtime()
while uv.hrtime() - t0 < 3e6 do end
expect_eq(uv.now(), before, "the loop time is cached")
uv.update_time()
expect_true(uv.now() >= before + 3, "update_time refreshes it")
expect_eq(uv.loop_mode(), nil)
uv.new_timer():start(0, 0, function() expect_eq(uv.loop_mode(), "default") end)
uv.run()
expect_list({ uv.loop_close() }, { nil, "EBUSY: resource busy or locked", "EBUSY" }, 3, "handles are open")

-- a callback's error surfaces through uv.run (not luv's abort) and the loop stays usable
if has_ljuv then
local boom = uv.new_timer()
boom:start(0, 0, function() error("boom in a callback") end)
local ok, err = pcall(uv.run)
expect_false(ok)
expect_true(tostring(err):find("boom in a callback", 1, true) ~= nil, err)
boom:close()
local after = false
uv.new_timer():start(0, 0, function() after = true end)
uv.run()
expect_true(after)
end

-- signals: by name, the callback gets the name
local sig = uv.new_signal()
local seen
sig:start("sigusr1", function(name) seen = name sig:close() end)
os.execute("kill -USR1 " .. uv.os_getpid())
local guard = uv.new_timer()
guard:start(5000, 0, function() sig:close() end)
guard:unref()
uv.run()
expect_eq(seen, "sigusr1")
guard:close()
uv.run()
