package dev.ljuv.loop;

import dev.ljuv.stdlib.lua.MethodTable;
import dev.ljuv.stdlib.vm.LuaJitGlobals;
import org.luaj.vm2.Globals;

/**
 * The method tables and metatables of the loop and its handles for one Lua state (tables are mutable Lua values
 * and must not be shared between states). Other packages add methods to {@link #loop} before the first loop is
 * made (the thread package adds {@code loop:thread} and {@code loop:threadpool}).
 *
 * <p>Threading: belongs to the thread of its Lua state.
 */
public final class LoopTypes {
    public final MethodTable<Loop> loop = Loop.methods();
    public final MethodTable<Timer> timer = Timer.methods();
    public final MethodTable<Async> async = Async.methods();
    public final MethodTable<Signal> signal = Signal.methods();
    public final MethodTable<Idle> idle = Idle.methods();
    public final MethodTable<Prepare> prepare = Prepare.methods();
    public final MethodTable<Check> check = Check.methods();
    /** The state the loops run Lua code of. */
    public final Globals globals;

    public LoopTypes(Globals globals) {
        this.globals = globals;
        if (globals instanceof LuaJitGlobals g) {
            IoBackend.configure(g.options());
        }
    }
}
