-- objects: method calls on an object of a class (its metatable's __index the class table), each updating a
-- field, then a global counter incremented: the inline caches of compiled field and method sites.
--   bin/ljuv bench/objects.lua [N]        (luajit -joff bench/objects.lua to compare)
local N = tonumber((...)) or 3e7
local Point = {}
Point.__index = Point
function Point.new(step) return setmetatable({step = step, n = 0}, Point) end
function Point:advance() self.n = self.n + self.step end

local p = Point.new(1)
local t0 = os.clock()
for _ = 1, N do p:advance() end
counter = 0
for _ = 1, N do counter = counter + 1 end
assert(p.n == N and counter == N)
print(string.format("BENCH objects %d ops %.3f s cpu", 2 * N, os.clock() - t0))
