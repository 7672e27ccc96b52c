-- Table reads and writes at compiled sites: the places a site caches (a field's slot, a method's class, a
-- key's bucket) follow every change to the tables, metatables and classes behind them (results as LuaJIT's).

-- Reading a field by a constant name sees every change to it (compiled code caches the field's place in the
-- table it last read: the cache must follow removals, a key coming back, rehashes, other tables, __index).
local function read_global() return cached_global end
cached_global = 1
for _ = 1, 200 do expect_eq(read_global(), 1) end
cached_global = "two"
expect_eq(read_global(), "two", "a global's new value")
cached_global = nil
expect_eq(read_global(), nil, "a removed global")
cached_global = 3
expect_eq(read_global(), 3, "a global set again")

local proto = {x = "proto"}
local obj = setmetatable({x = "own"}, {__index = proto})
local function read_x(o) return o.x end
for _ = 1, 200 do expect_eq(read_x(obj), "own") end
obj.x = nil
expect_eq(read_x(obj), "proto", "a removed field falls back to __index")
obj.x = "again"
expect_eq(read_x(obj), "again")
proto.x = "changed"
obj.x = nil
expect_eq(read_x(obj), "changed")

local grown = {a = 1}
local function read_a() return grown.a end
for _ = 1, 200 do read_a() end
for i = 1, 1000 do grown["k" .. i] = i end -- rehashes, the entry of a moves
grown.a = 42
expect_eq(read_a(), 42, "after the hash part grew")
for i = 1, 1000 do grown["k" .. i] = nil end
expect_eq(read_a(), 42, "after the other keys left")
grown.a = nil
for i = 1, 1000 do grown["k" .. i] = i end -- a rehash while a is absent
expect_eq(read_a(), nil)
grown.a = 7
expect_eq(read_a(), 7)

-- keys sharing a bucket: removing the others leaves the read one intact
local crowd = {}
for i = 1, 64 do crowd["c" .. i] = i end
local function read_c32() return crowd.c32 end
for _ = 1, 200 do expect_eq(read_c32(), 32) end
for i = 1, 64 do if i ~= 32 then crowd["c" .. i] = nil end end
expect_eq(read_c32(), 32)
crowd.c32 = nil
expect_eq(read_c32(), nil)

-- one site reading many tables, and tables of other kinds
local records = {}
for i = 1, 300 do records[i] = {v = i} end
local function read_v(r) return r.v end
for round = 1, 3 do
  for i = 1, 300 do expect_eq(read_v(records[i]), i) end
end
expect_eq(read_v(setmetatable({}, {__index = function(_, k) return k .. "!" end})), "v!")
expect_eq(read_v("str"), nil, "a string indexes its metatable")
local weak = setmetatable({v = "weak"}, {__mode = "k"})
expect_eq(read_v(weak), "weak")
weak.v = nil
expect_eq(read_v(weak), nil)

