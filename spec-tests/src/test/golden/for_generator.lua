-- A generic for's iterator is named '(for generator)', the loop's hidden local, as LuaJIT 2.1 names it: in argument
-- errors of a library iterator, in debug.getinfo and in tracebacks (recorded with luajit).
print(pcall(function() for k, v in next, 5 do end end))
print(pcall(function() for a in string.byte, "x", "y" do end end))
print(pcall(function() for k, v in ipairs(5) do end end))
local function gen(_, i)
  local info = debug.getinfo(1, "n")
  print(info.name, info.namewhat)
  if i < 1 then return i + 1 end
end
for _ in gen, nil, 0 do end
local function traceback_of(f)
  local _, tb = xpcall(f, debug.traceback)
  for line in tb:gmatch("[^\n]+") do
    if not line:find("xpcall") and not line:find("0x") and not line:find("in %?") then print(line) end
  end
end
traceback_of(function() for _ in next, 5 do end end)
traceback_of(function() for _ in function() error("boom") end do end end)
-- io.lines' iterator: its formats are checked when it reads, and its caller names it
local name = os.tmpname()
local w = io.open(name, "w")
w:write("a\nb\n")
w:close()
print(pcall(function() for _ in io.lines(name, "*x") do end end))
print(pcall(function() local it = io.lines(name, 1, "*q") it() end))
print(pcall(io.lines(name, "*x")))
print(pcall(function() local f = io.open(name) for _ in f:lines("*x") do end end))
os.remove(name)
