package dev.ljuv.luv;

import dev.ljuv.loop.Async;
import dev.ljuv.stdlib.lua.LuaObject;
import dev.ljuv.stdlib.lua.MethodTable;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * A luv async handle as a thread it was handed to sees it ({@code uv.new_thread(entry, async)}, {@code
 * work:queue(async)}): a {@code uv_async} userdata whose {@code send} ({@code async:send(...)}, {@code
 * uv.async_send(async, ...)}) wakes the handle's own loop with the values, as luv's copy of the handle does. It is
 * not a handle of the thread's loop: only sending is for it.
 *
 * <p>Threading: the object belongs to the state that imported it; {@link Async#send(Varargs)} is safe from any
 * thread.
 */
final class AsyncRef extends LuaObject {
    private final Async target;

    private AsyncRef(Async target, MethodTable<AsyncRef> type) {
        super(target, type);
        this.target = target;
    }

    /** The value {@code async} becomes in the importing state ({@link Async#importAs}): made on its thread. */
    static LuaValue imported(Async async) {
        MethodTable<AsyncRef> type = Luv.luvType(new MethodTable<>(AsyncRef.class, "uv_async"), "uv_async_t")
                .method("send", AsyncRef::send);
        return new AsyncRef(async, type);
    }

    /** {@code send(...)}: the values up to the first that cannot cross threads, as luv's; 0. */
    static Varargs send(AsyncRef self, Varargs args) {
        if (!self.target.isOpen()) {
            throw new LuaError("async handle is invalid/closed");
        }
        self.target.send(LuvHandles.immutable(args));
        return LuaValue.valueOf(0);
    }
}
