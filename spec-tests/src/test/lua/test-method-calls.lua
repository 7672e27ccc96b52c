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
