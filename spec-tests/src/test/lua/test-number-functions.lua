-- A function of numbers that calls itself (compiled, it runs as a method on doubles: NumberFunction) gives what
-- the interpreter gives, LuaJIT's results: integers, fractions, -0, NaN and infinities, every comparison, and it
-- goes the ordinary way when its arguments are no numbers, a debug hook is set or its upvalue was rebound.

local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
expect_eq(fib(25), 75025)
expect_eq(tostring(fib(30)), "832040")
expect_eq(fib(3.5), 3.5) -- fib(2.5) + fib(1.5) = (1.5 + 0.5) + 1.5: fractions stay fractions

local function ack(m, n)
  if m == 0 then return n + 1 end
  if n == 0 then return ack(m - 1, 1) end -- a tail call of itself
  return ack(m - 1, (ack(m, n - 1)))
end
expect_eq(ack(2, 3), 9)
expect_eq(ack(3, 5), 253)

local function tak(x, y, z)
  if y >= x then return z end
  return tak(tak(x - 1, y, z), tak(y - 1, z, x), tak(z - 1, x, y))
end
expect_eq(tak(18, 12, 6), 7)
expect_eq(tak(9.5, 4.25, 1.5), 2.25)

local function gcd(a, b) if b == 0 then return a end return gcd(b, a % b) end
expect_eq(gcd(1071, 462), 21)
expect_eq(gcd(1e6, 7), 1)

-- arithmetic as LuaJIT does it on doubles, through a recursion of one level
local function mod(a, b, n) if n == 0 then return a % b end return mod(a, b, n - 1) end
expect_list({ mod(-5, 3, 1), mod(5, -3, 1), mod(5.5, 2, 1), mod(-0, 1, 1) }, { 1, -1, 1.5, 0 })
expect_eq(tostring(mod(5, math.huge, 1)), tostring(0 / 0))
expect_eq(tostring(mod(5, 0, 1)), tostring(0 / 0))
local function neg(x, n) if n == 0 then return -x end return neg(x, n - 1) end
expect_eq(tostring(neg(0, 1)), "-0")
expect_eq(1 / neg(0, 1), -math.huge)
expect_eq(neg(-2.5, 3), 2.5)
local function negzero(n) if n == 0 then return -0 end return negzero(n - 1) end
expect_eq(1 / negzero(3), -math.huge) -- the constant -0 kept
local function pow(a, b, n) if n == 0 then return a ^ b end return pow(a, b, n - 1) end
expect_eq(pow(2, 10, 1), 1024)
expect_eq(pow(0, -1, 1), math.huge)
expect_true(pow(-8, 1 / 3, 1) ~= pow(-8, 1 / 3, 1), "NaN")
local function div(a, b, n) if n == 0 then return a / b end return div(a, b, n - 1) end
expect_list({ div(1, 0, 1), div(-1, 0, 1), div(7, 2, 1) }, { math.huge, -math.huge, 3.5 })
expect_true(div(0, 0, 1) ~= div(0, 0, 1), "0/0 is NaN")

-- past the int range, and past 2^53 where doubles round
local function pow2(n) if n == 0 then return 1 end return 2 * pow2(n - 1) end
expect_eq(tostring(pow2(40)), "1099511627776")
expect_eq(pow2(31), 2147483648)
expect_eq(pow2(32) - 1, 4294967295)
expect_true(pow2(53) + 1 == pow2(53))
expect_eq(tostring(pow2(70)), "1.1805916207174e+21")

-- every comparison, both ways round, with constants and registers, and NaN (every ordered test false)
local nan = 0 / 0
local function compare(a, b, n)
  if n > 0 then return compare(a, b, n - 1) end
  local r = 0
  if a < b then r = r + 1 end
  if a <= b then r = r + 2 end
  if a > b then r = r + 4 end
  if a >= b then r = r + 8 end
  if a == b then r = r + 16 end
  if a ~= b then r = r + 32 end
  if not (a < 1) then r = r + 64 end
  if 1 <= a then r = r + 128 end
  return r
end
expect_eq(compare(1, 2, 1), 1 + 2 + 32 + 64 + 128)
expect_eq(compare(2, 2, 1), 2 + 8 + 16 + 64 + 128)
expect_eq(compare(3, 2, 1), 4 + 8 + 32 + 64 + 128)
expect_eq(compare(0, 2, 1), 1 + 2 + 32)
expect_eq(compare(nan, 2, 1), 32 + 64)
expect_eq(compare(nan, nan, 1), 32 + 64)
expect_eq(compare(-0, 0, 1), 2 + 8 + 16)

