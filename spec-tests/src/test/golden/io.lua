-- io: read formats, lines, write, seek, failures (recorded with luajit)
local name = os.tmpname()
local function hide(...) -- the temporary file's name differs from run to run
  local out = {...}
  for i = 1, select("#", ...) do if type(out[i]) == "string" then out[i] = out[i]:gsub(name, "NAME") end end
  return unpack(out, 1, select("#", ...))
end
local f = assert(io.open(name, "w"))
print(f:write("1 2.5 0x10 -3e2 nan\n", "line two\r\n", "last"))
print(f:seek("cur"), f:seek("set", 2), f:seek("end"))
f:close()
f = io.open(name)
print(f:read("*n", "*n", "n", "*n"))
print(f:read("*n"), f:read("*l"))
print(f:read("l"), f:read("L"), f:read(1), f:read(0), f:read("*a"), f:read("*a"), f:read(0), f:read("*l"), f:read(1))
f:close()
print(pcall(f.read, f), io.type(f), io.type(io.stdout), io.type(42))
for l in io.lines(name) do io.write("[", (l:gsub("%z", "0")), "]") end print()
for a, b in io.lines(name, 1, "*l") do io.write("<", a, "|", (b:gsub("%z", "0")), ">") end print()
local g = io.open(name) for n in g:lines("*n") do io.write(n, ";") end print() g:close()
print(hide(pcall(io.lines, name .. ".missing")))
print(hide(io.open(name .. ".missing")))
print(io.open("/", "w"))
print(hide(os.remove(name .. ".missing")))
print(hide(os.rename(name .. ".missing", name .. ".other")))
local p = io.popen("printf 'a\\nb\\n'")
print(p:read("*a")) p:close()
local w = io.popen("cat > " .. name, "w") w:write("via popen\n") w:close()
print(io.open(name):read("*a"))
-- reading a file opened only for writing: C's nil, message, errno
local a = io.open(name, "a") print(a:read("*l")) print(a:read("*a", "*l")) a:close()
print(hide(os.remove(name), io.open(name)))
print(pcall(io.read, "x"), pcall(io.read, {}))
-- read("*n") as C's scanf("%lf") reads: an exponent only after a digit, one without digits read but not counted
local numbers = os.tmpname()
for _, text in ipairs({"1e", "1e+", "1.e", "0x1p", "0x1p-", ".e1", "-e", "1.5E", "0X1P", "e5", ".", "-.", "0x1.8",
    "1e-q", "0e5", "12e3x", "-0x", "0x", "00x5", "5e+-1"}) do
  local w = io.open(numbers, "w")
  w:write(text, " z")
  w:close()
  local r = io.open(numbers)
  print(text, r:read("*n"), r:read("*a"))
  r:close()
end
os.remove(numbers)
-- the shell of io.popen and os.execute is C's system/popen's: its $0 is "sh", which its messages start with
local sh = io.popen("echo $0; no-such-command-ljuv 2>&1")
print(sh:read("*a"))
sh:close()
io.stdout:flush()
print(os.execute("echo $0"))
