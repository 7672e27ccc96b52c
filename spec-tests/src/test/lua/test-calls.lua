-- A call whose last argument is another call, f(x, g(y)): f receives every value g returns (none, one or
-- several) after its other arguments, whatever f and g are (Lua functions, library functions, a table with
-- __call), with one result of f wanted, or none. Compiled code calls f with a fixed number of arguments when g
-- returned exactly one value: each case below runs many times from one call site, so that it is compiled and
-- hot, and changes what g returns on the way.
local bit = require("bit")

local function count(...) return select("#", ...) end
local function none() end
local function one(x) return x end
local function two(x) return x, x + 1 end
local function pack(...) return { n = select("#", ...), ... } end
local callable = setmetatable({}, { __call = function(self, ...) return select("#", ...) end })

-- f(g(y)), f(x, g(y)), f(x, y, g(z)), f(x, y, z, g(w)): one value, none, several
local gives = { one, none, two }
for round = 1, 300 do
  local g = gives[round % 3 + 1]
  local extra = g == one and 1 or g == none and 0 or 2
  expect_eq(count(g(round)), extra, "f(g())")
  expect_eq(count(1, g(round)), 1 + extra, "f(x, g())")
  expect_eq(count(1, 2, g(round)), 2 + extra, "f(x, y, g())")
  expect_eq(count(1, 2, 3, g(round)), 3 + extra, "f(x, y, z, g())")
  local t = pack(round, g(round))
  expect_eq(t.n, 1 + extra)
  expect_eq(t[1], round)
  if extra > 0 then expect_eq(t[2], round) end
  if extra > 1 then expect_eq(t[3], round + 1) end
  expect_eq(callable(round, g(round)), 1 + extra, "__call")
end

-- a nil given as the inner call's one value is an argument, not a missing one
local function isnil(...) return select("#", ...) == 1 and (...) == nil end
for _ = 1, 300 do expect_true(isnil(one(nil))) end

-- library functions on both sides, results used and not used
local acc = 0
for j = 1, 2000 do
  acc = bit.bxor(acc, bit.band(j, bit.rol(-2, j)))
  math.max(j, math.min(j, 3))
end
expect_eq(acc, 48) -- as LuaJIT computes it
expect_eq(("%d-%d"):format(1, tonumber("2")), "1-2")
expect_eq(select("#", string.byte("abc", one(1), 3)), 3)
expect_eq(tostring(one(nil)), "nil")
expect_eq(math.max(1, unpack({ 5, 9, 2 })), 9)

-- a library function's one value is all its results, passed on whole as the last argument (compiled code calls
-- its fixed-arity body for it, from the site), and its argument errors name it there too
local floor, band = math.floor, bit.band
;(function() -- (a function of its own: the main chunk stays small enough to be compiled)
for round = 1, 300 do
  expect_eq(count(floor(round + 0.5)), 1)
  expect_eq(count(1, band(round, 3)), 2)
  local t = pack(round, floor(round / 2), band(round, 6))
  expect_eq(t.n, 3)
  expect_eq(t[2], math.floor(round / 2))
  expect_eq(t[3], round % 8 >= 6 and 6 or round % 8 >= 4 and 4 or round % 4 >= 2 and 2 or 0)
  expect_eq(count(floor(band(round, 255))), 1)
end
for _ = 1, 300 do
  expect_error(function() return count(1, band(1, {})) end, "bad argument #2 to 'band' (number expected, got table)")
  expect_error(function() return count(floor("x")) end, "bad argument #1 to 'floor' (number expected, got string)")
end
end)()

-- the callee's errors name it as before
for _ = 1, 300 do
  expect_error(function() local missing; missing(1, one(2)) end, "attempt to call local 'missing' (a nil value)")
end
expect_error(function() local r = bit.band(1, one({})) return r end, "bad argument #2 to 'band' (number expected, got table)")
expect_error(function() local r = bit.rol(1, none()) return r end, "bad argument #2 to 'rol' (number expected, got no value)")

-- a library function called with its results all kept or several wanted (compiled code calls its body from the
-- site): the same results, and its argument errors named as the site names it
;(function()
  local g, fmt = string.rep, string.format
  for round = 1, 300 do
    expect_error(function() local a, b = g() return a, b end, "bad argument #1 to 'g' (string expected, got no value)")
    expect_error(function() local a, b = string.rep() return a, b end,
      "bad argument #1 to 'rep' (string expected, got no value)")
    local x, y = fmt("%d-%s", round, "z"), select("#", fmt("%d", round))
    expect_eq(x, round .. "-z")
    expect_eq(y, 1)
    local ok, e = pcall(error, "boom", 0)
    expect_eq(ok, false)
    expect_eq(e, "boom")
    local n, first, last = select("#", unpack({ 1, 2, 3 })), string.byte("abc", 1, 3)
    expect_eq(n, 3)
    expect_eq(first, 97)
    expect_eq(last, 98)
  end
end)()

