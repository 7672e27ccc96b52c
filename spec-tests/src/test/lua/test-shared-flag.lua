-- Shared flags: a C int shared between threads.
local ljuv = require("ljuv")

local flag = ljuv.new_shared_flag(5)
expect_eq(flag:get(), 5)
flag:set(7)
expect_eq(flag:get(), 7)
flag:set(2^31)
expect_eq(flag:get(), -2147483648, "values wrap to 32 bits")
flag:set(2^32 + 3)
expect_eq(flag:get(), 3)
flag:set(-1.9)
expect_eq(flag:get(), -1, "truncated toward zero, as C converts")
expect_error(function() flag:set("x") end, "bad argument #1 to 'set' (number expected, got string)")
expect_error(function() ljuv.new_shared_flag() end, "bad argument #1 to 'new_shared_flag' (number expected, got no value)")

-- another thread sees and changes the same int
local loop = ljuv.new_loop()
local seen
loop:thread(function(p)
  local f = require("ljuv").import(p)
  local before = f:get()
  f:set(before * 10)
  return before
end, function(ok, before) expect_true(ok, before); seen = before end, ljuv.export(flag))
loop:run()
expect_eq(seen, -1)
expect_eq(flag:get(), -10)

-- final_value is written when the creator's object is collected
local watcher = ljuv.new_shared_flag(0)
local payload = ljuv.export(watcher)
local observer = ljuv.import(payload)
do
  local owner = ljuv.new_shared_flag(1, 99)
  local p2 = ljuv.export(owner)
  observer = ljuv.import(p2)
end
expect_eq(observer:get(), 1)
for _ = 1, 300 do
  collectgarbage("collect")
  if observer:get() == 99 then break end
  local t = os.clock() + 0.01 while os.clock() < t do end
end
expect_eq(observer:get(), 99, "final_value written at collection")
