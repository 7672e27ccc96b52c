-- debug's view of upvalues and parameters, as LuaJIT 2.1 gives them (recorded with luajit): no environment upvalue
-- (Lua 5.1 has none), nothing past the last one, nparams and isvararg in 'u'
local a, b = 1, "two"
local function uses_globals() return print end
local function both(x, y, ...) a = a + 1 return b, tostring end
local function none() end
for _, f in ipairs({ uses_globals, both, none }) do
  local info = debug.getinfo(f, "u")
  io.write(info.nups, " ", info.nparams, " ", tostring(info.isvararg), " |")
  for n = 1, 3 do io.write(" ", select("#", debug.getupvalue(f, n)), ":", tostring((debug.getupvalue(f, n)))) end
  print()
end
local main = debug.getinfo(1, "u")
print("main", main.nups, main.nparams, main.isvararg)
print("C", debug.getinfo(print, "u").nparams, debug.getinfo(print, "u").isvararg)
print("set", debug.setupvalue(both, 2, "TWO"), b, select("#", debug.setupvalue(both, 3, 0)), select("#", debug.setupvalue(none, 1, 0)))
print("id", debug.upvalueid(both, 1) == debug.upvalueid(both, 1), debug.upvalueid(both, 1) == debug.upvalueid(both, 2))
print(pcall(debug.upvalueid, both, 3))
local function other() return a end
debug.upvaluejoin(other, 1, both, 2)
print("joined", other(), debug.upvalueid(other, 1) == debug.upvalueid(both, 2))
print(pcall(debug.upvaluejoin, other, 1, print, 1))
print(pcall(debug.getupvalue, 5, 1))
print(pcall(debug.getupvalue, both))
print(pcall(debug.setupvalue, both, 1))
