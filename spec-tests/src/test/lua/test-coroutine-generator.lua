-- Coroutines whose body only yields (a generator's shape): the runtime may run such a body without a continuation
-- until it calls anything else, a metamethod's function runs above it, or a hook is set. Every case here must
-- behave as on LuaJIT whichever way the body runs, across the switch from one way to the other.

local yield = coroutine.yield

-- values both ways, the parameters and varargs of the first resume, nils and counts kept
local co = coroutine.create(function(a, b, ...)
  local x, y = ...
  local c, d = yield(a + b, x, y)
  local e = yield(c, nil, d)
  return e, select("#", ...)
end)
expect_list({ coroutine.resume(co, 1, 2, "x") }, { true, 3, "x", nil }, 4)
expect_eq(coroutine.status(co), "suspended")
expect_list({ coroutine.resume(co, "c", "d", "extra") }, { true, "c", nil, "d" }, 4)
expect_list({ coroutine.resume(co) }, { true, nil, 1 }, 3)
expect_eq(coroutine.status(co), "dead")
expect_list({ coroutine.resume(co) }, { false, "cannot resume dead coroutine" })

-- a fixed number of varargs, which leaves the body a generator
co = coroutine.create(function(a, ...)
  local x, y = ...
  local z = yield(a, x, y)
  return z, x
end)
expect_list({ coroutine.resume(co, 1, 2) }, { true, 1, 2, nil }, 4)
expect_list({ coroutine.resume(co, 3) }, { true, 3, 2 }, 3)

-- a generator in a for loop, through wrap; yield as a global field and as a local
local function range(n)
  return coroutine.wrap(function()
    for i = 1, n do coroutine.yield(i) end
  end)
end
local sum = 0
for i in range(100) do sum = sum + i end
expect_eq(sum, 5050)
local acc = coroutine.wrap(function(x)
  local total = 0
  while true do total = total + x; x = yield(total) end
end)
for i = 1, 1000 do expect_eq(acc(i), i * (i + 1) / 2) end

-- a body that yields, then calls functions (one of them yields): its registers go on where it was
local function nested(v) return yield(v * 2) + 1 end
co = coroutine.create(function(a)
  local before = a
  local b = yield(a)
  local c = nested(b)
  local d = yield(before + c)
  return string.format("%d-%d-%d-%d", before, b, c, d)
end)
expect_list({ coroutine.resume(co, 5) }, { true, 5 })
expect_list({ coroutine.resume(co, 7) }, { true, 14 })
expect_list({ coroutine.resume(co, 100) }, { true, 106 })
expect_list({ coroutine.resume(co, 9) }, { true, "5-7-101-9" })

-- running, status and isyieldable inside, and a coroutine resumed from different depths of the caller
local g
g = coroutine.create(function()
  for i = 1, 3 do
    yield(i)
  end
  expect_eq(coroutine.running(), g)
  expect_eq(coroutine.status(g), "running")
  expect_true(coroutine.isyieldable())
  return "end"
end)
local function deep(n) if n == 0 then return coroutine.resume(g) end return deep(n - 1) end
expect_list({ deep(0) }, { true, 1 })
expect_list({ deep(10) }, { true, 2 })
expect_list({ deep(3) }, { true, 3 })
expect_list({ deep(20) }, { true, "end" })

-- metamethods of a frameless body: each runs once, a yielding one suspends the body there
local calls = 0
local mt = {
  __add = function(a, b) calls = calls + 1; return a.v + b end,
  __index = function(t, k) calls = calls + 1; return yield("index " .. k) end,
}
co = coroutine.create(function()
  local t = setmetatable({ v = 10 }, mt)
  yield(1)
  local s = t + 5
  yield(s)
  local v = t.missing
  return v
end)
expect_list({ coroutine.resume(co) }, { true, 1 })
expect_list({ coroutine.resume(co) }, { true, 15 })
expect_eq(calls, 1)
expect_list({ coroutine.resume(co) }, { true, "index missing" })
expect_eq(calls, 2)
expect_list({ coroutine.resume(co, "got") }, { true, "got" })
expect_eq(calls, 2)

-- yield itself as a metamethod (a Java function above the body), and through pcall
co = coroutine.create(function()
  local t = setmetatable({}, { __index = yield })
  local a = t.key
  local ok, b = pcall(yield, "in pcall")
  return a, ok, b
end)
local r = { coroutine.resume(co) }
expect_eq(r[1], true)
expect_eq(r[3], "key")
expect_list({ coroutine.resume(co, "A") }, { true, "in pcall" })
expect_list({ coroutine.resume(co, "B") }, { true, "A", true, "B" })

-- errors: position, status, and the error value unchanged
co = coroutine.create(function(x)
  yield(x)
  local n = nil
  return n + x
end)
expect_true(coroutine.resume(co, 1))
local ok, err = coroutine.resume(co)
expect_false(ok)
expect_true(string.find(err, "test-coroutine-generator.lua:", 1, true) == 1, err)
expect_true(string.find(err, ": attempt to perform arithmetic on local 'n' (a nil value)", 1, true) ~= nil, err)
expect_eq(coroutine.status(co), "dead")
local errt = {}
co = coroutine.create(function() yield(); error(errt) end)
coroutine.resume(co)
expect_list({ coroutine.resume(co) }, { false, errt })

-- the traceback of a suspended body names its yield's line
local line = debug.getinfo(1, "l").currentline + 3 -- the second yield's
co = coroutine.create(function()
  yield(1)
  yield(2)
end)
coroutine.resume(co)
coroutine.resume(co)
expect_true(string.find(debug.traceback(co), "test-coroutine-generator.lua:" .. line .. ":", 1, true) ~= nil,
  debug.traceback(co))

-- closures over the body's locals see them across yields, and keep them after it ended
local getter
co = coroutine.create(function()
  local n = 0
  getter = function() return n end
  while n < 3 do n = n + 1; yield(n) end
  n = 42
end)
coroutine.resume(co)
expect_eq(getter(), 1)
coroutine.resume(co)
coroutine.resume(co)
expect_eq(getter(), 3)
expect_true(coroutine.resume(co))
expect_eq(getter(), 42)
expect_eq(coroutine.status(co), "dead")

-- tail calls: of yield and of another function
co = coroutine.create(function(a) yield(a); return yield(a + 1) end)
expect_list({ coroutine.resume(co, 1) }, { true, 1 })
expect_list({ coroutine.resume(co) }, { true, 2 })
expect_list({ coroutine.resume(co, "last") }, { true, "last" })
co = coroutine.create(function(a) yield(a); return math.max(a, 3) end)
coroutine.resume(co, 1)
expect_list({ coroutine.resume(co) }, { true, 3 })

-- a call hook set while the body is suspended sees its calls after the resume
local seen = 0
co = coroutine.create(function() yield(1); local s = tostring(2); yield(s) end)
coroutine.resume(co)
debug.sethook(co, function() seen = seen + 1 end, "c")
expect_list({ coroutine.resume(co) }, { true, "2" })
debug.sethook(co)
expect_true(seen > 0)

-- many suspended generators at once, resumed in turn (the ring of LuaJIT's coroutine-ring benchmark)
local ring = {}
for i = 1, 50 do
  ring[i] = coroutine.create(function(token) while true do token = yield(token + 1) end end)
end
local token = 0
for round = 1, 20 do
  for i = 1, #ring do
    local ok2
    ok2, token = coroutine.resume(ring[i], token)
    expect_true(ok2)
  end
end
expect_eq(token, 1000)

-- a body that calls Lua functions that yield (chameneos' creatures meet that way): values, results, depth
local function take(n)
  local got = yield("want " .. n)
  return got, n
end
local function twice(n)
  local a, k = take(n)
  local b = take(n + 1)
  return a .. b, k
end
co = coroutine.create(function(x)
  local s, k = twice(x)
  local t = take(x * 10)
  return s, k, t
end)
expect_list({ coroutine.resume(co, 1) }, { true, "want 1" })
expect_list({ coroutine.resume(co, "A") }, { true, "want 2" })
expect_list({ coroutine.resume(co, "B") }, { true, "want 10" })
expect_list({ coroutine.resume(co, "C") }, { true, "AB", 1, "C" }, 4)
expect_eq(coroutine.status(co), "dead")

-- a suspended chain's traceback lists each function, innermost first
co = coroutine.create(function() local v = twice(1) return v end)
coroutine.resume(co)
local tb = debug.traceback(co)
local at_take, at_twice = string.find(tb, "in function 'take'", 1, true), string.find(tb, "in function 'twice'", 1, true)
expect_true(at_take ~= nil and at_twice ~= nil and at_take < at_twice, tb)

-- an error in a called generator: the position of its line, and the coroutine dead
local function failing(v) yield(v) return v.field end
co = coroutine.create(function() local r = failing(nil) return r end)
expect_list({ coroutine.resume(co) }, { true, nil }, 2)
ok, err = coroutine.resume(co)
expect_false(ok)
expect_true(string.find(err, "attempt to index local 'v' (a nil value)", 1, true) ~= nil, err)
expect_eq(coroutine.status(co), "dead")

-- a called generator that calls something else, or meets a metamethod, midway: the chain goes on elsewhere
local function mixed(n)
  local a = yield(n)
  local s = tostring(a) -- any call but yield
  local b = yield(s)
  return a + b
end
co = coroutine.create(function() local r = mixed(1) + mixed(10) return r end)
expect_list({ coroutine.resume(co) }, { true, 1 })
expect_list({ coroutine.resume(co, 2) }, { true, "2" })
expect_list({ coroutine.resume(co, 3) }, { true, 10 })
expect_list({ coroutine.resume(co, 4) }, { true, "4" })
expect_list({ coroutine.resume(co, 5) }, { true, 14 })
local counter = setmetatable({}, { __index = function(t, k) return k * 2 end })
local function lookup(k) local v = counter[k] return yield(v) end
co = coroutine.create(function() local v = lookup(21) return v end)
expect_list({ coroutine.resume(co) }, { true, 42 })
expect_list({ coroutine.resume(co, "done") }, { true, "done" })

-- recursion deeper than any chain kept without a continuation
local function walk(n) if n > 0 then walk(n - 1) end yield(n) end
co = coroutine.create(function() walk(100) return "walked" end)
for n = 0, 100 do expect_list({ coroutine.resume(co) }, { true, n }) end
expect_list({ coroutine.resume(co) }, { true, "walked" })

-- generic for in a generator: over pairs and ipairs (their steps taken in the body), over a Lua iterator and
-- string.gmatch; each key once, in the iterator's order
local function keys(t) return coroutine.wrap(function() for k in pairs(t) do yield(k) end end) end
local seen_keys, n_keys = {}, 0
for k in keys({ a = 1, b = 2, c = 3, 10, 20 }) do seen_keys[k] = true; n_keys = n_keys + 1 end
expect_eq(n_keys, 5)
expect_true(seen_keys.a and seen_keys.b and seen_keys.c and seen_keys[1] and seen_keys[2])
local function values(t) return coroutine.wrap(function() for _, v in ipairs(t) do yield(v) end end) end
local joined = ""
for v in values({ "x", "y", "z" }) do joined = joined .. v end
expect_eq(joined, "xyz")
local function count_to(n)
  local i = 0
  return function() i = i + 1; if i <= n then return i end end
end
local stepped = coroutine.wrap(function()
  for i in count_to(3) do yield(i * 100) end
  for w in string.gmatch("one two", "%a+") do yield(w) end
end)
expect_list({ stepped(), stepped(), stepped(), stepped(), stepped() }, { 100, 200, 300, "one", "two" })

-- library functions called by a generator: results, errors and their positions, and those that call Lua functions
-- (a __tostring, gsub's replacement) made once each
local fmt = coroutine.wrap(function(n)
  for i = 1, n do yield(string.format("%02d", math.floor(i * 1.5)), select("#", i, i), type(i)) end
end)
expect_list({ fmt(2) }, { "01", 2, "number" })
expect_list({ fmt() }, { "03", 2, "number" })
local pos = debug.getinfo(1, "l").currentline + 2
co = coroutine.create(function()
  for i = 1, 2 do yield(i) end error("boom")
end)
coroutine.resume(co); coroutine.resume(co)
ok, err = coroutine.resume(co)
expect_list({ ok, err }, { false, "test-coroutine-generator.lua:" .. pos .. ": boom" })
co = coroutine.create(function() for i = 1, 2 do yield(i) end local r = math.floor("x") return r end)
coroutine.resume(co); coroutine.resume(co)
ok, err = coroutine.resume(co)
expect_false(ok)
expect_true(string.find(err, "bad argument #1 to 'floor'", 1, true) ~= nil, err)
local shown = 0
local shy = setmetatable({}, { __tostring = function() shown = shown + 1; return "shy" end })
local replaced = 0
co = coroutine.create(function()
  for i = 1, 2 do
    yield(tostring(shy))
    yield((string.gsub("a-b", "%a", function(c) replaced = replaced + 1; return c:upper() end)))
  end
end)
expect_list({ coroutine.resume(co) }, { true, "shy" })
expect_list({ coroutine.resume(co) }, { true, "A-B" })
expect_list({ coroutine.resume(co) }, { true, "shy" })
expect_list({ coroutine.resume(co) }, { true, "A-B" })
expect_eq(shown, 2)
expect_eq(replaced, 4)

-- the locals of a suspended generator, through debug.getlocal
co = coroutine.create(function(first)
  local later
  while true do later = yield(first) end
end)
coroutine.resume(co, "one")
coroutine.resume(co, "two")
expect_list({ debug.getlocal(co, 1, 1) }, { "first", "one" })
expect_list({ debug.getlocal(co, 1, 2) }, { "later", "two" })

-- error(msg, 2) in a called generator names its caller's line, each of three coroutines of the same body
local function check(x) if not x then error("bad", 2) end return x end
local call_line = debug.getinfo(1, "l").currentline + 4
for round = 1, 3 do
  co = coroutine.create(function(v)
    while true do
      local r = check(v)
      v = yield(r)
    end
  end)
  expect_list({ coroutine.resume(co, 1) }, { true, 1 })
  expect_list({ coroutine.resume(co, false) }, { false, "test-coroutine-generator.lua:" .. call_line .. ": bad" })
end

-- the resumer's own calls after frameless switches: deeper than the switches, as deep as Lua allows, and a runaway
-- recursion still a stack overflow (a frameless body refuses calls above it through the call limit, which its
-- resumer's next deeper call sets back)
do
  local ping = coroutine.wrap(function() while true do yield(1) end end)
  local function depth(n) if n == 0 then return 0 end return 1 + depth(n - 1) end
  for round = 1, 300 do
    expect_eq(ping(), 1)
    expect_eq(depth(round % 7 * 20), round % 7 * 20)
  end
  ping()
  expect_eq(depth(10000), 10000)
  local function runaway() return 1 + runaway() end
  ping()
  local ok, err = pcall(runaway)
  expect_eq(ok, false)
  expect_eq(err:find("stack overflow", 1, true) ~= nil, true, err)
  expect_eq(ping(), 1, "and the body goes on")
end

-- a step that runs long between two switches (thousands of back edges) goes on in the function's ordinary
-- code: its loops' values, its yields after that, its upvalues, varargs, errors and the functions it called
do
  local body = coroutine.wrap(function(n, ...)
    local e1, e2, e3 = ...
    local extra = (e1 and 1 or 0) + (e2 and 1 or 0) + (e3 and 1 or 0)
    while true do
      local sum, x = 0, 0.5
      for i = 1, n do
        sum = sum + i % 7
        x = x * 1.0000001 + 1
      end
      n = yield(sum, x, extra)
    end
  end)
  local function expected(n)
    local sum, x = 0, 0.5
    for i = 1, n do sum = sum + i % 7; x = x * 1.0000001 + 1 end
    return sum, x
  end
  for _, n in ipairs({ 5000, 3, 20000, 0, 5000 }) do
    local sum, x = expected(n)
    expect_list({ body(n, "a", "b") }, { sum, x, 2 }, 3, "a numeric loop of " .. n)
  end

  -- yields from inside the loop, before and after it moved
  local co = coroutine.wrap(function()
    local k, i = 0, 0
    while i < 12000 do
      i = i + 1
      if i % 3000 == 0 then k = k + 1; yield(i, k) end
    end
    return "done", k
  end)
  for k = 1, 4 do expect_list({ co() }, { 3000 * k, k }) end
  expect_list({ co() }, { "done", 4 })

  -- closures made in the loop, before and after: each sees its own iteration's local, and the shared one
  local shared, values = 0, {}
  for j = 1, 4000 do values[j] = j end
  co = coroutine.wrap(function()
    local fs, total = {}, 0
    for _, v in ipairs(values) do
      local mine = v
      total = total + v
      if v % 1000 == 0 then fs[#fs + 1] = function() shared = shared + 1 return mine, total end end
    end
    yield(fs)
    return total
  end)
  local fs = co()
  expect_eq(#fs, 4)
  for j = 1, 4 do expect_list({ fs[j]() }, { 1000 * j, 8002000 }) end
  expect_eq(co(), 8002000)
  expect_eq(shared, 4)

  -- a function with a long loop that a frameless body calls, then the body's yields again
  local function work(n) local s = 0 for i = 1, n do s = s + i end return s end
  co = coroutine.wrap(function()
    for round = 1, 3 do
      local s = work(3000 * round) -- (one result: the body takes it frameless)
      yield(s)
    end
    return "end"
  end)
  for round = 1, 3 do local n = 3000 * round expect_eq(co(), n * (n + 1) / 2) end
  expect_eq(co(), "end")

  -- an error in the loop after it moved: its position, the coroutine dead
  local thread = coroutine.create(function()
    local t = {}
    for i = 1, 10000 do
      t[i] = i
      if i == 9000 then local n = nil; return n + i end -- line of the error
    end
  end)
  local error_line = debug.getinfo(1, "l").currentline - 3
  local ok, err = coroutine.resume(thread)
  expect_false(ok)
  expect_eq(err, "test-coroutine-generator.lua:" .. error_line .. ": attempt to perform arithmetic on local 'n' (a nil value)")
  expect_eq(coroutine.status(thread), "dead")
end
