-- string.format: C printf semantics as LuaJIT 2.1 has them (values checked against LuaJIT).
local f = string.format
expect_eq(f("%d|%5d|%-5d|%05d|%+d|% d", 3.7, 42, 42, 42, 42, 42), "3|   42|42   |00042|+42| 42")
expect_eq(f("%d|%i|%u", -3.7, 2^40, 2^40), "-3|1099511627776|1099511627776")
expect_eq(f("%x|%X|%o|%#x|%#o", 255, 255, 8, 255, 8), "ff|FF|10|0xff|010")
expect_eq(f("%x|%x", -1, 2^53), "ffffffffffffffff|20000000000000")
expect_eq(f("%c%c%c", 72, 105, 0), "Hi\0")
expect_eq(f("%e|%.3e|%E|%10.2e", 12345.678, 0.000123, 1e100, 3.14159), "1.234568e+04|1.230e-04|1.000000E+100|  3.14e+00")
expect_eq(f("%f|%.0f|%.3f|%10.2f|%-10.2f|%+.1f", 1/3, 2.5, 0.0005, 3.14159, 3.14159, 2), "0.333333|3|0.001|      3.14|3.14      |+2.0")
expect_eq(f("%g|%.3g|%G|%g|%g|%#g", 1e20, 0.0001234, 1e-10, 100000, 1000000, 1.5), "1e+20|0.000123|1E-10|100000|1e+06|1.50000")
expect_eq(f("%a|%A|%.2a", 1, 0.5, 1/3), "0x1p+0|0X1P-1|0x1.55p-2")
expect_eq(f("%q", "a\nb\"c\0d\r\\\1\127"), '"a\\\nb\\"c\\0d\\13\\\\\\1\\127"')
expect_eq(f("%q", "\0001"), '"\\0001"')
expect_eq(f("%q", 1/3), '"0.33333333333333"')
expect_eq(f("%s|%10s|%-10s|%.2s", "abc", "abc", "abc", "abcdef"), "abc|       abc|abc       |ab")
expect_eq(f("%s %s %s", 1/3, true, nil), "0.33333333333333 true nil")
expect_eq(f("%s", setmetatable({}, { __tostring = function() return "TS" end })), "TS")
expect_eq(f("%f|%e|%g", 1/0, -1/0, 1/0), "inf|-inf|inf")
expect_eq(f("[%f][%+f][% e][%5g][%-5a][%G]", 0/0, -(0/0), 0/0, -(0/0), 0/0, 0/0), "[nan][nan][ nan][  nan][nan  ][NAN]")
expect_eq(f("%.17g|%.20f", 0.1, 0.1), "0.10000000000000001|0.10000000000000000555")
expect_eq(f("%.0f|%.0f|%.2f", 0.5, 1.5, 0.125), "1|2|0.13")
expect_eq(f("%5.2s|%-3c|%.0e|%#.0f|%#x|%.3x|%.0d|", "abc", 65, 12345, 3, 0, 5, 0), "   ab|A  |1e+04|3.|0|005||")
expect_eq(f("%%"), "%")
expect_error(function() f("%d", "x") end, "bad argument #2 to 'f' (number expected, got string)")
expect_error(function() f("%y", 1) end, "invalid option '%y' to 'format'")
expect_error(function() f("%d") end, "bad argument #2 to 'f' (value expected)")
expect_eq(f("%d", "10"), "10", "numeric strings convert")

-- a long text formatted on (s = f("%s...", s, ...)): the output grows past what the format string
-- reserved, its literal runs and conversions all land, and the result is a string like any other
local s = ""
for i = 1, 400 do s = f("%s<%d:%5.1f|%-3s>", s, i, i / 4, "ab") end
expect_eq(#s, 400 * 12 + 9 * 1 + 90 * 2 + 301 * 3, "every piece written")
expect_eq(s:sub(1, 32), "<1:  0.3|ab >" .. "<2:  0.5|ab >" .. "<3:  0", "start")
expect_eq(s:sub(-15), "<400:100.0|ab >", "end")
local big = string.rep("xy", 40000)
expect_eq(f("%s", big), big, "a long %s alone")
expect_eq(f("%s%s%d", big, big, 123456789), big .. big .. "123456789", "two long texts and a number after them")
expect_eq(f("%s%99s", big, "z"), big .. string.rep(" ", 98) .. "z", "a width past what the format string reserved")
local t = {}
t[f("%s%d", "key", 1)] = true
expect_true(t.key1, "a formatted text is a table key equal to its literal")
-- plain %d (no flags, width or precision) writes its digits directly: the same text as the general path
expect_eq(f("%d %d %d %d %d %d", 0, -7, 1234567890123, -2^63, 2^63, 9.99), "0 -7 1234567890123 -9223372036854775808 -9223372036854775808 9")
expect_eq(f("%d|%i|%5d|%-3d|%+d", -10, 10, -10, 1, 0), "-10|10|  -10|1  |+0")
