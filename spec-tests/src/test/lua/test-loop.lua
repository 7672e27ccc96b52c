-- The loop: run modes, alive, stop, now/update_time, many loops, misuse.
local ljuv = require("ljuv")
local loop = ljuv.loop
expect_eq(ljuv.loop, loop, "the default loop is created once")
expect_eq(type(ljuv.transport), "string")

-- an empty loop: run returns false at once
expect_eq(loop:run(), false)
expect_eq(loop:run("once"), false)
expect_eq(loop:run("nowait"), false)
expect_false(loop:alive())

-- invalid modes
expect_error(function() loop:run("forever") end, 'invalid mode "forever"')
expect_error(function() loop:run(42) end, 'invalid mode "42"')

-- now / update_time: seconds, millisecond resolution, cached until updated
local t0 = loop:now()
expect_eq(type(t0), "number")
expect_eq(loop:now(), t0)
local deadline = os.clock() + 0.05
while os.clock() < deadline do end
loop:update_time()
expect_true(loop:now() > t0, "update_time refreshes the cached time")
-- whole milliseconds, up to the rounding of dividing by 1000 (the clock's origin is arbitrary, its values large)
local ms = loop:now() * 1000
expect_true(math.abs(ms - math.floor(ms + 0.5)) < 1e-3, "millisecond resolution")

-- nowait never blocks; once blocks for one iteration; default runs until no active handle
local timer = loop:timer()
loop:update_time() -- a timer counts from the loop's cached time, which lines above may have left behind
timer:start(0.02, 0, function() end)
expect_true(loop:alive())
expect_eq(loop:run("nowait"), true)
expect_true(timer:is_active())
local before = loop:now()
expect_eq(loop:run("once"), false, "the timer fired in the once iteration")
expect_true(loop:now() - before >= 0.015, "once waited for the timer")
timer:close()
expect_eq(loop:run(), false)

-- stop from a callback makes run return early with work left
local ticks = 0
local rep = loop:timer()
rep:start(0.001, 0.001, function(t)
  ticks = ticks + 1
  if ticks == 3 then loop:stop() end
end)
expect_eq(loop:run(), true, "stopped with an active timer")
expect_eq(ticks, 3)
rep:close()
expect_eq(loop:run(), false)

-- stop before run: the next run returns without iterating
local fired = false
local t2 = loop:timer()
t2:start(0, 0, function() fired = true end)
loop:stop()
expect_eq(loop:run(), true)
expect_false(fired)
expect_eq(loop:run(), false)
expect_true(fired)

-- many independent loops
local loops, count = {}, 0
for i = 1, 50 do
  local l = ljuv.new_loop()
  loops[i] = l
  l:timer():start(0.001 * (i % 5), 0, function(t) count = count + 1; t:close() end)
end
for i = 1, 50 do expect_eq(loops[i]:run(), false) end
expect_eq(count, 50)
expect_true(loops[1] ~= loops[2])

-- a loop cannot run from inside its own callback
local inner_err
local t3 = loop:timer()
t3:start(0, 0, function() inner_err = select(2, pcall(loop.run, loop)) end)
loop:run()
expect_true(tostring(inner_err):find("inside a callback", 1, true), inner_err)

-- misuse of methods
expect_error(function() loop.run({}) end, "calling 'run' on bad self")
expect_error(function() loop:timer().start(loop, 1, 0, print) end, "calling 'start' on bad self (timer expected")

-- ljuv.assert: libuv's messages, no position
expect_eq(ljuv.assert(0), nil)
expect_eq(ljuv.assert(5), nil)
expect_eq(select(2, pcall(ljuv.assert, -22)), "invalid argument")
expect_eq(select(2, pcall(ljuv.assert, -111)), "connection refused")
expect_eq(select(2, pcall(ljuv.assert, -2)), "no such file or directory")

-- handles of one loop are distinct values: unequal, and distinct keys of a table
do
  local l = require("ljuv").new_loop()
  local a, b, c = l:timer(), l:timer(), l:idle()
  expect_false(a == b)
  expect_false(rawequal(a, b))
  expect_true(a == a)
  local keys = {}
  keys[a], keys[b], keys[c] = 1, 2, 3
  expect_list({ keys[a], keys[b], keys[c] }, { 1, 2, 3 })
  a:close() b:close() c:close()
end
