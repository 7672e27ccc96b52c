-- The debug library: getinfo (lines, names, what), getlocal/setlocal, traceback, as LuaJIT gives them.

-- currentline and names of the calling frames
local function inner()
  local here = debug.getinfo(1, "nSl")
  local caller = debug.getinfo(2, "nl")
  return here, caller
end
local function outer(a, b)
  local sum = a + b
  local here, caller = inner() -- line 11
  return here, caller, sum
end
local here, caller = outer(1, 2) -- line 14
expect_eq(here.currentline, 5)
expect_eq(here.name, "inner")
expect_eq(here.namewhat, "upvalue")
expect_eq(here.what, "Lua")
expect_eq(here.short_src, "test-debug.lua")
expect_eq(here.linedefined, 4)
expect_eq(caller.currentline, 11)
expect_eq(caller.name, "outer")
expect_eq(caller.namewhat, "local")
expect_eq(debug.getinfo(1, "l").currentline, 24)
expect_eq(debug.getinfo(1, "S").what, "main")
expect_eq(debug.getinfo(print).what, "C")
expect_eq(debug.getinfo(1, "l").name, nil, "only the fields asked for")
expect_error(function() debug.getinfo(1, "x") end, "invalid option")
expect_eq(debug.getinfo(1000), nil)

-- names of functions called as methods, fields, globals, metamethods, from Java
local obj = {}
function obj:m() local i = debug.getinfo(1, "n"); return i end -- not a tail call: that frame would be gone
function obj.f() local i = debug.getinfo(1, "n"); return i end
function global_probe() local i = debug.getinfo(1, "n"); return i end
expect_eq(obj:m().namewhat, "method")
expect_eq(obj.f().name, "f")
expect_eq(global_probe().namewhat, "global")
global_probe = nil
local event
local function mm() local i = debug.getinfo(1, "n"); event = i.namewhat .. " " .. tostring(i.name); return 1 end
local t = setmetatable({}, { __index = mm, __add = mm, __concat = mm, __eq = mm, __lt = mm, __le = mm,
  __unm = mm, __newindex = mm, __call = mm })
local u = setmetatable({}, getmetatable(t))
local _ = t.x;      expect_eq(event, "metamethod __index")
t.y = 1;            expect_eq(event, "metamethod __newindex")
_ = t + 1;          expect_eq(event, "metamethod __add")
_ = "a" .. t;       expect_eq(event, "metamethod __concat")
_ = t .. t;         expect_eq(event, "metamethod __concat")
_ = t == u;         expect_eq(event, "metamethod __eq")
_ = t < u;          expect_eq(event, "metamethod __lt")
_ = t >= u;         expect_eq(event, "metamethod __le")
_ = -t;             expect_eq(event, "metamethod __unm")
_ = t();            expect_eq(event, "local t")
pcall(mm);          expect_eq(event, " nil", "called from a Java function: no name")

-- getlocal / setlocal: names and values of the locals active at the frame's instruction
local function locals(x, y)
  local z = x + y
  local n1, v1 = debug.getlocal(1, 1)
  local n3, v3 = debug.getlocal(1, 3)
  expect_eq(debug.setlocal(1, 3, 100), "z")
  return n1, v1, n3, v3, z, debug.getlocal(1, 50)
end
expect_list({ locals(4, 5) }, { "x", 4, "z", 9, 100, nil }, 6)
expect_eq(debug.getlocal(locals, 2), "y", "parameter names of a function")
expect_eq(debug.getlocal(locals, 3), nil)
expect_error(function() debug.getlocal(100, 1) end, "bad argument #1 to 'getlocal' (level out of range)")

