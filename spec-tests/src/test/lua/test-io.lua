-- io and os as LuaJIT 2.1 has them (the parts LuaJ got wrong).
local path = os.tmpname()
-- os.tmpname: an absolute path to a new empty file, as LuaJIT's mkstemp gives
expect_eq(path:sub(1, 1), "/", path)
expect_eq(assert(io.open(path, "r")):read("*a"), "")

-- "a" mode appends every write at the end, even with several threads appending at once
local f = assert(io.open(path, "w"))
f:write("first\n")
f:close()
local loop = require("ljuv").new_loop()
local done = 0
for t = 1, 4 do
  loop:thread(function(p, id)
    for i = 1, 50 do
      local g = assert(io.open(p, "a"))
      g:write(("thread %d line %d\n"):format(id, i))
      g:close()
    end
  end, function(ok, e) expect_true(ok, e); done = done + 1 end, path, t)
end
loop:run()
expect_eq(done, 4)
local count = 0
for line in io.lines(path) do count = count + 1 end
expect_eq(count, 201, "no append lost")
expect_eq(io.open(path, "a"):read("*a"), nil, "an append-only file cannot be read")

-- reading formats
f = assert(io.open(path, "w"))
f:write("12.5 line two\nthird\n")
f:close()
f = assert(io.open(path, "r"))
expect_eq(f:read("*n"), 12.5)
expect_eq(f:read("*l"), " line two")
expect_eq(f:read(3), "thi")
expect_eq(f:read("*a"), "rd\n")
expect_eq(f:read("*l"), nil)
expect_eq(f:seek("set", 0), 0)
expect_eq(f:read("*l"), "12.5 line two")
f:close()
expect_eq(os.remove(path), true)
expect_eq(io.open(path, "r"), nil)

-- os
expect_eq(os.execute("exit 3"), 768, "os.execute returns the wait status (Lua 5.1)")
expect_eq(os.execute("true"), 0)
expect_true(os.execute() ~= 0, "a shell is available")
expect_eq(type(os.time()), "number")
expect_eq(os.time({year = 2020, month = 1, day = 1, hour = 12}) - os.time({year = 2020, month = 1, day = 1, hour = 11}), 3600)
expect_eq(os.date("!%Y-%m-%d %H:%M:%S", 86400), "1970-01-02 00:00:00")
expect_eq(type(os.clock()), "number")
do -- os.clock is CPU time (that it stands still while waiting is checked in CommandLineTest, alone in its process)
  local c1, x = os.clock(), 0
  for i = 1, 2e6 do x = x + i end
  expect_true(os.clock() > c1, "os.clock advances while computing")
end
expect_eq(type(os.getenv("PATH")), "string")
expect_eq(os.getenv("LJUV_SURELY_UNSET_VARIABLE"), nil)

-- files print as LuaJIT's do
expect_true(tostring(io.stdout):match("^file %(0x%x+%)$"), tostring(io.stdout))
local closed_path = os.tmpname()
local closed = assert(io.open(closed_path, "w"))
closed:close()
expect_eq(tostring(closed), "file (closed)")
os.remove(closed_path)

-- files have LuaJIT's metatable: the methods, __index (itself), __gc and __tostring
do
  local mt = getmetatable(io.stdout)
  local keys = {}
  for k in pairs(mt) do keys[#keys + 1] = k end
  table.sort(keys)
  expect_eq(table.concat(keys, ":"), "__gc:__index:__tostring:close:flush:lines:read:seek:setvbuf:write")
  expect_true(debug.getmetatable(io.stdin) == mt)
  expect_true(mt.__index == mt)
  expect_true(mt.write == io.stdout.write)
  expect_true(getmetatable("x").__index == string)
  expect_true(mt.__tostring(io.stdout):find("^file %(0x"))
  local f = io.tmpfile()
  mt.__gc(f)
  expect_eq(io.type(f), "closed file")
end
