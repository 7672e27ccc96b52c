package dev.ljuv.stdlib.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ljuv.stdlib.LuaJitStdlib;
import dev.ljuv.stdlib.lib.io.StdStreams;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.Globals;
import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;

/**
 * The registers a function surely writes before it reads them: the compiler's code passes (so that a loaded function
 * keeps its code as dumped), a read of a register no path wrote does not (that function gets its LOADNIL).
 */
class DefiniteWritesTest {
    private static final Globals G = LuaJitStdlib.newGlobals(new StdStreams(InputStream.nullInputStream(),
            new PrintStream(OutputStream.nullOutputStream()), new PrintStream(OutputStream.nullOutputStream())));

    /** The first inner function of {@code source}'s chunk, as LuaJ's compiler made it. */
    private static Prototype function(String source) {
        return ((LuaClosure) G.get("load").call(LuaValue.valueOf(source))).p.p[0];
    }

    @Test
    void theCompilersCodeWritesFirst() {
        for (String body : new String[] {
            "local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end",
            "local function f(a) local t = {} for i = 1, a do t[i] = i * 2 end return t end",
            "local function f(t) local s = 0 for k, v in pairs(t) do s = s + v end return s, #t end",
            "local function f(a, b) local x = a and b or 'z' return x, not a, -b end",
            "local function f(...) local a, b = ... return select('#', ...), a, b, {...} end",
            "local function f(o) local up = 1 local g = function() up = up + 1 return o:m(up) end return g end",
            "local function f(a) while a > 0 do a = a - 1 end repeat a = a + 1 until a > 3 return a .. 'x' end",
            "local function f(t, k) t[k], t.x = t.x, t[k] return print(t[k], g(k)) end",
            "local function f(c) local x if c then x = 1 end return x end", // LuaJ's compiler writes nil there
        }) {
            assertTrue(DefiniteWrites.writesFirst(function(body)), body);
        }
    }

    @Test
    void aForgedReadOfAnUnwrittenRegisterIsFound() {
        Prototype p = new Prototype();
        p.numparams = 1;
        p.maxstacksize = 3;
        p.k = new LuaValue[0];
        p.upvalues = new org.luaj.vm2.Upvaldesc[0];
        p.p = new Prototype[0];
        // RETURN 0 3: returns registers 0 and 1; register 1 was never written
        p.code = new int[] {Lua.OP_RETURN | 0 << Lua.POS_A | 3 << Lua.POS_B};
        assertFalse(DefiniteWrites.writesFirst(p));
        p.code = new int[] {Lua.OP_RETURN | 0 << Lua.POS_A | 2 << Lua.POS_B}; // register 0: the parameter
        assertTrue(DefiniteWrites.writesFirst(p));
        // written on one branch only: TEST 0 skips the LOADK that writes register 1
        p.k = new LuaValue[] {LuaValue.valueOf(1)};
        p.code = new int[] {
            Lua.OP_TEST | 0 << Lua.POS_A,
            Lua.OP_JMP | (1 + Lua.MAXARG_sBx) << Lua.POS_Bx,
            Lua.OP_LOADK | 1 << Lua.POS_A,
            Lua.OP_RETURN | 1 << Lua.POS_A | 2 << Lua.POS_B,
        };
        assertFalse(DefiniteWrites.writesFirst(p));
        p.code[1] = Lua.OP_JMP | Lua.MAXARG_sBx << Lua.POS_Bx; // a jump to the next instruction: written on both
        assertTrue(DefiniteWrites.writesFirst(p));
    }

    @Test
    void aLoadedFunctionKeepsItsCodeWhenItWritesFirst() {
        String maker = "return function() local function fib(n) if n < 2 then return n end "
                + "return fib(n - 1) + fib(n - 2) end return fib end";
        LuaValue make = G.get("load").call(LuaValue.valueOf(maker)).call();
        LuaString dumped = (LuaString) G.get("string").get("dump").call(make);
        LuaClosure fib = (LuaClosure) G.get("load").call(dumped).call();
        assertArrayEquals(((LuaClosure) make).p.p[0].code, fib.p.code);
        assertEquals(LuaValue.valueOf(6765), fib.call(LuaValue.valueOf(20)));
    }
}
