-- Generic for over pairs and ipairs: compiled code takes next's and ipairs' steps itself on a table (IteratorSite),
-- which must give what calling them gives: the same keys in the same order as next(t, k) called by hand, through
-- the array part and the hash part, while fields are cleared, and the end at ipairs' first nil. Each loop runs many
-- times from one place, in a function of its own, so that it is compiled and hot.

local function by_hand(t)
  local keys, k = {}, nil
  repeat
    k = next(t, k)
    keys[#keys + 1] = k
  until k == nil
  return keys
end

local function mixed(n)
  local t = {}
  for i = 1, n do t[i] = i * 10 end
  t[n + 2] = "gap" -- past a hole: in the hash part
  t.name, t[2.5], t[true], t[-1] = "x", "half", "yes", "minus"
  return t
end

;(function()
for round = 1, 300 do
  local t = mixed(round % 17)
  local expected, i = by_hand(t), 0
  for k, v in pairs(t) do
    i = i + 1
    expect_eq(k, expected[i], "pairs key " .. i)
    expect_eq(v, rawget(t, k), "pairs value " .. i)
  end
  expect_eq(expected[i + 1], nil, "pairs ends with next")
  -- one variable only, and three (the third is nil)
  local n = 0
  for k in pairs(t) do n = n + 1 end
  expect_eq(n, i)
  for k, v, extra in pairs(t) do expect_eq(extra, nil) end
end
end)()

-- after keys were removed (their slots stay in the hash part's chains until a rehash)
;(function()
for round = 1, 300 do
  local t, n = {}, 16 + round % 16 -- a hash part of 32 slots, up to full: chains of several keys
  for j = 1, n do t["k" .. j] = j end
  for j = 1, n do if (j * 7 + round) % 3 == 0 then t["k" .. j] = nil end end
  local expected, i = by_hand(t), 0
  for k in pairs(t) do i = i + 1; expect_eq(k, expected[i], "after removals, key " .. i) end
  expect_eq(i, #expected)
end
end)()

-- tables after seeded random insertions and removals of string, integer and fractional keys (the golden test
-- table_ops's sequences: chains whose first slot is a removed key's, keys moving between the parts); the order is
-- LuaJ's, not LuaJIT's, so it is checked against next by hand here rather than against a recording
local seed = 12345
local function rnd(n) seed = (seed * 1103515245 + 12345) % 2147483648 return math.floor(seed / 65536) % n end
;(function()
for round = 1, 300 do
  local n, items = rnd(12), {}
  for i = 1, n do items[i] = tostring(rnd(100)) end
  local t = loadstring("return {" .. table.concat(items, ",") .. (rnd(3) == 0 and (n > 0 and "," or "") .. "x = 1" or "") .. "}")()
  for step = 1, 30 do
    local op = rnd(8)
    if op == 0 then t["s" .. rnd(10)] = step
    elseif op == 1 then t["s" .. rnd(10)] = nil
    elseif op == 2 then table.insert(t, step)
    elseif op == 3 then if #t > 0 then table.insert(t, rnd(#t) + 1, step) end
    elseif op == 4 then table.remove(t)
    elseif op == 5 then if #t > 0 then table.remove(t, rnd(#t) + 1) end
    elseif op == 6 then t[#t + 1] = step
    else t[rnd(3) - 1 + 0.5] = step end
  end
  local expected, i = by_hand(t), 0
  for k in pairs(t) do i = i + 1; expect_eq(k, expected[i], "random table, key " .. i) end
  expect_eq(i, #expected)
end
end)()

-- clearing fields during the traversal: each key is still seen once, a cleared one not again
;(function()
for round = 1, 300 do
  local t = mixed(8)
  local seen, count = {}, 0
  for k in pairs(t) do
    expect_eq(seen[k], nil, "seen twice")
    seen[k] = true
    count = count + 1
    t[k] = nil
  end
  expect_eq(count, 13)
  expect_eq(next(t), nil)
  local u = {a = 1, b = 2, c = 3, d = 4, e = 5, f = 6}
  local visited = 0
  for k in pairs(u) do -- clears the others, once
    visited = visited + 1
    for other in pairs(u) do if other ~= k then u[other] = nil end end
  end
  expect_eq(visited, 1)
end
end)()

-- ipairs: up to the first nil, array part or hash part, raw (no __index), as LuaJIT 2.1
;(function()
for round = 1, 300 do
  local t = {1, 2, 3, nil, 5}
  local n = 0
  for i, v in ipairs(t) do n = n + 1; expect_eq(v, i) end
  expect_eq(n, 3)
  local h = {}
  h[3], h[2], h[1] = "c", "b", "a" -- built downwards: the hash part holds them
  local s = ""
  for _, v in ipairs(h) do s = s .. v end
  expect_eq(s, "abc")
  local proxy = setmetatable({}, {__index = {1, 2, 3}})
  for _ in ipairs(proxy) do error("ipairs read through __index") end
end
end)()

-- other iterators and states still go the ordinary way
;(function()
for round = 1, 300 do
  local words = {}
  for w in ("a bb ccc"):gmatch("%a+") do words[#words + 1] = w end
  expect_eq(table.concat(words, ","), "a,bb,ccc")
  local function countdown(_, i) if i > 0 then return i - 1 end end
  local n = 0
  for i in countdown, nil, 3 do n = n + 1 end
  expect_eq(n, 3)
  local calls = 0
  local function counting(t, k) calls = calls + 1 return next(t, k) end
  for _ in counting, {1, 2} do end
  expect_eq(calls, 3)
end
end)()
expect_error(function() for _ in next, {}, "nokey" do end end, "invalid key to 'next'")
expect_error(function() for _ in next, 5 do end end, "table expected, got number")

-- one loop of a recursive function walks two tables in turn, with the same key strings: a runtime table and one
-- of LuaJ's own (package.preload; a weak table keeps its contents there too), or two runtime tables; the outer walk
-- goes on after the inner ones as next(t, k) would
;(function()
local keys = {}
for i = 1, 40 do keys[i] = "key" .. i end
local function walk(tables, depth, seen)
  local t = tables[depth]
  local n = 0
  for k, v in pairs(t) do
    n = n + 1
    expect_eq(v, rawget(t, k), "value at depth " .. depth)
    seen[depth][k] = (seen[depth][k] or 0) + 1
    if depth < #tables and n % 7 == 0 then walk(tables, depth + 1, seen) end
  end
  return n
end
for round = 1, 60 do
  local plain, other = {}, {}
  local weak, luaj = setmetatable({}, {__mode = "k"}), package.preload
  for i = 1, 40 do plain[keys[i]], other[keys[41 - i]], weak[keys[i]], luaj[keys[i]] = i, -i, i * 2, i * 3 end
  for _, tables in ipairs({ {plain, luaj, plain}, {plain, weak, plain}, {plain, other, plain}, {luaj, plain, other} }) do
    local seen = { {}, {}, {} }
    expect_eq(walk(tables, 1, seen), #by_hand(tables[1]), "the outer walk saw each key")
    for i = 1, 40 do expect_eq(seen[1][keys[i]], 1, "outer key " .. keys[i]) end
  end
  -- the inner walks stop early: the LuaJ table's at the outer walk's key, after another walk of the outer table
  local function stopping(depth, stop_at, seen)
    local t = depth == 3 and luaj or plain
    for k in pairs(t) do
      if depth == 1 then seen[k] = (seen[k] or 0) + 1 expect_eq(seen[k], 1, "key " .. k .. " in the outer walk") end
      if depth == 3 and k == stop_at then return end
      if depth == 1 then stopping(2, k, seen) elseif depth == 2 then stopping(3, stop_at, seen) return end
    end
  end
  local seen = {}
  stopping(1, nil, seen)
  for i = 1, 40 do expect_eq(seen[keys[i]], 1, "key " .. keys[i] .. " once in the outer walk") end
  for i = 1, 40 do luaj[keys[i]] = nil end
end
end)()

-- Generic for over a Lua function: compiled code calls a compiled iterator as it calls a compiled function for all
-- its results (its fastInvoke), which must give what the generic call gives: every result (a closure's three, a
-- stateless function's two, missing ones nil), a tail call's results, a vararg iterator's arguments, nil ending the
-- loop, an error at the iterator's line through pcall, a yield from inside the iterator.
;(function()
  local function range(n, step) -- its state in upvalues, three results
    local i = 0
    return function()
      i = i + step
      if i > n then return nil end
      return i, i * 2, i * 3
    end
  end
  local function stateless(n, i) if i < n then return i + 1, -(i + 1) end end
  local function tail(n, i) return stateless(n, i) end
  local function vararg(...) local n, i = ... if i < n then return i + 1, select("#", ...) end end
  local function failing(n, i) if i == n then error("stop at " .. i) end return i + 1 end
  local function yielding(n, i) if i < n then coroutine.yield(i) return i + 1 end end
  for round = 1, 300 do
    local sum, count = 0, 0
    for a, b, c in range(10, 1) do
      count = count + 1
      expect_eq(b, a * 2, "second result")
      expect_eq(c, a * 3, "third result")
      sum = sum + a
    end
    expect_eq(count, 10, "closure iterations")
    expect_eq(sum, 55)
    local seen = 0
    for i, neg, extra in stateless, 5, 0 do
      seen = seen + 1
      expect_eq(neg, -i)
      expect_eq(extra, nil, "a result the iterator did not give")
    end
    expect_eq(seen, 5, "stateless iterations")
    seen = 0
    for i, neg in tail, 4, 0 do seen = seen + 1 expect_eq(neg, -i, "a tail call's result") end
    expect_eq(seen, 4, "tail-calling iterations")
    seen = 0
    for i, n in vararg, 3, 0 do seen = seen + 1 expect_eq(n, 2, "a vararg iterator's arguments") end
    expect_eq(seen, 3)
    local err = expect_error(function() for i in failing, 2, 0 do end end, "stop at 2")
    expect_true(tostring(err):match("test%-iteration%.lua:%d+: stop at 2$"), "the iterator's line: " .. tostring(err))
    local steps = {}
    local co = coroutine.wrap(function()
      for i in yielding, 3, 0 do steps[#steps + 1] = i end
      return "done"
    end)
    expect_list({ co(), co(), co(), co() }, { 0, 1, 2, "done" }, 4, "yields from an iterator")
    expect_list(steps, { 1, 2, 3 }, 3, "the loop between the yields")
  end
end)()
