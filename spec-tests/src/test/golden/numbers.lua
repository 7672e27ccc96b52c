-- Number to text, as print, tostring, .. and string.format write it (recorded with luajit)
local values = {0, -0, 1, -1, 0.1, 1/3, 2^53, 2^63, -2^63, 1e15, 1e16, 1e100, 123456789012345, 1e-5, 1e-300,
  5e-324, 1/0, -1/0, 3.14159265358979, 100, 255.5, -1.5e-10, 2^31, 2^32 + 0.5}
for _, v in ipairs(values) do
  print(v, tostring(v), "" .. v, string.format("%.14g|%g|%.3f|%5.1e", v, v, v, v))
end
print(0/0 ~= 0/0, tostring(1e308 * 10), math.huge, -math.huge)
print(tonumber("0x10"), tonumber("1e2"), tonumber("  12  "), tonumber("12a"), tonumber("ff", 16), tonumber("z", 36))
print(10 / 4, 7 % 3, -7 % 3, 7 % -3, 2^0.5)
local two, e = 2, -1074
print(2^-1074, two^e, 2^0.5, (-8)^(1/3), 10^-320)
