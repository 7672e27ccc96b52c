-- math.random is LuaJIT 2.1's generator (TW223): the same numbers for the same seed, and before any seed (recorded
-- with luajit)
local function run(label) local t = {} for i = 1, 5 do t[#t + 1] = string.format("%.17g", math.random()) end
  t[#t + 1] = math.random(10) t[#t + 1] = math.random(-3, 3) t[#t + 1] = math.random(1e9) print(label, table.concat(t, " ")) end
run("unseeded")
for _, seed in ipairs({0, 1, 2, 42, -1, 0.5, 1e10, 2^53, -0.0, 1/0}) do math.randomseed(seed) run("seed " .. tostring(seed)) end
math.randomseed(7) local a = math.random() math.randomseed(7) print("repeatable", a == math.random())
local counts = {0, 0, 0, 0, 0, 0}
math.randomseed(3)
for i = 1, 60000 do local v = math.random(6) counts[v] = counts[v] + 1 end
print("dice", table.concat(counts, " "))
print("odd bounds", math.random(0), math.random(2, 1), math.random(3.5), math.random(1.5, 2.5))
print(pcall(math.random, "x"), pcall(math.randomseed))
