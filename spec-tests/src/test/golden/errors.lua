-- Runtime error messages: the variable named, the operands' types (recorded with luajit)
local function try(f, ...) local ok, e = pcall(f, ...) print(e) end
local t = {}
local up = nil
try(function() local x = nil; return x.field end)
try(function() return t.a.b end)
try(function() return undefinedglobal.x end)
try(function() return up[1] end)
try(function() local s = "a" + 1 end)
try(function() return {} + 1 end)
try(function() return 1 .. {} end)
try(function() return {} < {} end)
try(function() return 1 < "2" end)
try(function() undefinedfunction() end)
try(function() t.method() end)
try(function() t:method() end)
try(function() local f = 5; f() end)
try(function() return #nil end)
try(function() return -{} end)
try(function() error("plain") end)
try(function() error("no position", 0) end)
try(function() error(setmetatable({}, {__tostring = function() return "an error object" end})) end)
try(function() error() end)
try(function() string.rep() end)
try(function() for i = 1, "x" do end end)
try(function() local a; a.b.c = 1 end)

-- an error through coroutine.wrap: a message gets the position of the Lua code calling the wrapped function
try(function() coroutine.wrap(function() error("in wrap") end)() end)
try(function() coroutine.wrap(function() error("no position", 0) end)() end)
try(function() coroutine.wrap(function() local x = nil; return x.y end)() end)
try(function() coroutine.wrap(function() error(setmetatable({}, {__tostring = function() return "an object through wrap" end})) end)() end)
print(pcall(coroutine.wrap(function() error("called by pcall") end)))
-- a metamethod that is no function: LuaJIT raises the call of it where it is called, without a position (a
-- comparison's, arithmetic's, a library function's), and an __index or __newindex of another type unnamed
local function mm(event, value) return setmetatable({}, {[event] = value}) end
print(pcall(function() return tostring(mm("__tostring", 5)) end))
print(pcall(function() return print(mm("__tostring", 5)) end))
print(pcall(function() local t = mm("__index", 5) return t.x end))
print(pcall(function() local t = mm("__newindex", 5) t.x = 1 end))
print(pcall(function() local t = mm("__index", mm("__index", 5)) return t.x end))
print(pcall(function() local t = mm("__call", 5) return t() end))
print(pcall(function() local t = mm("__call", 5) local r = t() return r end))
print(pcall(function() local t = mm("__call", mm("__call", 5)) return t() end))
print(pcall(function() local t = mm("__lt", 5) return t < t end))
print(pcall(function() local t = mm("__le", 5) return t <= t end))
print(pcall(function() return mm("__concat", 5) .. "x" end))
print(pcall(function() return -mm("__unm", 5) end))
print(pcall(function() return mm("__add", 5) + 1 end))
print(pcall(function() local t = mm("__eq", 5) return t == setmetatable({}, getmetatable(t)) end))
print(pcall(function() local u = newproxy(true) getmetatable(u).__len = 5 return #u end))
print(pcall(function() return ("x"):gsub("x", mm("__index", function() error("idx") end)) end))
print(pcall(function() local x x() end))
print(pcall(function() local t = {} t.f.g = 1 end))
print(pcall(function() for k in 5 do end end))
print(pcall(function() for k in setmetatable({}, {__call = 5}) do end end))
print(pcall(function() return table.sort({3, 1, 2}, mm("__call", 5)) end))

-- a call's line is the line of its arguments ('(', a string or a table), not its function's first line: an error
-- in a chain of calls over several lines names the failing call's line, as do tracebacks and debug.getinfo
local chain = { a = function(self) return self end, where = function() return debug.getinfo(2, "l").currentline end }
try(function() return chain
  .a(chain)
  .b(1) end)
try(function() return chain
  :a()
  :a()
  :missing() end)
try(function() return chain
  :a "x"
  :missing { 1 } end)
try(function() local x = chain.a(
  chain).nope() end)
print(chain
  .a(chain)
  .where())
local function second(_, b) return b end
print(second(chain,
  chain.where()))
print((debug.traceback("tb", 1):gsub("\n[^\n]*%[C%][^\n]*", "")))
print(select(2, loadstring("f(1,\n2,\n3")))
print(select(2, loadstring("x = g\n.h(1\n, 2")))
print(select(2, loadstring("x = g\n:h(1,\n2\n")))
-- an operator's line is its last operand's, a tail call's the end of its return statement
try(function() return 1 +
  up end)
try(function() return up
  + 1 end)
try(function() return "x" ..
  t end)
try(function() return -
  t end)
try(function() return #
  up end)
try(function() return up(
  ) end)
try(function() return undefinedfunction(function()
  end) end)
try(function() return (undefinedfunction(
  )) end)
