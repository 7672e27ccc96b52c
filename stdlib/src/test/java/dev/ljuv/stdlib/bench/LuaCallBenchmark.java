package dev.ljuv.stdlib.bench;

import dev.ljuv.stdlib.vm.RuntimeOptions;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaValue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Lua calls and arithmetic, compiled to JVM classes or interpreted by LuaJ: {@code fib(20)} (21891 calls) per
 * operation, and a numeric loop of 1000 iterations with {@code %} and a comparison.
 */
public class LuaCallBenchmark extends LuaBenchmark {
    @Param({"always", "off"})
    public String compile;

    private LuaValue fib;
    private LuaValue loop;
    private LuaValue twenty;

    @Setup
    public void setup() {
        Globals g = newGlobals(RuntimeOptions.DEFAULTS.withCompile(
                compile.equals("off") ? RuntimeOptions.Compile.OFF : RuntimeOptions.Compile.ALWAYS));
        fib = g.load("local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end "
                + "return fib", "=fib").call();
        loop = g.load("return function(n) local c = 0 for i = 1, n do if i % 7 == 0 then c = c + 1 end end "
                + "return c end", "=loop").call();
        twenty = LuaValue.valueOf(20);
    }

    @Benchmark
    public LuaValue fib20() {
        return fib.call(twenty);
    }

    @Benchmark
    public LuaValue loop1000() {
        return loop.call(LuaValue.valueOf(1000));
    }
}
