-- tonumber with every base and odd spacing (recorded with luajit)
local texts = {"10", "  10  ", "\t12\n", "0x10", "0X1F", "0x", "0x1p4", "0x.8", "1e5", "1e", "1e+", ".5", "5.", "-0",
  "+1", "- 1", "+ 1", "1 2", "", " ", "inf", "-inf", "nan", "INF", "infinity", "0b101", "1_0", "12\0", "1e5000",
  "0xffffffffffffffffff", "9007199254740993"}
for _, s in ipairs(texts) do io.write(string.format("%q", s), "=", tostring(tonumber(s)), " ") end print()
for _, c in ipairs({{"10", 16}, {"ff", 16}, {"FF", 16}, {"-ff", 16}, {"zz", 36}, {"Z", 36}, {"777", 8}, {"8", 8},
    {"101", 2}, {"102", 2}, {" 10 ", 16}, {"", 10}, {"1.5", 10}, {"1e1", 16}, {"-", 10}}) do
  io.write(c[1], "/", c[2], "=", tostring(tonumber(c[1], c[2])), " ")
end
print()
print(pcall(tonumber, "z", 37), pcall(tonumber, "1", 1), pcall(tonumber), tonumber(nil), pcall(tonumber, {}, 16))
print(tonumber(true), tonumber({}), tonumber(print), tonumber(0x7fffffff), tonumber(-0.0))
-- a base other than 10 reads as LuaJIT's strtoul does: a sign, 0x in base 16, 2^64 - 1 at most, NUL ends the text
for _, s in ipairs({"+1", "+ff", "+-1", "-0", "0x1f", "0X1F", "0x", "0xg", "-0x10", "1\0zz", "ff\t", "ff\0",
    "18446744073709551615", "18446744073709551616", "zzzzzzzzzzzzzzz", "7fffffffffffffff", "\255", "\194\178"}) do
  for _, b in ipairs({2, 16, 36}) do io.write(string.format("%q", s), "/", b, "=", tostring(tonumber(s, b)), " ") end
  print()
end
