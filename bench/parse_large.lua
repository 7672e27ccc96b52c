-- parse_large: loadstring of one large generated chunk (2000 functions of the shape meteor.lua's solver generates,
-- 268 KB), again and again in one process: the first parse (a cold parser) and the median of the last ten
-- (wall seconds where luv is there, else CPU). Usage: bin/ljuv bench/parse_large.lua [rounds]; compare with
-- luajit bench/parse_large.lua.
local rounds = tonumber((...)) or 40
local ok, uv = pcall(require, "luv")
local now = ok and function() return uv.hrtime() / 1e9 end or os.clock
local parts = { "local u1, b1\n" }
for i = 1, 2000 do
  parts[#parts + 1] = ("function f%d(k) local N if b%d then return f%d(k) end k=k+1 if not u1 and not b%d then "
    .. "b%d=k u1=k f%d(k) u1=N b%d=N end end\n"):format(i, i, i + 1, i, i, i + 1, i)
end
local source = table.concat(parts)
local times = {}
for r = 1, rounds do
  local t = now()
  assert(loadstring(source, "=large"))
  times[r] = now() - t
end
local last = { unpack(times, math.max(2, rounds - 9)) }
table.sort(last)
print(("%d bytes: first %.1f ms, warm %.1f ms (median of the last %d)"):format(#source, times[1] * 1000,
  last[math.ceil(#last / 2)] * 1000, #last))
