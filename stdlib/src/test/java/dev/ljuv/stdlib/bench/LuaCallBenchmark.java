package dev.ljuv.stdlib.bench;

import dev.ljuv.stdlib.vm.RuntimeOptions;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaValue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Lua calls and arithmetic, compiled to JVM classes or interpreted by LuaJ: {@code fib(20)} (21891 calls) per
 * operation, compiled as a number function ({@code NumberFunction}: a method on doubles) and, reading its bound from an
 * upvalue, which a number function does not, the ordinary way; a numeric loop of 1000 iterations with {@code %} and a
 * comparison, 1000 comparisons of table values with an integer constant ({@code CompiledSupport.eqConstant}), 1000
 * method calls on a string buffer (a type's
 * method called from the site, {@code DirectCallEmitter.methodCall}, in a JVM where other methods were called too),
 * and 1000 calls of md5's {@code tr_f} (six numbers, bit functions through upvalues) as a leaf number function and,
 * reading a constant from an upvalue instead of its parameter, the ordinary way.
 */
public class LuaCallBenchmark extends LuaBenchmark {
    @Param({"always", "off"})
    public String compile;

    private LuaValue fib;
    private LuaValue fibOrdinary;
    private LuaValue loop;
    private LuaValue twenty;
    private LuaValue count;
    private LuaValue numbers;
    private LuaValue methods;
    private LuaValue leaf;
    private LuaValue leafOrdinary;

    @Setup
    public void setup() {
        Globals g = newGlobals(RuntimeOptions.DEFAULTS.withCompile(
                compile.equals("off") ? RuntimeOptions.Compile.OFF : RuntimeOptions.Compile.ALWAYS));
        fib = g.load("local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end "
                + "return fib", "=fib").call();
        fibOrdinary = g.load("local two = 2 local function fib(n) if n < two then return n end "
                + "return fib(n - 1) + fib(n - 2) end return fib", "=fibOrdinary").call();
        loop = g.load("return function(n) local c = 0 for i = 1, n do if i % 7 == 0 then c = c + 1 end end "
                + "return c end", "=loop").call();
        twenty = LuaValue.valueOf(20);
        count = g.load("return function(t) local c = 0 for i = 1, #t do if t[i] == 3 then c = c + 1 end end "
                + "return c end", "=count").call();
        numbers = g.load("local t = {} for i = 1, 1000 do t[i] = i % 10 end return t", "=numbers").call();
        methods = g.load("local b = require('string.buffer').new() "
                + "return function(n) for i = 1, n do b:reset() end return n end", "=methods").call();
        // as in a program that uses several methods: the call all methods share meets many bodies
        g.load("local b = require('string.buffer').new() local f = {b.reset, b.tostring, b.free, b.get} "
                + "for i = 1, 100000 do f[i % 4 + 1](b) end", "=others").call();
        String bits = "local bit = require('bit') local rol, bxor, band = bit.rol, bit.bxor, bit.band local k = 32767 ";
        leaf = g.load(bits + "local function tr(a, b, c, d, x, s) "
                + "return rol(bxor(d, band(b, bxor(c, d))) + a + x, s) + b end "
                + "return function(n) local a = 0 for i = 1, n do a = tr(a, i, 3, 4, 32767, 7) % 4294967296 end "
                + "return a % 1000 end", "=leaf").call();
        leafOrdinary = g.load(bits + "local function tr(a, b, c, d, x, s) "
                + "return rol(bxor(d, band(b, bxor(c, d))) + a + k, s) + b end "
                + "return function(n) local a = 0 for i = 1, n do a = tr(a, i, 3, 4, 0, 7) % 4294967296 end "
                + "return a % 1000 end", "=leafOrdinary").call();
        expectResult(85, LuaValue.valueOf(1000), leaf, leafOrdinary); // luajit's
        expectResult(6765, twenty, fib);
        expectResult(6765, twenty, fibOrdinary);
        expectResult(142, LuaValue.valueOf(1000), loop); // multiples of 7 up to 1000
        expectResult(100, numbers, count); // i % 10 == 3 for i = 1..1000
        expectResult(1000, LuaValue.valueOf(1000), methods);
    }

    @Benchmark
    public LuaValue fib20() {
        return fib.call(twenty);
    }

    @Benchmark
    public LuaValue fibOrdinary20() {
        return fibOrdinary.call(twenty);
    }

    @Benchmark
    public LuaValue loop1000() {
        return loop.call(LuaValue.valueOf(1000));
    }

    @Benchmark
    public LuaValue compareConstant1000() {
        return count.call(numbers);
    }

    @Benchmark
    public LuaValue leafCall1000() {
        return leaf.call(LuaValue.valueOf(1000));
    }

    @Benchmark
    public LuaValue leafOrdinary1000() {
        return leafOrdinary.call(LuaValue.valueOf(1000));
    }

    @Benchmark
    public LuaValue methodCall1000() {
        return methods.call(LuaValue.valueOf(1000));
    }
}
