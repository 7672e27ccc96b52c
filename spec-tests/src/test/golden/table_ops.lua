-- Seeded random sequences of table operations on constructor-made tables (recorded with luajit): # after each
-- step, and what pairs sees at the end; the sequences keep the tables holeless, where LuaJIT's border is certain
local seed = 12345
local function rnd(n) seed = (seed * 1103515245 + 12345) % 2147483648 return math.floor(seed / 65536) % n end
local out = {}
for round = 1, 300 do
  local n = rnd(12)
  local items = {}
  for i = 1, n do items[i] = tostring(rnd(100)) end
  local src = "return {" .. table.concat(items, ",") .. (rnd(3) == 0 and (n > 0 and "," or "") .. "x = 1" or "") .. "}"
  local t = loadstring(src)()
  local log = {}
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
    log[#log + 1] = #t
  end
  local sum, cnt = 0, 0
  for k, v in pairs(t) do cnt = cnt + 1 sum = sum + (tonumber(v) or 0) end
  out[#out + 1] = round .. ":" .. table.concat(log, ",") .. " " .. cnt .. " " .. sum
end
print(table.concat(out, "\n"))
