-- gsub's replacement edges as LuaJIT has them (recorded with luajit): a lone '%' at the end adds a NUL byte, an
-- invalid replacement value is an error without a position; loading a bare bytecode signature is incompatible
print((("abc"):gsub("b", "%")):byte(1, -1))
print((("abc"):gsub("c", "x%")):byte(1, -1))
print(("abc"):gsub("%w", "%%%0"))
print(pcall(string.gsub, "abc", ".", { a = 1, b = true }))
print(pcall(function() return ("abc"):gsub(".", function(c) return c == "b" and {} or nil end) end))
print(("abc"):gsub(".", { a = false, b = "B" }))
print(loadstring("\27Lua"))
-- %g (printable but space, LuaJIT 2.1 as Lua 5.2) and its complement %G, over every byte
local graph, text = {}, {}
for c = 0, 255 do if string.char(c):match("%g") then graph[#graph + 1] = c end end
print(table.concat(graph, ","))
print(("a b\tc\0d\127"):gsub("%G", "_"), ("[x y]"):match("[%g]+"), ("  x1!  "):match("^%s*(%g+)"))
