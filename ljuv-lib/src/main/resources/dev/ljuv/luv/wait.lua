-- ljuv.wait: how ljuv.net, ljuv.fs and ljuv.process wait for the loop. A waiter made in a coroutine yields
-- until woken; one made outside any coroutine (the main chunk) runs the loop until woken, which is refused
-- inside a loop callback (the loop is already running there: use a coroutine).
local uv = require("luv")
local co_running, co_yield, co_resume = coroutine.running, coroutine.yield, coroutine.resume
local select, unpack, error = select, unpack, error

local M = {}

local function pack(...) return { n = select("#", ...), ... } end

-- the running coroutine, or false in the main chunk (LuaJIT 2.1 answers the main coroutine with a second value)
local function current()
  local co, main = co_running()
  return not main and co or false
end

-- a waiter for the current coroutine (or the main chunk); its fields made up front (no rehash as they are set);
-- with block, one that runs the loop until woken even inside a coroutine (a scheduler of its own owns it: see
-- LuaSocket's sockets while copas is loaded)
function M.new(block)
  return { co = not block and current() or false, done = false, parked = false, results = false }
end

-- ends a wait with the given results (once; later calls are ignored); a parked coroutine resumes at once,
-- one that has not parked yet (woken by what it started, before it waited) finds the results when it waits
function M.wake(w, ...)
  if w.done then return end
  w.done = true
  if w.co and w.parked then
    local ok, err = co_resume(w.co, ...)
    if not ok then error(debug.traceback(w.co, err), 0) end
  else
    w.results = pack(...)
  end
end

-- stops or closes a wait's timer, then gives the wait's results
local function finish(timer, owner, ...)
  if timer then
    if owner then timer:stop() else timer:close() end
  end
  return ...
end

-- waits for wake(w, ...) or the timeout (milliseconds, 0 or nil for none), which wakes with nil, "timeout";
-- owner: a table whose .timer is reused (created there if needed) instead of a timer per wait, with one timeout
-- callback (it wakes the owner's current waiter); a coroutine's results come straight from its yield
function M.wait(w, timeout, owner)
  if not w.co and uv.loop_mode() then
    error("ljuv: a call outside a coroutine cannot wait inside a loop callback (run it in a coroutine)", 3)
  end
  local timer
  if timeout and timeout > 0 then
    uv.update_time() -- the loop's cached time may be old (the main chunk ran since): count from now
    if owner then
      timer = owner.timer
      if not timer then
        timer = uv.new_timer()
        owner.timer = timer
      end
      local on_timeout = owner.on_timeout
      if not on_timeout then
        on_timeout = function() M.wake(owner.timed_waiter, nil, "timeout") end
        owner.on_timeout = on_timeout
      end
      owner.timed_waiter = w
      timer:start(timeout, 0, on_timeout)
    else
      timer = uv.new_timer()
      timer:start(timeout, 0, function() M.wake(w, nil, "timeout") end)
    end
  end
  if w.co then
    if w.done then
      local results = w.results
      return finish(timer, owner, unpack(results, 1, results.n))
    end
    w.parked = true
    return finish(timer, owner, co_yield())
  end
  while not w.done do
    local ok, more = pcall(uv.run, "once")
    if not ok then
      finish(timer, owner)
      error(more, 0) -- a callback's error, raised by the loop's run: the caller's now
    end
    if not more and not w.done then error("ljuv: nothing left to wait for", 3) end
  end
  local results = w.results
  return finish(timer, owner, unpack(results, 1, results.n))
end

return M
