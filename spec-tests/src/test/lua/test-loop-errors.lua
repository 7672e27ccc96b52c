-- Errors raised by callbacks are deferred to loop:run, one per call, with their traceback.
local loop = require("ljuv").new_loop()

-- a timer callback error stops the loop and surfaces from run, message as recorded
local t = loop:timer()
t:start(0, 0, function() error("timer boom") end)
local ok, err = pcall(loop.run, loop)
expect_false(ok)
expect_true(err:find("^test%-loop%-errors%.lua:6: timer boom\nstack traceback:\n"), err)
expect_false(loop:alive())

-- two errors in one iteration: one per run call, oldest first; the loop stays valid
loop:timer():start(0, 0, function(h) h:close(); error("first", 0) end)
loop:timer():start(0, 0, function(h) h:close(); error("second", 0) end)
local ok1, e1 = pcall(loop.run, loop)
local ok2, e2 = pcall(loop.run, loop)
expect_false(ok1); expect_false(ok2)
expect_true(e1:find("^first\n"), e1)
expect_true(e2:find("^second\n"), e2)
expect_eq(loop:run(), false)

-- non-string error values are kept as they are
local value = { reason = "table error" }
local a = loop:async(function(h) h:close(); error(value) end)
a:send()
local ok3, e3 = pcall(loop.run, loop)
expect_false(ok3)
expect_eq(e3, value)

-- errors from every kind of callback
local kinds = {}
local function check_kind(name, make)
  local l = require("ljuv").new_loop()
  make(l, function() error("from " .. name, 0) end)
  local okk, e = pcall(l.run, l)
  expect_false(okk, name)
  expect_true(tostring(e):find("^from " .. name), e)
  kinds[#kinds + 1] = name
end
check_kind("timer", function(l, f) l:timer():start(0, 0, function(h) h:close(); f() end) end)
check_kind("async", function(l, f) local h = l:async(function(h) h:close(); f() end); h:send() end)
check_kind("idle", function(l, f) l:idle():start(function(h) h:close(); f() end) end)
check_kind("prepare", function(l, f)
  local keep = l:timer(); keep:start(0.001, 0, function(k) k:close() end)
  l:prepare():start(function(h) h:close(); f() end)
end)
check_kind("check", function(l, f)
  local keep = l:timer(); keep:start(0.001, 0, function(k) k:close() end)
  l:check():start(function(h) h:close(); f() end)
end)
expect_eq(#kinds, 5)

-- the error in a callback does not lose other queued work
local later = false
local l2 = require("ljuv").new_loop()
l2:timer():start(0, 0, function(h) h:close(); error("oops", 0) end)
l2:timer():start(0.002, 0, function(h) h:close(); later = true end)
expect_false(pcall(l2.run, l2))
expect_eq(l2:run(), false)
expect_true(later)
