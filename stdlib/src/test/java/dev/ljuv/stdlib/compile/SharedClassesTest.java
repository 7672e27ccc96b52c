package dev.ljuv.stdlib.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.ljuv.stdlib.LuaJitStdlib;
import dev.ljuv.stdlib.lib.io.StdStreams;
import dev.ljuv.stdlib.vm.RuntimeOptions;
import dev.ljuv.stdlib.vm.RuntimeOptions.Compile;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/** One generated class per distinct function in the JVM, with each state's own instance of it. */
class SharedClassesTest {
    private static Globals state(Compile mode) {
        PrintStream none = new PrintStream(OutputStream.nullOutputStream());
        return LuaJitStdlib.newGlobals(new StdStreams(InputStream.nullInputStream(), none, none),
                RuntimeOptions.DEFAULTS.withCompile(mode));
    }

    private static CompiledFunction code(LuaValue f) {
        CompiledFunction c = CompiledChunk.code(((LuaClosure) f).p);
        assertNotNull(c, "compiled");
        return c;
    }

    private static final String COUNTER =
            "return function(n) local s = 0 for i = 1, n do s = s + i * scale end return s end";

    @Test
    void statesLoadingTheSameFunctionShareItsClassAndKeepTheirOwnCaches() {
        Globals a = state(Compile.ALWAYS);
        Globals b = state(Compile.ALWAYS);
        LuaValue fa = a.load(COUNTER, "=a").call();
        LuaValue fb = b.load(COUNTER, "=b").call();
        assertSame(code(fa).getClass(), code(fb).getClass());
        assertNotSame(code(fa), code(fb), "each state its own instance: the inline caches of its globals");
        a.set("scale", 1);
        b.set("scale", 10);
        for (int i = 0; i < 3; i++) { // alternating: each state's global read reads its own table
            assertEquals(55, fa.call(LuaValue.valueOf(10)).toint());
            assertEquals(550, fb.call(LuaValue.valueOf(10)).toint());
        }
    }

    @Test
    void functionsThatDifferOnlyInTheirConstantsHaveClassesOfTheirOwn() {
        Globals s = state(Compile.ALWAYS);
        Globals interpreted = state(Compile.OFF);
        List<Class<?>> classes = new ArrayList<>();
        for (String k : new String[] {"1", "2", "'1'", "0.5", "true", "x"}) {
            LuaValue f = s.load("return function() return " + k + " end", "=t").call();
            classes.add(code(f).getClass());
            assertEquals(interpreted.load("return " + k, "=k").call(), f.call(), k);
        }
        assertEquals(classes.size(), Set.copyOf(classes).size(), classes.toString());
    }

    @Test
    void aSharedClassReportsEachStatesOwnLinesAndNames() {
        Globals a = state(Compile.ALWAYS);
        Globals b = state(Compile.ALWAYS);
        String f = "return function(t) return t.x.y end";
        LuaValue fa = a.load(f, "=first").call();
        LuaValue fb = b.load("\n\n" + f, "=second").call();
        assertSame(code(fa).getClass(), code(fb).getClass(), "lines are read from the closure's prototype");
        Varargs ea = a.get("pcall").invoke(LuaValue.varargsOf(fa, new LuaTable()));
        Varargs eb = b.get("pcall").invoke(LuaValue.varargsOf(fb, new LuaTable()));
        assertEquals("first:1: attempt to index field 'x' (a nil value)", ea.arg(2).tojstring());
        assertEquals("second:3: attempt to index field 'x' (a nil value)", eb.arg(2).tojstring());
    }

    @Test
    void smallFunctionsAreNamedForTheJitsDirectivesAndSelfCallsApart() {
        // bin/jvm.args: S<n> and R<n> bodies inlined into their entry; R<n> (calls itself) not inlined into callers
        Globals s = state(Compile.ALWAYS);
        Varargs f = s.load("local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end "
                + "local function leaf(t) return t.x end "
                + "local function big(t) local s = 0 " + "s = s + t.a * t.b - t.c ".repeat(40) + "return s end "
                + "return fib, leaf, big", "=t").invoke();
        assertEquals(55, f.arg(1).call(LuaValue.valueOf(10)).toint());
        assertEquals("R", code(f.arg(1)).getClass().getSimpleName().substring(0, 1), "calls itself");
        assertEquals("S", code(f.arg(2)).getClass().getSimpleName().substring(0, 1), "small");
        assertEquals("F", code(f.arg(3)).getClass().getSimpleName().substring(0, 1), "past " + CompiledChunk.SMALL + " bytes");
    }

    @Test
    void aClassIsUnloadedWithTheLastStateHoldingIt() throws Exception {
        // on this thread, which goes on: once it forgets its finished calls (as a thread does when it leaves an
        // embedded state, or ends), the frames it keeps for its next calls no longer hold the state
        java.lang.ref.WeakReference<Class<?>> unloaded =
                loadOnce("return function(...) return 'unloaded', select('#', ...) end");
        dev.ljuv.stdlib.vm.LuaStacks.forgetFinishedCalls();
        for (int i = 0; i < 50 && unloaded.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertEquals(null, unloaded.get(), "still loaded with no state holding it");
    }

    private static java.lang.ref.WeakReference<Class<?>> loadOnce(String source) {
        Globals s = state(Compile.ALWAYS);
        LuaValue f = s.load(source, "=once").call();
        assertEquals("unloaded", f.call().tojstring());
        return new java.lang.ref.WeakReference<>(code(f).getClass());
    }

    @Test
    void eightThreadsWithAStateEachRunOneClassOfTheirHotFunction() throws Exception {
        Set<Class<?>> classes = ConcurrentHashMap.newKeySet();
        Set<Object> instances = ConcurrentHashMap.newKeySet();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int scale = t + 1;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    Globals s = state(Compile.AUTO);
                    s.set("scale", scale);
                    LuaValue f = s.load(COUNTER, "=worker").call();
                    for (int i = 0; i < CompiledChunk.HOT_CALLS + 10; i++) {
                        assertEquals(55 * scale, f.call(LuaValue.valueOf(10)).toint());
                    }
                    classes.add(code(f).getClass());
                    instances.add(code(f));
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(List.of(), failures);
        assertEquals(1, classes.size(), "one class for the 8 states");
        assertEquals(8, instances.size());
    }
}
