-- Numeric for loops: values, limits, steps and the loop variable seen from every angle. Compiled code counts
-- integer loops in JVM ints and boxes the variable only where a Lua value is needed, so each way of reading
-- the variable is checked here, as are the loops that must keep the general path (floats, assignments,
-- closures, variables passed on in a register range). Each part is a function of its own: a main chunk this
-- long stays interpreted (past the JVM's compile size limit), and the parts must run compiled too.

local function collect(from, to, step)
  local out = {}
  if step then
    for i = from, to, step do out[#out + 1] = i end
  else
    for i = from, to do out[#out + 1] = i end
  end
  return out
end

-- values and bounds
local function values_and_bounds()
  expect_list(collect(1, 5), { 1, 2, 3, 4, 5 })
  expect_list(collect(10, 1, -3), { 10, 7, 4, 1 })
  expect_list(collect(1, 0), {})
  expect_list(collect(5, 5), { 5 })
  expect_list(collect(2147483640, 2147483647, 3), { 2147483640, 2147483643, 2147483646 })
  expect_list(collect(2147483646, 2147483647), { 2147483646, 2147483647 }) -- ends at the int range's edge
  expect_list(collect(-2147483647, -2147483648, -1), { -2147483647, -2147483648 })
  expect_list(collect(-2147483648, -2147483647), { -2147483648, -2147483647 })
  expect_list(collect(1, 3.5), { 1, 2, 3 })
  expect_list(collect(1.5, 3), { 1.5, 2.5 })
  expect_list(collect(1, 2, 0.5), { 1, 1.5, 2 })
  expect_list(collect(2147483647, 2147483649), { 2147483647, 2147483648, 2147483649 }) -- past int: doubles
  expect_eq(tostring(collect(1, 1)[1]), "1") -- an integer loop's variable prints as an integer
end
values_and_bounds()

-- steps written in the loop (compiled code counts these with an int compare) at the int range's edges, and a step
-- that a jump brings past the constant the loop's code loads
local function constant_steps()
  local up, down, by3, down3 = {}, {}, {}, {}
  for i = 2147483645, 2147483647 do up[#up + 1] = i end -- the next value would pass the int range
  for i = -2147483646, -2147483648, -1 do down[#down + 1] = i end
  for i = 2147483640, 2147483647, 3 do by3[#by3 + 1] = i end
  for i = -2147483640, -2147483647, -3 do down3[#down3 + 1] = i end
  expect_list(up, { 2147483645, 2147483646, 2147483647 })
  expect_list(down, { -2147483646, -2147483647, -2147483648 })
  expect_list(by3, { 2147483640, 2147483643, 2147483646 })
  expect_list(down3, { -2147483640, -2147483643, -2147483646 })
  local function stepped(s)
    local out = {}
    for i = 1, 7, s or 2 do out[#out + 1] = i end
    return out
  end
  expect_list(stepped(), { 1, 3, 5, 7 })
  expect_list(stepped(3), { 1, 4, 7 })
  expect_list(stepped(-1), {})
  expect_list(stepped(0.5), { 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5, 6, 6.5, 7 })
  local n = 0
  for i = 1, 2147483647 do n = n + 1; if i == 5 then break end end
  expect_eq(n, 5)
end
constant_steps()

-- the variable as an operand: arithmetic with constants (past the int range too), comparisons, indexing
local function variable_as_operand()
  local t, sum, big, cmp = {}, 0, {}, {}
  for i = 1, 10 do t[i] = i * 2 end
  for i = 1, 10 do sum = sum + t[i] + i % 3 - (i - 1) + (100 - i) end
  expect_eq(sum, 1020)
  for i = 40000, 40002 do big[#big + 1] = i * 100000 + (i + 2147483647) + (i - 70000) + i % 7 end
  expect_list(big, { 4000000000 + 2147523647 - 30000 + 2, 4000100000 + 2147523648 - 29999 + 3,
    4000200000 + 2147523649 - 29998 + 4 })
  for i = 1, 4 do cmp[i] = (i == 2 and "eq" or "") .. (i < 3 and "lt" or "") .. (2 <= i and "ge" or "") end
  expect_list(cmp, { "lt", "eqltge", "ge", "ge" })
  local keyed = setmetatable({}, { __index = function(_, k) return "idx" .. k end,
    __newindex = function(self, k, v) rawset(self, k, v .. "!") end })
  local got = {}
  for i = 1, 3 do keyed[i] = "v" .. i end
  for i = 2, 5 do got[#got + 1] = keyed[i] end
  expect_list(got, { "v2!", "v3!", "idx4", "idx5" })
  local strings = {}
  for i = 9, 11 do strings[#strings + 1] = i .. ":" .. tostring(i) .. ":" .. string.format("%d", i) end
  expect_list(strings, { "9:9:9", "10:10:10", "11:11:11" })
end
variable_as_operand()

-- loops that keep the general path: the variable assigned, captured, passed as part of a call's arguments
local function loops_on_the_general_path()
  local assigned = {}
  for i = 1, 3 do i = i * 10; assigned[#assigned + 1] = i end
  expect_list(assigned, { 10, 20, 30 })
  local closures = {}
  for i = 1, 3 do closures[i] = function() return i end end
  expect_list({ closures[1](), closures[2](), closures[3]() }, { 1, 2, 3 })
  local function first(...) return (select(1, ...)) end
  local passed = {}
  for i = 1, 3 do passed[i] = first(i, i + 1) end
  expect_list(passed, { 1, 2, 3 })
  local function find(n) for i = 1, 100 do if i * i >= n then return i end end end
  expect_eq(find(50), 8)
  local broke
  for i = 1, 100 do if i % 17 == 0 then broke = i break end end
  expect_eq(broke, 17)
end
loops_on_the_general_path()

-- nested loops, each with its own counter, and a loop run again after it ended
local function nested_and_repeated_loops()
  local pairs_seen = {}
  for round = 1, 2 do
    for i = 1, 2 do
      for j = i, 2 do pairs_seen[#pairs_seen + 1] = round .. i .. j end
    end
  end
  expect_list(pairs_seen, { "111", "112", "122", "211", "212", "222" })
end
nested_and_repeated_loops()

-- debug.getlocal sees the variable (and the hidden counter) as the iteration's value
local function debug_sees_the_variable()
  local seen = {}
  for i = 7, 9 do
    local n = 1
    while true do
      local name, value = debug.getlocal(1, n)
      if name == nil then break end
      if name == "i" then seen[#seen + 1] = value end
      n = n + 1
    end
  end
  expect_list(seen, { 7, 8, 9 })
  local function caller_local(wanted) -- from a function the loop calls: the loop's frame is level 2
    for n = 1, 50 do
      local name, value = debug.getlocal(2, n)
      if name == wanted then return value end
    end
  end
  local from_callee = {}
  for k = 40000, 40002, 2 do from_callee[#from_callee + 1] = caller_local("k") end
  expect_list(from_callee, { 40000, 40002 })
end
debug_sees_the_variable()

-- a yield in the middle of a loop: the count goes on where it stopped
local function yield_inside_a_loop()
  local co = coroutine.wrap(function()
    local acc = 0
    for i = 1, 5 do acc = acc + i; coroutine.yield(i) end
    return "done " .. acc
  end)
  expect_list({ co(), co(), co(), co(), co(), co() }, { 1, 2, 3, 4, 5, "done 15" })
end
yield_inside_a_loop()

-- errors name the variable and point at its line
local function errors()
  expect_error(function() for i = 1, 2 do i() end end, "attempt to call local 'i' (a number value)")
  expect_error(function() for i = 1, 2 do local x = i.field end end, "attempt to index local 'i' (a number value)")
  expect_error(function() local s = 0; for i = 1, 2 do s = s + #i end end,
    "attempt to get length of local 'i' (a number value)")
  expect_error(function() for i = 1, 2 do local x = nil; x = x[i] end end, "attempt to index local 'x' (a nil value)")
  expect_error(function() for i = 1, "x" do end end, "'for' limit must be a number")
  expect_error(function() for i = {}, 2 do end end, "'for' initial value must be a number")
  expect_error(function() for i = 1, 2, nil do end end, "'for' step must be a number")
end
errors()

-- a remainder of the variable compared with a constant (`if i % 1000 == 0`) where the remainder's register also
-- takes a call's result (so compiled code holds no unboxed number there): the loop's int form, negative values,
-- a float loop and values near the int range's end
local function remainder_compared()
  local hits, low, high = {}, 0, 0
  for i = -12, 40 do
    if i % 5 == 0 then hits[#hits + 1] = i end
    if i % 7 < 3 then low = low + 1 end
    if 4 <= i % 6 then high = high + 1 end
    local s = tostring(i) -- a call's result in the same register
    expect_eq(s, tostring(i))
  end
  expect_list(hits, { -10, -5, 0, 5, 10, 15, 20, 25, 30, 35, 40 })
  expect_list({ low, high }, { 22, 17 })
  local float = {}
  for x = 0.5, 6 do -- not counted in ints: the same answers the general way
    if x % 2 == 0.5 then float[#float + 1] = x end
    local s = tostring(x)
  end
  expect_list(float, { 0.5, 2.5, 4.5 })
  local big = 0
  for i = 2147483000, 2147483647, 100 do
    if i % 1000 <= 99 then big = big + 1 end
    local s = tostring(i)
  end
  expect_eq(big, 1)
end
remainder_compared()

-- a remainder of the variable by a constant, its register a number (computed in ints from an int-counted loop):
-- negative values, a negative step, the int range's ends, and a float loop the general way
local function remainder_numbers()
  local r = {}
  for i = -7, 7 do r[#r + 1] = i % 3 end
  expect_list(r, { 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1 })
  local s = 0
  for i = 10, -10, -3 do s = s + i % 4 * 10 end
  expect_eq(s, 110)
  local edge = 0
  for i = 2147483640, 2147483647 do edge = edge + i % 1000 end
  for i = -2147483648, -2147483641 do edge = edge + i % 1000 end
  expect_eq(edge, 5148 + 2844)
  local f = 0
  for x = 0.5, 5 do f = f + x % 2 end
  expect_eq(f, 4.5)
  -- compared with a constant on either side right after (an int comparison while the loop counts in ints)
  local eq, lt, le, gt, ge, neg, ne = 0, 0, 0, 0, 0, 0, 0
  for i = -20, 20 do
    if i % 4 == 3 then eq = eq + 1 end
    if i % 4 < 2 then lt = lt + 1 end
    if i % 4 <= 2 then le = le + 1 end
    if 2 < i % 4 then gt = gt + 1 end
    if 1 <= i % 4 then ge = ge + 1 end
    if i % 4 == -1 then neg = neg + 1 end
    if not (i % 3 == 0) then ne = ne + 1 end
  end
  expect_list({ eq, lt, le, gt, ge, neg, ne }, { 10, 21, 31, 10, 30, 0, 28 })
end
remainder_numbers()
