package dev.ljuv.stdlib.bench;

import dev.ljuv.stdlib.LuaJitStdlib;
import dev.ljuv.stdlib.StdStreams;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import org.luaj.vm2.Globals;

/** The Lua state a benchmark runs in: the full standard library, output discarded. */
final class BenchStates {
    private BenchStates() {}

    static Globals newGlobals() {
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
        return LuaJitStdlib.newGlobals(new StdStreams(InputStream.nullInputStream(), sink, sink));
    }
}
