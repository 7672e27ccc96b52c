package dev.ljuv.spec.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ljuv.embed.LjuvRuntime;
import dev.ljuv.embed.LuaException;
import dev.ljuv.embed.LuaState;
import dev.ljuv.java.JavaAccess;
import java.util.ArrayDeque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What an embedding application decides its states may reach: Java classes, libraries, binary chunks. */
class SandboxTest {
    private static Object one(LuaState lua, String code) throws LuaException {
        return lua.run(code, "sandbox")[0];
    }

    @Test
    void embeddedStatesReachNoJavaClassUnlessAsked() throws Exception {
        try (LuaState lua = LjuvRuntime.builder().build().newState()) {
            LuaException e = assertThrows(LuaException.class,
                    () -> lua.run("local c = require('java').import('java.lang.Runtime') return c", "deny"));
            assertEquals("deny:1: access to Java class 'java.lang.Runtime' denied (java access policy NONE)", e.getLuaMessage());
            LuaException e2 = assertThrows(LuaException.class,
                    () -> lua.run("return require('luajava').bindClass('java.util.ArrayList')", "deny"));
            assertTrue(e2.getLuaMessage().contains("'java.util.ArrayList' denied"), e2.getLuaMessage());
            LuaException e3 = assertThrows(LuaException.class,
                    () -> lua.run("require('java').classpath('.')", "deny"));
            assertTrue(e3.getLuaMessage().contains("denied"), e3.getLuaMessage());
        }
    }

    @Test
    void objectsHandedInStayUsableWhateverThePolicy() throws Exception {
        try (LuaState lua = LjuvRuntime.builder().build().newState()) {
            ArrayDeque<String> names = new ArrayDeque<>(List.of("a")); // not a List: those cross as tables
            lua.set("names", names);
            assertEquals(2L, one(lua, "names:add('b'); return #names"));
            assertEquals(List.of("a", "b"), List.copyOf(names));
            assertEquals("a,b,", one(lua, "local s = '' for _, v in ipairs(names) do s = s .. v .. ',' end return s"));
            assertTrue(one(lua, "return names") == names, "a Java object comes back as itself");
            // but not as a way out: reflection on it needs the policy's consent
            LuaException e = assertThrows(LuaException.class, () -> lua.run("return names:getClass():getName()", "escape"));
            assertTrue(e.getLuaMessage().contains("'java.lang.Class' denied"), e.getLuaMessage());
        }
    }

    @Test
    void anAllowListNamesClassesAndPackages() throws Exception {
        LjuvRuntime runtime = LjuvRuntime.builder()
                .javaAccess(JavaAccess.allowList("java.util.*", "java.lang.Math")).build();
        try (LuaState lua = runtime.newState()) {
            assertEquals(3L, one(lua, "local java = require('java'); return java.import('java.lang.Math'):max(2, 3)"));
            assertEquals(0L, one(lua, "return require('java').import('java.util.concurrent.ConcurrentHashMap')():size()"));
            assertEquals("y", one(lua, "return require('java').import('java.util.Map.Entry') and 'y'"));
            assertEquals(3L, one(lua, "return #require('java').array('int', 3)"), "primitive types need no permission");
            LuaException e = assertThrows(LuaException.class,
                    () -> lua.run("local c = require('java').import('java.lang.System') return c", "deny"));
            assertEquals("deny:1: access to Java class 'java.lang.System' denied (java access policy ALLOW_LIST "
                    + "[java.util.*, java.lang.Math])", e.getLuaMessage());
            LuaException e2 = assertThrows(LuaException.class,
                    () -> lua.run("return require('java').import('java.util.*').ArrayList():getClass():getClassLoader()", "escape"));
            assertTrue(e2.getLuaMessage().contains("'java.lang.Class' denied"), e2.getLuaMessage());
        }
    }

    @Test
    void allMeansAll() throws Exception {
        try (LuaState lua = LjuvRuntime.builder().javaAccess(JavaAccess.ALL).build().newState()) {
            assertEquals("java.lang.Runtime", one(lua, "return require('java').import('java.lang.Runtime'):getName()"));
        }
    }

