package dev.ljuv.stdlib.bench;

import dev.ljuv.stdlib.coroutine.CoroutineLibrary;
import org.luaj.vm2.Globals;
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
        Globals g = newGlobals();
        LuaValue body = g.load("local x = ... while true do x = coroutine.yield(x) end", "=bench");
        coroutine = CoroutineLibrary.create(g, body);
        arg = LuaValue.valueOf(1);
    }

    @Benchmark
    public Varargs resumeYieldPair() {
        return coroutine.resume(arg);
    }
}
