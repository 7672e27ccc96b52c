-- Numbers as text, exactly as LuaJIT writes them (%.14g), everywhere: tostring, print, .., concat, format.
expect_eq(tostring(1/3), "0.33333333333333")
expect_eq(tostring(1e100), "1e+100")
expect_eq(tostring(1e15), "1e+15")
expect_eq(tostring(2^63), "9.2233720368548e+18")
expect_eq(tostring(-0.0), "-0")
expect_eq(tostring(1/0), "inf")
expect_eq(tostring(-1/0), "-inf")
-- NaN is "nan" whatever its sign bit (0/0 has it set on x86; negating clears it)
local nan = 0/0
expect_eq(tostring(nan) .. tostring(-nan) .. (nan .. "") .. (-nan .. ""), "nannannannan")
expect_eq(tostring(5 % math.huge), "nan")
expect_eq(tostring(100), "100")
expect_eq(tostring(123456789012), "123456789012")
expect_eq(tostring(1e14), "1e+14")
expect_eq(tostring(0.1), "0.1")
expect_eq(tostring(1e-5), "1e-05")
expect_eq(tostring(2^53), "9.007199254741e+15")
expect_eq(tostring(123456789012345), "1.2345678901235e+14", "ties round away from zero")
expect_eq("x" .. 1/3, "x0.33333333333333", "concatenation uses the same text")
expect_eq(1.5 .. "", "1.5")
expect_eq(table.concat({1, 2.5, 1/3}, " "), "1 2.5 0.33333333333333")
local x = 0
expect_eq(tostring(-x), "-0", "negating zero gives -0")
expect_eq(tostring(math.floor(-0.0)), "-0")
-- literals
expect_eq(0b101, 5)
expect_eq(0x1p-2, 0.25)
expect_eq(0x1p+4, 16)
expect_eq(0x.8, 0.5)
expect_eq(select(2, loadstring("return 0b12")), [[[string "return 0b12"]:1: malformed number near '0b12']])
expect_eq(select(2, loadstring("return 3f")), [[[string "return 3f"]:1: malformed number near '3f']])
-- tonumber
expect_eq(tonumber("0x10"), 16)
expect_eq(tonumber(" 10 "), 10)
expect_eq(tonumber("1e2"), 100)
-- plain decimal integers (read from the string's bytes) and their neighbours
for _, case in ipairs({ {"123", 123}, {"007", 7}, {"0", 0}, {"999999999", 999999999}, {"1234567890", 1234567890},
    {"", nil}, {"12a", nil}, {"-5", -5}, {"1.5", 1.5}, {"9\0", nil}, {"\n9", 9} }) do
  expect_eq(tonumber(case[1]), case[2], "tonumber " .. case[1])
end
expect_eq(tonumber("10", 2), 2)
expect_eq(tonumber("z", 36), 35)
expect_eq(tonumber(""), nil)
expect_eq(tonumber("0x"), nil)
expect_eq(tonumber("abc"), nil)
expect_eq(tonumber({}), nil)
-- a string in arithmetic and as a library function's number: the same syntax as tonumber's
for _, case in ipairs({ {"0x10", 16}, {"-0x10", -16}, {" 0x1p4 ", 16}, {"-0x1P-2", -0.25}, {"1e2", 100}, {"inf", 1/0},
    {"-inf", -1/0}, {".5", 0.5}, {"5.", 5}, {"0b101", 5}, {"1e", nil}, {"0x", nil}, {"- 1", nil}, {"1 2", nil},
    {"", nil}, {"0x1g", nil} }) do
  local ok, v = pcall(function() return case[1] + 0 end)
  expect_eq(ok and v or nil, case[2], "'" .. case[1] .. "' + 0")
  ok, v = pcall(math.abs, case[1])
  expect_eq(ok and v or nil, case[2] and math.abs(case[2]), "math.abs('" .. case[1] .. "')")
end
expect_eq(("ab"):rep("0x2"), "abab")
expect_eq(string.format("%d", "-0x10"), "-16")
