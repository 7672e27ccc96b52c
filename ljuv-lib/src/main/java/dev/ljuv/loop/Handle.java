package dev.ljuv.loop;

import dev.ljuv.stdlib.lua.MethodTable;
import org.luaj.vm2.LuaError;
import dev.ljuv.stdlib.lua.LuaObject;
import org.luaj.vm2.LuaValue;

/**
 * What every handle shares (libuv's {@code uv_handle_t}): {@code is_active}, {@code get_loop},
 * {@code get_type} and an idempotent {@code close}, after which any use raises
 * {@code attempt to use an invalid/closed handle}. A handle is owned by its loop; the object a callback
 * receives is the very object its constructor returned.
 *
 * <p>Threading: used by the loop's thread only, except where a subclass says otherwise.
 */
public abstract class Handle extends LuaObject {
    static final LuaValue CLOSED_MESSAGE = valueOf("attempt to use an invalid/closed handle");

    protected final EventLoop loop;
    private boolean active;
    private boolean closed;
    /** The Lua callback, or nil. */
    protected LuaValue callback = NIL;

    protected Handle(EventLoop loop, MethodTable<?> type) {
        super(loop, type);
        this.loop = loop;
    }

    /** libuv's name of the type: {@code "timer"}, {@code "async"}, ... */
    public abstract String typeName();

    public final boolean isActive() {
        return active;
    }

    public final boolean isClosed() {
        return closed;
    }

    /** Raises the closed-handle error when this handle was closed. */
    public final void checkOpen() {
        if (closed) {
            throw new LuaError(CLOSED_MESSAGE);
        }
    }

    protected final void activate() {
        if (!active) {
            active = true;
            loop.handleActivated();
        }
    }

    protected final void deactivate() {
        if (active) {
            active = false;
            loop.handleDeactivated();
        }
    }

    /** Idempotent. Stops the handle; it counts as closing until the loop's next closing phase. */
    public final void close() {
        if (closed) {
            return;
        }
        onClose();
        deactivate();
        closed = true;
        callback = NIL;
        loop.handleClosing(this);
    }

    /** Stops whatever the handle does; called once, by {@link #close}. */
    protected abstract void onClose();

    /** Calls the callback with this handle and {@code extra}; an error is deferred to {@code loop:run}. */
    protected final void fireCallback(LuaValue extra) {
        LuaValue cb = callback;
        if (!cb.isnil()) {
            loop.invoke(cb, extra == null ? this : varargsOf(this, extra));
        }
    }

    /** The methods every handle has. */
    public static <T extends Handle> MethodTable<T> withBaseMethods(MethodTable<T> t) {
        return t.method("is_active", (self, args) -> {
                    self.checkOpen();
                    return valueOf(self.isActive());
                })
                .method("get_loop", (self, args) -> {
                    self.checkOpen();
                    return self.loop.luaLoop();
                })
                .method("get_type", (self, args) -> {
                    self.checkOpen();
                    return valueOf(self.typeName());
                })
                .method("close", (self, args) -> {
                    self.close();
                    return NONE;
                });
    }
}