-- in an xpcall handler the failed frames are still there, as in LuaJIT
local line
local seen = {}
xpcall(function()
  local victim = "v"
  line = debug.getinfo(1, "l").currentline; error("boom")
end, function(m)
  seen.local1 = { debug.getlocal(3, 1) }
  seen.error_level = debug.getinfo(2, "S").what
  seen.line = debug.getinfo(3, "l").currentline
  seen.traceback = debug.traceback(m)
end)
expect_list(seen.local1, { "victim", "v" })
expect_eq(seen.error_level, "C")
expect_eq(seen.line, line)
expect_true(seen.traceback:find("\t[C]: in function 'error'\n\ttest-debug.lua:" .. line .. ": in function <test-debug.lua:73>\n\t[C]: in function 'xpcall'", 1, true), seen.traceback)

-- traceback of the current stack: file:line and how each function was called
local function tb() local s = debug.traceback("msg", 1); return s end
local text = tb() -- line 89
expect_true(text:find("^msg\nstack traceback:\n\ttest%-debug%.lua:88: in function 'tb'\n\ttest%-debug%.lua:89: in main chunk"), text)

-- inside a coroutine the levels stop at the coroutine's first function
local co = coroutine.create(function()
  local depth = 0
  while debug.getinfo(depth + 1, "l") do depth = depth + 1 end
  coroutine.yield(depth, debug.traceback())
end)
local _, depth, cotext = coroutine.resume(co)
expect_eq(depth, 1)
expect_false(cotext:find("main chunk", 1, true), cotext)

-- another coroutine's stack: levels from 0 (the Java function on top), as LuaJIT numbers them
do
  local function fails() error("deep") end
  local dead = coroutine.create(function() fails() end)
  local ok, err = coroutine.resume(dead)
  expect_false(ok)
  local text = debug.traceback(dead, err)
  expect_true(text:find("deep\nstack traceback:\n\t%[C%]: in function 'error'\n\ttest%-debug%.lua:%d+: in function 'fails'\n\ttest%-debug%.lua:%d+: in function <test%-debug%.lua:%d+>$"), text)

  local suspended = coroutine.create(function()
    local function inner() local marker = "m"; coroutine.yield(marker) end
    inner()
  end)
  coroutine.resume(suspended)
  local text2 = debug.traceback(suspended, "here")
  expect_true(text2:find("^here\nstack traceback:\n\t%[C%]: in function 'yield'\n\ttest%-debug%.lua:%d+: in function 'inner'\n"), text2)
  expect_eq(debug.getinfo(suspended, 0, "S").what, "C")
  expect_eq(debug.getinfo(suspended, 1, "n").name, "inner")
  expect_list({ debug.getlocal(suspended, 1, 1) }, { "marker", "m" })
  expect_eq(debug.getinfo(suspended, 3), nil)
  local finished = coroutine.create(function() end)
  coroutine.resume(finished)
  expect_eq(debug.traceback(finished, "done"), "done\nstack traceback:")
end

-- tracebacks name metamethods, and show the Java function through which a Lua function was called
do
  local t = setmetatable({}, { __index = function(_, k) error("no field " .. k) end })
  local text = select(2, xpcall(function() return t.x end, debug.traceback))
  expect_true(text:find("\n\t[C]: in function 'error'\n\ttest-debug.lua:", 1, true), text)
  expect_true(text:find(": in function '__index'\n", 1, true), text)
  local function cmp() error("bad compare") end
  local function sorter() table.sort({ 3, 2, 1 }, cmp) end
  local sorted = select(2, xpcall(sorter, debug.traceback))
  expect_true(sorted:find("in function <test%-debug%.lua:%d+>\n\t%[C%]: in function 'sort'\n\ttest%-debug%.lua:%d+: in function <"), sorted)
  local via = select(2, xpcall(sorter, function() return debug.getinfo(4, "S").what end))
  expect_eq(via, "C", "the Java function between two Lua frames counts as a level")
end

