-- luv's thread-pool work and threads: each runs in a new Lua state on another thread.
local uv = require("luv")

-- new_work/queue_work: the work function's results go to the after-work callback on the loop
do
  local results = {}
  local work = uv.new_work(function(a, b)
    return a * b, "product of " .. a .. " and " .. b
  end, function(p, s)
    results[#results + 1] = p .. ": " .. s
  end)
  for i = 1, 4 do expect_eq(work:queue(i, 10), true) end
  expect_eq(uv.queue_work(work, 5, 10), true)
  expect_eq(#results, 0, "the results come in the loop")
  uv.run()
  table.sort(results)
  expect_list(results, { "10: product of 1 and 10", "20: product of 2 and 10", "30: product of 3 and 10",
    "40: product of 4 and 10", "50: product of 5 and 10" })
end

-- the work function has its own state: no upvalues, its own globals, luv loadable there
do
  local seen
  uv.new_work(function()
    local uv2 = require("luv")
    return type(uv2.hrtime()), rawget(_G, "SHARED_MARKER")
  end, function(t, marker) seen = { t, marker } end):queue()
  SHARED_MARKER = "main state only"
  uv.run()
  expect_list(seen, { "number", nil }, 2)
end

-- threads: join waits for the end
do
  local t = uv.new_thread(function(ms)
    require("luv").sleep(ms)
  end, 20)
  expect_true(tostring(t):match("^uv_thread_t") ~= nil)
  local started = uv.hrtime()
  expect_eq(t:join(), true)
  expect_true(uv.hrtime() - started >= 15e6, "joined after the thread's sleep")
  expect_true(uv.thread_equal(t, t))
  expect_true(uv.thread_self() == uv.thread_self())
  expect_false(uv.thread_equal(t, uv.thread_self()))
end

-- an async handle handed to a thread or to work (as luv allows) is a uv_async there: async_send and async:send
-- wake this loop with their values; the other arguments still travel as values
do
  local got = {}
  local async
  async = uv.new_async(function(...)
    local words = { select("#", ...) }
    for i = 1, select("#", ...) do words[#words + 1] = tostring((select(i, ...))) end
    got[#got + 1] = table.concat(words, " ")
    if #got == 3 then async:close() end
  end)
  local function done(what)
    got[#got + 1] = what
    if #got == 3 then async:close() end
  end
  local t = uv.new_thread(function(a, word)
    local uv2 = require("luv")
    assert(type(a) == "userdata" and tostring(a):match("^uv_async_t"), tostring(a))
    assert(uv2.async_send(a, "thread", word, 1) == 0)
  end, async, "hello")
  expect_eq(t:join(), true)
  uv.run("nowait")
  local work = uv.new_work(function(n, a, last)
    local uv2 = require("luv")
    uv2.sleep(5) -- (one send at a time: sends coalesce until the callback runs)
    assert(a:send("work", n, last) == 0)
    return n * 2
  end, function(r) done("after " .. r) end)
  work:queue(21, async, true)
  uv.run()
  table.sort(got) -- (the work's send and its end may be seen in the same loop iteration, either first)
  expect_list(got, { "3 thread hello 1", "3 work 21 true", "after 42" })
end
