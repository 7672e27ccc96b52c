package dev.ljuv.stdlib.bench;

import dev.ljuv.stdlib.vm.RuntimeOptions;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaValue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Setup;

/**
 * Compiled reads and writes of fields by a constant name (the sites of {@code FieldSite} and {@code MethodSite}),
 * 1000 per operation in a loop: a global function and a module's function read ({@code type}, {@code math.abs}),
 * an object's field updated ({@code o.n = o.n + 1}), a method called on an object of a class
 * ({@code o:get()}, its metatable's {@code __index} the class), and a field read across many records of four
 * fields (a site that meets another table each time: it probes the record's bucket), a map's entry read and
 * updated by a string key in a register ({@code map[k] = map[k] + 1}), a map read by keys equal to its own but
 * made apart ({@code "k" .. i}: compared by their bytes), and a chunk's array that a function reads by its loop's
 * counter ({@code arr[i]}, the table an upvalue: {@code GETTABUP}). The score is operations per second; the loop
 * without field access is {@code emptyLoop}.
 */
public class FieldAccessBenchmark extends LuaBenchmark {
    private static final int N = 1000;

    private LuaValue globals;
    private LuaValue field;
    private LuaValue method;
    private LuaValue records;
    private LuaValue keys;
    private LuaValue equalKeys;
    private LuaValue upvalueArray;
    private LuaValue empty;
    private final LuaValue n = LuaValue.valueOf(N);

    @Setup
    public void setup() {
        Globals g = newGlobals(RuntimeOptions.DEFAULTS.withCompile(RuntimeOptions.Compile.ALWAYS));
        globals = g.load("local n = ... local c = 0 for i = 1, n do "
                + "if type(i) == 'number' then c = c + math.abs(-1) end end return c", "=globals");
        field = g.load("local n = ... local o = {n = 0, step = 1} for i = 1, n do o.n = o.n + o.step end "
                + "return o.n", "=field");
        method = g.load("local n = ... local C = {} C.__index = C function C:get() return self.v end "
                + "local o = setmetatable({v = 1}, C) local c = 0 for i = 1, n do c = c + o:get() end return c",
                "=method");
        records = g.load("local n = ... local rs = {} for i = 1, 16 do rs[i] = {x = 0, y = 0, v = i, w = 0} end local c = 0 "
                + "for i = 1, n do c = c + rs[i % 16 + 1].v end return c", "=records");
        keys = g.load("local n = ... local names, map = {}, {} for i = 1, 64 do names[i] = 'key' .. i map[names[i]] = i end "
                + "local c = 0 for i = 1, n do local k = names[i % 64 + 1] map[k] = map[k] + 1 c = c + 1 end return c",
                "=keys");
        equalKeys = g.load("local map, names = {}, {} for i = 1, 1000 do map['k' .. i] = 1 end "
                + "for i = 1, 1000 do names[i] = 'k' .. (i + 0) end "
                + "return function(n) local c = 0 for i = 1, n do c = c + map[names[i]] end return c end",
                "=equalKeys").call();
        upvalueArray = g.load("local arr = {} for i = 1, 1000 do arr[i] = 1 end "
                + "return function(n) local c = 0 for i = 1, n do c = c + arr[i] end return c end", "=upvalueArray").call();
        empty = g.load("local n = ... local c = 0 for i = 1, n do c = c + 1 end return c", "=empty");
        expectResult(N, n, globals, field, method, keys, equalKeys, upvalueArray, empty);
        expectResult(8476, n, records); // the sum of i % 16 + 1 for i = 1..1000
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public LuaValue globalFunctions() {
        return globals.call(n);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public LuaValue objectField() {
        return field.call(n);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public LuaValue classMethod() {
        return method.call(n);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public LuaValue manyRecords() {
        return records.call(n);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public LuaValue stringKeys() {
        return keys.call(n);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public LuaValue equalKeys() {
        return equalKeys.call(n);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public LuaValue upvalueArray() {
        return upvalueArray.call(n);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public LuaValue emptyLoop() {
        return empty.call(n);
    }
}
