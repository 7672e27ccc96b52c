-- Idle, prepare and check handles: libuv's hooks into the loop phases.
local loop = require("ljuv").new_loop()

local log = {}
local idle, prepare, check = loop:idle(), loop:prepare(), loop:check()
expect_eq(idle:get_type(), "idle")
expect_eq(prepare:get_type(), "prepare")
expect_eq(check:get_type(), "check")
prepare:start(function() log[#log + 1] = "prepare" end)
check:start(function() log[#log + 1] = "check" end)
local timer = loop:timer()
-- due 50 ms after a fresh loop time: had it expired before the poll, "once" would block for good, as libuv's
loop:update_time()
timer:start(0.05, 0, function() log[#log + 1] = "timer" end)
loop:run("once") -- prepare, poll (waits for the timer), check, then the due timer
expect_list(log, { "prepare", "check", "timer" })
loop:run("nowait")
expect_list(log, { "prepare", "check", "timer", "prepare", "check" })

-- an active idle handle keeps the poll from blocking: a default run spins until it stops itself
local spins = 0
idle:start(function(h) spins = spins + 1; if spins == 100 then h:stop() end end)
prepare:stop(); check:stop()
expect_eq(loop:run(), false)
expect_eq(spins, 100)
expect_false(idle:is_active())

-- start/stop are idempotent and closing stops
check:start(function() end)
check:start(function() end)
expect_true(loop:alive())
check:close()
expect_eq(loop:run(), false)
expect_false(loop:alive())
expect_error(function() idle:start() end, "bad argument #1 to 'start' (function expected, got no value)")
