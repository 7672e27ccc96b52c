-- # and pairs after random stores and removals: which border # answers for a table with holes follows from the
-- sizes of its array and hash parts, which grow as LuaJIT grows them (recorded with luajit)
local seed
local function rnd(n) seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n end
for s = 1, 6 do
  seed = s
  local out = {}
  for _ = 1, 120 do
    local t = {}
    local mode, n = rnd(4), rnd(40)
    for i = 1, n do
      local k
      if mode == 0 then k = rnd(20) + 1
      elseif mode == 1 then k = i
      elseif mode == 2 then k = rnd(64)
      else k = rnd(3) == 0 and ("s" .. rnd(10)) or rnd(30) end
      if rnd(10) < 7 then t[k] = i else t[k] = nil end
      if rnd(3) == 0 then out[#out + 1] = #t end
    end
    local c, sum = 0, 0
    for _, v in pairs(t) do c, sum = c + 1, sum + v end
    out[#out + 1] = "|" .. c .. ":" .. sum .. ":" .. #t
  end
  print(table.concat(out, " "))
end
