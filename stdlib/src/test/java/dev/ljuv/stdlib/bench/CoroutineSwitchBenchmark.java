package dev.ljuv.stdlib.bench;

import dev.ljuv.stdlib.coroutine.CoroutineLibrary;
import java.util.concurrent.TimeUnit;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** One resume/yield pair of a Lua coroutine, driven from Java (the engine's raw switch cost). */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED", "-XX:+UseSerialGC"})
public class CoroutineSwitchBenchmark {
    private LuaThread coroutine;
    private Varargs arg;

    @Setup
    public void setup() {
        Globals g = BenchStates.newGlobals();
        LuaValue body = g.load("local x = ... while true do x = coroutine.yield(x) end", "=bench");
        coroutine = CoroutineLibrary.create(g, body);
        arg = LuaValue.valueOf(1);
    }

    @Benchmark
    public Varargs resumeYieldPair() {
        return coroutine.resume(arg);
    }
}
