package dev.ljuv.loop;

import dev.ljuv.stdlib.lua.MethodTable;
import dev.ljuv.stdlib.lua.Args;

/**
 * A handle whose callback runs once per loop iteration in one phase, while started: libuv's idle, prepare
 * and check handles, the hooks into the loop's phases.
 *
 * <p>Threading: loop thread only.
 */
public abstract sealed class PhaseHandle extends Handle permits Idle, Prepare, Check {
    private final Phase phase;

    protected PhaseHandle(EventLoop loop, MethodTable<?> type, Phase phase, boolean selfInCallback) {
        super(loop, type, selfInCallback);
        this.phase = phase;
    }

    /** Runs the callback (the loop calls it in the handle's phase). */
    public void fire() {
        if (isActive()) {
            fireCallback(null);
        }
    }

    public void start(org.luaj.vm2.LuaValue cb) {
        callback = cb;
        if (!isActive()) {
            activate();
            loop.phase(phase).add(this);
        }
    }

    public void stop() {
        if (isActive()) {
            deactivate();
            loop.phase(phase).remove(this);
        }
    }

    @Override
    protected void onClose() {
        stop();
    }

    static <T extends PhaseHandle> MethodTable<T> methods(Class<T> type, String name) {
        return withBaseMethods(new MethodTable<>(type, name))
                .method("start", (self, args) -> {
                    self.checkOpen();
                    self.start(Args.checkFunction(args, 1, "start"));
                    return NONE;
                })
                .method("stop", (self, args) -> {
                    self.checkOpen();
                    self.stop();
                    return NONE;
                });
    }
}
