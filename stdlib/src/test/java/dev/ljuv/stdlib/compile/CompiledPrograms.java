package dev.ljuv.stdlib.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.ljuv.stdlib.LuaJitStdlib;
import dev.ljuv.stdlib.lib.io.StdStreams;
import dev.ljuv.stdlib.vm.LuaStacks;
import dev.ljuv.stdlib.vm.RuntimeOptions;
import dev.ljuv.stdlib.vm.RuntimeOptions.Compile;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaValue;

/** Lua programs run interpreted and compiled, for the compiler's tests: a state per mode, what a run prints. */
final class CompiledPrograms {
    private CompiledPrograms() {}

    static Globals globals(PrintStream out, Compile mode) {
        return LuaJitStdlib.newGlobals(new StdStreams(InputStream.nullInputStream(), out, out),
                RuntimeOptions.DEFAULTS.withCompile(mode));
    }

    static LuaValue load(Compile mode, String code) {
        return globals(new PrintStream(OutputStream.nullOutputStream()), mode).load(code, "=t");
    }

    /** Whether {@code f} is a closure whose function runs compiled. */
    static boolean compiled(LuaValue f) {
        return f instanceof LuaClosure c && CompiledChunk.isCompiled(c.p);
    }

    /** {@code program} prints something, and the same in each of {@code modes} as on the interpreter. */
    static void printsAsInterpreted(String program, Compile... modes) throws Exception {
        String interpreted = run(Compile.OFF, program);
        assertFalse(interpreted.isEmpty());
        for (Compile mode : modes) {
            assertEquals(interpreted, run(mode, program), mode.toString());
        }
    }

    /** What {@code program} prints in {@code mode}, run on a Lua thread of the runtime's (as a script's main chunk). */
    static String run(Compile mode, String program) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = LuaStacks.newThread("compile-test", () -> {
            try {
                PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
                Globals g = globals(print, mode);
                LuaValue chunk = g.load(program, "=p");
                if (mode != Compile.AUTO) {
                    assertEquals(mode != Compile.OFF, compiled(chunk));
                }
                chunk.call();
                g.get("io").get("stdout").method("flush");
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.start();
        t.join();
        if (failure.get() != null) {
            throw new AssertionError(mode + ": " + failure.get(), failure.get());
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
