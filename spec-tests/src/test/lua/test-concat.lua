-- `..` with three and more operands (one CONCAT instruction): strings and numbers joined at once, anything
-- else pairwise from the right through __concat, as Lua 5.1 and LuaJIT do (values checked against LuaJIT).
local a, b, c = "x", "", "yz"
expect_eq(a .. b .. c .. a, "xyzx", "strings, an empty one among them")
expect_eq(1 .. 2 .. 3, "123", "integers")
expect_eq(0.5 .. "|" .. -0.0 .. "|" .. 1e100 .. "|" .. 2^53 .. "|" .. 1/0 .. "|" .. -1/0, "0.5|-0|1e+100|9.007199254741e+15|inf|-inf")
expect_eq("n" .. 0/0 .. -(0/0) ~= nil, true, "nan has a text")
local key = "k" .. 1 .. "v"
local t = {k1v = "found"}
expect_eq(t[key], "found", "the joined text is the same key as its literal")
local big = string.rep("ab", 50000)
local joined = big .. 7 .. big
expect_eq(#joined, 200001, "long operands")
expect_eq(joined:sub(99999, 100003), "ab7ab", "long operands in order")
local s = ""
for i = 1, 300 do s = s .. "<" .. i .. ">" end
expect_eq(#s, 300 * 2 + 9 + 180 + 603, "built in a loop")
expect_eq(s:sub(-10), "<299><300>", "built in a loop, its end")

-- __concat: the handler sees the operands as they are, numbers as numbers, and its result joins on
local seen = {}
local mt = {__concat = function(x, y)
  seen[#seen + 1] = type(x) .. "+" .. type(y)
  return "M"
end}
local o = setmetatable({}, mt)
expect_eq("a" .. "b" .. o .. "c" .. "d", "abM", "a table in the middle")
expect_eq(table.concat(seen, " "), "table+string", "the strings right of it joined first")
seen = {}
expect_eq(1 .. o .. 2, "1M", "numbers on both sides")
expect_eq(table.concat(seen, " "), "table+number", "a number stays a number")
seen = {}
expect_eq(o .. 1 .. 2, "M", "a table first")
expect_eq(table.concat(seen, " "), "table+string", "the numbers right of it joined first")
seen = {}
expect_eq(o .. "x" .. o, "M", "two tables")
expect_eq(table.concat(seen, " "), "string+table table+string", "pairwise from the right")
local n = setmetatable({}, {__concat = function() return 42 end})
expect_eq("a" .. n .. "b", "a42", "a handler's number joins on")

-- errors name the operand that is no string, the rightmost, as LuaJIT does
local none
expect_error(function() return a .. none .. c end, "attempt to concatenate upvalue 'none' (a nil value)")
expect_error(function() local q = {} return "s" .. q .. c end, "attempt to concatenate local 'q' (a table value)")
expect_error(function() local q, r = {}, true return q .. "s" .. r end, "attempt to concatenate local 'r' (a boolean value)")
expect_error(function() return "s" .. t.missing .. "e" end, "attempt to concatenate field 'missing' (a nil value)")
