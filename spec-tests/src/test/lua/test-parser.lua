-- LuaJIT 2.1 syntax on LuaJ: escapes, literals and syntax error messages.
expect_eq("\u{48}\u{49}", "HI")
expect_eq("\u{e9}", "\195\169")
expect_eq(#"\u{1F600}", 4)
expect_eq([[\u{41}]], "\\u{41}", "long strings are raw")
expect_eq("x" .. [[\u{41}]], "x\\u{41}")
expect_eq("\\u{41}", "\\" .. "u{41}", "an escaped backslash is not an escape")
expect_eq("\x41\65\z
           B", "AAB")
expect_eq(0b1010, 10)
expect_eq(0xA.8p1, 21)
expect_eq(select(2, loadstring("x = = 1", "=c")), "c:1: unexpected symbol near '='")
expect_eq(select(2, loadstring("local = 1", "=c")), "c:1: '<name>' expected near '='")
expect_eq(select(2, loadstring("f(", "=c")), "c:1: unexpected symbol near '<eof>'")
expect_eq(select(2, loadstring("x = 'unfinished", "=c")), "c:1: unfinished string near '<eof>'")
local info = debug.getinfo(1, "S")
expect_eq(info.short_src, "test-parser.lua")
expect_eq(info.what, "main")
local function where() return debug.getinfo(1, "S").linedefined end
expect_eq(where(), 19)
expect_eq(debug.getinfo(print).what, "C")
-- goto is a statement only when a name follows; otherwise an ordinary name (LuaJIT 2.1)
goto = 7
expect_eq(rawget(_G, "goto"), 7)
local t = {}
t.goto = 3
expect_eq(t["goto"], 3)
local seen = {}
for i = 1, 3 do
  if i == 2 then goto continue end
  seen[#seen + 1] = i
  ::continue::
end
expect_list(seen, {1, 3})
expect_eq("goto = 1", "goto = 1", "strings are untouched")

-- goto backwards over local declarations: each pass starts with fresh (nil) locals, with or without closures
do
  local k, seen = 0, {}
  local x
  ::again::
  local y
  seen[#seen + 1] = tostring(y)
  y = true
  k = k + 1
  if k < 3 then goto again end
  expect_eq(table.concat(seen, " "), "nil nil nil")
end
do
  local fns = {}
  local i = 1
  ::again::
  local captured = i
  fns[i] = function() return captured end
  i = i + 1
  if i <= 3 then goto again end
  expect_eq(fns[1]() + fns[2]() * 10 + fns[3]() * 100, 321, "each pass captures its own local")
end
