package dev.ljuv.loop;

import dev.ljuv.stdlib.lua.MethodTable;

/** {@code loop:check()}: libuv's check handle (see {@link PhaseHandle}). Threading: loop thread only. */
public final class Check extends PhaseHandle {
    public Check(EventLoop loop, MethodTable<Check> type) {
        this(loop, type, true);
    }

    public Check(EventLoop loop, MethodTable<Check> type, boolean selfInCallback) {
        super(loop, type, Phase.CHECK, selfInCallback);
    }

    @Override
    public String typeName() {
        return "check";
    }

    public static MethodTable<Check> methods() {
        return methods(Check.class, "check");
    }
}
