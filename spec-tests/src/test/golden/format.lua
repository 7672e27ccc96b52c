-- string.format: every conversion with flags, width and precision on ordinary and odd inputs (recorded with luajit)
local values = {0, -0.0, 1, -1, 42, -42, 3.14159, -2.5, 1e10, 1.5e-7, 255, 2^31, 2^53, -2^53, 1/0, -1/0}
local specs = {"%d", "%5d", "%-5d|", "%05d", "%+d", "% d", "%.3d", "%x", "%X", "%#x", "%o", "%#o", "%08.3f",
  "%e", "%.0e", "%E", "%g", "%.3g", "%#g", "%G", "%10.4f", "%-10.2f|", "%+.1f", "% .2e", "%a", "%.2a", "%i", "%u", "%c"}
for _, spec in ipairs(specs) do
  local out = {}
  for _, v in ipairs(values) do
    local ok, s = pcall(string.format, spec, v)
    out[#out + 1] = ok and s or "ERR"
  end
  print(spec, table.concat(out, " "))
end
local strings = {"", "abc", "\0\1\255", "a\nb", "\"quoted\"", "\\", "héllo", "\r\t\v"}
for _, spec in ipairs({"%s", "%10s|", "%-10s|", "%.2s", "%5.1s|", "%q"}) do
  local out = {}
  for _, s in ipairs(strings) do out[#out + 1] = string.format(spec, s) end
  io.write(spec, "\t", table.concat(out, " "), "\n")
end
print(string.format("%q", 1/3), string.format("%q", 10), string.format("%s %s", 1, 1.5))
print(pcall(string.format, "%5%|"), pcall(string.format, "%10"), pcall(string.format, "%123d", 1))
print(string.format("%s", setmetatable({}, {__tostring = function() return "obj" end})))
print(pcall(string.format, "%d", "x"), pcall(string.format, "%d", "10"), pcall(string.format, "%s"))
print(("x"):rep(3, ","), ("\200\201"):upper(), ("ÀB"):lower(), ("abc"):reverse(), ("\255"):byte(), #("\0"):rep(5))
-- %q of every byte before and after a digit (three digits there, fewest elsewhere)
local s = {}
for c = 0, 255 do s[#s + 1] = string.char(c) .. "1" .. string.char(c) .. "x" end
print(string.format("%q", table.concat(s)))
print(string.format("%q", "\0001\0a\127\1279\31\0319\n\r\r5"))
-- %q of a value that is no string or number: quoted as tostring gives it
print(string.format("%q %q %q", true, false, nil), string.format("%q", setmetatable({}, {__tostring = function() return "obj\n\"x\"" end})))
-- %a of subnormal numbers, normalized (a leading 1 and the exponent below -1022), rounding included
for _, v in ipairs({2^-1074, 3 * 2^-1074, 2^-1030 + 2^-1074, 2^-1022 * 0.75, -2^-1070, 2^-1022}) do
  print(string.format("%a|%A|%.3a|%.0a|%20a|%-20a|", v, v, v, v, v, v))
end
