package dev.ljuv.stdlib.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ljuv.stdlib.LuaJitStdlib;
import dev.ljuv.stdlib.lib.io.StdStreams;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

/** What a state's memory measure counts: what the state reaches, each object once, weak parts left out. */
class MemoryWalkTest {
    private static final int MB = 1 << 20;

    private static LuaJitGlobals state() {
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
        return LuaJitStdlib.newGlobals(new StdStreams(InputStream.nullInputStream(), sink, sink), RuntimeOptions.DEFAULTS);
    }

    /** Bytes the state holds after running {@code code}, minus what it held before. */
    private static long grows(String code) {
        LuaJitGlobals g = state();
        long before = MemoryWalk.of(g, 16).bytes();
        g.load(code, "=w").call();
        return MemoryWalk.of(g, 16).bytes() - before;
    }

    @Test
    void countsWhatTheStateReachesOnce() {
        long one = grows("s = ('x'):rep(2^20)");
        assertTrue(one >= MB && one < MB + 512, "a global string: " + one);
        long shared = grows("s = ('x'):rep(2^20) t = {s, s, {s}} t.self = t");
        assertTrue(shared >= MB && shared < MB + 1024, "the same string in three places counts once: " + shared);
        long upvalue = grows("local s = ('x'):rep(2^20) f = function() return s end");
        assertTrue(upvalue >= MB && upvalue < MB + 512, "a closure's upvalue: " + upvalue);
        long coroutine = grows("co = coroutine.create(function() local s = ('x'):rep(2^20) coroutine.yield() return s end) "
                + "coroutine.resume(co)");
        assertTrue(coroutine >= MB && coroutine < MB + 2048, "a suspended coroutine's registers: " + coroutine);
        long buffer = grows("b = require('string.buffer').new() b:put(('x'):rep(2^20))");
        assertTrue(buffer >= MB, "a buffer's contents: " + buffer);
        long many = grows("t = {} for i = 1, 10000 do t[i] = {i} end");
        assertTrue(many > 10000 * 48 && many < 10000 * 200, "ten thousand small tables: " + many);
    }

    @Test
    void anArrayOfNumbersCountsItsNumbers() {
        long fractions = grows("t = {} for i = 1, 100000 do t[i] = i + 0.5 end");
        assertTrue(fractions >= 100000 * 8 && fractions < 100000 * 8 * 3, "held unboxed, 8 bytes each: " + fractions);
    }

    @Test
    void weakPartsAndUnreachableValuesAreNotCounted() {
        long weakValues = grows("cache = setmetatable({}, {__mode = 'v'}) cache[1] = ('x'):rep(2^20)");
        assertTrue(weakValues < 4096, "a weak value: " + weakValues);
        long weakKeys = grows("cache = setmetatable({}, {__mode = 'k'}) cache[('x'):rep(2^20)] = true");
        assertTrue(weakKeys < 4096, "a weak key: " + weakKeys);
        long dropped = grows("local t = {('x'):rep(2^20)} t = nil");
        assertTrue(dropped < 4096, "garbage: " + dropped);
    }

    @Test
    void aRunningCallsRegistersAreCounted() {
        LuaJitGlobals g = state();
        long[] during = new long[1];
        g.set("measure", new org.luaj.vm2.lib.ZeroArgFunction() {
            @Override
            public org.luaj.vm2.LuaValue call() {
                during[0] = MemoryWalk.of(g, 16).bytes();
                return NIL;
            }
        });
        long before = MemoryWalk.of(g, 16).bytes();
        g.load("local s = ('x'):rep(2^20) measure() return #s", "=r").call();
        assertTrue(during[0] - before >= MB, "a local of the running chunk: " + (during[0] - before));
        assertEquals(0, MemoryWalk.of(g, 16).bytes() - before, 1024, "gone once the call returned");
    }
}
