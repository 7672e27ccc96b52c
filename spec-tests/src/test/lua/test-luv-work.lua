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
