-- obj:method() on ljuv objects: the method found is the type's method as it is now, whatever called it
-- before (compiled code caches the look-up per call site; changing a type's methods must show at once).
local buffer = require("string.buffer")
local ljuv = require("ljuv")

-- one call site, several objects and types in turn
local b1, b2, ch = buffer.new(), buffer.new(), ljuv.new_channel()
local function size(o) return o:count() end -- channels have count, buffers do not
for round = 1, 3 do
  expect_eq(size(ch), 0)
  expect_error(function() size(b1) end, "attempt to call method 'count' (a nil value)")
end
local function put(o, s) return o:put(s) end
for i = 1, 100 do put(i % 2 == 0 and b1 or b2, "x") end
expect_eq(#b1, 50)
expect_eq(#b2, 50)
expect_error(function() put(ch, "x") end, "attempt to call method 'put' (a nil value)")

-- a script that changes a type's methods is heard at the next call from the same site
local methods = getmetatable(ljuv.loop).__index
local calls = {}
for i = 1, 6 do
  calls[i] = ljuv.loop:now() ~= nil and "now" or "?"
  if i == 3 then
    local original = methods.now
    methods.now = function(self) return "replaced" end
    expect_eq(ljuv.loop:now(), "replaced")
    methods.now = original
  end
end
expect_list(calls, { "now", "now", "now", "now", "now", "now" })
methods.extra = function(self, x) return x * 2 end
local results = {}
for i = 1, 3 do results[i] = ljuv.loop:extra(i) end
expect_list(results, { 2, 4, 6 })
methods.extra = nil
expect_error(function() ljuv.loop:extra(1) end, "attempt to call method 'extra' (a nil value)")

-- the receiver is still evaluated once and passed as self
local evaluated = 0
local function get() evaluated = evaluated + 1; return b1 end
get():put("y")
expect_eq(evaluated, 1)
expect_eq(#b1, 51)

-- one site calling the same method on objects of two classes, alternately (compiled code keeps both classes'
-- methods): each object gets its own class's method, a method redefined or removed in one class is seen at once,
-- and an object's own field of that name hides its class's method
do
  local A = {} A.__index = A function A:area() return self.w * self.h end
  local B = {} B.__index = B function B:area() return 3 * self.r * self.r end
  local shapes = {}
  for i = 1, 20 do shapes[i] = i % 2 == 0 and setmetatable({ w = i, h = 2 }, A) or setmetatable({ r = i }, B) end
  local function total() local s = 0 for i = 1, #shapes do s = s + shapes[i]:area() end return s end
  for _ = 1, 50 do expect_eq(total(), 4210) end -- 2 * (2+4+...+20) + 3 * (1+9+...+361)
  function A:area() return 0 end
  expect_eq(total(), 3990, "A's method redefined")
  shapes[1].area = function() return 1000 end
  expect_eq(total(), 3990 - 3 + 1000, "an object's own field")
  shapes[1].area = nil
  B.area = nil
  expect_error(function() total() end, "attempt to call method 'area' (a nil value)")
end

-- a method that is the object's own field (a table of functions, arr:set(...)): one site over tables holding it in
-- different slots, and objects whose class has it; a field replaced, removed (the class's method again, or none) or
-- added later is seen at the next call
do
  local C = {} C.__index = C function C:get() return "class" end
  local a = { get = function() return "a" end }
  local b = { x = 1, y = 2, z = 3, get = function(self) return "b" .. self.x end }
  local c = setmetatable({}, C)
  local d = setmetatable({ get = function() return "d" end }, C)
  local function call(o) return o:get() end
  local seen = {}
  for i = 1, 300 do
    local o = i % 4 == 0 and a or i % 4 == 1 and b or i % 4 == 2 and c or d
    seen[#seen + 1] = call(o)
  end
  expect_list({ seen[1], seen[2], seen[3], seen[4], seen[297], seen[298], seen[299], seen[300] },
    { "b1", "class", "d", "a", "b1", "class", "d", "a" })
  for _ = 1, 300 do call(b) end
  b.get = function() return "b again" end
  expect_eq(call(b), "b again", "a field replaced")
  b.x = nil
  expect_eq(call(b), "b again", "another field removed")
  d.get = nil
  expect_eq(call(d), "class", "the own field removed: the class's method")
  b.get = nil
  expect_error(function() call(b) end, "attempt to call method 'get' (a nil value)")
  c.get = function() return "c own" end
  expect_eq(call(c), "c own", "an own field added hides the class's")
  for i = 1, 20 do b["k" .. i] = i end -- the table grows: its slots move
  b.get = function() return "moved" end
  expect_eq(call(b), "moved")
end

-- a method of an ljuv type called from compiled code goes straight into its body from the call site (see
-- DirectCallEmitter.methodCall): with no, one, two and four arguments after self, results as the method returns them,
-- argument errors numbered without self, a bad self named, and another callee at the same site still called
do
  local loop = ljuv.loop
  local timer = loop:timer()
  local ch = ljuv.new_channel()
  local fake = setmetatable({}, { __index = { start = timer.start, count = function() return "own" end } })
  local function start(o, a, b) return o:start(a, b, function() end) end
  local function count(o) return o:count() end
  local function push(o, a, b) return o:push(a, b) end
  local function push4(o, a, b, c, d) return o:push(a, b, c, d) end
  for round = 1, 3 do
    expect_eq(count(ch), 0)
    expect_eq(push(ch, round, "x"), nil)
    expect_eq(count(ch), 1)
    local a, b = ch:pull()
    expect_eq(a, round)
    expect_eq(b, "x")
    expect_eq(count(fake), "own", "a Lua function at the same site")
    push4(ch, 1, nil, "z", round)
    expect_list({ ch:pull() }, { 1, nil, "z", round }, 4)
    expect_error(function() start(timer, "soon", 0) end, "bad argument #1 to 'start' (number expected, got string)")
    expect_error(function() start(timer, 1, "y") end, "bad argument #2 to 'start' (number expected, got string)")
    expect_error(function() start(fake, 1, 0) end, "calling 'start' on bad self (timer expected, got table)")
    expect_error(function() push(ch, function() end) end, "cannot serialize 'function'")
  end
  expect_eq(count(ch), 0)
  timer:close()
  loop:run()
end
