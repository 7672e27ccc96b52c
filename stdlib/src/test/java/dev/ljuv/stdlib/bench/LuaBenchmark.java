package dev.ljuv.stdlib.bench;

import dev.ljuv.stdlib.LuaJitStdlib;
import dev.ljuv.stdlib.lib.io.StdStreams;
import dev.ljuv.stdlib.vm.LuaJitGlobals;
import dev.ljuv.stdlib.vm.RuntimeOptions;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import org.luaj.vm2.LuaValue;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The settings every benchmark of a Lua state shares (JMH annotations are inherited): throughput per second,
 * one forked JVM with the flags bin/ljuv gives (continuations exported, the serial collector); and the state
 * they run in.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-XX:+UseSerialGC") // the forks inherit bin/jvm.args from bin/jmh
abstract class LuaBenchmark {
    /** A Lua state with the full standard library, output discarded. */
    static LuaJitGlobals newGlobals() {
        return newGlobals(RuntimeOptions.DEFAULTS);
    }

    static LuaJitGlobals newGlobals(RuntimeOptions options) {
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
        return LuaJitStdlib.newGlobals(new StdStreams(InputStream.nullInputStream(), sink, sink), options);
    }

    /** Checks in the setup that each of {@code functions} called with {@code argument} answers {@code expected}. */
    static void expectResult(int expected, LuaValue argument, LuaValue... functions) {
        for (LuaValue f : functions) {
            int got = f.call(argument).toint();
            if (got != expected) {
                throw new IllegalStateException("wrong result: " + got + " instead of " + expected);
            }
        }
    }
}
