-- Signals: POSIX numbers (Linux numbering), delivered on the loop; a signal sent to the process itself.
local loop = require("ljuv").new_loop()
local SIGUSR1, SIGWINCH = 10, 28

local got = {}
local sig = loop:signal()
expect_eq(sig:get_type(), "signal")
sig:start(SIGUSR1, function(s, signum) got[#got + 1] = signum; expect_eq(s, sig) end)
expect_true(sig:is_active())

local guard = loop:timer()
guard:start(5, 0, function() loop:stop() end)
expect_eq(os.execute("kill -USR1 $PPID"), 0)
while #got == 0 and loop:run("once") do end
expect_list(got, { SIGUSR1 })
expect_true(sig:is_active(), "start keeps watching")

-- oneshot: stops at the first arrival
local once = 0
local one = loop:signal()
one:start_oneshot(SIGWINCH, function() once = once + 1 end)
os.execute("kill -WINCH $PPID")
while once == 0 and loop:run("once") do end
expect_eq(once, 1)
expect_false(one:is_active())

sig:stop()
expect_false(sig:is_active())
guard:close(); sig:close(); one:close()
expect_eq(loop:run(), false)

-- a signal the JVM reserves, and an unknown number, give clear errors
expect_error(function() loop:signal():start(3, print) end, "reserved by the JVM")
expect_error(function() loop:signal():start(99, print) end, "unknown signal number 99")
expect_error(function() loop:signal():start("x", print) end, "bad argument #1 to 'start' (number expected, got string)")

-- an error in a signal callback is deferred to loop:run like any other
local l2 = require("ljuv").new_loop()
local s2 = l2:signal()
s2:start_oneshot(SIGUSR1, function(h) h:close(); error("signal boom", 0) end)
local guard2 = l2:timer()
guard2:start(5, 0, function(t) t:close() end)
os.execute("kill -USR1 $PPID")
local ok, err = pcall(function() while l2:run("once") do end end)
expect_false(ok)
expect_true(tostring(err):find("^signal boom"), err)
guard2:close()
expect_eq(l2:run(), false)
