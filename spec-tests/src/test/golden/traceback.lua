-- Tracebacks through tail calls: the frame a tail call replaced takes the name of the call that reached it,
-- with no [C] level in between; a Java function in between is one (recorded with luajit; the host's
-- last line, an address in luajit, is cut)
local function trace(f) print((select(2, xpcall(f, debug.traceback)):gsub("\n[^\n]*$", ""))) end
local function g() error("boom") end
local function f() return g() end
local function h() local x = f() return x end
trace(h)
local function k(n) if n == 0 then error("deep") end return k(n - 1) end
trace(function() k(3) end)
trace(function() table.sort({3, 2, 1}, function(a, b) return f() end) end)
