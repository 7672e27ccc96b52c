package dev.ljuv.lua;

import dev.ljuv.handle.Async;
import dev.ljuv.handle.Check;
import dev.ljuv.handle.Idle;
import dev.ljuv.handle.Prepare;
import dev.ljuv.handle.Signal;
import dev.ljuv.handle.Timer;
import dev.ljuv.loop.Loop;
import dev.ljuv.thread.Channel;
import dev.ljuv.thread.SharedFlag;
import dev.ljuv.thread.StateFactory;
import dev.ljuv.thread.ThreadObject;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaValue;
import dev.ljuv.stdlib.lua.MethodTable;

/**
 * What the ljuv module of one Lua state works with: that state, the factory of new thread states, and the
 * method tables and metatables of ljuv's Lua-visible types (one set per state: tables are mutable Lua values
 * and must not be shared between states).
 *
 * <p>Threading: belongs to the thread of its Lua state.
 */
public final class LjuvContext {
    public final MethodTable<Loop> loop = Loop.methods();
    public final MethodTable<Timer> timer = Timer.methods();
    public final MethodTable<Async> async = Async.methods();
    public final MethodTable<Signal> signal = Signal.methods();
    public final MethodTable<Idle> idle = Idle.methods();
    public final MethodTable<Prepare> prepare = Prepare.methods();
    public final MethodTable<Check> check = Check.methods();
    public final MethodTable<Channel> channel = Channel.methods();
    public final MethodTable<SharedFlag> sharedFlag = SharedFlag.methods();
    public final MethodTable<ThreadObject> thread = ThreadObject.methods();
    public final Globals globals;
    public final StateFactory states;
    /** The Lua constructor of thread pools, loaded on first use. */
    public LuaValue threadpoolFactory;

    public LjuvContext(Globals globals, StateFactory states) {
        this.globals = globals;
        this.states = states;
    }
}
