-- luv TCP handles on real loopback sockets: listen/accept, read/write, EOF, shutdown, errors, back-pressure.
local uv = require("luv")

-- a slow reader: stops reading on peer for ms milliseconds, then reads on with reader
local function pause_reading(peer, reader, ms)
  peer:read_stop()
  local t = uv.new_timer()
  t:start(ms, 0, function() t:close() peer:read_start(reader) end)
end

-- a server that echoes, and calls on_conn with each accepted client
local function echo_server(on_conn)
  local server = uv.new_tcp()
  expect_eq(server:bind("127.0.0.1", 0), 0)
  expect_eq(server:listen(64, function(err)
    expect_eq(err, nil)
    local client = uv.new_tcp()
    expect_eq(server:accept(client), 0)
    if on_conn then on_conn(client) end
    client:read_start(function(read_err, data)
      if read_err or not data then client:close() return end
      client:write(data)
    end)
  end), 0)
  local addr = server:getsockname()
  expect_eq(addr.ip, "127.0.0.1")
  expect_eq(addr.family, "inet")
  expect_true(addr.port > 0)
  return server, addr.port
end

-- a round trip; sockname/peername; the write and connect callbacks; EOF after the peer's shutdown
do
  local server, port = echo_server()
  local client = uv.new_tcp()
  local events = {}
  local req = client:connect("127.0.0.1", port, function(err)
    expect_eq(err, nil)
    events[#events + 1] = "connected"
    local peer = client:getpeername()
    expect_eq(peer.port, port)
    expect_eq(peer.ip, "127.0.0.1")
    expect_true(client:getsockname().port > 0)
    local received = {}
    client:read_start(function(read_err, data)
      expect_eq(read_err, nil)
      if data then
        received[#received + 1] = data
        if table.concat(received) == "hello, world" then
          client:shutdown(function(serr)
            expect_eq(serr, nil)
            events[#events + 1] = "shutdown"
          end)
        end
      else
        events[#events + 1] = "eof:" .. table.concat(received)
        expect_false(client:is_active(), "a stream is inactive once its end of input was read (libuv)")
        client:close()
        server:close()
      end
    end)
    expect_true(client:write("hello, ", function(werr)
      expect_eq(werr, nil)
      events[#events + 1] = "written"
    end) ~= nil)
    client:write({ "wor", "ld" }) -- a table of strings is one write
  end)
  expect_true(tostring(req):match("^uv_connect_t") ~= nil, tostring(req))
  expect_eq(uv.req_get_type(req), "connect")
  expect_eq(events[1], nil, "the connect callback never runs inside connect")
  uv.run()
  expect_list(events, { "connected", "written", "shutdown", "eof:hello, world" })
end

-- errors: a refused connection; an address in use (reported by listen, as libuv's); bad addresses;
-- a closed handle; unconnected handles
do
  local probe = uv.new_tcp()
  probe:bind("127.0.0.1", 0)
  local free_port = probe:getsockname().port
  probe:close()
  uv.run("nowait") -- (Java's NIO closes a listening socket's descriptor at the next poll)
  local c = uv.new_tcp()
  local refused
  c:connect("127.0.0.1", free_port, function(err) refused = err c:close() end)
  uv.run()
  expect_eq(refused, "ECONNREFUSED")

  local server, port = echo_server()
  local other = uv.new_tcp()
  expect_eq(other:bind("127.0.0.1", port), 0)
  expect_list({ other:listen(8, function() end) }, { nil, "EADDRINUSE: address already in use", "EADDRINUSE" })
  other:close()
  server:close()

  local bad = uv.new_tcp()
  expect_error(function() bad:bind("localhost", 0) end, "Invalid IP address or port [localhost:0]")
  expect_error(function() bad:connect("not an ip", 80, function() end) end, "Invalid IP address or port [not an ip:80]")
  expect_list({ bad:getpeername() }, { nil, "EBADF: bad file descriptor", "EBADF" }, 3, "no socket yet")
  expect_list({ bad:read_start(function() end) }, { nil, "ENOTCONN: socket is not connected", "ENOTCONN" })
  expect_list({ bad:write("x") }, { nil, "EBADF: bad file descriptor", "EBADF" })
  expect_list({ bad:accept(uv.new_tcp()) }, { nil, "EAGAIN: resource temporarily unavailable", "EAGAIN" })
  bad:close()
  expect_list({ bad:write("x") }, { nil, "EBADF: bad file descriptor", "EBADF" })
  expect_error(function() uv.write(uv.new_tcp(), true) end, "bad argument #2 to 'write' (data must be string or table of strings, got boolean)")
  expect_error(function() uv.write(uv.new_tcp(), { "a", 1, false }) end, "expected table of strings, found boolean in the table")
  expect_error(function() uv.read_start(uv.new_timer(), function() end) end, "bad argument #1 to 'read_start' (Expected uv_stream userdata)")
  expect_error(function() uv.tcp_bind(uv.new_tcp(), "127.0.0.1") end, "bad argument #3 to 'tcp_bind' (number expected, got no value)")
  uv.run()
end

-- connections not accepted: as libuv, one waits for accept (a single connection callback until it is accepted), the
-- next in the kernel's backlog of the size listen gave (with 1, the other connects wait for the handshake), not
-- all in memory; each accept lets the next one come
do
  local server = uv.new_tcp()
  server:bind("127.0.0.1", 0)
  local port = server:getsockname().port
  local calls = 0
  expect_eq(server:listen(1, function(err) calls = calls + 1 end), 0)
  local clients, connected = {}, 0
  for i = 1, 6 do
    clients[i] = uv.new_tcp()
    clients[i]:connect("127.0.0.1", port, function(err) if not err then connected = connected + 1 end end)
  end
  local t = uv.new_timer()
  local before, accepted
  t:start(300, 0, function()
    before, accepted = calls, 0
    for _ = 1, 6 do
      local c = uv.new_tcp()
      if server:accept(c) == 0 then accepted = accepted + 1 end
      c:close()
    end
    t:start(200, 0, function()
      for _, c in ipairs(clients) do c:close() end
      server:close()
      t:close()
    end)
  end)
  uv.run()
  expect_eq(before, 1, "one connection callback while the connection waits")
  expect_eq(accepted, 1, "one connection to accept at a time")
  expect_eq(calls, 2, "the next one once it was accepted")
  expect_true(connected >= 2 and connected < 6, "the backlog of 1 holds the others back: " .. connected)
end

-- many connections at once, each echoing several messages in order
do
  local server, port = echo_server()
  local done, N, M = 0, 20, 10
  for i = 1, N do
    local c = uv.new_tcp()
    c:connect("127.0.0.1", port, function(err)
      expect_eq(err, nil)
      local expected, got = {}, {}
      for j = 1, M do expected[j] = ("%d.%d;"):format(i, j) end
      local want = table.concat(expected)
      c:read_start(function(rerr, data)
        expect_eq(rerr, nil)
        got[#got + 1] = data
        if #table.concat(got) == #want then
          expect_eq(table.concat(got), want)
          c:close()
          done = done + 1
          if done == N then server:close() end
        end
      end)
      for j = 1, M do c:write(expected[j]) end
    end)
  end
  uv.run()
  expect_eq(done, N)
end

-- a slow reader: 8 MiB written at once is queued, not lost (the queue size says how much waits);
-- read_stop/read_start in the middle lose nothing
do
  local server = uv.new_tcp()
  server:bind("127.0.0.1", 0)
  local total = 8 * 1024 * 1024
  local chunk = ("0123456789abcdef"):rep(4096) -- 64 KiB
  local received, paused, intact = 0, false, true
  server:listen(8, function()
    local peer = uv.new_tcp()
    server:accept(peer)
    local function reader(err, data)
      expect_eq(err, nil)
      if not data then peer:close() server:close() return end
      local off = received % 16 -- every byte where the repeated pattern puts it: nothing lost or reordered
      local last = (received + #data - 1) % 16
      intact = intact and data:sub(1, 1) == chunk:sub(off + 1, off + 1) and data:sub(-1) == chunk:sub(last + 1, last + 1)
      received = received + #data
      if not paused and received > total / 2 then
        paused = true
        pause_reading(peer, reader, 20)
      end
    end
    peer:read_start(reader)
  end)
  local writer = uv.new_tcp()
  local queued, write_cbs
  writer:connect("127.0.0.1", server:getsockname().port, function(err)
    expect_eq(err, nil)
    write_cbs = 0
    for _ = 1, total / #chunk do
      writer:write(chunk, function(werr) expect_eq(werr, nil) write_cbs = write_cbs + 1 end)
    end
    queued = writer:get_write_queue_size()
    writer:shutdown(function() writer:close() end)
  end)
  uv.run()
  expect_true(queued > 0, "a fast writer's data waits in the queue")
  expect_eq(write_cbs, total / #chunk)
  expect_eq(received, total)
  expect_true(intact, "the bytes arrived in order")
end

-- strings (sent at once while nothing waits), tables of strings and try_write, mixed, to a reader that pauses:
-- every byte arrives once and in the order of the calls, whichever way each write went. Writes go on from the
-- reader's callbacks, when the socket has just been drained but the queue may not be empty yet.
do
  local server = uv.new_tcp()
  server:bind("127.0.0.1", 0)
  local writer = uv.new_tcp()
  local sent, got, cbs, calls, i = {}, {}, 0, 0, 0
  local function write_next()
    i = i + 1
    local piece = string.format("<%06d>", i):rep(i % 7 == 0 and 9000 or (i % 3) * 50 + 1)
    if i % 5 == 0 then
      local parts = {piece, "|", piece}
      sent[#sent + 1] = table.concat(parts)
      calls = calls + 1
      writer:write(parts, function(werr) expect_eq(werr, nil) cbs = cbs + 1 end)
    elseif i % 11 == 0 and writer:get_write_queue_size() == 0 then
      local n = writer:try_write(piece)
      if type(n) == "number" then sent[#sent + 1] = piece:sub(1, n) end
    else
      sent[#sent + 1] = piece
      calls = calls + 1
      writer:write(piece, function(werr) expect_eq(werr, nil) cbs = cbs + 1 end)
    end
  end
  local paused = false
  server:listen(8, function()
    local peer = uv.new_tcp()
    server:accept(peer)
    local size = 0
    local function reader(err, data)
      expect_eq(err, nil)
      if not data then peer:close() server:close() return end
      got[#got + 1] = data
      size = size + #data
      if i < 3000 then
        write_next()
        if i == 3000 then writer:shutdown(function() writer:close() end) end
      end
      if not paused and size > 1024 * 1024 then
        paused = true
        pause_reading(peer, reader, 30)
      end
    end
    peer:read_start(reader)
  end)
  writer:connect("127.0.0.1", server:getsockname().port, function(err)
    expect_eq(err, nil)
    while writer:get_write_queue_size() == 0 do write_next() end -- until the socket is full
    -- try_write never writes past queued bytes
    expect_list({ writer:try_write("x") }, { nil, "EAGAIN: resource temporarily unavailable", "EAGAIN" })
  end)
  uv.run()
  expect_eq(i, 3000)
  expect_eq(cbs, calls, "every write's callback ran")
  local expected, arrived = table.concat(sent), table.concat(got)
  expect_eq(#arrived, #expected)
  expect_true(arrived == expected, "the bytes arrived in the order of the calls")
end

-- closing a handle with writes still queued cancels them: their callbacks get ECANCELED
do
  local server = uv.new_tcp()
  server:bind("127.0.0.1", 0)
  local held
  server:listen(8, function() held = uv.new_tcp() server:accept(held) end) -- never reads
  local c = uv.new_tcp()
  local results = {}
  c:connect("127.0.0.1", server:getsockname().port, function()
    local big = ("x"):rep(1024 * 1024)
    for i = 1, 32 do c:write(big, function(err) results[#results + 1] = err or "ok" end) end
    local t = uv.new_timer()
    t:start(20, 0, function()
      t:close()
      c:close()
      held:close()
      server:close()
    end)
  end)
  uv.run()
  expect_eq(#results, 32, "every write's callback ran")
  expect_eq(results[#results], "ECANCELED")
end

-- the peer resets the connection (close_reset): the reader gets ECONNRESET, then can close
do
  local server = uv.new_tcp()
  server:bind("127.0.0.1", 0)
  server:listen(8, function()
    local peer = uv.new_tcp()
    server:accept(peer)
    peer:read_start(function(err, data)
      if data then peer:close_reset() end
    end)
  end)
  local c = uv.new_tcp()
  local seen
  c:connect("127.0.0.1", server:getsockname().port, function()
    c:read_start(function(err, data)
      seen = err or (data and "data") or "eof"
      c:close()
      server:close()
    end)
    c:write("reset me")
  end)
  uv.run()
  expect_eq(seen, "ECONNRESET")
end

-- as libuv: no reset once a shutdown was asked for (EINVAL, the shutdown goes on), and a stream being closed by a
-- reset cannot be shut down (ENOTCONN), nor can one that never connected
do
  local server = uv.new_tcp()
  server:bind("127.0.0.1", 0)
  local ended = 0
  server:listen(8, function()
    local peer = uv.new_tcp()
    server:accept(peer)
    peer:read_start(function(err, data)
      if not data then
        peer:close()
        ended = ended + 1
        if ended == 2 then server:close() end
      end
    end)
  end)
  local shut, reset, idle = uv.new_tcp(), uv.new_tcp(), uv.new_tcp()
  expect_list({ uv.shutdown(idle) }, { nil, "ENOTCONN: socket is not connected", "ENOTCONN" })
  idle:close()
  local results = {}
  shut:connect("127.0.0.1", server:getsockname().port, function(err)
    expect_eq(err, nil)
    shut:shutdown(function(shut_err)
      results.shutdown = shut_err or "done"
      shut:close()
    end)
    results.reset_after_shutdown = select(3, shut:close_reset())
  end)
  reset:connect("127.0.0.1", server:getsockname().port, function(err)
    expect_eq(err, nil)
    reset:close_reset(function()
      results.shutdown_after_reset = select(3, uv.shutdown(reset))
    end)
  end)
  uv.run()
  expect_eq(results.reset_after_shutdown, "EINVAL")
  expect_eq(results.shutdown, "done")
  expect_eq(results.shutdown_after_reset, "ENOTCONN")
end

-- try_write, nodelay, keepalive, fileno, buffer sizes, types, is_readable/is_writable
do
  local server, port = echo_server()
  local c = uv.new_tcp()
  expect_eq(c:nodelay(true), 0)
  expect_eq(c:keepalive(true, 10), 0)
  local echoed
  c:connect("127.0.0.1", port, function()
    expect_true(c:is_readable() and c:is_writable())
    local fd = c:fileno() -- (nil and EBADF on Java's NIO, which keeps descriptors to itself)
    expect_true(fd == nil or fd >= 0)
    expect_true(c:send_buffer_size() > 0)
    expect_true(c:recv_buffer_size() > 0)
    expect_eq(c:try_write("abc"), 3)
    c:read_start(function(_, data)
      echoed = data
      c:close()
      server:close()
    end)
  end)
  expect_list({ c:get_type() }, { "tcp", 12 })
  uv.run()
  expect_eq(echoed, "abc")
end

-- a server closed in its connection callback, the connection not accepted (luv's own test-tcp does this): the
-- waiting connection is dropped, and the client's connect, shutdown and close callbacks all run
do
  local server = uv.new_tcp()
  expect_eq(server:bind("127.0.0.1", 0), 0)
  local events = {}
  expect_eq(server:listen(8, function(err)
    expect_eq(err, nil)
    events[#events + 1] = "connection"
    server:close()
  end), 0)
  local client = uv.new_tcp()
  client:connect("127.0.0.1", server:getsockname().port, function(err)
    expect_eq(err, nil)
    events[#events + 1] = "connected"
    client:shutdown(function(shut_err)
      expect_eq(shut_err, nil)
      events[#events + 1] = "shut down"
      client:close(function() events[#events + 1] = "closed" end)
    end)
  end)
  uv.run()
  table.sort(events) -- (the connection and the connect callback come in either order)
  expect_list(events, { "closed", "connected", "connection", "shut down" })
end
