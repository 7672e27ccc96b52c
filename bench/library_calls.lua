-- library_calls: loops that call the base, string, table and math libraries as programs do (type checks, tonumber,
-- pairs and ipairs, string.format, pcall, select...), each timed alone in CPU seconds after one warm-up run.
--   bin/ljuv bench/library_calls.lua            (luajit -joff bench/library_calls.lua to compare, line by line)
local N = tonumber((...)) or 5e6
local tests = {
  type = function() local c = 0; for i = 1, N do if type(i) == "number" then c = c + 1 end end return c end,
  tostring = function() local c = 0; for i = 1, N/5 do c = c + #tostring(i) end return c end,
  select = function() local function f(...) return select("#", ...) end local c = 0; for i = 1, N do c = c + f(i, i) end return c end,
  ipairs = function() local t = {1,2,3,4,5,6,7,8,9,10}; local c = 0; for i = 1, N/10 do for _, v in ipairs(t) do c = c + v end end return c end,
  pairs = function() local t = {a=1,b=2,c=3,d=4,e=5,f=6,g=7,h=8,i=9,j=10}; local c = 0; for i = 1, N/10 do for _, v in pairs(t) do c = c + v end end return c end,
  rawget = function() local t = {x = 1}; local c = 0; for i = 1, N do c = c + rawget(t, "x") end return c end,
  getmt = function() local t = setmetatable({}, {}); local c = 0; for i = 1, N do if getmetatable(t) then c = c + 1 end end return c end,
  unpack = function() local t = {1, 2, 3}; local c = 0; for i = 1, N do local a, b, d = unpack(t); c = c + a + b + d end return c end,
  max = function() local c = 0; for i = 1, N do c = c + math.max(i, 3, 7) end return c end,
  sbyte = function() local s = "hello world"; local c = 0; for i = 1, N do c = c + s:byte(i % 11 + 1) end return c end,
  ssub = function() local s = "hello world"; local c = 0; for i = 1, N do c = c + #s:sub(2, i % 11) end return c end,
  find = function() local s = "hello world"; local c = 0; for i = 1, N/5 do c = c + s:find("wor", 1, true) end return c end,
  concat = function() local t = {"a", "b", "c", "d"}; local c = 0; for i = 1, N/5 do c = c + #table.concat(t, ",") end return c end,
  format = function() local c = 0; for i = 1, N/10 do c = c + #string.format("%d:%s", i, "x") end return c end,
  tonumber = function() local c = 0; for i = 1, N do c = c + tonumber("123") end return c end,
  pcall = function() local f = function(x) return x end; local c = 0; for i = 1, N do local ok, v = pcall(f, i); c = c + v end return c end,
  floor = function() local c = 0; local floor = math.floor; for i = 1, N do c = c + floor(i / 3) end return c end,
}
local names = {} for k in pairs(tests) do names[#names + 1] = k end table.sort(names)
for _, k in ipairs(names) do
  local f = tests[k]; f()
  local t = os.clock(); f(); f(); print(string.format("%-10s %.3f", k, os.clock() - t))
end
