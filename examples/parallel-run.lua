-- Many commands at once with ljuv.process: each in its own coroutine, their outputs collected as they end.
-- Usage: bin/ljuv examples/parallel-run.lua
local process = require("ljuv.process")
local uv = require("luv")

local results, started = {}, uv.hrtime()
for i = 1, 8 do
  coroutine.wrap(function()
    local out, err, code = process.run("sh", { "-c", ("sleep 0.2; echo job %d on $$"):format(i) })
    results[#results + 1] = ("%s (exit %d)"):format(out:gsub("\n$", ""), code)
  end)()
end
uv.run()
table.sort(results)
for _, line in ipairs(results) do print(line) end
print(("8 commands of 0.2 s each in %.2f s"):format((uv.hrtime() - started) / 1e9))
