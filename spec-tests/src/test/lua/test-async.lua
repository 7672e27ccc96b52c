-- Async handles: coalescing, re-sending from the callback, closing.
local loop = require("ljuv").new_loop()

local calls, got = 0, nil
local async = loop:async(function(a) calls = calls + 1; got = a end)
expect_eq(async:get_type(), "async")
expect_true(async:is_active(), "an async is active from creation")
expect_true(loop:alive(), "an async keeps the loop alive")

-- several sends before the loop runs coalesce into one call
for _ = 1, 100 do async:send() end
expect_eq(loop:run("nowait"), true)
expect_eq(calls, 1)
expect_eq(got, async)
expect_eq(loop:run("nowait"), true)
expect_eq(calls, 1, "no send, no call")

-- a send from inside the callback runs it again on the next iteration, not the same one
local k = 0
local chain = loop:async(function(a) k = k + 1; if k < 3 then a:send() end end)
chain:send()
loop:run("once")
expect_eq(k, 1)
loop:run("nowait")
expect_eq(k, 2)
loop:run("nowait")
expect_eq(k, 3)
chain:close()

-- closing from its own callback; a closed async is invalid
local closer = loop:async(function(a) a:close() end)
closer:send()
loop:run("nowait")
expect_error(function() closer:send() end, "attempt to use an invalid/closed handle")

-- a pending async does not make a default run block
async:send()
async:close()
expect_eq(loop:run(), false)
expect_eq(calls, 1, "a closed async's pending send is dropped")

-- argument check
expect_error(function() loop:async() end, "bad argument #1 to 'async' (function expected, got no value)")

-- a loop that waits for a timer with no channel to poll (its thread parks) is woken at once by work from another
-- thread, not when the timer is due
do
  local l = require("ljuv").new_loop()
  local long = l:timer()
  long:start(10, 0, function() end)
  l:update_time()
  local t0, woke = l:now(), nil
  l:thread(function() return 1 end, function() woke = l:now() long:close() end)
  l:run()
  expect_true(woke ~= nil and woke - t0 < 3, "the thread's result came " .. tostring(woke and woke - t0) .. " s in")
end
