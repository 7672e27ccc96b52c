-- ljuv.wait: how ljuv.net, ljuv.fs and ljuv.process wait for the loop. A waiter made in a coroutine yields
-- until woken; one made outside any coroutine (the main chunk) runs the loop until woken, which is refused
-- inside a loop callback (the loop is already running there: use a coroutine).
local uv = require("luv")
local co_running, co_yield, co_resume = coroutine.running, coroutine.yield, coroutine.resume
local select, unpack, error = select, unpack, error

local M = {}

local function pack(...) return { n = select("#", ...), ... } end

-- a waiter for the current coroutine (or the main chunk); its fields made up front (no rehash as they are set)
function M.new()
  local co, main = co_running()
  if main then co = nil end -- (LuaJIT 2.1 answers the main coroutine with a second value)
  return { co = co or false, done = false, parked = false, results = false }
end

-- makes a finished waiter new again, for the current coroutine: for a wait that only its owner can wake (a
-- socket's reads: its data callback and its timer), so that a wait per message makes no table
function M.renew(w)
  local co, main = co_running()
  if main then co = nil end
  w.co, w.done, w.parked, w.results = co or false, false, false, false
  return w
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

-- stops or closes a wait's timer, then gives the wait's results; an owner's lazy timer stays armed (see wait)
local function finish(timer, owner, ...)
  if timer then
    if not owner then
      timer:close()
    elseif owner.lazy_timer then
      owner.timed_waiter = false
    else
      timer:stop()
    end
  end
  return ...
end

-- an owner's timer fired: wakes its current timed waiter when that one's deadline passed, else sleeps again until it
-- (a lazy timer armed by an earlier wait fires before a later wait's deadline)
local function owner_timeout(owner)
  owner.due = false
  local w = owner.timed_waiter
  if not w or w.done then return end
  if owner.lazy_timer then
    local left = owner.deadline - uv.now()
    if left > 0 then
      owner.timer:start(left, 0, owner.on_timeout)
      owner.due = owner.deadline
      return
    end
  end
  M.wake(w, nil, "timeout")
end

-- waits for wake(w, ...) or the timeout (milliseconds, 0 or nil for none), which wakes with nil, "timeout";
-- owner: a table whose .timer is reused (created there if needed) instead of a timer per wait, with one timeout
-- callback (it wakes the owner's current waiter); a coroutine's results come straight from its yield.
-- An owner with .lazy_timer keeps its timer armed across waits, unreferenced, and re-arms it only for a deadline
-- earlier than the armed one: a socket read per message then starts and stops no timer. Only for owners whose
-- waits something else keeps the loop alive for (a reading socket, a pending write or connect).
function M.wait(w, timeout, owner)
  if not w.co and uv.loop_mode() then
    error("ljuv: a call outside a coroutine cannot wait inside a loop callback (run it in a coroutine)", 3)
  end
  local timer, lazy
  if timeout and timeout > 0 then
    uv.update_time() -- the loop's cached time may be old (the main chunk ran since): count from now
    if owner then
      timer = owner.timer
      if not timer then
        timer = uv.new_timer()
        owner.timer = timer
        if owner.lazy_timer then
          timer:unref()
          owner.due = false
        end
      end
      local on_timeout = owner.on_timeout
      if not on_timeout then
        on_timeout = function() owner_timeout(owner) end
        owner.on_timeout = on_timeout
      end
      owner.timed_waiter = w
      lazy = owner.lazy_timer
      if lazy then
        local deadline = uv.now() + timeout
        owner.deadline = deadline
        local due = owner.due
        if not due or due > deadline then
          timer:start(timeout, 0, on_timeout)
          owner.due = deadline
        end
      else
        timer:start(timeout, 0, on_timeout)
      end
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
    -- nothing to stop after the wait: no timer, or a lazy one (its fire finds this waiter done)
    if not timer or lazy then return co_yield() end
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
