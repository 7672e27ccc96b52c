package dev.ljuv.stdlib.bench;

import dev.ljuv.stdlib.vm.Coroutine;
import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;
import dev.ljuv.stdlib.vm.LuaJitGlobals;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * One resume/yield pair of a Lua coroutine, driven from Java (the engine's raw switch cost), on a continuation and
 * frameless (the body only yields: see {@code FramelessExecution}), and the floor under the first: one run/yield pair
 * of a bare JDK continuation.
 */
public class CoroutineSwitchBenchmark extends LuaBenchmark {
    private LuaThread coroutine;
    private LuaThread generator;
    private Varargs arg;

    @Setup
    public void setup() {
        LuaJitGlobals g = newGlobals();
        LuaValue body = g.load("local x = ... while true do x = coroutine.yield(x) end", "=bench");
        coroutine = Coroutine.create(g, body);
        generator = Coroutine.create(g, body, new dev.ljuv.stdlib.compile.Generators(g, java.util.Set.of()),
                g.get("coroutine").get("yield"));
        arg = LuaValue.valueOf(1);
    }

    @Benchmark
    public Varargs framelessResumeYieldPair() {
        return generator.resume(arg);
    }

    private static final ContinuationScope SCOPE = new ContinuationScope("bench");
    private Continuation bare;

    @Setup
    public void setupBare() {
        bare = new Continuation(SCOPE, () -> {
            while (true) {
                Continuation.yield(SCOPE);
            }
        });
    }

    @Benchmark
    public Varargs resumeYieldPair() {
        return coroutine.resume(arg);
    }

    @Benchmark
    public boolean bareContinuationPair() {
        bare.run();
        return bare.isDone();
    }
}
