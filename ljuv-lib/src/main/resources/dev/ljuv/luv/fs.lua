-- ljuv.fs: files as blocking code that does not block the loop. Inside a coroutine each call runs luv's
-- asynchronous fs function (on the worker pool) and yields until it is done; outside one (the main chunk) it
-- runs the synchronous one. Failures are nil and luv's message ("ENOENT: no such file or directory: path").
local uv = require("luv")
local waiting = require("ljuv.wait")

local select, unpack, type, tostring, setmetatable = select, unpack, type, tostring, setmetatable
local concat = table.concat

local fs = {}
local PIECE = 65536

local function in_coroutine()
  local co, main = coroutine.running()
  return co ~= nil and not main
end

-- calls uv[name](...) synchronously, or with a callback and waits for it inside a coroutine
local function call(name, ...)
  local fn = uv[name]
  if not in_coroutine() then
    return fn(...)
  end
  local n = select("#", ...)
  local args = { ... }
  local w = waiting.new()
  args[n + 1] = function(err, ...)
    if err then waiting.wake(w, nil, err) else waiting.wake(w, ...) end
  end
  local req, err = fn(unpack(args, 1, n + 1))
  if not req then return nil, err end
  return waiting.wait(w)
end

function fs.stat(path) return call("fs_stat", path) end
function fs.lstat(path) return call("fs_lstat", path) end
function fs.rename(from, to) return call("fs_rename", from, to) end
function fs.unlink(path) return call("fs_unlink", path) end
function fs.mkdir(path, mode) return call("fs_mkdir", path, mode or 511) end
function fs.rmdir(path) return call("fs_rmdir", path) end
function fs.realpath(path) return call("fs_realpath", path) end

