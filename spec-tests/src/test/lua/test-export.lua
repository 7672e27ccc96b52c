-- export / import: channels and flags by reference, asyncs as a sending function; each payload imports once.
local ljuv = require("ljuv")
local loop = ljuv.new_loop()

local ch = ljuv.new_channel()
local payload = ljuv.export(ch)
expect_eq(type(payload), "table")
-- the payload itself travels through the codec
local buffer = require("string.buffer")
local travelled = buffer.decode(buffer.encode(payload))
local same = ljuv.import(travelled)
same:push("via import")
expect_eq(ch:pull(), "via import")
expect_error(function() ljuv.import(payload) end, "no defined import for the given payload")
expect_eq(select("#", ljuv.import(payload, true)), 0, "soft import returns nothing")

-- forged payloads
expect_error(function() ljuv.import({ ["ljuv-export"] = { type = "channel", id = 1, key = 42 } }) end, "no defined import")
expect_error(function() ljuv.import("nope") end, "no defined import")
expect_error(function() ljuv.import({}) end, "no defined import")

-- non-exportable objects
expect_error(function() ljuv.export({}) end, "no defined export for the given object")
expect_eq(select("#", ljuv.export(print, true)), 0)

-- an async imports as a function that sends; closing the async invalidates it
local calls = 0
local async = loop:async(function() calls = calls + 1 end)
local send = ljuv.import(ljuv.export(async))
expect_eq(type(send), "function")
send(); send()
loop:run("nowait")
expect_eq(calls, 1)
async:close()
expect_error(send, "async handle is invalid/closed")
expect_error(function() ljuv.export(async) end, "attempt to use an invalid/closed handle")

-- the imported function works from another thread
local hits = 0
local a2 = loop:async(function(h) hits = hits + 1; h:close() end)
loop:thread(function(p) require("ljuv").import(p)() end, function(ok, e) expect_true(ok, e) end, ljuv.export(a2))
loop:run()
expect_eq(hits, 1)

-- a closed async's copy raises in the other thread; the error comes back to the callback
local a3 = loop:async(function() end)
local p3 = ljuv.export(a3)
a3:close()
local result
loop:thread(function(p) require("ljuv").import(p)() end, function(ok, e) result = { ok, e } end, p3)
loop:run()
expect_false(result[1])
expect_true(result[2]:find("async handle is invalid/closed", 1, true), result[2])

-- a loop that is garbage collected closes its handles: imported copies of its asyncs become invalid
local orphan_send
do
  local doomed = ljuv.new_loop()
  local a = doomed:async(function() end)
  orphan_send = ljuv.import(ljuv.export(a))
end
orphan_send() -- still open while the loop may live
for _ = 1, 300 do
  collectgarbage("collect")
  if not pcall(orphan_send) then break end
  local t = os.clock() + 0.01 while os.clock() < t do end
end
expect_error(orphan_send, "async handle is invalid/closed")
