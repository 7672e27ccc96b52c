package dev.ljuv.cli;

import dev.ljuv.stdlib.vm.ErrorTrace;
import dev.ljuv.stdlib.vm.ErrorHooks;
import org.luaj.vm2.LuaError;

/** The Lua stack traceback recorded for an error while it travelled through Lua frames. */
final class Tracebacks {
    private Tracebacks() {}

    static String recorded(LuaError le) {
        ErrorTrace trace = ErrorHooks.traceOf(le);
        return trace == null ? null : trace.traceback();
    }
}
