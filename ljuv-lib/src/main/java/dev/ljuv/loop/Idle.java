package dev.ljuv.loop;

import dev.ljuv.stdlib.lua.MethodTable;

/** {@code loop:idle()}: libuv's idle handle (see {@link PhaseHandle}). Threading: loop thread only. */
public final class Idle extends PhaseHandle {
    public Idle(EventLoop loop, MethodTable<Idle> type) {
        this(loop, type, true);
    }

    public Idle(EventLoop loop, MethodTable<Idle> type, boolean selfInCallback) {
        super(loop, type, Phase.IDLE, selfInCallback);
    }

    @Override
    public String typeName() {
        return "idle";
    }

    public static MethodTable<Idle> methods() {
        return methods(Idle.class, "idle");
    }
}
