-- Lua 5.1 patterns: find, match, gmatch, gsub.
expect_list({("hello world"):find("o w")}, {5, 7})
expect_list({("hello"):find("l+")}, {3, 4})
expect_list({("a.b"):find(".", 1, true)}, {2, 2})
expect_list({("key=val"):match("(%w+)=(%w+)")}, {"key", "val"})
expect_eq(("  trim  "):match("^%s*(.-)%s*$"), "trim")
expect_list({("THE (quick) fox"):find("%f[%a]%a+")}, {1, 3})
expect_eq(("hello world"):gsub("%f[%w]%w+", "X"), "X X")
expect_eq(("THE (quick) fox"):gsub("%f[%a]%a+", string.lower), "the (quick) fox")
expect_eq(select(2, ("aaa"):gsub("a", "b", 2)), 2)
expect_eq(("hello"):gsub("l", {l = "L"}), "heLLo")
expect_eq(("abc"):gsub("%w", "%0%0"), "aabbcc")
expect_eq(("abc"):gsub("", "-"), "-a-b-c-")
expect_eq(("f(a(b)c)d"):match("%b()"), "(a(b)c)")
expect_eq(("x = 'q'"):match("(['\"])(.-)%1"), "'")
expect_eq(select(2, ("x = 'q'"):match("(['\"])(.-)%1")), "q")
expect_list({("abc"):match("()b()")}, {2, 3})
local words = {}
for w in ("one two  three"):gmatch("%a+") do words[#words + 1] = w end
expect_list(words, {"one", "two", "three"})
local pairs_found = {}
for k, v in ("a=1, b=2"):gmatch("(%w+)=(%w+)") do pairs_found[#pairs_found + 1] = k .. v end
expect_list(pairs_found, {"a1", "b2"})
expect_eq(("end"):match("d$"), "d")
expect_eq(("x"):find("[%a_][%w_]*"), 1)
expect_eq(("\255"):find("[\128-\255]"), 1)
expect_error(function() ("x"):find("[a") end, "malformed pattern")
expect_error(function() ("x"):gsub("x", true) end, "bad argument #2 to 'gsub'") -- a method call does not count self (LuaJIT)
expect_error(function() ("x"):gsub("x", function() return {} end) end, "invalid replacement value (a table)")
