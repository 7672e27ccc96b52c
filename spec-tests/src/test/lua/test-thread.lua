-- Threads: loop:thread and ljuv.new_thread (both forms).
local ljuv = require("ljuv")
local loop = ljuv.new_loop()

-- loop:thread: function entry, arguments and results through the codec, callback on the loop
local got
loop:thread(function(a, t, s) return a + t.x, s:upper(), nil, "last" end,
  function(ok, ...) got = { ok, n = select("#", ...), ... } end, 40, { x = 2 }, "abc")
expect_true(loop:alive(), "a running thread keeps the loop alive")
loop:run()
expect_eq(got[1], true)
expect_eq(got[2], 42)
expect_eq(got[3], "ABC")
expect_eq(got.n, 4)
expect_eq(got[5], "last")

-- string entry (source), started at once: the caller can block on a channel before running the loop
local ch = ljuv.new_channel()
loop:thread("local p = ... local c = require('ljuv').import(p) c:push('early') return 1",
  function(ok, v) expect_eq(v, 1) end, ljuv.export(ch))
expect_eq(ch:pull(), "early")
loop:run()

-- upvalues are not carried: the entry runs in a fresh state
local captured = "outer"
local saw
loop:thread(function() return captured == nil, _G.expect_eq == nil end, function(ok, a, b) saw = { ok, a, b } end)
loop:run()
expect_list(saw, { true, true, true })

-- package.path is inherited
local path_seen
loop:thread(function() return package.path end, function(ok, p) path_seen = p end)
loop:run()
expect_eq(path_seen, package.path)

-- errors: message with traceback; a table error arrives as a decoded copy
local err1
loop:thread(function() error("worker failed") end, function(ok, e) err1 = { ok, e } end)
loop:run()
expect_false(err1[1])
expect_true(err1[2]:find("worker failed", 1, true), err1[2])
expect_true(err1[2]:find("stack traceback:", 1, true), err1[2])
local err2
loop:thread(function() error({ code = 7 }) end, function(ok, e) err2 = { ok, e } end)
loop:run()
expect_false(err2[1])
expect_eq(type(err2[2]), "table")
expect_eq(err2[2].code, 7)

-- a callback error is deferred to loop:run like any other
loop:thread(function() return 1 end, function() error("callback failed", 0) end)
local ok, e = pcall(loop.run, loop)
expect_false(ok)
expect_true(e:find("^callback failed"), e)

-- bad entries and arguments
expect_error(function() loop:thread(42, print) end, "bad argument #1 to 'thread' (function or string expected, got number)")
expect_error(function() loop:thread(function() end) end, "bad argument #2 to 'thread' (function expected, got no value)")
expect_error(function() loop:thread(function() end, print, print) end, "cannot serialize 'function'")
expect_eq(loop:run(), false, "a thread that failed to start leaves nothing behind")
local syntax
loop:thread("this is not lua", function(ok, e) syntax = { ok, e } end)
loop:run()
expect_false(syntax[1])
expect_true(syntax[2]:find("syntax error", 1, true) or syntax[2]:find("expected", 1, true), syntax[2])

-- ljuv.new_thread, 2022 form: exportables travel by themselves; running / join
local flag, chan = ljuv.new_shared_flag(0), ljuv.new_channel()
local t = ljuv.new_thread(function(f, c, n)
  c:push(n * 2)
  f:set(1)
  return "joined", n
end, flag, chan, 21)
expect_eq(chan:pull(), 42)
expect_list({ t:join() }, { true, "joined", 21 })
expect_false(t:running())
expect_eq(flag:get(), 1)
expect_error(function() t:join() end, "thread already joined")
local bad = ljuv.new_thread(function() error("boom") end)
local jok, jerr = bad:join()
expect_false(jok)
expect_true(jerr:find("boom", 1, true), jerr)

-- ljuv.new_thread, 2023 form: an async that the thread sends to when it ends
local ended = false
local notified = loop:async(function(h) ended = true; h:close() end)
local t2 = ljuv.new_thread(notified, "return ...", 5, 6)
loop:run()
expect_true(ended)
expect_list({ t2:join() }, { true, 5, 6 })

-- each thread's state has its own string metatable: methods added to string in one state stay there
do
  function string.shout(s) return s:upper() .. "!" end
  local result
  loop:thread(function()
    function string.whisper(s) return s:lower() .. "..." end
    return ("HEY"):whisper(), ("x").shout == nil, getmetatable("").__index == string
  end, function(ok, whispered, no_shout, own) result = { ok, whispered, no_shout, own } end)
  loop:run()
  expect_list(result, { true, "hey...", true, true })
  expect_eq(("hi"):shout(), "HI!")
  expect_eq(string.whisper, nil)
  string.shout = nil
end
