package dev.ljuv.stdlib.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ljuv.stdlib.LuaJitStdlib;
import dev.ljuv.stdlib.lib.io.StdStreams;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.ref.WeakReference;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.ZeroArgFunction;

/** The coroutine engine from Java: what Lua spec files cannot observe (GC, threads, the fallback). */
class CoroutineEngineTest {
    private static Globals globals() {
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
        return LuaJitStdlib.newGlobals(new StdStreams(InputStream.nullInputStream(), sink, sink));
    }

    /** The coroutine that chunk {@code code} (named {@code name}) of {@code g} returns. */
    private static Coroutine made(Globals g, String code, String name) {
        return (Coroutine) g.load(code, name).call();
    }

    @Test
    void usesContinuationsWhenExported() {
        assertTrue(Coroutine.continuationsAvailable(), "tests run with --add-exports java.base/jdk.internal.vm");
    }

    @Test
    void unreachableSuspendedCoroutineIsCollected() throws Exception {
        Globals g = globals();
        WeakReference<LuaValue> ref = suspendedCoroutine(g);
        for (int i = 0; i < 300 && ref.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertNull(ref.get(), "a suspended coroutine nobody references must be reclaimed");
    }

    /**
     * Issue 22's memory bound: 100k suspended coroutines stay under 250 MB of live heap, on continuations (each with
     * its continuation's frozen frames, its Lua frame and registers: 1.4 KB each when written, 142 MB; LuaJIT: 0.5
     * KB) and frameless (its frame and registers). They are still resumable afterwards.
     */
    @Test
    void hundredThousandSuspendedCoroutinesStayUnder250MB() {
        // all the yield's results passed on (select): no generator, a continuation each
        LuaValue cos = suspendedUnder250MB("local b = select(1, coroutine.yield(a + 1))");
        assertTrue(!((Coroutine) cos.get(2)).frameless());
    }

    @Test
    void hundredThousandSuspendedFramelessCoroutinesStayUnder250MB() {
        LuaValue cos = suspendedUnder250MB("local b = coroutine.yield(a + 1)");
        assertTrue(((Coroutine) cos.get(2)).frameless(), "the second coroutine of a body without a loop");
    }

    /** 100k coroutines of {@code function(a) <yield> return a + b end}, each suspended at its yield (their table). */
    private static LuaValue suspendedUnder250MB(String yield) {
        Globals g = globals();
        long before = liveHeap();
        LuaValue held = g.load("local cos = {} "
                + "for i = 1, 100000 do "
                + "  local co = coroutine.create(function(a) " + yield + " return a + b end) "
                + "  assert(select(2, coroutine.resume(co, i)) == i + 1) cos[i] = co "
                + "end return cos", "=many").call();
        long grown = liveHeap() - before;
        assertTrue(grown < 250L << 20, "100k suspended coroutines hold " + (grown >> 20) + " MB");
        Varargs last = g.load("local cos = ... local n = 0 "
                + "for i = 1, #cos, 9999 do assert(coroutine.status(cos[i]) == 'suspended') "
                + "  local ok, v = coroutine.resume(cos[i], 1) assert(ok and v == i + 1) n = n + 1 end "
                + "return n, #cos", "=resume").invoke(held);
        assertEquals(11, last.arg1().toint());
        assertEquals(100000, last.arg(2).toint());
        return held;
    }

    /** Heap bytes in use after full collections. */
    private static long liveHeap() {
        java.lang.management.MemoryMXBean memory = java.lang.management.ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static WeakReference<LuaValue> suspendedCoroutine(Globals g) {
        LuaValue co = g.load("local big = string.rep('x', 1000000) "
                + "return coroutine.create(function() coroutine.yield(#big) end)", "=gc").call();
        Varargs r = ((Coroutine) co).resume(LuaValue.NONE);
        assertEquals(1000000, r.arg(2).toint());
        return new WeakReference<>(co);
    }

    @Test
    void resumingFromAnotherThreadWhileRunningIsRefused() throws Exception {
        Globals g = globals();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        g.set("block", new ZeroArgFunction() {
            @Override
            public LuaValue call() {
                inside.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return NIL;
            }
        });
        Coroutine co = made(g, "return coroutine.create(function() block() return 'ok' end)", "=t");
        AtomicReference<Varargs> first = new AtomicReference<>();
        Thread runner = new Thread(() -> first.set(co.resume(LuaValue.NONE)));
        runner.start();
        assertTrue(inside.await(10, TimeUnit.SECONDS));
        Varargs second = co.resume(LuaValue.NONE);
        release.countDown();
        runner.join();
        assertEquals(LuaValue.FALSE, second.arg1());
        assertEquals("cannot resume coroutine: it is running on another thread", second.arg(2).tojstring());
        assertEquals("ok", first.get().arg(2).tojstring());
    }

    @Test
    void virtualThreadFallbackHasTheSameSemantics() {
        Globals g = globals();
        LuaValue body = g.load("local a = ... local b = coroutine.yield(a + 1) error({b})", "=fallback");
        Coroutine co = new Coroutine(g, body, ThreadExecution::new);
        Varargs r1 = co.resume(LuaValue.valueOf(1));
        assertEquals(LuaValue.TRUE, r1.arg1());
        assertEquals(2, r1.arg(2).toint());
        assertEquals("suspended", co.getStatus());
        Varargs r2 = co.resume(LuaValue.valueOf("v"));
        assertEquals(LuaValue.FALSE, r2.arg1());
        assertEquals("v", r2.arg(2).get(1).tojstring());
        assertEquals("dead", co.getStatus());
    }

    /**
     * A body that only yields runs without a continuation (FramelessExecution) while it does, with the same values
     * as one on a continuation; its first other call moves the rest of it to one.
     */
    @Test
    void aBodyThatOnlyYieldsRunsFramelessUntilItCallsAnythingElse() {
        Globals g = globals();
        Coroutine gen = made(g, "local yield = coroutine.yield "
                + "return coroutine.create(function(a) while a < 5 do a = yield(a * 2) end "
                + "  local s = tostring(a) return s .. '!' end)", "=gen");
        assertTrue(gen.frameless(), "a new generator");
        for (int i = 1; i < 5; i++) {
            assertEquals(i * 2, framelessSwitch(gen, LuaValue.valueOf(i), "yield " + i).toint());
        }
        Varargs last = gen.resume(LuaValue.valueOf(5));
        assertEquals("5!", last.arg(2).tojstring(), "tostring called on the continuation");
        assertTrue(!gen.frameless(), "moved to a continuation at its call of tostring");
        assertEquals("dead", gen.getStatus());
        Coroutine other = made(g, "return coroutine.create(function(...) return select('#', ...) end)",
                "=other");
        assertTrue(!other.frameless(), "a body that passes ... on is not a generator");
    }

    /** Resumes {@code co} with {@code in}, which yields one value, still frameless afterwards; that value. */
    private static LuaValue framelessSwitch(Coroutine co, Varargs in, String label) {
        Varargs r = co.resume(in);
        assertEquals(LuaValue.TRUE, r.arg1(), label);
        assertTrue(co.frameless(), "frameless after " + label);
        return r.arg(2);
    }

    /** A call of a Lua function that is a generator too (a helper that yields) keeps the body frameless. */
    @Test
    void aCalledGeneratorKeepsTheBodyFrameless() {
        Globals g = globals();
        Coroutine co = made(g, "local yield = coroutine.yield "
                + "local function twice(x) for i = 1, 2 do x = yield(x + i) end return x * 10 end "
                + "return coroutine.create(function(a) while true do a = twice(a) end end)", "=chain");
        int[] expected = {1, 12, 41, 402};
        int[] sent = {0, 10, 4, 400};
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k], framelessSwitch(co, LuaValue.valueOf(sent[k]), "switch " + k).toint());
        }
    }

    /**
     * A generic for over pairs steps in the body's own code, and library functions (assert, type, coroutine.status
     * and running) are called by the runtime: the generator stays frameless.
     */
    @Test
    void aGeneratorOverPairsStaysFrameless() {
        Globals g = globals();
        Coroutine co = made(g, "local t = {} for i = 1, 10 do t['k' .. i] = i end "
                + "return coroutine.create(function() for k, v in pairs(t) do "
                + "  local me = coroutine.running() "
                + "  assert(coroutine.status(me) == 'running' and type(k) == 'string') "
                + "  coroutine.yield(v) end end)", "=pairs");
        int sum = 0;
        for (int k = 0; k < 10; k++) {
            sum += framelessSwitch(co, LuaValue.NONE, (k + 1) + " keys").toint();
        }
        assertEquals(55, sum);
    }

    /** A Java function the body calls sees the body running on its thread, frameless at first or not. */
    @Test
    void aFramelessBodyRunsOnItsResumersThread() {
        Globals g = globals();
        java.util.List<Boolean> seen = new java.util.ArrayList<>();
        g.set("probe", new ZeroArgFunction() {
            @Override
            public LuaValue call() {
                seen.add(((Coroutine) g.running).runsOn(Thread.currentThread()));
                return NIL;
            }
        });
        Coroutine co = made(g, "return coroutine.create(function() "
                + "for i = 1, 2 do coroutine.yield(i) end probe() end)", "=probe");
        co.resume(LuaValue.NONE);
        assertTrue(co.frameless());
        co.resume(LuaValue.NONE);
        co.resume(LuaValue.NONE);
        assertEquals(java.util.List.of(true), seen);
    }

    /** Global {@code name} of {@code g}: a function that frameless bodies call as {@code frameless} says. */
    private static void setWaiting(Globals g, String name, Generator.Waits frameless) {
        g.set(name, dev.ljuv.stdlib.lua.Functions.waiting(name, a -> LuaValue.valueOf("called the ordinary way"),
                frameless));
    }

    /**
     * A Java function that waits without a continuation ({@link Generator.Waits}: a cosocket's read) keeps the body
     * frameless: it answers WAIT, the resume that ends the wait makes the call again (its values dropped), and its
     * results then go to the body as a call's.
     */
    @Test
    void aWaitingJavaFunctionKeepsTheBodyFrameless() {
        Globals g = globals();
        java.util.List<String> calls = new java.util.ArrayList<>();
        setWaiting(g, "receive", (a, again) -> {
            calls.add(a.arg1().tojstring() + (again ? " again" : ""));
            return again ? LuaValue.valueOf("got " + a.arg1().tojstring()) : Generator.WAIT;
        });
        Coroutine co = made(g, "return coroutine.create(function() "
                + "for i = 1, 2 do local a = receive(1) local b = receive(2) coroutine.yield(a .. ', ' .. b) end end)",
                "=waits");
        assertEquals(1, co.resume(LuaValue.NONE).narg(), "waiting: the resume gets nothing but true");
        assertTrue(co.frameless());
        assertEquals("suspended", co.getStatus());
        assertEquals(1, co.resume(LuaValue.valueOf("dropped")).narg(), "waiting in the second call");
        assertEquals("got 1, got 2", framelessSwitch(co, LuaValue.NONE, "two waits").tojstring());
        assertEquals(java.util.List.of("1", "1 again", "2", "2 again"), calls);
    }

    /** What is left of a waiting function's call that needs Lua ({@link Generator.Rest}) runs on a continuation. */
    @Test
    void aWaitingFunctionsRestRunsOnAContinuation() {
        Globals g = globals();
        setWaiting(g, "send",
                (a, again) -> new Generator.Rest(() -> Coroutine.yield(g, LuaValue.valueOf("from the rest"))));
        Coroutine co = made(g, "return coroutine.create(function() "
                + "for i = 1, 2 do coroutine.yield(i) end local r = send() return 'sent: ' .. r end)", "=rest");
        assertEquals(1, framelessSwitch(co, LuaValue.NONE, "first yield").toint());
        assertEquals(2, framelessSwitch(co, LuaValue.NONE, "second yield").toint());
        Varargs r = co.resume(LuaValue.NONE);
        assertEquals("from the rest", r.arg(2).tojstring());
        assertTrue(!co.frameless(), "on a continuation since the rest yielded");
        r = co.resume(LuaValue.valueOf("back"));
        assertEquals("sent: back", r.arg(2).tojstring());
        assertEquals("dead", co.getStatus());
    }

    /** A body waiting in such a call when a debug hook is set goes on on a continuation, the call made again there. */
    @Test
    void aWaitingCallTakenUpUnderAHookWaitsOnTheContinuation() {
        Globals g = globals();
        java.util.List<Boolean> again = new java.util.ArrayList<>();
        setWaiting(g, "receive", (a, repeated) -> {
            again.add(repeated);
            return again.size() < 3 ? Generator.WAIT : LuaValue.valueOf("data");
        });
        Coroutine co = made(g, "return coroutine.create(function() "
                + "for i = 1, 2 do local d = receive() return d .. '!' end end)", "=hooked");
        co.resume(LuaValue.NONE);
        assertTrue(co.frameless(), "waiting frameless");
        g.load("debug.sethook(function() end, 'c')").call();
        try {
            assertEquals(1, co.resume(LuaValue.NONE).narg(), "waiting again, on the continuation");
            assertTrue(!co.frameless());
            Varargs r = co.resume(LuaValue.NONE);
            assertEquals("data!", r.arg(2).tojstring());
            assertEquals("dead", co.getStatus());
            assertEquals(java.util.List.of(false, true, true), again);
        } finally {
            g.load("debug.sethook()").call();
        }
    }
}
