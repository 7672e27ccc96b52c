-- table.sort as LuaJIT sorts (recorded with luajit): the order of equal elements, the comparator's calls, errors
local function show(t) local o = {} for i = 1, #t do o[i] = tostring(t[i]) end return table.concat(o, " ") end
local people = {}
for i = 1, 20 do people[i] = { name = "p" .. i, age = (i * 7) % 5 } end
table.sort(people, function(a, b) return a.age < b.age end)
local names = {}
for i, p in ipairs(people) do names[i] = p.name .. ":" .. p.age end
print(table.concat(names, " "))
local calls = {}
local t = { 5, 3, 8, 1, 9, 2 }
table.sort(t, function(a, b) calls[#calls + 1] = a .. "<" .. b return a < b end)
print(show(t))
print(table.concat(calls, " "))
local words = { "pear", "Apple", "fig", "apple", "\200x", "banana", "" }
table.sort(words)
print(show(words))
local r = {}
for i = 1, 50 do r[i] = (i * 37) % 11 end
table.sort(r, function(a, b) return a > b end)
print(show(r))
print(pcall(table.sort, { 3, 1, "x" }))
print(pcall(table.sort, { {}, {} }))
print(pcall(table.sort, { 1, 2, 3 }, function() return true end))
print(pcall(table.sort, { 1, 2 }, 42))
print(pcall(table.sort))
local mt = { __lt = function(a, b) return a.v < b.v end }
local objs = {}
for i = 1, 8 do objs[i] = setmetatable({ v = (i * 5) % 8 }, mt) end
table.sort(objs)
local vs = {}
for i, o in ipairs(objs) do vs[i] = o.v end
print(table.concat(vs, " "))
local e = {}
table.sort(e)
print(#e, pcall(table.sort, { 1, 2, 3 }, function(a, b) error("cmp " .. a .. b) end))
local big = {}
for i = 1, 1000 do big[i] = (i * 7919) % 1000 end
table.sort(big)
local ok = true
for i = 2, 1000 do ok = ok and big[i - 1] <= big[i] end
print(ok, big[1], big[500], big[1000])
