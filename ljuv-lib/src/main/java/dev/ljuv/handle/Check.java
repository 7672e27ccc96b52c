package dev.ljuv.handle;

import dev.ljuv.loop.EventLoop;
import dev.ljuv.loop.Phase;
import dev.ljuv.stdlib.lua.MethodTable;

/** {@code loop:check()}: libuv's check handle (see {@link PhaseHandle}). Threading: loop thread only. */
public final class Check extends PhaseHandle {
    public Check(EventLoop loop, MethodTable<Check> type) {
        super(loop, type, Phase.CHECK);
    }

    @Override
    public String typeName() {
        return "check";
    }

    public static MethodTable<Check> methods() {
        return methods(Check.class, "check");
    }
}
