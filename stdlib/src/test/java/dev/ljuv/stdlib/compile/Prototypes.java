package dev.ljuv.stdlib.compile;

import dev.ljuv.stdlib.LuaJitStdlib;
import dev.ljuv.stdlib.lib.io.StdStreams;
import dev.ljuv.stdlib.vm.RuntimeOptions;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.util.BitSet;
import java.util.List;
import java.util.stream.IntStream;
import org.luaj.vm2.Lua;
import org.luaj.vm2.Prototype;

/** What the compiler's analysis tests share: a chunk's function as the Lua compiler makes it, register sets. */
final class Prototypes {
    private Prototypes() {}

    /** The main function of {@code code}, compiled by the runtime's Lua compiler (nothing compiled to JVM code). */
    static Prototype compile(String code) throws Exception {
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
        return LuaJitStdlib.newGlobals(new StdStreams(InputStream.nullInputStream(), sink, sink),
                RuntimeOptions.DEFAULTS.withCompile(RuntimeOptions.Compile.OFF)).compilePrototype(new StringReader(code), "=t");
    }

    /** The instructions of {@code p} with {@code opcode}, in order. */
    static List<Integer> all(Prototype p, int opcode) {
        return IntStream.range(0, p.code.length).filter(pc -> Lua.GET_OPCODE(p.code[pc]) == opcode).boxed().toList();
    }

    static BitSet registers(int... registers) {
        BitSet s = new BitSet();
        for (int r : registers) {
            s.set(r);
        }
        return s;
    }
}
