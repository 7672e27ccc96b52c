-- string.buffer: LuaJIT's API, and its serialization format byte for byte (vectors made by LuaJIT 2.1).
local buffer = require("string.buffer")

local function hex(s) return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end)) end
local function unhex(h) return (h:gsub("..", function(x) return string.char(tonumber(x, 16)) end)) end

local function deep_eq(a, b, seen)
  if a == b then return true end
  if type(a) ~= "table" or type(b) ~= "table" then
    return type(a) == "number" and type(b) == "number" and a ~= a and b ~= b
  end
  for k, v in pairs(a) do if not deep_eq(v, b[k]) then return false end end
  for k in pairs(b) do if a[k] == nil then return false end end
  return true
end

-- every row of the shared vectors (recorded with LuaJIT; ../shared is beside the project in CI, and a clone
-- elsewhere runs the rest of this file without them, as the conformance cases are skipped there)
MT = {}
local path = SHARED_DIR .. "/vectors/string-buffer.tsv"
local f = io.open(path, "r")
local rows = 0
for line in f and f:lines() or function() end do
  local kind, name, expr, opts, h, msg = line:match("^(.-)\t(.-)\t(.-)\t(.-)\t(.-)\t(.-)$")
  if kind and kind ~= "kind" then
    rows = rows + 1
    local value = assert(loadstring("return " .. expr))()
    local options = opts ~= "-" and assert(loadstring("return " .. opts))() or nil
    local function enc(v)
      if options then return buffer.new(options):encode(v):get() end
      return buffer.encode(v)
    end
    local function dec(s)
      if options then return buffer.new(options):set(s):decode() end
      return buffer.decode(s)
    end
    if name == "metatable dict" then
      expect_eq(getmetatable(dec(unhex(h))), MT, name .. ": metatable restored from the dictionary")
    end
    if kind == "exact" then
      expect_eq(hex(enc(value)), h, name .. ": encoding")
      expect_true(deep_eq(dec(unhex(h)), value), name .. ": decoding")
    elseif kind == "decode" then
      expect_true(deep_eq(dec(unhex(h)), value), name .. ": decoding")
    elseif kind == "error" then
      local ok, err
      if h == "-" then ok, err = pcall(enc, value) else ok, err = pcall(buffer.decode, unhex(h)) end
      expect_false(ok, name .. ": expected an error")
      expect_true(tostring(err):find(msg, 1, true), name .. ": got " .. tostring(err))
    end
  end
end
if f then
  f:close()
  expect_eq(rows, 62)
end

-- round trips of what the vectors do not cover
local nested = { list = { 1, 2, { 3, { 4 } } }, map = { x = 1.5, y = "two", [true] = false }, [10] = "ten" }
expect_true(deep_eq(buffer.decode(buffer.encode(nested)), nested))
local big = {}
for i = 1, 1000 do big[i] = i % 7 == 0 and tostring(i) or i * 0.5 end
expect_true(deep_eq(buffer.decode(buffer.encode(big)), big))
expect_eq(buffer.decode(buffer.encode(string.rep("\0\255", 5000))), string.rep("\0\255", 5000))
local mt = { __index = { kind = "point" } }
local p = buffer.new({ metatable = { mt }, dict = { "x", "y" } })
local point = p:encode(setmetatable({ x = 1, y = 2 }, mt)):decode()
expect_eq(getmetatable(point), mt)
expect_eq(point.kind, "point")
expect_eq(point.x + point.y, 3)

-- every kind of hash entry comes back: many keys (colliding slots), number, string, table and boolean values,
-- entries set to nil after the fact, integer keys beyond the array part, a weak table
local wide = {}
for i = 1, 300 do
  wide["k" .. i] = i % 4 == 0 and i + 0.5 or i % 4 == 1 and ("v" .. i) or i % 4 == 2 and { i } or (i % 3 == 0)
end
for i = 1, 300, 7 do wide["k" .. i] = nil end
wide[1000], wide[-5], wide[2.5] = "far", "negative", "fraction"
local wide_back = buffer.decode(buffer.encode(wide))
expect_true(deep_eq(wide_back, wide))
expect_eq(wide_back.k4, 4.5)
expect_eq(wide_back.k8, nil)
expect_eq(wide_back.k7, false)
-- a table with key 0 is written again from its start (the key comes before the array part), also inside tables
-- whose entries are written as their hash part is walked
local outer = { name = "o", inner = { [0] = "zero", "one", x = { [0] = 0, y = 1, { z = 2 } } }, after = { 1, 2 } }
expect_true(deep_eq(buffer.decode(buffer.encode(outer)), outer))
local after_read = buffer.new()
after_read:put(string.rep("-", 5000)):skip(4000) -- content that does not start at the buffer's front
after_read:encode(outer)
expect_eq(after_read:get(1000), string.rep("-", 1000))
expect_true(deep_eq(after_read:decode(), outer))
local weak = setmetatable({ a = 1, b = "two" }, { __mode = "k" })
expect_true(deep_eq(buffer.decode(buffer.encode(weak)), { a = 1, b = "two" }))

