-- luv's threads and thread-pool work (uv.new_thread, uv.new_work, uv.queue_work) on ljuv's threads: each entry
-- runs in a new Lua state on its own system thread, a function sent as bytecode (its upvalues are not carried,
-- as in luv), arguments and results as values (string.buffer's encoding: tables travel too). A work function's
-- error is raised through uv.run, as every callback error of this runtime; luv would only print it.
local ljuv = ...
local loop = ljuv.loop

local thread_mt = { __name = "uv_thread" }
thread_mt.__index = thread_mt
thread_mt.__tostring = function(t) return ("uv_thread_t: %s"):format(tostring(t.id):match("0x%x+") or t.id) end
thread_mt.__eq = function(a, b) return a.id == b.id end

local current = setmetatable({ id = {} }, thread_mt) -- the state's own thread, for thread_self

local function check(t, fname)
  if getmetatable(t) ~= thread_mt then
    error(("bad argument #1 to '%s' (uv_thread expected, got %s)"):format(fname, type(t)), 3)
  end
  return t
end

local M = {}

function M.new_thread(options, entry, ...)
  if type(options) ~= "table" then -- no options: the entry comes first
    return M.new_thread({}, options, entry, ...)
  end
  if type(entry) ~= "function" and type(entry) ~= "string" then
    error(("bad argument #2 to 'new_thread' (function or string expected, got %s)"):format(type(entry)), 2)
  end
  return setmetatable({ id = {}, thread = ljuv.new_thread(entry, ...) }, thread_mt)
end

function M.thread_join(t)
  check(t, "thread_join")
  if t.thread == nil then return nil, "EINVAL: invalid argument", "EINVAL" end
  if t.joined then return nil, "ESRCH: no such process", "ESRCH" end
  t.joined = true
  local ok, err = t.thread:join()
  if not ok then error(err, 0) end
  return true
end

function M.thread_detach(t)
  check(t, "thread_detach")
  t.joined = true
  return true
end

function M.thread_equal(a, b)
  return check(a, "thread_equal").id == check(b, "thread_equal").id
end

function M.thread_self()
  return current
end

local work_mt = { __name = "luv_work_ctx" }
work_mt.__index = work_mt
work_mt.__tostring = function() return "luv_work_ctx_t" end

function M.new_work(work, after)
  if type(work) ~= "function" and type(work) ~= "string" then
    error(("bad argument #1 to 'new_work' (function or string expected, got %s)"):format(type(work)), 2)
  end
  if type(after) ~= "function" then
    error(("bad argument #2 to 'new_work' (function expected, got %s)"):format(type(after)), 2)
  end
  return setmetatable({ work = work, after = after }, work_mt)
end

-- A work function given handles (a uv_async, as luv allows; ljuv's channels and flags too) runs behind this entry,
-- which imports them in the worker's state: the rest of the arguments travel as values.
local with_handles = [[
local code, imports, n = ...
local work = assert(load(code, "=(work)"))
local args, import = { select(4, ...) }, require("ljuv").import
for _, i in ipairs(imports) do args[i] = import(args[i]) end
return work(unpack(args, 1, n))
]]

function M.queue_work(ctx, ...)
  if getmetatable(ctx) ~= work_mt then
    error(("bad argument #1 to 'queue_work' (luv_work_ctx expected, got %s)"):format(type(ctx)), 2)
  end
  local after = function(ok, ...)
    if not ok then error(..., 0) end
    ctx.after(...)
  end
  local n, args, imports = select("#", ...), { ... }, {}
  for i = 1, n do
    if type(args[i]) == "userdata" then
      local exported, payload = pcall(ljuv.export, args[i])
      if exported then args[i] = payload; imports[#imports + 1] = i end
    end
  end
  if #imports == 0 then
    loop:thread(ctx.work, after, ...)
  else
    local code = type(ctx.work) == "function" and string.dump(ctx.work) or ctx.work
    loop:thread(with_handles, after, code, imports, n, unpack(args, 1, n))
  end
  return true
end
work_mt.queue = M.queue_work
thread_mt.join = M.thread_join
thread_mt.detach = M.thread_detach
thread_mt.equal = M.thread_equal

return M