-- the whole file as a string
function fs.readfile(path)
  local fd, err = call("fs_open", path, "r", 0)
  if not fd then return nil, err end
  local parts, offset = {}, 0
  while true do
    local data, rerr = call("fs_read", fd, PIECE, offset)
    if not data then call("fs_close", fd) return nil, rerr end
    if #data == 0 then break end
    parts[#parts + 1] = data
    offset = offset + #data
  end
  call("fs_close", fd)
  return concat(parts)
end

-- writes data (a string or table of strings) as the whole file ("w") or at its end ("a")
function fs.writefile(path, data, mode)
  local fd, err = call("fs_open", path, mode or "w", 420)
  if not fd then return nil, err end
  local ok, werr = call("fs_write", fd, data, -1)
  call("fs_close", fd)
  if not ok then return nil, werr end
  return true
end

-- an iterator of (name, type) over a directory's entries
function fs.scandir(path)
  local req, err = call("fs_scandir", path)
  if not req then return nil, err end
  return function() return uv.fs_scandir_next(req) end
end

-- makes a directory and its missing parents
function fs.mkdirp(path, mode)
  local st = fs.stat(path)
  if st then
    if st.type == "directory" then return true end
    return nil, "EEXIST: file already exists: " .. path
  end
  local parent = path:match("^(.+)/[^/]+/?$")
  if parent and parent ~= path then
    local ok, err = fs.mkdirp(parent, mode)
    if not ok then return nil, err end
  end
  local ok, err = fs.mkdir(path, mode)
  if not ok then
    local now = fs.stat(path) -- made meanwhile by someone else: fine
    if not (now and now.type == "directory") then return nil, err end
  end
  return true
end

-- removes a file or a directory with everything in it (symbolic links are removed, not followed)
function fs.rmrf(path)
  local st, err = fs.lstat(path)
  if not st then
    if tostring(err):match("^ENOENT") then return true end
    return nil, err
  end
  if st.type == "directory" then
    local entries, serr = fs.scandir(path)
    if not entries then return nil, serr end
    for name in entries do
      local ok, rerr = fs.rmrf(path .. "/" .. name)
      if not ok then return nil, rerr end
    end
    return fs.rmdir(path)
  end
  return fs.unlink(path)
end

-- calls cb(filename, events) on each change of path until the returned handle is closed
function fs.watch(path, cb)
  local h = uv.new_fs_event()
  local ok, err = h:start(path, {}, function(werr, filename, events)
    if not werr then cb(filename, events) end
  end)
  if not ok then h:close() return nil, err end
  return h
end

---- files

local file = {}
file.__index = file
file.__name = "ljuv.fs.file"
file.__tostring = function(f) return f.fd and ("ljuv.fs file (%d)"):format(f.fd) or "ljuv.fs file (closed)" end

-- opens path: mode "r" (default), "w", "a", "r+", "w+", "a+" as io.open
function fs.open(path, mode)
  mode = mode or "r"
  local fd, err = call("fs_open", path, mode:gsub("b", ""), 420)
  if not fd then return nil, err end
  return setmetatable({ fd = fd, pos = 0, buf = "", append = mode:sub(1, 1) == "a" }, file)
end

local function fill(f)
  local data, err = call("fs_read", f.fd, PIECE, f.pos + #f.buf)
  if not data then return nil, err end
  f.buf = f.buf .. data
  return #data > 0
end

-- read("*a" | "*l" | "*L" | n): as io's read; nil at the end of the file
function file:read(fmt)
  if not self.fd then return nil, "file is closed" end
  fmt = fmt or "*l"
  if type(fmt) == "number" then
    while #self.buf < fmt do
      local more, err = fill(self)
      if more == nil then return nil, err end
      if not more then break end
    end
    if #self.buf == 0 and fmt > 0 then return nil end
    local out = self.buf:sub(1, fmt)
    self.buf, self.pos = self.buf:sub(fmt + 1), self.pos + #out
    return out
  elseif fmt == "*a" or fmt == "a" then
    while true do
      local more, err = fill(self)
      if more == nil then return nil, err end
      if not more then break end
    end
    local out = self.buf
    self.buf, self.pos = "", self.pos + #out
    return out
  elseif fmt == "*l" or fmt == "l" or fmt == "*L" or fmt == "L" then
    local nl = self.buf:find("\n", 1, true)
    while not nl do
      local more, err = fill(self)
      if more == nil then return nil, err end
      if not more then break end
      nl = self.buf:find("\n", 1, true)
    end
    if not nl then
      if #self.buf == 0 then return nil end
      nl = #self.buf
      local out = self.buf
      self.buf, self.pos = "", self.pos + #out
      return out
    end
    local out = self.buf:sub(1, nl)
    self.buf, self.pos = self.buf:sub(nl + 1), self.pos + nl
    if fmt == "*l" or fmt == "l" then out = out:sub(1, -2) end
    return out
  end
  error("bad argument #1 to 'read' (invalid format)", 2)
end

function file:lines(fmt)
  return function() return self:read(fmt) end
end

function file:write(...)
  if not self.fd then return nil, "file is closed" end
  local parts = {}
  for i = 1, select("#", ...) do parts[i] = tostring((select(i, ...))) end
  local data = concat(parts)
  self.buf = "" -- what was read ahead is stale after a write
  local n, err = call("fs_write", self.fd, data, self.append and -1 or self.pos)
  if not n then return nil, err end
  if self.append then
    local st = call("fs_fstat", self.fd)
    self.pos = st and st.size or self.pos + n
  else
    self.pos = self.pos + n
  end
  return self
end

-- seek(whence, offset): "set", "cur" (default), "end"; returns the new position
function file:seek(whence, offset)
  if not self.fd then return nil, "file is closed" end
  whence, offset = whence or "cur", offset or 0
  local base
  if whence == "set" then base = 0
  elseif whence == "cur" then base = self.pos
  elseif whence == "end" then
    local st, err = call("fs_fstat", self.fd)
    if not st then return nil, err end
    base = st.size
  else
    error("bad argument #1 to 'seek' (invalid option '" .. tostring(whence) .. "')", 2)
  end
  self.pos, self.buf = base + offset, ""
  return self.pos
end

function file:close()
  if not self.fd then return nil, "file is closed" end
  local fd = self.fd
  self.fd = nil
  return call("fs_close", fd)
end

return fs
