package dev.ljuv.loop;

import dev.ljuv.stdlib.lua.MethodTable;

/** {@code loop:prepare()}: libuv's prepare handle (see {@link PhaseHandle}). Threading: loop thread only. */
public final class Prepare extends PhaseHandle {
    public Prepare(EventLoop loop, MethodTable<Prepare> type) {
        this(loop, type, true);
    }

    public Prepare(EventLoop loop, MethodTable<Prepare> type, boolean selfInCallback) {
        super(loop, type, Phase.PREPARE, selfInCallback);
    }

    @Override
    public String typeName() {
        return "prepare";
    }

    public static MethodTable<Prepare> methods() {
        return methods(Prepare.class, "prepare");
    }
}
