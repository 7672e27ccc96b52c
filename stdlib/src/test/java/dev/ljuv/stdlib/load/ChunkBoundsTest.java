package dev.ljuv.stdlib.load;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ljuv.stdlib.LuaJitStdlib;
import dev.ljuv.stdlib.lib.io.StdStreams;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;

/** A chunk's declared sizes against its length: real dumps pass, a forged count or a cut chunk does not. */
class ChunkBoundsTest {
    private static byte[] dump(String source) {
        Globals g = LuaJitStdlib.newGlobals(new StdStreams(InputStream.nullInputStream(),
                new PrintStream(OutputStream.nullOutputStream()), new PrintStream(OutputStream.nullOutputStream())));
        LuaValue f = g.get("load").call(LuaValue.valueOf(source));
        return ((LuaString) g.get("string").get("dump").call(f)).m_bytes.clone();
    }

    @Test
    void realDumpsArePlausible() {
        assertTrue(ChunkBounds.plausible(dump("local function f(a, ...) return a, 'k', 1.5, {...} end return f")));
        assertTrue(ChunkBounds.plausible(dump("return")));
    }

    @Test
    void aForgedCountOrACutChunkIsNot() {
        byte[] chunk = dump("local x = 1 return x + 2");
        // the first function's instruction count follows the 18-byte header and 11 bytes of lines and sizes
        byte[] forged = chunk.clone();
        forged[29] = 0x7f; // big-endian: about 2^31 instructions declared
        assertFalse(ChunkBounds.plausible(forged));
        for (int cut = 19; cut < chunk.length; cut += 7) {
            assertFalse(ChunkBounds.plausible(Arrays.copyOf(chunk, cut)), "cut at " + cut);
        }
    }
}
