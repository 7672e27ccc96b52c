-- Deep recursion works to LuaJIT's depth and beyond; runaway recursion is a catchable Lua error.

local function depth(n) if n == 0 then return 0 end return 1 + depth(n - 1) end
expect_eq(depth(32000), 32000)
expect_eq(depth(60000), 60000)

local function runaway() return 1 + runaway() end
local ok, err = pcall(runaway)
expect_false(ok)
expect_true(tostring(err):find("stack overflow", 1, true), err)
expect_eq(err, "test-recursion.lua:7: stack overflow")

-- the state is usable afterwards, and the limit applies again
expect_eq(depth(1000), 1000)
expect_error(runaway, "stack overflow")

-- tail calls do not grow the stack
local function loop(n) if n == 0 then return "done" end return loop(n - 1) end
expect_eq(loop(1000000), "done")

-- tail calls into Java functions count toward the same limit: no recursion outgrows it through them
local function tail_pcall() return pcall(tail_pcall) end
local results = { tail_pcall() }
expect_true(#results > 1000, #results)
expect_true(tostring(results[#results]):find("stack overflow", 1, true), results[#results])
local looping = setmetatable({}, { __tostring = function(t) return tostring(t) end })
local ok, err = pcall(tostring, looping)
expect_false(ok)
expect_true(tostring(err):find("stack overflow", 1, true), err)
