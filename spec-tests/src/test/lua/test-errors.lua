-- Error values, positions and levels, as LuaJIT reports them.

-- position of the raising line, with a colon after the line number
local ok, err = pcall(function() error("plain") end)
expect_false(ok)
expect_eq(err, "test-errors.lua:4: plain")

-- level 2 names the caller's line, level 0 adds nothing
local function check(v) if not v then error("check failed", 2) end end
local ok2, err2 = pcall(function()
  check(false)
end)
expect_eq(err2, "test-errors.lua:11: check failed")
expect_eq(select(2, pcall(error, "bare", 0)), "bare")
expect_eq(select(2, pcall(function() error("nolevel", 0) end)), "nolevel")

-- non-string error values survive pcall unchanged
local t = {}
expect_eq(select(2, pcall(error, t)), t)
expect_eq(select(2, pcall(error)), nil)
expect_eq(select(2, pcall(error, nil)), nil)

-- runtime errors carry the position of the faulting line
local ok3, err3 = pcall(function() local x = nil; return x.field end)
expect_false(ok3)
expect_true(err3:find("^test%-errors%.lua:24: attempt to index"), err3)

-- xpcall passes the error value to the handler and returns what the handler returns
local handled = { xpcall(function() error({ code = 7 }) end, function(e) return e.code * 6 end) }
expect_eq(handled[1], false)
expect_eq(handled[2], 42)
expect_eq(select("#", xpcall(function() return 1, 2 end, print)), 3)

-- syntax errors: chunk name, line and the offending token
local f, msg = load("x = = 1", "=chunk")
expect_eq(f, nil)
expect_eq(msg, "chunk:1: unexpected symbol near '='")
local _, msg2 = load("local a = 1\nfor i = 1, 2 do", "@file.lua")
expect_eq(msg2, "file.lua:2: 'end' expected near '<eof>'")
local _, msg3 = load("return 1 +", "return 1 +")
expect_eq(msg3, [[[string "return 1 +"]:1: unexpected symbol near '<eof>']])

-- no Java exception text reaches Lua
local _, javaish = pcall(string.rep)
expect_false(tostring(javaish):find("java", 1, true), javaish)

-- string chunk names: cut at the first control character, 48 characters kept whole, longer ones cut to 45
local function chunk_error(src) return select(2, pcall(loadstring(src))) end
expect_eq(chunk_error("error('x')--" .. string.rep("a", 36)),
  [[[string "error('x')--aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"]:1: x]])
expect_eq(chunk_error("error('x')--" .. string.rep("a", 37)),
  [[[string "error('x')--aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa..."]:1: x]])
expect_eq(chunk_error("error('y')\r--cr"), [[[string "error('y')..."]:1: y]])

-- stripped bytecode: positions name the chunk with line 0, and it can be dumped again
local stripped = string.dump(function(x) local y = x + 1; error("boom") end, true)
expect_eq(select(2, pcall(loadstring(stripped, "=stripped"), 1)), "stripped:0: boom")
expect_eq(select(2, pcall(loadstring(stripped), 1)), [[[string "..."]:0: boom]])
local again = string.dump(loadstring(stripped, "=stripped"))
expect_eq(again, string.dump(loadstring(again), true))
expect_eq(select(2, pcall(loadstring(again, "=again"), 1)), "again:0: boom")

-- an error raised by a function that was tail-called: the tail call replaced the calling frame, so levels count
-- from the frame below (LuaJIT): no position under pcall, the line of the Lua caller otherwise
expect_eq(select(2, pcall(function() return error("tail") end)), "tail")
expect_eq(select(2, pcall(function() return assert(false, "tail assert") end)), "tail assert")
local function tail_raise() return ("x"):match("(") end
local function calls_tail_raise()
  local r = tail_raise()
  return r
end
expect_eq(select(2, pcall(calls_tail_raise)), "test-errors.lua:69: unfinished capture")
local function tail_level2() return error("two", 2) end
local function calls_tail_level2()
  local r = tail_level2()
  return r
end
expect_eq(select(2, pcall(calls_tail_level2)), "two", "level 2 from the replaced frame is pcall's")
expect_eq(select(2, pcall(function() local r = error("kept") return r end)), "test-errors.lua:79: kept")
expect_eq(select(2, pcall(function() local r = ("x"):gsub("x", {x = true}) return r end)),
  "test-errors.lua:80: invalid replacement value (a boolean)")

-- an error raised by a Java function that pcall called directly: level 1 is pcall itself (no position), level 2
-- the line calling pcall, level 3 the line below (LuaJIT places them when raised)
local function direct2() local ok, e = pcall(error, "direct", 2) return e end
expect_eq(direct2(), "test-errors.lua:85: direct")
local function direct3() local ok, e = pcall(error, "deeper", 3) return e end
local function calls_direct3()
  local e = direct3()
  return e
end
expect_eq(calls_direct3(), "test-errors.lua:89: deeper")
expect_eq(select(2, pcall(error, "own", 1)), "own")
expect_eq(select(2, xpcall(error, function(m) return "handled " .. m end, "x", 2)), "handled test-errors.lua:94: x")

-- error's level: a number at level 0 stays a number; a level that is no number is error's argument error
expect_eq(select(2, pcall(function() error(42, 0) end)), 42)
expect_eq(select(2, pcall(function() error(42) end)), "test-errors.lua:98: 42")
expect_error(function() error("m", {}) end, "bad argument #2 to 'error' (number expected, got table)")
expect_error(function() error(42, "x") end, "bad argument #2 to 'error' (number expected, got string)")