-- buffer.encode (a scratch buffer, array parts read in place) gives the same bytes as a buffer's own encode, with
-- holes, slot 0, a weak array (its slots are read through the table), long strings as keys and values
local long1, long2 = string.rep("a", 4096), string.rep("b\0", 40000)
local holes = { 1.5, nil, 3, long1, [0] = "zero" }
holes[6] = { [long2] = long1, long2 }
local weak_array = setmetatable({ 1, 2.5, long2, nil, 5 }, { __mode = "v" })
for i, v in ipairs({ holes, weak_array, { long1, long2, long1, "short", 7 }, long2, { [0] = "zero", 1, 2, 3, 4, 5 },
    { [0] = 0, 1.5, 2.5, 3.5 } }) do
  local s = buffer.encode(v)
  expect_eq(s, buffer.new():encode(v):tostring(), "case " .. i)
  expect_true(deep_eq(buffer.decode(s), v), "case " .. i)
end

-- slot 0 (kept in LuaJ's hash part, found while the encoder walks it): LuaJIT's exact bytes
local function hex(s) return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end)) end
local weak_zero = setmetatable({}, { __mode = "k" })
weak_zero[1], weak_zero[2], weak_zero[0] = "a", "b", "z"
expect_eq(hex(buffer.encode({ [0] = "z" })), "0a01217a")
expect_eq(hex(buffer.encode({ [0] = "z", "a", "b" })), "0a03217a21612162")
expect_eq(hex(buffer.encode({ x = 1, [0] = 0, 1, 2 })),
  "0b030107000000000000000007000000000000f03f070000000000000040217807000000000000f03f")
expect_eq(hex(buffer.encode({ [-1] = 1, [0] = 0 })), "0b010107000000000000000007000000000000f0bf07000000000000f03f")
expect_eq(hex(buffer.encode(weak_zero)), "0a03217a21612162")

