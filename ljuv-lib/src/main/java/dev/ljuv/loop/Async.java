package dev.ljuv.loop;

import dev.ljuv.stdlib.lua.MethodTable;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * {@code loop:async(cb)}: libuv's async handle. {@code send} wakes the loop and the callback runs once in the
 * next poll phase, however many sends came before it; a send from inside the callback runs it again in the
 * next iteration.
 *
 * <p>Threading: {@link #send} is safe from any thread (an imported copy of the handle calls it from another
 * thread); everything else is for the loop's thread. {@link #isOpen} is readable from any thread.
 */
public final class Async extends Handle implements Ready {
    private static final VarHandle PENDING;

    static {
        try {
            PENDING = MethodHandles.lookup().findVarHandle(Async.class, "pending", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** 1 from the first send until the callback is about to run. */
    @SuppressWarnings("unused")
    private volatile int pending;
    /** False once closed (or the loop released): imported copies check it before sending. */
    private final AtomicBoolean open = new AtomicBoolean(true);
    /** The values of the last {@link #send(Varargs)}, or null. */
    private volatile Varargs sent;
    /**
     * What this handle becomes in the state of another thread it is handed to (luv's {@code uv_async}, made by the
     * luv module, which ljuv's threads do not know); null: a function that sends to it (ljuv's own handles).
     */
    private volatile Function<Async, LuaValue> importedAs;

    public Async(EventLoop loop, MethodTable<Async> type, LuaValue cb) {
        this(loop, type, cb, true);
    }

    public Async(EventLoop loop, MethodTable<Async> type, LuaValue cb, boolean selfInCallback) {
        super(loop, type, selfInCallback);
        callback = cb;
        activate();
        loop.trackAsync(open);
    }

    @Override
    public String typeName() {
        return "async";
    }

    public boolean isOpen() {
        return open.get();
    }

    /** Sets what the handle becomes when another thread imports it (see {@link #importedAs()}). Loop thread. */
    public void importAs(Function<Async, LuaValue> maker) {
        importedAs = maker;
    }

    /** What makes the handle's value in an importing thread's state, or null. Any thread. */
    public Function<Async, LuaValue> importedAs() {
        return importedAs;
    }

    /**
     * As {@link #send()}, the callback receiving {@code values} (luv's {@code async:send(...)}): those of the
     * last send before it runs. The values must be immutable (nil, booleans, numbers, strings). Any thread.
     */
    public void send(Varargs values) {
        sent = values;
        send();
    }

    /** Wakes the loop; coalesces with sends not yet delivered. Any thread. */
    public void send() {
        if (pending == 0 && PENDING.compareAndSet(this, 0, 1)) {
            loop.ready(this);
        }
    }

    @Override
    public void fire() {
        pending = 0;
        Varargs values = sent;
        sent = null;
        if (isActive()) {
            fireCallback(values);
        }
    }

    @Override
    protected void onClose() {
        open.set(false);
        loop.untrackAsync(open);
    }

    public static MethodTable<Async> methods() {
        return withBaseMethods(new MethodTable<>(Async.class, "async"))
                .method("send", (self, args) -> {
                    self.checkOpen();
                    self.send();
                    return NONE;
                });
    }
}
