package dev.ljuv.loop;

import dev.ljuv.stdlib.lua.MethodTable;
import org.luaj.vm2.LuaError;
import dev.ljuv.stdlib.lua.LuaObject;
import dev.ljuv.stdlib.vm.MemoryLimit;
import java.util.function.Consumer;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * What every handle shares (libuv's {@code uv_handle_t}): {@code is_active}, {@code get_loop},
 * {@code get_type} and an idempotent {@code close}, after which any use raises
 * {@code attempt to use an invalid/closed handle}. A handle is owned by its loop; the object a callback
 * receives is the very object its constructor returned.
 *
 * <p>Threading: used by the loop's thread only, except where a subclass says otherwise.
 */
public abstract class Handle extends LuaObject implements MemoryLimit.Holds {
    static final LuaValue CLOSED_MESSAGE = valueOf("attempt to use an invalid/closed handle");

    protected final EventLoop loop;
    private boolean active;
    private boolean closed;
    /** Whether an active handle keeps its loop alive (libuv's ref/unref). */
    private boolean referenced = true;
    /** ljuv's callbacks get the handle first; luv's do not. */
    private final boolean selfInCallback;
    /** The Lua callback, or nil. */
    protected LuaValue callback = NIL;
    /** Run in the loop's closing phase after {@link #close}, or nil. */
    private LuaValue closeCallback = NIL;
    /** Neighbours in the loop's list of active handles ({@link EventLoop#forEachActive}). */
    Handle previousActive, nextActive;

    protected Handle(EventLoop loop, MethodTable<?> type) {
        this(loop, type, true);
    }

    /** {@code selfInCallback}: false for luv's handles, whose callbacks do not receive the handle. */
    protected Handle(EventLoop loop, MethodTable<?> type, boolean selfInCallback) {
        super(loop, type, true); // its own identity: every handle of a loop wraps that loop
        this.loop = loop;
        this.selfInCallback = selfInCallback;
    }

    /** The loop this handle belongs to. */
    public final EventLoop eventLoop() {
        return loop;
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
            loop.linkActive(this);
            if (referenced) {
                loop.handleActivated();
            }
        }
    }

    protected final void deactivate() {
        if (active) {
            active = false;
            loop.unlinkActive(this);
            if (referenced) {
                loop.handleDeactivated();
            }
        }
    }

    public final boolean hasRef() {
        return referenced;
    }

    /** libuv's {@code uv_ref}/{@code uv_unref}: whether this handle, while active, keeps the loop running. */
    public final void setRef(boolean ref) {
        if (ref != referenced) {
            referenced = ref;
            if (active) {
                if (ref) {
                    loop.handleActivated();
                } else {
                    loop.handleDeactivated();
                }
            }
        }
    }

    /** Idempotent. Stops the handle; it counts as closing until the loop's next closing phase. */
    public final void close() {
        close(NIL);
    }

    /** As {@link #close()}; {@code cb} (unless nil) runs in the loop's closing phase, as luv's close callback. */
    public final void close(LuaValue cb) {
        if (closed) {
            return;
        }
        onClose();
        deactivate();
        closed = true;
        callback = NIL;
        closeCallback = cb;
        loop.handleClosing(this);
    }

    /** The closing phase after {@link #close}: runs the close callback. */
    final void closed() {
        LuaValue cb = closeCallback;
        if (!cb.isnil()) {
            closeCallback = NIL;
            loop.invoke(cb, NONE);
        }
    }

    /** Its callbacks, for a state's memory limit; a subclass with more adds them. */
    @Override
    public void reach(Consumer<LuaValue> to) {
        to.accept(callback);
        to.accept(closeCallback);
    }

    /** Stops whatever the handle does; called once, by {@link #close}. */
    protected abstract void onClose();

    /**
     * Calls the callback with this handle (ljuv's handles only) and {@code extra} (null: nothing); an error is
     * deferred to {@code loop:run}.
     */
    protected final void fireCallback(Varargs extra) {
        LuaValue cb = callback;
        if (!cb.isnil()) {
            Varargs args = selfInCallback ? (extra == null ? this : varargsOf(this, extra))
                    : (extra == null ? NONE : extra);
            loop.invoke(cb, args);
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
