package dev.ljuv.lua;

import dev.ljuv.handle.Async;
import dev.ljuv.handle.Check;
import dev.ljuv.handle.Idle;
import dev.ljuv.handle.Prepare;
import dev.ljuv.handle.Signal;
import dev.ljuv.handle.Timer;
import dev.ljuv.loop.Loop;
import dev.ljuv.stdlib.lua.MethodTable;

/**
 * The method tables and metatables of ljuv's Lua-visible types, one set per Lua state (tables are mutable
 * Lua values and must not be shared between states).
 *
 * <p>Threading: belongs to the thread of its Lua state.
 */
public final class LjuvTypes {
    public final MethodTable<Loop> loop = Loop.methods();
    public final MethodTable<Timer> timer = Timer.methods();
    public final MethodTable<Async> async = Async.methods();
    public final MethodTable<Signal> signal = Signal.methods();
    public final MethodTable<Idle> idle = Idle.methods();
    public final MethodTable<Prepare> prepare = Prepare.methods();
    public final MethodTable<Check> check = Check.methods();
}
