-- multiple_results: calls of Lua functions whose results are all wanted or several of them: a generic for over a
-- Lua iterator (a closure of three results, a stateless function of one), a call of three results in a loop, and
-- print-style passing of all results on, each loop in a function called once (CPU seconds). Compiled code calls
-- a compiled callee there through its fastInvoke. Usage: bin/ljuv bench/multiple_results.lua [n]; compare with
-- luajit -joff bench/multiple_results.lua.
local n = tonumber((...)) or 1.56e7
local function three(s, x)
  x = x + 1
  if x > n then return nil end
  return x, 1, 2
end
local function one(s, x)
  x = x + 1
  if x > n then return nil end
  return x
end
local function count(...) return select("#", ...) end
local tests = {
  { "for x, y, z in three", function() local sum = 0 for x, y, z in three, nil, 0 do sum = sum + x + z end return sum end },
  { "for x in one", function() local sum = 0 for x in one, nil, 0 do sum = sum + x end return sum end },
  { "x, y, z = three(s, x)", function()
    local sum, x, y, z = 0, 0
    while true do
      x, y, z = three(nil, x)
      if x == nil then return sum end
      sum = sum + x + z
    end
  end },
  { "count(three(s, i))", function() local c = 0 for i = 1, n do c = c + count(three(nil, i)) end return c end },
}
for _, t in ipairs(tests) do
  local c0 = os.clock()
  local r = t[2]()
  print(string.format("%-22s %.3f s (%s)", t[1], os.clock() - c0, tostring(r)))
end
