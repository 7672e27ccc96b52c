-- Lua states computing on several threads at once: each of N threads (loop:thread, its own state) computes
-- fib(25) in rounds and reports its jobs per second per round. On a machine with N free cores each thread should
-- run about as fast as one alone; a gap shows memory traffic the threads share (the collector's card table was
-- one: see README, the collector).
--   bin/ljuv bench/fib_threads.lua [threads] [jobs per round] [rounds]
-- Compare `... 1` with `... 2`: the last rounds are the warm ones.
local ljuv = require "ljuv"
local threads = tonumber(arg[1]) or 2
local jobs = tonumber(arg[2]) or 200
local rounds = tonumber(arg[3]) or 4

local function body(jobs, rounds)
  local ljuv = require "ljuv"
  local function now() ljuv.loop:update_time(); return ljuv.loop:now() end
  local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
  local rates = {}
  for r = 1, rounds do
    local t0 = now()
    for _ = 1, jobs do assert(fib(25) == 75025) end
    rates[r] = string.format("%.0f", jobs / (now() - t0))
  end
  return table.concat(rates, " ")
end

for i = 1, threads do
  ljuv.loop:thread(body, function(ok, rates)
    assert(ok, rates)
    print(string.format("thread %d of %d: jobs/s per round %s", i, threads, rates))
  end, jobs, rounds)
end
ljuv.loop:run()
