-- setfenv/getfenv on every kind of function and level (recorded with luajit)
local env = {print = print, tostring = tostring}
local function reads() return x end
local function none() end
setfenv(reads, {x = "reads"}) print(reads())
setfenv(none, env) print(getfenv(none) == env)
print(getfenv(1) == _G, getfenv(0) == _G, getfenv() == _G, getfenv(nil) == _G)
print(pcall(setfenv, print, {}), pcall(getfenv, -1), pcall(getfenv, 100))
print(select(2, pcall(setfenv, nil, {})), select(2, pcall(setfenv, 1, 1)))
print(pcall(debug.setfenv, print, env), debug.getfenv(print) == env, debug.getfenv(1), debug.getfenv("x"))
local function level2() local e = getfenv(2) return e end
local function level1() setfenv(1, env) return level2() end
print(level1() == env)
local co = coroutine.create(function() return getfenv(0) end)
print(select(2, coroutine.resume(co)) == _G)
print(type(setfenv(function() end, {})))
-- _ENV is an ordinary name, as in Lua 5.1: a local or a global of that name changes no function's environment
do
  local _ENV = { print = function() end }
  print("a local _ENV", type(_ENV))
end
_ENV = 5
print("a global _ENV", _ENV, rawget(_G, "_ENV"), type(print))
_ENV = nil
local with_env = loadstring("local _ENV = 1 return type(_ENV), type(tostring)")
print("a chunk's local _ENV", with_env())
