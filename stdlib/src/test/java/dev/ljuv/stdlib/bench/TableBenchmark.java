package dev.ljuv.stdlib.bench;

import dev.ljuv.stdlib.vm.RuntimeOptions;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaValue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Setup;

/**
 * The tables Lua code makes ({@code dev.ljuv.stdlib.vm.Table}), 1000 operations per invocation, compiled: records of
 * four fields made by a constructor ({@code {id = i, x = i, y = 1, tag = k}}), look-ups by string key in a map of
 * 100k keys (larger than the caches: the layout's memory traffic), a map of 1000 keys filled from empty (its
 * resizes included), a map of 200k keys filled from empty (its resizes reading keys spread over the heap), an
 * array read and written by index ({@code a[i] = a[i] + 1}), and an array of fractions
 * scaled in place by floating-point code ({@code v[i] = v[i] * 0.5 + 0.25}: the numbers unboxed in the table and in
 * the loop, see {@code NumberArray}).
 */
public class TableBenchmark extends LuaBenchmark {
    private static final int N = 1000;
    private static final int LARGE = 200_000;

    private LuaValue records;
    private LuaValue lookups;
    private LuaValue fill;
    private LuaValue fillLarge;
    private LuaValue array;
    private LuaValue fractions;
    private final LuaValue n = LuaValue.valueOf(N);

    @Setup
    public void setup() {
        Globals g = newGlobals(RuntimeOptions.DEFAULTS.withCompile(RuntimeOptions.Compile.ALWAYS));
        records = g.load("local n = ... local keep = {} for i = 1, n do keep[i % 64 + 1] = {id = i, x = i, y = 1, "
                + "tag = 'r'} end return #keep + n - 64", "=records");
        lookups = g.load("local keys, map = {}, {} for i = 1, 100000 do keys[i] = 'k' .. i map[keys[i]] = i end "
                + "local j = 0 return function(n) local c = 0 for i = 1, n do j = j % 100000 + 1 "
                + "if map[keys[j]] then c = c + 1 end end return c end", "=lookups").call();
        fill = g.load("local names = {} for i = 1, 1000 do names[i] = 'f' .. i end return function(n) local t = {} "
                + "for i = 1, n do t[names[i]] = i end return n end", "=fill").call();
        fillLarge = g.load("local names = {} for i = 1, 200000 do names[i] = 'g' .. i end return function() "
                + "local t = {} for i = 1, #names do t[names[i]] = i end return #names end", "=fillLarge").call();
        array = g.load("local a = {} for i = 1, 1000 do a[i] = 0 end return function(n) for i = 1, n do "
                + "a[i] = a[i] + 1 end return n end", "=array").call();
        fractions = g.load("local v = {} for i = 1, 1000 do v[i] = i + 0.5 end return function(n) for i = 1, n do "
                + "v[i] = v[i] * 0.5 + 0.25 end return n end", "=fractions").call();
        expectResult(N, n, records, lookups, fill, array, fractions);
        expectResult(LARGE, n, fillLarge);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public LuaValue constructRecords() {
        return records.call(n);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public LuaValue lookUpInLargeMap() {
        return lookups.call(n);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public LuaValue fillMap() {
        return fill.call(n);
    }

    @Benchmark
    @OperationsPerInvocation(LARGE)
    public LuaValue fillLargeMap() {
        return fillLarge.call();
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public LuaValue readWriteArray() {
        return array.call(n);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public LuaValue scaleFractions() {
        return fractions.call(n);
    }
}
