-- openssl.digest, .hmac, .rand and .kdf (luaossl's API; this runtime's is Java on the JDK's cryptography: Luaossl)
-- answer as luaossl does: digests and MACs of known inputs in each digest the JDK has, under OpenSSL's names in any
-- case, key derivations (RFC 6070's PBKDF2 and RFC 5869's HKDF vectors), the argument errors. Random bytes: only
-- their lengths. Recorded with luajit and Debian's lua-luaossl 20220711: luajit luaossl.lua > luaossl.luajit.out
package.cpath = package.cpath .. ";/usr/lib/x86_64-linux-gnu/lua/5.1/?.so" -- (where Debian puts _openssl.so)
local digest, hmac, rand, kdf = require "openssl.digest", require "openssl.hmac", require "openssl.rand", require "openssl.kdf"
local function hex(s) return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end)) end
local function try(f, ...)
  local ok, r = pcall(f, ...)
  if ok and type(r) == "string" then r = hex(r) end
  return ok, r
end

print("types", type(digest.new), type(digest.interpose), type(hmac.new), type(rand.bytes), type(kdf.derive))
local d = digest.new()
print("object", type(d), tostring(d):match("^userdata: ") ~= nil, getmetatable(d).__name)
print("sha1 default", hex(d:final("abc")))
print("sha1 empty", hex(digest.new():final()))

-- each digest, updated in pieces (update returns the object), under OpenSSL's names
for _, n in ipairs{"md5", "MD5", "sha1", "SHA1", "sha224", "sha256", "SHA256", "sha-256", "SHA2-256", "sha384",
    "sha512", "sha512-224", "sha512-256", "sha3-224", "sha3-256", "SHA3-256", "sha3-384", "sha3-512"} do
  local m = digest.new(n)
  print(n, m:update("a", "b") == m, hex(m:update(""):final("c")), hex(digest.new(n):final(("x"):rep(1000))))
end
print("number data", hex(digest.new("md5"):final(12, 3.5)))

-- argument errors
print(pcall(digest.new, "nope"))
print(pcall(digest.new, 1))
print(pcall(digest.new, {}))
print(pcall(d.update, d, {}))
print(pcall(d.update, d, "x", true))
print(pcall(digest.new("md5").update))
print(pcall(digest.new("md5").final, {}))
print(pcall(function() digest.new("md5"):update({}) end))
print(pcall(function() local o = digest.new("md5") o.update({}) end))
print(pcall(function() local o = { update = digest.new("md5").update } o:update("x") end))

-- HMAC (RFC 2104 / 4231 style inputs)
print("hmac sha1 default", hex(hmac.new("key"):final("The quick brown fox jumps over the lazy dog")))
print("hmac sha256", hex(hmac.new("key", "sha256"):update("The quick brown fox ", "jumps over the lazy dog"):final()))
print("hmac md5 empty key", hex(hmac.new("", "md5"):final()))
print("hmac sha512 long key", hex(hmac.new(("k"):rep(200), "sha512"):final("x")))
print("hmac sha384", hex(hmac.new(("\170"):rep(131), "sha384"):final("Test Using Larger Than Block-Size Key - Hash Key First")))
print("hmac sha3-256", hex(hmac.new("key", "sha3-256"):final("message")))
local h = hmac.new("k")
print("hmac object", type(h), getmetatable(h).__name, h:update("a") == h)
print(pcall(hmac.new))
print(pcall(hmac.new, "k", "nope"))
print(pcall(h.update, h, {}))

-- random
print("bytes", #rand.bytes(0), #rand.bytes(16), #rand.bytes(1000), type(rand.bytes(4)))
print(pcall(rand.bytes))
print("ready", rand.ready(), rand.stir(), rand.add("seed"))
print("uniform", type(rand.uniform(2)), rand.uniform(2) < 2, rand.uniform(1000) < 1000)
print(pcall(rand.uniform, 1))
print(pcall(rand.uniform, 0))

-- key derivation
print("pbkdf2 sha1 1", hex(kdf.derive{type = "PBKDF2", salt = "salt", iter = 1, pass = "password", outlen = 20}))
print("pbkdf2 sha1 2", hex(kdf.derive{type = "PBKDF2", md = "sha1", salt = "salt", iter = 2, pass = "password", outlen = 20}))
print("pbkdf2 sha1 4096", hex(kdf.derive{type = "PBKDF2", md = "sha1", salt = "salt", iter = 4096, pass = "password", outlen = 20}))
print("pbkdf2 long", hex(kdf.derive{type = "PBKDF2", md = "sha1", salt = "saltSALTsaltSALTsaltSALTsaltSALTsalt",
  iter = 4096, pass = "passwordPASSWORDpassword", outlen = 25}))
print("pbkdf2 nul", hex(kdf.derive{type = "PBKDF2", md = "sha1", salt = "sa\0lt", iter = 4096, pass = "pass\0word", outlen = 16}))
print("pbkdf2 sha256", hex(kdf.derive{type = "PBKDF2", md = "sha256", salt = "salt", iter = 4096, pass = "password", outlen = 32}))
print("pbkdf2 lower", hex(kdf.derive{type = "pbkdf2", md = "SHA512", salt = "s", iter = 3, pass = "p", outlen = 70}))
print("pbkdf2 strings", hex(kdf.derive{type = "PBKDF2", pass = "p", salt = "s", iter = "3", outlen = 4}))
print("hkdf 1", hex(kdf.derive{type = "HKDF", md = "sha256", key = ("\11"):rep(22), salt = "\0\1\2\3\4\5\6\7\8\9\10\11\12",
  info = "\240\241\242\243\244\245\246\247\248\249", outlen = 42}))
print("hkdf 3", hex(kdf.derive{type = "HKDF", md = "sha256", key = ("\11"):rep(22), outlen = 42}))
print("hkdf sha1", hex(kdf.derive{type = "HKDF", md = "sha1", key = ("\11"):rep(11), salt = "\0\1\2\3\4\5\6\7\8\9\10\11\12",
  info = "\240\241\242\243\244\245\246\247\248\249", outlen = 42}))
print("hkdf extract", hex(kdf.derive{type = "HKDF", md = "sha256", key = ("\11"):rep(22), salt = "salt", hkdf_mode = "extract_only"}))
print("hkdf expand", hex(kdf.derive{type = "HKDF", md = "sha256", key = ("\7"):rep(32), info = "i", hkdf_mode = "expand_only", outlen = 40}))
print(pcall(kdf.derive, {type = "PBKDF2", md = "sha256", salt = "salt", iter = 1, pass = "password"}))
print(pcall(kdf.derive, {md = "sha256"}))
print(pcall(kdf.derive, {type = "nope"}))
print(pcall(kdf.derive, {type = "PBKDF2", bogus = 1}))
print(pcall(kdf.derive))
print(pcall(kdf.derive, {type = "PBKDF2", pass = "p", salt = "s", iter = 0, outlen = 4}))
print(pcall(kdf.derive, {type = "PBKDF2", pass = "p", salt = "s", iter = 1, outlen = 0}))
