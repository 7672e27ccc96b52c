-- LuaFileSystem (require "lfs"): the C module's API and results, as its manual and lfs 1.8.0 on luajit give them
-- (this file passes there too, with lua-filesystem installed; its last part needs ljuv's threads). Everything
-- happens in a fresh temporary directory.
package.cpath = package.cpath .. ";/usr/lib/x86_64-linux-gnu/lua/5.1/?.so"
local lfs = require("lfs")
local uv = require("luv")

expect_eq(rawget(_G, "lfs"), lfs, "require sets the global, as the C module")
expect_eq(lfs._VERSION, "LuaFileSystem 1.8.0")
for _, name in ipairs({ "attributes", "chdir", "currentdir", "dir", "link", "lock", "lock_dir", "mkdir", "rmdir",
    "setmode", "symlinkattributes", "touch", "unlock" }) do
  expect_eq(type(lfs[name]), "function", name)
end

local root = assert(uv.fs_realpath(assert(uv.fs_mkdtemp(uv.os_tmpdir() .. "/lfs-spec-XXXXXX"))))
local old = lfs.currentdir()

local function write(path, data)
  local f = assert(io.open(path, "w"))
  f:write(data)
  f:close()
end

local ok, err = pcall(function()
  -- mkdir, rmdir: true, or the C library's nil, strerror, errno
  expect_eq(lfs.mkdir(root .. "/d"), true)
  expect_list({ lfs.mkdir(root .. "/d") }, { nil, "File exists", 17 })
  expect_list({ lfs.mkdir(root .. "/missing/d") }, { nil, "No such file or directory", 2 })
  expect_eq(lfs.attributes(root .. "/d", "permissions"):sub(1, 3), "rwx")
  write(root .. "/d/file", "hello")
  expect_list({ lfs.rmdir(root .. "/d") }, { nil, "Directory not empty", 39 })
  expect_list({ lfs.rmdir(root .. "/d/file") }, { nil, "Not a directory", 20 })
  expect_list({ lfs.rmdir(root .. "/none") }, { nil, "No such file or directory", 2 })
  expect_error(function() lfs.mkdir() end, "bad argument #1 to 'mkdir' (string expected, got no value)")

  -- attributes: the whole table, one field, a table given to fill; failures name the file
  local a = lfs.attributes(root .. "/d/file")
  expect_eq(a.mode, "file")
  expect_eq(a.size, 5)
  expect_eq(a.nlink, 1)
  expect_eq(#a.permissions, 9)
  for _, key in ipairs({ "dev", "ino", "uid", "gid", "rdev", "access", "modification", "change", "blocks",
      "blksize" }) do
    expect_eq(type(a[key]), "number", key)
    expect_eq(lfs.attributes(root .. "/d/file", key), a[key], key)
  end
  expect_eq(a.modification % 1, 0, "whole seconds")
  expect_eq(lfs.attributes(root .. "/d", "mode"), "directory")
  local given = {}
  expect_eq(lfs.attributes(root .. "/d/file", given), given)
  expect_eq(given.size, 5)
  expect_list({ lfs.attributes(root .. "/none") },
    { nil, "cannot obtain information from file '" .. root .. "/none': No such file or directory", 2 })
  expect_list({ lfs.attributes(root .. "/d/file/x") },
    { nil, "cannot obtain information from file '" .. root .. "/d/file/x': Not a directory", 20 })
  expect_eq(lfs.attributes(""), nil, "the empty name is no file")
  expect_error(function() lfs.attributes(root, "colour") end, "invalid attribute name 'colour'")

  -- links: hard and symbolic; symlinkattributes sees the link and its target
  expect_eq(lfs.link(root .. "/d/file", root .. "/hard"), true)
  expect_eq(lfs.attributes(root .. "/d/file", "nlink"), 2)
  expect_eq(lfs.link(root .. "/d/file", root .. "/soft", true), true)
  expect_eq(lfs.attributes(root .. "/soft", "mode"), "file")
  local s = lfs.symlinkattributes(root .. "/soft")
  expect_eq(s.mode, "link")
  expect_eq(s.target, root .. "/d/file")
  expect_eq(lfs.symlinkattributes(root .. "/soft", "target"), root .. "/d/file")
  expect_eq(lfs.symlinkattributes(root .. "/hard").target, nil, "a file has no target")
  expect_list({ lfs.symlinkattributes(root .. "/hard", "target") },
    { nil, "could not obtain link target: Invalid argument", 22 })
  expect_list({ lfs.link(root .. "/d/file", root .. "/hard") }, { nil, "File exists", 17 })
  expect_list({ lfs.rmdir(root .. "/soft") }, { nil, "Not a directory", 20 })

  -- touch: seconds; one missing time is the access time, none at all is now
  expect_eq(lfs.touch(root .. "/hard", 1000000000, 1100000000), true)
  expect_eq(lfs.attributes(root .. "/d/file", "access"), 1000000000)
  expect_eq(lfs.attributes(root .. "/d/file", "modification"), 1100000000)
  expect_eq(lfs.touch(root .. "/hard", 1200000000), true)
  expect_eq(lfs.attributes(root .. "/d/file", "modification"), 1200000000)
  expect_eq(lfs.touch(root .. "/hard"), true)
  expect_true(math.abs(lfs.attributes(root .. "/d/file", "modification") - os.time()) < 100)
  expect_list({ lfs.touch(root .. "/none") }, { nil, "No such file or directory", 2 }, nil, "touch makes no file")

  -- dir: every name, "." and ".." too; the iterator and the object's next and close; a closed one refuses
  local names = {}
  for name in lfs.dir(root) do names[#names + 1] = name end
  table.sort(names)
  expect_list(names, { ".", "..", "d", "hard", "soft" })
  local iter, d = lfs.dir(root .. "/d")
  expect_eq(type(iter), "function")
  expect_eq(type(d), "userdata")
  local seen = 0
  while d:next() do seen = seen + 1 end
  expect_eq(seen, 3)
  expect_error(function() d:next() end, "closed directory")
  iter, d = lfs.dir(root)
  d:close()
  d:close()
  expect_error(function() iter(d) end, "closed directory")
  expect_error(function() lfs.dir(root .. "/none") end, "cannot open " .. root .. "/none: No such file or directory")
  expect_error(function() lfs.dir(root .. "/hard") end, "cannot open " .. root .. "/hard: Not a directory")

  -- chdir, currentdir: relative names then start there
  expect_eq(lfs.chdir(root .. "/d"), true)
  expect_eq(lfs.currentdir(), root .. "/d")
  expect_eq(lfs.attributes("file", "size"), 5)
  expect_eq(lfs.chdir(".."), true)
  expect_eq(lfs.currentdir(), root)
  expect_list({ lfs.chdir(root .. "/none") },
    { nil, "Unable to change working directory to '" .. root .. "/none'\nNo such file or directory\n" })

  -- setmode: one mode on POSIX systems
  local f = assert(io.open(root .. "/d/file"))
  expect_list({ lfs.setmode(f, "text") }, { true, "binary" })
  expect_error(function() lfs.setmode(f, "other") end, "invalid option 'other'")
  expect_error(function() lfs.setmode(42, "text") end, "FILE* expected, got number")
  f:close()
  expect_error(function() lfs.setmode(f, "binary") end, "setmode: closed file")

  -- lock, unlock: a read lock needs a file open for reading, a write lock one open for writing
  f = assert(io.open(root .. "/d/file", "r"))
  expect_eq(lfs.lock(f, "r"), true)
  expect_eq(lfs.unlock(f), true)
  expect_list({ lfs.lock(f, "w") }, { nil, "Bad file descriptor" })
  expect_error(function() lfs.lock(f, "x") end, "lock: invalid mode")
  f:close()
  expect_error(function() lfs.lock(f, "r") end, "lock: closed file")
  f = assert(io.open(root .. "/d/file", "r+"))
  expect_eq(lfs.lock(f, "w", 0, 2), true)
  expect_eq(lfs.lock(f, "r", 0, 2), true, "a lock of this process's replaces it")
  expect_eq(lfs.unlock(f, 0, 2), true)
  f:close()

  -- lock_dir: a link named lockfile.lfs that free removes (once); a second lock finds it there
  local lock = lfs.lock_dir(root .. "/d")
  expect_eq(type(lock), "userdata")
  expect_eq(lfs.symlinkattributes(root .. "/d/lockfile.lfs", "target"), "lock")
  expect_list({ lfs.lock_dir(root .. "/d") }, { nil, "File exists" })
  lock:free()
  lock:free()
  expect_eq(lfs.symlinkattributes(root .. "/d/lockfile.lfs"), nil)
  expect_list({ lfs.lock_dir(root .. "/none") }, { nil, "No such file or directory" })

  -- a lock still held when its state ends is freed then (lua_close runs its __gc): a thread's state here
  local has_ljuv, ljuv = pcall(require, "ljuv")
  if has_ljuv then
    local held
    ljuv.loop:thread(function(dir)
      _G.kept = require("lfs").lock_dir(dir)
      return require("lfs").symlinkattributes(dir .. "/lockfile.lfs", "target")
    end, function(_, r) held = r end, root .. "/d")
    ljuv.loop:run()
    expect_eq(held, "lock")
    expect_eq(lfs.symlinkattributes(root .. "/d/lockfile.lfs"), nil, "freed at the thread's end")
  end
end)

lfs.chdir(old)
for _, name in ipairs({ "/d/lockfile.lfs", "/d/file", "/hard", "/soft" }) do os.remove(root .. name) end
lfs.rmdir(root .. "/d")
lfs.rmdir(root)
assert(ok, err)
expect_eq(lfs.attributes(root), nil, "all removed")
