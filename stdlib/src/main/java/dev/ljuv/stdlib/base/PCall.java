package dev.ljuv.stdlib.base;

import dev.ljuv.stdlib.LuaErrors;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * {@code pcall(f, ...)}. Unlike LuaJ's, it also turns a Java stack overflow into the Lua error
 * {@code stack overflow}, and never lets a Java exception text through.
 */
public final class PCall extends VarArgFunction {
    public PCall() {
        name = "pcall";
    }

    @Override
    public Varargs invoke(Varargs args) {
        LuaValue f = args.checkvalue(1);
        try {
            return varargsOf(TRUE, f.invoke(args.subargs(2)));
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            return varargsOf(FALSE, LuaErrors.valueOf(e));
        }
    }
}
