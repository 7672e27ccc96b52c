package dev.ljuv.stdlib.patch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ljuv.stdlib.LuaJitStdlib;
import dev.ljuv.stdlib.LuaStacks;
import dev.ljuv.stdlib.StdStreams;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;

/** Proves each LuaJ patch of {@link LuaJPatcher} is in effect, one test per patch. */
class LuaJPatchesTest {
    private static Globals globals() {
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
        return LuaJitStdlib.newGlobals(new StdStreams(InputStream.nullInputStream(), sink, sink));
    }

    @Test
    void errorFieldsPatchOpensFieldsAndAddsTrace() throws Exception {
        for (String name : new String[] {"level", "fileline", "traceback", ErrorFieldsPatch.TRACE_FIELD}) {
            Field f = LuaError.class.getField(name);
            assertTrue(Modifier.isPublic(f.getModifiers()), name);
        }
    }

    @Test
    void unwindHookPatchPositionsErrorsAndRecordsFrames() {
        Globals g = globals();
        LuaValue chunk = g.load("local function inner()\n error('deep', 2)\nend\nlocal function outer()\n inner()\nend\nouter()", "@t.lua");
        LuaError e = assertThrows(LuaError.class, chunk::call);
        assertEquals("t.lua:5: deep", e.getMessageObject().tojstring());
        var trace = LuaHooks.traceOf(e);
        assertNotNull(trace);
        assertEquals(3, trace.depth());
        assertEquals("stack traceback:\n\t[C]: in function 'error'\n\tt.lua:2: in function 'inner'\n"
                + "\tt.lua:5: in function 'outer'\n\tt.lua:7: in main chunk\n\t[C]: in ?", trace.traceback());
    }

    @Test
    void unwindHookPatchHidesJavaExceptionText() {
        Globals g = globals();
        LuaValue thrower = new org.luaj.vm2.lib.ZeroArgFunction() {
            @Override
            public LuaValue call() {
                throw new IllegalArgumentException("bad thing");
            }
        };
        g.set("thrower", thrower);
        LuaError e = assertThrows(LuaError.class, () -> g.load("thrower()", "=x").call());
        assertEquals("x:1: bad thing", e.getMessageObject().tojstring());
    }

    @Test
    void callDepthPatchTurnsRunawayRecursionIntoLuaError() throws Exception {
        AtomicReference<Object> result = new AtomicReference<>();
        Thread t = LuaStacks.newThread("depth", () -> {
            Globals g = globals();
            result.set(g.load("local n = 0\nlocal function f() n = n + 1; return 1 + f() end\n"
                    + "local ok, e = pcall(f) return n .. ' ' .. e", "=d").call().tojstring());
        });
        t.start();
        t.join();
        assertEquals((LuaStacks.MAX_DEPTH - 1) + " d:2: stack overflow", result.get());
    }

    @Test
    void syntaxErrorPatchNamesToken() {
        LuaError e = assertThrows(LuaError.class, () -> globals().load("x = = 1", "=c"));
        assertEquals("c:1: unexpected symbol near '='", e.getMessage());
    }
}
