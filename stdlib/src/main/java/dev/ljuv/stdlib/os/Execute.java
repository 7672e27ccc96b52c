package dev.ljuv.stdlib.os;

import dev.ljuv.stdlib.StdStreams;
import java.io.IOException;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * {@code os.execute([command])} as in LuaJIT 2.1 (Lua 5.1): runs the command through {@code /bin/sh -c}
 * and returns the wait status as {@code system()} does (exit code times 256, or the signal number);
 * without a command, whether a shell is available (non-zero).
 */
public final class Execute extends VarArgFunction {
    private final StdStreams streams;

    public Execute(StdStreams streams) {
        this.streams = streams;
        name = "execute";
    }

    @Override
    public Varargs invoke(Varargs args) {
        if (args.isnoneornil(1)) {
            return valueOf(new java.io.File("/bin/sh").canExecute() ? 1 : 0);
        }
        String command = args.checkjstring(1);
        streams.flush(); // the child writes to the same descriptors: keep the output in order
        try {
            Process p = new ProcessBuilder("/bin/sh", "-c", command).inheritIO().start();
            int code = p.waitFor();
            return valueOf(code > 128 && code < 128 + 65 ? code - 128 : code << 8);
        } catch (IOException e) {
            return valueOf(127 << 8);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return valueOf(-1);
        }
    }
}
