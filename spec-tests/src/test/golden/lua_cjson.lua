-- cjson (lua-cjson 2.1.0's API; this runtime's is Java: CjsonLibrary) answers as lua-cjson 2.1.0 does: encoding, decoding,
-- the settings, their argument errors, and every parse error's message (OpenResty's additions: test-cjson.lua).
-- Recorded with luajit and Debian's lua-cjson 2.1.0: luajit lua_cjson.lua > lua_cjson.luajit.out
package.cpath = package.cpath .. ";/usr/lib/x86_64-linux-gnu/lua/5.1/?.so" -- (where Debian puts cjson.so)
local cjson = require "cjson"
local safe = require "cjson.safe"
local function show(...) local t = {} for i = 1, select("#", ...) do t[i] = tostring((select(i, ...))) end print(table.concat(t, " | ")) end
local function try(f, ...) show(pcall(f, ...)) end
show(cjson._NAME, cjson._VERSION, cjson.null, type(cjson.null), cjson.null == safe.null, cjson.new().null == cjson.null)
-- encode
for _, v in ipairs({ 1, -1, 0.1, 1/3, 1e15, 1e16, 2^53, -0.0, 123456789012345678, 1e-5, 1e-4, 3.14159265358979, 100, 1e300, 5e-324 }) do io.write(cjson.encode(v), " ") end print()
show(cjson.encode("a\"b\\c/d\b\f\n\r\t\0\1\31\127\128\255é"))
show(cjson.encode(true), cjson.encode(false), cjson.encode(cjson.null), cjson.encode({}), cjson.encode({1, 2, 3}), cjson.encode({1, nil, 3}))
show(cjson.encode({{}, {{}}, {a = {1}}}), cjson.encode({[1] = "a", [2] = "b", [4] = "d"}), cjson.encode({[2.5] = 1}), cjson.encode({[-1] = 1}), cjson.encode({[0] = 1}))
show(cjson.encode({x = 1}), cjson.encode({["1"] = 2}), cjson.encode({[3] = 1, [1] = 2}))
try(cjson.encode, {[1] = 1, [100] = 2})
try(cjson.encode, print)
try(cjson.encode, {[true] = 1})
try(cjson.encode, 0/0)
try(cjson.encode, 1/0)
try(cjson.encode, {f = coroutine.create(print)})
try(cjson.encode)
try(cjson.encode, 1, 2)
local deep = {} local cur = deep for i = 1, 1001 do cur[1] = {} cur = cur[1] end
try(cjson.encode, deep)
local cyc = {} cyc[1] = cyc
try(cjson.encode, cyc)
show(safe.encode(print))
show(safe.decode("[1,"))
show(safe.decode({}))
-- settings
show(cjson.encode_sparse_array())
show(cjson.encode_sparse_array(true))
show(cjson.encode({[100] = 2}))
show(cjson.encode_sparse_array("off", 3, 5))
try(cjson.encode_sparse_array, "maybe")
try(cjson.encode_sparse_array, nil, -1)
try(cjson.encode_sparse_array, nil, nil, nil, 4)
show(cjson.encode_number_precision(), cjson.encode_number_precision(3), cjson.encode(1/3), cjson.encode(12345))
try(cjson.encode_number_precision, "x")
cjson.encode_number_precision(14)
show(cjson.encode_invalid_numbers(), cjson.encode_invalid_numbers(true), cjson.encode(1/0), cjson.encode(-1/0), cjson.encode(0/0))
show(cjson.encode_invalid_numbers("null"), cjson.encode(1/0), cjson.encode({1/0}))
show(cjson.encode_invalid_numbers(false))
show(cjson.encode_max_depth(), cjson.encode_max_depth(2), pcall(cjson.encode, {{{}}}), cjson.encode({{}}))
show(cjson.decode_max_depth(), cjson.decode_max_depth(2), pcall(cjson.decode, "[[[1]]]"), pcall(cjson.decode, '{"a":{"b":{}}}'))
cjson.decode_max_depth(1000)
show(cjson.encode_keep_buffer(), cjson.encode_keep_buffer(false), cjson.encode_keep_buffer("on"))
-- decode
local function d(s) local ok, v = pcall(cjson.decode, s) if not ok then print("error: " .. v) return end
  if type(v) == "table" then local keys = {} for k, x in pairs(v) do keys[#keys + 1] = tostring(k) .. "=" .. (type(x) == "table" and "table" or tostring(x)) end table.sort(keys) print("table{" .. table.concat(keys, ",") .. "}")
  else print(type(v) .. ": " .. tostring(v)) end end
for _, s in ipairs({ '1', '-1.5e3', '"x"', 'true', 'false', 'null', '[]', '{}', '[1,2,[3]]', '{"a":1,"b":[null]}', ' \t\n [ 1 , 2 ] ',
  '"\\u00e9\\u20ac\\ud83d\\ude00\\n\\"\\/\\\\"', '"\\ud83d"', '"\\ude00"', '"\\u12"', '"\\x"', '"abc', '[1,]', '[1 2]', '{"a" 1}', '{1:2}', '{"a":1,}',
  '', '   ', 'nul', 'tru', '[', ']', '1 2', '01', '-01', '0x10', '+5', 'inf', '-inf', 'Infinity', 'nan', 'NaN', '-nan', '1e999', '.5', '1.', '-', '- 1', '1e', '1e+', '0x', '1.5.5',
  '0x1.8p3', '-0x.8', '0X1F', 'nan(abc)', '[nan(1)]', 'infinityx', '1e-400', '-0', '1E+2', '-.5', '0.5e', '2e3x',
  '"a\0b"', '[1]\0garbage', '\0', '"\1\2"', '{"a":1,"a":2}', '1E2', '123456789012345678901234567890' }) do
  io.write(string.format("%-12q -> ", s)) d(s) end
show(pcall(cjson.decode, "\0\1"))
show(pcall(cjson.decode))
show(pcall(cjson.decode, {}))
show(cjson.decode(12))
show(cjson.decode_invalid_numbers(), cjson.decode_invalid_numbers(false))
for _, s in ipairs({ '01', '0x10', '+5', 'inf', 'nan', '-inf', '1.5' }) do io.write(s, " -> ") d(s) end
show(cjson.decode("[null]")[1] == cjson.null, #cjson.decode("[1,null,3]"))
local t = cjson.decode('{"k":[1,2,{"n":null}]}') show(t.k[3].n == cjson.null, #t.k)
show(pcall(require("string.buffer").encode, cjson.null))