    @Test
    void librariesCanBeLeftOutOfEveryStateIncludingThreads() throws Exception {
        try (LuaState lua = LjuvRuntime.builder().withoutLibraries("io", "os", "java").build().newState()) {
            assertEquals("nil nil false", one(lua, """
                    return tostring(io) .. ' ' .. tostring(os) .. ' ' .. tostring((pcall(require, 'io')))
                    """));
            assertEquals(false, one(lua, "return (pcall(require, 'java'))"));
            assertEquals("nil", one(lua, """
                    local ljuv = require('ljuv')
                    local ch = ljuv.new_channel()
                    local t = ljuv.new_thread(function(ch) local l = require('ljuv'); l.import(ch):push(tostring(io)) end,
                        ljuv.export(ch))
                    t:join()
                    return ch:pull()
                    """));
        }
        try (LuaState lua = LjuvRuntime.builder().withoutLibraries("ljuv").javaAccess(JavaAccess.ALL).build().newState()) {
            assertEquals("[1, 2]", one(lua, """
                    local java = require('java')
                    local l = java.import('java.util.ArrayList')()
                    l:add(2); l:add(1)
                    l:sort(function(a, b) return a - b end) -- a proxy without the ljuv loop: called on this thread
                    return tostring(l)
                    """));
        }
        assertThrows(IllegalArgumentException.class, () -> LjuvRuntime.builder().withoutLibraries("string"));
    }

    /** A hostile script under the untrusted preset: stopped with a Lua error, quickly, and the state lives on. */
    private static void stopped(LuaState lua, String script, String error) throws Exception {
        stopped(lua, script, error, () -> { });
    }

    /**
     * As above, {@code letGo} run before the state is used again (what the script kept, dropped from Java); {@code
     * error} may name alternatives ({@code a|b}: either message).
     */
    private static void stopped(LuaState lua, String script, String error, Runnable letGo) throws Exception {
        stopped(lua, script, error, letGo, 2_000);
    }

    /**
     * How long a memory limit may take to stop a bomb: at a measure of what the state keeps, which on two loaded cores
     * (a full test run) took one bomb 2.3 s; alone, a few hundred milliseconds.
     */
    private static final long BOMB_MS = 5_000;

    /** An allocation bomb stopped by the memory limit within {@link #BOMB_MS}. */
    private static void bomb(LuaState lua, String script) throws Exception {
        stopped(lua, script, "not enough memory", () -> { }, BOMB_MS);
    }

    /** As above, within {@code withinMs}. */
    private static void stopped(LuaState lua, String script, String error, Runnable letGo, long withinMs)
            throws Exception {
        long start = System.nanoTime();
        LuaException e = assertThrows(LuaException.class, () -> lua.run(script, "hostile"), script);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(java.util.Arrays.stream(error.split("\\|")).anyMatch(e.getLuaMessage()::contains),
                script + ": " + e.getLuaMessage());
        assertTrue(ms < withinMs, script + ": stopped after " + ms + " ms");
        letGo.run();
        assertEquals(2L, one(lua, "return 1 + 1"), "the state is usable after " + script);
    }

