-- cjson: encode and decode of a 1.4 MB document (20k records of an integer, a fraction, a string and an array),
-- each timed over ROUNDS rounds after one untimed (CPU time per round); compare with lua-cjson on luajit.
--   bin/ljuv bench/cjson.lua [ROUNDS]      (luajit bench/cjson.lua with Debian's lua-cjson to compare)
package.cpath = package.cpath .. ";/usr/lib/x86_64-linux-gnu/lua/5.1/?.so"
local cjson = require("cjson")
local rounds = tonumber((...)) or 60
local doc = {}
for i = 1, 20000 do doc[i] = { id = i, name = "item" .. i, tags = { "a", "b" }, score = i / 7 } end
local text = cjson.encode(doc)
local function time(label, f)
  f()
  local t0 = os.clock()
  for _ = 1, rounds do f() end
  print(string.format("%-7s %8.2f ms", label, (os.clock() - t0) / rounds * 1000))
end
time("encode", function() return cjson.encode(doc) end)
time("decode", function() return cjson.decode(text) end)
