-- numbers: a floating-point loop over locals (no tables, no calls), the case NumberEmitter compiles to doubles.
-- Usage: bin/ljuv bench/numbers.lua [iterations]; compare with luajit -joff bench/numbers.lua.
local n = tonumber((...)) or 5e7
local function f(count)
  local s, x = 0, 0.5
  for _ = 1, count do
    local y = x * 0.9999 + 0.25
    s = s + y * y - x
    x = y * 0.5
  end
  return s
end
local t = os.clock()
local r = f(n)
local dt = os.clock() - t
print(string.format("BENCH numbers %d ops %.3f s %.0f ops/s (result %.6f)", n, dt, n / dt, r))
