package dev.ljuv.loop;

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