-- numbers in an array part (read and written in place): -0, NaN, infinities, integers past 2^31 and 2^53 survive
local edge = buffer.decode(buffer.encode({ -0.0, 0 / 0, math.huge, -math.huge, 2 ^ 31, -2 ^ 31 - 1, 2 ^ 53, 0.1, 7 }))
expect_eq(1 / edge[1], -math.huge, "-0 stays -0")
expect_true(edge[2] ~= edge[2], "NaN")
table.remove(edge, 2)
expect_list(edge, { -0.0, math.huge, -math.huge, 2 ^ 31, -2 ^ 31 - 1, 2 ^ 53, 0.1, 7 }, 8)
expect_eq(#edge, 8)

-- depth limit: 100 nested tables pass, 101 do not
local function nest(n) local t = {} local x = t for _ = 2, n do x[1] = {} x = x[1] end return t end
expect_true(pcall(buffer.encode, nest(100)))
expect_error(function() buffer.encode(nest(101)) end, "too deep to serialize")

-- decode errors: never a Java exception, and no absurd allocation for a forged length
expect_error(function() buffer.decode("\255\255\255\255\127") end, "unexpected end of buffer")
-- a key given twice (a string key and a number key; a key whose first value was nil is not set yet)
local one = buffer.encode(1)
expect_error(function() buffer.decode("\009\002\033a" .. one .. "\033a" .. one) end, "duplicate table key")
expect_error(function() buffer.decode("\009\002" .. one .. one .. one .. one) end, "duplicate table key")
expect_eq(buffer.decode("\009\002\033a\000\033a" .. one).a, 1)
expect_error(function() buffer.decode("\009\003\033a" .. one .. "\033b" .. one .. "\033a\000") end,
  "duplicate table key")
-- many string keys (buckets that chain several keys): every key found, the table usable as any other, and a key
-- given again after 300 others is still a duplicate
local many = {}
for i = 1, 300 do many["k" .. i] = i end
local back = buffer.decode(buffer.encode(many))
local count = 0
for k, v in pairs(back) do count = count + 1 expect_eq(v, tonumber(k:sub(2))) end
expect_eq(count, 300)
back.k7, back.k300, back.new = nil, nil, "n"
expect_eq(back.k8, 8) expect_eq(back.k7, nil) expect_eq(back.new, "n")
local pieces = { "\009\255\045\001\000\000" } -- 301 hash entries (the count in its 5-byte form)
for i = 1, 300 do pieces[#pieces + 1] = buffer.encode("k" .. i) .. one end
expect_error(function() buffer.decode(table.concat(pieces) .. buffer.encode("k150") .. one) end,
  "duplicate table key")
expect_eq(buffer.decode(table.concat(pieces) .. buffer.encode("k301") .. one).k301, 1)
expect_error(function() buffer.decode("\012\255\255\255\255\127") end, "table overflow") -- past LuaJIT's limits
expect_error(function() buffer.decode("\012\255\001\000\000\008") end, "unexpected end of buffer") -- 2^27+1: within
expect_error(function() buffer.decode("\012\255\002\000\000\008") end, "table overflow")
expect_error(function() buffer.decode("\009\255\000\000\000\004") end, "unexpected end of buffer") -- 2^26 keys
expect_error(function() buffer.decode("\009\255\001\000\000\004") end, "table overflow")
expect_error(function() buffer.decode("\009\002\000\007\000") end, "table index is nil")
-- a number key that is NaN is refused, another number key is the number; a string that reads as a number stays
-- a string key (as LuaJIT decodes them)
expect_error(function() buffer.decode("\009\001\007\000\000\000\000\000\000\248\127\002") end, "table index is NaN")
expect_eq(buffer.decode("\009\001\007\000\000\000\000\000\000\240\063\002")[1], true)
local numeric = buffer.decode(buffer.encode({ ["1"] = "s", ["0x10"] = "h", ["nan"] = "n" }))
expect_eq(numeric["1"], "s") expect_eq(numeric[1], nil) expect_eq(numeric["0x10"], "h") expect_eq(numeric[16], nil)
expect_eq(numeric.nan, "n")
expect_error(function() buffer.decode({}) end, "bad argument #1 to 'decode' (string expected, got table)")
expect_error(function() buffer.encode() end, "bad argument #1 to 'encode' (value expected)")
expect_error(function() buffer.encode(print) end, "cannot serialize 'function'")
expect_error(function() buffer.encode(buffer.new()) end, "cannot serialize 'userdata'")

-- the buffer object
local b = buffer.new()
expect_eq(b:put("a", 1, 2.5, -0.0, 1/0, 1e100):tostring(), "a12.5-0inf1e+100")
expect_eq(#b, 16)
expect_eq(tostring(b), "a12.5-0inf1e+100")
expect_eq(b:get(1), "a")
expect_list({ b:get(3, 2) }, { "12.", "5-" })
expect_eq(b:get(), "0inf1e+100")
expect_eq(b:get(), "")
expect_eq(b:reset(), b)
b:put(buffer.new():put("nested"), setmetatable({}, { __tostring = function() return "TS" end }))
expect_eq(b:tostring(), "nestedTS")
expect_eq(b:skip(6):tostring(), "TS")
expect_eq(b:skip(100):tostring(), "")
expect_eq(b:set("abc"):get(2), "ab")
expect_eq(b:put("d"):tostring(), "cd", "writing after set copies")
expect_eq(b:putf("%d-%s", 5, "x"):tostring(), "cd5-x")
expect_eq(buffer.new():put("ab") .. "c", "abc")
expect_eq("z" .. buffer.new():put("q"), "zq")
expect_eq(b:free(), b)
expect_eq(b:tostring(), "")
b:put("still usable")
expect_eq(b:tostring(), "still usable")
expect_eq(type(b), "userdata")

-- two and three pieces at once (one check for room when all are strings or integers): int edges, numbers that are no
-- integers, a buffer grown from one byte, a buffer writing after set; a bad piece stops after the ones before it
do
  local p = buffer.new()
  p:put("a", -2147483648, "b"):put("x", 2147483647, "y"):put("", 0, "")
  p:put("n", 12345678901, "m"):put("f", 0.5, "g"):put("h", -0.0, "i")
  expect_eq(p:tostring(), "a-2147483648bx2147483647y0n12345678901mf0.5gh-0i")
  local big, grown = string.rep("z", 100), buffer.new(1)
  for i = 1, 50 do grown:put(big, i, big) end
  expect_eq(#grown, 10091)
  expect_eq(grown:tostring():sub(-104, -98), "zz50zzz")
  local tight = buffer.new(1) -- room for one byte: each digit needs the room made for it
  for i = 1, 9 do tight:put("", i, "") end
  tight:put("", -2147483648, "")
  expect_eq(tight:tostring(), "123456789-2147483648")
  local tight2 = buffer.new(1) -- the same with two pieces
  for i = 1, 9 do tight2:put(i, "") end
  tight2:put("", -2147483648):put(0.5, "!")
  expect_eq(tight2:tostring(), "123456789-21474836480.5!")
  expect_eq(buffer.new():set("borrowed"):put("<", 7, ">"):tostring(), "borrowed<7>")
  local e = buffer.new()
  expect_error(function() e:put("a", {}, "b") end, "bad argument #2 to 'put' (string/number/__tostring expected, got table)")
  expect_eq(e:tostring(), "a", "the pieces before a bad one are in")
  expect_error(function() e:put("a", "b", e) end, "bad argument #3 to 'put' (cannot put buffer into itself)")
  expect_eq(e:tostring(), "aab")
end

-- decode leaves left-over data in the buffer; the stand-alone decode refuses it
local e = buffer.new():encode(1):encode("two"):encode({ 3 })
expect_eq(e:decode(), 1)
expect_eq(e:decode(), "two")
expect_eq(e:decode()[1], 3)
expect_eq(#e, 0)
expect_error(function() e:decode() end, "unexpected end of buffer")
expect_error(function() buffer.decode(buffer.encode(1) .. "x") end, "left-over data in buffer")

-- argument errors count self, as LuaJIT's do
expect_error(function() b:put({}) end, "bad argument #1 to 'put' (string/number/__tostring expected, got table)") -- self not counted, as LuaJIT
expect_error(function() b:put(true) end, "got boolean")
expect_error(function() b:put("x", b) end, "bad argument #2 to 'put' (cannot put buffer into itself)") -- self not counted, as LuaJIT
expect_error(function() b.put(1, "x") end, "bad argument #1 to 'put' (buffer expected, got number)")
expect_error(function() b.reset() end, "bad argument #1 to 'reset' (buffer expected, got no value)")
-- a bad self is named by the call site, as LuaJIT's: a method call's, or '?' for a call without a name
expect_error(function() local x = { put = b.put } x:put("a") end, "calling 'put' on bad self (buffer expected, got table)")
expect_list({ pcall(b.put) }, { false, "bad argument #1 to '?' (buffer expected, got no value)" })
expect_error(function() b:putf() end, "bad argument #1 to 'putf' (string expected, got no value)") -- self not counted
expect_error(function() b:putf("%d", "x") end, "bad argument #2 to 'putf' (number expected, got string)")
expect_error(function() b.putf(b, "%d", "x") end, "bad argument #3 to 'putf' (number expected, got string)") -- counted
expect_error(function() b:putf("%d %s", 1) end, "bad argument #3 to 'putf' (value expected)")
expect_error(function() b:skip("x") end, "bad argument #1 to 'skip' (number expected, got string)")
expect_error(function() b.skip(b, "x") end, "bad argument #2 to 'skip' (number expected, got string)")
expect_error(function() b:set(1) end, "bad argument #1 to 'set' (string expected, got number)") -- not coerced
expect_error(function() b:set(1, 2) end, "bad argument #1 to 'set' (string expected, got number)")
expect_error(function() b:putf("%y", 1) end, "invalid option '%y' to 'format'")
do -- putf formats as string.format does, even when a script replaced string.format
  local format = string.format
  string.format = function() return "replaced" end
  local ok, text = pcall(function() return buffer.new():putf("%05.1f|%s", 2.25, "x"):tostring() end)
  string.format = format
  expect_true(ok)
  expect_eq(text, "002.3|x") -- LuaJIT rounds ties away from zero
end
expect_error(function() b:get(-1) end, "bad argument #1 to 'get' (number out of range)") -- self not counted
expect_error(function() b:get("x") end, "bad argument #1 to 'get' (number expected, got string)")
expect_error(function() buffer.new("x") end, "bad argument #1 to 'new' (number expected, got string)")
expect_error(function() b:reserve(10) end, "not supported on the JVM")
expect_error(function() b:commit(1) end, "not supported on the JVM")
expect_error(function() b:ref() end, "not supported on the JVM")
expect_error(function() b:putcdata() end, "not supported on the JVM")

-- decode takes a string only: a number is refused, as by LuaJIT (it was read as the text of the number)
expect_error(function() buffer.decode(5) end, "bad argument #1 to 'decode' (string expected, got number)")