-- on the live stack too, a Java function between two Lua calls is a level (as in LuaJIT), for
-- debug.getinfo, debug.traceback and getfenv alike
do
  local seen
  local function cmp(a, b)
    if not seen then
      seen = { debug.getinfo(2, "S").what, debug.getinfo(3, "n").name, debug.traceback("t"), getfenv(2) == _G,
        debug.getinfo(2, "n").name, debug.getinfo(2, "n").namewhat }
    end
    return a < b
  end
  local function sorter() table.sort({ 3, 2, 1 }, cmp) end
  sorter()
  expect_eq(seen[1], "C")
  expect_eq(seen[2], "sorter")
  expect_true(seen[3]:find("\n\t[C]: in function 'sort'\n\ttest-debug.lua:", 1, true), seen[3])
  expect_true(seen[4], "a Java function's environment is the globals")
  expect_eq(seen[5], "sort")
  expect_eq(seen[6], "field")
  expect_error(function() setfenv(2, {}) end, "'setfenv' cannot change environment of given object")
end

-- levels and names seen from functions called with any number of arguments (compiled code enters compiled
-- functions through entry points of its own for up to four arguments and one result; they are not levels)
do
  local function where(...)
    return debug.getinfo(2, "l").currentline .. ":" .. tostring(debug.getinfo(1, "n").name)
  end
  local function calls()
    local line = debug.getinfo(1, "l").currentline
    local a = where()
    local b = where(1)
    local c = where(1, 2, 3)
    local d = where(1, 2, 3, 4)
    local e = where(1, 2, 3, 4, 5)
    return line, { a, b, c, d, e }
  end
  local line, seen = calls()
  expect_list(seen, { (line + 1) .. ":where", (line + 2) .. ":where", (line + 3) .. ":where", (line + 4) .. ":where",
    (line + 5) .. ":where" })
end

-- a local that arithmetic writes (compiled code may keep its number unboxed) is seen and set like any other
local function numeric_locals(x)
  local sum = x * 2
  local name, value = debug.getlocal(1, 2)
  expect_eq(name, "sum")
  expect_eq(value, 8)
  for i = 1, 3 do sum = sum + i end
  local _, now = debug.getlocal(1, 2)
  expect_eq(now, 14)
  expect_eq(debug.setlocal(1, 2, 0.25), "sum")
  sum = sum * 2
  return sum
