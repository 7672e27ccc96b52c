-- Argument errors of a function reached by a tail call (recorded with luajit): the tail call replaced the
-- caller's frame, so the frame below names the error: '?' and no position under pcall, the name and line
-- of a Lua caller's call, a metamethod's event
local function try(f, ...) print(select(2, pcall(f, ...))) end
try(function() return string.rep() end)
try(function() return ("x"):rep() end)
try(function() return math.floor("a") end)
try(function() return tostring() end)
try(function() return setmetatable(1, 2) end)
try(function() return select("x") end)
try(function() return string.char(-1) end)
try(function() local r = string.rep() return r end)
local b = require("string.buffer").new()
try(function() return b:skip("x") end)
try(function() return b:set(1, 2) end)
try(function() b:putf() end)
try(function() b.putf(b, "%d", "x") end)
local function g(s) return string.rep(s) end
local function f(s) return g(s) end
try(function() f() end)
try(function() return f() end)
local o = {}
function o:m(s) return string.rep(s) end
try(function() o:m() end)
try(function() local x = o.m(o) return x end)
local t = setmetatable({}, {__index = function() return string.rep() end})
try(function() return t.x end)
try(function() return select(-5, 1) end)
