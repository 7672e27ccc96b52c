-- Timers: seconds at the Lua level, libuv ordering, repeat, again, due time, misuse.
local loop = require("ljuv").new_loop()

-- timers due at the same time fire in start order; earlier due first
local order = {}
for i, ms in ipairs({ 5, 0, 5, 0, 2 }) do
  loop:timer():start(ms / 1000, 0, function(t) order[#order + 1] = i; t:close() end)
end
loop:run()
expect_list(order, { 2, 4, 5, 1, 3 })

-- the callback receives the very handle object
local handle = loop:timer()
local seen
handle:start(0, 0, function(t) seen = t end)
loop:run()
expect_eq(seen, handle)
expect_false(handle:is_active(), "a one-shot timer is inactive after firing")
expect_eq(handle:get_type(), "timer")
expect_eq(handle:get_loop(), loop)

-- repeat, get_repeat, set_repeat, stop from the callback
local n = 0
handle:start(0.001, 0.002, function(t)
  n = n + 1
  expect_eq(t:get_repeat(), 0.002)
  if n == 3 then t:stop() end
end)
expect_eq(handle:get_repeat(), 0.002)
loop:run()
expect_eq(n, 3)
handle:set_repeat(0.0004)
expect_eq(handle:get_repeat(), 0.001, "a non-zero repeat is at least 1 ms")
handle:set_repeat(0)
expect_eq(handle:get_repeat(), 0)
handle:set_repeat(0.0126)
expect_eq(handle:get_repeat(), 0.013, "rounded to the nearest millisecond")

-- again restarts a repeating timer, does nothing for a one-shot one
local again_count = 0
handle:start(1, 0.001, function(t) again_count = again_count + 1; t:stop() end)
expect_true(handle:get_due_in() > 0.9)
handle:again()
expect_true(handle:get_due_in() <= 0.001)
loop:run()
expect_eq(again_count, 1)
local fresh = loop:timer()
expect_error(function() fresh:again() end, "EINVAL")

-- get_due_in: seconds left, 0 once expired
handle:start(0.5, 0, function() end)
expect_true(math.abs(handle:get_due_in() - 0.5) < 0.0011, handle:get_due_in())
handle:stop()

-- timers started and stopped from callbacks
local log = {}
local a, b = loop:timer(), loop:timer()
a:start(0.001, 0, function()
  log[#log + 1] = "a"
  b:stop()
  loop:timer():start(0, 0, function(t) log[#log + 1] = "c"; t:close() end)
end)
b:start(0.003, 0, function() log[#log + 1] = "b" end)
loop:run()
expect_list(log, { "a", "c" })

-- closing a timer from its own callback
local closes = 0
local self_close = loop:timer()
self_close:start(0, 0.001, function(t) closes = closes + 1; t:close(); t:close() end)
loop:run()
expect_eq(closes, 1)
expect_error(function() self_close:start(0, 0, print) end, "attempt to use an invalid/closed handle")
expect_error(function() self_close:is_active() end, "attempt to use an invalid/closed handle")
expect_error(function() self_close:get_repeat() end, "attempt to use an invalid/closed handle")

-- argument checks
local t = loop:timer()
expect_error(function() t:start("soon", 0, print) end, "bad argument #1 to 'start' (number expected, got string)")
expect_error(function() t:start(0, nil, print) end, "bad argument #2 to 'start' (number expected, got nil)")
expect_error(function() t:start(0, 0) end, "bad argument #3 to 'start' (function expected, got no value)")
expect_error(function() t:set_repeat() end, "bad argument #1 to 'set_repeat' (number expected, got no value)")
expect_error(function() t:start(-1, 0, print) end, "EINVAL: invalid argument")
t:close()
expect_true(loop:alive(), "a closing handle keeps the loop alive until the next iteration")
expect_eq(loop:run(), false)
expect_false(loop:alive())
