package dev.ljuv.stdlib.lib.os;

import dev.ljuv.stdlib.lib.io.StdStreams;
import dev.ljuv.stdlib.lua.Functions;
import java.io.IOException;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The os library (LuaJIT's {@code lib_os.c}): LuaJ's functions on {@link LuaJitOsLib} (the process CPU clock,
 * a usable {@code tmpname}), and {@code exit} and {@code execute} as LuaJIT 2.1 has them, which flush the
 * state's buffered output first.
 *
 * <p>Threading: installs into one state.
 */
public final class OsLibrary {
    /** Every name of the {@code os} table. */
    static final String[] NAMES = {
        "clock", "date", "difftime", "execute", "exit", "getenv", "remove", "rename", "setlocale", "time", "tmpname",
    };

    private OsLibrary() {}

    /** The {@code os} table of a state whose standard streams are {@code streams}. */
    public static LuaTable install(Globals g, StdStreams streams) {
        LuaTable luaj = Functions.luaj(g, new LuaJitOsLib(), "os");
        return Functions.library("os", NAMES)
                .keep(luaj, "clock", "date", "difftime", "getenv", "remove", "rename", "setlocale", "time", "tmpname")
                .function("exit", args -> exit(streams, args))
                .function("execute", args -> execute(streams, args))
                .done();
    }

    /** {@code os.exit([code])}: flushes the state's output, then ends the process ({@code true} is 0, {@code false} 1). */
    private static Varargs exit(StdStreams streams, Varargs args) {
        LuaValue code = args.arg1();
        int status;
        if (code.isnil()) {
            status = 0;
        } else if (code.isboolean()) {
            status = code.toboolean() ? 0 : 1;
        } else {
            status = args.checkint(1);
        }
        streams.flush();
        System.out.flush();
        System.exit(status);
        return LuaValue.NONE;
    }

    /**
     * {@code os.execute([command])} as in LuaJIT 2.1 (Lua 5.1): runs the command through {@code /bin/sh -c}
     * and returns the wait status as {@code system()} does (exit code times 256, or the signal number);
     * without a command, whether a shell is available (non-zero).
     */
    private static Varargs execute(StdStreams streams, Varargs args) {
        if (args.isnoneornil(1)) {
            return LuaValue.valueOf(new java.io.File("/bin/sh").canExecute() ? 1 : 0);
        }
        String command = args.checkjstring(1);
        streams.flush(); // the child writes to the same descriptors: keep the output in order
        try {
            Process p = new ProcessBuilder("/bin/sh", "-c", command).inheritIO().start();
            int code = p.waitFor();
            return LuaValue.valueOf(code > 128 && code < 128 + 65 ? code - 128 : code << 8);
        } catch (IOException e) {
            return LuaValue.valueOf(127 << 8);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return LuaValue.valueOf(-1);
        }
    }
}
