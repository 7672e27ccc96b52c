-- A taste of ljuv: a coroutine that sleeps on the event loop, a timer, and a function run on another thread.
local ljuv = require("ljuv")
local loop = ljuv.loop
local who = ... or "world"
loop:update_time()
local start = loop:now()

local function sleep(seconds)
  local co = coroutine.running()
  loop:timer():start(seconds, 0, function(timer) timer:close(); assert(coroutine.resume(co)) end)
  coroutine.yield()
end

coroutine.wrap(function()
  print(("Hello, %s! (%s on the JVM)"):format(who, jit.version))
  sleep(0.05)
  print("50 ms later, from a coroutine resumed by a timer")
end)()

loop:thread(function(n)
  local function fib(k) if k < 2 then return k end return fib(k - 1) + fib(k - 2) end
  return fib(n)
end, function(ok, result)
  print(ok and ("fib(20) = %d, computed on another thread"):format(result) or result)
end, 20)

loop:run()
print(("all done in %.2f s, event loop on %s"):format(loop:now() - start, ljuv.transport))
