-- leaf_calls: calls of small Lua functions that call nothing themselves (a setter method, an accessor, a
-- comparison), the shape of array3d's arr:set(x, y, z, v) and of objects' methods, each loop in a function called
-- once (CPU seconds). Usage: bin/ljuv bench/leaf_calls.lua [n]; compare with luajit -joff bench/leaf_calls.lua.
local n = tonumber((...)) or 3e7
local Point = {}
Point.__index = Point
function Point:set(x, y, z, w) self.x = x self.y = y self.z = z self.w = w end
function Point:setw(x, y, z, w) self.w = w end
function Point:get() return self.x end
local function less(a, b) return a < b end
local p = setmetatable({ x = 0, y = 0, z = 0, w = 0 }, Point)
local tests = {
  { "p:set(a, b, c, d)", function(n) for i = 1, n do p:set(1, 2, 3, 4) end return p.w end },
  { "p:setw(a, b, c, d)", function(n) for i = 1, n do p:setw(1, 2, 3, 4) end return p.w end },
  { "p:get()", function(n) local c = 0 for i = 1, n do c = p:get() end return c end },
  { "less(a, b)", function(n) local c = 0 for i = 1, n do if less(p, p) then c = c + 1 end end return c end },
}
Point.__lt = function(a, b) return a.x < b.x end
for _, t in ipairs(tests) do
  local c0 = os.clock()
  local r = t[2](n)
  print(string.format("%-18s %.3f s (%s)", t[1], os.clock() - c0, tostring(r)))
end
