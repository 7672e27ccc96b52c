-- mime.core (LuaSocket's C half of its MIME module; this runtime's is Lua: mime_core.lua) answers as LuaSocket 3.1's.
-- Recorded with luajit and Debian's lua-socket 3.1: luajit luasocket_mime.lua > luasocket_mime.luajit.out
package.cpath = package.cpath .. ";/usr/lib/x86_64-linux-gnu/lua/5.1/?.so" -- (where Debian puts mime/core.so)
local mime = require "mime.core"
local function show(...) local t = {} for i = 1, select("#", ...) do local v = select(i, ...) t[#t+1] = type(v) == "string" and string.format("%q", v) or tostring(v) end return table.concat(t, ", ") end
-- hand-picked cases: each function, its arguments (as many as it takes, nil among them) and its answers
for _, f in ipairs{
  { "b64", 2, { {}, {""}, {"", nil}, {"a"}, {"ab"}, {"abc"}, {"abcd"}, {"ab", ""}, {"ab", "c"}, {"a", "bcdef"}, {nil, "x"} } },
  { "unb64", 2, { {"YWJj"}, {"YWJ"}, {"YW", "Jj"}, {"YWJjZA=="}, {"YWJjZA="}, {"Y W\r\nJj"}, {"YWJjZA==", ""}, {""}, {"", nil}, {"!!"}, {"YWJjZ", nil}, {"YWJjZ", "A"} } },
  { "qp", 3, { {"abc"}, {"a=b"}, {"a b \r\nc"}, {"tab\t\r\nx"}, {"é"}, {"x "}, {"x ", ""}, {"x ", "y"}, {"a\r"}, {"a\r", "\n"}, {"a\nb"}, {"", nil}, {"line\r\n", nil, "\n"} } },
  { "unqp", 2, { {"a=3Db"}, {"a=\r\nb"}, {"a=3"}, {"a=3", "Db"}, {"=4a=4A"}, {"x=\n"}, {"a  \r\nb"}, {"bad=zz"}, {"", nil} } },
  { "wrp", 3, { {76, string.rep("A", 100)}, {10, "abcdefghijklmnop", 5}, {3, "abcdef", 4}, {76, nil}, {5, nil, 76}, {76, "ab\r\ncd"}, {4, "ab\ncd", 4} } },
  { "qpwrp", 3, { {76, string.rep("A", 80) .. "=3D" .. string.rep("b", 80)}, {10, "abc=3Ddefghijk", 10}, {76, nil}, {10, "ab\r\ncdefghijklmn", 8}, {5, "=3D=3D=3D", 6} } },
  { "eol", 3, { {0, "a\nb"}, {0, "a\r\nb"}, {0, "a\n\rb"}, {0, "a\r"}, {13, "\nb"}, {0, "a\rb", "\n"}, {0, nil}, {0, "x\n\n"}, {10, "\r"} } },
  { "dot", 2, { {2, ".a"}, {0, "a\r\n.b"}, {0, "a\r\n..b"}, {1, "\n.x"}, {0, nil}, {2, nil}, {0, "\r\n.\r\n"} } },
} do
  local name, n = f[1], f[2]
  for _, c in ipairs(f[3]) do
    print(name, show(unpack(c, 1, n)), "->", show(mime[name](unpack(c, 1, n))))
  end
end

-- random inputs, cut into random chunks, through each function as an LTN12 filter runs it
local seed = 12345
local function rnd(n) seed = (seed * 1103515245 + 12345) % 2147483648 return seed % n end
local specials = { 13, 10, 32, 9, 61, 46, 200, 0, 65, 97, 51, 68 }
local function randstr(len)
  local t = {}
  for i = 1, len do
    if rnd(3) == 0 then t[i] = string.char(specials[rnd(#specials) + 1]) else t[i] = string.char(rnd(256)) end
  end
  return table.concat(t)
end
-- a string of len characters drawn from those of alphabet
local function drawn(alphabet, len)
  local t = {}
  for i = 1, len do local k = rnd(#alphabet) + 1 t[i] = alphabet:sub(k, k) end
  return table.concat(t)
end
local function b64str(len) return drawn("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/= \r\n!", len) end
local function qpstr(len) return drawn("ab =3D=\r\n=0a=ZZ \t.x", len) end
local function chunks(s)
  local out, i = {}, 1
  while i <= #s do local n = rnd(7) + 1 out[#out + 1] = s:sub(i, i + n - 1) i = i + n end
  return out
end
local function hash(s) local h = 0 for i = 1, #s do h = (h * 31 + s:byte(i)) % 1000000007 end return h end
-- a filter as ltn12.filter.cycle runs it: low(ctx, chunk, extra) for each chunk, then low(ctx, nil, extra)
local function cycle(low, ctx, list, extra)
  local out = {}
  for _, c in ipairs(list) do
    local r
    r, ctx = low(ctx, c, extra)
    out[#out + 1] = r or ""
  end
  local r = low(ctx, nil, extra)
  out[#out + 1] = r or ""
  return table.concat(out)
end
for round = 1, 300 do
  local s = randstr(rnd(60))
  local list = chunks(s)
  local b = b64str(rnd(60))
  local q = qpstr(rnd(60))
  local line = {
    hash(cycle(mime.b64, "", list)),
    hash(cycle(mime.unb64, "", chunks(b))),
    hash(cycle(mime.qp, "", list)),
    hash(cycle(mime.qp, "", list, "\n")),
    hash(cycle(mime.unqp, "", chunks(q))),
    hash(cycle(mime.wrp, 76, list, 10)),
    hash(cycle(mime.qpwrp, 76, chunks(q), 7)),
    hash(cycle(mime.eol, 0, list)),
    hash(cycle(mime.eol, 0, list, "\n")),
    hash(cycle(mime.dot, 2, list)),
    select("#", mime.b64(s)), select("#", mime.unb64(b)),
  }
  print(round, table.concat(line, " "))
end
