-- loop:threadpool(thread_count, interface_loader, ...): a pool of worker threads fed through a channel.
-- Workers pull (id, op, args...) from `cin`, push (id, ok, results...) to `cout` and wake the loop through
-- an async; the loop side hands each result to its callback or resumes its coroutine.
-- The worker's entry, sent to each thread as bytecode: it must not use upvalues (they are not carried),
-- so it is defined before any local of this module.
local function worker(async_p, cin_p, cout_p, serve_p, loader_code, ...)
  local ljuv = require("ljuv")
  local notify, cin, cout = ljuv.import(async_p), ljuv.import(cin_p), ljuv.import(cout_p)
  local serve = ljuv.import(serve_p) -- the loop over the calls, in Java (ThreadPools.serve)
  local loader = assert(load(loader_code, "=(threadpool interface)"))
  local interface = loader(...)
  if type(interface) ~= "table" then error("threadpool interface loader must return a table", 0) end
  serve(cin, cout, notify, interface)
  if type(interface.__exit) == "function" then interface.__exit() end
end
local worker_code = string.dump(worker)

local native = ... -- the hot paths, in Java (dev.ljuv.thread.ThreadPools): call, interface_call, tick, worker
local ljuv = require("ljuv")
local coroutine_running, coroutine_yield, coroutine_resume = coroutine.running, coroutine.yield, coroutine.resume
local type, error, setmetatable, tostring = type, error, setmetatable, tostring

local Pool = {}
Pool.__index = Pool

local function resume(co, ...)
  local ok, err = coroutine_resume(co, ...)
  if not ok then error(debug.traceback(co, err), 0) end
end

-- Hands every result waiting in `cout` to its task (native.tick). A failing callback is raised (deferred by the
-- loop) after the async is sent again, so that the results still queued are not lost.
local tick = native.tick

local function worker_ended(pool, ok, err)
  pool.exited = pool.exited + 1
  if pool.exited == pool.thread_count then
    tick(pool)
    pool.async:close()
    local waiter = pool.on_closed
    pool.on_closed = nil
    if type(waiter) == "thread" then resume(waiter)
    elseif waiter ~= nil then waiter() end
  end
  if not ok then error(err, 0) end
end

-- pool:call(op, callback, ...): runs interface[op](...) on some worker; callback(ok, ...) on the loop, or,
-- when callback is a coroutine, resumes it with (ok, ...) (native.call).
-- Task ids are reused once their result is in (a stack of free ids), so that `tasks` stays a small array
-- instead of a hash part whose keys are added and removed for ever.
Pool.call = native.call

-- pool:close([callback]): lets queued work finish, then every worker runs __exit and ends. Without a
-- callback the calling coroutine waits for that; with one, it is called then. Idempotent: a later call's
-- callback is called at once.
function Pool:close(callback)
  if self.closed then -- closing or closed: a callback is called at once, as the original ljuv does
    if callback ~= nil then callback() end
    return
  end
  self.closed = true
  for _ = 1, self.thread_count do self.cin:push(false) end
  if callback ~= nil then
    self.on_closed = callback
  else
    local co = coroutine_running()
    if co then
      self.on_closed = co
      coroutine_yield()
    end
  end
end

return function(loop, thread_count, interface_loader, ...)
  if type(thread_count) ~= "number" or thread_count < 1 then
    error("bad argument #1 to 'threadpool' (positive number expected, got " .. tostring(thread_count) .. ")", 2)
  end
  thread_count = math.floor(thread_count)
  local loader_code
  if type(interface_loader) == "string" then loader_code = interface_loader
  elseif type(interface_loader) == "function" then loader_code = string.dump(interface_loader)
  else error("bad argument #2 to 'threadpool' (function or string expected, got " .. type(interface_loader) .. ")", 2) end
  local pool = setmetatable({
    thread_count = thread_count, ids = 0, free_ids = {}, exited = 0, closed = false, tasks = {},
    cin = ljuv.new_channel(), cout = ljuv.new_channel(),
  }, Pool)
  pool.async = loop:async(function() tick(pool) end)
  -- pool.interface[op](...): from a coroutine, which waits for the results (native.interface_call)
  pool.interface = setmetatable({}, { __index = function(t, op)
    local call = native.interface_call(pool, op)
    t[op] = call
    return call
  end })
  for _ = 1, thread_count do
    loop:thread(worker_code, function(ok, err) worker_ended(pool, ok, err) end,
      ljuv.export(pool.async), ljuv.export(pool.cin), ljuv.export(pool.cout), native.worker(), loader_code, ...)
  end
  return pool
end
