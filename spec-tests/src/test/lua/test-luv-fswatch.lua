-- luv's file watchers: fs_event (change notification) and fs_poll (stat polling), on a temporary directory.
local uv = require("luv")
local dir = assert(uv.fs_mkdtemp(uv.os_tmpdir() .. "/luvwatch-XXXXXX"))

local function write(path, text)
  local fd = assert(uv.fs_open(path, "w", 420))
  uv.fs_write(fd, text)
  uv.fs_close(fd)
end

-- a guard: fail instead of hanging when no event comes
local function guard(ms, handles)
  local t = uv.new_timer()
  t:start(ms, 0, function()
    for _, h in ipairs(handles) do if not h:is_closing() then h:close() end end
    t:close()
  end)
  t:unref() -- the watched handle keeps the loop alive, not the guard
  return t
end

-- fs_event on a directory: the new entry's name, a rename event
do
  local ev = uv.new_fs_event()
  local seen
  expect_eq(ev:start(dir, {}, function(err, filename, events)
    expect_eq(err, nil)
    if filename == "new.txt" and not seen then
      seen = events
      ev:close()
    end
  end), 0)
  expect_eq(ev:getpath(), dir)
  expect_true(ev:is_active())
  local writer = uv.new_timer()
  writer:start(50, 0, function() writer:close() write(dir .. "/new.txt", "x") end)
  local g = guard(5000, { ev })
  uv.run()
  if not g:is_closing() then g:close() end
  expect_true(seen ~= nil, "an event for the new file")
  expect_true(seen.rename or seen.change)
end

-- fs_event on a file: its changes, named by the file's own name
do
  local path = dir .. "/watched.txt"
  write(path, "1")
  local ev = uv.new_fs_event()
  local name, change
  ev:start(path, {}, function(err, filename, events)
    name, change = filename, events.change
    ev:close()
  end)
  local writer = uv.new_timer()
  writer:start(50, 0, function() writer:close() write(path, "22") end)
  local g = guard(5000, { ev })
  uv.run()
  if not g:is_closing() then g:close() end
  expect_eq(name, "watched.txt")
  expect_true(change)
end

-- fs_poll: the callback gets the previous and the current stat when the file changes
do
  local path = dir .. "/polled.txt"
  write(path, "a")
  local poll = uv.new_fs_poll()
  local prev_size, curr_size
  expect_eq(poll:start(path, 10, function(err, prev, curr)
    expect_eq(err, nil)
    prev_size, curr_size = prev.size, curr.size
    poll:close()
  end), 0)
  expect_eq(poll:getpath(), path)
  local writer = uv.new_timer()
  writer:start(30, 0, function() writer:close() write(path, "abcdef") end)
  local g = guard(5000, { poll })
  uv.run()
  if not g:is_closing() then g:close() end
  expect_eq(prev_size, 1)
  expect_eq(curr_size, 6)
end

-- errors: a missing path
do
  local ev = uv.new_fs_event()
  local r, _, name = ev:start(dir .. "/missing", {}, function() end)
  expect_eq(r, nil)
  expect_eq(name, "ENOENT")
  ev:close()
  uv.run()
end

for name in function(s) return uv.fs_scandir_next(s) end, uv.fs_scandir(dir) do uv.fs_unlink(dir .. "/" .. name) end
uv.fs_rmdir(dir)
