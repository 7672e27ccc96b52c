-- Files opened for writing only ("w", "a") refuse reads as C's stdio does; "w" seeks (recorded with luajit).
local name = os.tmpname()
local f = assert(io.open(name, "w"))
print(f:read("*a"))
print(f:read("*l"))
print(f:write("hello world"))
print(f:seek("set", 6), f:write("W"), f:seek(), f:seek("end"))
print(f:seek("set", -1))
f:close()
print(io.open(name):read("*a"))
local a = assert(io.open(name, "a"))
print(a:read(1))
print(a:write("!"))
a:close()
print(io.open(name):read("*a"))
local u = assert(io.open(name, "w+"))
print(u:write("rw"), u:seek("set"), u:read("*a"))
u:close()
os.remove(name)
-- a mode C's fopen refuses (not r, w or a first) fails with EINVAL and leaves the file alone
local kept = os.tmpname()
local k = assert(io.open(kept, "w"))
k:write("kept")
k:close()
for _, mode in ipairs({ "q", "", "+r", "b" }) do
  local f, err, code = io.open(kept, mode)
  print(mode, f, (err:gsub("^.*: ", "")), code)
end
print(io.open(kept, "r+b"):read("*a"), io.open(kept, "rz"):read("*a"))
-- "r+" reads and writes from the start without truncating; a file that does not exist is not created
local rw = assert(io.open(kept, "r+"))
print(rw:seek(), rw:write("KE"), rw:seek(), rw:read("*a"))
print(rw:seek("set", 1), rw:read(1), rw:seek("cur"))
rw:close()
print(io.open(kept):read("*a"))
local missing = kept .. ".missing"
local none, err, code = io.open(missing, "r+")
print(none, (err:gsub("^.*: ", "")), code, io.open(missing) == nil)
os.remove(kept)
-- popen takes r or w, and e
for _, mode in ipairs({ "rb", "rw", "", "q", "re" }) do
  local p, err, code = io.popen("echo hi", mode)
  print(mode, p and p:read("*l") or p, err, code)
end
