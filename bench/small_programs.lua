-- Writes the two small programs of bench/compare-small.sh into the directory given as argument:
--   f200.lua   200 small functions, each called 3 times (a program most of whose functions run a few times)
--   suite.lua  a unit suite of 214 small tests: pcall, string.format, gsub, gmatch, sort with a comparator,
--              closures, deep table comparison (what a library's test suite does)
-- Runs on luajit or bin/ljuv; the output is the same on both (seeded, no random()).
local dir = assert(..., "usage: small_programs.lua DIR")

local f = assert(io.open(dir .. "/f200.lua", "w"))
f:write("local M = {}\n")
for i = 0, 199 do
  f:write(("function M.f%d(a, b)\n  local t = {a, b, %d}\n"):format(i, i))
  f:write(("  if a > b then return t[1] * %d + #t else return (t[2] or 0) - %d end\nend\n"):format(i, i))
end
f:write("local s = 0\n")
for i = 0, 199 do
  f:write(("s = s + M.f%d(1, 2) + M.f%d(3, 1) + M.f%d(%d, %d)\n"):format(i, i, i, i, i + 1))
end
f:write("print(s)\n")
f:close()

local kinds = {
  'it("format @", function() eq(("%05.1f|%-4s|%x"):format(@.25, "ab", @), string.format("%05.1f|%-4s|%x", @.25, "ab", @)) end)',
  'it("gsub @", function() local s = ("k@=v@&a=b"):gsub("(%w+)=(%w+)", "%2=%1") eq(s, "v@=k@&b=a") end)',
  'it("table @", function() local t = {} for j = 1, $N do t[#t + 1] = j * @ end eq(#t, $N) '
    .. 'table.sort(t, function(a, b) return a > b end) eq(t[1], $N * @) end)',
  'it("error @", function() local ok, e = pcall(function() local x = nil return x.y end) eq(ok, false) '
    .. 'assert(e:find("attempt to index")) end)',
  'it("closure @", function() local function counter() local c = 0 return function() c = c + 1 return c end end '
    .. 'local f = counter() f() f() eq(f(), 3) end)',
  'it("deep @", function() deep({a = @, b = {1, 2, "x@"}}, {a = @, b = {1, 2, "x@"}}) end)',
  'it("concat @", function() local p = {} for w in ("a b c d @"):gmatch("%S+") do p[#p + 1] = w:upper() end '
    .. 'eq(table.concat(p, ","), "A,B,C,D,@") end)',
}
local s = assert(io.open(dir .. "/suite.lua", "w"))
s:write([[
local passed, failed = 0, 0
local function it(name, f)
  local ok, err = pcall(f)
  if ok then passed = passed + 1 else failed = failed + 1 print("FAIL", name, err) end
end
local function eq(a, b) if a ~= b then error(("expected %s, got %s"):format(tostring(b), tostring(a)), 2) end end
local function deep(a, b)
  if type(a) ~= "table" then return eq(a, b) end
  for k, v in pairs(a) do deep(v, b[k]) end
  for k in pairs(b) do if a[k] == nil then error("missing " .. tostring(k), 2) end end
end
]])
local seed = 7
for i = 0, 213 do
  seed = (seed * 1103515245 + 12345) % 2147483648
  local line = kinds[seed % #kinds + 1]:gsub("@", tostring(i)):gsub("%$N", tostring(3 + seed % 18))
  s:write(line, "\n")
end
s:write("print(passed, failed)\n")
s:close()