-- one site meeting a different record at each read (compiled code probes each record's bucket for the key):
-- records of several fields whose keys share buckets, keys made at run time, integer keys in the hash part, a
-- key absent from some records (their __index answers), writes through the same kind of site
local shapes = {}
for i = 1, 400 do
  local r = {x = i, y = -i, name = "r" .. i, [i * 1024] = "int", [0.5] = "float", flag = i % 2 == 0}
  r["vel" .. "ocity"] = i * 2 -- a key built at run time, equal to the constant the site reads
  if i % 3 == 0 then r.y = nil end
  if i % 5 == 0 then setmetatable(r, {__index = {y = "from index"}}) end
  shapes[i] = r
end
local function read_shape(r) return r.x, r.y, r.velocity, r.flag, r.name end
local function move(r) r.x = r.x + r.velocity; r.velocity = r.velocity + 1 end
for round = 1, 3 do
  for i = 1, 400 do
    local r = shapes[i]
    local x, y, v, flag, name = read_shape(r)
    local vx = i * 2 + (round - 1)
    expect_eq(x, i + i * (round - 1) * 2 + (round - 1) * (round - 2) / 2)
    expect_eq(v, vx)
    expect_eq(y, i % 3 ~= 0 and -i or (i % 5 == 0 and "from index" or nil))
    expect_eq(flag, i % 2 == 0)
    expect_eq(name, "r" .. i)
    expect_eq(r[i * 1024], "int")
    move(r)
  end
end
for i = 1, 400 do shapes[i].x = nil end
expect_eq(read_shape(shapes[7]), nil, "a removed field after many reads")
local weak_values = setmetatable({x = {}}, {__mode = "v"})
expect_eq(type(read_shape(weak_values)), "table", "a weak table's field, read by LuaJ's own path")
local weak_keys = setmetatable({x = 1, velocity = 1}, {__mode = "k"})
move(weak_keys)
expect_eq(weak_keys.x, 2, "a weak table's field written by LuaJ's own path")
expect_eq(weak_keys.velocity, 2)

-- t[k] with the key in a register (compiled code probes a string key's bucket and writes a present key's entry):
-- string keys present and absent, built at run time, other kinds of key, __index and __newindex, weak tables,
-- a key set to nil, values of every kind, errors where the value indexed is no table
local map, names = {}, {}
for i = 1, 300 do names[i] = "key" .. i; map[names[i]] = i end
local function get(t, k) return t[k] end
local function put(t, k, v) t[k] = v end
for round = 1, 3 do
  for i = 1, 300 do
    expect_eq(get(map, names[i]), i + (round - 1) * 10)
    expect_eq(get(map, "k" .. "ey" .. i), i + (round - 1) * 10, "an equal string made at run time")
    put(map, names[i], get(map, names[i]) + 10)
  end
end
expect_eq(get(map, "absent"), nil)
put(map, "key7", nil)
expect_eq(get(map, "key7"), nil, "a key set to nil through a register")
local count = 0
for k in pairs(map) do count = count + 1; expect_eq(k ~= "key7", true, "a removed key is not traversed") end
expect_eq(count, 299)
local mixed = {[1] = "one", [2.5] = "float", [true] = "bool", two = "2"}
for _, k in ipairs({1, 2.5, true, "two"}) do expect_eq(get(mixed, k) ~= nil, true) end
put(mixed, 2.5, "float!"); put(mixed, true, false); put(mixed, "two", {})
expect_eq(mixed[2.5], "float!"); expect_eq(mixed[true], false); expect_eq(type(mixed.two), "table")
local log = {}
local guarded = setmetatable({here = 1}, {
  __index = function(_, k) return "index " .. k end,
  __newindex = function(t, k, v) log[#log + 1] = k; rawset(t, k, v) end})
for _ = 1, 3 do expect_eq(get(guarded, "here"), 1) end
expect_eq(get(guarded, "missing"), "index missing")
put(guarded, "here", 2) -- present: no __newindex
put(guarded, "fresh", 3) -- absent: __newindex
put(guarded, "fresh", 4) -- present now
expect_list(log, {"fresh"})
expect_eq(guarded.here, 2); expect_eq(guarded.fresh, 4)
local weak = setmetatable({}, {__mode = "v"})
local held = {}
put(weak, "w", held)
expect_eq(get(weak, "w"), held)
put(weak, "w", nil)
expect_eq(get(weak, "w"), nil)
expect_eq(get("text", "len"), string.len, "a string's metatable answers")
expect_error(function() get(nil, "k") end, "attempt to index local 't' (a nil value)")
expect_error(function() put(5, "k", 1) end, "attempt to index local 't' (a number value)")

-- Writing a field by a constant name (compiled code writes a present key's entry directly): removals, a key
-- coming back, __newindex for an absent key only, globals
local w = {x = 1}
local function write_x(t, v) t.x = v end
for i = 1, 200 do write_x(w, i) end
expect_eq(w.x, 200)
write_x(w, nil)
expect_eq(next(w), nil, "a written nil removes the key")
write_x(w, "back")
expect_eq(w.x, "back")
rawset(w, "x", nil)
write_x(w, "again")
expect_eq(w.x, "again", "written after another removal")
local newindex = {}
setmetatable(w, {__newindex = function(t, k, v) newindex[#newindex + 1] = k rawset(t, k, v) end})
write_x(w, 5)
expect_eq(#newindex, 0, "a present key: no __newindex")
write_x(w, nil)
write_x(w, 6)
expect_eq(#newindex, 1, "an absent key: __newindex")
expect_eq(w.x, 6)
for i = 1, 300 do written_global = i end
expect_eq(written_global, 300)
written_global = nil
for i = 1, 3 do written_global = (written_global or 0) + i end
expect_eq(written_global, 6)
expect_error(function() local s = "str" s.x = 1 end, "attempt to index")

-- Fields of tables held in upvalues (their own reads and writes, as globals'): a Lua table, a library's table, one
-- with __index and __newindex, the same sites meeting each kind in turn
local up_lua, up_lib = {f = 1}, string
local up_meta = setmetatable({}, {__index = {f = "inherited"}, __newindex = function(t, k, v) rawset(t, k, v .. "!") end})
local function up_read() return up_lua.f, up_lib.ljuv_site_test, up_meta.f end
local function up_write(v) up_lua.f = v up_lib.ljuv_site_test = v up_meta.f = v end
for i = 1, 300 do
  up_write(i)
  local a, b, c = up_read()
  expect_eq(a, i) expect_eq(b, i) expect_eq(c, i == 1 and "1!" or i) -- (__newindex only while the key is absent)
end
up_write(nil)
local a, b, c = up_read()
expect_eq(a, nil, "a nil written into a Lua table held in an upvalue")
expect_eq(b, nil, "into a library's table")
expect_eq(c, "inherited", "a present key removed (no __newindex), then read through __index")
up_write("x")
expect_eq(select(3, up_read()), "x!", "an absent key written: __newindex")
local swap = up_lua
up_lua, up_lib = up_lib, swap -- each site now meets the other kind of table
up_lua.f, up_lib.ljuv_site_test = "lib", "lua"
expect_eq(string.f, "lib") expect_eq(swap.ljuv_site_test, "lua")
string.f, string.ljuv_site_test = nil, nil

-- Calling a method of an object whose metatable's __index is its class (compiled sites keep the way to the
-- method): redefinition, an own field hiding it, another metatable, another __index, removal, inheritance
local Class = {}
Class.__index = Class
function Class.name() return "class" end
local o = setmetatable({}, Class)
local function call_name(obj) return obj:name() end
for _ = 1, 200 do expect_eq(call_name(o), "class") end
function Class.name() return "redefined" end
expect_eq(call_name(o), "redefined")
o.name = function() return "own" end
expect_eq(call_name(o), "own", "the object's field hides the method")
o.name = nil
expect_eq(call_name(o), "redefined")
local Other = {name = function() return "other" end}
Other.__index = Other
setmetatable(o, Other)
expect_eq(call_name(o), "other", "another metatable")
setmetatable(o, Class)
Class.__index = Other
expect_eq(call_name(o), "other", "another __index")
Class.__index = Class
Class.name = nil
expect_error(function() call_name(o) end, "attempt to call method 'name' (a nil value)")
local Base = {}
Base.__index = Base
function Base.name() return "base" end
local Derived = setmetatable({}, Base)
Derived.__index = Derived
local d = setmetatable({}, Derived)
for _ = 1, 200 do expect_eq(call_name(d), "base") end
function Derived.name() return "derived" end
expect_eq(call_name(d), "derived", "a method defined in the subclass")
Derived.name = nil
expect_eq(call_name(d), "base", "the subclass's method removed")
-- a method inherited from the base class (cached one class up): every way the way to it can change
local function inherited_cases()
  local B = {}
  B.__index = B
  function B.name() return "b" end
  local D = setmetatable({}, B)
  D.__index = D
  local x = setmetatable({}, D)
  local function call(obj) return obj:name() end
  for _ = 1, 200 do expect_eq(call(x), "b") end
  function B.name() return "b2" end
  expect_eq(call(x), "b2", "redefined in the base class")
  D.name = function() return "d" end
  expect_eq(call(x), "d", "defined in the subclass")
  D.name = nil
  x.name = function() return "own" end
  expect_eq(call(x), "own", "the object's own field")
  x.name = nil
  local B2 = {name = function() return "other base" end}
  B2.__index = B2
  setmetatable(D, B2)
  expect_eq(call(x), "other base", "another base class")
  setmetatable(D, B)
  expect_eq(call(x), "b2")
  B.__index = B2
  expect_eq(call(x), "other base", "the base's __index changed")
  B.__index = B
  local D2 = setmetatable({}, B)
  D2.__index = D2
  local y = setmetatable({}, D2)
  for _ = 1, 3 do expect_eq(call(x) .. call(y), "b2b2", "two subclasses at one site") end
  B.name = nil
  expect_error(function() call(x) end, "attempt to call method 'name' (a nil value)")
  B.name = function() return "back" end
  expect_eq(call(x), "back")
  setmetatable(D, nil)
  expect_error(function() call(x) end, "attempt to call method 'name' (a nil value)")
end
inherited_cases()
local dynamic = setmetatable({}, {__index = function(_, k) return function() return "fn " .. k end end})
expect_eq(call_name(dynamic), "fn name")
local classes = {}
for i = 1, 100 do
  local c = {name = function() return i end}
  c.__index = c
  classes[i] = setmetatable({}, c)
end
for round = 1, 2 do
  for i = 1, 100 do expect_eq(call_name(classes[i]), i) end
end

-- the same for methods of strings, whose metatable's __index is the string table
local function upper(s) return s:upper() end
for _ = 1, 200 do expect_eq(upper("abc"), "ABC") end
local saved = string.upper
string.upper = function(s) return "redefined " .. s end
expect_eq(upper("abc"), "redefined abc")
string.upper = saved
local smt = getmetatable("")
local savedIndex = smt.__index
smt.__index = {upper = function() return "other index" end}
expect_eq(upper("abc"), "other index")
smt.__index = savedIndex
expect_eq(upper("abc"), "ABC")

-- table.clear empties what a field site read before
local cleared = {x = 1}
local function read_cleared() return cleared.x end
for _ = 1, 200 do expect_eq(read_cleared(), 1) end
require("table.clear")(cleared)
expect_eq(read_cleared(), nil)
cleared.x = 2
expect_eq(read_cleared(), 2)

-- an absent key reads nil, through a field site and through a key in a register, until the table gets a
-- metatable: then __index answers (the same sites, hot), and the same for an absent global once _G has one
do
  local function field(t) return t.missing end
  local function keyed(t, k) return t[k] end
  local plain = {present = 1, [7] = "seven", [2.5] = "float"}
  for i = 1, 40 do plain["k" .. i] = i end
  for _ = 1, 300 do
    expect_eq(field(plain), nil)
    expect_eq(keyed(plain, "missing"), nil)
    expect_eq(keyed(plain, "k" .. 40), 40)
    expect_eq(keyed({}, "missing"), nil)
  end
  local mixed = {} -- integer keys in the hash part share buckets with the string keys
  for i = 1, 64 do mixed[i * 1000] = i; mixed["s" .. i] = i end
  for _ = 1, 5 do
    for i = 1, 64 do expect_eq(keyed(mixed, "s" .. i), i) end
    expect_eq(keyed(mixed, "s0"), nil)
  end
  local asked = 0
  setmetatable(plain, {__index = function(_, k) asked = asked + 1 return "via " .. k end})
  expect_eq(field(plain), "via missing")
  expect_eq(keyed(plain, "other"), "via other")
  expect_eq(keyed(plain, "k1"), 1)
  expect_eq(asked, 2)
  local function global() return undefined_global_for_this_test end
  for _ = 1, 300 do expect_eq(global(), nil) end
  setmetatable(_G, {__index = function(_, k) return "global " .. k end})
  expect_eq(global(), "global undefined_global_for_this_test")
  setmetatable(_G, nil)
  expect_eq(global(), nil)
end

-- integer keys held in registers (not a loop's counter) and integer constants: the array part, the hash part,
-- then __index and __newindex once a metatable is set, at the same sites
do
  local function read(t, k) return t[k] end
  local function write(t, k, v) t[k] = v end
  local function first(t) return t[1] end
  local function setFirst(t, v) t[1] = v end
  local t = { 10, 20, 30 }
  for round = 1, 300 do
    local k = round % 3 + 1
    expect_eq(read(t, k), k * 10)
    expect_eq(read(t, k + 1000), nil)
    expect_eq(first(t), 10)
    write(t, k, k * 10)
    setFirst(t, 10)
  end
  write(t, 5000, "far")
  expect_eq(read(t, 5000), "far")
  local seen = {}
  setmetatable(t, { __index = function(_, k) return "index " .. k end,
                    __newindex = function(_, k, v) seen[#seen + 1] = k .. "=" .. v end })
  expect_eq(read(t, 2), 20)
  expect_eq(read(t, 7), "index 7")
  write(t, 8, "x")
  write(t, 2, 22)
  expect_eq(rawget(t, 8), nil)
  expect_eq(read(t, 2), 22)
  expect_list(seen, { "8=x" })
  local empty = setmetatable({}, { __index = function(_, k) return k * 2 end })
  expect_eq(first(empty), 2)
  expect_eq(read("abc", 1), nil) -- a string indexed by a number: its metatable's __index (the string table)
  expect_error(function() write(nil, 1, 1) end, "attempt to index local 't' (a nil value)")
end
