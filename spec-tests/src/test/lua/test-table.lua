-- Table fields keep exactly the value stored in them, whatever was stored there before (results as LuaJIT's).

-- a field that held a number and then gets a string keeps the string, even one that reads as a number
local t = {}
t.x = 1
t.x = "10"
expect_eq(type(t.x), "string")
expect_eq(t.x, "10")
t.y = 2.5
t.y = " 0x10 "
expect_eq(t.y, " 0x10 ")
t.z = 3
t.z = {}
expect_eq(type(t.z), "table")
t.z = 4
t.z = "4"
expect_true(rawequal(rawget(t, "z"), "4"))

-- the same under keys of every kind that is not an integer
local keys = {"s", 1.5, -0.5, true, {}, print, 2^53 + 0.5}
for _, k in ipairs(keys) do
  local u = {}
  u[k] = 7
  expect_eq(u[k], 7)
  u[k] = "7"
  expect_eq(type(u[k]), "string", tostring(k))
  u[k] = 8.25
  expect_eq(u[k], 8.25)
end

-- numbers stored under such keys read back as they were: -0, NaN, infinities, large and fractional values
local n = {}
n.negzero = -0.0
n.nan = 0 / 0
n.inf = 1 / 0
n.big = 2^53
n.frac = 0.1
expect_eq(1 / n.negzero, -1 / 0, "-0 keeps its sign")
expect_true(n.nan ~= n.nan, "NaN")
expect_eq(n.inf, 1 / 0)
expect_eq(n.big, 9007199254740992)
expect_eq(tostring(n.frac), "0.1")
expect_eq(tostring(n.negzero), "-0")

-- next and pairs see the stored values; a value replaced during a traversal is seen once
local seen = {}
for k, v in pairs({a = 1, b = "2", c = 3.5}) do seen[k] = type(v) .. ":" .. tostring(v) end
expect_eq(seen.a, "number:1")
expect_eq(seen.b, "string:2")
expect_eq(seen.c, "number:3.5")
local r = {a = 1, b = 2, c = 3}
local count = 0
for k, v in pairs(r) do
  r[k] = tostring(v)
  count = count + 1
end
expect_eq(count, 3)
expect_eq(r.a .. r.b .. r.c, "123")

-- weak tables hold numbers under string keys like any other value
local w = setmetatable({}, {__mode = "v"})
w.n = 5
w.n = "five"
expect_eq(w.n, "five")
collectgarbage()
expect_eq(w.n, "five", "strings are not collected from weak tables")

-- fields that grow past a rehash keep their values and types
local g = {}
for i = 1, 100 do g["k" .. i] = (i % 2 == 0) and i or tostring(i) end
for i = 1, 100 do
  local v = g["k" .. i]
  expect_eq(type(v), (i % 2 == 0) and "number" or "string", "k" .. i)
end

-- table.insert and table.remove as LuaJIT's: positions outside 1..#t, nil values and holes
local function slots(t, from, to)
  local out = {}
  for i = from, to do out[#out + 1] = tostring(rawget(t, i)) end
  return table.concat(out, " ")
end
local one, two, three = 1, 2, 3 -- (not constants: a constructor of constants may size its array otherwise)
local ti = {one, two, three}
table.insert(ti, 0, "z")
expect_eq(slots(ti, 0, 4), "z nil 1 2 3", "insert at 0 moves every element up one")
ti = {one, two, three}
table.insert(ti, -1, "m")
expect_eq(slots(ti, -1, 4), "m nil nil 1 2 3")
ti = {one, two, three}
table.insert(ti, 1, nil)
expect_eq(slots(ti, 1, 4), "nil 1 2 3", "inserting nil still moves the elements")
ti = {one, two, three}
table.insert(ti, 5, "far")
expect_eq(slots(ti, 1, 5), "1 2 3 nil far")
ti = {one, nil, three}
table.insert(ti, 1, "h")
expect_eq(slots(ti, 1, 4), "h 1 nil 3", "a hole moves up with the rest")
expect_error(function() table.insert({}, 1, 2, 3) end, "wrong number of arguments to 'insert'")
expect_error(function() table.insert({}) end, "wrong number of arguments to 'insert'")
expect_error(function() table.insert({}, "x", 1) end, "bad argument #2 to 'insert'")

local tr = {one, two, three}
expect_eq(select("#", table.remove(tr, 0)), 0, "remove at 0 removes nothing")
expect_eq(slots(tr, 1, 3), "1 2 3")
expect_eq(select("#", table.remove(tr, 4)), 0)
expect_eq(select("#", table.remove({}, 1)), 0)
expect_eq(select("#", table.remove({})), 0)
tr = {one, nil, three}
expect_eq(select("#", table.remove(tr, 2)), 1, "the removed value is returned even when nil")
expect_eq(slots(tr, 1, 3), "1 3 nil", "the elements after a hole move down")
tr = {one, two, three}
expect_eq(table.remove(tr), 3)
expect_eq(table.remove(tr, nil), 2)
expect_eq(slots(tr, 1, 2), "1 nil")
-- remove reads and writes through metamethods, as LuaJIT's (a Lua function there)
local writes = {}
local proxied = setmetatable({one, two}, {__newindex = function(t, k, v) writes[#writes + 1] = k rawset(t, k, v) end})
rawset(proxied, 2, nil)
expect_eq(table.remove(proxied), 1)
expect_eq(#writes, 0, "only existing keys were written")
expect_error(function() table.remove({}, "x") end, "bad argument #2 to 'remove'")

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

-- clearing a table during its traversal sees each value once, as stored
local clear = {p = 1, q = 2, r = 3}
local seen = 0
for k, v in pairs(clear) do
  seen = seen + v
  clear[k] = nil
end
expect_eq(seen, 6)
expect_eq(next(clear), nil)

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

-- next's (key, value) held while the key is removed keeps its value
local held = {a = 1}
local function drop_then_value(...) held.a = nil return select(2, ...) end
expect_eq(drop_then_value(next(held)), 1)
held.a = 2
expect_eq(select(2, drop_then_value(pcall(next, held))), 2)
held.a = 3
local co = coroutine.wrap(function(...) held.a = nil coroutine.yield(select(2, ...)) end)
expect_eq(co(next(held)), 3)

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

-- the table library reads and writes raw, as LuaJIT's: __index, __newindex and __len play no part
do
  local mt = { __index = function(_, k) return "mm" .. tostring(k) end, __len = function() return 99 end,
               __newindex = function(t, k, v) rawset(t, k, "nw" .. tostring(v)) end }
  local function mk() return setmetatable({ "a", "b" }, mt) end
  expect_eq(table.concat(mk(), ","), "a,b")
  expect_error(function() table.concat(mk(), ",", 1, 3) end, "invalid value (nil) at index 3 in table for 'concat'")
  local t = mk()
  table.insert(t, "c")
  expect_eq(rawget(t, 3), "c")
  t = mk()
  table.insert(t, 1, "z")
  expect_list({ rawget(t, 1), rawget(t, 2), rawget(t, 3) }, { "z", "a", "b" })
  t = mk()
  expect_eq(table.remove(t), "b")
  expect_eq(rawget(t, 2), nil)
  t = mk()
  table.sort(t, function(a, b) return a > b end)
  expect_list({ rawget(t, 1), rawget(t, 2) }, { "b", "a" })
  expect_eq(table.maxn(mk()), 2)
  local proxy = setmetatable({}, { __index = { 1, 2, 3 } })
  expect_eq(#proxy, 0)
  expect_eq(table.concat(proxy), "")
  local log = {}
  local src = setmetatable({ "a" }, { __index = function(_, k) log[#log + 1] = "get" .. k return "g" .. k end })
  local dst = setmetatable({}, { __newindex = function(d, k, v) log[#log + 1] = "set" .. k rawset(d, k, v) end })
  expect_eq(table.move(src, 1, 2, 1, dst), dst)
  expect_list({ rawget(dst, 1), rawget(dst, 2), #log }, { "a", nil, 0 })
end

-- the runtime's own table layout: keys removed and added again many times, keys added with nil, a table that
-- turns weak after it was filled, number keys of every range, method and field caches across resizes
do
  local t = {}
  for round = 1, 50 do
    for i = 1, 200 do t["r" .. round .. "k" .. i] = i end
    for i = 1, 200 do t["r" .. round .. "k" .. i] = nil end
  end
  t.live = true
  local n = 0
  for k, v in pairs(t) do n = n + 1 expect_eq(k, "live") expect_eq(v, true) end
  expect_eq(n, 1, "removed keys do not come back")
  local u = {}
  u.absent = nil
  u[42] = nil
  expect_eq(next(u), nil, "a nil store adds no visible key")
  u.a = 1
  expect_list({ next(u) }, { "a", 1 })
  local w = { "one", x = "ex" }
  for i = 1, 100 do w["f" .. i] = i end
  setmetatable(w, { __mode = "k" })
  expect_list({ w[1], w.x, w.f100 }, { "one", "ex", 100 }, 3, "a table made weak keeps what it held")
  w.later = "y"
  expect_eq(w.later, "y")
  local keys = { 0, -1, 2^31, -2^31 - 1, 2^53, 1e300, -0.0, 0.5 }
  local m = {}
  for i, k in ipairs(keys) do m[k] = i end
  expect_list({ m[0], m[-1], m[2^31], m[-2^31 - 1], m[2^53], m[1e300], m[0.5] }, { 7, 2, 3, 4, 5, 6, 8 }, 7,
    "-0 is the key 0")
  local Class = {}
  Class.__index = Class
  function Class:name() return "first" end
  local obj = setmetatable({}, Class)
  local function call() return obj:name() end
  for _ = 1, 300 do expect_eq(call(), "first") end
  for i = 1, 1000 do Class["extra" .. i] = i end -- the class table resizes: its keys move to other slots
  expect_eq(call(), "first", "after the class table grew")
  function Class:name() return "second" end
  expect_eq(call(), "second", "a method redefined after the resize")
  Class.name = nil
  expect_error(function() call() end, "attempt to call method 'name' (a nil value)")
  local rec = { x = 1 }
  local function getx(r) return r.x end
  for _ = 1, 300 do expect_eq(getx(rec), 1) end
  for i = 1, 100 do rec["y" .. i] = i end
  expect_eq(getx(rec), 1, "a field read after its table resized")
  rec.x = nil
  expect_eq(getx(rec), nil)
end

-- table.new past LuaJIT's limits on a table's parts: its error, not the JVM's
do
  local tnew = require("table.new")
  expect_error(function() tnew(2^28, 0) end, "table overflow")
  expect_error(function() tnew(0, 2^30) end, "table overflow")
  local t = tnew(100, 100)
  t.x, t[1] = 1, 2
  expect_list({ t.x, t[1], #t }, { 1, 2, 1 })
end

-- keys computed by arithmetic, which compiled code holds as unboxed numbers (k below is written and read by
-- arithmetic): an integral one is the integer key, -0 is 0, other keys and the metamethods as LuaJIT has them
do
  local function get(t, a, b) local k = a + b; local _ = k * 2; return t[k] end
  local function set(t, a, b, v) local k = a + b; local _ = k * 2; t[k] = v end
  local t = { 10, 20, 30 }
  expect_eq(get(t, 1, 1), 20)
  set(t, 3, 1, 40)
  expect_list({ #t, t[4] }, { 4, 40 })
  set(t, 0, -0.0, "zero")
  expect_eq(t[0], "zero")
  expect_eq(get(t, -0.0, 0 * -1), "zero", "-0 reads key 0")
  for k in pairs(t) do if k == 0 then expect_eq(1 / k, 1 / 0, "the key stored is 0, not -0") end end
  set(t, 1, 0.5, "half")
  expect_list({ t[1.5], get(t, 1, 0.5), get(t, 1, 0.25) }, { "half", "half", nil })
  for _, big in ipairs({ 2^31, -2^31 - 1, 2^53, -2^31 }) do
    set(t, big, 0, big)
    expect_eq(rawget(t, big), big, tostring(big))
    expect_eq(get(t, big, 0), big, tostring(big))
  end
  expect_eq(get(t, 0 / 0, 0), nil, "a NaN key reads nil")
  expect_error(function() set(t, 0 / 0, 0, 1) end, "table index is NaN")
  local seen = {}
  local proxy = setmetatable({}, {
    __index = function(_, key) return type(key) .. ":" .. key end,
    __newindex = function(_, key, v) seen[#seen + 1] = key .. "=" .. v end,
  })
  expect_list({ get(proxy, 1, 1), get(proxy, 1, 0.5) }, { "number:2", "number:1.5" })
  set(proxy, 2, 1, "x")
  set(proxy, 0.25, 0, "y")
  expect_list(seen, { "3=x", "0.25=y" })
  expect_eq(get("abc", 1, 1), nil, "a string indexed by a number")
  expect_error(function() get(nil, 1, 1) end, "attempt to index local 't' (a nil value)")
  expect_error(function() set(nil, 1, 1, 0) end, "attempt to index local 't' (a nil value)")
end

-- t[k] where t is an upvalue (a chunk's table that a function indexes: GETTABUP and SETTABUP with the key in a
-- register), which compiled code reads and writes the ways it does a register's table: a loop's counter as the
-- integer key, string keys through the same probe, numbers held unboxed, metamethods and errors as LuaJIT has them
do
  local up = {}
  local names = {}
  for i = 1, 200 do names[i] = "n" .. i end
  local function fill(n) for i = 1, n do up[i] = i * 2 end end
  local function sum(n) local s = 0 for i = 1, n do s = s + up[i] end return s end
  local function put(k, v) up[k] = v end
  local function get(k) return up[k] end
  local function at(a, b) local k = a + b; local _ = k * 2; return up[k] end
  fill(200)
  expect_eq(sum(200), 200 * 201)
  for i = 1, 200 do put(names[i], i) end
  for i = 1, 200 do expect_eq(get("n" .. i), i, "an equal string made at run time") end
  expect_list({ get(1), get(200), get(201), get(1.5), at(1, 1), at(0.5, 0.25) }, { 2, 400, nil, nil, 4, nil }, 6)
  put(0, "zero")
  expect_eq(at(-0.0, 0 * -1), "zero", "-0 reads key 0")
  put(true, "yes")
  expect_eq(get(true), "yes")
  put("n1", nil)
  expect_eq(get("n1"), nil, "a key set to nil through an upvalue's table")
  expect_error(function() put(0 / 0, 1) end, "table index is NaN")
  expect_error(function() put(nil, 1) end, "table index is nil")
  local log = {}
  local proxy = setmetatable({ here = 1 }, {
    __index = function(_, k) return "index " .. tostring(k) end,
    __newindex = function(t, k, v) log[#log + 1] = tostring(k); rawset(t, k, v) end })
  local function pget(k) return proxy[k] end
  local function pset(k, v) proxy[k] = v end
  for i = 1, 3 do
    expect_eq(pget("here"), 1)
    expect_eq(pget(i), "index " .. i)
    expect_eq(pget("k" .. i), "index k" .. i)
  end
  pset("here", 2); pset("fresh", 3); pset(7, 4); pset(7, 5)
  expect_list(log, { "fresh", "7" })
  expect_list({ proxy.here, proxy.fresh, proxy[7] }, { 2, 3, 5 })
  local missing
  local function mget(k) return missing[k] end
  local function mset(k) missing[k] = 1 end
  expect_error(function() mget(1) end, "attempt to index upvalue 'missing' (a nil value)")
  expect_error(function() mget("k") end, "attempt to index upvalue 'missing' (a nil value)")
  expect_error(function() mset(2.5) end, "attempt to index upvalue 'missing' (a nil value)")
  local text = "abc"
  local function sget(k) return text[k] end
  expect_eq(sget("len"), string.len, "a string upvalue indexed by name reaches the string table")
  expect_eq(sget(1), nil, "a string indexed by a number")
end

-- key 0 comes first in a traversal, then the array part in order, then the rest, as LuaJIT's array part starts at
-- index 0 (an array ported from C: {[0] = ...}); the same in a hot loop, whose pairs is compiled
do
  local function keys(t)
    local out = {}
    for k in pairs(t) do out[#out + 1] = tostring(k) end
    return table.concat(out, " ")
  end
  for _ = 1, 300 do
    expect_eq(keys({[0] = "z", "a", "b", "c"}), "0 1 2 3")
    expect_eq(keys({[0] = "z"}), "0")
    expect_eq(keys({"a", "b"}), "1 2", "no key 0: the array part first, as before")
    local numbers = {[0] = 0.5}
    for i = 1, 10 do numbers[i] = i + 0.5 end
    expect_eq(keys(numbers), "0 1 2 3 4 5 6 7 8 9 10", "an array of numbers")
    local signed = {"a"}
    signed[-0.0] = "m"
    expect_eq(keys(signed), "0 1", "-0 is the key 0")
  end
  local t = {[0] = "z", "a", x = 1}
  expect_list({ next(t) }, { 0, "z" })
  expect_list({ next(t, 0) }, { 1, "a" })
  expect_list({ next(t, 1) }, { "x", 1 })
  expect_eq(next(t, "x"), nil)
  local seen = {}
  for k in pairs(t) do seen[#seen + 1] = tostring(k) t[k] = nil end -- clearing fields while traversing
  expect_eq(table.concat(seen, " "), "0 1 x")
  expect_eq(next(t), nil)
end