-- deep recursion as deep as the ordinary path goes, and a runaway one is the same catchable error
local function depth(n) if n == 0 then return 0 end return 1 + depth(n - 1) end
expect_eq(depth(60000), 60000)
local down_line = debug.getinfo(1, "l").currentline + 1
local function down(n) if n == 0 then return 0 end return down(n - 1) + 1 end
local ok, err = pcall(down, 1e9)
expect_false(ok)
expect_eq(err, "test-number-functions.lua:" .. down_line .. ": stack overflow")
expect_eq(depth(1000), 1000) -- usable afterwards
local function sum(n, acc) if n == 0 then return acc end return sum(n - 1, acc + n) end
expect_eq(sum(1000000, 0), 500000500000) -- tail calls: no depth at all

-- arguments that are no numbers: the ordinary path, with its coercions and errors
expect_error(fib, "attempt to compare string with number", "10")
expect_eq(mod("7", 4, 1), 3)
expect_error(ack, "attempt to perform arithmetic on local 'n' (a nil value)", 3)
expect_error(fib, "attempt to compare nil with number")
expect_eq(fib(10, "extra", {}), 55) -- arguments past the parameters are dropped

-- the upvalue rebound: the function calls what it holds now
local function count(n) if n == 0 then return 0 end return count(n - 1) + 1 end
local first = count
count = function(n) return 100 end
expect_eq(first(5), 101)

