-- ljuv.net: cosockets (OpenResty's API) on the ljuv loop, in coroutines and from the main chunk.
local net = require("ljuv.net")
local uv = require("luv")

-- a server whose handler runs the given script of steps for each connection
local function serve(handler, opts)
  local server = assert(net.listen("127.0.0.1", 0, opts, handler))
  local _, port = server:getsockname()
  return server, port
end

-- receive patterns: lines (CR dropped), byte counts, everything until closed
do
  local server, port = serve(function(sock)
    sock:send("line one\r\nline two\nabcdefghij")
    sock:send({ "nested", { " ", "table" }, 42, "\n" })
    sock:close()
  end)
  local s = net.tcp()
  expect_eq(s:connect("127.0.0.1", port), 1)
  expect_eq(s:receive(), "line one")
  expect_eq(s:receive("*l"), "line two")
  expect_eq(s:receive(3), "abc")
  expect_eq(s:receive(0), "")
  expect_eq(s:receive(7), "defghij")
  expect_eq(s:receive("*a"), "nested table42\n")
  expect_list({ s:receive() }, { nil, "closed", "" })
  expect_eq(s:close(), 1)
  expect_list({ s:close() }, { nil, "closed" })
  expect_list({ s:send("x") }, { nil, "closed" })
  server:close()
  uv.run()
end

-- a closed connection returns the partial data as the third value; *a returns what is left without error
do
  local server, port = serve(function(sock) sock:send("no newline") sock:close() end)
  local s = net.tcp()
  s:connect("127.0.0.1", port)
  expect_list({ s:receive() }, { nil, "closed", "no newline" })
  s:close()
  local s2 = net.tcp()
  s2:connect("127.0.0.1", port)
  expect_eq(s2:receive("*a"), "no newline")
  s2:close()
  server:close()
  uv.run()
end

-- timeouts: a read timeout leaves the socket usable; partial data comes with it
do
  local release
  local server, port = serve(function(sock)
    sock:send("part")
    local co = coroutine.running()
    release = function() coroutine.resume(co) end
    coroutine.yield()
    sock:send("ial\nrest\n")
    sock:receive() -- until the client closes
  end)
  local s = net.tcp()
  s:settimeout(30)
  s:connect("127.0.0.1", port)
  local started = uv.hrtime()
  expect_list({ s:receive() }, { nil, "timeout", "part" })
  expect_true(uv.hrtime() - started >= 25e6, "waited for the timeout")
  release()
  s:settimeouts(1000, 1000, 1000)
  expect_eq(s:receive(), "ial", "the socket is still usable after a timeout")
  expect_eq(s:receive(), "rest")
  s:close()
  server:close()
  uv.run()
end

-- a read timeout counts from the read that waits, whatever earlier reads' timeouts were: a later read does not end
-- at an earlier read's deadline, a shorter timeout set after a long one is kept, a fractional one ends too
do
  local steps = {}
  local server, port = serve(function(sock)
    local co = coroutine.running()
    steps.next = function() coroutine.resume(co) end
    while true do
      coroutine.yield()
      if steps.done then sock:close() return end
      sock:send("tick\n")
    end
  end)
  local function after(ms, fn) local t = uv.new_timer() t:start(ms, 0, function() t:close() fn() end) end
  local result = {}
  coroutine.wrap(function()
    local s = net.tcp()
    assert(s:connect("127.0.0.1", port))
    s:settimeout(200)
    local co = coroutine.running()
    steps.next()
    result[1] = s:receive() -- at once, its deadline 200 ms from now
    after(120, function() coroutine.resume(co) end)
    coroutine.yield()
    after(150, steps.next) -- 270 ms after the first read, 150 ms into this one's 200
    local started = uv.hrtime()
    result[2] = { s:receive() }
    result[2].ms = (uv.hrtime() - started) / 1e6
    s:settimeout(5000)
    steps.next()
    result[3] = s:receive() -- with a long timeout
    s:settimeout(60)
    started = uv.hrtime()
    result[4] = { s:receive() } -- nothing comes: times out after its own 60 ms
    result[4].ms = (uv.hrtime() - started) / 1e6
    s:settimeout(20.5)
    started = uv.hrtime()
    result[5] = { s:receive() }
    result[5].ms = (uv.hrtime() - started) / 1e6
    s:close()
    steps.done = true
    steps.next()
    server:close()
  end)()
  uv.run()
  expect_eq(result[1], "tick")
  expect_eq(result[2][1], "tick", "the second read got its data, no early timeout: " .. tostring(result[2][2]))
  expect_true(result[2].ms >= 100, "the second read waited for the data: " .. result[2].ms)
  expect_eq(result[3], "tick")
  expect_list({ result[4][1], result[4][2] }, { nil, "timeout" })
  expect_true(result[4].ms >= 50 and result[4].ms < 1000, "the short timeout was kept: " .. result[4].ms)
  expect_list({ result[5][1], result[5][2] }, { nil, "timeout" })
  expect_true(result[5].ms >= 19 and result[5].ms < 1000, "a fractional timeout: " .. result[5].ms)
end

-- receiveany and receiveuntil (whole, in pieces, inclusive)
do
  local server, port = serve(function(sock)
    sock:send("--b\r\nfirst part--b\r\nsecond, a longer part--b\r\nthird--b\r\ntail")
    sock:close()
  end)
  local s = net.tcp()
  s:connect("127.0.0.1", port)
  local reader = s:receiveuntil("--b\r\n")
  expect_eq(reader(), "")
  expect_eq(reader(), "first part")
  local pieces = {}
  while true do
    local data, err = reader(4)
    if not data then expect_eq(err, nil) break end
    pieces[#pieces + 1] = data
  end
  expect_eq(table.concat(pieces), "second, a longer part")
  expect_true(#pieces >= 5, "in pieces of at most 4 bytes")
  local incl = s:receiveuntil("--b\r\n", { inclusive = true })
  expect_eq(incl(), "third--b\r\n")
  expect_eq(s:receiveany(100), "tail")
  expect_list({ s:receiveany(100) }, { nil, "closed" })
  expect_error(function() s:receiveany(0) end, "bad max argument")
  expect_error(function() s:receiveuntil("") end, "pattern is empty")
  expect_error(function() s:receive("*x") end, "bad pattern argument")
  s:close()
  server:close()
  uv.run()
end

-- one reader at a time; errors of connect
do
  local server, port = serve(function(sock) sock:receive() end)
  local s = net.tcp()
  s:connect("127.0.0.1", port)
  local busy
  coroutine.wrap(function() s:receive() end)()
  busy = { s:receive() }
  expect_list(busy, { nil, "socket busy reading" })
  s:close()
  local a = net.tcp() -- a waiting receiveany makes the socket as busy
  a:connect("127.0.0.1", port)
  local got
  coroutine.wrap(function() got = { a:receiveany(10) } end)()
  expect_list({ a:receiveany(5) }, { nil, "socket busy reading" })
  expect_list({ a:receive() }, { nil, "socket busy reading" })
  a:close()
  expect_list(got, { nil, "closed" })
  server:close()
  uv.run()
  local probe = uv.new_tcp()
  probe:bind("127.0.0.1", 0)
  local free = probe:getsockname().port
  probe:close()
  uv.run("nowait")
  expect_list({ net.tcp():connect("127.0.0.1", free) }, { nil, "connection refused" })
  local r, err = net.tcp():connect("no.such.host.invalid", 80)
  expect_eq(r, nil)
  expect_true(err:find("could not be resolved", 1, true) ~= nil, err)
  expect_eq(net.resolve("127.0.0.1")[1], "127.0.0.1")
  expect_eq(net.resolve("localhost")[1], "127.0.0.1")
end

-- many clients in coroutines at once; the handler's coroutine per connection
do
  local server, port = serve(function(sock)
    while true do
      local line = sock:receive()
      if not line then return end
      sock:send(line:upper() .. "\n")
    end
  end)
  local done = 0
  for i = 1, 20 do
    coroutine.wrap(function()
      local s = net.tcp()
      assert(s:connect("127.0.0.1", port))
      for j = 1, 5 do
        s:send(("client %d message %d\n"):format(i, j))
        expect_eq(s:receive(), ("CLIENT %d MESSAGE %d"):format(i, j))
      end
      s:close()
      done = done + 1
      if done == 20 then server:close() end
    end)()
  end
  uv.run()
  expect_eq(done, 20)
end

-- send returns once its data is in the kernel's buffer: a handler that sends to a reader that pauses, then
-- returns (its socket closes), loses nothing. (A send that returned with the tail of its data still queued
-- lost it at the close: the last send of a connection did so about one time in two, hence six connections.)
do
  local chunk = ("x"):rep(65535) .. "\n"
  local server, port = serve(function(sock)
    for _ = 1, 150 do assert(sock:send(chunk)) end -- the last 100 are more than the kernel's buffers hold
  end)
  local got, finished = {}, 0
  for c = 1, 6 do
    coroutine.wrap(function()
      local s = net.tcp()
      assert(s:connect("127.0.0.1", port))
      local n, pause = 0, uv.new_timer()
      while true do
        local data, err = s:receive(#chunk)
        if not data then got[c] = n .. " " .. tostring(err) break end
        n = n + 1
        if n == 50 then -- stop reading for a while: the server's sends fill the buffers and queue
          local co = coroutine.running()
          pause:start(100, 0, function() coroutine.resume(co) end)
          coroutine.yield()
        end
      end
      s:close()
      pause:close()
      finished = finished + 1
      if finished == 6 then server:close() end
    end)()
  end
  uv.run()
  for c = 1, 6 do expect_eq(got[c], "150 closed", "connection " .. c) end
end

-- what send, receive and receiveany take: numbers and booleans sent as text, a pattern or a max as a number or a
-- numeric string (a fraction rounded down); bad arguments are errors at the caller's line, numbered as LuaJIT numbers
-- a library function's (the socket is #1 of a plain call, and not counted in a method call)
do
  local server, port = serve(function(sock)
    while true do
      local data = sock:receiveany(1000)
      if not data then return end
      sock:send(data)
    end
  end)
  local s = net.tcp()
  assert(s:connect("127.0.0.1", port))
  expect_eq(s:send(42), 2)
  expect_eq(s:send(true), 4)
  expect_eq(s:send({ "a", { 1.5, false } }), 9)
  expect_eq(s:receive("3"), "42t")
  expect_eq(s:receive(2.9), "ru")
  expect_eq(s:receiveany("3"), "ea1")
  expect_eq(s:receive(6), ".5fals")
  expect_eq(s:receiveany(1.5), "e")
  -- (called by pcall, no call site names it: '?', as LuaJIT says of a library function then)
  expect_list({ pcall(s.send, s, nil) }, { false, "bad argument #2 to '?' (string, number, boolean or table expected, got nil)" })
  local line = debug.getinfo(1, "l").currentline
  expect_list({ pcall(function() local r = s:send(print) return r end) },
    { false, "test-net.lua:" .. line + 1 .. ": bad argument #1 to 'send' (string, number, boolean or table expected, got function)" })
  expect_list({ pcall(function() local r = s:receive(-1) return r end) },
    { false, "test-net.lua:" .. line + 3 .. ": bad argument #1 to 'receive' (bad pattern argument)" })
  expect_list({ pcall(function() local r = s:receive("*x") return r end) },
    { false, "test-net.lua:" .. line + 5 .. ": bad argument #1 to 'receive' (bad pattern argument: *x)" })
  expect_list({ pcall(function() local r = s:receiveany("many") return r end) },
    { false, "test-net.lua:" .. line + 7 .. ": bad argument #1 to 'receiveany' (bad max argument)" })
  expect_error(function() s.receive(nil) end, "bad argument #1 to 'receive' (table expected, got nil)")
  expect_error(function() net.wrap({}) end, "bad argument #1 to 'wrap' (luv stream expected, got table)")
  expect_eq(s.inbox:take(-1), "", "the inbox takes nothing for a negative count")
  s:close()
  expect_list({ s:send("x") }, { nil, "closed" })
  expect_list({ s:receive() }, { nil, "closed" })
  expect_list({ s:receiveany(1) }, { nil, "closed" })
  server:close()
  uv.run()
end

-- a reader that reads nothing for a while holds about a megabyte unread, not all that comes: reading pauses past it
-- (the peer's sends wait in the kernel's buffers and its queue) and goes on as the reader takes; nothing is lost
do
  local piece = ("0123456789abcdef"):rep(4096) -- 64 KiB
  local total = 8 * 1024 * 1024
  local server, port = serve(function(sock)
    for _ = 1, total / #piece do assert(sock:send(piece)) end
  end)
  local s = net.tcp()
  assert(s:connect("127.0.0.1", port))
  local waited, t = false, uv.new_timer()
  t:start(300, 0, function() waited = true end)
  while not waited do uv.run("once") end -- the loop runs, nothing reads
  t:close()
  local held = s.inbox:buffered()
  expect_true(held >= 1024 * 1024 and held < 3 * 1024 * 1024, "held unread: " .. held)
  local got, intact = 0, true
  while got < total do
    local data = assert(s:receive(#piece))
    intact = intact and data == piece
    got = got + #data
  end
  expect_true(intact, "every piece whole and in order")
  expect_eq(got, total)
  s:close()
  server:close()
  uv.run()
end

-- a reader and a writer wait on one socket at once, each with its own timeout: the writer's wait does not take
-- the reader's timer (a peer that neither reads nor writes)
do
  local release
  local server, port = serve(function(sock)
    local co = coroutine.running()
    release = function() coroutine.resume(co) end
    coroutine.yield()
  end)
  local s = net.tcp()
  assert(s:connect("127.0.0.1", port))
  local read_result, write_result
  local started = uv.hrtime()
  -- should a wait never end, the guard closes the socket (both waits end "closed"): the test fails, not hangs
  local guard = uv.new_timer()
  guard:start(5000, 0, function() s:close() end)
  guard:unref()
  coroutine.wrap(function()
    s:settimeouts(1000, 1000, 40)
    read_result = { s:receive() }
    read_result.ms = (uv.hrtime() - started) / 1e6
  end)()
  coroutine.wrap(function()
    s:settimeouts(1000, 400, 40) -- the read timeout stays 40: settimeouts sets the socket's three
    local big = ("y"):rep(1024 * 1024)
    local ok, err
    repeat ok, err = s:send(big) until not ok -- until the kernel's buffers are full and the send times out
    write_result = { ok, err, ms = (uv.hrtime() - started) / 1e6 }
    guard:close()
    s:close()
    release()
    server:close()
  end)()
  uv.run()
  expect_list({ read_result[1], read_result[2] }, { nil, "timeout" })
  expect_true(read_result.ms < 300, "the read timed out after its own 40 ms, not the send's: " .. read_result.ms)
  expect_list({ write_result[1], write_result[2] }, { nil, "timeout" })
end

-- large data both ways: a 4 MiB body sent at once arrives whole, nothing lost
do
  local body = ("0123456789"):rep(400 * 1024)
  local server, port = serve(function(sock)
    local data = sock:receive(#body)
    sock:send(tostring(#data) .. ":" .. (data == body and "same" or "different") .. "\n")
    sock:send(data)
  end)
  local s = net.tcp()
  s:connect("127.0.0.1", port)
  expect_eq(s:send(body), #body)
  expect_eq(s:receive(), #body .. ":same")
  expect_eq(s:receive(#body) == body, true)
  s:close()
  server:close()
  uv.run()
end

-- half-close: shutdown("send") lets a peer that reads to the end of the stream see it after what was sent, and
-- this side reads the answer; a send after it is "closed"; only "send" is a direction (as OpenResty's)
do
  local server, port = serve(function(sock)
    local all = sock:receive("*a")
    sock:send("got " .. #all .. ": " .. all)
  end)
  local s = net.tcp()
  s:settimeout(5000) -- (a shutdown that did nothing would leave both reads waiting: a timeout, not a hang)
  s:connect("127.0.0.1", port)
  s:send("part one, ")
  s:send({ "part ", "two" })
  expect_eq(s:shutdown("send"), 1)
  expect_eq(s:shutdown("send"), 1, "a second shutdown")
  expect_list({ s:send("late") }, { nil, "closed" })
  expect_eq(s:receive("*a"), "got 18: part one, part two")
  expect_error(function() s:shutdown("both") end, "bad argument #1 to 'shutdown' (\"send\" expected, got \"both\")")
  s:close()
  expect_list({ s:shutdown("send") }, { nil, "closed" })
  server:close()
  uv.run()
end

-- the receive limit: a line longer than it is an error, not unbounded memory
do
  local saved = net.receive_limit
  net.receive_limit = 64 * 1024
  local server, port = serve(function(sock)
    sock:send(("x"):rep(200 * 1024))
    sock:receive()
  end)
  local s = net.tcp()
  s:connect("127.0.0.1", port)
  expect_list({ s:receive() }, { nil, "line too long" })
  net.receive_limit = saved
  server:close()
  uv.run()
end

-- the connection pool: setkeepalive puts the connection back, connect takes it again
do
  local accepted = 0
  local server, port = serve(function(sock)
    accepted = accepted + 1
    while true do
      local line = sock:receive()
      if not line then return end
      sock:send(line .. "\n")
    end
  end)
  local s = net.tcp()
  s:connect("127.0.0.1", port)
  expect_eq(s:getreusedtimes(), 0)
  s:send("a\n")
  expect_eq(s:receive(), "a")
  expect_eq(s:setkeepalive(1000, 10), 1)
  expect_list({ s:send("x") }, { nil, "closed" }, 2, "after setkeepalive the object is closed")
  local s2 = net.tcp()
  s2:connect("127.0.0.1", port)
  expect_eq(s2:getreusedtimes(), 1)
  s2:send("b\n")
  expect_eq(s2:receive(), "b")
  expect_eq(accepted, 1, "one connection served both")
  expect_eq(s2:setoption("keepalive", true), 1)
  expect_eq(s2:setoption("tcp-nodelay", true), 1)
  local ip, pport = s2:getpeername()
  expect_eq(ip, "127.0.0.1")
  expect_eq(pport, port)
  s2:close()
  server:close()
  uv.run()
end

-- a handler's error closes its connection and surfaces through the loop's run; the server goes on
do
  local server, port = serve(function(sock)
    local line = sock:receive()
    if line == "boom" then error("handler failed on purpose") end
    sock:send("fine\n")
  end)
  local c1 = net.tcp()
  coroutine.wrap(function()
    c1:connect("127.0.0.1", port)
    c1:send("boom\n")
    local r, err = c1:receive()
    expect_eq(r, nil)
    expect_eq(err, "closed")
  end)()
  local ok, err = pcall(uv.run)
  expect_false(ok)
  expect_true(tostring(err):find("handler failed on purpose", 1, true) ~= nil, err)
  local c2 = net.tcp()
  c2:connect("127.0.0.1", port)
  c2:send("ok\n")
  expect_eq(c2:receive(), "fine", "the server still serves")
  c2:close()
  c1:close()
  server:close()
  uv.run()
end

-- a connection limit: past it a connection is closed at once; a handler's end (its return, or its error) frees
-- its place
do
  local server, port = serve(function(sock)
    local line = sock:receive()
    if line == "boom" then error("handler failed on purpose") end
    sock:send(line .. "!\n")
  end, { limit = 1 })
  local results = {}
  local function client(line)
    local c = net.tcp()
    assert(c:connect("127.0.0.1", port))
    c:send(line .. "\n")
    local r, err = c:receive()
    c:close()
    return r or err
  end
  coroutine.wrap(function()
    local first = net.tcp()
    assert(first:connect("127.0.0.1", port))
    results[1] = client("second") -- while the first holds the only place
    first:send("first\n")
    results[2] = first:receive()
    first:close()
    results[3] = client("third") -- the first handler returned
    local failing = net.tcp()
    assert(failing:connect("127.0.0.1", port))
    failing:send("boom\n")
    results[4] = select(2, failing:receive())
    failing:close()
    results[5] = client("fifth") -- the failed handler's place is free too
    server:close()
  end)()
  local errors = 0
  while not pcall(uv.run) do errors = errors + 1 end -- (the loop goes on after a handler's error)
  expect_eq(errors, 1, "the handler's error")
  expect_list(results, { "closed", "first!", "third!", "closed", "fifth!" })
end

-- a reader resumed by anyone else than its socket's events goes on waiting, its read unchanged (the handler's
-- coroutine is its body itself: it waits without a continuation, and such a resume makes its read again)
do
  local handler_co, got = nil, {}
  local server, port = serve(function(sock)
    handler_co = coroutine.running()
    for i = 1, 2 do got[i] = sock:receive() end
    sock:send("done\n")
  end)
  local c = net.tcp()
  coroutine.wrap(function()
    c:connect("127.0.0.1", port)
    local t = uv.new_timer()
    t:start(20, 0, function()
      t:close()
      expect_eq(coroutine.status(handler_co), "suspended")
      expect_true(coroutine.resume(handler_co, "not", "data"))
      expect_eq(coroutine.status(handler_co), "suspended", "still reading")
      c:send("one\ntwo\n")
    end)
    expect_eq(c:receive(), "done")
    c:close()
    server:close()
  end)()
  uv.run()
  expect_list(got, { "one", "two" })
end

-- an argument error in a handler's read is raised at the handler's line, and its connection is closed
do
  local line
  local server, port = serve(function(sock)
    line = debug.getinfo(1, "l").currentline + 1
    sock:receiveany(0)
  end)
  local c = net.tcp()
  local r
  coroutine.wrap(function()
    c:connect("127.0.0.1", port)
    r = { c:receive() }
    c:close()
    server:close()
  end)()
  local ok, err = pcall(uv.run)
  expect_false(ok)
  expect_true(tostring(err):find("test-net.lua:" .. line .. ": bad argument #1 to 'receiveany' (bad max argument)", 1, true) ~= nil, err)
  uv.run()
  expect_list(r, { nil, "closed", "" })
end

-- a blocking call from inside a loop callback is refused with a clear error
do
  local t = uv.new_timer()
  local msg
  t:start(0, 0, function()
    t:close()
    local ok, err = pcall(function() net.tcp():connect("127.0.0.1", 1) end)
    msg = err
  end)
  uv.run()
  expect_true(tostring(msg):find("cannot wait inside a loop callback", 1, true) ~= nil, msg)
end

-- Unix domain sockets: "unix:/path"
do
  local dir = assert(uv.fs_mkdtemp(uv.os_tmpdir() .. "/netunix-XXXXXX"))
  local path = dir .. "/s.sock"
  local server = assert(net.listen("unix:" .. path, nil, function(sock) sock:send(sock:receive() .. "!\n") end))
  local s = net.tcp()
  expect_eq(s:connect("unix:" .. path), 1)
  s:send("over unix\n")
  expect_eq(s:receive(), "over unix!")
  s:close()
  server:close()
  uv.run()
  uv.fs_rmdir(dir)
end

-- a thread's own Lua state uses its own loop: there a cosocket call blocks that thread, not this loop
do
  local ljuv = require("ljuv")
  local server, port = serve(function(sock)
    local line = sock:receive()
    if line then sock:send("main loop got " .. line .. "\n") end
  end)
  local result
  ljuv.loop:thread(function(p)
    local tnet = require("ljuv.net")
    local s = assert(tnet.tcp())
    assert(s:connect("127.0.0.1", p))
    s:send("from a thread\n")
    local answer = s:receive()
    s:close()
    return answer
  end, function(ok, answer)
    result = { ok, answer }
    server:close()
  end, port)
  uv.run()
  expect_list(result, { true, "main loop got from a thread" })
end
