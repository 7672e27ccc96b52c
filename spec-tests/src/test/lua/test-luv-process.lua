-- luv's uv.spawn with real child processes: pipes for stdio, exit codes, signals, env, cwd, errors.
local uv = require("luv")

local function collect(pipe, into)
  pipe:read_start(function(err, data)
    expect_eq(err, nil)
    if data then into[#into + 1] = data else pipe:close() end
  end)
end

-- stdout and stderr through pipes; the exit code
do
  local out, err = uv.new_pipe(false), uv.new_pipe(false)
  local got_out, got_err, exit = {}, {}, nil
  local handle, pid = uv.spawn("sh", {
    args = { "-c", "echo hello; echo oops >&2; exit 3" },
    stdio = { nil, out, err },
  }, function(code, signal)
    exit = { code, signal }
  end)
  expect_true(handle ~= nil, pid)
  expect_eq(type(pid), "number")
  expect_eq(handle:get_pid(), pid)
  expect_eq(uv.process_get_pid(handle), pid)
  expect_list({ handle:get_type() }, { "process", 10 })
  collect(out, got_out)
  collect(err, got_err)
  uv.run()
  handle:close()
  expect_list(exit, { 3, 0 })
  expect_eq(table.concat(got_out), "hello\n")
  expect_eq(table.concat(got_err), "oops\n")
end

-- stdin through a pipe: cat echoes it back; shutdown ends its input
do
  local input, output = uv.new_pipe(false), uv.new_pipe(false)
  local got, code = {}, nil
  local handle = uv.spawn("cat", { stdio = { input, output, nil } }, function(c) code = c end)
  collect(output, got)
  input:write("line one\n")
  input:write({ "line ", "two\n" }, function(err) expect_eq(err, nil) end)
  input:shutdown(function() input:close() end)
  uv.run()
  handle:close()
  expect_eq(code, 0)
  expect_eq(table.concat(got), "line one\nline two\n")
end

-- kill: the exit callback reports the signal
do
  local exit
  local handle = uv.spawn("sleep", { args = { "10" } }, function(code, signal) exit = { code, signal } end)
  local t = uv.new_timer()
  t:start(50, 0, function() t:close() expect_eq(handle:kill("sigterm"), 0) end)
  uv.run()
  handle:close()
  expect_list(exit, { 0, 15 })
end

-- uv.kill: signal 0 checks that a process exists; a signal by number
do
  local exit
  local handle, pid = uv.spawn("sleep", { args = { "5" } }, function(code, signal) exit = { code, signal } end)
  expect_eq(uv.kill(pid, 0), 0)
  expect_eq(uv.kill(pid, 9), 0)
  uv.run()
  handle:close()
  expect_eq(exit[1], 0)
  expect_eq(exit[2], 9)
end

-- env and cwd
do
  local out, got = uv.new_pipe(false), {}
  local dir = uv.fs_realpath(uv.os_tmpdir())
  local handle, pid = uv.spawn("sh", {
    args = { "-c", "echo $LUV_SPEC_VAR; pwd" },
    env = { "LUV_SPEC_VAR=from env" },
    cwd = dir,
    stdio = { nil, out, nil },
  }, function() end)
  collect(out, got)
  uv.run()
  handle:close()
  expect_eq(table.concat(got), "from env\n" .. dir .. "\n")
end

-- failures: no such program; the callback is not called
do
  local called = false
  local h, msg, name = uv.spawn("no-such-program-here", {}, function() called = true end)
  expect_eq(h, nil)
  expect_eq(name, "ENOENT")
  expect_eq(msg, "ENOENT: no such file or directory")
  uv.run()
  expect_false(called)
  expect_error(function() uv.spawn() end, "bad argument #1 to 'spawn'")
end
