-- Tables made by constructors of every size, then grown by new keys of each kind (recorded with luajit): a
-- constructor's exact array size once made adding a string key fail
for n = 0, 20 do
  local items = {}
  for i = 1, n do items[i] = tostring(i) end
  local make = assert(loadstring("return {" .. table.concat(items, ", ") .. "}"))
  local a = make()
  a.name = "x"
  a.other = true
  local b = make()
  b[n + 1] = "next"
  b[n + 3] = "gap"
  local c = make()
  c[0] = "zero"
  c[-1] = "neg"
  c[2.5] = "half"
  local sum = 0
  for _, v in pairs(a) do if type(v) == "number" then sum = sum + v end end
  print(n, #a, a.name, #b, #c, c[0], c[2.5], sum)
end
local t = { 1, 2, 3, x = 1 }
for i = 1, 40 do t["k" .. i] = i end
for i = 4, 40 do t[i] = i end
print(#t, t.k40, t.x)
