-- JDBC from Lua, as ljuv's users run SQLite: the driver jar loaded at run time through java.classpath, a
-- table filled in a transaction, queried from a thread pool interface called by 4 coroutines, and through
-- java.await from a coroutine on the main loop.
local java = require "java"
local ljuv = require "ljuv"

local JAR = "target/jdbc/sqlite-jdbc.jar" -- copied there by the build (spec-tests/pom.xml)
java.classpath(JAR)
local DriverManager = java.import("java.sql.DriverManager")
local db = os.tmpname()
local url = "jdbc:sqlite:" .. db

-- fill: 10k rows in one transaction
do
  local conn = DriverManager:getConnection(url)
  conn:setAutoCommit(false)
  local st = conn:createStatement()
  st:executeUpdate("drop table if exists items")
  st:executeUpdate("create table items (id integer primary key, name text not null, price real not null)")
  local ins = conn:prepareStatement("insert into items (id, name, price) values (?, ?, ?)")
  for i = 1, 10000 do
    ins:setInt(1, i)
    ins:setString(2, "item" .. i)
    ins:setDouble(3, i / 4)
    ins:addBatch()
  end
  local counts = ins:executeBatch()
  expect_eq(#counts, 10000)
  conn:commit()
  local rs = st:executeQuery("select count(*), sum(price) from items")
  expect_true(rs:next())
  expect_eq(rs:getInt(1), 10000)
  expect_eq(rs:getDouble(2), 10000 * 10001 / 8)
  conn:close()
end

-- a pool of one worker owning a connection, called by 4 coroutines
do
  local pool = ljuv.loop:threadpool(1, function(jar, url)
    local java = require "java"
    java.classpath(jar)
    local conn = java.import("java.sql.DriverManager"):getConnection(url)
    local by_id = conn:prepareStatement("select name, price from items where id = ?")
    local range = conn:prepareStatement("select count(*), sum(price) from items where id between ? and ?")
    return {
      get = function(id)
        by_id:setInt(1, id)
        local rs = by_id:executeQuery()
        if not rs:next() then return nil end
        return rs:getString(1), rs:getDouble(2)
      end,
      sum = function(a, b)
        range:setInt(1, a)
        range:setInt(2, b)
        local rs = range:executeQuery()
        rs:next()
        return rs:getInt(1), rs:getDouble(2)
      end,
      __exit = function() conn:close() end,
    }
  end, JAR, url)
  local done, failures = 0, {}
  for c = 1, 4 do
    coroutine.wrap(function()
      local ok, err = pcall(function()
        for k = 1, 25 do
          local id = (c - 1) * 2500 + k * 97
          local name, price = pool.interface.get(id)
          expect_eq(name, "item" .. id)
          expect_eq(price, id / 4)
        end
        local a, b = (c - 1) * 2500 + 1, c * 2500
        local n, total = pool.interface.sum(a, b)
        expect_eq(n, 2500)
        expect_eq(total, (a + b) * 2500 / 2 / 4)
        expect_eq(pool.interface.get(10001), nil)
      end)
      if not ok then failures[#failures + 1] = tostring(err) end
      done = done + 1
      if done == 4 then pool:close() end
    end)()
  end
  ljuv.loop:run()
  expect_eq(table.concat(failures, "\n"), "")
  expect_eq(done, 4)
end

-- the same through java.await from a coroutine on the main loop (the loop runs meanwhile)
do
  local conn = DriverManager:getConnection(url)
  local ticks = 0
  local timer = ljuv.loop:timer()
  timer:start(0, 0.001, function() ticks = ticks + 1 end)
  local got
  coroutine.wrap(function()
    local st = java.await(conn.prepareStatement, conn, "select sum(price) from items where id % 2 = 0")
    local rs = java.await(st.executeQuery, st)
    rs:next()
    got = rs:getDouble(1)
    timer:close()
  end)()
  ljuv.loop:run()
  expect_eq(got, 2 * (5000 * 5001 / 2) / 4)
  expect_true(ticks >= 1, "the loop ran while the queries did")
  conn:close()
end

-- a missing driver is a Java exception, as a Lua error
do
  local ok, err = pcall(DriverManager.getConnection, "jdbc:nosuch:x")
  expect_false(ok)
  expect_true(tostring(err):find("java.sql.SQLException", 1, true), tostring(err))
end
os.remove(db)

-- a relative class path entry after uv.chdir is taken from the new working directory, as a file opened there is
do
  local uv = require "luv"
  local here = uv.cwd()
  local dir, name = JAR:match("^(.*)/([^/]+)$")
  assert(uv.chdir(dir))
  local ok, err = pcall(java.classpath, name)
  assert(uv.chdir(here))
  expect_true(ok, err)
end
