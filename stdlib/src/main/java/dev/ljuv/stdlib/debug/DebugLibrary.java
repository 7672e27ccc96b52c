package dev.ljuv.stdlib.debug;

import dev.ljuv.stdlib.Functions;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.DebugLib;

/**
 * The {@code debug} library: LuaJ's functions, without LuaJ's per-instruction hooks (installing them slows
 * every Lua instruction), and a {@code traceback} built from the frames the error being handled left
 * (see {@link HandledError}).
 *
 * <p>Threading: the table belongs to one Lua state.
 */
public final class DebugLibrary {
    private DebugLibrary() {}

    public static void install(Globals g) {
        g.load(new DebugLib());
        g.debuglib = null; // keep the functions, drop the hooks on every call and instruction
        LuaTable debug = g.get("debug").checktable();
        debug.set("traceback", Functions.named("traceback", args -> {
            int first = args.arg1().isthread() ? 2 : 1;
            LuaValue message = args.arg(first);
            if (!message.isnil() && !message.isstring()) {
                return message;
            }
            ErrorTrace trace = HandledError.current();
            String text = trace != null ? trace.traceback() : "stack traceback:\n\t[C]: in ?";
            return LuaValue.valueOf(message.isnil() ? text : message.tojstring() + "\n" + text);
        }));
    }
}
