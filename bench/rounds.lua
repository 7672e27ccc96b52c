-- rounds: runs a Lua script again and again in one process and prints each round's time (wall seconds where luv is
-- there, else CPU): the first rounds show the JIT's warm-up, the last the program's speed once warm. The script gets
-- its arguments in arg and in ...; its output goes where it would. Usage:
--   bin/ljuv bench/rounds.lua script.lua [args...]      (ROUNDS=n, 4 by default; compare with luajit -joff)
local script = assert(arg[1], "usage: rounds.lua script.lua [args...]")
local chunk = assert(loadfile(script))
local args = { unpack(arg, 2) }
local ok, uv = pcall(require, "luv")
local now = ok and function() return uv.hrtime() / 1e9 end or os.clock
for r = 1, tonumber(os.getenv("ROUNDS")) or 4 do
  arg = { [0] = script, unpack(args) }
  local t = now()
  chunk(unpack(args))
  io.stderr:write(("round %d: %.3f\n"):format(r, now() - t))
end