-- calls of five and six arguments, one result wanted or none (compiled code calls a compiled callee directly up to
-- six): callees taking fewer, as many and more parameters, varargs, library functions and __call, from hot sites
;(function()
  local function p3(a, b, c) return a + b + c end
  local function p5(a, b, c, d, e) return a * 10000 + b * 1000 + c * 100 + d * 10 + e end
  local function p6(a, b, c, d, e, f) return (f == nil and "nil" or f) .. (e == nil and "nil" or e) end
  local function p8(a, b, c, d, e, f, g, h) return tostring(g) .. tostring(h) .. f end
  local function va(a, ...) return a .. ":" .. select("#", ...) .. ":" .. tostring((select(select("#", ...), ...))) end
  local function va6(a, b, c, d, e, f, ...) return select("#", ...) + f end
  local seen = {}
  local function record(a, b, c, d, e, f) seen[#seen + 1] = (f or 0) + a end
  local called = setmetatable({}, { __call = function(self, ...) return select("#", ...) end })
  for round = 1, 300 do
    expect_eq(p3(1, 2, 3, 4, 5), 6)
    expect_eq(p3(1, 2, 3, 4, 5, 6), 6)
    expect_eq(p5(1, 2, 3, 4, 5), 12345)
    expect_eq(p5(1, 2, 3, 4, 5, round), 12345)
    expect_eq(p6(1, 2, 3, 4, 5), "nil5")
    expect_eq(p6(1, 2, 3, 4, 5, round), round .. "5")
    expect_eq(p8(1, 2, 3, 4, 5, round), "nilnil" .. round)
    expect_eq(va(1, 2, 3, 4, 5), "1:4:5")
    expect_eq(va(1, 2, 3, 4, 5, round), "1:5:" .. round)
    expect_eq(va6(1, 2, 3, 4, 5, 6), 6)
    expect_eq(va6(1, 2, 3, 4, 5, round, 7, 8), round + 2)
    expect_eq(called(1, 2, 3, 4, 5), 5)
    expect_eq(called(1, 2, 3, 4, 5, 6), 6)
    expect_eq(string.format("%d%d%d%d%d", 1, 2, 3, 4, round % 10), "1234" .. round % 10)
    expect_eq(string.format("%s%s%s%s%s", 1, 2, 3, 4, 5), "12345")
    record(round, 2, 3, 4, 5)
    record(round, 2, 3, 4, 5, 1000)
  end
  expect_eq(#seen, 600)
  expect_eq(seen[599], 300)
  expect_eq(seen[600], 1300)
  for _ = 1, 300 do
    expect_error(function() return va6(1, 2, 3, 4, 5) end, "attempt to perform arithmetic on local 'f' (a nil value)")
    expect_error(function() local missing; return missing(1, 2, 3, 4, 5, 6) end,
      "attempt to call local 'missing' (a nil value)")
    expect_error(function() local s = string.format("%d", {}, 2, 3, 4, 5) return s end,
      "bad argument #2 to 'format' (number expected, got table)")
  end
end)()

-- results wanted in registers (two to five, and more than given): the missing ones read nil, the extra are dropped;
-- in a vararg function too (its registers stay in the call's array)
do
  local function three() return 1, 2, 3 end
  local function none() end
  local function show(...)
    local n, out = select("#", ...), {}
    for i = 1, n do out[i] = tostring((select(i, ...))) end
    return table.concat(out, ",")
  end
  local function collect(...)
    local a, b = three()
    local c, d, e, f = three()
    local g, h, i, j, k = three()
    local l, m = none()
    local n, o, p, q, r, s = three()
    return show(a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, ...)
  end
  for _ = 1, 300 do
    expect_eq(collect("x"), "1,2,1,2,3,nil,1,2,3,nil,nil,nil,nil,1,2,3,nil,nil,nil,x")
  end
end

-- All the results of a Lua function called with up to three arguments and several results wanted (compiled code's
-- fastInvoke of a compiled callee): none, the ones given, nil for the rest, a tail call's, a vararg function's.
do
  local function spread(a, b, c) return c, b, a end
  local function tail(a, b) return spread(a, b, "t") end
  local function args(...) return select("#", ...), ... end
  local function none(x) end
  for round = 1, 300 do
    local x, y, z, w = spread(1, 2, 3)
    expect_list({ x, y, z, w }, { 3, 2, 1, nil }, 4, "three results and one missing")
    x, y, z = tail(round, 0)
    expect_list({ x, y, z }, { "t", 0, round }, 3, "a tail call's results")
    expect_eq(select("#", spread(1)), 3, "results of nil count")
    expect_eq(select("#", none(1)), 0, "no results")
    expect_list({ args(nil, nil) }, { 2, nil, nil }, 3, "a vararg function's arguments")
    expect_list({ args() }, { 0 }, 1)
    expect_eq(select("#", args(1, 2, 3)), 4)
  end
end

-- Three results returned together (one list of exactly three, compiled code's): every way of reading them.
do
  local function three(a) return a, nil, a + 1 end
  for round = 1, 300 do
    expect_eq(select("#", three(round)), 3)
    expect_list({ select(2, three(round)) }, { nil, round + 1 }, 2, "from the second")
    expect_list({ select(3, three(round)) }, { round + 1 }, 1, "the third")
    expect_eq(select("#", select(4, three(round))), 0, "past the third")
    expect_eq(select(-1, three(round)), round + 1, "from the end")
    local t = { three(round) }
    expect_list(t, { round, nil, round + 1 }, 3)
    expect_eq(tostring((three(round))), tostring(round))
    expect_eq(string.format("%s %s %s", three(round)), round .. " nil " .. (round + 1))
  end
end
