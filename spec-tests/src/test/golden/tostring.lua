-- tostring and print as LuaJIT's: a string is its own text; numbers follow a number metatable's __tostring;
-- print goes through the global tostring unless it is the built-in one.
print(1, -0, 1/0, -1/0, 0.1, 1e15, 1e16, 2^31, -2^31, 123456789, -2147483648, "s", nil, true, false)
print(tostring(12), tostring("x"), tostring(nil), tostring(true), tostring(1.5))
print(pcall(tostring))
local smt = getmetatable("")
smt.__tostring = function() return "STRING" end
print("plain", tostring("plain"))
smt.__tostring = nil
debug.setmetatable(0, { __tostring = function(n) return "N" .. (n + 0 == n and "" or "?") end })
print(1, 2.5, "a", tostring(3))
debug.setmetatable(0, nil)
print(1, 2.5)
local real = tostring
tostring = function(v) return "<" .. real(v) .. ">" end
print(1, "a", nil)
tostring = function() return 42 end
print(pcall(print, "x"))
tostring = real
print(setmetatable({}, { __tostring = function() return "custom table" end }))
print(pcall(print, setmetatable({}, { __tostring = function() return {} end })))
print(("x"):rep(3), #tostring(12345678901234))
-- the functions coroutine.wrap and string.gmatch make per call are numbered fast functions in LuaJIT
print(tostring(coroutine.wrap(function() end)), tostring(("x"):gmatch("x")), tostring(coroutine.wrap))
