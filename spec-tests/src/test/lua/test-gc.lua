-- What a full collection (collectgarbage()) frees, as LuaJIT's collector does: a value the program no longer
-- reaches leaves the weak tables that hold it, though a table's cleared slot or a register past a call still
-- points to it. (A weak table's own entries: test-table.lua.)

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
