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
