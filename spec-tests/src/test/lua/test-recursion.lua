-- Deep recursion works to LuaJIT's depth and beyond; runaway recursion is a catchable Lua error.

local function depth(n) if n == 0 then return 0 end return 1 + depth(n - 1) end
expect_eq(depth(32000), 32000)
expect_eq(depth(60000), 60000)

local function runaway() return 1 + runaway() end
local ok, err = pcall(runaway)
expect_false(ok)
expect_true(tostring(err):find("stack overflow", 1, true), err)
expect_eq(err, "test-recursion.lua:7: stack overflow")

-- the state is usable afterwards, and the limit applies again
expect_eq(depth(1000), 1000)
expect_error(runaway, "stack overflow")

-- tail calls do not grow the stack
local function loop(n) if n == 0 then return "done" end return loop(n - 1) end
expect_eq(loop(1000000), "done")

-- tail calls into Java functions count toward the same limit: no recursion outgrows it through them
local function tail_pcall() return pcall(tail_pcall) end
local results = { tail_pcall() }
expect_true(#results > 1000, #results)
expect_true(tostring(results[#results]):find("stack overflow", 1, true), results[#results])
local looping = setmetatable({}, { __tostring = function(t) return tostring(t) end })
local ok, err = pcall(tostring, looping)
expect_false(ok)
expect_true(tostring(err):find("stack overflow", 1, true), err)

-- a function's tail call of itself starts it anew in the same frame: parameters from the arguments (missing ones
-- nil, extra ones dropped), every other local nil again, a closure per round keeping its own local
local function args(n, a, b, c) if n == 0 then return a, b, c end return args(n - 1, "x") end
expect_list({ args(3, 1, 2, 3) }, { "x", nil, nil })
local function extra(n, a) if n == 0 then return a end return extra(n - 1, n, "dropped", "too") end
expect_eq(extra(3), 1)
local function fresh(n, seen)
  local x -- no instruction sets it: a new call's registers are nil
  if n == 0 then return seen end
  seen[#seen + 1] = tostring(x)
  x = n
  local y = n * 1.5 -- (a register compiled code keeps as a number)
  seen[#seen + 1] = y
  return fresh(n - 1, seen)
end
expect_list(fresh(3, {}), { "nil", 4.5, "nil", 3, "nil", 1.5 })
local function collect(n, fs)
  local v = n * 10
  fs[#fs + 1] = function() return v end
  if n == 1 then return fs end
  return collect(n - 1, fs)
end
local fs = collect(3, {})
expect_list({ fs[1](), fs[2](), fs[3]() }, { 30, 20, 10 })
local function sum(n, acc) if n == 0 then return acc end return sum(n - 1, acc + n) end
expect_eq(sum(1000000, 0), 500000500000)
-- another closure of the same function is another function
local function make(tag)
  local self
  self = function(n, other) if n == 0 then return tag end return (other or self)(n - 1) end
  return self
end
expect_eq(make("a")(2, make("b")), "b")
-- errors, stack levels and locals see the one frame
local function bottom(n) if n == 0 then error("bottom") end return bottom(n - 1) end
expect_eq(select(2, pcall(bottom, 5)), "test-recursion.lua:" .. debug.getinfo(1, "l").currentline - 1 .. ": bottom")
local function where(n)
  if n == 0 then local name, value = debug.getlocal(1, 1) return name, value end
  return where(n - 1)
end
expect_list({ where(4) }, { "n", 0 })
local function where_after_calls(n)
  local s = tostring(n) -- a call each round: the register array exists from the first on
  if n == 0 then local name, value = debug.getlocal(1, 1) return name, value, s end
  return where_after_calls(n - 1)
end
expect_list({ where_after_calls(4) }, { "n", 0, "0" })
-- the same where registers live in JVM locals (it computes with numbers): a callee's debug.getlocal sees each
-- round's parameters
local function probe()
  local _, n = debug.getlocal(2, 1)
  local _, acc = debug.getlocal(2, 2)
  return n .. ":" .. acc
end
local function rounds(n, acc, seen)
  local x = acc * 2.5
  seen[#seen + 1] = probe()
  if n == 0 then return seen, x end
  return rounds(n - 1, x, seen)
end
local seen, last = rounds(3, 1, {})
expect_eq(table.concat(seen, " ") .. " " .. last, "3:1 2:2.5 1:6.25 0:15.625 39.0625")
local function small(n, f) -- (small: its register array is made at its first call, and made anew after each round)
  f(n)
  if n > 0 then return small(n - 1, f) end
end
local values = {}
small(3, function() local _, v = debug.getlocal(2, 1) values[#values + 1] = v end)
expect_eq(table.concat(values, " "), "3 2 1 0")
-- a call hook sees each call
local calls = 0
local function hooked(n) if n == 0 then return "end" end return hooked(n - 1) end
debug.sethook(function() calls = calls + 1 end, "c")
hooked(5)
debug.sethook()
expect_true(calls >= 6, calls)

-- a function calling itself by its own name, not as a tail call (compiled code tests whether the callee is the
-- running closure and then calls its own class): zero to seven arguments, from hot sites
local c0 = 0
local function s0() c0 = c0 + 1 if c0 % 10 ~= 0 then return 1 + s0() end return 1 end
local function s1(n) if n == 0 then return 0 end return 1 + s1(n - 1) end
local function s3(n, a, b) if n == 0 then return a .. b end return s3(n - 1, a, b) .. "" end
local function s6(n, a, b, c, d, e) if n == 0 then return a + b + c + d + e end return 1 + s6(n - 1, a, b, c, d, e) end
local function s7(n, a, b, c, d, e, f) if n == 0 then return a + b + c + d + e + f end return 1 + s7(n - 1, a, b, c, d, e, f) end
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
for round = 1, 300 do
  expect_eq(s0(), 10)
  expect_eq(s1(round % 20), round % 20)
  expect_eq(s3(5, "x", round), "x" .. round)
  expect_eq(s6(4, 1, 2, 3, 4, round), 14 + round)
  expect_eq(s7(4, 1, 2, 3, 4, 5, round), 19 + round)
end
expect_eq(fib(20), 6765)
-- the name assigned another function on the way: the call goes there
local function swap(n)
  if n == 0 then return "end" end
  if n == 3 then
    local me = swap
    swap = function() return "other" end
    local r = swap(n - 1) .. ""
    swap = me
    return r
  end
  return swap(n - 1) .. ""
end
for _ = 1, 300 do expect_eq(swap(5), "other") expect_eq(swap(2), "end") end
-- another closure of the same function under the name: that closure runs, with its own upvalues
local function twin(tag)
  local self
  self = function(n) if n == 0 then return tag end return self(n - 1) .. "" end
  return self, function(f) self = f end
end
local ta, set_a = twin("a")
local tb = twin("b")
for _ = 1, 300 do expect_eq(ta(3), "a") end
set_a(tb)
expect_eq(ta(3), "b")
-- a call hook set deep in the recursion sees the calls after it; an error deep in it names its line and level
local seen = 0
local function deep(n)
  if n == 5 then debug.sethook(function() seen = seen + 1 end, "c") end
  if n == 0 then debug.sethook() return 0 end
  return 1 + deep(n - 1)
end
for _ = 1, 300 do deep(1) end
expect_eq(deep(10), 10)
expect_true(seen >= 5, seen)
local function fails(n) if n == 0 then error("deep", 2) end return 1 + fails(n - 1) end
for _ = 1, 300 do pcall(fails, 3) end
expect_eq(select(2, pcall(fails, 4)), "test-recursion.lua:" .. debug.getinfo(1, "l").currentline - 2 .. ": deep")
local function levels(n) if n == 0 then return debug.traceback() end return (levels(n - 1)) end
local _, lines = levels(6):gsub("in function 'levels'", "")
expect_true(lines >= 6, levels(6))
