-- Coroutines: LuaJIT 2.1 semantics on the native coroutine engine.

-- values flow both ways
local co = coroutine.create(function(a, b)
  expect_eq(a + b, 3)
  local c = coroutine.yield(a * 10, b * 10)
  expect_eq(c, "third")
  return "done", nil, 7
end)
expect_eq(coroutine.status(co), "suspended")
local r = { coroutine.resume(co, 1, 2) }
expect_list(r, { true, 10, 20 }, 3)
r = { coroutine.resume(co, "third") }
expect_list(r, { true, "done", nil, 7 }, 4)
expect_eq(coroutine.status(co), "dead")
expect_list({ coroutine.resume(co) }, { false, "cannot resume dead coroutine" })

-- running / status / isyieldable
expect_eq(coroutine.running(), nil)
expect_eq(select("#", coroutine.running()), 1)
expect_false(coroutine.isyieldable())
local outer
outer = coroutine.create(function()
  expect_eq(coroutine.running(), outer)
  expect_eq(coroutine.status(outer), "running")
  expect_true(coroutine.isyieldable())
  local inner = coroutine.create(function()
    expect_eq(coroutine.status(outer), "normal")
    expect_list({ coroutine.resume(outer) }, { false, "cannot resume running coroutine" })
    coroutine.yield()
  end)
  expect_true(coroutine.resume(inner))
  expect_eq(coroutine.status(inner), "suspended")
  expect_list({ coroutine.resume(outer) }, { false, "cannot resume running coroutine" })
end)
expect_true(coroutine.resume(outer))

-- any error value survives resume, wrap and pcall unchanged
local errt = { code = 1 }
expect_list({ coroutine.resume(coroutine.create(function() error(errt) end)) }, { false, errt })
expect_list({ coroutine.resume(coroutine.create(function() error(nil) end)) }, { false, nil }, 2)
expect_list({ coroutine.resume(coroutine.create(function() error(42) end)) }, { false, "test-coroutine.lua:42: 42" })
expect_list({ coroutine.resume(coroutine.create(function() error(42, 0) end)) }, { false, 42 })
expect_list({ pcall(coroutine.wrap(function() error(errt) end)) }, { false, errt })
expect_list({ pcall(coroutine.wrap(function() error("msg") end)) }, { false, "test-coroutine.lua:45: msg" })
local w = coroutine.wrap(function() end)
w()
expect_list({ pcall(w) }, { false, "cannot resume dead coroutine" })
expect_list({ coroutine.resume(coroutine.create(function() local x = nil; return x.y end)) },
  { false, "test-coroutine.lua:49: attempt to index local 'x' (a nil value)" })

-- wrap passes values
local gen = coroutine.wrap(function(n) for i = 1, n do coroutine.yield(i) end return "end" end)
expect_eq(gen(3), 1); expect_eq(gen(), 2); expect_eq(gen(), 3); expect_eq(gen(), "end")

-- yield outside a coroutine
expect_error(function() coroutine.yield(1) end, "attempt to yield across C-call boundary")
expect_list({ pcall(coroutine.yield, 1) }, { false, "attempt to yield across C-call boundary" })

