package dev.ljuv.stdlib.bench;

import dev.ljuv.stdlib.vm.RuntimeOptions;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaValue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Setup;

/**
 * Text read as numbers ({@code NumberScan}), 1000 per operation in a loop: {@code tonumber} of a decimal fraction,
 * of a hex float and of an integer with white space around it (a field of a parsed line), and a string in arithmetic
 * ({@code "10" + i}, as code that reads numbers from text without converting them). The score is reads per second.
 */
public class NumberTextBenchmark extends LuaBenchmark {
    private static final int N = 1000;

    private LuaValue fraction;
    private LuaValue hex;
    private LuaValue spaced;
    private LuaValue arithmetic;
    private final LuaValue n = LuaValue.valueOf(N);

    @Setup
    public void setup() {
        Globals g = newGlobals(RuntimeOptions.DEFAULTS.withCompile(RuntimeOptions.Compile.ALWAYS));
        fraction = g.load(loop("tonumber('123.5')", 123.5), "=fraction");
        hex = g.load(loop("tonumber('0x1.8p4')", 24), "=hex");
        spaced = g.load(loop("tonumber(' 42 ')", 42), "=spaced");
        arithmetic = g.load("local n = ... local s, c = '10', 0 for i = 1, n do c = c + (s + i) end "
                + "return c == 10 * n + n * (n + 1) / 2 and n or 0", "=arithmetic");
        expectResult(N, n, fraction, hex, spaced, arithmetic);
    }

    /** A chunk that sums {@code expr} n times and answers n when each read gave {@code value}. */
    private static String loop(String expr, double value) {
        return "local n = ... local c = 0 for i = 1, n do c = c + " + expr + " end return c == " + value + " * n and n or 0";
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public LuaValue fraction() {
        return fraction.call(n);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public LuaValue hex() {
        return hex.call(n);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public LuaValue spaced() {
        return spaced.call(n);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public LuaValue arithmetic() {
        return arithmetic.call(n);
    }
}
