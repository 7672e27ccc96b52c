-- LuaJIT's bit library (BitOp) and jit module.
expect_eq(bit.tobit(2^32 + 5), 5)
expect_eq(bit.tobit(0xffffffff), -1)
expect_eq(bit.tobit(1.5), 2, "rounded to nearest, ties to even")
expect_eq(bit.tobit(2.5), 2)
expect_eq(bit.tohex(255), "000000ff")
expect_eq(bit.tohex(-1, -4), "FFFF")
expect_eq(bit.tohex(0x1234, 2), "34")
expect_eq(bit.band(0xff, 0x0f, 0x3), 3)
expect_eq(bit.bor(1, 2, 4), 7)
expect_eq(bit.bxor(5, 3), 6)
expect_eq(bit.bnot(0), -1)
expect_eq(bit.lshift(1, 31), -2147483648)
expect_eq(bit.lshift(1, 32), 1, "shift counts are taken mod 32")
expect_eq(bit.rshift(-1, 28), 15)
expect_eq(bit.arshift(-256, 4), -16)
expect_eq(bit.rol(0x12345678, 8), 0x34567812)
expect_eq(bit.ror(0x12345678, 8), 0x78123456)
expect_eq(bit.bswap(0x12345678), 0x78563412)
expect_error(function() bit.band(1, "x") end, "bad argument #2 to 'band' (number expected, got string)")
expect_eq(require("bit"), bit)

-- Calls with exactly one or two arguments take the functions' fixed-arity bodies; through an argument list
-- (pcall, unpack, a third argument) the general ones: both give the same results and the same errors.
local two = {band = 0x0f, bor = 6, bxor = 3, lshift = 35, rshift = 2, arshift = 1, rol = 33, ror = 31}
for name, y in pairs(two) do
  local f = bit[name]
  for _, x in ipairs({0, 1, -1, 0x12345678, 2^31, -2^31, 2.5, "7", 2^40 + 3}) do
    local direct = f(x, y)
    expect_eq(direct, select(2, pcall(f, x, y)), name .. " through pcall")
    expect_eq(direct, f(unpack({x, y})), name .. " through unpack")
  end
  -- (LuaJIT names the function as the call site does: 'f' here)
  expect_error(function() f(1, {}) end, "bad argument #2 to 'f' (number expected, got table)")
  expect_error(function() f(nil, 1) end, "bad argument #1 to 'f' (number expected, got nil)")
end
for _, name in ipairs({"lshift", "rshift", "arshift", "rol", "ror"}) do
  local f = bit[name]
  expect_error(function() f(1) end, "bad argument #2 to 'f' (number expected, got no value)")
end
expect_eq(bit.band(6), 6, "one argument")
expect_eq(bit.band(7, 5, 4), 4, "a third argument")
expect_eq(bit.bnot(5), select(2, pcall(bit.bnot, 5)))
expect_eq(bit.tobit("12"), 12)
expect_error(function() bit.tobit() end, "bad argument #1 to 'tobit' (number expected, got no value)")
expect_error(function() bit.bnot(false) end, "bad argument #1 to 'bnot' (number expected, got boolean)")
for _, name in ipairs({"floor", "sqrt", "abs", "sin", "ceil"}) do
  local f = math[name]
  for _, x in ipairs({0, 1.5, -2.5, 16, "9", 1/0}) do
    expect_eq(tostring(f(x)), tostring(select(2, pcall(f, x))), "math." .. name)
  end
  expect_error(function() f({}) end, "bad argument #1 to 'f' (number expected, got table)")
end
expect_eq(math.fmod(-7, 3), select(2, pcall(math.fmod, -7, 3)))
expect_error(function() math.fmod(1) end, "bad argument #2 to 'fmod' (number expected, got no value)")
expect_error(function() math.pow(2, "x") end, "bad argument #2 to 'pow' (number expected, got string)")

