-- Text read as numbers: tonumber, a string in arithmetic, number literals (recorded with luajit). LuaJIT's rules:
-- white space, a sign, hex floats, binary, inf/nan, at most 64 binary digits, exponents below 2^20.
-- (LuaJIT's arithmetic also takes the string "nan"; here it is no number: see README, What differs.)
local function show(v)
  if type(v) ~= "number" then return tostring(v) end
  return string.format("%.17g", v) .. (v == v and 1 / v < 0 and " (-)" or "")
end
local cases = {
  "0", "-0", "+0", "1", "-1", " 1", "1 ", " \t\n1\r\f\v", "1.", ".5", "-.5", "5.e3", ".", "-", "+", "", " ",
  "1e", "1e+", "1e-", "1e5", "1E+5", "1e-5", "1.5e10", "123456789012345678901234567890", "0.1", "0.3",
  "1.7976931348623157e308", "1.7976931348623159e308", "2e308", "4.9e-324", "2e-324", "1e-400", "1e1048575",
  "1e1048576", "1e-1048576", "0e999999999", "00012", "0012.50", "1..2", "1.2.3", "1e5.5", "0x10", "0X10", "-0x10",
  "+0x10", "0x", "0x.", "0x.8", "0x8.", "0x1p4", "0x1P-2", "0x1p", "0x1p+", "0xg", "0x1.8p1", "0xffffffffffffffff",
  "0x20000000000001", "0x123456789abcdef0123", "0x.0000000000001p52", "0x1p-1074", "0x1p-1075", "0x1.8p-1075",
  "0x3p-1076", "0x1.00000000000018p0", "0x1p1024", "0b101", "-0B11", "0b", "0b2", "0b1.1", "0b1e1",
  "0b" .. ("1"):rep(64), "0b" .. ("1"):rep(65), "0b000" .. ("1"):rep(64), "0b1" .. ("0"):rep(70), "inf", "-inf",
  "INF", "infinity", "-Infinity", "infinit", "nan", "-nan", " NaN ", "na", "1a", "a1", "1 2", "0x10LL", "1i",
  "1\0", "\0" .. "1", "1 \0", "9007199254740993", "18446744073709551615", "1e22", "1e23", "123456789012345e-10",
  "3.14159265358979323846", "2.2250738585072011e-308", "1" .. ("0"):rep(400), "0." .. ("0"):rep(400) .. "1",
  "1000000000000000000000000000000e-30", "9.999999999999999e22", "0.000000000000000000001", "  -  1", "--1",
}
for _, c in ipairs(cases) do
  local ok, sum = pcall(function() return c + 0 end)
  print(string.format("%q", c):sub(1, 50), show(tonumber(c)), c:lower():find("nan", 1, true) and "" or ok and show(sum) or "no")
end
for _, literal in ipairs({ "0x1p-1074", "0b101", "1e308", "0x.8", ".5e1", "0x1P+4", "9007199254740993", "1e-400" }) do
  print(literal, show(assert(loadstring("return " .. literal))()))
end
for _, bad in ipairs({ "0x", "1e", "0b12", "3..2", "0x1p", "1e1048576", "0b" .. ("1"):rep(65) }) do
  print(bad, select(2, loadstring("return " .. bad, "=literal")))
end
-- generated strings (a fixed sequence, the same in every run)
local seed = 12345
local function rnd(n) seed = (seed * 1103515245 + 12345) % 2147483648 return seed % n end
local function pick(t) return t[rnd(#t) + 1] end
local function digits(set, most)
  local t = {}
  for _ = 1, rnd(most + 1) do local k = rnd(#set) + 1 t[#t + 1] = set:sub(k, k) end
  return table.concat(t)
end
local D, H = "0123456789", "0123456789abcdefABCDEF"
for _ = 1, 1500 do
  local kind, s = rnd(10), nil
  local pre, post = pick({ "", "", "", " ", "-", "+", "\t" }), pick({ "", "", "", " ", "x", "\0", ".", "e" })
  if kind < 5 then
    s = pre .. digits(D, pick({ 0, 1, 3, 8, 16, 20, 30 })) .. (rnd(2) == 0 and "." .. digits(D, pick({ 0, 1, 5, 17, 25 })) or "")
      .. (rnd(3) == 0 and pick({ "e", "E" }) .. pick({ "", "+", "-" }) .. digits(D, pick({ 0, 1, 2, 3 })) or "") .. post
  elseif kind < 8 then
    s = pre .. "0x" .. digits(H, pick({ 0, 1, 4, 13, 16, 17, 20 })) .. (rnd(2) == 0 and "." .. digits(H, pick({ 0, 1, 4, 15 })) or "")
      .. (rnd(2) == 0 and pick({ "p", "P" }) .. pick({ "", "+", "-" }) .. digits(D, pick({ 0, 1, 3, 4 })) or "") .. post
  else
    s = pre .. "0b" .. digits("01", pick({ 0, 1, 10, 53, 64, 65 })) .. post
  end
  print(string.format("%q", s), show(tonumber(s)))
end
