package dev.ljuv.thread;

import dev.ljuv.loop.LoopTypes;
import dev.ljuv.stdlib.lua.MethodTable;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaValue;

/**
 * What the threading part of the ljuv module of one Lua state works with: that state, its loop types, the
 * factory of new thread states, and the method tables of channels, shared flags and threads (one set per state).
 *
 * <p>Threading: belongs to the thread of its Lua state.
 */
public final class ThreadContext {
    public final MethodTable<Channel> channel = Channel.methods();
    public final MethodTable<SharedFlag> sharedFlag = SharedFlag.methods();
    public final MethodTable<ThreadObject> thread = ThreadObject.methods();
    public final LoopTypes loops;
    public final Globals globals;
    public final StateFactory states;
    /** The Lua constructor of thread pools, loaded on first use. */
    public LuaValue threadpoolFactory;

    public ThreadContext(LoopTypes loops, StateFactory states) {
        this.loops = loops;
        this.globals = loops.globals;
        this.states = states;
    }
}
