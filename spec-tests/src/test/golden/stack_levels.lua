-- Stack levels seen by a Java function that a Lua function tail-called (its frame is gone, as LuaJIT replaced it)
-- and by one that pcall or xpcall called directly (pcall is level 1); recorded with luajit. A traceback's last line,
-- an address in luajit, is cut.
local function cut(s) return (s:gsub("\n[^\n]*$", "")) end
local function e1() return debug.getinfo(1, "Sln") end
local function f1() local i = e1() return i end
local i = f1() print(i.currentline, i.name, i.what)
local function e2() return debug.getinfo(2, "Sln") end
local function f2() local i = e2() return i end
i = f2() print(i.currentline, i.name, i.what)
local function e3() return getfenv(1) end
local function f3() setfenv(1, setmetatable({}, {__index = _G})) local r = e3() return r == getfenv(1) end
print(f3())
local function e4() return debug.getlocal(1, 1) end
local function f4() local zz = 5 local n, v = e4() return n, v end
print(f4())
local function e5() return debug.traceback("tail", 1) end
local function f5() local s = e5() return s end
print(cut(f5()))
local function t6() return setfenv(2, {}) end
local function c6() t6() end
print(pcall(c6))
-- the usual error handler
local function inner() error("boom") end
local function outer() inner() end
print(cut(select(2, xpcall(outer, function(e) return debug.traceback(e, 2) end))))
print(cut(select(2, xpcall(outer, function(e) return debug.traceback(e) end))))
local function g7() return pcall(error, "z", 2) end
print(g7())
-- pcall and xpcall calling a Java function
local function p() local ok, info = pcall(debug.getinfo, 1, "nSl") return info end
i = p() print(i.what, i.short_src, i.currentline, i.name)
local function p2() local ok, info = pcall(debug.getinfo, 2, "nSl") return info end
i = p2() print(i.what, i.currentline, i.name)
print(cut(select(2, pcall(debug.traceback, "via pcall", 1))))
print(cut(select(2, xpcall(debug.traceback, function(e) return e end, "via xpcall", 1))))
print(pcall(setfenv, 1, _G))
print(select("#", pcall(setfenv, 2, _G)))
print(select(2, pcall(getfenv, 1)) == _G)
local co = coroutine.create(function() print((select(2, pcall(debug.traceback, "in a coroutine", 1)))) end)
coroutine.resume(co)
-- a Java function a Lua function tail-called is named as the call it replaced was
local function f8() print(cut(debug.traceback("through a tail-called pcall", 1))) print(debug.getinfo(2, "n").name) end
local function g8() return pcall(f8) end
g8()
local function g9() return pcall(debug.getinfo, 1, "n") end
print(select(2, g9()).name)
