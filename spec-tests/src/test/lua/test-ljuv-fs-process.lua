-- ljuv.fs and ljuv.process: files and child processes as blocking code, in coroutines and in the main chunk.
local fs = require("ljuv.fs")
local process = require("ljuv.process")
local uv = require("luv")

local base = assert(uv.fs_mkdtemp(uv.os_tmpdir() .. "/ljuvfs-XXXXXX"))

-- ljuv.wait: a waiter woken before it waits (by what its own coroutine started) returns at once
do
  local waiting = require("ljuv.wait")
  local got
  coroutine.wrap(function()
    local w = waiting.new()
    waiting.wake(w, "early", 2)
    got = { waiting.wait(w) }
  end)()
  expect_list(got, { "early", 2 })
  local w = waiting.new() -- in the main chunk
  waiting.wake(w, "main")
  expect_eq(waiting.wait(w), "main")
end

-- the same steps from the main chunk and from a coroutine (where every call yields to the loop)
local function file_steps(dir)
  expect_eq(fs.mkdirp(dir .. "/a/b/c"), true)
  expect_eq(fs.stat(dir .. "/a/b/c").type, "directory")
  expect_eq(fs.mkdirp(dir .. "/a/b/c"), true, "an existing directory is fine")
  expect_eq(fs.writefile(dir .. "/a/f.txt", "one\ntwo\nthree"), true)
  expect_eq(fs.writefile(dir .. "/a/f.txt", { "\nfour", "\n" }, "a"), true)
  expect_eq(fs.readfile(dir .. "/a/f.txt"), "one\ntwo\nthree\nfour\n")
  local r, err = fs.readfile(dir .. "/missing")
  expect_eq(r, nil)
  expect_eq(err, "ENOENT: no such file or directory: " .. dir .. "/missing")
  local f = assert(fs.open(dir .. "/a/f.txt"))
  local lines = {}
  for line in f:lines() do lines[#lines + 1] = line end
  expect_list(lines, { "one", "two", "three", "four" })
  expect_eq(f:seek("set", 4), 4)
  expect_eq(f:read(3), "two")
  expect_eq(f:read("*a"), "\nthree\nfour\n")
  expect_eq(f:read(1), nil, "at the end")
  expect_eq(f:seek("end"), 19)
  f:close()
  expect_list({ f:read() }, { nil, "file is closed" })
  local w = assert(fs.open(dir .. "/a/w.txt", "w"))
  w:write("x = ", 1, "\n")
  w:write("y = 2\n")
  w:close()
  expect_eq(fs.readfile(dir .. "/a/w.txt"), "x = 1\ny = 2\n")
  expect_eq(fs.rename(dir .. "/a/w.txt", dir .. "/a/b/w.txt"), true)
  local names = {}
  for name, kind in fs.scandir(dir .. "/a") do names[#names + 1] = name .. ":" .. kind end
  table.sort(names)
  expect_list(names, { "b:directory", "f.txt:file" })
  expect_eq(fs.rmrf(dir .. "/a"), true)
  expect_eq(fs.stat(dir .. "/a"), nil)
  expect_eq(fs.rmrf(dir .. "/a"), true, "nothing to remove is fine")
end

file_steps(base .. "/main")
local done = false
coroutine.wrap(function()
  file_steps(base .. "/co")
  done = true
end)()
uv.run()
expect_true(done)

-- watch
do
  local seen
  local h = assert(fs.watch(base, function(name) seen = name end))
  local t = uv.new_timer()
  t:start(30, 0, function()
    t:close()
    coroutine.wrap(function() fs.writefile(base .. "/watched.txt", "x") end)()
  end)
  local guard = uv.new_timer()
  guard:start(3000, 0, function() guard:close() h:close() end)
  guard:unref()
  local poll = uv.new_timer()
  poll:start(5, 5, function() if seen then poll:close() h:close() end end)
  uv.run()
  if not guard:is_closing() then guard:close() end
  expect_eq(seen, "watched.txt")
  fs.unlink(base .. "/watched.txt")
end

-- processes: run collects stdout, stderr and the code; spawn streams both ways
local function process_steps()
  local out, err, code = process.run("sh", { "-c", "echo out; echo err >&2; exit 3" })
  expect_eq(out, "out\n")
  expect_eq(err, "err\n")
  expect_eq(code, 3)
  local upper = process.run("tr", { "a-z", "A-Z" }, { input = "shout\n" })
  expect_eq(upper, "SHOUT\n")
  local c = assert(process.spawn({ cmd = "cat" }))
  expect_eq(type(c.pid), "number")
  expect_eq(c:write("through cat\n"), true)
  expect_eq(c:read(), "through cat\n")
  c:close_stdin()
  expect_eq(c:read(), nil)
  expect_list({ c:wait() }, { 0, 0 })
  local sleeper = assert(process.spawn({ cmd = "sleep", args = { "10" }, stdout = "ignore", stderr = "ignore" }))
  sleeper:kill()
  expect_list({ sleeper:wait() }, { 0, 15 })
  local r, e = process.spawn({ cmd = "no-such-program-here" })
  expect_eq(r, nil)
  expect_eq(e, "ENOENT: no such file or directory")
end

process_steps()
local pdone = false
coroutine.wrap(function()
  process_steps()
  pdone = true
end)()
uv.run()
expect_true(pdone)

-- many commands in parallel coroutines
do
  local results = {}
  for i = 1, 6 do
    coroutine.wrap(function()
      local out = process.run("sh", { "-c", "echo " .. i })
      results[#results + 1] = tonumber(out)
    end)()
  end
  uv.run()
  table.sort(results)
  expect_list(results, { 1, 2, 3, 4, 5, 6 })
end

expect_error(function() process.spawn("sh") end, "table expected, got string")
fs.rmrf(base)
