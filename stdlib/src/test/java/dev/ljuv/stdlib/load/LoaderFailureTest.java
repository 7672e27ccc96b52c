package dev.ljuv.stdlib.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ljuv.stdlib.LuaJitStdlib;
import dev.ljuv.stdlib.lib.io.StdStreams;
import dev.ljuv.stdlib.vm.LuaJitGlobals;
import dev.ljuv.stdlib.vm.RuntimeOptions;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.Prototype;

/** A Java failure of the state's loader reaches Lua as a Lua error naming the chunk, without Java text. */
class LoaderFailureTest {
    @Test
    void aLoaderFailureIsAnInternalErrorOfTheChunk() throws Exception {
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
        LuaJitGlobals g = LuaJitStdlib.newGlobals(new StdStreams(InputStream.nullInputStream(), sink, sink),
                RuntimeOptions.DEFAULTS);
        Prototype p = g.compilePrototype(new ByteArrayInputStream(
                "local function f() return f end".getBytes(StandardCharsets.US_ASCII)), "=forged");
        p.p = new Prototype[0]; // a CLOSURE of a function that is not there: the loader's analysis fails on it
        LuaError e = assertThrows(LuaError.class, () -> g.loader.load(p, "=forged", g));
        assertEquals("forged: internal error", e.getMessage());
    }
}
