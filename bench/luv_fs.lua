-- luv file system speed, the same script on luajit + luv and on bin/ljuv (bench/compare-luv-fs.sh runs both):
-- reading a 64 MiB file in 64 KiB pieces (synchronously and with callbacks) and stat of 10,000 files.
-- Prints one line per case: "<case> <seconds>".
package.cpath = package.cpath .. ";/usr/lib/x86_64-linux-gnu/lua/5.1/?.so"
local uv = require("luv")
local dir = assert(uv.fs_mkdtemp(uv.os_tmpdir() .. "/luvbench-XXXXXX"))
local big = dir .. "/big.bin"
local piece = 65536
do
  local fd = assert(uv.fs_open(big, "w", 420))
  local chunk = ("0123456789abcdef"):rep(piece / 16)
  for _ = 1, 64 * 1024 * 1024 / piece do assert(uv.fs_write(fd, chunk)) end
  uv.fs_close(fd)
end
for i = 1, 10000 do
  local fd = assert(uv.fs_open(dir .. "/f" .. i, "w", 420))
  uv.fs_close(fd)
end

local function timed(name, fn)
  local t0 = uv.hrtime()
  fn()
  print(name, ("%.4f"):format((uv.hrtime() - t0) / 1e9))
end

for round = 1, 3 do
  timed("read_sync", function()
    local fd, total = assert(uv.fs_open(big, "r", 0)), 0
    while true do
      local data = assert(uv.fs_read(fd, piece))
      if #data == 0 then break end
      total = total + #data
    end
    uv.fs_close(fd)
    assert(total == 64 * 1024 * 1024)
  end)
  timed("read_async", function()
    local total = 0
    uv.fs_open(big, "r", 0, function(err, fd)
      assert(not err, err)
      local function next_piece()
        uv.fs_read(fd, piece, total, function(rerr, data)
          assert(not rerr, rerr)
          if #data == 0 then uv.fs_close(fd, function() end) return end
          total = total + #data
          next_piece()
        end)
      end
      next_piece()
    end)
    uv.run()
    assert(total == 64 * 1024 * 1024)
  end)
  timed("stat_10k", function()
    for i = 1, 10000 do assert(uv.fs_stat(dir .. "/f" .. i)) end
  end)
end

for name in function(s) return uv.fs_scandir_next(s) end, uv.fs_scandir(dir) do uv.fs_unlink(dir .. "/" .. name) end
uv.fs_rmdir(dir)
