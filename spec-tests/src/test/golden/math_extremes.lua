-- math.max/min as LuaJIT computes them (the later argument wins unless strictly better: NaN and -0 cases), and
-- math.random's bounds without Lua 5.1's interval checks (recorded with luajit)
local nan = 0 / 0
print(math.max(1, nan), math.max(nan, 1), math.min(1, nan), math.min(nan, 1))
print(math.max(nan, 1, 2), math.max(3, nan, 2), math.min(3, nan, 2), math.min(nan, nan))
print(math.max(-0.0, 0.0), math.max(0.0, -0.0), math.min(-0.0, 0.0), math.min(0.0, -0.0))
print(math.max(5), math.min(-1, -1.5, 2), math.max(1, 2, 3, 2, 1), pcall(math.max))
print(math.random(0), math.random(2, 1), math.random(3, 3), math.random(7, 7, 99), math.random(-1) <= 0)
for _ = 1, 100 do
  local r = math.random(1.5)
  assert(r == 1 or r == 2, r)
  local s = math.random(10, 12.5)
  assert(s >= 10 and s <= 13 and s == math.floor(s), s)
end
print(pcall(math.random, "x"), pcall(math.random, 1, "y"))
