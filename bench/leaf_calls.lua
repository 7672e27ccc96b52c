-- leaf_calls: calls of small Lua functions that call no Lua function themselves (a setter method, an accessor, a
-- comparison), the shape of array3d's arr:set(x, y, z, v) and of objects' methods, and functions of numbers (a dot
-- product of six, md5's tr_f through bit functions: NumberFunction's leaves), each loop in a function called once
-- (CPU seconds). Usage: bin/ljuv bench/leaf_calls.lua [n]; compare with luajit -joff bench/leaf_calls.lua.
local n = tonumber((...)) or 3e7
local Point = {}
Point.__index = Point
function Point:set(x, y, z, w) self.x = x self.y = y self.z = z self.w = w end
function Point:setw(x, y, z, w) self.w = w end
function Point:get() return self.x end
local function less(a, b) return a < b end
local rol, bxor, band = bit.rol, bit.bxor, bit.band
local function dot(x1, y1, z1, x2, y2, z2) return x1 * x2 + y1 * y2 + z1 * z2 end
local function tr(a, b, c, d, x, s) return rol(bxor(d, band(b, bxor(c, d))) + a + x, s) + b end
local p = setmetatable({ x = 0, y = 0, z = 0, w = 0 }, Point)
local tests = {
  { "p:set(a, b, c, d)", function(n) for i = 1, n do p:set(1, 2, 3, 4) end return p.w end },
  { "p:setw(a, b, c, d)", function(n) for i = 1, n do p:setw(1, 2, 3, 4) end return p.w end },
  { "p:get()", function(n) local c = 0 for i = 1, n do c = p:get() end return c end },
  { "less(a, b)", function(n) local c = 0 for i = 1, n do if less(p, p) then c = c + 1 end end return c end },
  { "dot(6 numbers)", function(n) local c = 0 for i = 1, n do c = c + dot(i, 2.5, 3, 0.5, i, 1) end return c end },
  { "tr_f(bit calls)", function(n)
    local a = 0 for i = 1, n do a = tr(a, i, 3, 4, 32767, 7) % 4294967296 end return a end },
}
Point.__lt = function(a, b) return a.x < b.x end
for _, t in ipairs(tests) do
  local c0 = os.clock()
  local r = t[2](n)
  print(string.format("%-18s %.3f s (%s)", t[1], os.clock() - c0, tostring(r)))
end
