-- lua-cjson (require "cjson", "cjson.safe"): what programs rely on beyond single answers (those are the golden
-- lua_cjson.lua's): round trips, settings per module table, nesting limits, large documents, cjson.null.
-- Passes on luajit with Debian's lua-cjson 2.1.0 too.
package.cpath = package.cpath .. ";/usr/lib/x86_64-linux-gnu/lua/5.1/?.so"
local cjson = require("cjson")
local safe = require("cjson.safe")

local function same(a, b, path)
  path = path or "value"
  expect_eq(type(a), type(b), path)
  if type(a) ~= "table" then
    expect_eq(a, b, path)
    return
  end
  for k, v in pairs(a) do same(v, b[k], path .. "." .. tostring(k)) end
  for k in pairs(b) do expect_true(a[k] ~= nil, path .. "." .. tostring(k) .. " only on one side") end
end

-- a document survives encode then decode
local doc = {
  name = "ljuv", version = 1.5, tags = { "lua", "jvm", "\u{e9}t\u{e9}" }, empty = {}, nested = { { { 1, 2 } } },
  flags = { on = true, off = false }, count = 12345678901234, small = -0.000125, quote = 'say "hi"\n\\',
  none = cjson.null, list = { 1, cjson.null, 3 },
}
local text = cjson.encode(doc)
expect_eq(type(text), "string")
local back = cjson.decode(text)
same(back, doc)
expect_eq(back.none, cjson.null)
expect_eq(back.list[2], cjson.null, "null keeps an array's place")
expect_eq(#back.list, 3)
same(cjson.decode(cjson.encode(back)), doc, "second trip")

-- each module table has its own settings; new() starts from the defaults
local other = cjson.new()
other.encode_number_precision(3)
expect_eq(other.encode(1 / 3), "0.333")
expect_eq(cjson.encode(1 / 3), "0.33333333333333", "the module's own precision unchanged")
expect_eq(cjson.new().encode_number_precision(), 14)
expect_eq(other.null, cjson.null, "one null for all")

-- cjson.safe answers nil and the message; its new() is safe too
expect_list({ safe.decode("{") }, { nil, "Expected object key string but found T_END at character 2" })
expect_list({ safe.new().encode(print) }, { nil, "Cannot serialise function: type not supported" })
expect_eq(safe.decode("[1]")[1], 1)
expect_error(function() safe.decode() end, "expected 1 argument")
expect_error(function() cjson.decode("[1,") end, "Expected value but found T_END at character 4")

-- nesting: 1000 levels by default, either way
local deep = string.rep("[", 1000) .. string.rep("]", 1000)
expect_eq(#cjson.encode(cjson.decode(deep)), 2000)
expect_error(function() cjson.decode("[" .. deep .. "]") end, "Found too many nested data structures (1001)")
local t = {}
for _ = 1, 1000 do t = { t } end
expect_error(function() cjson.encode(t) end, "Cannot serialise, excessive nesting (1001)")

-- a large document
local big = {}
for i = 1, 100000 do big[i] = { id = i, name = "item" .. i } end
local decoded = cjson.decode(cjson.encode(big))
expect_eq(#decoded, 100000)
expect_eq(decoded[99999].name, "item99999")

-- cjson.null is the NULL light userdata string.buffer decodes as well (LuaJIT has one)
local buffer = require("string.buffer")
expect_eq(buffer.decode(buffer.encode(cjson.null)), cjson.null)
expect_eq(buffer.decode("\3"), cjson.null)
expect_eq(type(cjson.null), "userdata")

-- so it crosses to another thread as itself, through a channel or a thread's arguments (with ljuv)
local has_ljuv, ljuv = pcall(require, "ljuv")
if has_ljuv then
  local ch = ljuv.new_channel()
  ch:push({ v = cjson.null })
  expect_eq(select(2, ch:try_pull()).v, cjson.null)
  local same_there
  ljuv.loop:thread(function(v) return v == require("cjson").null end, function(_, r) same_there = r end, cjson.null)
  ljuv.loop:run()
  expect_eq(same_there, true)
end

-- OpenResty's additions (its fork of lua-cjson, as its README and tests/agentzh.t give them; Debian's 2.1.0 has none)
if cjson.empty_array then
  local c = cjson.new()
  expect_eq(c.encode({ arr = c.empty_array }), '{"arr":[]}')
  expect_eq(c.empty_array, cjson.empty_array, "one empty_array for all")
  expect_eq(c.array_mt, cjson.array_mt, "one array_mt per state")
  expect_eq(c.encode(setmetatable({}, c.empty_array_mt)), "[]")
  expect_eq(c.encode(setmetatable({ "a", "b" }, c.empty_array_mt)), '["a","b"]')
  expect_eq(c.encode(setmetatable({}, c.array_mt)), "[]")
  local holes = setmetatable({ "one", "two", [4] = "three", foo = "bar" }, c.array_mt)
  expect_eq(c.encode(holes), '["one","two",null,"three"]', "array_mt: up to #t, other keys left out")
  local real = { "foo", "bar", "baz" }
  local proxy = setmetatable({}, { __len = function() return 3 end, __index = function(_, k) return real[k] end })
  expect_eq(c.encode(proxy), '["foo","bar","baz"]', "__len and __index: an array")
  expect_eq(c.encode_empty_table_as_object(), true)
  expect_eq(c.encode_empty_table_as_object(false), false)
  expect_eq(c.encode({ a = {} }), '{"a":[]}')
  expect_eq(c.encode_empty_table_as_object("on"), true)
  expect_eq(c.encode_escape_forward_slash(), true)
  expect_eq(c.encode("a/b"), '"a\\/b"')
  expect_eq(c.encode_escape_forward_slash(false), false)
  expect_eq(c.encode("a/b"), '"a/b"')
  expect_error(function() c.encode({ f = print }) end, "Cannot serialise function: type not supported")
  expect_eq(c.encode_skip_unsupported_value_types(true), true)
  expect_eq(c.encode({ f = print }), "{}", "a member of another type left out")
  expect_eq(c.encode({ 1, print, 3 }), "[1,3]", "an item of another type left out, its comma too")
  expect_eq(c.encode({ print, print }), "[]")
  expect_eq(c.decode_array_with_array_mt(), false)
  expect_eq(getmetatable(c.decode('{"a":[]}').a), nil)
  expect_eq(c.decode_array_with_array_mt(true), true)
  local t = c.decode('{"a":[],"b":[1]}')
  expect_eq(getmetatable(t.a), c.array_mt)
  expect_eq(getmetatable(t), nil, "objects stay plain")
  expect_eq(c.encode(t.a), "[]", "an empty array decoded and encoded again stays one")
  expect_eq(c.encode_number_precision(16), 16)
  expect_eq(c.encode(2 ^ 53), "9007199254740992")
  expect_error(function() c.encode_number_precision(17) end, "expected integer between 1 and 16")
  expect_eq(cjson.encode_escape_forward_slash(), true, "the module's own settings unchanged")
end
