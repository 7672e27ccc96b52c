-- Generic for over pairs and ipairs: compiled code takes next's and ipairs' steps itself on a table (IteratorSite),
-- which must give what calling them gives: the same keys in the same order as next(t, k) called by hand, through
-- the array part and the hash part, while fields are cleared, and the end at ipairs' first nil. Each loop runs many
-- times from one place, so that it is compiled and hot.

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

-- clearing fields during the traversal: each key is still seen once, a cleared one not again
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

-- ipairs: up to the first nil, array part or hash part, raw (no __index), as LuaJIT 2.1
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

-- other iterators and states still go the ordinary way
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
expect_error(function() for _ in next, {}, "nokey" do end end, "invalid key to 'next'")
expect_error(function() for _ in next, 5 do end end, "table expected, got number")
