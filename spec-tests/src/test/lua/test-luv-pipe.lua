-- luv pipes as Unix domain sockets: bind/listen/accept, connect, names; the standard streams through open.
local uv = require("luv")
local dir = assert(uv.fs_mkdtemp(uv.os_tmpdir() .. "/luvpipe-XXXXXX"))
local path = dir .. "/echo.sock"

-- chmod of a bound pipe adds read or write for everyone: r, w, rw or wr (others raise luv's argument error);
-- nothing bound: EBADF. Closing the pipe removes its socket file, as libuv's close does
do
  local p = uv.new_pipe(false)
  expect_eq(select(3, p:chmod("rw")), "EBADF")
  local sock = dir .. "/chmod.sock"
  expect_eq(p:bind(sock), 0)
  expect_true(uv.fs_chmod(sock, tonumber("700", 8)))
  expect_eq(p:chmod("r"), 0)
  expect_eq(uv.fs_stat(sock).mode % 512, tonumber("744", 8))
  for _, flags in ipairs({ "w", "rw", "wr" }) do expect_eq(p:chmod(flags), 0, flags) end
  expect_eq(uv.fs_stat(sock).mode % 512, tonumber("766", 8))
  expect_error(function() uv.pipe_chmod(p, "bad flags") end, "(invalid option 'bad flags')")
  p:close()
  uv.run()
  expect_eq(uv.fs_stat(sock), nil)
end

do
  local server = uv.new_pipe(false)
  expect_eq(server:bind(path), 0)
  expect_eq(server:getsockname(), path)
  expect_eq(uv.fs_stat(path).type, "socket")
  expect_eq(server:listen(8, function(err)
    expect_eq(err, nil)
    local peer = uv.new_pipe(false)
    expect_eq(server:accept(peer), 0)
    peer:read_start(function(rerr, data)
      if data then peer:write(data:upper()) else peer:close() end
    end)
  end), 0)
  local client = uv.new_pipe(false)
  local got, connected = {}, false
  client:connect(path, function(err)
    expect_eq(err, nil)
    connected = true
    expect_eq(client:getpeername(), path)
    client:read_start(function(rerr, data)
      expect_eq(rerr, nil)
      if data then
        got[#got + 1] = data
        if table.concat(got) == "HELLO PIPE" then client:close() server:close() end
      end
    end)
    client:write("hello pipe")
  end)
  uv.run()
  expect_true(connected)
  expect_eq(table.concat(got), "HELLO PIPE")
  expect_list({ uv.new_pipe(false):getpeername() }, { nil, "EBADF: bad file descriptor", "EBADF" }, 3, "no socket yet")
end

-- a refused connection; a path in use
do
  local refused
  local c = uv.new_pipe(false)
  c:connect(dir .. "/nobody.sock", function(err) refused = err c:close() end)
  uv.run()
  expect_eq(refused, "ENOENT")
  local a, b = uv.new_pipe(false), uv.new_pipe(false)
  expect_eq(a:bind(path), 0)
  expect_list({ b:bind(path) }, { nil, "EADDRINUSE: address already in use", "EADDRINUSE" })
  a:close() b:close()
  uv.run()
end

-- the process's own standard output through open(1); other descriptors cannot be opened here
do
  local out = uv.new_pipe(false)
  expect_eq(out:open(1), 0)
  expect_true(out:is_writable())
  out:close()
  uv.run()
end

uv.fs_rmdir(dir)

-- uv.pipe and uv.socketpair: descriptors that pipe_open and tcp_open take over (the handle owns and closes them),
-- that fs_write writes and fs_close closes; guess_handle calls them pipes
do
  local fds = assert(uv.pipe({ nonblock = true }, { nonblock = true }))
  expect_eq(uv.guess_handle(fds.read), "pipe")
  expect_eq(uv.guess_handle(fds.write), "pipe")
  local reader = uv.new_pipe()
  expect_eq(reader:open(fds.read), 0)
  expect_eq(uv.fs_write(fds.write, "PING"), 4)
  expect_eq(uv.fs_close(fds.write), true)
  local got = {}
  reader:read_start(function(err, chunk)
    assert(not err, err)
    got[#got + 1] = chunk or "EOF"
    if not chunk then reader:close() end
  end)
  uv.run()
  expect_eq(table.concat(got, ","), "PING,EOF", "the data, then the end once the other end closed")

  local pair = assert(uv.socketpair("stream", 0, { nonblock = true }, { nonblock = true }))
  local a, b = uv.new_tcp(), uv.new_tcp()
  expect_eq(a:open(pair[1]), 0)
  expect_eq(b:open(pair[2]), 0)
  local pongs = 0
  b:read_start(function(err, chunk) if chunk then b:write("PONG:" .. chunk) end end)
  a:read_start(function(err, chunk)
    if chunk then
      pongs = pongs + 1
      expect_eq(chunk, "PONG:ping " .. pongs)
      if pongs == 3 then a:close() b:close() else a:write("ping " .. (pongs + 1)) end
    end
  end)
  a:write("ping 1")
  uv.run()
  expect_eq(pongs, 3, "both ends read and write")
end
