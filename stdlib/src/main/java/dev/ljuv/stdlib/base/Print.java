package dev.ljuv.stdlib.base;

import dev.ljuv.stdlib.LuaJitGlobals;
import java.io.PrintStream;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * {@code print(...)} as LuaJIT's: each value through the {@code tostring} of the running thread's
 * environment, separated by tabs, written as raw bytes (LuaJ's decoded them as UTF-8, which garbled binary
 * strings and dropped bytes), then a newline.
 *
 * <p>Threading: used by the thread of one Lua state.
 */
public final class Print extends VarArgFunction {
    private final LuaJitGlobals globals;

    public Print(LuaJitGlobals globals) {
        this.globals = globals;
        name = "print";
    }

    @Override
    public Varargs invoke(Varargs args) {
        LuaValue tostring = globals.currentEnvironment().get("tostring");
        PrintStream out = globals.STDOUT;
        for (int i = 1, n = args.narg(); i <= n; i++) {
            if (i > 1) {
                out.write('\t');
            }
            LuaValue s = tostring.call(args.arg(i));
            if (!s.isstring()) {
                throw new LuaError("'tostring' must return a string to 'print'");
            }
            LuaString bytes = s.strvalue();
            out.write(bytes.m_bytes, bytes.m_offset, bytes.m_length);
        }
        out.write('\n');
        return NONE;
    }
}
