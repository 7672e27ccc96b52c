-- debug.sethook / debug.gethook: which events a hook sees, in which order, with which lines.
-- The loops are in functions: a compiled function already running when a hook is set reports no events
-- (README, What differs), and a hot loop of a main chunk goes on compiled (on-stack replacement).
local ev = {}
local function record(e, l) ev[#ev + 1] = e .. ":" .. tostring(l) end
local function flush(title) print(title, table.concat(ev, " ")) ev = {} end

local function f(a)
  local b = a + 1
  return b
end
debug.sethook(record, "crl")
local x = 1
x = f(x)
x = x + 1
print("inside")
debug.sethook()
flush("crl")

local function loop()
  for i = 1, 3 do
    x = x + i
  end
end
local function one_line_loop() for i = 1, 3 do x = x + i end end
debug.sethook(record, "l")
loop()
debug.sethook()
flush("loop lines")

debug.sethook(record, "l")
one_line_loop()
debug.sethook()
flush("one-line loop")

debug.sethook(record, "c")
f(1)
tostring(1)
debug.sethook()
flush("calls")

debug.sethook(record, "r")
f(1)
tostring(1)
debug.sethook()
flush("returns")

local function g(n)
  if n == 0 then return 0 end
  return n
end
debug.sethook(record, "cr")
g(1)
g(0)
debug.sethook()
flush("call and return")

-- the mask as gethook gives it, and the count
local h = function() end
debug.sethook(h, "lrc", 7)
local hf, mask, count = debug.gethook()
debug.sethook()
print("gethook", hf == h, mask, count)
print("cleared", debug.gethook())
debug.sethook(h, "l")
print("l only", select(2, debug.gethook()))
debug.sethook(h, "")
local f2, m2, c2 = debug.gethook()
print("an empty mask keeps the hook", f2 == h, m2, c2)
debug.sethook()

-- a count hook fires
local c = 0
local function busy() for i = 1, 100 do local y = i * 2 end end
debug.sethook(function(e) c = c + 1 assert(e == "count") end, "", 10)
busy()
debug.sethook()
print("count events", c > 5)

-- no hook inside a hook
local depth = 0
debug.sethook(function(e, l)
  depth = depth + 1
  local z = 1
  z = z + 1
end, "l")
local w = 1
w = w + 1
debug.sethook()
print("hook not hooked", depth)

-- the hooked function is level 2
local seen
debug.sethook(function(e, l)
  local info = debug.getinfo(2, "Sl")
  seen = info.short_src .. ":" .. info.currentline .. " " .. tostring(l)
end, "l")
local v = 1
debug.sethook()
print("level 2", seen)

-- a hook set for a coroutine is the state's (as LuaJIT)
local co = coroutine.create(function()
  local a = 1
  coroutine.yield()
  a = 2
end)
debug.sethook(co, record, "l")
coroutine.resume(co)
coroutine.resume(co)
debug.sethook()
flush("coroutine")
print("gethook(co)", debug.gethook(co))

-- an error in a hook is raised where the hooked code runs
local ok, err = pcall(function()
  debug.sethook(function(e, l) debug.sethook() error("from hook " .. e) end, "l")
  local q = 1
end)
print("error", ok, err)
print("after error", debug.gethook())

-- a call hook of a library function's call: level 2 is that function ("C", named by the call), level 3 the caller
local calls = {}
local function named(e)
  local c, caller = debug.getinfo(2, "nSl"), debug.getinfo(3, "Sl")
  calls[#calls + 1] = c.what .. ":" .. tostring(c.name) .. ":" .. c.currentline .. "<" .. caller.what .. ":"
    .. caller.currentline
end
local lib = { up = string.upper }
local function library_calls()
  debug.sethook(named, "c")
  local s = string.format("%d", 5)
  local u = lib.up(tostring(7))
  table.insert({}, s)
  debug.sethook()
end
library_calls()
print("library calls", table.concat(calls, " "))
local funcs = {}
local function by_function()
  local f = debug.getinfo(2, "f").func
  funcs[#funcs + 1] = f == string.format and "format" or f == tostring and "tostring" or type(f)
end
local function function_calls()
  debug.sethook(by_function, "c")
  local s = string.format("%d", 5)
  local t = tostring(s)
  debug.sethook()
end
function_calls()
print("library functions", table.concat(funcs, " "))

-- bad arguments
print(pcall(debug.sethook, record))
print(pcall(debug.sethook, 1, "l"))
print(pcall(debug.sethook, record, "l", "x"))
