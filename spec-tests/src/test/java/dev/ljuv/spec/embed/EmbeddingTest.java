package dev.ljuv.spec.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ljuv.embed.LjuvRuntime;
import dev.ljuv.embed.LuaException;
import dev.ljuv.embed.LuaState;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.script.ScriptEngine;
import javax.script.ScriptEngineManager;
import javax.script.ScriptException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedding API as an application uses it: only {@code dev.ljuv.embed} and JSR-223. */
class EmbeddingTest {
    /** A traceback from a function of its own ('where'), not tail-called: LuaJIT would drop a tail-calling frame. */
    private static final String WHERE = "local function where() local s = debug.traceback('here') return s end ";

    @TempDir
    Path tmp;

    @Test
    void aStateUsedOnAnotherThreadRunsJavaCallbacksThere() throws Exception {
        LuaState lua = LjuvRuntime.builder().javaAccess(dev.ljuv.java.JavaAccess.ALL).build().newState();
        AtomicReference<Object> result = new AtomicReference<>();
        Thread other = new Thread(() -> {
            try {
                // the comparator is a Lua function that Java calls back on this thread, not the state's creator
                result.set(lua.run("""
                        local l = require('java').import('java.util.ArrayList')()
                        for _, v in ipairs({3, 1, 2}) do l:add(v) end
                        l:sort(function(a, b) return a - b end)
                        return tostring(l)
                        """, "sort")[0]);
            } catch (Exception e) {
                result.set(e);
            }
        });
        other.start();
        other.join(10_000);
        assertEquals("[1, 2, 3]", result.get());
        lua.close();
    }

    @Test
    void closingAStateRunsItsProxiesFinalizersAsLuaCloseDoes() throws Exception {
        java.util.List<Object> seen = new java.util.ArrayList<>();
        LuaState lua = LjuvRuntime.builder().build().newState();
        lua.setFunction("seen", args -> {
            seen.add(args[0]);
            return new Object[0];
        });
        lua.run("for i = 1, 2 do local p = newproxy(true) getmetatable(p).__gc = function() seen(i) end _G['p' .. i] = p end",
                "app");
        assertEquals(java.util.List.of(), seen, "alive: not yet");
        lua.close();
        assertEquals(java.util.List.of(2L, 1L), seen, "the last made first");
        lua.close(); // once
        assertEquals(2, seen.size());
    }

    @Test
    void aCoroutineResumedOnAnotherThreadCountsItsCallsThere() throws Exception {
        // a coroutine made and first resumed on one thread, then resumed on another (the state handed over): its
        // calls go on the resuming thread's count, and both threads' tracebacks list only their own calls; those
        // its compiled body makes straight into compiled code too (one result, f(20); all of them, yield(f(x)))
        String traceback = WHERE + "local s = where() return s";
        String expected = "here\nstack traceback:\n\tapp:1: in function 'where'\n\tapp:1: in main chunk\n\t[C]: in ?";
        try (LuaState lua = LjuvRuntime.builder().build().newState()) {
            assertEquals(20.0, ((Number) lua.run("""
                    local function f(n) if n == 0 then return 0 end return 1 + f(n - 1) end
                    co = coroutine.wrap(function()
                      while true do local x = f(20) local got = { coroutine.yield(f(x)) } end
                    end)
                    local r for i = 1, 1500 do r = co() end
                    return r
                    """, "make")[0]).doubleValue());
            AtomicReference<Object> result = new AtomicReference<>();
            Thread other = new Thread(() -> {
                try {
                    // calls as deep as the coroutine's first, on this thread, before it is resumed here
                    lua.run("local function g(n) if n > 0 then return g(n - 1) + 1 end return 0 end "
                            + "for i = 1, 300 do g(40) end", "deep");
                    Object[] r = lua.run("local r for i = 1, 1500 do r = co() end return r", "other");
                    result.set(r[0] + " " + lua.run(traceback, "app")[0]);
                } catch (Exception e) {
                    result.set(e);
                }
            });
            other.start();
            other.join(10_000);
            assertEquals("20 " + expected, String.valueOf(result.get()).replace("20.0", "20"));
            assertEquals(20.0, ((Number) lua.run("return co()", "back")[0]).doubleValue());
            assertEquals(expected, lua.run(traceback, "app")[0]);
        }
    }

