-- array_numbers: an array of numbers read and written at computed indices (v[j], v[j + 1] with j = i + d), the
-- inner loop of scimark's FFT, where compiled code holds the index as an unboxed number (TableEmitter.unboxedKey).
-- Usage: bin/ljuv bench/array_numbers.lua [passes]; compare with luajit -joff bench/array_numbers.lua.
local passes = tonumber((...)) or 100000
local v = {}
for i = 1, 2048 do v[i] = i * 0.5 end
local function pass(v, d)
  local s = 0.0
  for i = 1, 2000, 2 do
    local j = i + d
    local a, b = v[j], v[j + 1]
    v[j + 1] = a * 0.5 + b * 0.25
    s = s + a - b
  end
  return s
end
local t = os.clock()
local s = 0
for _ = 1, passes do s = s + pass(v, 1.0) end
local dt = os.clock() - t
local ops = passes * 1000
print(string.format("BENCH array_numbers %d ops %.3f s %.0f ops/s (result %.6g)", ops, dt, ops / dt, s))
