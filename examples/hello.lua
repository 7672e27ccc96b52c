-- Prints a greeting, the arguments it was given, and a few numbers computed in Lua.
local who = ... or "world"
print(("Hello, %s, from %s!"):format(who, jit and jit.version or _VERSION))

local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
local squares = {}
for i = 1, 10 do squares[#squares + 1] = i * i end
print("squares: " .. table.concat(squares, " "))
print("fib(20) = " .. fib(20))