    @Test
    @org.junit.jupiter.api.Timeout(60) // a loop the limit misses would hang: fail instead
    void theUntrustedPresetStopsHostileScripts() throws Exception {
        LjuvRuntime runtime = LjuvRuntime.builder().untrusted().callTimeLimit(java.time.Duration.ofMillis(300)).build();
        try (LuaState lua = runtime.newState()) {
            stopped(lua, "while true do end", "time limit exceeded (300 ms)");
            stopped(lua, "local n = 0 for i = 1, 1e15 do n = n + i end", "time limit exceeded");
            stopped(lua, "local t = {} while true do for k in pairs({1, 2, 3}) do t[k] = k end end", "time limit exceeded");
            stopped(lua, "while true do pcall(function() while true do end end) end", "time limit exceeded");
            // 120,000 calls deep take 0.1-0.3 s here, about the time limit: whichever comes first stops it
            stopped(lua, "local function f() return 1 + f() end return f()", "stack overflow|time limit exceeded");
            stopped(lua, "local function f(n) return f(n + 1) end return f(0)", "time limit exceeded");
            stopped(lua, "return string.find(string.rep('a', 40), string.rep('a*', 40) .. 'b')", "time limit exceeded");
            stopped(lua, "return string.rep('x', 2^31 - 2)", "not enough memory");
            LuaException bomb = assertThrows(LuaException.class, // megabytes at a time: the time limit may come first
                    () -> lua.run("local t = {} while true do t[#t + 1] = ('x'):rep(1e6) .. #t end", "bomb"));
            assertTrue(bomb.getLuaMessage().matches(".*(time limit exceeded|not enough memory).*"), bomb.getLuaMessage());
            stopped(lua, "os.exit(1)", "attempt to index global 'os' (a nil value)");
            stopped(lua, "return io.open('/etc/passwd'):read('*a')", "attempt to index global 'io' (a nil value)");
            stopped(lua, "return require('java')", "module 'java' not found");
            stopped(lua, "return load(string.dump(function() end))()", "attempt to call a nil value");
            assertEquals(3L, one(lua, "local n = 0 for i = 1, 3 do n = n + 1 end return n"), "honest work runs");
        }
    }

    /** Allocation bombs of every shape, each stopped by the state's memory limit (not by the time limit). */
    @Test
    @org.junit.jupiter.api.Timeout(120)
    void aMemoryLimitStopsAllocationBombs() throws Exception {
        LjuvRuntime runtime = LjuvRuntime.builder().untrusted().callTimeLimit(java.time.Duration.ofSeconds(30)).build();
        try (LuaState lua = runtime.newState()) {
            bomb(lua, "local t = {} while true do t[#t + 1] = {} end");
            bomb(lua, "local l while true do l = {next = l} end"); // no table ever grows
            // kept by a global: the state stays full (as LuaJIT's) until that lets go of it; a measure before then,
            // which the watchdog may ask for at any call, fails "return 1 + 1" too
            stopped(lua, "t = {} local i = 0 while true do i = i + 1 t[i] = 'str' .. i end", "not enough memory",
                    () -> lua.set("t", null), BOMB_MS);
            bomb(lua, "local s = 'x' while true do s = s .. s end");
            bomb(lua, "return string.rep('x', 100e6)");
            bomb(lua, "local t = {} while true do t[#t + 1] = ('x'):rep(1e6) .. #t end");
            bomb(lua, "local b = require('string.buffer').new() while true do b:put(('y'):rep(4096)) end");
            bomb(lua, "local co = coroutine.wrap(function() local t = {} while true do t[#t + 1] = {1, 2} "
                    + "coroutine.yield() end end) while true do co() end");
            bomb(lua, "local t = setmetatable({}, {__index = function(t, k) local v = {k} rawset(t, k, v) return v end}) "
                    + "local i = 0 while true do i = i + 1 local _ = t[i] end");
            // the error can be caught, and the memory given back
            assertEquals("false not enough memory 0", one(lua, """
                    local t = {}
                    local ok, e = pcall(function() while true do t[#t + 1] = {} end end)
                    t = {}
                    collectgarbage()
                    return tostring(ok) .. ' ' .. e .. ' ' .. #t
                    """));
        }
    }

    /** Garbage is not what a state holds: making far more than the limit, while keeping less, never fails. */
    @Test
    void aMemoryLimitCountsWhatIsKeptNotWhatIsMade() throws Exception {
        LjuvRuntime runtime = LjuvRuntime.builder().memoryLimit(16L << 20).build();
        try (LuaState a = runtime.newState(); LuaState b = runtime.newState()) {
            String keepAndChurn = """
                    keep = {}
                    for i = 1, 60000 do keep[i] = {i} end -- about 6 MB kept
                    local n = 0
                    for i = 1, 4e6 do local x = {i, tostring(i)} n = n + #x end -- about 400 MB made
                    return n
                    """;
            assertEquals(8_000_000L, one(a, keepAndChurn));
            assertEquals(8_000_000L, one(b, keepAndChurn), "each state has its own limit: b is not charged for a");
            LuaException e = assertThrows(LuaException.class,
                    () -> a.run("for i = 60001, 1e9 do keep[i] = {i} end", "grow"));
            assertEquals("not enough memory", e.getLuaMessage(), "as LuaJIT raises it: no position");
            assertEquals(60000L, one(b, "return #keep"), "b unharmed");
            assertEquals(true, one(b, """
                    local before = collectgarbage('count')
                    big = ('x'):rep(2^20)
                    local held = collectgarbage('count') - before
                    big = nil
                    local after = collectgarbage('count') - before
                    return held > 1024 and held < 1100 and after < 1
                    """), "collectgarbage('count') is what the state holds");
        }
        assertThrows(IllegalArgumentException.class, () -> LjuvRuntime.builder().memoryLimit(-1));
    }

