-- Tables of numbers: an array part holding only numbers keeps them unboxed, and floating-point code reads and writes
-- them without boxes. Whatever the form, a table answers as LuaJIT's does: each case below runs on a table of
-- numbers and on its twin whose first slot holds a string (kept boxed), and both must agree.

local function fill(n, first)
  local t = {}
  t[1] = first
  for i = 2, n do t[i] = i + 0.5 end
  return t
end

-- floating-point code (it multiplies): the compiled form reads t[i] as a number and stores the result unboxed
local function scale(t, from, to, f)
  for i = from, to do t[i] = t[i] * f end
end

local function sum(t, from, to)
  local s = 0.0
  for i = from, to do s = s + t[i] * 1.0 end
  return s
end

for _, first in ipairs({1.5, "boxed"}) do
  local label = type(first) == "string" and "boxed" or "numbers"
  local t = fill(200, first)
  scale(t, 2, 200, 2)
  expect_eq(t[2], 5, label)
  expect_eq(t[200], 401, label)
  expect_eq(sum(t, 2, 200), 2 * (200 * 201 / 2 - 1) + 199, label)
  expect_eq(#t, 200, label)

  -- -0, infinities and NaN, stored and read by compiled code, keep what they are
  local z = fill(16, first)
  local function put(k, v) z[k] = v * 1.0 end
  put(2, -0.0); put(3, 1 / 0); put(4, -1 / 0); put(5, 0 / 0); put(6, 2^53); put(7, 2^31); put(8, -2^31)
  expect_eq(1 / z[2], -1 / 0, label .. ": -0")
  expect_eq(z[3], 1 / 0, label)
  expect_eq(z[4], -1 / 0, label)
  expect_true(z[5] ~= z[5], label .. ": NaN")
  expect_eq(tostring(z[6]), "9.007199254741e+15", label)
  expect_eq(tostring(z[7]), "2147483648", label)
  expect_eq(z[8], -2147483648, label)
  expect_eq(math.type and math.type(z[7]) or type(z[7]), "number", label)

  -- a hole: nil in the middle, # as LuaJIT's border, next skips it
  local h = fill(32, first)
  h[10] = nil
  expect_eq(h[10], nil, label)
  local keys, total = 0, 0
  for k, v in pairs(h) do keys = keys + 1; total = total + (tonumber(v) or 0) end
  expect_eq(keys, 31, label)
  expect_eq(total, sum(fill(32, 1.5), 2, 32) - 10.5 + (tonumber(first) or 0), label .. ": pairs gives the values")
  local last
  for i, v in ipairs(h) do last = i end
  expect_eq(last, 9, label .. ": ipairs stops at the hole")

  -- keys: 2.0 is 2, -0 is 0 (hash part), a fraction is a hash key
  local k = fill(20, first)
  local function at(x) return k[x * 1.0] end
  expect_eq(at(2), 2.5, label)
  k[-0.0] = 7.25
  expect_eq(k[0], 7.25, label)
  k[2.5] = 3.5
  expect_eq(k[2.5] * 2, 7, label)

  -- a value that is no number joins the array; numbers around it stay what they were
  local m = fill(40, first)
  m[20] = "twenty"
  m[21] = {}
  expect_eq(m[20], "twenty", label)
  expect_eq(type(m[21]), "table", label)
  expect_eq(sum(m, 22, 40), sum(fill(40, 1.5), 22, 40), label)

  -- strings that read as numbers: arithmetic coerces them, the slot keeps the string
  local s = fill(20, first)
  s[3] = "10"
  expect_eq(s[3] * 2, 20, label)
  expect_eq(type(s[3]), "string", label)

  -- the library on either form
  local l = fill(20, first)
  table.insert(l, 2, 0.25)
  expect_eq(l[2], 0.25, label)
  expect_eq(l[3], 2.5, label)
  expect_eq(#l, 21, label)
  expect_eq(table.remove(l), 20.5, label)
  expect_eq(table.concat(l, ",", 2, 4), "0.25,2.5,3.5", label)
  local a, b = unpack(l, 2, 3)
  expect_eq(a + b, 2.75, label)
  local sorted = fill(30, 100.5)
  table.sort(sorted, function(x, y) return x > y end)
  expect_eq(sorted[1], 100.5, label)
  expect_eq(sorted[30], 2.5, label)
  local buffer = require("string.buffer")
  local copy = buffer.decode(buffer.encode(fill(50, first)))
  expect_eq(copy[50], 50.5, label)
  expect_eq(copy[1], first, label)
  local holes = fill(40, first)
  holes[7] = nil
  local bytes = buffer.encode(holes)
  expect_eq(buffer.encode(buffer.decode(bytes)), bytes, label .. ": the same bytes as the decoded (boxed) copy's")
  expect_eq(holes[8] * 1, 8.5, label .. ": still readable after encoding")
end

-- metamethods: __newindex for an absent key (a nil slot of the array part), never for a present one; __index too
local seen = {}
local t = fill(32, 1.5)
t[5] = nil
setmetatable(t, {
  __newindex = function(tt, k, v) seen[#seen + 1] = k; rawset(tt, k, v) end,
  __index = function(_, k) return -k end,
})
local function store(tt, k, v) tt[k] = v * 2.0 end
store(t, 6, 1)      -- present: stored, no metamethod
store(t, 5, 1)      -- nil slot: __newindex
store(t, 100, 1)    -- outside: __newindex
expect_eq(t[6], 2)
expect_eq(t[5], 2)
expect_eq(#seen, 2)
expect_eq(seen[1], 5)
expect_eq(seen[2], 100)
t[7] = nil
local function read(tt, k) return tt[k] * 1.0 end
expect_eq(read(t, 7), -7, "__index for a nil slot")
expect_eq(read(t, 8), 8.5)

-- weak tables keep their numbers
local w = setmetatable(fill(20, 1.5), {__mode = "v"})
expect_eq(sum(w, 2, 20), sum(fill(20, 1.5), 2, 20))

-- rows of a matrix: t[i][j] reads the row as a table and the cell as a number
local grid = {}
for i = 1, 20 do grid[i] = fill(20, 0.5) end
local function trace(g)
  local s = 0.0
  for i = 1, #g do s = s + g[i][i] * 0.5 end
  return s
end
expect_eq(trace(grid), (0.5 + (2 + 20) * 19 / 2 + 19 * 0.5) * 0.5)

-- a number read before a loop and used first in it (LU elimination's factor, read from the row, then multiplying in
-- the loop below): the compiled form holds it unboxed from the read on; a string, a table with __mul and nil read
-- there take the generic way, as LuaJIT answers (values recorded from luajit)
local function eliminate(vi, vj, j, n)
  local e = vi[j]
  for k = j + 1, n do vi[k] = vi[k] - e * vj[k] end
  return vi
end
for _, first in ipairs({1.5, "boxed"}) do
  expect_eq(table.concat(eliminate(fill(8, first), fill(8, first), 2, 8), " ", 2, 8),
    "2.5 -5.25 -6.75 -8.25 -9.75 -11.25 -12.75", type(first) == "string" and "boxed" or "numbers")
end
local ints = {}
for i = 1, 8 do ints[i] = i end
expect_eq(table.concat(eliminate(ints, fill(8, 1.5), 3, 8), " "), "1 2 3 -9.5 -11.5 -13.5 -15.5 -17.5", "integers")
local coerced = fill(8, 1.5)
coerced[2] = "2"
expect_eq(table.concat(eliminate(coerced, fill(8, 1.5), 2, 8), " ", 3, 8), "-3.5 -4.5 -5.5 -6.5 -7.5 -8.5", "a string")
local meta = fill(8, 1.5)
meta[2] = setmetatable({}, {__mul = function() return 1 end})
expect_eq(table.concat(eliminate(meta, fill(8, 1.5), 2, 8), " ", 3, 8), "2.5 3.5 4.5 5.5 6.5 7.5", "__mul")
local hole = fill(8, 1.5)
hole[2] = nil
expect_error(function() eliminate(hole, fill(8, 1.5), 2, 8) end, "attempt to perform arithmetic on local 'e' (a nil value)")
expect_eq(table.concat(eliminate(fill(8, 1.5), fill(8, 1.5), 8, 8), " ", 2, 8), "2.5 3.5 4.5 5.5 6.5 7.5 8.5", "no turn")

-- keys computed by arithmetic and used only as keys (t[j + 1]: compiled code indexes with the number, unboxed):
-- the same table slots, errors and metamethod arguments as any key
local function computed_keys()
  local t = {}
  for i = 1, 16 do t[i] = i * 10 end
  local dual = 2
  for i = 1, 13, 4 do -- a butterfly's swap, as FFT code writes it
    local j = i + dual
    t[j], t[j + 1], t[i], t[i + 1] = t[i], t[i + 1], t[j], t[j + 1]
  end
  expect_eq(table.concat(t, " "), "30 40 10 20 70 80 50 60 110 120 90 100 150 160 130 140", "swapped by computed keys")
  local zero = 0
  t[zero * -1] = "zero"
  expect_eq(t[0], "zero", "-0 is key 0")
  expect_eq(t[zero * -1], "zero")
  local half = zero + 0.5
  t[half + 1] = "fraction"
  expect_eq(t[1.5], "fraction", "a fraction is a hash key")
  expect_eq(#t, 16, "and not in the array")
  t[2 ^ 53 + zero] = "big"
  expect_eq(t[2 ^ 53], "big", "2^53")
  t[zero - 5] = "negative"
  expect_eq(t[-5], "negative")
  t[zero + 17] = 170
  expect_eq(#t, 17, "the next index extends the array")
  local s = "3"
  expect_eq(t[s + 0], 10, "a string's arithmetic gives a number key")
  expect_eq(t[zero / zero], nil, "reading NaN is nil")
  expect_error(function() t[zero / zero] = 1 end, "table index is NaN")
  local seen = {}
  local m = setmetatable({}, {
    __index = function(_, k) seen[#seen + 1] = math.type and math.type(k) or type(k); return k * 2 end,
    __newindex = function(_, k, v) seen[#seen + 1] = k .. "=" .. v end})
  expect_eq(m[zero + 4], 8, "__index gets the number")
  m[half * 3] = 1
  expect_eq(table.concat(seen, " "), (math.type and "integer" or "number") .. " 1.5=1")
end
computed_keys()

-- integer code with bit operations (a bit sieve): the words are read as band's arguments and stored as its results,
-- unboxed; an array of small integers becomes one of numbers at the first store of a word that would need a box of
-- its own. Its twin, whose last slot holds a string, stays boxed; both answer as LuaJIT's
local band, bor, rshift, rol = bit.band, bit.bor, bit.rshift, bit.rol
local function sieve(p, m)
  local count = 0
  for i = 0, rshift(m, 5) do p[i] = -1 end
  for i = 2, m do
    if band(rshift(p[rshift(i, 5)], i), 1) ~= 0 then
      count = count + 1
      for j = i + i, m, i do
        local jx = rshift(j, 5)
        p[jx] = band(p[jx], rol(-2, j))
      end
    end
  end
  return count
end
for _, last in ipairs({-1, "boxed"}) do
  local label = type(last) == "string" and "boxed" or "numbers"
  local p = {}
  expect_eq(sieve(p, 5000), 669, label)
  p[#p + 1] = last
  expect_eq(p[1], 673221152, label .. ": the primes among 32..63")
  local words, ones = 0, 0
  for k, v in pairs(p) do
    if type(v) == "number" then words = words + 1; ones = ones + band(v, 1) end
  end
  expect_eq(words, rshift(5000, 5) + 1 + (type(last) == "number" and 1 or 0), label .. ": pairs gives every word")
  expect_eq(table.concat(p, " ", 1, 2), "673221152 34112136", label)
  p[2] = "two"
  expect_eq(p[2], "two", label .. ": a string stored among the words")
  expect_eq(p[1] + 0, 673221152, label)
  local buffer = require("string.buffer")
  local copy = buffer.decode(buffer.encode(p))
  expect_eq(copy[1], 673221152, label)
  expect_eq(copy[#p], last, label)
end
-- words read as bit functions' arguments from a table of integers that stays boxed (small ones, shared)
local function lowbits(t, n)
  local s = 0
  for i = 1, n do s = s + band(t[i], 7) end
  return s
end
local small = {}
for i = 1, 100 do small[i] = i end
expect_eq(lowbits(small, 100), 12 * 28 + 1 + 2 + 3 + 4, "small integers")
small[50] = "8"
expect_eq(lowbits(small, 100), 12 * 28 + 1 + 2 + 3 + 4 - 2, "a string that reads as a number: band takes it")
small[50] = {}
expect_error(function() lowbits(small, 100) end, "bad argument #1 to 'band' (number expected, got table)")
