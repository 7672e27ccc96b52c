-- The __gc of newproxy's proxies still alive when the script ends: run as the state closes (lua_close), the last
-- made first, after the script's own output; an error in one does not stop the others.
local log = {}
local kept = {}
for i = 1, 3 do
  local p = newproxy(true)
  getmetatable(p).__gc = function(self)
    print("finalized", i, type(self))
  end
  kept[i] = p
end
local failing = newproxy(true)
getmetatable(failing).__gc = function() error("ignored at the end") end
local shared = newproxy(kept[1]) -- the first one's metatable, so its __gc
local dropped = newproxy(true)
getmetatable(dropped).__gc = function() print("dropped before the end") end
dropped = nil
collectgarbage()
print("end of script")
