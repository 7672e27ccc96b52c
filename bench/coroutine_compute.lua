-- coroutine_compute: the same numeric loop run from the main chunk, as a looping coroutine's body, and as a function
-- that such a body calls (CPU seconds, best of 3). A coroutine body with a loop, and a Lua function with a loop that
-- it calls, start as generators (frameless switches, registers boxed in an array); a step that runs long goes on in
-- the function's ordinary compiled code (see the README's coroutines): the three should take about the same time.
-- Usage: bin/ljuv bench/coroutine_compute.lua [n]; compare with luajit -joff bench/coroutine_compute.lua.
local n = tonumber((...)) or 3e7

local function work(n)
  local c, x = 0, 0.5
  for i = 1, n do
    x = x * 1.0000001 + 1
    if i % 1000 == 0 then c = c + 1 end
  end
  return c + x
end

local function best(f)
  local t = math.huge
  for _ = 1, 3 do
    local c0 = os.clock()
    f()
    t = math.min(t, os.clock() - c0)
  end
  return t
end

local inBody = coroutine.wrap(function()
  while true do
    local c, x = 0, 0.5
    for i = 1, n do
      x = x * 1.0000001 + 1
      if i % 1000 == 0 then c = c + 1 end
    end
    coroutine.yield(c + x)
  end
end)

local called = coroutine.wrap(function()
  while true do
    local v = work(n) -- (one result: the call is one a frameless body takes up again; work(n) as yield's last
    coroutine.yield(v) -- argument, all its results, moves the body to a continuation instead)
  end
end)

local expect = work(n)
assert(inBody() == expect and called() == expect, "the three ways disagree")
print(string.format("from the main chunk     %.3f s", best(function() work(n) end)))
print(string.format("as a coroutine's body   %.3f s", best(inBody)))
print(string.format("called from a coroutine %.3f s", best(called)))
