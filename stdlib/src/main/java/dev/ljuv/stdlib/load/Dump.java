package dev.ljuv.stdlib.load;

import dev.ljuv.stdlib.Args;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.compiler.DumpState;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * {@code string.dump(f [, strip])} as LuaJIT's: keeps the debug information (source name, lines, variable
 * names) unless {@code strip} is true (or the function came from stripped bytecode and has none). LuaJ's
 * always strips, so errors in dumped code had no position.
 */
public final class Dump extends VarArgFunction {
    public Dump() {
        name = "dump";
    }

    @Override
    public Varargs invoke(Varargs args) {
        if (!(args.arg1() instanceof LuaClosure f)) {
            throw Args.error(1, "dump", args.arg1().isfunction()
                    ? "unable to dump given function" : "function expected, got " + Args.typeName(args, 1));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            // a function loaded from stripped bytecode has no debug information left to keep
            DumpState.dump(f.p, out, args.arg(2).toboolean() || f.p.lineinfo == null || f.p.lineinfo.length == 0);
        } catch (IOException e) {
            throw new LuaError("unable to dump given function");
        }
        return LuaString.valueUsing(out.toByteArray());
    }
}
