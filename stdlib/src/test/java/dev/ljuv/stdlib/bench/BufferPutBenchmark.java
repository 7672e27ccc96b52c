package dev.ljuv.stdlib.bench;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Setup;

/**
 * The {@code buffer_build} Lua benchmark's work, 1000 {@code buf:put("k", i % 10, ";")} and one
 * {@code tostring} per operation: driven from Java ({@code putFromJava}: the buffer's own cost; and with three
 * strings) and as the compiled Lua loop ({@code putFromLua}: with the Lua call, the loop and the arithmetic
 * around it). Scores are puts per second.
 */
public class BufferPutBenchmark extends LuaBenchmark {
    private LuaValue buf;
    private LuaValue put;
    private LuaValue tostring;
    private LuaValue reset;
    private LuaValue k;
    private LuaValue semicolon;
    private LuaValue[] digits;
    private LuaValue luaLoop;

    @Setup
    public void setup() {
        Globals g = newGlobals();
        LuaValue buffer = g.get("require").call(LuaValue.valueOf("string.buffer"));
        buf = buffer.get("new").call();
        put = buf.get("put");
        tostring = buf.get("tostring");
        reset = buf.get("reset");
        k = LuaValue.valueOf("k");
        semicolon = LuaValue.valueOf(";");
        digits = new LuaValue[10];
        for (int i = 0; i < 10; i++) {
            digits[i] = LuaValue.valueOf(i);
        }
        luaLoop = g.load("""
                local buf = ...
                return function()
                  for i = 1, 1000 do buf:put("k", i % 10, ";") end
                  local s = buf:tostring()
                  buf:reset()
                  return s
                end""", "=loop").call(buf);
    }

    /** 1000 puts of three pieces, the middle one a digit or a string, then the text. */
    private LuaValue putThousand(boolean digit) {
        for (int i = 1; i <= 1000; i++) {
            put.invoke(LuaValue.varargsOf(new LuaValue[] {buf, k, digit ? digits[i % 10] : k, semicolon}));
        }
        LuaValue s = tostring.call(buf);
        reset.call(buf);
        return s;
    }

    @Benchmark
    @OperationsPerInvocation(1000)
    public LuaValue putFromJava() {
        return putThousand(true);
    }

    @Benchmark
    @OperationsPerInvocation(1000)
    public LuaValue putThreeStringsFromJava() {
        return putThousand(false);
    }

    @Benchmark
    @OperationsPerInvocation(1000)
    public Varargs putFromLua() {
        return luaLoop.call();
    }
}
