-- Thread pool: calls with callbacks and from coroutines, errors, close and __exit.
local ljuv = require("ljuv")
local loop = ljuv.new_loop()
-- (an export payload imports once, so the workers report their exit through a file)
local exit_log = os.tmpname()

local pool = loop:threadpool(3, function(offset, log_path)
  return {
    add = function(a, b) return a + b + offset end,
    many = function(...) return select("#", ...), ... end,
    fail = function() error("worker failure") end,
    fail_table = function() error({ reason = "table" }) end,
    unsendable = function() return print end,
    sleep_add = function(a) local t = os.clock() + 0.01 while os.clock() < t do end return a + 1 end,
    __exit = function() os.execute("echo exit >> '" .. log_path .. "'") end, -- the shell appends atomically
  }
end, 100, exit_log)

-- call with a callback
local results, called = {}, 0 -- (counted: #results may be 20 while a hole is still waiting for its callback)
for i = 1, 20 do pool:call("add", function(ok, v) results[i] = { ok, v } called = called + 1 end, i, 1) end
expect_true(next(pool.tasks) ~= nil, "tasks pending")
-- interface calls from coroutines, results in order per coroutine
local co_sum, co_done = 0, 0
for c = 1, 5 do
  coroutine.wrap(function()
    for i = 1, 10 do
      local v = pool.interface.add(i, c)
      expect_eq(v, i + c + 100)
      co_sum = co_sum + v
    end
    local n, a, b, z = pool.interface.many(nil, "b", nil)
    expect_list({ n, a, b, z }, { 3, nil, "b", nil }, 4)
    local ok, err = pcall(pool.interface.fail)
    expect_false(ok)
    expect_true(tostring(err):find("worker failure", 1, true), err)
    expect_true(tostring(err):find("stack traceback", 1, true), err)
    local ok2, err2 = pcall(pool.interface.fail_table)
    expect_false(ok2)
    expect_eq(err2.reason, "table")
    local ok3, err3 = pcall(pool.interface.nothere)
    expect_false(ok3)
    expect_eq(err3, "threadpool interface has no operation 'nothere'")
    local ok4, err4 = pcall(pool.interface.unsendable)
    expect_false(ok4)
    expect_true(tostring(err4):find("^cannot send the result: .*cannot serialize"), err4)
    co_done = co_done + 1
  end)()
end
-- a coroutine as the callback of call
local resumed
local waiter = coroutine.create(function() resumed = { coroutine.yield() } end)
coroutine.resume(waiter)
pool:call("sleep_add", waiter, 41)

while co_done < 5 or called < 20 or not resumed do loop:run("once") end
for i = 1, 20 do expect_list(results[i], { true, i + 101 }) end
expect_eq(co_done, 5)
expect_list(resumed, { true, 42 })
expect_eq(next(pool.tasks), nil, "no pending task when idle")

-- outside a coroutine
expect_error(function() pool.interface.add(1, 2) end, "interface call from a non-coroutine thread")

-- a value that cannot travel raises at the caller's line, and no task is recorded for it
local ok_enc, err_enc = pcall(function() pool:call("add", print, function() end) end)
expect_false(ok_enc)
expect_true(tostring(err_enc):find("test%-threadpool%.lua:%d+: cannot serialize"), err_enc)
expect_eq(next(pool.tasks), nil, "no task for a call that was not sent")

-- close lets queued work finish, runs __exit in every worker, then calls the callback
local late, closed = 0, false
for i = 1, 6 do pool:call("sleep_add", function(ok, v) late = late + v end, i) end
pool:close(function() closed = true end)
pool:close() -- idempotent
expect_error(function() pool:call("add", print, 1, 2) end, "thread pool is closed")
loop:run()
expect_true(closed)
expect_eq(late, 21 + 6)
local exits = 0
for _ in io.lines(exit_log) do exits = exits + 1 end
os.remove(exit_log)
expect_eq(exits, 3)
expect_false(loop:alive())

-- close from a coroutine waits until the workers are gone
local pool2 = loop:threadpool(2, "return { id = function(x) return x end }")
local order = {}
coroutine.wrap(function()
  expect_eq(pool2.interface.id("x"), "x")
  order[#order + 1] = "before close"
  pool2:close()
  order[#order + 1] = "after close"
end)()
loop:run()
expect_list(order, { "before close", "after close" })

-- an error in a worker's __exit reaches loop:run, and nothing crashes
local pool3 = loop:threadpool(1, function() return { __exit = function() error("exit failed") end } end)
pool3:close(function() end)
local ok, err = pcall(loop.run, loop)
expect_false(ok)
expect_true(tostring(err):find("exit failed", 1, true), err)
loop:run()
expect_false(loop:alive())

-- a failing callback is deferred, and the other results are not lost
local pool4 = loop:threadpool(1, "return { id = function(x) return x end }")
local seen = {}
pool4:call("id", function() error("callback boom", 0) end, 1)
pool4:call("id", function(ok, v) seen[#seen + 1] = v end, 2)
pool4:call("id", function(ok, v) seen[#seen + 1] = v end, 3)
pool4:close(function() end)
local okb, errb = pcall(loop.run, loop)
expect_false(okb)
expect_true(tostring(errb):find("callback boom", 1, true), errb)
loop:run()
expect_list(seen, { 2, 3 })

-- every close callback is called: a later one at once (the pool is already closing), the first when it ends
local pool5 = loop:threadpool(1, "return {}")
local closes = {}
pool5:close(function() closes[#closes + 1] = "first" end)
pool5:close(function() closes[#closes + 1] = "second" end)
loop:run()
expect_list(closes, { "second", "first" })
