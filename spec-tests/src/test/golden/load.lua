-- load, loadstring, loadfile, dofile: readers, modes, errors (recorded with luajit)
print(load("return 1 + 1")(), load("syntax error here"))
local parts = {"return ", "4", "2"}
local i = 0
print(load(function() i = i + 1 return parts[i] end)())
print(type(load(function() return nil end)), pcall(load, function() error("reader failed", 0) end))
print(load(string.dump(function() return 7 end), "dumped", "t"))
print(load(string.dump(function() return 7 end), "dumped", "b")())
print(load("return 1", "text", "b"))
print(load("return x", "env", "t", {x = "from env"})())
print(loadstring("return ...")(1, 2), loadstring("x =", "=custom"))
print(pcall(load), pcall(load, 42))
print(loadfile("/nonexistent/file.lua"))
print(pcall(dofile, "/nonexistent/file.lua"))
local saved = load
load = function() return nil, "user's load" end
print(type(loadstring("return 1")))
load = saved
-- the name a bytecode error starts with: the chunk name as given, or (binary) for the default
local bad = string.dump(function() return 1 end):sub(1, 20)
print(load(bad))
print(loadstring(bad))
print(load(bad, "x"))
print(load(bad, "=y"))
print(load(bad, "@z.lua"))
-- string.dump of a function that is not Lua's: an error at the caller's position, not an argument error
print(pcall(string.dump, print), pcall(string.dump, 5))
print(pcall(function() local x = string.dump(print) return x end))
