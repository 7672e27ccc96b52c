-- Arithmetic on the edge cases, each computed three ways that compiled code takes different paths for: a numeric
-- for loop's variable with a constant (counted in a JVM int: see CountedLoops), two values read from a table
-- (LuaJ's numbers, boxed), and constants. Every result is compared as LuaJIT prints it, so -0 and 0 differ.
-- Each part is a function of its own, so that it runs compiled too.

local function text(v) return type(v) == "number" and string.format("%.14g", v) or tostring(v) end
local function same(actual, expected, label) expect_eq(text(actual), expected, label) end

-- an integer loop variable meeting a constant: results outside the int range become floats, as in LuaJIT
local function loop_variable_with_constants()

-- an integer loop variable % a positive constant whose result goes on into arithmetic (an unboxed register): the
-- int remainder, against the double one of the same values read boxed from a table; a zero remainder is +0
local function loop_remainder_in_arithmetic()

-- a number in an unboxed register % a positive integer constant (CompiledSupport.modConstant: the int remainder of
-- an integral number, the formula for the others): fractions, -0, the int range's edges and past them, infinities
-- and NaN, as LuaJIT answers (remainder, 1 / remainder for its sign, remainder by 1)
local function number_remainder_by_constant()
  local xs = { -7.5, -7, -6, -0.0, 0, 3, 5.25, 2147483647, 2147483648, -2147483648, -2147483649, 1e300, -1e300,
    math.huge, -math.huge, 0 / 0 }
  local out = {}
  for i = 1, #xs do
    local y = xs[i] * 1
    local m = y % 3
    local n = y % 1
    out[3 * i - 2], out[3 * i - 1], out[3 * i] = m + 0, 1 / m, n + 0
  end
  for i = 1, #out do out[i] = text(out[i]) end
  expect_eq(table.concat(out, " "), "1.5 0.66666666666667 0.5 2 0.5 0 0 inf 0 0 inf 0 0 inf 0 0 inf 0 "
    .. "2.25 0.44444444444444 0.25 1 1 0 2 0.5 0 1 1 0 0 inf 0 0 inf 0 0 inf 0 nan nan nan nan nan nan nan nan nan")
end
number_remainder_by_constant()
  local ranges = { { -7, 7, "135" }, { 2147483640, 2147483647, "62" }, { -2147483648, -2147483641, "82" } }
  for _, r in ipairs(ranges) do
    local sum, boxed, v = 0, 0, {}
    for i = r[1], r[2] do
      sum = sum + i % 3 * 10 + i % 1 - 1
      v[1] = i
      boxed = boxed + v[1] % 3 * 10 + v[1] % 1 - 1
    end
    same(sum, r[3], "remainders " .. r[1] .. ".." .. r[2])
    same(boxed, r[3], "boxed remainders " .. r[1] .. ".." .. r[2])
  end
  for i = -5, -5 do
    local z = i % 5 * 1
    same(1 / z, "inf", "-5 % 5 is +0")
  end
end
loop_remainder_in_arithmetic()
  for i = 2147483647, 2147483647 do
    same(i + 1, "2147483648", "max + 1")
    same(i * 2, "4294967294", "max * 2")
    same(i * i, "4.6116860141324e+18", "max * max")
    same(-i - 2, "-2147483649", "-max - 2")
  end
  for i = -2147483648, -2147483648 do
    same(i - 1, "-2147483649", "min - 1")
    same(-i, "2147483648", "-min")
    same(i * -1, "2147483648", "min * -1")
    same(i % -1, "0", "min % -1")
    same(i / -1, "2147483648", "min / -1")
  end
  for i = 65536, 65536 do same(i * i, "4294967296", "65536 * 65536") end
  for i = 0, 0 do
    same(i * -1, "-0", "0 * -1")
    same(-i, "-0", "-0")
    same(i / -1, "-0", "0 / -1")
    same(i - 0, "0", "0 - 0")
    same(i / 0, "nan", "0 / 0")
    same(i % 0, "nan", "0 % 0")
  end
  for i = 5, 5 do
    same(i / 0, "inf", "5 / 0")
    same(-i / 0, "-inf", "-5 / 0")
    same(i % 0, "nan", "5 % 0")
    same(i % -3, "-1", "5 % -3")
    same(-i % 3, "1", "-5 % 3")
    same(i % 3.5, "1.5", "5 % 3.5")
    same(i % math.huge, "nan", "5 % huge")
    same(i / 2, "2.5", "5 / 2")
    same(i ^ -1, "0.2", "5 ^ -1")
    same(i ^ 0.5, "2.2360679774998", "5 ^ 0.5")
  end
  for i = -6, -6 do
    same(i % 4, "2", "-6 % 4")
    same(i % -4, "-2", "-6 % -4")
    same(i % 3, "0", "-6 % 3")
  end
end
loop_variable_with_constants()

-- the same operations on values read from a table (boxed), and on constants
local function boxed_and_constant()
  local v = { max = 2147483647, min = -2147483648, zero = 0, five = 5, huge = math.huge, nan = 0 / 0 }
  same(v.max + 1, "2147483648")
  same(v.max * v.max, "4.6116860141324e+18")
  same(v.min - 1, "-2147483649")
  same(-v.min, "2147483648")
  same(v.zero * -1, "-0")
  same(-v.zero, "-0")
  same(v.zero / -1, "-0")
  same(v.five % 0, "nan")
  same(v.five % v.huge, "nan")
  same(-v.five % v.huge, "nan")
  same(v.five % -v.huge, "nan")
  same(v.huge % 2, "nan")
  same(v.five % -3, "-1")
  same(-v.five % 3, "1")
  same(v.nan + 1, "nan")
  same(2 ^ 53 + 1, "9.007199254741e+15")
  same(2 ^ 53 + 1 == 2 ^ 53, "true", "past 2^53 integers are not exact")
  same(0 * -1, "-0")
  same(5 % -3, "-1")
  same(-5 % 3, "1")
  same(math.huge - math.huge, "nan")
  same(-(0 / 0) ~= -(0 / 0), "true")
end
boxed_and_constant()

-- NaN compares unequal and unordered to everything, itself included, on every path
local function nan_comparisons()
  local nan, one = 0 / 0, 1
  expect_false(nan == nan)
  expect_true(nan ~= nan)
  expect_false(nan < one)
  expect_false(nan > one)
  expect_false(nan <= nan)
  expect_false(nan >= one)
  expect_false(not (nan ~= one))
  for i = 1, 1 do
    expect_false(nan < i)
    expect_false(i < nan)
    expect_false(i <= nan)
    expect_true(i ~= nan)
  end
  local t = {}
  expect_error(function() t[nan] = 1 end, "table index is NaN")
  expect_eq(t[nan], nil)
end
nan_comparisons()

-- strings that read as numbers take part in arithmetic (a number out), not in comparison
local function string_coercion()
  for i = 1, 1 do
    same(i + "10", "11")
    same("0x10" + i, "17")
    same(" 5 " * i, "5")
    same("1e1" - i, "9")
    same(i / "4", "0.25")
    same("7" % i, "0")
    same(-"2", "-2")
  end
  local s = "10"
  same(s + 1, "11")
  same(s .. 1, "101")
  same(s * "2", "20")
  same(("3"):rep(2) + 0, "33")
  expect_error(function() return s + "x" end, "attempt to perform arithmetic on a string value")
  expect_error(function() for i = 1, 1 do return i + "x" end end, "attempt to perform arithmetic on a string value")
  -- the operand blamed: the left one unless it reads as a number (a numeric string does), as LuaJIT does
  local x, t = "x", {}
  expect_error(function() return s + x end, "attempt to perform arithmetic on upvalue 'x' (a string value)")
  expect_error(function() return x + s end, "attempt to perform arithmetic on upvalue 'x' (a string value)")
  expect_error(function() return 1 + x end, "attempt to perform arithmetic on upvalue 'x' (a string value)")
  expect_error(function() return s * t end, "attempt to perform arithmetic on upvalue 't' (a table value)")
  expect_error(function() return t % s end, "attempt to perform arithmetic on upvalue 't' (a table value)")
  expect_error(function() return 1 < "2" end, "attempt to compare number with string")
  expect_false(1 == "1")
end
string_coercion()

-- a table operand with metamethods: the number may be either operand, the loop variable too
local function metamethods_with_numbers()
  local log = {}
  local mt = {}
  for _, e in ipairs({ "add", "sub", "mul", "div", "mod", "pow" }) do
    mt["__" .. e] = function(a, b)
      log[#log + 1] = e .. ":" .. (type(a) == "table" and "t" or text(a)) .. "," .. (type(b) == "table" and "t" or text(b))
      return e
    end
  end
  mt.__unm = function() return "unm" end
  mt.__lt = function() return true end
  local t = setmetatable({}, mt)
  for i = 3, 3 do
    expect_eq(i + t, "add")
    expect_eq(t - i, "sub")
    expect_eq(i * t, "mul")
    expect_eq(t / i, "div")
    expect_eq(i % t, "mod")
    expect_eq(t ^ i, "pow")
  end
  expect_eq(2.5 + t, "add")
  expect_eq(t % -1, "mod")
  expect_eq(-t, "unm")
  expect_list(log, { "add:3,t", "sub:t,3", "mul:3,t", "div:t,3", "mod:3,t", "pow:t,3", "add:2.5,t", "mod:t,-1" })
  -- Lua 5.1: __lt only between two tables (or two userdata) with the same handler
  expect_error(function() return 1 < t end, "attempt to compare number with table")
  expect_true(t < setmetatable({}, mt))
  local plain = {}
  expect_error(function() for i = 1, 1 do return i + plain end end, "attempt to perform arithmetic on upvalue 'plain' (a table value)")
  expect_error(function() return plain * 2 end, "attempt to perform arithmetic on upvalue 'plain' (a table value)")
end
metamethods_with_numbers()

-- locals that arithmetic writes: compiled code keeps their numbers unboxed (JVM doubles, see NumberEmitter) and
-- boxes them only where a value leaves the arithmetic; the same edge cases, and the same local holding other values
local function unboxed_locals()
  local max, min, zero, five = 2147483646 + 1, -2147483647 - 1, 1 - 1, 2 + 3
  local a = max + 1
  same(a, "2147483648", "max + 1")
  local b = max * max
  same(b, "4.6116860141324e+18", "max * max")
  local c = min - 1
  same(c, "-2147483649", "min - 1")
  local d = -min
  same(d, "2147483648", "-min")
  local nz = zero * -1
  same(nz, "-0", "0 * -1")
  local nz2 = -zero
  same(nz2, "-0", "-0")
  same(nz == zero, "true", "-0 == 0")
  local t = {}
  t[nz] = "zero key"
  expect_eq(t[0], "zero key", "-0 indexes as 0")
  local inf = five / zero
  same(inf, "inf", "5 / 0")
  local nan = zero / zero
  same(nan, "nan", "0 / 0")
  expect_false(nan == nan)
  expect_false(nan < inf)
  expect_false(nan >= nan)
  local m1, m2, m3, m4 = five % -3, -five % 3, five % inf, five % 3.5
  same(m1, "-1", "5 % -3")
  same(m2, "1", "-5 % 3")
  same(m3, "nan", "5 % huge")
  same(m4, "1.5", "5 % 3.5")
  local half = five / 2
  same(half, "2.5", "5 / 2")
  same(math.floor(half), "2", "a double passed to a function")
  local big = 2 ^ 53
  local big1 = big + 1
  same(big1 == big, "true", "past 2^53 integers are not exact")
  -- an integral result is an integer again where that shows: as a table key and in string.format("%d")
  local k = half * 2
  t[5] = "five"
  expect_eq(t[k], "five", "2.5 * 2 indexes as 5")
  expect_eq(string.format("%d", k), "5")
  -- the same local holding a string, a table with metamethods, nil: the generic path, its messages
  local x = five + 1
  x = "10"
  x = x + 1
  same(x, "11", "a numeric string")
  local y = five * 2
  y = setmetatable({}, { __add = function(p, q) return "added" end, __unm = function() return "negated" end })
  local r = y + 1
  expect_eq(r, "added")
  r = -y
  expect_eq(r, "negated")
  local z = five - 1
  z = nil
  expect_error(function() local w = five + 0; w = nil; return w + 1 end,
    "attempt to perform arithmetic on local 'w' (a nil value)")
  expect_eq(z, nil)
  -- the operand blamed when a number kept unboxed meets a string: the other one, named
  local str = "a" .. ""
  expect_error(function() local n = five + 0; return n + str end,
    "attempt to perform arithmetic on upvalue 'str' (a string value)")
  expect_error(function() local n = five + 0; local q = "b" .. ""; return q * n end,
    "attempt to perform arithmetic on local 'q' (a string value)")
  expect_error(function() local n = five + 0; return n < str end, "attempt to compare number with string")
  -- accumulators over a loop: the sum boxed once at the end
  local s, f = 0, 0.5
  for i = 1, 1000 do
    s = s + i
    f = f * 0.5 + i
  end
  same(s, "500500", "sum of 1..1000")
  same(f, "1998", "f = f / 2 + i")
  local w = 0
  for i = 1, 3 do w = w - i * 0 end
  same(w, "0", "0 - 0 stays 0")
  -- ^ on unboxed numbers (C's pow, as LuaJIT's), and on what is no number
  local p1, p2, p3, p4 = five ^ 2, five ^ 0.5, (zero - 8) ^ (1 / 3), zero ^ zero
  same(p1, "25", "5 ^ 2")
  same(p2, "2.2360679774998", "5 ^ 0.5")
  same(p3, "nan", "-8 ^ (1/3)")
  same(p4, "1", "0 ^ 0")
  local p5, p6, p7 = nz ^ -1, nan ^ zero, (five - 3) ^ 1024
  same(p5, "-inf", "-0 ^ -1")
  same(p6, "1", "nan ^ 0")
  same(p7, "inf", "2 ^ 1024")
  local p8 = 1.1
  for i = 1, 3 do p8 = p8 ^ 1.5 + i end
  same(p8, "14.723439521155", "a loop of powers")
  local base = "2"
  local p9 = base ^ five
  same(p9, "32", "a numeric string ^ a number")
  local pm = setmetatable({}, { __pow = function(a, b) return "pow " .. type(a) .. " " .. type(b) end })
  local p10 = five ^ 1
  p10 = pm ^ p10
  expect_eq(p10, "pow table number", "__pow")
  expect_error(function() local q = five + 0; return q ^ {} end, "attempt to perform arithmetic on a table value")
end
unboxed_locals()

-- one register slot holding several locals in turn (each of its values a web of its own, see RegisterWebs): a
-- number, a string, a number again; an integer loop's counter, then a sum; a call's result or a number on the two
-- ways of an `or`; an error's operand after a loop in the slot. As LuaJIT answers.
local function reused_slots(a, n)
  local out = {}
  do local x = a * 2; out[1] = x + 1 end
  do local y = ("s"):rep(2); out[2] = y .. "!" end
  do local z = a + 0.5; for _ = 1, 3 do z = z * 2 end; out[3] = z end
  local t = {}
  for i = 1, n do t[i] = i * 0.5 end
  local sum = 0
  for i = 1, n do sum = sum + t[i] end
  out[4] = sum
  local big = 2147483647
  for i = 1, n do big = big + i end
  out[5] = big
  local v = n > 2 and a * 3 or tostring(a)
  out[6] = v
  local w = n > 100 and a * 3 or tostring(a)
  out[7] = w .. ""
  local ok, err = pcall(function() local acc = a * 1.5 for i = 1, n do acc = acc + i end return acc + {} end)
  out[8] = tostring(ok) .. " " .. err:gsub("^.-:%d+: ", "")
  for i = 1, #out do out[i] = text(out[i]) end
  return table.concat(out, " | ")
end
expect_eq(reused_slots(3, 4),
  "7 | ss! | 28 | 5 | 2147483657 | 9 | 3 | false attempt to perform arithmetic on a table value")
expect_eq(reused_slots(-0.25, 10),
  "0.5 | ss! | 2 | 27.5 | 2147483702 | -0.75 | -0.25 | false attempt to perform arithmetic on a table value")

-- an index computed by arithmetic (t[i + 1], t[j] for j = i + d): integral ones are the integer keys, -0 is 0,
-- NaN cannot be a key, metamethods get the number, a register may hold a string key between numbers
local function computed_indexes()
  local t, n = {}, 0
  for i = 1, 8 do
    local j = i + 0.5 * 2 -- a double that is integral
    t[j] = i              -- keys 2..9: the array part, then the hash part
    n = n + (t[i + 1] == i and 1 or 0)
  end
  expect_eq(n, 8, "t[j] written and read back as t[i + 1]")
  for i = 1, 3 do t[i * 100000] = "far" .. i end -- hash part
  local k = 3 * 100000
  expect_eq(t[k], "far3", "a large integral index")
  local half = k / 600000
  t[half] = "half"
  expect_eq(t[0.5], "half", "a fractional index")
  expect_eq(t[half * 4], 1, "0.5 * 4 indexes as 2")
  local zero = half - half
  local nz = zero * -1
  t[nz] = "zero"
  expect_eq(t[0], "zero", "-0 written indexes as 0")
  expect_eq(t[nz], "zero", "-0 reads as 0")
  local u = {}
  for i = 1, 3 do u[i * 100000] = i end
  u[0] = "zero"
  expect_eq(u[nz], "zero", "0 written reads as -0")
  local inf = 1 / zero
  expect_eq(t[inf], nil, "an infinite index reads nil")
  t[inf] = "inf"
  expect_eq(t[1 / 0], "inf", "an infinite key")
  local nan = zero / zero
  expect_eq(t[nan], nil, "a NaN index reads nil")
  expect_error(function() t[nan] = 1 end, "table index is NaN")
  local big = 2 ^ 31 + zero
  t[big] = "big"
  expect_eq(t[2147483648], "big", "past the int range")
  -- metamethods see the number, as LuaJIT passes it
  local seen = {}
  local proxy = setmetatable({}, {
    __index = function(_, key) return "idx" .. key end,
    __newindex = function(_, key, v) seen[#seen + 1] = key .. "=" .. v end })
  for i = 1, 2 do
    local j = i + 1
    proxy[j * 2] = j
    expect_eq(proxy[j + 0.5], "idx" .. (j + 0.5))
    expect_eq(proxy[j + zero], "idx" .. j)
  end
  expect_list(seen, { "4=2", "6=3" })
  -- the same register holding a string key, then a number again
  local r = zero + 1
  t.x = "field"
  r = "x"
  expect_eq(t[r], "field", "a string in a register arithmetic writes")
  r = r .. "" == "x" and zero + 2 or 0
  expect_eq(t[r], 1, "and a number again")
  -- indexing what is no table: the message names it
  expect_error(function() local j = zero + 1; local u = nil; return u[j] end,
    "attempt to index local 'u' (a nil value)")
  expect_error(function() local j = zero + 1; local u = 5; u[j] = 1 end,
    "attempt to index local 'u' (a number value)")
end
computed_indexes()

-- comparisons with an integer constant: compiled code compares an integer register as an int (see
-- ArithmeticEmitter.integerComparison), anything else the generic way; both orders, expected as LuaJIT answers
local function comparisons_with_integer_constants()
  local function cmp(x)
    return table.concat({ tostring(x == 5), tostring(x < 5), tostring(x <= 5), tostring(5 == x), tostring(5 < x),
      tostring(5 <= x), tostring(x == -1), tostring(x < -1), tostring(-1 <= x), tostring(x ~= 0),
      tostring(not (x > 0)), tostring(x >= 0) }, " ")
  end
  local zero = 0
  local cases = {
    { 5, "true false true true false true false false true true false true" },
    { 4, "false true true false false false false false true true false true" },
    { 6, "false false false false true true false false true true false true" },
    { -1, "false true true false false false true false true true true false" },
    { -2, "false true true false false false false true false true true false" },
    { 0, "false true true false false false false false true false true true" },
    { 10 / 2, "true false true true false true false false true true false true" },
    { 4.5, "false true true false false false false false true true false true" },
    { 1 / zero, "false false false false true true false false true true false true" },
    { -1 / zero, "false true true false false false false true false true true false" },
    { 2 ^ 31, "false false false false true true false false true true false true" },
    { -2 ^ 31 - 1, "false true true false false false false true false true true false" },
    { zero * -1, "false true true false false false false false true false true true" },
    { zero / zero, "false false false false false false false false false true true false" },
  }
  for _, case in ipairs(cases) do
    expect_eq(cmp(case[1]), case[2], "comparisons of " .. string.format("%.14g", case[1]))
  end
  -- what is no number: never equal, an error to order, in either order; no metamethod for a mixed pair
  for _, v in ipairs({ "5", {}, true }) do
    expect_false(v == 5)
    expect_false(5 == v)
    expect_error(function() return v < 5 end, "attempt to compare " .. type(v) .. " with number")
    expect_error(function() return 5 <= v end, "attempt to compare number with " .. type(v))
  end
  expect_error(function() local u; return u < 0 end, "attempt to compare nil with number")
  local t = setmetatable({}, { __lt = function() return true end, __le = function() return true end,
    __eq = function() return true end })
  expect_error(function() return t < 5 end, "attempt to compare table with number")
  expect_false(t == 5)
end
comparisons_with_integer_constants()

-- a length in arithmetic: strings, tables with a hash part and with a __len (which LuaJIT ignores for tables), a
-- buffer's __len, the error for a value without a length
local function doubled_lengths(values) -- (no closure here: registers in JVM locals, # read unboxed into a temporary)
  local sums = {}
  for i = 1, #values do
    local v = values[i]
    local n = #v + 0.5
    sums[#sums + 1] = n * 2
  end
  return sums
end

local function appended(n)
  local t = {}
  for i = 1, n do t[#t + 1] = i * i end
  return t
end

local function length_plus(s)
  local total = 0
  total = total + #s
  return total
end

local function lengths_in_arithmetic()
  local buffer = require "string.buffer"
  local values = { "", "abc", ("x"):rep(40000), {}, { 1, 2, 3 }, { 1, 2, 3, n = 3 },
    setmetatable({ 1, 2 }, { __len = function() return 99 end }), buffer.new():put("hello") }
  expect_list(doubled_lengths(values), { 1, 7, 80001, 1, 7, 7, 5, 11 })
  expect_list(appended(5), { 1, 4, 9, 16, 25 })
  expect_eq(length_plus("abcd"), 4)
  expect_error(function() return length_plus(nil) end, "attempt to get length of local 's' (a nil value)")
  expect_error(function() return length_plus(42) end, "attempt to get length of local 's' (a number value)")
end
lengths_in_arithmetic()
