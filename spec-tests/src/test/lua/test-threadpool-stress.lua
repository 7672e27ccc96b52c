-- Stress (bounded): a pool of 4 workers over 100k calls from 50 coroutines while a producer thread floods a
-- channel; every message and result arrives exactly once and in order per producer.
local ljuv = require("ljuv")
local loop = ljuv.new_loop()
local CALLS, COROUTINES, MESSAGES = 100000, 50, 200000

local pool = loop:threadpool(4, function()
  return { echo = function(c, i) return c, i end }
end)
local flood = ljuv.new_channel()
loop:thread(function(n, p)
  local ch = require("ljuv").import(p)
  for i = 1, n do ch:push(i) end
  ch:push(nil)
  return n
end, function(ok, n) expect_true(ok, n); expect_eq(n, MESSAGES) end, MESSAGES, ljuv.export(flood))

local per = CALLS / COROUTINES
local next_expected, finished, received = {}, 0, 0
for c = 1, COROUTINES do
  next_expected[c] = 1
  coroutine.wrap(function()
    for i = 1, per do
      local rc, ri = pool.interface.echo(c, i)
      expect_eq(rc, c)
      expect_eq(ri, next_expected[c], "results in order per coroutine")
      next_expected[c] = ri + 1
      received = received + 1
    end
    finished = finished + 1
    if finished == COROUTINES then pool:close() end
  end)()
end

-- drain the flood while the pool works
local expected_msg, done_flood = 1, false
local drain = loop:idle()
drain:start(function(h)
  for _ = 1, 1000 do
    local ok, v = flood:try_pull()
    if not ok then return end
    if v == nil then done_flood = true; h:close(); return end
    expect_eq(v, expected_msg, "flood in order")
    expected_msg = expected_msg + 1
  end
end)
loop:run()
expect_eq(received, CALLS)
expect_eq(finished, COROUTINES)
expect_true(done_flood)
expect_eq(expected_msg, MESSAGES + 1)
expect_eq(next(pool.tasks), nil)
