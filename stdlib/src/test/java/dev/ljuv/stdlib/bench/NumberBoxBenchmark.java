package dev.ljuv.stdlib.bench;

import dev.ljuv.stdlib.vm.RuntimeOptions;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaValue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Setup;

/**
 * Numbers computed unboxed that leave the arithmetic as Lua values ({@code NumberBoxes.box(double)}), 1000 per
 * operation in a loop: a fraction stored into an object's field ({@code o.x = o.x * 0.5 + 0.25}, as a simulation's
 * bodies are updated), and integral sums past the int range stored into an array (md5's 32-bit words), both read
 * back by the next iteration; and nested {@code bit} calls whose results stay numbers between them
 * ({@code band(rshift(x, 3) + i, 0xff)}, a sieve's or a hash's words). The score is stores (calls) per second.
 */
public class NumberBoxBenchmark extends LuaBenchmark {
    private static final int N = 1000;

    private LuaValue fractions;
    private LuaValue words;
    private LuaValue bitCalls;
    private final LuaValue n = LuaValue.valueOf(N);

    @Setup
    public void setup() {
        Globals g = newGlobals(RuntimeOptions.DEFAULTS.withCompile(RuntimeOptions.Compile.ALWAYS));
        fractions = g.load("local n = ... local o = {x = 0.1} for i = 1, n do local y = o.x * 0.5 + 0.25 o.x = y "
                + "end return o.x <= 0.5 and n or 0", "=fractions");
        words = g.load("local n = ... local t = {3000000000, 1} for i = 1, n do local s = t[1] + 1 t[2] = s + 0 "
                + "t[1] = s - 1 end return t[2] > 2^31 and n or 0", "=words");
        bitCalls = g.load("local band, bxor, rshift = bit.band, bit.bxor, bit.rshift local n = ... local x = 12345 "
                + "for i = 1, n do x = bxor(band(rshift(x, 3) + i, 0xff), x) end return x >= 0 and n or 0", "=bitCalls");
        expectResult(N, n, fractions, words, bitCalls);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public LuaValue fractions() {
        return fractions.call(n);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public LuaValue words() {
        return words.call(n);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public LuaValue bitCalls() {
        return bitCalls.call(n);
    }
}
