-- luaossl's digest, hmac, kdf and rand (require "openssl.digest", ...): what protocol code builds from them, beyond
-- single answers (those are the golden luaossl.lua's): RFC 7677's SCRAM-SHA-256 exchange computed as a client
-- computes it (pgmoon's PostgreSQL login), interpose, random values' ranges, a certificate's digests (openssl.x509,
-- against openssl's own), and the modules in an ljuv thread.
-- Passes on luajit with Debian's lua-luaossl too (its thread part needs ljuv).
package.cpath = package.cpath .. ";/usr/lib/x86_64-linux-gnu/lua/5.1/?.so"
local digest, hmac, kdf, rand = require("openssl.digest"), require("openssl.hmac"), require("openssl.kdf"),
  require("openssl.rand")
local b64 = require("mime.core").b64
local unb64 = require("mime.core").unb64

local function xor(a, b)
  local out = {}
  for i = 1, #a do out[i] = string.char(bit.bxor(a:byte(i), b:byte(i))) end
  return table.concat(out)
end

-- SCRAM-SHA-256 as RFC 7677 computes it
do
  local password, nonce = "pencil", "rOprNGfwEbeRWgbNEkqO"
  local client_first_bare = "n=user,r=" .. nonce
  local server_first = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"
  local server_nonce, salt, iter = server_first:match("^r=([^,]+),s=([^,]+),i=(%d+)$")
  local salted = kdf.derive({ type = "PBKDF2", md = "sha256", pass = password, salt = (unb64(salt)),
    iter = tonumber(iter), outlen = 32 })
  local client_key = hmac.new(salted, "sha256"):final("Client Key")
  local stored_key = digest.new("sha256"):final(client_key)
  local without_proof = "c=biws,r=" .. server_nonce
  local auth_message = client_first_bare .. "," .. server_first .. "," .. without_proof
  local signature = hmac.new(stored_key, "sha256"):final(auth_message)
  expect_eq((b64(xor(client_key, signature))), "dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=", "client proof")
  local server_key = hmac.new(salted, "sha256"):final("Server Key")
  expect_eq((b64(hmac.new(server_key, "sha256"):final(auth_message))),
    "6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=", "server signature")
end

-- a digest or an HMAC fed in pieces is the digest of the whole
do
  local whole = ("0123456789abcdef"):rep(1000)
  for _, name in ipairs({ "md5", "sha1", "sha256", "sha512", "sha3-256" }) do
    local d, h = digest.new(name), hmac.new("key", name)
    for i = 1, #whole, 777 do
      d:update(whole:sub(i, i + 776))
      h:update(whole:sub(i, i + 776))
    end
    expect_eq(d:final(), digest.new(name):final(whole), name)
    expect_eq(h:final(), hmac.new("key", name):final(whole), "hmac " .. name)
  end
end

-- interpose replaces a method of every digest and returns the old one
do
  local old = digest.interpose("hexfinal", function(self, ...)
    return (self:final(...):gsub(".", function(c) return string.format("%02x", c:byte()) end))
  end)
  expect_eq(old, nil)
  expect_eq(digest.new("md5"):hexfinal("abc"), "900150983cd24fb0d6963f7d28e17f72")
  local final = digest.interpose("final", function(self, ...) return "replaced" end)
  expect_eq(type(final), "function")
  expect_eq(digest.new():final("x"), "replaced")
  digest.interpose("final", final)
  expect_eq(#digest.new():final("x"), 20)
end

-- random bytes and integers
do
  local a, b = rand.bytes(32), rand.bytes(32)
  expect_eq(#a, 32)
  expect_true(a ~= b, "two draws differ")
  local seen, low, high = {}, math.huge, -math.huge
  for _ = 1, 2000 do
    local v = rand.uniform(10)
    expect_eq(v, math.floor(v), "an integer")
    seen[v] = true
    low, high = math.min(low, v), math.max(high, v)
  end
  expect_eq(low, 0)
  expect_eq(high, 9)
  for v = 0, 9 do expect_true(seen[v], "drew " .. v) end
  -- uniform() without a bound: any integer a number holds exactly (luaossl's raises for the half of its 64-bit
  -- values past 2^63, so luajit checks it only when it got one)
  local ok, big = pcall(rand.uniform)
  local here = pcall(require, "java") -- (this runtime: below 2^53, exact as a number)
  if ok or here then
    expect_true(ok, big)
    expect_true(big >= 0 and big == math.floor(big), "uniform() is a non-negative integer")
    expect_true(not here or big < 2^53, "exact")
  end
end

-- a certificate (openssl.x509): its digests as openssl reads them, its PEM text; a certificate made by openssl
do
  local pipe = io.popen("openssl req -x509 -newkey rsa:2048 -nodes -keyout /dev/null -days 1 -subj /CN=x509spec "
    .. "2>/dev/null")
  local pem = pipe:read("*a")
  pipe:close()
  assert(pem:find("BEGIN CERTIFICATE", 1, true), "openssl made no certificate")
  do
    local x509 = require("openssl.x509")
    local c = x509.new(pem, "PEM")
    local path = os.tmpname()
    local f = io.open(path, "w") f:write(pem) f:close()
    local p = io.popen("openssl x509 -in " .. path .. " -noout -fingerprint -sha256")
    local fingerprint = p:read("*a"):match("=([%x:]+)"):gsub(":", ""):lower()
    p:close()
    os.remove(path)
    expect_eq(c:digest("sha256"), fingerprint)
    expect_eq(c:digest("sha256", "x"), fingerprint)
    local der = unb64((pem:gsub("%-%-%-%-%-[^-]*%-%-%-%-%-", "")))
    expect_eq(c:digest("RSA-SHA256", "s"), digest.new("sha256"):final(der),
      "the digest of its DER bytes, under a signature algorithm's name")
    expect_eq(tostring(c), pem)
    expect_eq(x509.new(der, "DER"):digest(), c:digest())
    expect_error(function() x509.new("no certificate", "PEM") end, "x509.cert.new: ")
    expect_error(function() c:digest("nope") end, "nope: invalid digest type")
  end
end

-- each ljuv thread's state has the modules
do
  local has_ljuv, ljuv = pcall(require, "ljuv")
  local got = has_ljuv and nil or digest.new("sha256"):final("abc")
  if has_ljuv then
    ljuv.loop:thread(function(data)
      return require("openssl.digest").new("sha256"):final(data)
    end, function(_, r) got = r end, "abc")
    ljuv.loop:run()
  end
  expect_eq(got, digest.new("sha256"):final("abc"))
end
