package dev.ljuv.java.bench;

import dev.ljuv.java.JavaAccess;
import dev.ljuv.java.JavaLibrary;
import dev.ljuv.java.JavaState;
import dev.ljuv.stdlib.LuaJitStdlib;
import dev.ljuv.stdlib.lib.io.StdStreams;
import dev.ljuv.stdlib.vm.LuaJitGlobals;
import dev.ljuv.stdlib.vm.RuntimeOptions;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.LuajavaLib;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Calls from a compiled Lua loop into Java, through the {@code java} module and through LuaJ's own
 * {@code luajava} in the same state and JVM: {@code obj:add(i, 1)} (an instance method with two ints) and
 * {@code Cls:twice(i)} (a static method), {@code obj:pick(i)} (one of four overloads), 1000 calls per operation;
 * the score is time per call. {@code luaFunctionCall} is the same loop calling a Lua function, {@code noCall} the
 * loop adding the same numbers without a call: what a call costs is a score minus that.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-XX:+UseSerialGC") // the forks inherit bin/jvm.args from bin/jmh
public class JavaCallBenchmark {
    private static final int CALLS = 1000;

    /** The Java side: what both bridges call. */
    public static final class Target {
        public int add(int a, int b) {
            return a + b;
        }

        public static int twice(int a) {
            return 2 * a;
        }

        // overloads, as most of the JDK's methods have (StringBuilder.append, Math.max, String.valueOf...)
        public int pick(int a) {
            return a;
        }

        public int pick(double a) {
            return 2;
        }

        public int pick(String a) {
            return 3;
        }

        public int pick(Object a) {
            return 4;
        }
    }

    @Param({"java", "luajava"})
    public String bridge;

    private LuaValue instanceLoop;
    private LuaValue staticLoop;
    private LuaValue overloadLoop;
    private LuaValue luaLoop;
    private LuaValue emptyLoop;
    private LuaValue object;
    private LuaValue type;
    private final LuaValue calls = LuaValue.valueOf(CALLS);

    @Setup
    public void setup() {
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
        LuaJitGlobals g = LuaJitStdlib.newGlobals(new StdStreams(InputStream.nullInputStream(), sink, sink),
                RuntimeOptions.DEFAULTS.withCompile(RuntimeOptions.Compile.ALWAYS));
        String name = Target.class.getName();
        if (bridge.equals("java")) {
            LuaValue java = JavaLibrary.loader(JavaState.install(g, JavaAccess.ALL)).call();
            type = java.get("import").call(LuaValue.valueOf(name));
            object = type.call();
        } else {
            g.load(new LuajavaLib());
            type = g.get("luajava").get("bindClass").call(LuaValue.valueOf(name));
            object = g.get("luajava").get("newInstance").call(LuaValue.valueOf(name));
        }
        instanceLoop = g.load("local o, n = ... local s = 0 for i = 1, n do s = s + o:add(i, 1) end return s", "=instance");
        staticLoop = g.load("local c, n = ... local s = 0 for i = 1, n do s = s + c:twice(i) end return s", "=static");
        overloadLoop = g.load("local o, n = ... local s = 0 for i = 1, n do s = s + o:pick(i) end return s", "=overload");
        luaLoop = g.load("local o, n = ... local function add(a, b) return a + b end "
                + "local s = 0 for i = 1, n do s = s + add(i, 1) end return s", "=lua");
        emptyLoop = g.load("local o, n = ... local s = 0 for i = 1, n do s = s + (i + 1) end return s", "=empty");
        int picked = overloadLoop.call(object, LuaValue.ONE).toint(); // 1 when pick(int) ran
        if (bridge.equals("java") && picked != 1) {
            throw new IllegalStateException("java: pick(i) chose overload " + picked);
        } else if (picked != 1) {
            // luajava's score picks pick(double) (2) or another one: timed all the same, and reported
            System.err.println(bridge + ": obj:pick(i) calls overload #" + picked + " of pick(int, double, String, Object)");
        }
        if (instanceLoop.call(object, calls).toint() != CALLS * (CALLS + 1) / 2 + CALLS
                || staticLoop.call(type, calls).toint() != CALLS * (CALLS + 1)) {
            throw new IllegalStateException(bridge + ": wrong results");
        }
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public LuaValue instanceCall() {
        return instanceLoop.call(object, calls);
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public LuaValue overloadedCall() {
        return overloadLoop.call(object, calls);
    }

    /** The floor: the same loop calling a Lua function instead (the bridge plays no part). */
    @Benchmark
    @OperationsPerInvocation(CALLS)
    public LuaValue luaFunctionCall() {
        return luaLoop.call(object, calls);
    }

    /** The loop without a call: what every other figure includes. */
    @Benchmark
    @OperationsPerInvocation(CALLS)
    public LuaValue noCall() {
        return emptyLoop.call(object, calls);
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public LuaValue staticCall() {
        return staticLoop.call(type, calls);
    }
}
