-- Argument errors of a method call count as the call does: without self, and a bad self is named as such
-- (recorded with luajit; the calls are not tail calls, whose errors LuaJIT reports without a name).
local function try(f) local ok, e = pcall(f) print(ok, e) end
try(function() local r = ("x"):rep() return r end)
try(function() local s = "x" local r = s:rep({}) return r end)
try(function() local r = ("x"):sub("a") return r end)
try(function() local r = ("x"):byte({}) return r end)
try(function() local f = io.stdout local r = f:write({}) return r end)
try(function() local r = ("x"):format() return r end)
try(function() local r = ("%d"):format("z") return r end)
try(function() local r = string.rep("x") return r end)
try(function() local r = string.char("a") return r end)
try(function() local r = string.byte("x", {}) return r end)
print(pcall(string.byte, "x", {}))
