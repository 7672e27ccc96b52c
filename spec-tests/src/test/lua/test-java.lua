-- The java module: Java classes, objects, overloads, varargs, proxies, exceptions, await.
local java = require "java"
local ljuv = require "ljuv"

local O = java.import("dev.ljuv.spec.fixtures.Overloaded")
local ArrayList = java.import("java.util.ArrayList")
local List = java.import("java.util.List")
local String = java.import("java.lang.String")

-- classes: constructors, statics, nested classes, package views
do
  local l = ArrayList()
  expect_eq(type(l), "userdata")
  l:add(1); l:add("two"); l:add(3.5)
  expect_eq(l:size(), 3)
  expect_eq(#l, 3)
  expect_eq(l:get(0), 1)
  expect_eq(l[1], 1, "lists index from 1")
  expect_eq(l[2], "two")
  expect_eq(l[3], 3.5)
  expect_eq(l[4], nil, "out of range reads nil")
  l[4] = "four"
  expect_eq(l:get(3), "four", "assigning one past the end appends")
  expect_eq(tostring(l), "[1, two, 3.5, four]")
  expect_eq(java.new(ArrayList, 10):size(), 0)
  expect_eq(java.new("java.lang.StringBuilder", "ab"):toString(), "ab")
  expect_eq(O.NAME, "overloaded")
  expect_eq(O.Inner():hello(), "inner", "nested class")
  local Entry = java.import("java.util.Map.Entry")
  expect_eq(Entry:getName(), "java.util.Map$Entry", "Map.Entry by its source name")
  expect_eq(java.import("java.util.Map$Entry"), Entry, "one class value per class")
  local util = java.import("java.util.*")
  expect_eq(util.ArrayList, ArrayList)
  expect_eq(util.concurrent.atomic.AtomicInteger(5):get(), 5, "sub-packages")
  expect_eq(tostring(ArrayList), "class java.util.ArrayList")
  expect_eq(String.class:getSimpleName(), "String")
  expect_error(function() java.import("no.such.Klass") end, "Java class 'no.such.Klass' not found")
  expect_error(function() java.import("java.util.ImmutableCollections") end, "is not public")
  expect_error(function() java.new(List) end, "has no public constructor")
end

-- objects of non-public classes are used through their public supertypes (never setAccessible)
do
  local l = List:of(1, 2)
  expect_eq(l:size(), 2, "List.of(1,2):size()")
  expect_eq(List.of(1, 2, 3):get(2), 3)
  expect_false(l:getClass():getName():find("^java%.util%.List$"), "the object is really of a hidden class")
  local m = java.import("java.util.Map"):of("a", 1)
  expect_eq(m:get("a"), 1)
  expect_eq(java.import("java.util.Collections"):unmodifiableList(ArrayList()):isEmpty(), true)
end

-- fields
do
  local o = O(7)
  expect_eq(o.x, 7)
  o.x = 9
  expect_eq(o:add(1, 2), 12)
  o.label = "set"
  expect_eq(o.label, "set")
  O.counter = 41
  O.counter = O.counter + 1
  expect_eq(O.counter, 42)
  expect_error(function() O.NAME = "x" end, "is final")
  expect_error(function() o.nosuch = 1 end, "no such public field")
  expect_eq(o.nosuch, nil)
  expect_error(function() o.x = "text" end, "cannot store a string in a int")
end

-- overloads: a documented rule, by the arguments' Lua types
do
  expect_eq(O.f(1), "int", "integral numbers take int first")
  expect_eq(O.f(2^40), "long", "beyond int: long")
  expect_eq(O.f(1.5), "double")
  expect_eq(O.f("s"), "String")
  expect_eq(O.f(true), "Object")
  expect_eq(O.f(ArrayList()), "Object")
  expect_eq(O.f(nil), "String", "nil: the most specific reference type")
  expect_eq(O:f(1), "int", "a static method called with ':'")
  expect_eq(O.boxed(3), "Integer 3")
  expect_eq(O.chars("cs"), "CharSequence cs")
  expect_eq(O.ch("z"), "char z")
  expect_eq(O.bytes("\0\1\255"), 3, "a Lua string is bytes for byte[]")
  local e = expect_error(function() return O.g(1, 1) end, "ambiguous call to 'g' with (number, number)")
  expect_true(tostring(e):find("g(java.lang.Integer,java.lang.Object)", 1, true))
  expect_true(tostring(e):find("g(java.lang.Object,java.lang.Integer)", 1, true))
  local g = java.method(O, "g", "java.lang.Object, java.lang.Integer")
  expect_eq(g(1, 1), "Object,Integer", "java.method picks an overload")
  expect_eq(java.method(O, "f", "long")(1), "long")
  expect_eq(java.method(O, "new", "java.lang.String")("lbl").label, "lbl")
  local add = java.method(O(1), "add", "int,int")
  expect_eq(add(O(1), 2, 3), 6, "an instance method from java.method is unbound")
  expect_error(function() java.method(O, "f", "short") end, "'f' has no overload (short)")
  expect_error(function() O.twice("x") end, "bad argument #1 to 'twice' (int expected, got string)")
  expect_error(function() O.twice(1, 2) end, "wrong number of arguments to 'twice'")
  expect_error(function() O.f({}, {}) end, "no overload of 'f' takes (table, table)")
  expect_error(function() O.twice(1.5) end, "int expected, got number")
  local ok, err = pcall(O(1).add, "self?", 1, 2)
  expect_false(ok)
  expect_true(tostring(err):find("bad self", 1, true))
end

-- a method of one signature is called through code generated for it; it answers exactly as the general path
-- (java.method's function) does: results, receivers of other types, arguments it does not take, exceptions
do
  local Integer = java.import("java.lang.Integer")
  local list = ArrayList()
  list:add("a")
  list:add(ArrayList())
  local get, bitCount, toHex = java.method(list, "get", "int"), java.method(Integer, "bitCount", "int"),
    java.method(Integer, "toHexString", "int")
  local function same(label, fast, general, ...)
    local a, b = { pcall(fast, ...) }, { pcall(general, ...) }
    expect_eq(a[1], b[1], label)
    expect_eq(tostring(a[2]), tostring(b[2]), label)
    return a[2]
  end
  expect_eq(same("get 0", list.get, get, list, 0), "a")
  expect_eq(java.instanceof(same("get 1", list.get, get, list, 1), "java.util.ArrayList"), true)
  expect_true(tostring(same("get 5", list.get, get, list, 5)):find("IndexOutOfBoundsException", 1, true))
  expect_true(tostring(same("get 1.5", list.get, get, list, 1.5)):find("int expected", 1, true))
  same("get '0'", list.get, get, list, "0")
  expect_true(tostring(same("bad self", list.get, get, Integer(7), 0)):find("bad self", 1, true))
  same("no self", list.get, get, nil, 0)
  expect_eq(list:get(0), "a", "obj:name(...)")
  local viaClass, viaMethod = function(...) return Integer:bitCount(...) end, function(...) return bitCount(Integer, ...) end
  expect_eq(same("bitCount", viaClass, viaMethod, 255), 8)
  expect_eq(Integer.bitCount(255), 8, "Class.name(...) of a static method")
  expect_eq(Integer:toHexString(255), toHex(255))
  expect_true(tostring(same("bitCount x", viaClass, viaMethod, "x")):find("int expected", 1, true))
  for i = 1, 300 do assert(list:get(i % 2) ~= nil and Integer:bitCount(i) >= 1) end -- compiled call sites too
end

-- varargs and boxing
do
  expect_eq(String:format("%d-%s", 1, "x"), "1-x", "String:format with varargs")
  expect_eq(String.format("%.2f", 2.5), "2.50")
  expect_eq(O.join(",", 1, "b", true), "1,b,true (3)")
  expect_eq(O.join(","), " (0)", "no trailing arguments: an empty array")
  expect_eq(O.sum(1, 2, 3), 6)
  expect_eq(O.sum(), 0)
  expect_eq(O.sum(java.array("int", {4, 5})), 9, "an array passed for the varargs parameter")
  local out = java.import("java.io.StringWriter")()
  java.import("java.io.PrintWriter")(out, true):printf("%s=%d", "n", 3)
  expect_eq(out:toString(), "n=3", "PrintWriter:printf")
end

-- tables to arrays, lists, maps; Lua functions to functional interfaces
do
  expect_eq(O.sumList({1, 2, 3}), 6)
  expect_eq(O.sumArray({1, 2, 3}), 6)
  expect_eq(O.mapKeys({b = 1, a = 2}), "a,b")
  expect_eq(O.apply(function(a, b) return a * b end, 6, 7), 42)
  expect_eq(O.applyFunction(function(v) return v .. "!" end, "hi"), "hi!")
  local seen = {}
  List:of("a", "b"):forEach(function(x) seen[#seen + 1] = x end)
  expect_eq(table.concat(seen), "ab", "list:forEach(function)")
  local sorted = ArrayList()
  for _, v in ipairs({3, 1, 2}) do sorted:add(v) end
  sorted:sort(function(a, b) return a - b end)
  expect_eq(tostring(sorted), "[1, 2, 3]", "a Comparator in Lua")
  expect_error(function() O.apply(function() return "x" end, 1, 2) end, "returned string, int expected")
end

-- arrays
do
  local a = java.array("int", 3)
  expect_eq(#a, 3)
  expect_eq(a.length, 3)
  a[1] = 10; a[3] = 30
  expect_eq(a[1], 10)
  expect_eq(a[2], 0)
  expect_eq(a[4], nil)
  expect_error(function() a[4] = 1 end, "out of range")
  expect_error(function() a[1] = "x" end, "cannot store a string in a int array")
  local s = java.array("java.lang.String", {"x", "y"})
  expect_eq(s[2], "y")
  local grid = java.array("double", 2, 3)
  expect_eq(#grid, 2)
  expect_eq(#grid[1], 3)
  local n = 0
  for i, v in ipairs(java.array("int", {5, 6, 7})) do n = n + i * v end
  expect_eq(n, 5 + 12 + 21, "ipairs over an array")
  expect_error(function() java.array("int", -1) end, "negative size")
end

-- iteration and conversion
do
  local m = java.import("java.util.TreeMap")()
  m:put("a", 1); m:put("b", 2)
  local keys = {}
  for k, v in pairs(m) do keys[#keys + 1] = k .. v end
  expect_eq(table.concat(keys, ","), "a1,b2", "pairs over a Map")
  local t = java.luaify(m)
  expect_eq(t.a + t.b, 3)
  local nested = java.luaify(List:of(List:of(1, 2), List:of(3)))
  expect_eq(nested[1][2] + nested[2][1], 5, "luaify is deep")
  local count = 0
  for i, v in pairs(java.import("java.util.LinkedHashSet")(List:of(4, 5))) do count = count + i + v end
  expect_eq(count, 1 + 4 + 2 + 5, "pairs over an Iterable")
  expect_true(java.equals(List:of(1, 2), List:of(1, 2)), "java.equals is Java's equals")
  expect_false(List:of(1, 2) == List:of(1, 2), "== is identity")
  local l = ArrayList()
  local box = {}
  box[l] = 1
  expect_eq(box[l], 1, "a Java object as a table key")
  local again = java.import("java.util.Collections"):singletonList(l):get(0) -- a second wrapper of l
  expect_true(again == l, "two wrappers of one object are one value")
  expect_eq(box[again], 1, "and one table key")
  expect_true(java.instanceof(l, "java.util.Collection"))
  expect_false(java.instanceof(l, java.import("java.util.Map")))
  expect_eq(O.nothing(2^31), "java.lang.Long", "numbers as Object: Integer, Long or Double by value")
  expect_eq(O.nothing(1), "java.lang.Integer")
  expect_eq(O.nothing(0.5), "java.lang.Double")
  expect_eq(O.nothing({1, 2}), "java.util.ArrayList", "a sequence as Object is a List")
  expect_eq(O.nothing({a = 1}), "java.util.LinkedHashMap")
end

-- exceptions are Lua errors whose value is the exception
do
  local Integer = java.import("java.lang.Integer")
  local ok, err = pcall(Integer.parseInt, "x")
  expect_false(ok)
  expect_eq(tostring(err), 'java.lang.NumberFormatException: For input string: "x"')
  expect_eq(err:getMessage(), 'For input string: "x"')
  expect_true(java.instanceof(err, "java.lang.IllegalArgumentException"))
  expect_eq("caught: " .. err, 'caught: java.lang.NumberFormatException: For input string: "x"')
  local ok2, err2 = pcall(O.fails)
  expect_false(ok2)
  expect_eq(tostring(err2), "java.io.IOException: disk on fire", "checked exceptions too")
  -- a Lua error raised inside a Lua function that Java called comes back as itself
  local ok3, err3 = pcall(O.apply, function() error({code = 7}) end, 1, 2)
  expect_false(ok3)
  expect_eq(type(err3), "table")
  expect_eq(err3.code, 7)
  local ok4, err4 = pcall(O.apply, function() error("inner failure") end, 1, 2)
  expect_true(tostring(err4):find("inner failure", 1, true))
  expect_false(tostring(err4):find("LuaError", 1, true), "no Java class name around a Lua error")
end

-- proxies
do
  local ran = 0
  local r = java.proxy("java.lang.Runnable", function() ran = ran + 1 end)
  r:run()
  java.import("java.lang.Thread")(r):run()
  expect_eq(ran, 2)
  local it = java.proxy("java.util.Iterator", {
    hasNext = function() return ran < 5 end,
    next = function() ran = ran + 1; return ran end,
  })
  expect_eq(it:next(), 3)
  local rest = {}
  it:forEachRemaining(function(v) rest[#rest + 1] = v end) -- a default method the table lacks: Java's
  expect_eq(table.concat(rest, ","), "4,5")
  expect_true(tostring(r):find("Runnable", 1, true))
  expect_true(r:equals(r))
  expect_error(function() java.proxy("java.util.ArrayList", {}) end, "not an interface")
  expect_error(function() java.proxy("java.util.Iterator", function() end) end, "not a functional interface")
  local cmp = java.proxy("java.util.Comparator", {compare = function(a, b) return b - a end})
  local l = ArrayList(List:of(1, 3, 2))
  l:sort(cmp)
  expect_eq(tostring(l), "[3, 2, 1]")
end

-- proxies called from 8 Java threads at once run on this state's thread, one at a time
do
  local Thread = java.import("java.lang.Thread")
  local me = Thread:currentThread()
  local inside, most, calls, foreign = 0, 0, 0, 0
  local op = java.proxy("java.util.function.IntUnaryOperator", function(i)
    inside = inside + 1
    if inside > most then most = inside end
    if Thread:currentThread() ~= me then foreign = foreign + 1 end
    local x = 0
    for k = 1, 200 do x = x + k end -- some work inside, where another thread could interleave
    calls = calls + 1
    inside = inside - 1
    return i
  end)
  local Hammer = java.import("dev.ljuv.spec.fixtures.ProxyHammer")
  -- outside a coroutine: this thread waits, serving the proxy's calls
  local total = java.await(Hammer.hammer, 8, 500, op)
  expect_eq(total, 8 * (499 * 500 / 2))
  expect_eq(calls, 4000)
  expect_eq(most, 1, "no two calls inside the state at once")
  expect_eq(foreign, 0, "every call ran on the state's thread")
  -- in a coroutine: the loop serves them while the coroutine waits
  calls = 0
  local result
  coroutine.wrap(function() result = java.await(Hammer.hammer, 8, 100, op) end)()
  expect_eq(result, nil, "the coroutine waits")
  ljuv.loop:run()
  expect_eq(result, 8 * (99 * 100 / 2))
  expect_eq(calls, 800)
  expect_eq(most, 1)
  expect_eq(foreign, 0)
end

-- java.await: blocking calls on a virtual thread, the loop goes on
do
  local Thread = java.import("java.lang.Thread")
  local order = {}
  local t = ljuv.loop:timer()
  t:start(0.001, 0, function() order[#order + 1] = "timer" end)
  coroutine.wrap(function()
    java.await(Thread.sleep, 300)
    order[#order + 1] = "slept"
  end)()
  coroutine.wrap(function()
    local ok, err = pcall(java.await, java.import("java.lang.Integer").parseInt, "nope")
    order[#order + 1] = ok and "parsed" or tostring(err):match("NumberFormatException") or tostring(err)
  end)()
  ljuv.loop:run()
  local s = "," .. table.concat(order, ",") .. ","
  expect_true(s:find(",NumberFormatException,", 1, true), s) -- before or after the timer: both are quick
  expect_eq(s:gsub(",NumberFormatException", ""), ",timer,slept,", "the timer fires while the coroutine sleeps")
  local CompletableFuture = java.import("java.util.concurrent.CompletableFuture")
  expect_eq(java.await(CompletableFuture:completedFuture("done")), "done", "a Future")
  local sb = java.import("java.lang.StringBuilder")("a")
  expect_eq(java.await(sb.append, sb, "b"):toString(), "ab", "an instance method with its receiver")
  expect_error(function() java.await(function() end) end, "bad argument #1 to 'await'")
end

-- class path: jars and directories at run time
do
  expect_error(function() java.classpath("/no/such.jar") end, "No such file or directory")
end

-- luajava compatibility
do
  local luajava = require "luajava"
  local AL = luajava.bindClass("java.util.ArrayList")
  local l = luajava.newInstance("java.util.ArrayList")
  l:add("x")
  expect_eq(l:size(), 1)
  expect_eq(luajava.new(AL):size(), 0)
  local n = 0
  local p = luajava.createProxy("java.lang.Runnable", {run = function() n = n + 1 end})
  p:run()
  expect_eq(n, 1)
  local both = luajava.createProxy("java.lang.Runnable", "java.util.function.Supplier",
    {run = function() n = n + 1 end, get = function() return "got" end})
  both:run()
  expect_eq(both:get(), "got", "createProxy(iface, ..., table) implements several interfaces")
  expect_eq(n, 2)
  expect_true(java.instanceof(both, "java.util.function.Supplier") and java.instanceof(both, "java.lang.Runnable"))
  expect_eq(luajava.loadLib("java.lang.System", "lineSeparator"), "\n")
end
