package dev.ljuv.stdlib.bench;

import dev.ljuv.stdlib.vm.Coroutine;
import dev.ljuv.stdlib.vm.LuaJitGlobals;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/** One resume/yield pair of a Lua coroutine, driven from Java (the engine's raw switch cost). */
public class CoroutineSwitchBenchmark extends LuaBenchmark {
    private LuaThread coroutine;
    private Varargs arg;

    @Setup
    public void setup() {
        LuaJitGlobals g = newGlobals();
        LuaValue body = g.load("local x = ... while true do x = coroutine.yield(x) end", "=bench");
        coroutine = Coroutine.create(g, body);
        arg = LuaValue.valueOf(1);
    }

    @Benchmark
    public Varargs resumeYieldPair() {
        return coroutine.resume(arg);
    }
}