-- a yield whose call keeps one result (compiled code calls the library's one-argument body for it): the first value
-- of the resume, nil for none; outside a coroutine the same error
local one = coroutine.wrap(function(x)
  local a = coroutine.yield(x)
  local b = coroutine.yield(a)
  local c = coroutine.yield(b)
  return a, b, c
end)
expect_eq(one(1), 1)
expect_eq(one("first", "second"), "first")
expect_eq(one(), nil)
expect_list({ one(nil, 5) }, { "first", nil, nil }, 3)
expect_error(function() local v = coroutine.yield(1) return v end, "attempt to yield across C-call boundary")

-- yield across pcall, xpcall, metamethods, iterators
local across = coroutine.wrap(function()
  local ok, v = pcall(function() return coroutine.yield("in pcall") + 1 end)
  expect_list({ ok, v }, { true, 11 })
  local ok2, v2 = xpcall(function() return coroutine.yield("in xpcall") end, debug and debug.traceback or print)
  expect_list({ ok2, v2 }, { true, "x" })
  local t = setmetatable({}, { __index = function(_, k) return coroutine.yield("index " .. k) end,
                               __add = function(a, b) return coroutine.yield("add") end })
  expect_eq(t.foo, "FOO")
  expect_eq(t + 1, 99)
  local function iter(_, i) if i < 2 then return coroutine.yield("iter " .. i) end end
  local seen = {}
  for i in iter, nil, 0 do seen[#seen + 1] = i end
  expect_list(seen, { 1, 2 })
  -- an error after a yield inside pcall is still caught there
  local ok3, e3 = pcall(function() coroutine.yield("before error") error("after", 0) end)
  expect_list({ ok3, e3 }, { false, "after" })
  return "finished"
end)
expect_eq(across(), "in pcall")
expect_eq(across(10), "in xpcall")
expect_eq(across("x"), "index foo")
expect_eq(across("FOO"), "add")
expect_eq(across(99), "iter 0")
expect_eq(across(1), "iter 1")
expect_eq(across(2), "before error")
expect_eq(across(), "finished")

-- stack overflow inside a coroutine is an error result, and nesting is limited
local ok, e = coroutine.resume(coroutine.create(function() local function f() return 1 + f() end return f() end))
expect_false(ok)
expect_true(tostring(e):find("stack overflow", 1, true), e)
local function nest(n)
  local ok2, d, e2 = coroutine.resume(coroutine.create(nest), n + 1)
  if not ok2 then return n, d end
  return d, e2
end
local deepest, why = coroutine.wrap(nest)(1)
expect_true(deepest >= 9000 and deepest <= 10000, deepest)
expect_eq(why, "C stack overflow")

-- argument errors
expect_error(function() coroutine.create(1) end, "bad argument #1 to 'create' (function expected, got number)")
expect_error(function() coroutine.status(nil) end, "bad argument #1 to 'status' (coroutine expected)")
-- called by pcall itself, the function has no name: LuaJIT says '?'
expect_list({ pcall(coroutine.resume, {}) }, { false, "bad argument #1 to '?' (coroutine expected)" })

-- many coroutines alive at once
local list = {}
for i = 1, 10000 do
  local c = coroutine.create(function(x) while true do x = coroutine.yield(x + i) end end)
  coroutine.resume(c, 0)
  list[i] = c
end
local sum = 0
for i = 1, #list do local _, v = coroutine.resume(list[i], 1); sum = sum + v end
expect_eq(sum, 10000 + 10000 * 10001 / 2)

-- a coroutine's call frames move with it: one that yields deeper than where it started, resumed from other depths,
-- with calls made meanwhile at the depths its frames left; its own calls still know their names and values
local function inner(n) coroutine.yield(n) return debug.getinfo(1, "n").name, n end
local function middle(n) local name, v = inner(n + 1) return name, v * 2 end
local mover = coroutine.wrap(function(n) local a, b = middle(n) coroutine.yield(a) return b end)
local function at_depth(k, f) if k == 0 then return f() end return (at_depth(k - 1, f)) end
local function busy(k) if k == 0 then return 0 end return 1 + busy(k - 1) end
expect_eq(at_depth(3, function() return mover(1) end), 2)
expect_eq(busy(12), 12)
expect_eq(at_depth(7, function() return mover() end), "inner")
expect_eq(busy(5), 5)
expect_eq(mover(), 4)

-- a dead coroutine keeps what LuaJIT shows of it (the runtime drops what only a live body needs): one killed by an
-- error still has its stack for debug.traceback and debug.getinfo, one that returned has none
do
  local line = debug.getinfo(1, "l").currentline + 1
  local failed = coroutine.create(function(x) error("boom " .. x) end)
  expect_list({ coroutine.resume(failed, 1) }, { false, "test-coroutine.lua:" .. line .. ": boom 1" })
  expect_eq(debug.traceback(failed, "msg"), "msg\nstack traceback:\n\t[C]: in function 'error'\n\ttest-coroutine.lua:"
    .. line .. ": in function <test-coroutine.lua:" .. line .. ">")
  expect_eq(type(debug.getinfo(failed, 1)), "table")
  local finished = coroutine.create(function() return 1 end)
  expect_list({ coroutine.resume(finished) }, { true, 1 })
  expect_eq(debug.traceback(finished), "stack traceback:")
  expect_eq(debug.getinfo(finished, 1), nil)
  expect_list({ coroutine.resume(finished) }, { false, "cannot resume dead coroutine" })
end
