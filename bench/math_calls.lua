-- math_calls: loops that call math's functions of numbers on a loop's counter, computed values and locals,
-- which compiled code calls with unboxed doubles (NumberCalls), each loop in a function called once (CPU seconds).
-- Usage: bin/ljuv bench/math_calls.lua [n]; compare with luajit -joff bench/math_calls.lua.
local n = tonumber((...)) or 3e7
local sqrt, floor, sin, max, min = math.sqrt, math.floor, math.sin, math.max, math.min
local tests = {
  { "sqrt(i)", function(n) local c = 0 for i = 1, n do c = c + sqrt(i) end return c end },
  { "floor(i / 3)", function(n) local c = 0 for i = 1, n do c = c + floor(i / 3) end return c end },
  { "sin(i * 0.001)", function(n) local c = 0 for i = 1, n do c = c + sin(i * 0.001) end return c end },
  { "max(x, i) - min", function(n) local c, x = 0, 0.5 for i = 1, n do c = c + max(x, i % 9) - min(x * 3, i) end return c end },
}
for _, t in ipairs(tests) do
  local c0 = os.clock()
  local r = t[2](n)
  print(string.format("%-16s %.3f s (%.6g)", t[1], os.clock() - c0, r))
end