-- a global function of numbers (its environment's field checked at entry), rebound, or in an environment that
-- only inherits it (a metamethod: the ordinary path)
function global_fib(n) if n < 2 then return n end return global_fib(n - 1) + global_fib(n - 2) end
expect_eq(global_fib(20), 6765)
local saved = global_fib
global_fib = function(n) return 100 end
expect_eq(saved(5), 200)
global_fib = saved
local env = setmetatable({}, { __index = _G })
setfenv(saved, env)
expect_eq(saved(20), 6765)
env.global_fib = function(n) return 1 end
expect_eq(saved(5), 2)
global_fib = nil

-- a debug hook sees every call
local calls = 0
debug.sethook(function() if debug.getinfo(2, "f").func == fib then calls = calls + 1 end end, "c")
local r = fib(10)
debug.sethook()
expect_eq(r, 55)
expect_eq(calls, 177)

-- in a coroutine, between yields
local co = coroutine.wrap(function(n)
  local x = fib(n)
  local y = coroutine.yield(x)
  return fib(y)
end)
expect_eq(co(20), 6765)
expect_eq(co(21), 10946)

-- a leaf function of one or two numbers (no call at all), called in a loop from an upvalue or a parameter with its
-- result used as a number, runs as a method on doubles too: the same results, and the ordinary call for anything else
local function A(i, j) local ij = i + j - 1 return 1.0 / (ij * (ij - 1) * 0.5 + i) end
local function row(i, n) local s = 0 for j = 1, n do s = s + A(i, j) * 2 end return s end
expect_eq(string.format("%.12f", row(3, 100)), "1.414393088482")
local function half(x) return x / 2 end
local function halves(n) local s = 0 for i = 1, n do s = s + half(i - 3) end return s end
expect_eq(halves(6), 1.5)
local function negate(x) return -x end
local function signs(n) local s = 0 for i = 1, n do s = s + 1 / negate(i - 1) end return s end
expect_eq(signs(1), -math.huge) -- 1 / -0
local function apply(f, n) local s = 0 for i = 1, n do s = s + f(i, 0.5) end return s end
expect_eq(apply(function(x, y) return x * y end, 4), 5)
expect_eq(apply(function(x, y) return x % y + y ^ 2 end, 4), 1)
expect_true(apply(function(x, y) return (x - x) / 0 end, 2) ~= apply(function(x, y) return (x - x) / 0 end, 2), "NaN")
-- not numbers: the ordinary call, with its coercions and errors
local function strings(n) local s = 0 for i = 1, n do s = s + half(tostring(i)) end return s end
expect_eq(strings(4), 5)
local function missing(n) local s = 0 for i = 1, n do s = s + A(i) end return s end
expect_error(missing, "attempt to perform arithmetic on local 'j' (a nil value)", 3)
local function texts(n) local s = 0 for i = 1, n do s = s + half(i) end return s end
local saved_half = half
half = function(x) return tostring(x * 2) end -- a string, coerced by the addition
expect_eq(texts(3), 12)
half = saved_half
expect_eq(texts(3), 3)
-- a debug hook sees every call
local hooked = 0
debug.sethook(function() if debug.getinfo(2, "f").func == half then hooked = hooked + 1 end end, "c")
expect_eq(texts(10), 27.5)
debug.sethook()
expect_eq(hooked, 10)
-- a global leaf, and one rebound to a function that is none
function global_area(w, h) return (w - h) * 2 end
local function areas(n) local s = 0 for i = 1, n do s = s + global_area(i, 3) end return s end
expect_eq(areas(4), -4)
global_area = function(w, h) return w end
expect_eq(areas(4), 10)
global_area = nil
expect_error(areas, "attempt to call global 'global_area' (a nil value)", 2)

-- a leaf of up to six numbers whose only calls are of library number functions read from upvalues (md5's tr_f with
-- bit functions, a fold of three and nested calls among them; a vector's length through sqrt, a tail call) runs as
-- a method on doubles when its fastCall gets numbers: the same results, and the ordinary call for anything else
local bit = require "bit"
local rol, bxor, band, bor, bnot = bit.rol, bit.bxor, bit.band, bit.bor, bit.bnot
local sqrt, floor, max = math.sqrt, math.floor, math.max
local function tr_f(a, b, c, d, x, s) return rol(bxor(d, band(b, bxor(c, d))) + a + x, s) + b end
local function tr_h(a, b, c, d, x, s) return rol(bxor(b, c, d) + a + x, s) + b end
local function tr_i(a, b, c, d, x, s) return rol(bxor(c, bor(b, bnot(d))) + a + x, s) + b end
local function length(x, y, z) return sqrt(x * x + y * y + z * z) end
local function dot(x1, y1, z1, x2, y2, z2) return x1 * x2 + y1 * y2 + z1 * z2 end
local function clampdiv(a, b, c) return max(floor(a / b), c) end
local function rounds(n)
  local s, t, u = 0, 0, 0
  for i = 1, n do
    s = (s + tr_f(i, 2 * i, 3 * i, 0x7fffffff - i, 0xd76aa478, i % 32) + tr_h(s, i, -i, 0x80000000, i * 0.5, 7)
      + tr_i(i, s, 0xfffff, -1, 2 ^ 40 + i, 31)) % 2 ^ 40
    t = t + length(i, 2, -3) + dot(1, 2, 3, i, i * 0.25, -i)
    u = u + clampdiv(i, 7, 3) + clampdiv(-i, 0.5, -10)
  end
  return string.format("%.17g %.17g %.17g", s, t, u)
end
expect_eq(rounds(300), "776531827632 -22540.214540676108 3380")
local zero = 0
expect_eq(tostring(length(-zero, zero, zero)), "0")
expect_eq(tostring(dot(1 / zero, 0, 0, 0, 0, 0)), tostring(0 / zero), "inf * 0")
expect_eq(tostring(dot(-zero, -zero, -zero, 1, 1, 1)), "-0")
expect_eq(tr_h(1.5, 2 ^ 33, -7, 0 / zero, 1, 3), 8589934567, "NaN and 2^33 to tobit")
expect_eq(dot(1, 2, 3, 4, 5, 6, 7, 8), 32, "extra arguments ignored")
-- not numbers: the ordinary call, its coercions and errors (at the leaf's line)
expect_eq(length("3", 4, 0), 5)
expect_error(function() return dot(1, 2, 3, 4, 5) end, "attempt to perform arithmetic on local 'z2' (a nil value)")
expect_error(function() return tr_f(1, 2, 3, 4, 5) end, "bad argument #2 to 'rol'")
-- a library function's upvalue rebound: to another library function, taken by its body; to a Lua function or one
-- without a body for numbers, the ordinary call
local function shifts(n) local s = 0 for i = 1, n do s = s + tr_h(i, 1, 2, 3, 4, 5) end return s end
local before = shifts(250)
rol = math.max
expect_eq(shifts(250), 32625, "math.max under the name rol")
rol = function(x, k) return k end
expect_eq(shifts(250), 1500, "a Lua function")
rol = bit.rol
expect_eq(shifts(250), before)
bxor = math.fmod
local function remainders(n) local s = 0 for i = 1, n do s = s + tr_h(i, 7, 4, 3, 0, 0) end return s end
expect_eq(remainders(3), 36, "fmod(7, 4, 3): a function of two that does not fold")
bxor = bit.bxor
-- a debug hook sees every call (of a leaf without library calls: LuaJIT's hooks skip its fast functions, which
-- this runtime's do not)
local seen = 0
debug.sethook(function() if debug.getinfo(2, "f").func == dot then seen = seen + 1 end end, "c")
local total = 0
for i = 1, 10 do total = total + dot(i, 0, 0, 1, 0, 0) end
debug.sethook()
expect_eq(total, 55)
expect_eq(seen, 10)
-- in a coroutine, between yields
local lengths = coroutine.wrap(function()
  local x = length(3, 4, 0)
  local y = coroutine.yield(x)
  return dot(y, y, y, 1, 2, 3)
end)
expect_eq(lengths(), 5)
expect_eq(lengths(2), 12)
