-- mime.core: the C half of LuaSocket's MIME module (base64, quoted-printable, line wrapping, end-of-line and
-- SMTP dot stuffing, each a step of an LTN12 filter), so that LuaSocket's own Lua modules (mime, socket.http,
-- socket.smtp), where installed, run on this runtime's socket. Written from LuaSocket's manual; every function
-- answers as LuaSocket 3.1's does (spec-tests/src/test/golden/luasocket_mime.lua holds its answers).
--   A, B = b64(C [, D])          encoded prefix of C..D that is complete, and the bytes left (D nil: all, padded)
--   A, B = unb64(C [, D])        the same for decoding (characters outside the alphabet are skipped)
--   A, B = qp(C [, D, marker])   quoted-printable; canonical line breaks (CRLF) become marker
--   A, B = unqp(C [, D])
--   A, n = wrp(n, C [, length])  CRLF-wrapped text, n columns left on the current line
--   A, n = qpwrp(n, C [, length]) the same with soft line breaks ("=" CRLF), never inside an escape
--   A, ctx = eol(ctx, C [, marker])  every CR, LF, CRLF or LFCR becomes marker
--   A, n = dot(n, C)             SMTP's doubled dot at the start of a line
local byte, char, concat, format, band, rshift, lshift =
  string.byte, string.char, table.concat, string.format, bit.band, bit.rshift, bit.lshift

local M = { _VERSION = "MIME 1.0.3 (ljuv)" }

local CRLF = "\r\n"
local ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
local TO_B64, FROM_B64 = {}, {}
for i = 1, 64 do
  TO_B64[i - 1] = ALPHABET:sub(i, i)
  FROM_B64[byte(ALPHABET, i)] = i - 1
end
FROM_B64[byte("=")] = 0 -- (padding: counted as zero bits, the valid bytes told by its place)

local function nonempty(s)
  if s == "" then return nil end
  return s
end

-- the input of a step: C, and D after it when there is one
local function joined(c, d)
  if d == nil then return c end
  return c .. d
end

---- base64

