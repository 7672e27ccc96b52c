-- String escapes as LuaJIT 2.1 accepts and refuses them (recorded with luajit).
local cases = {
  [["ab\q"]], [["\x4"]], [["\xzz"]], [["\xfF"]], [["\256"]], [["\255\65\q"]], [['a\\qb']], [["\u{41}\z
     x"]], [["\u{}"]], [["\u{110000}"]], [["\u{10FFFF}"]], [["\a\b\f\n\r\t\v\\\"\'"]], [["tab\	q"]],
  [["\
ok"]], [["a\
b\q"]], [[ [=[\q]=] ]], [["\1234"]], [["\0"]], [["\z"]],
}
for _, c in ipairs(cases) do
  local f, e = loadstring("return " .. c)
  if f then
    local s = f()
    io.write(#s, " ", (s:gsub("[%c\128-\255]", function(ch) return ("\\%d"):format(ch:byte()) end)), "\n")
  else
    print(e)
  end
end
print(loadstring("x = 1\n-- \"\\q\"\nreturn [[\\q]], '\\q'"))
