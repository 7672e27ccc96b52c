-- luv's TTY handles on the standard streams. Where the test runs, the streams may or may not be terminals:
-- each case checks what libuv gives for what the stream is (CommandLineTest runs one under a terminal).
local has_uv, uv_first = pcall(require, "uv") -- (this runtime's other name for luv; luajit's luv has none)
local uv = require("luv")
if has_uv then expect_eq(uv_first, uv, "one module table, whichever name came first") end

for fd = 0, 2 do
  local kind = uv.guess_handle(fd)
  local t, err, name = uv.new_tty(fd, fd == 0)
  if kind == "file" or kind == "unknown" then
    expect_eq(t, nil)
    expect_eq(name, "EINVAL")
  else
    expect_true(t ~= nil, err)
    expect_list({ t:get_type() }, { "tty", 14 })
    local w, h = t:get_winsize()
    if kind == "tty" then
      expect_eq(type(w), "number")
      expect_eq(type(h), "number")
    else
      expect_eq(w, nil)
    end
    t:close()
  end
end
if has_uv then -- (this runtime: luv itself opens any descriptor)
  expect_eq(select(3, uv.new_tty(7, false)), "ENOTSUP", "only the standard streams can be opened from the JVM")
end
expect_eq(select(3, uv.new_tty(-1, false)), "EINVAL")
expect_eq(uv.tty_reset_mode(), 0, "nothing to reset")
expect_error(function() uv.tty_set_mode(uv.new_timer(), 1) end, "bad argument #1 to 'tty_set_mode' (uv_tty expected, got userdata)")
uv.run()
