package dev.ljuv.stdlib.base;

import dev.ljuv.stdlib.LuaErrors;
import dev.ljuv.stdlib.debug.ErrorTrace;
import dev.ljuv.stdlib.debug.HandledError;
import dev.ljuv.stdlib.patch.LuaHooks;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * {@code xpcall(f, handler)} as in Lua 5.1: on error returns {@code false} and the first value the handler
 * returns for the error value, whatever its type (LuaJ's own keeps only the handler's text).
 */
public final class XPCall extends VarArgFunction {
    public XPCall() {
        name = "xpcall";
    }

    @Override
    public Varargs invoke(Varargs args) {
        LuaValue f = args.arg1();
        LuaValue handler = args.arg(2);
        LuaValue error;
        ErrorTrace trace;
        try {
            return varargsOf(TRUE, f.invoke(args.subargs(3)));
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            error = LuaErrors.valueOf(e);
            trace = e instanceof LuaError le ? LuaHooks.traceOf(le) : null;
        }
        LuaValue handled = error;
        try {
            return varargsOf(FALSE, HandledError.with(trace, () -> handler.call(handled)));
        } catch (RuntimeException | StackOverflowError e) {
            return varargsOf(FALSE, valueOf("error in error handling"));
        }
    }
}
