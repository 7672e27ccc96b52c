-- Java from Lua: the JDK (or any jar, through java.classpath) as this runtime's FFI.
-- Run: bin/ljuv examples/java.lua
local java = require "java"
local ljuv = require "ljuv"

-- classes, static methods with ':', a Lua string as byte[]
local sha = java.import("java.security.MessageDigest"):getInstance("SHA-256"):digest("ljuv")
print("sha256('ljuv') starts with " .. java.import("java.util.HexFormat"):of():formatHex(sha):sub(1, 12))

-- a Java list sorted by a Lua function (a Comparator)
local words = java.import("java.util.ArrayList")()
for w in ("pear fig banana apple"):gmatch("%a+") do words:add(w) end
words:sort(function(a, b) return #a - #b end)
print("by length: " .. tostring(words) .. ", " .. #words .. " words, the first is " .. words[1])

-- a Java exception is a Lua error whose value is the exception
local ok, err = pcall(java.import("java.lang.Integer").parseInt, "forty-two")
print("caught " .. err:getClass():getSimpleName() .. ": " .. err:getMessage())

-- a blocking Java call on a virtual thread: the coroutine waits, the loop goes on
local ticks = 0
local timer = ljuv.loop:timer()
timer:start(0.01, 0.01, function() ticks = ticks + 1 end)
coroutine.wrap(function()
  java.await(java.import("java.lang.Thread").sleep, 100)
  timer:close()
  print("slept 100 ms in Java while the loop " .. (ticks > 0 and "kept ticking" or "stood still"))
end)()
ljuv.loop:run()
