-- The parser: what LuaJIT 2.1 accepts and how it words what it rejects (recorded with luajit)
local cases = {
  ";", "local a = 1;", "local a = 1;;", "do ; end", "a = 1; b = 2;", "return;", "if x then ; end",
  "local a = f\n(g)(1)", "f\n(g)", "local a = f (g)", "x = (f)\n(g)",
  "if x then break end", "while true do break end", "goto nowhere", "do goto l end ::l::",
  "::a:: ::a::", "for i=1,2 do local x = 1 goto continue ::continue:: end",
  "local goto = 1; return goto", "local t = {goto = 1}; return t.goto", "goto = 5", "return goto",
  "local function goto() end", "x = 1 goto = 2", "a.b:c 'x'", "return 1,", "x = }", "local 1 = 2",
  "f{} {}", "return function() end end", "local a <const> = 1", "a = 0x", "a = 1e", "a = [==[ x ]=]",
  "--[[ unfinished", "a = 'unfinished", "x = 1 + + 2", "local x = ...", "function f() local x = ... end",
  "a, b = 1", "a.b.c = 1", "(f)()", "f()()", "x = #", "return return", "break", "::l:: goto l",
  "for i in pairs(t) do goto continue end ::continue::",
}
for _, c in ipairs(cases) do
  local f, err = loadstring(c)
  print(string.format("%-40q %s", c, f and "ok" or err))
end
-- a number literal runs on through every byte a name may hold
for _, c in ipairs({ "x = 1x", "x = 1_000", "x = 3and 4", "x = 0x1fg", "x = 1e5z", "x = 0x1p4", "x = 1.5e+3", "x = 2..3" }) do
  local f, err = loadstring(c)
  print(string.format("%-40q %s", c, f and "ok" or err))
end
-- the compiler's limits, counted and worded as LuaJIT's: 60 upvalues and 200 local variables per function
local function names(n, sep) local t = {} for i = 1, n do t[i] = "a" .. i end return table.concat(t, sep) end
for _, n in ipairs({ 60, 61, 100 }) do
  local f, err = loadstring("local " .. names(n, ",") .. "\nreturn function() return " .. names(n, "+") .. " end")
  print("upvalues " .. n, f and "ok" or err)
  f, err = loadstring("local " .. names(n, ",") .. "\nlocal g = function()\nlocal h = function()\nreturn "
    .. names(n, "+") .. " end end")
  print("upvalues through two levels " .. n, f and "ok" or err)
end
for _, n in ipairs({ 200, 201 }) do
  local f, err = loadstring("local " .. names(n, ","))
  print("locals " .. n, f and "ok" or err)
  f, err = loadstring("local x\nreturn function()\nlocal " .. names(n, ",") .. " end")
  print("locals in a function " .. n, f and "ok" or err)
end

-- a UTF-8 name is the bytes the source holds: a field named so is the key of the same bytes, a local's name
-- has them (written with escapes here, the source being the bytes of the names)
local utf8 = loadstring("local caf\195\169 = 1 local t = {} t.na\195\175ve = 2 t[\"\226\130\172\"] = 3\n"
  .. "return (debug.getlocal(1, 1)), t[\"na\195\175ve\"], t.\226\130\172, caf\195\169")
local name, field, euro, cafe = utf8()
print("utf-8 names", #name, name == "caf\195\169", field, euro, cafe)
local keys = {}
for k in pairs(loadstring("return {\195\169t\195\169 = 1, na\195\175ve = 2}")()) do keys[#keys + 1] = #k .. ":" .. k end
table.sort(keys)
print("utf-8 constructor keys", table.concat(keys, " "))
-- a goto into a local's scope: the error at the goto's line, as LuaJIT places it
print(loadstring("goto done\nlocal x = 1\nprint(x)\n::done::\nprint(2)"))
print(loadstring("do\n goto a\n local y\n ::a:: print(y)\nend"))
print(loadstring("goto done; local x = 1; ::done:: return 'jumped'"))
