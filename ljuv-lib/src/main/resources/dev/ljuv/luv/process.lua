-- ljuv.process: child processes as blocking code that does not block the loop (luv's spawn underneath).
-- Inside a coroutine the waiting calls yield; outside one (the main chunk) they run the loop until done.
local uv = require("luv")
local waiting = require("ljuv.wait")
local concat, type, tostring, setmetatable = table.concat, type, tostring, setmetatable

local process = {}

-- a pipe read as a queue of chunks, for read()
local function reader(pipe)
  local r = { pipe = pipe, chunks = {}, eof = false }
  pipe:read_start(function(err, data)
    if data then r.chunks[#r.chunks + 1] = data else r.eof = true r.err = err end
    local w = r.waiter
    if w then r.waiter = nil waiting.wake(w) end
  end)
  return r
end

local function read(r)
  if not r then return nil, "not a pipe" end
  while #r.chunks == 0 do
    if r.eof then
      if not r.pipe:is_closing() then r.pipe:close() end
      return nil, r.err
    end
    r.waiter = waiting.new()
    waiting.wait(r.waiter)
  end
  return table.remove(r.chunks, 1)
end

local child = {}
child.__index = child
child.__name = "ljuv.process"
child.__tostring = function(c) return "ljuv.process " .. tostring(c.pid) end

-- process.spawn{cmd, args = {...}, env = {"K=V", ...}, cwd = dir, stdin, stdout, stderr}: each stream is "pipe"
-- (the default), "inherit" (this process's own) or "ignore". Returns the child, or nil and the error.
function process.spawn(options)
  if type(options) ~= "table" then
    error("bad argument #1 to 'spawn' (table expected, got " .. type(options) .. ")", 2)
  end
  local cmd = options.cmd or options[1]
  if type(cmd) ~= "string" then error("bad argument #1 to 'spawn' (cmd must be a string)", 2) end
  local stdio, pipes = {}, {}
  for i, name in ipairs({ "stdin", "stdout", "stderr" }) do
    local how = options[name] or "pipe"
    if how == "pipe" then
      pipes[i] = uv.new_pipe(false)
      stdio[i] = pipes[i]
    elseif how == "inherit" then
      stdio[i] = i - 1
    elseif how ~= "ignore" then
      error("bad argument #1 to 'spawn' (" .. name .. " must be \"pipe\", \"inherit\" or \"ignore\")", 2)
    end
  end
  local c = setmetatable({}, child)
  local handle, pid = uv.spawn(cmd, { args = options.args, env = options.env, cwd = options.cwd, stdio = stdio },
    function(code, signal)
      c.code, c.signal = code, signal
      c.handle:close()
      local w = c.exit_waiter
      if w then c.exit_waiter = nil waiting.wake(w) end
    end)
  if not handle then
    for _, p in pairs(pipes) do p:close() end
    return nil, pid
  end
  c.handle, c.pid = handle, pid
  c.stdin = pipes[1]
  c.out = pipes[2] and reader(pipes[2])
  c.err = pipes[3] and reader(pipes[3])
  return c
end

-- the next chunk of the child's stdout (or stderr: read("stderr")); nil at the end
function child:read(stream)
  return read(stream == "stderr" and self.err or self.out)
end

-- writes to the child's stdin; waits until written
function child:write(data)
  if not self.stdin or self.stdin:is_closing() then return nil, "closed" end
  local w = waiting.new()
  local req, err = self.stdin:write(data, function(e) waiting.wake(w, e) end)
  if not req then return nil, err end
  local werr = waiting.wait(w)
  if werr then return nil, werr end
  return true
end

-- ends the child's stdin (it reads EOF)
function child:close_stdin()
  local p = self.stdin
  if p and not p:is_closing() then
    local w = waiting.new()
    p:shutdown(function() waiting.wake(w) end)
    waiting.wait(w)
    p:close()
  end
  return true
end

-- waits for the child to end: its exit code and the signal that ended it (0 for none)
function child:wait()
  if self.code == nil then
    self.exit_waiter = waiting.new()
    waiting.wait(self.exit_waiter)
  end
  return self.code, self.signal
end

function child:kill(sig)
  if self.code ~= nil then return nil, "ESRCH: no such process" end
  return self.handle:kill(sig or "sigterm")
end

-- runs cmd with args to its end: its stdout, its stderr and its exit code
function process.run(cmd, args, options)
  options = options or {}
  local c, err = process.spawn({ cmd = cmd, args = args, env = options.env, cwd = options.cwd,
    stdin = options.input and "pipe" or "ignore" })
  if not c then return nil, err end
  if options.input then
    c:write(options.input)
    c:close_stdin()
  end
  -- both streams are drained as they come, so that a child filling one pipe never blocks on it
  local out, errs = {}, {}
  local function drain(r, into)
    while true do
      local data = read(r)
      if not data then return end
      into[#into + 1] = data
    end
  end
  local co, main = coroutine.running()
  if co and not main then
    local pending = 2
    local w = waiting.new()
    for _, job in ipairs({ { c.out, out }, { c.err, errs } }) do
      coroutine.wrap(function()
        drain(job[1], job[2])
        pending = pending - 1
        if pending == 0 then waiting.wake(w) end
      end)()
    end
    if pending > 0 then waiting.wait(w) end
  else -- outside a coroutine: the readers fill their queues while the loop runs for the exit
    c:wait()
    while not (c.out.eof and c.err.eof) do uv.run("once") end
    drain(c.out, out)
    drain(c.err, errs)
  end
  local code, signal = c:wait()
  return concat(out), concat(errs), code, signal
end

return process
