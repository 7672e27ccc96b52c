-- Table constructors' parts as LuaJIT sizes them: # of constructors with holes, of their tables after stores
-- and removals, and the layout string.buffer encodes (recorded with luajit). Not here: a constant constructor whose
-- template LuaJIT grows through a hash part holding other keys ({x = nil, 1, nil, 3}, {[0] = 0, 1, nil, 3}), where
-- when it resizes depends on where its keys collide in its hash part
local buffer = require("string.buffer")
local function hex(s) return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end)) end
local a, b, c = nil, 2, "c"
local function f() return 7 end
local function lens(...)
  local out = {}
  for i = 1, select("#", ...) do out[i] = #select(i, ...) end
  return table.concat(out, " ")
end
-- constants and nils
print(lens({1, nil, 3}, {nil, nil, 3}, {1, nil, 3, 4}, {1, nil, nil, 4}, {nil, 2, 3}, {nil, 2}, {1, nil},
  {nil, nil, nil, 4}, {1, 2, nil, 4, 5}, {1, nil, 3, nil, 5}, {1, 2, 3, nil, 5}, {nil}, {nil, nil}, {}))
print(lens({1, nil, 3, nil, 5, nil, 7}, {1, 2, 3, 4, 5, 6, nil, 8}, {nil, nil, nil, nil, nil, 6},
  {true, false, nil, "x", 5.5, nil, nil, 8}, {1, nil, 3, nil, nil, nil, nil, nil, nil, 10}))
-- variables beside constants
print(lens({1, a, 3}, {a, a, 3}, {a, 2, 3}, {1, 2, a}, {b, a, b}, {1, a, a, 4}, {f(), a, 3}, {1, a, 3, f()},
  {a, nil, c}, {c, nil, a, nil, c}, {b, b, a, b, b, a, b}))
-- keyed items before, between and after
print(lens({1, nil, 3, x = 1}, {x = 1, 1, nil, 3}, {n = 1, 1, nil, 3}, {x = a, 1, nil, 3}, {[a or "k"] = 1, 1, nil, 3},
  {1, nil, 3, [4] = 4}, {[1] = 1, [2] = 2, [4] = 4}, {[1] = 1, [3] = 3}, {[2] = 2, [3] = 3, [4] = 4},
  {[0] = 0}, {[1] = a, [2] = 2, [3] = 3}, {[1.5] = 1, 1, nil, 3}, {["1"] = 1, nil, 2}))
print(lens({x = 1, y = 2, z = 3, 1, 2, 3, nil, 5}, {1, 2, 3, nil, 5, x = 1, y = 2, z = 3},
  {[10] = 10, 1, 2, 3, nil}, {[3] = 3, 1, nil}, {[2] = 2, nil, nil, 3}))
-- nested constructors, and a table of fifty-five (a flush of fifty)
print(lens({{1}, nil, {3}}, {1, {nil, nil}, nil, 4}, {{}, {}, nil, {}},
  {1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,
   40,41,42,43,44,45,46,47,48,49,nil,51,52,53,nil,55},
  {1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,
   40,41,42,43,44,45,46,47,48,49,50,51,52,53,a,55,nil}))
-- values a call or '...' spreads at the end (LuaJIT grows the array for them at once, one slot past the last)
local function two() return nil, 2 end
local function five() return 1, nil, 3, nil, 5 end
local function spreads(...)
  return lens({...}, {n = select("#", ...), ...}, {1, ...}, {1, nil, ...}, {a, b, ...}, {five()}, {two()},
    {1, 2, 3, five()}, {x = 1, five()}, {(five())}, {five(), 9}, {unpack({1, nil, 3, nil, nil, 6}, 1, 6)})
end
print(spreads(1, nil, 3, nil, 5))
print(spreads(nil, 2))
print(spreads(1, 2, 3, nil, 5, nil, nil, 8))
print(spreads())
local hot
for _ = 1, 3000 do hot = spreads(1, nil, 3, nil, 5) end -- (compiled by now)
print(hot)
print(lens({1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,
  40,41,42,43,44,45,46,47,48,49,50,51,52,53,five()}))
-- stores and removals afterwards
local t = {1, 2, 3} t[2] = nil print(#t)
t = {1, 2, 3, 4} t[2] = nil print(#t) t[4] = nil print(#t)
t = {1, 2, 3, 4, 5} t[3] = nil print(#t) t[6] = 6 print(#t) t[7] = 7 print(#t)
t = {b, b, b} t[2] = nil print(#t)
t = {1, nil, 3} t[2] = 2 print(#t) t[4] = 4 print(#t) t[5] = nil t[6] = 6 print(#t)
t = {x = 1, y = 2} t[1] = 1 t[2] = 2 t[4] = 4 print(#t)
t = {1, 2, x = 1} for i = 3, 20 do t[i] = i end t[10] = nil print(#t)
-- what unpack and ipairs see
local n = 0 for _ in ipairs({1, 2, nil, 4}) do n = n + 1 end print(n, select("#", unpack({1, nil, 3})))
-- the layout string.buffer encodes (the array part's length is in it)
print(hex(buffer.encode({[1] = 1, [2] = 2, [4] = 4})))
print(hex(buffer.encode({1, nil, 3})))
print(hex(buffer.encode({1, 2, 3, x = 1})))
t = {1, 2, 3} t[2] = nil print(hex(buffer.encode(t)))
print(hex(buffer.encode({1, a, 3, nil})))
