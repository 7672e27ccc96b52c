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

-- clearing a table during its traversal sees each value once, as stored
local clear = {p = 1, q = 2, r = 3}
local seen = 0
for k, v in pairs(clear) do
  seen = seen + v
  clear[k] = nil
end
expect_eq(seen, 6)
expect_eq(next(clear), nil)

-- next's (key, value) held while the key is removed keeps its value
local held = {a = 1}
local function drop_then_value(...) held.a = nil return select(2, ...) end
expect_eq(drop_then_value(next(held)), 1)
held.a = 2
expect_eq(select(2, drop_then_value(pcall(next, held))), 2)
held.a = 3
local co = coroutine.wrap(function(...) held.a = nil coroutine.yield(select(2, ...)) end)
expect_eq(co(next(held)), 3)

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

-- a constructor of more than 511 x 50 items: past its 512th batch, each SETLIST's batch number is the word after it,
-- not an instruction, whatever opcode its bits read as (a JMP's, a CLOSURE's): the table has every item at its place
do
  local items = {}
  for i = 1, 30000 do items[i] = i * 2 end
  local source = "return {" .. table.concat(items, ",") .. "}"
  for _, shape in ipairs({ "%s", "local function inner() return 1 end %s", "return (function() %s end)()" }) do
    local t = assert(loadstring(shape:format(source)))()
    expect_eq(#t, 30000, shape)
    local wrong = 0
    for i = 1, 30000 do if t[i] ~= i * 2 then wrong = wrong + 1 end end
    expect_eq(wrong, 0, shape)
  end
end