end
expect_eq(numeric_locals(4), 0.5)
-- the same for a local in a register slot an integer loop counted in before (a web of its own, see RegisterWebs):
-- seen and set from a callee at each turn; and one that is dead at the call (read before it, never after)
local function slot_after_loop(n, peek)
  local seen = {}
  for i = 1, n do seen[i] = 0 end
  local sum = n * 0.5
  for i = 1, n do
    sum = sum * 2 + i
    seen[i] = peek(i)
  end
  local dead = n * 0.5
  dead = dead + 1
  seen[#seen + 1] = peek(0)
  return sum .. ": " .. table.concat(seen, " ")
end
local function peek(i)
  local found = {}
  for k = 1, 10 do
    local name, v = debug.getlocal(2, k)
    if name == "sum" or name == "dead" then found[#found + 1] = name .. "=" .. tostring(v) end
  end
  if i == 2 then debug.setlocal(2, 4, 100) end
  return table.concat(found, ",")
end
for _ = 1, 3 do
  expect_eq(slot_after_loop(4, peek), "410: sum=5 sum=12 sum=203 sum=410 sum=410,dead=3")
end
-- locals a callee sets: one read after the call (its new value is used), one written again before it is read
-- (debug.getlocal sees the set value until then, the written one after), one never used again; hot, so compiled
local function set_by_callee(x)
  local live, overwritten, unused = x * 1.5, x * 2, x * 3
  local function poke()
    debug.setlocal(2, 2, 0.5)
    debug.setlocal(2, 3, "poked")
    debug.setlocal(2, 4, "also poked")
  end
  poke()
  local _, seen = debug.getlocal(1, 3)
  overwritten = live * 4
  local _, after = debug.getlocal(1, 3)
  local _, last = debug.getlocal(1, 4)
  return live, seen, after, overwritten, last
end
for _ = 1, 300 do
  expect_list({ set_by_callee(2) }, { 0.5, "poked", 2, 2, "also poked" })
end
-- in an error handler: compiled code shows a function's locals as they were at its last call (LuaJIT: as they
-- are), and the failing operation's operands as they are (its message reads them)
local failed, message
xpcall(function()
  local v = 3 * 7
  local w = v / 2
  tostring(w)
  return w + nil
end, function(m) message = m; failed = { select(2, debug.getlocal(2, 1)), select(2, debug.getlocal(2, 2)) } end)
expect_list(failed, { 21, 10.5 }, 2)
expect_true(message:find("attempt to perform arithmetic on a nil value", 1, true), message)

-- the locals of a loop that calls, seen from the callee each turn: the loop's own registers (integer and float
-- loops), what changes inside it and what was set before it
do
  local function caller_locals()
    local seen, i = {}, 1
    while true do
      local name, value = debug.getlocal(2, i)
      if not name or name == "(*temporary)" then break end -- LuaJIT goes on with the stack's temporaries
      seen[#seen + 1] = name .. "=" .. (type(value) == "table" and "table" or tostring(value))
      i = i + 1
    end
    return table.concat(seen, " ")
  end
  local function loops(n)
    local before = n * 3
    local acc, out = 0, {}
    for i = 1, n do
      acc = acc + i
      out[#out + 1] = caller_locals()
    end
    for x = 0.5, 1, 0.5 do
      acc = acc - x
      out[#out + 1] = caller_locals()
    end
    return out
  end
  expect_list(loops(2), {
    "n=2 before=6 acc=1 out=table (for index)=1 (for limit)=2 (for step)=1 i=1",
    "n=2 before=6 acc=3 out=table (for index)=2 (for limit)=2 (for step)=1 i=2",
    "n=2 before=6 acc=2.5 out=table (for index)=0.5 (for limit)=1 (for step)=0.5 x=0.5",
    "n=2 before=6 acc=1.5 out=table (for index)=1 (for limit)=1 (for step)=0.5 x=1",
  }, 1)
  local function whiles(n)
    local before = n * 3
    local out, w = {}, 0
    while w < n do
      w = w + 1
      out[#out + 1] = caller_locals()
    end
    repeat
      before = before - 1
      out[#out + 1] = caller_locals()
    until before < 5
    return out
  end
  expect_list(whiles(2), {
    "n=2 before=6 out=table w=1",
    "n=2 before=6 out=table w=2",
    "n=2 before=5 out=table w=2",
    "n=2 before=4 out=table w=2",
  }, 1)
end

-- small functions called from compiled code, whose registers live in JVM locals: their parameters are seen where
-- LuaJIT shows them, by a callee and by an error handler, whether or not the function made a call before
do
  local function peek() return select(2, debug.getlocal(2, 1)), select(2, debug.getlocal(2, 2)) end
  -- (each with a register that arithmetic writes and reads: so compiled with its registers in JVM locals)
  local function calls(a, b) local s = b + 1 local x, y = peek() return x, y, s * 2 end
  local function calls4(a, b, c, d) local s = d + 1 local x = peek() return x, s * 2 end
  local function fails(a, b) return a.field + b end
  local function on_error(a, b) local r = fails(a, b) return r end
  local function builds(a, b) local s = a + b local t = { a, b, s * 2 } return t end
  local seen
  for _ = 1, 300 do -- compiled on the way (every call in the mode that compiles at once)
    expect_list({ calls("p", 2) }, { "p", 2, 6 })
    expect_list({ calls4("q", 3, 4, 5) }, { "q", 12 })
    expect_list(builds(3, 4), { 3, 4, 14 })
    xpcall(on_error, function(m)
      seen = { m:match("attempt to index local 'a' %(a nil value%)") ~= nil, select(2, debug.getlocal(2, 2)) }
    end, nil, 7)
    expect_list(seen, { true, 7 })
  end
end

-- a function that calls itself (compiled with its registers in JVM locals): each level's locals seen from the
-- innermost call, and a local set there read by the level that owns it once its call returns
do
  local seen = {}
  local function walk(n, acc)
    local label = "n" .. n
    if n == 0 then
      for level = 2, 4 do
        local name1, v1 = debug.getlocal(level, 1)
        local name2, v2 = debug.getlocal(level, 2)
        local name3, v3 = debug.getlocal(level, 3)
        seen[#seen + 1] = table.concat({ name1, v1, name2, v2, name3, v3 }, " ")
      end
      expect_eq(debug.setlocal(2, 2, 100), "acc")
      return acc
    end
    local r = walk(n - 1, acc + n)
    return r + acc
  end
  expect_eq(walk(3, 0), 109)
  expect_list(seen, { "n 1 acc 5 label n1", "n 2 acc 3 label n2", "n 3 acc 0 label n3" })
  for _ = 1, 300 do -- once hot (LuaJIT's own JIT then shows some of the outer levels' locals wrongly)
    expect_eq(walk(3, 0), 109)
  end
end

-- a recursive function's calls, round after round (compiled, each depth takes again the register array the last
-- call at that depth used): debug.getlocal sees each level's own parameters, never a former call's
do
  local seen
  local function down(n, round)
    if n == 0 then
      local levels = {}
      for level = 2, 5 do
        local _, v1 = debug.getlocal(level, 1)
        local _, v2 = debug.getlocal(level, 2)
        levels[#levels + 1] = v1 .. "/" .. v2
      end
      seen = table.concat(levels, " ")
      return 0
    end
    return down(n - 1, round) + 1
  end
  for round = 1, 300 do
    expect_eq(down(4, round), 4)
    expect_eq(seen, "1/" .. round .. " 2/" .. round .. " 3/" .. round .. " 4/" .. round, "round " .. round)
  end
end

-- an error's unwound levels keep their locals while its handler runs, even when the handler calls functions at
-- those depths (compiled, such calls take a register array made free at their depth: never the unwound ones')
do
  local function failing(a, b) if a > 3 then return b .. {} end local c = failing(a + 1, b) return c end
  local function other(a, b) if a > 3 then return b .. "" end local c = other(a + 1, b) return c end
  local function outer() local r = failing(1, 2) return r end
  for round = 1, 3 do
    local before, after
    local ok = xpcall(outer, function()
      local function levels()
        local t = {}
        for level = 3, 5 do
          local name, v = debug.getlocal(level, 1)
          t[#t + 1] = tostring(name) .. "=" .. tostring(v)
        end
        return table.concat(t, " ")
      end
      before = levels()
      other(-20, 99)
      after = levels()
    end)
    expect_false(ok)
    expect_eq(before, "a=4 a=3 a=2", "round " .. round)
    expect_eq(after, before, "round " .. round)
  end
end

-- a tail call replaces the calling frame: the function it called is named and placed by the call below it
do
  local function inner()
    local i, j = debug.getinfo(1, "n"), debug.getinfo(2, "S")
    return i.name, j.what
  end
  local function outer() return inner() end
  expect_list({ outer() }, { "outer", "main" })
  local function tb() return (debug.traceback("t")) end
  local function callstb() return tb() end
  local t = callstb()
  expect_true(t:find("in function 'callstb'", 1, true), t)
  expect_false(t:find("[C]: ?", 1, true), t)
  local ok, name, what = pcall(function() return inner() end)
  expect_list({ ok, name, what }, { true, nil, "C" }) -- the function pcall called was replaced: pcall called it
end

-- a library function's level is that function: getinfo's func, as LuaJIT gives it
do
  local sorter
  table.sort({ 3, 1, 2 }, function(a, b) sorter = debug.getinfo(2, "f").func return a < b end)
  expect_true(sorter == table.sort, "the comparator's caller")
  local via
  pcall(function() via = debug.getinfo(2, "fS") end)
  expect_list({ via.func == pcall, via.what }, { true, "C" })
end
