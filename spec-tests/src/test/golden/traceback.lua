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
-- a coroutine an error killed: the function whose own instruction raised it has no line (LuaJIT kept no position
-- for it), one whose call of a Java function raised it keeps its line
local function bad() local t = {} return t.x.y end
for _, body in ipairs({function() local v = bad() return v end, function() local x = 1 + nil end,
    function() string.rep() end}) do
  local co = coroutine.create(body)
  print(coroutine.resume(co))
  print(debug.traceback(co))
  print(debug.getinfo(co, 0, "l").currentline)
end
-- traceback's arguments: a message that is no string is returned as it is, an explicit nil too; a level must be a
-- number
print(debug.traceback(nil), debug.traceback(nil, 1), debug.traceback(false), type(debug.traceback({})))
print(pcall(debug.traceback, "m", "x"))
local co = coroutine.create(function() coroutine.yield() end)
coroutine.resume(co)
print(debug.traceback(co, nil), debug.traceback(co, false))
print(debug.traceback(co, 5))
print(debug.traceback(co, "at 1", 1))