    @Test
    void runsTimersAndAThreadPoolAndReturnsAValue() throws Exception {
        try (LuaState lua = LjuvRuntime.builder().build().newState()) {
            Object[] r = lua.run("""
                    local loop = require('ljuv').loop
                    local pool = loop:threadpool(2, function() return { square = function(x) return x * x end } end)
                    local total, ticks = 0, 0
                    loop:timer():start(0.001, 0.001, function(t) ticks = ticks + 1; if ticks == 3 then t:close() end end)
                    coroutine.wrap(function()
                      for i = 1, 10 do total = total + pool.interface.square(i) end
                      pool:close()
                    end)()
                    loop:run()
                    return total, ticks, 'done'
                    """, "pool-and-timers");
            assertEquals(List.of(385L, 3L, "done"), List.of(r));
        }
    }

    @Test
    void debugInfoWorksOnTheApplicationsThread() throws Exception {
        try (LuaState lua = LjuvRuntime.builder().build().newState()) {
            Object[] r = lua.run("""
                    local function where()
                      local s = debug.traceback("here")
                      return s, debug.getinfo(1, "l").currentline
                    end
                    local s, line = where()
                    return s, line""", "app");
            assertTrue(((String) r[0]).startsWith("here\nstack traceback:\n\tapp:2: in function 'where'"), (String) r[0]);
            assertEquals(3, ((Number) r[1]).intValue());
        }
    }

    @Test
    void aJavaStackOverflowOnTheApplicationsThreadLeavesNoCallBehind() throws Exception {
        // the application's thread has no depth limit: a runaway recursion ends in the JVM's stack overflow, whose
        // unwinding may find no stack left for a frame's exit; later tracebacks must not list those calls
        String traceback = WHERE + "local s = where() return s";
        String expected = "here\nstack traceback:\n\tapp:1: in function 'where'\n\tapp:1: in main chunk\n\t[C]: in ?";
        try (LuaState lua = LjuvRuntime.builder().build().newState()) {
            LuaException e = assertThrows(LuaException.class,
                    () -> lua.run("local function f() return 1 + f() end return f()", "deep"));
            assertTrue(e.getLuaMessage().contains("stack overflow"), e.getLuaMessage());
            assertEquals(expected, lua.run(traceback, "app")[0]);
            Object[] r = lua.run("local ok, e = pcall(function() local function f() return 1 + f() end return f() end) "
                    + WHERE + "local s = where() return ok, e, s", "app");
            assertEquals(false, r[0]);
            assertTrue(((String) r[1]).contains("stack overflow"), (String) r[1]);
            assertEquals(expected, r[2]);
        }
    }

    @Test
    void eachStateHasItsOwnStringMethods() throws Exception {
        LjuvRuntime runtime = LjuvRuntime.builder().build();
        try (LuaState a = runtime.newState(); LuaState b = runtime.newState()) {
            a.run("function string.shout(s) return s:upper() .. '!' end", "a");
            assertEquals("HI!", a.run("return ('hi'):shout()", "a")[0]);
            assertEquals(Boolean.TRUE, b.run("return ('hi').shout == nil and getmetatable('').__index == string", "b")[0]);
            assertEquals(Boolean.TRUE, a.run("return getmetatable('').__index == string", "a")[0]);
        }
    }

    @Test
    void timerCallbackCallsBackIntoJava() throws Exception {
        List<Object> calls = new ArrayList<>();
        try (LuaState lua = LjuvRuntime.builder().build().newState()) {
            lua.setFunction("report", args -> {
                calls.add(args[0]);
                return new Object[] {"ack " + args[0]};
            });
            lua.run("local loop = require('ljuv').loop\n"
                    + "local n = 0\n"
                    + "loop:timer():start(0, 0.001, function(t) n = n + 1; last = report(n); if n == 3 then t:close() end end)",
                    "timer");
            assertTrue(lua.runLoop("once") || true);
            assertEquals(false, lua.runLoop());
            assertEquals(List.of(1L, 2L, 3L), calls);
            assertEquals("ack 3", lua.get("last"));
        }
    }

