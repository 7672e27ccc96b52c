-- What a full collection (collectgarbage()) frees, as LuaJIT's collector does: a value the program no longer
-- reaches leaves the weak tables that hold it, though a table's cleared slot or a register past a call still
-- points to it; a proxy's __gc runs. (A weak table's own entries: test-table.lua; finalizers at the end of a
-- script: spec-tests/src/test/golden/finalizers.lua.)

-- the keys left in weak-keyed table w after a full collection, in a list sorted by their names
local function survivors(w)
  collectgarbage()
  collectgarbage()
  local names = {}
  for _, name in pairs(w) do names[#names + 1] = name end
  table.sort(names)
  return table.concat(names, " ")
end

-- an object key whose value was set to nil in a strong table: LuaJIT's node keeps the key but does not mark it
do
  local w = setmetatable({}, { __mode = "k" })
  local set, fresh = {}, {}
  local function add(name, kind)
    local k = kind == "table" and {} or kind == "function" and function() return name end
      or coroutine.create(function() end)
    w[k] = name
    return k
  end
  local a = add("table", "table")
  local b = add("function", "function")
  local c = add("thread", "thread")
  set[a], set[b], set[c] = 1, 2, 3
  set[a], set[b], set[c] = nil, nil, nil
  fresh[add("never set", "table")] = nil -- a key set to nil at once
  local kept = add("kept", "table")
  set[kept] = 4
  a, b, c = nil, nil, nil
  expect_eq(survivors(w), "kept", "cleared keys of a strong table are not held by it")
  expect_eq(set[kept], 4)
  set[kept] = nil
  set[kept] = 5 -- set again after its value was cleared: the same key, found again
  expect_eq(set[kept], 5)
  local n = 0
  for k, v in pairs(set) do n = n + 1 expect_eq(k, kept) expect_eq(v, 5) end
  expect_eq(n, 1)
end

-- clearing the keys a traversal walks, then walking on from a cleared key and setting the keys again
do
  local t, keys = {}, {}
  for i = 1, 40 do keys[i] = {} t[keys[i]] = i end
  local n, sum = 0, 0
  for k, v in pairs(t) do t[k] = nil n = n + 1 sum = sum + v end
  expect_eq(n, 40)
  expect_eq(sum, 820)
  expect_eq(next(t), nil)
  for i = 1, 40 do t[keys[i]] = -i end
  expect_eq(t[keys[7]], -7)
  t[keys[7]] = nil
  local ok, k = pcall(next, t, keys[7])
  expect_true(ok, "next from a cleared key goes on")
  expect_true(k == nil or t[k] ~= nil)
  local m = 0
  for _ in pairs(t) do m = m + 1 end
  expect_eq(m, 39)
end

-- the arguments of a call made before the collection, still in the caller's registers above collectgarbage's own
-- call (LuaJIT's stack top is at that call: what lies above is not marked)
local function kind(a, b) return type(a) end
do
  local w = setmetatable({}, { __mode = "k" })
  local o = {}
  w[o] = "argument"
  local r = kind(o, o)
  o = nil
  collectgarbage()
  expect_eq(next(w), nil, "a value left in an argument register")
  expect_eq(r, "table")
end
-- a weak table's keys of every kind are found again after it grew, and walked (LuaJ lost its function keys)
for _, mode in ipairs({ "k", "kv", "v" }) do
  local w = setmetatable({}, { __mode = mode })
  local keys = {}
  for i = 1, 30 do
    local k = i % 3 == 0 and function() return i end or i % 3 == 1 and {} or coroutine.create(function() end)
    keys[i] = k
    w[k] = i
  end
  local found, walked = 0, 0
  for i = 1, 30 do if w[keys[i]] == i then found = found + 1 end end
  for k, v in pairs(w) do walked = walked + 1 expect_eq(keys[v], k) end
  expect_eq(found, 30, mode)
  expect_eq(walked, 30, mode)
end

-- what is still reached stays
do
  local w = setmetatable({}, { __mode = "k" })
  local live = {}
  w[live] = "live"
  local t = { [live] = true }
  expect_eq(survivors(w), "live")
  expect_true(t[live])
end

-- newproxy's __gc: called once, with the proxy, for each proxy found unreachable by collectgarbage()
local finalized = {}
local function proxy(name, mt)
  local p = newproxy(mt or true)
  if not mt then
    getmetatable(p).__gc = function(self) finalized[#finalized + 1] = name .. (type(self) == "userdata" and "" or "?") end
  end
  return p
end
do
  local a, b, c = proxy("a"), proxy("b"), proxy("c")
  a, b = nil, nil
  collectgarbage()
  table.sort(finalized)
  expect_eq(table.concat(finalized, " "), "a b", "the unreachable ones, each with itself")
  expect_eq(type(c), "userdata")
end
do
  local shared = newproxy(true)
  local n = 0
  getmetatable(shared).__gc = function() n = n + 1 end
  local function three() for i = 1, 3 do newproxy(shared) end end
  three()
  collectgarbage()
  expect_eq(n, 3, "proxies sharing a metatable")
  local p = newproxy(true)
  getmetatable(p).__gc = function() n = n + 100 end
  getmetatable(p).__gc = nil -- looked up when collected: none then
  p = nil
  collectgarbage()
  expect_eq(n, 3)
end
do
  local kept, calls = nil, 0
  local function make()
    local p = newproxy(true)
    getmetatable(p).__gc = function(self) calls = calls + 1 kept = self end -- stored: alive again
  end
  make()
  collectgarbage()
  expect_eq(calls, 1)
  expect_eq(type(kept), "userdata")
  kept = nil
  collectgarbage()
  expect_eq(calls, 1, "once per proxy, though it was kept by its __gc")
end
do
  local ran = false
  local function given() local p = newproxy() debug.setmetatable(p, { __gc = function() ran = true end }) end
  given()
  collectgarbage()
  expect_true(ran, "a proxy made without a metatable and given one")
end
do
  local function failing() local p = newproxy(true) getmetatable(p).__gc = function() error("gc boom") end end
  failing()
  local ok, err = pcall(collectgarbage)
  expect_false(ok)
  expect_true(tostring(err):find("gc boom", 1, true), "an error in __gc is collectgarbage's")
end

-- a turn of the event loop runs the __gc of the proxies the collector found meanwhile (no collectgarbage call)
do
  local ljuv = require "ljuv"
  local ran = false
  local function drop() local p = newproxy(true) getmetatable(p).__gc = function() ran = true end end
  drop()
  local turns = 0
  local t = ljuv.loop:timer()
  t:start(0.001, 0.001, function()
    turns = turns + 1
    local junk = {}
    for i = 1, 100000 do junk[i] = { i } end -- garbage, for the collector to come
    if ran or turns == 500 then t:stop() t:close() end
  end)
  ljuv.loop:run()
  expect_true(ran, "finalized in a turn of the loop")
end

-- a thread's state ends as lua_close ends one: the __gc of its proxies still alive run on that thread
do
  local ljuv = require "ljuv"
  local ch = ljuv.new_channel()
  local result
  ljuv.loop:thread(function(payload)
    local out = require("ljuv").import(payload)
    local p = newproxy(true)
    getmetatable(p).__gc = function() out:push("finalized at the thread's end") end
    _G.kept = p
    return "done"
  end, function(ok, r) result = r end, ljuv.export(ch))
  ljuv.loop:run()
  expect_eq(result, "done")
  expect_list({ ch:try_pull() }, { true, "finalized at the thread's end" })
end
