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