    @Test
    void twoRuntimesWithDifferentPackagePaths() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("a"));
        Path b = Files.createDirectories(tmp.resolve("b"));
        Files.writeString(a.resolve("which.lua"), "return 'from a'");
        Files.writeString(b.resolve("which.lua"), "return 'from b'");
        LuaState la = LjuvRuntime.builder().packagePath(a + "/?.lua").build().newState();
        LuaState lb = LjuvRuntime.builder().packagePath(b + "/?.lua;;").build().newState();
        assertEquals("from a", la.run("return require('which')", "a")[0]);
        assertEquals("from b", lb.run("return require('which')", "b")[0]);
        assertTrue(((String) lb.run("return package.path", "p")[0]).contains("./?.lua"), "';;' keeps the default");
    }

    @Test
    void scriptErrorSurfacesWithLuaTraceback() {
        try (LuaState lua = LjuvRuntime.builder().build().newState()) {
            LuaException e = assertThrows(LuaException.class,
                    () -> lua.run("local function inner() error('deep trouble') end\ninner()", "broken"));
            assertEquals("broken:1: deep trouble", e.getLuaMessage());
            assertTrue(e.getLuaTraceback().startsWith("stack traceback:\n"), e.getLuaTraceback());
            assertTrue(e.getLuaTraceback().contains("broken:1: in function 'inner'"), e.getLuaTraceback());
            assertTrue(e.getLuaTraceback().contains("broken:2: in main chunk"), e.getLuaTraceback());
            LuaException t = assertThrows(LuaException.class, () -> lua.run("error({code = 5})", "t"));
            assertNotNull(t.getValue());
            LuaException deferred = assertThrows(LuaException.class, () -> {
                lua.run("require('ljuv').loop:timer():start(0, 0, function(t) t:close() error('in callback') end)", "cb");
                lua.runLoop();
            });
            assertTrue(deferred.getLuaMessage().startsWith("cb:1: in callback"), deferred.getLuaMessage());
        }
    }

    @Test
    void javaObjectsAndCollectionsReachLua() throws Exception {
        try (LuaState lua = LjuvRuntime.builder().build().newState()) {
            lua.set("list", List.of("x", "y", "z"));
            lua.set("map", Map.of("k", 42));
            lua.set("sb", new StringBuilder("java"));
            Object[] r = lua.run("sb:append('!') return #list, list[2], map.k, sb:toString()", "objects");
            assertEquals(List.of(3L, "y", 42L, "java!"), List.of(r));
            Object[] sum = lua.call("select", "#", 1, null, 3);
            assertEquals(3L, sum[0]);
        }
    }

    @Test
    void callFromAnotherThreadWhileRunningIsRefused() throws Exception {
        try (LuaState lua = LjuvRuntime.builder().build().newState()) {
            CountDownLatch inside = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            lua.setFunction("block", args -> {
                inside.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new Object[0];
            });
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread t = new Thread(() -> {
                try {
                    lua.run("block()", "blocking");
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            t.start();
            assertTrue(inside.await(10, TimeUnit.SECONDS));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> lua.run("return 1", "other"));
            assertTrue(e.getMessage().contains("one thread at a time"), e.getMessage());
            release.countDown();
            t.join();
            assertEquals(null, failure.get());
            assertEquals(1L, lua.run("return 1", "after")[0], "usable again once the other call ended");
        }
    }

    @Test
    void jsr223EngineEvaluatesWithBindings() throws Exception {
        ScriptEngine engine = new ScriptEngineManager().getEngineByName("ljuv");
        assertNotNull(engine, "the ljuv engine is registered");
        assertNotNull(new ScriptEngineManager().getEngineByName("luajit"));
        engine.put("x", 20);
        engine.put("name", "bindings");
        StringWriter out = new StringWriter();
        engine.getContext().setWriter(out);
        assertEquals(42L, engine.eval("print(name) return x * 2 + 2"));
        assertEquals("bindings\n", out.toString());
        assertEquals("LuaJIT 2.1.0-beta3", engine.eval("return jit and jit.version or 'LuaJIT 2.1.0-beta3'"));
        ScriptException e = assertThrows(ScriptException.class, () -> engine.eval("error('nope')"));
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
    }

    @Test
    void streamsAreConfigurable() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (LuaState lua = LjuvRuntime.builder().stdout(out).build().newState()) {
            lua.run("print('to the stream', 1/3) io.write('more') io.stdout:flush()", "streams");
        }
        out.flush();
        assertEquals("to the stream\t0.33333333333333\nmore", bytes.toString(StandardCharsets.UTF_8));
        java.io.InputStream in = new java.io.ByteArrayInputStream("typed line\nrest".getBytes(StandardCharsets.UTF_8));
        try (LuaState lua = LjuvRuntime.builder().stdin(in).build().newState()) {
            assertEquals(List.of("typed line", "rest"), List.of(lua.run("return io.read('*l'), io.stdin:read('*a')", "stdin")));
        }
    }

    @Test
    void preloadedJavaModule() throws Exception {
        try (LuaState lua = LjuvRuntime.builder()
                .preload("host", args -> new Object[] {Map.of("version", "1.2", "module", args[0])})
                .build().newState()) {
            assertEquals(List.of("1.2", "host"), List.of(lua.run("local h = require('host') return h.version, h.module", "p")));
        }
    }
}
