-- Lua 5.1 / LuaJIT 2.1 globals and library functions that LuaJ lacks or has in 5.2 form.
expect_eq(_VERSION, "Lua 5.1")
expect_eq(unpack({1, 2, 3}), 1)
expect_eq(select("#", unpack({1, nil, 3}, 1, 3)), 3)
-- unpack reads the table raw, as lua_rawgeti does: no __index, and #t of the table itself
do
  local t = setmetatable({ 1 }, { __index = function(_, k) return "mm" .. k end })
  local a, b, c = unpack(t, 1, 3)
  expect_eq(a, 1)
  expect_eq(b, nil)
  expect_eq(c, nil)
  local p = setmetatable({}, { __index = { 7, 8 } })
  expect_eq(select("#", unpack(p)), 0)
  expect_eq((unpack(p, 1, 2)), nil)
end
expect_eq(loadstring("return ...", "=name")(4), 4)
expect_eq(select(2, loadstring("x = = 1", "=name")), "name:1: unexpected symbol near '='")
-- loadstring is LuaJIT's load under another name: a reader function, a mode and an environment work too
local pieces = {"return ", "6 * 7"}
expect_eq(loadstring(function() return table.remove(pieces, 1) end)(), 42)
expect_eq(loadstring("return y", nil, "t", {y = 7})(), 7)
expect_error(function() loadstring(nil) end, "function expected, got nil")
expect_eq(rawlen, nil, "5.2 only")
expect_eq(table.pack, nil)
expect_eq(table.unpack, nil)
expect_eq(math.mod, nil)
expect_eq(math.log10(1000), 3)
expect_eq(math.log(8, 2), 3)
expect_eq(table.getn({1, 2, 3}), 3)
expect_eq(table.maxn({[1] = 1, [10] = 2, [3.5] = 3}), 10)
local seen = {}
table.foreachi({"a", "b"}, function(i, v) seen[#seen + 1] = i .. v end)
expect_list(seen, {"1a", "2b"})
expect_eq(table.foreach({k = "v"}, function(k, v) return k .. v end), "kv")
expect_list(table.move({1, 2, 3}, 1, 3, 2), {1, 1, 2, 3})
expect_eq(string.rep("ab", 3, ","), "ab,ab,ab")
expect_eq(string.rep("x", -1), "")
expect_eq(("h\233llo"):upper(), "H\233LLO", "bytes from 0x80 are left alone")
expect_eq(("\192BC"):lower(), "\192bc")
expect_eq(type(gcinfo()), "number")
expect_eq(package.config:sub(1, 1), "/")
expect_eq(package.loaders, package.searchers or package.loaders)

-- environments
local function get_x() return x end
setfenv(get_x, {x = 42})
expect_eq(get_x(), 42)
expect_eq(getfenv(get_x).x, 42)
expect_eq(getfenv(0), _G)
expect_eq(getfenv(1), _G)
expect_eq(getfenv(), _G)
expect_eq(debug.getfenv(get_x).x, 42)
local sandboxed = loadstring("y = 5 return y")
local env = {}
setfenv(sandboxed, env)
expect_eq(sandboxed(), 5)
expect_eq(env.y, 5)
expect_eq(rawget(_G, "y"), nil)
local function set_own_env()
  setfenv(1, {marker = "inside"})
  return marker
end
expect_eq(set_own_env(), "inside")
expect_error(function() setfenv(get_x, 1) end, "bad argument #2 to 'setfenv' (table expected, got number)")

-- module and package.seeall
package.preload["spec.mod51"] = function(...)
  module(..., package.seeall)
  function greet() return "hi from " .. _NAME end
end
local m = require("spec.mod51")
expect_eq(m.greet(), "hi from spec.mod51")
expect_eq(m._NAME, "spec.mod51")
expect_eq(m._PACKAGE, "spec.")

-- newproxy
local p = newproxy(true)
getmetatable(p).__index = function() return "proxied" end
expect_eq(p.anything, "proxied")
expect_eq(type(newproxy()), "userdata")

-- semantics
expect_true("\255" > "\1", "strings compare by unsigned bytes")
expect_true("\128" > "\127")
expect_eq(#setmetatable({1, 2, 3}, {__len = function() return 99 end}), 3, "__len is ignored for tables")
expect_true(-setmetatable({}, {__unm = function(a, b) return rawequal(a, b) end}), "__unm gets its operand twice")
expect_eq(-"2", -2)
expect_list({pcall(pcall, pcall, error)}, {true, true, false, nil}, 4)
local n = 0
local chunk = load(function() n = n + 1 if n == 1 then return "return " elseif n == 2 then return "" else return "1" end end)
expect_eq(chunk(), nil, "load stops at the first empty piece")
expect_eq(type(collectgarbage("count")), "number")

-- tostring of reference values as LuaJIT writes it, never a Java name
expect_true(tostring({}):match("^table: 0x%x+$"), tostring({}))
expect_true(tostring(function() end):match("^function: 0x%x+$"))
expect_true(tostring(print):match("^function: builtin#%d+$"), tostring(print))
-- standard functions carry LuaJIT 2.1's numbers; functions LuaJIT does not number show an address
expect_eq(tostring(print), "function: builtin#29")
expect_eq(tostring(string.format), "function: builtin#89")
expect_eq(tostring(pcall), "function: builtin#20")
expect_eq(tostring(jit.on) .. " " .. tostring(jit.off), "function: builtin#143 function: builtin#144")
expect_eq(tostring(jit.security), "function: builtin#147")
expect_true(tostring(table.remove):match("^function: 0x%x+$"), tostring(table.remove))
expect_true(tostring(coroutine.create(print)):match("^thread: 0x%x+$"))
expect_true(tostring(newproxy()):match("^userdata: 0x%x+$"), tostring(newproxy()))

-- table.concat with LuaJIT's number text and message
expect_eq(table.concat({1, 2.5, 1/3, "x"}, "-"), "1-2.5-0.33333333333333-x")
expect_eq(table.concat({1, 2, 3}, ", ", 2, 3), "2, 3")
expect_eq(table.concat({}, ","), "")
expect_error(function() table.concat({1, {}, 3}) end, "invalid value (table) at index 2 in table for 'concat'")
expect_eq(select(2, loadstring("::a:: ::a::", "=l")), "l:1: duplicate label 'a'")

-- the math library with LuaJIT's argument errors
expect_error(function() math.abs() end, "bad argument #1 to 'abs' (number expected, got no value)")
expect_error(function() math.max(1, "x") end, "bad argument #2 to 'max' (number expected, got string)")
expect_eq(tostring(math.floor(-0.0)), "-0")
expect_list({math.modf(-3.5)}, {-3, -0.5})
expect_list({math.frexp(8)}, {0.5, 4})
expect_eq(math.ldexp(0.5, 4), 8)
expect_eq(math.fmod(7, 3), 1)
local r = math.random(3, 5)
expect_true(r >= 3 and r <= 5 and r == math.floor(r))
expect_eq(math.random(5, 4), 5, "no interval check, as LuaJIT: its formula gives m for (m, m - 1)")
expect_eq(0x1.1Cp-1068 > 0, true, "hex float literals keep subnormal values")

-- ordered comparisons (Lua 5.1): same type and the same handler on both sides; __le falls back to not __lt
do
  local lt = function(a, b) return a[1] < b[1] end
  local mt = { __lt = lt }
  local a, b = setmetatable({1}, mt), setmetatable({2}, { __lt = lt })
  expect_true(a < b and b > a and a <= b and not (a >= b), "same handler, different metatables")
  local other = setmetatable({3}, { __lt = function(x, y) return x[1] < y[1] end })
  expect_error(function() return a < other end, "attempt to compare two table values")
  expect_error(function() return a <= other end, "attempt to compare two table values")
  expect_error(function() return a < 1 end, "attempt to compare table with number")
  expect_error(function() return true < false end, "attempt to compare two boolean values")
  local le_calls = 0
  local withle = { __le = function(x, y) le_calls = le_calls + 1; return true end }
  expect_true(setmetatable({}, withle) <= setmetatable({}, withle))
  expect_eq(le_calls, 1)
end

-- thread environments: getfenv(0) is the running thread's, debug.setfenv sets a coroutine's;
-- print and chunks loaded in that thread use it, coroutines created in it inherit it
do
  local seen
  local co = coroutine.create(function() seen = getfenv(0) end)
  local env = {}
  expect_true(debug.setfenv(co, env) == co)
  expect_true(debug.getfenv(co) == env)
  expect_true(getfenv(0) == _G)
  coroutine.resume(co)
  expect_true(seen == env)

  local printed
  local co2 = coroutine.create(function() print(1) end)
  debug.setfenv(co2, setmetatable({}, { __index = { tostring = function(v) printed = v; return "" end } }))
  coroutine.resume(co2)
  expect_eq(printed, 1)

  local co3 = coroutine.create(function()
    local inner = coroutine.create(function() return getfenv(0) end)
    return select(2, coroutine.resume(inner)), loadstring("return foo")()
  end)
  local env3 = { foo = "bar" }
  debug.setfenv(co3, env3)
  local ok, inherited, foo = coroutine.resume(co3)
  expect_true(ok and inherited == env3)
  expect_eq(foo, "bar")
  expect_error(function() setfenv(co, {}) end, "bad argument #1 to 'setfenv' (number expected, got thread)")
  expect_error(function() debug.setfenv(1, {}) end, "'setfenv' cannot change environment of given object")
  expect_error(function() print(setmetatable({}, { __tostring = function() return {} end })) end,
    "'tostring' must return a string to 'print'")
end

-- setfenv(0, t) changes the running thread's environment: new chunks see it, existing functions do not
do
  local function global_x() return x end
  local env = setmetatable({ x = "thread env" }, { __index = _G })
  setfenv(0, env)
  local loaded = loadstring("return x")()
  local now = getfenv(0)
  setfenv(0, _G)
  expect_eq(loaded, "thread env")
  expect_true(now == env)
  expect_eq(global_x(), nil)
  expect_true(getfenv(0) == _G)
end

-- type: every kind of value, extra arguments ignored, an absent one refused; the same string each time (LuaJIT
-- interns it), so that comparing it costs nothing
;(function()
  local kinds = { [1] = "number", [2] = "string", [3] = "table", [4] = "function", [5] = "boolean", [6] = "nil",
    [7] = "thread", [8] = "userdata" }
  local values = { 1.5, "s", {}, print, false, nil, coroutine.create(print), newproxy() }
  for round = 1, 300 do
    for i = 1, 8 do expect_eq(type(values[i], round), kinds[i]) end
  end
  expect_eq(type(io.stdout), "userdata")
  expect_eq(type(2^53), "number")
  expect_error(function() local x = type() return x end, "bad argument #1 to 'type' (value expected)")
  local f = type
  expect_error(function() local x = f() return x end, "bad argument #1 to 'f' (value expected)")
end)()

-- rawget and setmetatable called with two arguments from compiled code (their two-argument bodies): the same
-- results and argument errors, named as the call site names the function
;(function()
  local f, sm = rawget, setmetatable
  local C = {}
  for round = 1, 300 do
    local o = sm({ x = round }, C)
    expect_eq(getmetatable(o), C)
    expect_eq(f(o, "x"), round)
    expect_error(function() local x = f(1, 2) return x end, "bad argument #1 to 'f' (table expected, got number)")
    expect_error(function() local x = rawget({}) return x end, "bad argument #2 to 'rawget' (value expected)")
    expect_error(function() local x = sm({}, 5) return x end, "bad argument #2 to 'sm' (nil or table expected)")
    expect_error(function() local x = sm(sm({}, { __metatable = 1 }), {}) return x end,
      "cannot change a protected metatable")
  end
end)()
