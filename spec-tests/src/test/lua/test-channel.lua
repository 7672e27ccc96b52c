-- Channels: unbounded thread-safe FIFO of encoded messages.
local ljuv = require("ljuv")
local ch = ljuv.new_channel()

expect_eq(ch:count(), 0)
expect_eq(ch:try_pull(), false)
ch:push(1, nil, "three", nil)
ch:push()
ch:push({ a = { 1, 2 } }, true)
expect_eq(ch:count(), 3)
local function pack(...) return { n = select("#", ...), ... } end
local first = pack(ch:pull())
expect_eq(first.n, 4)
expect_list(first, { 1, nil, "three", nil }, 4)
expect_eq(ch:count(), 2)
local n = select("#", ch:try_pull())
expect_eq(n, 1, "an empty message: true and no values")
expect_eq(ch:count(), 1)
local ok, t, flag = ch:try_pull()
expect_true(ok)
expect_eq(t.a[2], 2)
expect_eq(flag, true)
expect_eq(ch:count(), 0)

-- a long string passed by reference inside a table that is written again from its start (its key 0)
local long0 = string.rep("z", 3000)
ch:push({ s = long0, t = { [0] = long0, long0, k = { [0] = long0 } } }, long0)
local t0, s0 = ch:pull()
expect_eq(t0.s, long0) expect_eq(t0.t[0], long0) expect_eq(t0.t[1], long0) expect_eq(t0.t.k[0], long0)
expect_eq(s0, long0)

-- long strings (decoded sharing the message's bytes) keep their place among the other values
local long1, long2 = string.rep("x", 5000), string.rep("\0y", 70000)
ch:push(long1, { long2, k = long1, [long2] = 2 }, "short", long2)
local l1, lt, short, l2 = ch:pull()
expect_eq(l1, long1)
expect_eq(lt[1], long2)
expect_eq(lt.k, long1)
expect_eq(lt[long2], 2)
expect_eq(short, "short")
expect_eq(l2, long2)

-- nils and the argument count survive
ch:push(nil, 2, nil)
local values = { n = select("#", ch:pull()) }
expect_eq(values.n, 3)

-- FIFO order
for i = 1, 100 do ch:push(i) end
for i = 1, 100 do expect_eq(ch:pull(), i) end

-- an encoding error raises in the pusher and enqueues nothing
expect_error(function() ch:push(1, print) end, "cannot serialize 'function'")
expect_error(function() ch:push(ch) end, "cannot serialize 'userdata'")
expect_eq(ch:count(), 0)

-- messages are copies
local original = { x = 1 }
ch:push(original)
local copy = ch:pull()
expect_true(copy ~= original)
expect_eq(copy.x, 1)

-- across threads: pull blocks until the producer pushes
local loop = ljuv.new_loop()
local to_worker, from_worker = ljuv.new_channel(), ljuv.new_channel()
loop:thread(function(inp, outp)
  local ljuv = require("ljuv")
  local input, output = ljuv.import(inp), ljuv.import(outp)
  while true do
    local v = input:pull()
    if v == nil then break end
    output:push(v * 2)
  end
  return "done"
end, function(ok, res) expect_true(ok, res); expect_eq(res, "done") end, ljuv.export(to_worker), ljuv.export(from_worker))
for i = 1, 1000 do to_worker:push(i) end
local sum = 0
for i = 1, 1000 do sum = sum + from_worker:pull() end
to_worker:push(nil)
loop:run()
expect_eq(sum, 1000 * 1001)

-- long strings go to another state without a copy of their bytes; what arrives is the same text, whether a
-- string is just below or at that length, a piece of a much longer string, a key, or a thread's argument and result
local buffer = require("string.buffer")
local huge = string.rep("0123456789", 100000)
local piece = huge:sub(11, 3010)
local lengths = {}
for _, n in ipairs({ 1023, 1024, 1025, 65536 }) do lengths[#lengths + 1] = string.rep("z", n - 1) .. n % 10 end
ch:push(piece, huge, lengths, { [huge] = piece })
local got_piece, got_huge, got_lengths, got_keyed = ch:pull()
expect_eq(got_piece, piece)
expect_eq(#got_piece, 3000)
expect_eq(got_huge, huge)
for i, s in ipairs(lengths) do expect_eq(got_lengths[i], s) end
expect_eq(got_keyed[huge], piece)
expect_error(function() buffer.decode("\31\0") end, "cannot deserialize tag 0x1f") -- (a message's tag, not a buffer's)
local echoed
loop:thread(function(s, t)
  return s .. "!", t[1], #s
end, function(ok, s, first, n)
  expect_true(ok, s)
  echoed = { s, first, n }
end, huge, { piece })
loop:run()
expect_eq(echoed[1], huge .. "!")
expect_eq(echoed[2], piece)
expect_eq(echoed[3], #huge)
