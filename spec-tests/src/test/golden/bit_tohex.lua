-- bit.tohex: digit counts past 8 and modulo 256, upper case, explicit nil, rounding of the number (recorded with luajit)
local bit = require "bit"
local function t(...) local ok, r = pcall(bit.tohex, ...) print(select('#', ...), ok, r) end
t(255) t(255, 0) t(-1, -4) t(1, -2147483648) t(1, 20) t(1, -20) t(0x12345678, 3) t(0xdeadbeef) t(-1) t(2^32 + 5) t(1.5) t(2.5) t(-1.5) t("0x10") t(255, "2")
t(255, -8) t(255, 2^32 + 2) t(255, 254) t(255, 255) t(255, 300) t(255, -300) t(255, nil) t() t({}) t(1, {}) t(0/0) t(1/0) t(2^52) t(-2^31)
print(#bit.tohex(1, 255), #bit.tohex(1, 254), #bit.tohex(1, -255), bit.tohex(0xabcdef, -12))
t(0, 255) t(0, 0) t(-1, 16) t(-1, -16) t(0, 8) t(0x7fffffff, 15) t(-1, 9) t(5, 1) t(-5, -1) t(0, -256) t(1, 256) t(1, 257) t(1, -257)
