-- The math library's functions of one number called from compiled code: where the callee is read under such a
-- name (local sqrt = math.sqrt, math.sin, an upvalue floor) and the argument is a number, compiled code calls the
-- function's body with the double and keeps the result unboxed (see NumberCalls); anything else, a string, nil, a
-- table, another function under that name, takes the call as any other. Results are compared as LuaJIT prints
-- them, so -0 and 0 differ. Each part is a function of its own, so that it runs compiled too.

local function text(v) return type(v) == "number" and string.format("%.17g", v) or tostring(v) end
local function same(actual, expected, label) expect_eq(text(actual), expected, label) end

local sqrt, sin, cos, floor, ceil, abs, exp = math.sqrt, math.sin, math.cos, math.floor, math.ceil, math.abs, math.exp

-- numbers in, numbers out: the edge cases, from a loop's counter, a computed local and a table's value
local function edge_values()
  local zero = 1 - 1
  local nz = zero * -1
  local half = zero + 0.5
  same(floor(-half), "-1", "floor(-0.5)")
  same(ceil(-half), "-0", "ceil(-0.5) is -0")
  same(floor(nz), "-0", "floor(-0)")
  same(abs(nz), "0", "abs(-0)")
  same(sqrt(nz), "-0", "sqrt(-0)")
  same(sqrt(zero - 1), "nan", "sqrt(-1)")
  same(sqrt(1 / zero), "inf", "sqrt(inf)")
  same(exp(1000 + zero), "inf", "exp(1000)")
  same(floor(2 ^ 53 + 0.5), "9007199254740992", "floor past 2^53")
  same(floor(-2147483648.5 + zero), "-2147483649", "floor past the int range")
  local t = {}
  for i = -3, 3 do
    local r = sqrt(i * i) + floor(i / 2)
    t[#t + 1] = r
  end
  expect_eq(table.concat(t, " "), "1 1 0 0 1 3 4", "from a loop's counter")
  local values = { 0.25, 4, 1e308 }
  local s = 0
  for i = 1, #values do s = s + sqrt(values[i]) end
  same(s, "1e+154", "from a table's values")
  -- a result that stays a value: a table key, a concatenation, a returned value, a comparison
  local k = floor(half * 5)
  t = { [2] = "two" }
  expect_eq(t[k], "two", "floor(2.5) indexes as 2")
  expect_eq("n=" .. floor(half * 7), "n=3", "concatenated")
  expect_eq(math.type and math.type(k) or type(k), "number")
  expect_true(sin(zero) == zero, "sin(0) == 0")
  expect_true(cos(zero) > 0.5, "cos(0) > 0.5")
end
edge_values()

-- the callee read in every way a program names it
local function ways_to_name()
  local x = 0.5 + 0
  local r1 = math.sin(x)
  local m = math
  local r2 = m.sin(x)
  local r3 = sin(x)
  local s = sin
  local r4 = s(x)
  expect_eq(r1, r2)
  expect_eq(r2, r3)
  expect_eq(r3, r4)
  same(r1, "0.47942553860420301", "sin(0.5)")
end
ways_to_name()

-- arguments that are no number: strings are converted, anything else is the function's argument error
local function other_arguments()
  same(sqrt("16"), "4", "a numeric string")
  same(floor(" 2.5 "), "2", "a string with spaces")
  same(abs("0x10"), "16", "a hexadecimal string")
  local s16, t4 = "16", { 4 }
  same(sqrt(s16), "4", "a numeric string in a local")
  local ok, err = pcall(sqrt, t4)
  expect_false(ok)
  local r = 0
  for i = 1, 3 do r = r + floor(i) end -- the loop's counter moved as the argument
  same(r, "6", "a loop's counter")
  -- (not tail calls, whose callee LuaJIT names '?')
  expect_error(function() local v; local r = sqrt(v) return r end,
    "bad argument #1 to 'sqrt' (number expected, got nil)")
  expect_error(function() local r = floor({}) return r end, "bad argument #1 to 'floor' (number expected, got table)")
  expect_error(function() local r = sin("x") return r end, "bad argument #1 to 'sin' (number expected, got string)")
  expect_error(function() local r = math.cos() return r end, "bad argument #1 to 'cos' (number expected, got no value)")
  -- extra arguments and extra results: not such a call, the same answers
  same(sqrt(9, 16), "3", "an extra argument is ignored")
  local a, b = floor(2.5)
  same(a, "2")
  expect_eq(b, nil, "one result")
end
other_arguments()

-- another function under the name: called as any other, sees this function's locals as they are, and its
-- debug.setlocal reaches them
local function replaced_functions()
  local sqrt = function(x) return "mine " .. x end
  local total = 1 + 1
  expect_eq(sqrt(total * 2), "mine 4", "a Lua function named sqrt")
  expect_eq(sqrt(total), "mine 2", "a local as its argument")
  local floor = setmetatable({}, { __call = function(self, x) return x * 10 end })
  same(floor(total + 1), "30", "a callable table named floor")
  local seen
  local abs = function()
    for i = 1, 10 do
      local name, value = debug.getlocal(2, i)
      if name == "acc" then seen = value end
      if name == "acc" then debug.setlocal(2, i, value + 100) end
    end
    return 0
  end
  local acc = 0
  for i = 1, 5 do acc = acc + i end
  local r = abs(acc)
  same(seen, "15", "the caller's numeric local seen by debug.getlocal")
  same(acc, "115", "and changed by debug.setlocal")
  same(r, "0")
  -- the library's function replaced in the table between calls of the same site
  local saved = math.floor
  local out = {}
  for i = 1, 3 do
    if i == 2 then math.floor = function(x) return "replaced" end end
    out[i] = tostring(math.floor(i + 0.5))
    if i == 2 then math.floor = saved end
  end
  expect_eq(table.concat(out, " "), "1 replaced 3", "a site whose callee changes")
  local nothing
  expect_error(function() local sqrt = nothing; local r = sqrt(4) return r end,
    "attempt to call local 'sqrt' (a nil value)")
end
replaced_functions()

-- functions of two numbers: max, min, pow, atan2, fmod, their edge cases, and the calls that are not such calls
local max, min, pow, atan2, fmod = math.max, math.min, math.pow, math.atan2, math.fmod
local function two_numbers()
  local zero = 1 - 1
  local nz, nan, inf = zero * -1, zero / zero, 1 / zero
  same(max(zero, nz), "-0", "max(0, -0) is the second")
  same(max(nz, zero), "0", "max(-0, 0) is the second")
  same(min(zero, nz), "-0", "min(0, -0)")
  same(max(nan, 1 + zero), "1", "max(nan, 1)")
  same(max(1 + zero, nan), "nan", "max(1, nan)")
  same(min(nan, 1 + zero), "1", "min(nan, 1)")
  same(min(1 + zero, nan), "nan", "min(1, nan)")
  same(max(-inf, inf), "inf")
  same(pow(2 + zero, 0.5), "1.4142135623730951", "pow")
  same(pow(nz, -1), "-inf", "pow(-0, -1)")
  same(atan2(nz, -1 + zero), "-3.1415926535897931", "atan2(-0, -1)")
  same(fmod(-7 + zero, 3), "-1", "fmod(-7, 3)")
  same(fmod(7 + zero, inf), "7", "fmod(7, inf)")
  same(fmod(7 + zero, zero), "nan", "fmod(7, 0)")
  local t, s = {}, 0
  for i = 1, 10 do
    local hi, lo = max(i, 5), min(i * 0.5, 3)
    s = s + hi - lo
    t[#t + 1] = max(i % 3, 1)
  end
  same(s, "42.5", "in a loop")
  expect_eq(table.concat(t, " "), "1 2 1 1 2 1 1 2 1 1", "results stored in a table")
  same(max("10", 9), "10", "a numeric string")
  same(min(2, "0x1"), "1", "a numeric string second")
  expect_error(function() local r = max(1, nil) return r end, "bad argument #2 to 'max' (number expected, got nil)")
  expect_error(function() local r = min({}, 1) return r end, "bad argument #1 to 'min' (number expected, got table)")
  expect_error(function() local r = fmod(1) return r end, "bad argument #2 to 'fmod' (number expected, got no value)")
  same(max(1, 7, 3), "7", "three arguments")
  same(min(4), "4", "one argument")
  local max = function(a, b) return "mine" end
  expect_eq(max(1, 2), "mine", "a Lua function named max")
end
two_numbers()

-- a numeric loop full of such calls, its result checked against the values LuaJIT computes
local function numeric_loop()
  local a1, a2, a3 = 0, 0, 0
  for k = 1, 1000 do
    local sk, ck = sin(k), cos(k)
    a1 = a1 + 1 / sqrt(k)
    a2 = a2 + sk * sk + ck * ck
    a3 = a3 + abs(sk) - floor(ck)
  end
  expect_eq(string.format("%.9f %.9f %.9f", a1, a2, a3), "61.801008765 1000.000000000 1135.839697329")
end
numeric_loop()

-- max and min of three or four numbers (their body for two applied from the left), and a call whose last argument
-- is such a call (floor(sqrt(n)): Lua passes all the inner call's results), also when the inner callee gives more
-- or fewer results than one, or the outer is another function under the name
local function folds_and_nested_calls()
  local zero = 1 - 1
  local nz, nan = zero * -1, zero / zero
  local t = {}
  for i = 1, 6 do
    t[#t + 1] = max(i, 7 - i, 3.5) + min(i, 4 - zero, 2.5, i * 0.5)
  end
  expect_eq(table.concat(t, " "), "6.5 6 5.5 6 7.5 8.5", "three and four arguments")
  same(max(zero, nz, zero), "0", "max(0, -0, 0)")
  same(max(nz, zero, nz), "-0", "max(-0, 0, -0)")
  same(min(nan, 1 + zero, 2), "1", "min(nan, 1, 2)")
  same(max(1 + zero, 2, nan), "nan", "max(1, 2, nan)")
  same(max(1 + zero, "5", 2), "5", "a numeric string third")
  expect_error(function() local r = max(1 + zero, 2, {}) return r end,
    "bad argument #3 to 'max' (number expected, got table)")
  expect_error(function() local r = min(1 + zero, 2, 3, nil) return r end,
    "bad argument #4 to 'min' (number expected, got nil)")
  local s = 0
  for i = 1, 50 do
    s = s + floor(sqrt(i)) + max(i % 7, floor(i / 3)) + min(2, abs(cos(i)))
  end
  same(s, "676.82983433234892", "nested in a loop")
  same(floor(sqrt("17")), "4", "a string into the inner call")
  local sqrt = function(x) return x, x + 1 end
  same(max(1 + zero, sqrt(5)), "6", "an inner function of two results passes both")
  local none = function() end
  same(max(9 + zero, none()), "9", "an inner function of no result passes none")
  local floor = function(...) return select("#", ...) end
  same(floor(math.sqrt(4 + zero)), "1", "another outer function gets the one result")
  same(floor(1, math.sqrt(4 + zero)), "2")
  -- a function of two numbers that does not fold, under a folding function's name: its third argument ignored
  local max, bxor = math.atan2, math.fmod
  local u = 0
  for i = 1, 60 do u = u + max(1 + zero, 2, i) + bxor(7 + zero, 4, 3, i) end
  same(u, "207.81885654004853", "no fold for atan2 and fmod")
end
folds_and_nested_calls()

-- a function passed in and called in a loop, its one result used as a number (integrate(f)'s f(omega * x), given
-- math.cos): a number function's body where the callee is one, any other callee called as any other, its errors,
-- stack levels and view of the caller's locals unchanged
local function apply(f, n)
  local s = 0
  for i = 1, n do s = s + f(i * 0.5) end
  return s
end
local function apply2(g, n)
  local s = 0
  for i = 1, n do s = s + g(i, 2.5) end
  return s
end
local function parameter_calls()
  same(apply(math.sqrt, 8), "11.530083545991269", "math.sqrt passed in")
  same(apply(math.floor, 5), "6", "math.floor")
  same(apply(math.cos, 3), "1.4886220694262153", "math.cos")
  same(apply2(math.max, 4), "12", "math.max")
  same(apply2(math.fmod, 4), "5", "math.fmod")
  same(apply(function(x) return x * 2 end, 4), "10", "a Lua function")
  same(apply(setmetatable({}, { __call = function(_, x) return x end }), 4), "5", "a callable table")
  same(apply(function() return "3" end, 2), "6", "a string result, converted by +")
  same(apply(function(x) return x, 100 end, 2), "1.5", "the first of two results")
  expect_error(function() apply(function() return {} end, 2) end, "attempt to perform arithmetic")
  expect_error(function() apply(nil, 2) end, "attempt to call local 'f' (a nil value)")
  expect_error(function() apply(string.rep, 2) end, "bad argument #2 to 'f' (number expected, got no value)")
  local seen = {}
  apply(function(x)
    local name, value = debug.getlocal(2, 3)
    seen[#seen + 1] = name .. "=" .. value
    return x
  end, 3)
  expect_eq(table.concat(seen, " "), "s=0 s=0.5 s=1.5", "the caller's locals as they are at each call")
  local where
  apply(function(x) where = debug.getinfo(2, "Sl").currentline return x end, 1)
  expect_true(where and where > 0, "the caller's line")
end
parameter_calls()