-- Calls under a bit function's own name with numbers (local band = bit.band; band(x, 0xff)): compiled code calls the
-- function's body for numbers with the doubles, nothing boxed between nested calls; the same results as the general
-- body (the oracle below calls through a key in a register, which no compiled path recognizes) on every kind of
-- number, and strings, nil and tables still take the general body, with its conversions and errors.
do
  local band, bor, bxor, lshift, rshift = bit.band, bit.bor, bit.bxor, bit.lshift, bit.rshift
  local arshift, rol, ror, bnot, tobit = bit.arshift, bit.rol, bit.ror, bit.bnot, bit.tobit
  local general = {}
  local function oracle(name, x, y) return bit[name](x, y) end
  local xs = {0, 1, -1, 7, 0x12345678, 2^31, -2^31, 2^32 + 5, 2^52 + 1, 2^53, -2^53, 1.5, 2.5, -1.5, -0.0,
    123456789.49, 1e300, -1e300, 1 / 0, -1 / 0, 0 / 0}
  local ys = {0, 1, 3, 31, 32, 33, -1, 2.5, 0xff, -2^31}
  for round = 1, 3 do
    for _, x in ipairs(xs) do
      for _, y in ipairs(ys) do
        local results = {band(x, y), bor(x, y), bxor(x, y), lshift(x, y), rshift(x, y), arshift(x, y), rol(x, y),
          ror(x, y), bnot(x), tobit(x)}
        local names = {"band", "bor", "bxor", "lshift", "rshift", "arshift", "rol", "ror", "bnot", "tobit"}
        for i, name in ipairs(names) do
          expect_eq(results[i], oracle(name, x, y), name .. "(" .. tostring(x) .. ", " .. tostring(y) .. ")")
        end
        -- nested: the inner results and the arithmetic between them stay numbers
        local nested = band(rshift(x, y) + 1, lshift(bxor(x, 0x55), 2)) + rol(x * 2, y)
        expect_eq(nested, oracle("band", oracle("rshift", x, y) + 1, oracle("lshift", oracle("bxor", x, 0x55), 2))
          + oracle("rol", x * 2, y))
      end
    end
  end
  -- three and four arguments (the body for two from the left), and calls whose last argument is such a call
  -- (md5's rounds: Lua passes all the inner call's results)
  local function oracle3(name, x, y, z) return bit[name](x, y, z) end
  for round = 1, 3 do
    for _, x in ipairs(xs) do
      for _, y in ipairs(ys) do
        local z = x * 3 + y
        expect_eq(bxor(x, y, z), oracle3("bxor", x, y, z), "bxor(" .. tostring(x) .. ", " .. tostring(y) .. ", z)")
        expect_eq(band(x, y, z, -1), oracle3("band", x, y, z), "band of four")
        expect_eq(bor(y, z, x), oracle3("bor", y, z, x), "bor of three")
        local f = rol(bxor(y, band(x, bxor(z, y))) + x + 7, 5) + x
        expect_eq(f, oracle("rol", oracle("bxor", y, oracle("band", x, oracle("bxor", z, y))) + x + 7, 5) + x,
          "nested last arguments")
        expect_eq(bxor(z, bor(x, bnot(y))), oracle("bxor", z, oracle("bor", x, oracle("bnot", y))))
      end
    end
  end
  expect_eq(bxor(1, 2, "4"), 7, "a string third")
  expect_error(function() local r = bxor(1, 2, {}) return r end,
    "bad argument #3 to 'bxor' (number expected, got table)")
  expect_error(function() local r = bor(1, 2, 3, nil) return r end, "bad argument #4 to 'bor' (number expected, got nil)")
  do
    local rol = function(x, y) return x, y end
    expect_eq(band(7, rol(3, 5)), 1, "an inner function of two results passes both")
    local lshift = function() end
    expect_eq(bor(6, lshift(1, 1)), 6, "an inner function of no result passes none")
    local band = function(...) return select("#", ...) end
    expect_eq(band(bit.rol(1, 2)), 1, "another outer function gets the one result")
  end
  local sieve = {}
  for i = 0, 31 do sieve[i] = -1 end
  for j = 4, 1000, 2 do
    local jx = rshift(j, 5)
    sieve[jx] = band(sieve[jx], rol(-2, j))
  end
  expect_list({sieve[0], sieve[1], sieve[31]}, {-1431655761, -1431655766, -342}, 3, "as luajit computes them")
  local function mask(v) local m = band(v, 0xff) return m end
  for i = 1, 300 do expect_eq(mask(i), i % 256) end
  expect_eq(mask("258"), 2, "a string takes the general body")
  expect_error(function() mask({}) end, "bad argument #1 to 'band' (number expected, got table)")
  expect_error(function() local r = lshift(nil, 1) return r end, "bad argument #1 to 'lshift' (number expected, got nil)")
end

expect_eq(jit.version, "LuaJIT 2.1.0-beta3")
expect_eq(jit.version_num, 20100)
expect_eq(type(jit.os), "string")
expect_eq(type(jit.arch), "string")
jit.on(); jit.off(function() end, true); jit.flush(); jit.opt.start(3)
expect_eq(jit.status(), false)
for _, option in ipairs({"prng", "strhash", "strid", "mcode"}) do
  local level = jit.security(option)
  expect_true(type(level) == "number" and level >= 0 and level <= 3, option)
end
expect_error(function() jit.security("x") end, "invalid option 'x'")
expect_error(function() jit.security() end, "bad argument #1 to 'security' (string expected, got no value)")
expect_eq(require("jit"), jit)

local new = require("table.new")
local t = new(10, 4)
expect_eq(type(t), "table")
expect_eq(next(t), nil)
local clear = require("table.clear")
local full = {1, 2, a = 3}
clear(full)
expect_eq(next(full), nil)
for _, name in ipairs({"ffi", "jit.util", "jit.profile"}) do
  expect_error(function() require(name) end, "not supported on the JVM")
end