    /**
     * What is kept only through a Java object counts too: a suspended coroutine behind {@code coroutine.wrap} (its
     * frameless body, and one on a continuation), the subject of a {@code gmatch} iterator, the callbacks of a loop's
     * active handles (ljuv's and luv's) that Lua keeps no reference to.
     */
    @Test
    void aMemoryLimitCountsWhatJavaObjectsKeep() throws Exception {
        LjuvRuntime runtime = LjuvRuntime.builder().memoryLimit(64L << 20).build();
        try (LuaState lua = runtime.newState()) {
            assertEquals("true true true", one(lua, """
                    local function held(make)
                      local before = collectgarbage('count')
                      local keep = make()
                      return keep and collectgarbage('count') - before
                    end
                    local plain = held(function() local t = {} for i = 1, 1e5 do t[i] = i end return t end)
                    local function kib(make) -- about as much as the same table kept by a local
                      local kept = held(make)
                      return kept > plain * 0.9 and kept < plain * 1.1
                    end
                    local frameless = kib(function()
                      local co = coroutine.wrap(function() local t = {} for i = 1, 1e5 do t[i] = i end coroutine.yield() end)
                      co()
                      return co
                    end)
                    local continued = kib(function()
                      local co = coroutine.wrap(function()
                        local t = {} for i = 1, 1e5 do t[i] = i end
                        pcall(coroutine.yield) -- (a yield across pcall: on a continuation)
                      end)
                      co()
                      return co
                    end)
                    local iterator = kib(function() return ('x'):rep(plain * 1024):gmatch('x') end)
                    return tostring(frameless) .. ' ' .. tostring(continued) .. ' ' .. tostring(iterator)
                    """));
            // a loop's handles, kept by the loop alone while active: each callback and what it keeps
            assertEquals("true true true true true", one(lua, """
                    local loop = require('ljuv').loop
                    local uv = require('luv')
                    local function plain()
                      local t = {} for i = 1, 1e5 do t[i] = i end return t
                    end
                    local function kept(start)
                      local before = collectgarbage('count')
                      start(plain())
                      return collectgarbage('count') - before
                    end
                    local size = kept(function(t) keep = t end)
                    keep = nil
                    local function kib(start)
                      local k = kept(start)
                      return k > size * 0.9 and k < size * 1.1
                    end
                    local timer = kib(function(t) loop:timer():start(60, 0, function() return t end) end)
                    local async = kib(function(t) loop:async(function() return t end) end)
                    local luv = kib(function(t) uv.new_timer():start(60000, 0, function() return t end) end)
                    local server = uv.new_tcp()
                    server:bind('127.0.0.1', 0)
                    local listen = kib(function(t) server:listen(8, function() return t end) end)
                    local udp = uv.new_udp()
                    udp:bind('127.0.0.1', 0)
                    local recv = kib(function(t) udp:recv_start(function() return t end) end)
                    return tostring(timer) .. ' ' .. tostring(async) .. ' ' .. tostring(luv) .. ' ' .. tostring(listen)
                        .. ' ' .. tostring(recv)
                    """));
        }
    }

    @Test
    void binaryChunksCanBeRefused() throws Exception {
        try (LuaState lua = LjuvRuntime.builder().binaryChunks(false).build().newState()) {
            assertEquals("attempt to load a binary chunk (refused in this state)", one(lua, """
                    local f, err = load(string.dump(function() return 1 end))
                    return f or err
                    """));
            assertEquals(2L, one(lua, "return load('return 2')()"));
        }
    }
}