local function encode(s, last)
  local out, n = {}, #s
  local whole = n - n % 3
  for i = 1, whole, 3 do
    local a, b, c = byte(s, i, i + 2)
    local v = a * 65536 + b * 256 + c
    out[#out + 1] = TO_B64[rshift(v, 18)] .. TO_B64[band(rshift(v, 12), 63)] .. TO_B64[band(rshift(v, 6), 63)]
      .. TO_B64[band(v, 63)]
  end
  local rest = n - whole
  if last and rest > 0 then
    local a, b = byte(s, whole + 1, n)
    local v = a * 65536 + (b or 0) * 256
    out[#out + 1] = TO_B64[rshift(v, 18)] .. TO_B64[band(rshift(v, 12), 63)]
      .. (rest == 2 and TO_B64[band(rshift(v, 6), 63)] or "=") .. "="
    rest = 0
  end
  return concat(out), s:sub(n - rest + 1)
end

function M.b64(c, d)
  if c == nil then return nil, nil end
  if d == nil then return nonempty((encode(c, true))), nil end
  return encode(joined(c, d), false)
end

function M.unb64(c, d)
  if c == nil then return nil, nil end
  local input, chars = joined(c, d), {}
  for i = 1, #input do
    local k = byte(input, i)
    if FROM_B64[k] then chars[#chars + 1] = k end
  end
  local out = {}
  local whole = #chars - #chars % 4
  for i = 1, whole, 4 do
    local a, b, x, y = chars[i], chars[i + 1], chars[i + 2], chars[i + 3]
    local v = lshift(FROM_B64[a], 18) + lshift(FROM_B64[b], 12) + lshift(FROM_B64[x], 6) + FROM_B64[y]
    local bytes = char(rshift(v, 16), band(rshift(v, 8), 255), band(v, 255))
    local valid = x == 61 and 1 or y == 61 and 2 or 3 -- ("=" is 61)
    out[#out + 1] = bytes:sub(1, valid)
  end
  if d == nil then return nonempty(concat(out)), nil end
  return concat(out), char(unpack(chars, whole + 1)) -- (the characters of an unfinished group: three at most)
end

---- quoted-printable

-- a byte's treatment: plain (as it is), quoted (=XX), "last" (a space or tab: quoted only before a line break),
-- "cr" (a line break when LF follows, else quoted)
local function class(k)
  if k == 32 or k == 9 then return "last" end
  if k == 13 then return "cr" end
  if k >= 33 and k <= 126 and k ~= 61 then return "plain" end
  return "quoted"
end

local function quote(k)
  return format("=%02X", k)
end

-- encodes the bytes of pending (a list, consumed from its front) as far as they are decided; what needs bytes
-- that have not come yet stays in pending
local function qp_step(pending, out, marker)
  while #pending > 0 do
    local k, kind = pending[1], class(pending[1])
    if kind == "cr" then
      if #pending < 2 then return end
      if pending[2] == 10 then
        out[#out + 1] = marker
        table.remove(pending, 1)
        table.remove(pending, 1)
      else
        out[#out + 1] = quote(k)
        table.remove(pending, 1)
      end
    elseif kind == "last" then
      if #pending < 3 then return end
      if pending[2] == 13 and pending[3] == 10 then
        out[#out + 1] = quote(k) .. marker
        for _ = 1, 3 do table.remove(pending, 1) end
      else
        out[#out + 1] = char(k)
        table.remove(pending, 1)
      end
    else
      out[#out + 1] = kind == "plain" and char(k) or quote(k)
      table.remove(pending, 1)
    end
  end
end

function M.qp(c, d, marker)
  if c == nil then return nil, nil end
  marker = marker or CRLF
  local input, pending, out = joined(c, d), {}, {}
  for i = 1, #input do
    pending[#pending + 1] = byte(input, i)
    qp_step(pending, out, marker)
  end
  if d == nil then -- the end: what waited for more is encoded as it is, then a soft line break
    for _, k in ipairs(pending) do out[#out + 1] = class(k) == "plain" and char(k) or quote(k) end
    if #pending > 0 then out[#out + 1] = "=" .. CRLF end
    return nonempty(concat(out)), nil
  end
  return concat(out), char(unpack(pending)) -- (what waits for more: three bytes at most)
end

local function hex(k)
  if k >= 48 and k <= 57 then return k - 48 end
  if k >= 65 and k <= 70 then return k - 55 end
  if k >= 97 and k <= 102 then return k - 87 end
  return nil
end

-- decodes from the front of pending as far as it can; an escape or CR waits for the bytes that decide it
local function unqp_step(pending, out)
  local k = pending[1]
  if k == 61 then -- "="
    if #pending < 3 then return false end
    local a, b = pending[2], pending[3]
    if not (a == 13 and b == 10) then -- (a soft line break is dropped)
      local x, y = hex(a), hex(b)
      out[#out + 1] = (x and y) and char(x * 16 + y) or char(61, a, b)
    end
    return true, 3
  elseif k == 13 then
    if #pending < 2 then return false end
    if pending[2] == 10 then out[#out + 1] = CRLF end
    return true, 2
  else
    if k == 9 or k >= 32 and k <= 126 then out[#out + 1] = char(k) end -- (other control bytes are dropped)
    return true, 1
  end
end

function M.unqp(c, d)
  if c == nil then return nil, nil end
  local input, pending, out = joined(c, d), {}, {}
  for i = 1, #input do
    pending[#pending + 1] = byte(input, i)
    local done, n = unqp_step(pending, out)
    if done then
      for _ = 1, n do table.remove(pending, 1) end
    end
  end
  if d == nil then return nonempty(concat(out)), nil end -- (an unfinished escape at the end is dropped)
  return concat(out), char(unpack(pending)) -- (what waits for more: three bytes at most)
end

---- line wrapping, end of line, dot stuffing

local function wrap(n, c, length, soft)
  length = tonumber(length) or 76
  n = tonumber(n) or length
  local brk = soft and "=" .. CRLF or CRLF
  if c == nil then
    if n < length then return brk, length end
    return nil, length
  end
  local out = {}
  for i = 1, #c do
    local k = byte(c, i)
    if k == 10 then
      out[#out + 1] = CRLF
      n = length
    elseif k ~= 13 then
      -- (a quoted-printable escape "=XX" is not cut: its "=" needs three columns)
      if n <= (soft and (k == 61 and 3 or 1) or 0) then
        out[#out + 1] = brk
        n = length
      end
      out[#out + 1] = char(k)
      n = n - 1
    end
  end
  return concat(out), n
end

function M.wrp(n, c, length)
  return wrap(n, c, length, false)
end

function M.qpwrp(n, c, length)
  return wrap(n, c, length, true)
end

function M.eol(ctx, c, marker)
  if c == nil then return nil, 0 end
  marker = marker or CRLF
  local last = tonumber(ctx) or 0
  local out = {}
  for i = 1, #c do
    local k = byte(c, i)
    if k == 13 or k == 10 then
      if last == 13 or last == 10 then -- the second byte of a pair (CRLF, LFCR) adds nothing; a repeat a line
        if k == last then out[#out + 1] = marker end
        last = 0
      else
        out[#out + 1] = marker
        last = k
      end
    else
      out[#out + 1] = char(k)
      last = 0
    end
  end
  return concat(out), last
end

-- n: how far the bytes before matched the start of a line (0 none, 1 after CR, 2 after CRLF)
function M.dot(n, c)
  if c == nil then return nil, 2 end
  local state = tonumber(n) or 0
  local out = {}
  for i = 1, #c do
    local k = byte(c, i)
    out[#out + 1] = char(k)
    if k == 13 then
      state = 1
    elseif k == 10 then
      state = state == 1 and 2 or 0
    else
      if k == 46 and state == 2 then out[#out + 1] = "." end
      state = 0
    end
  end
  return concat(out), state
end

return M
