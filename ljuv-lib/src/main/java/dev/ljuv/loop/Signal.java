package dev.ljuv.loop;

import dev.ljuv.stdlib.lua.MethodTable;
import dev.ljuv.stdlib.lua.Args;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;

/**
 * {@code loop:signal()}: libuv's signal handle. {@code start(signum, cb)} calls {@code cb(signal, signum)} on
 * the loop for every arrival of the POSIX signal {@code signum} (Linux numbering); {@code start_oneshot}
 * stops watching at the first arrival.
 *
 * <p>Threading: {@link #arrived} runs on the JVM's signal thread and only queues the arrival for the loop;
 * the rest is for the loop's thread.
 */
public final class Signal extends Handle implements Signals.SignalHandle {
    private int signum;
    private boolean oneshot;

    public Signal(EventLoop loop, MethodTable<Signal> type) {
        this(loop, type, true);
    }

    /** {@code selfInCallback} false: a luv signal, whose callback receives the signal's name ("sigint"). */
    public Signal(EventLoop loop, MethodTable<Signal> type, boolean selfInCallback) {
        super(loop, type, selfInCallback);
        this.luvStyle = !selfInCallback;
    }

    private final boolean luvStyle;

    /** The Linux number of a signal name ("SIGINT", "sigint", "INT"), or -1. */
    public static int number(String name) {
        return Signals.number(name);
    }

    /** The luv name of a signal number ("sigint"), or null. */
    public static String luvName(int signum) {
        String n = Signals.name(signum);
        return n == null ? null : "sig" + n.toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public String typeName() {
        return "signal";
    }

    @Override
    public void arrived(int number) {
        loop.ready(() -> deliver(number));
    }

    private void deliver(int number) {
        if (!isActive() || number != signum) {
            return;
        }
        if (oneshot) {
            stop();
        }
        fireCallback(luvStyle ? valueOf(luvName(number)) : valueOf(number));
    }

    public void start(int number, LuaValue cb, boolean once) {
        if (isActive() && number != signum) {
            stop();
        }
        try {
            if (!isActive()) {
                Signals.watch(number, this);
            }
        } catch (IllegalArgumentException e) {
            throw new LuaError(e.getMessage());
        }
        signum = number;
        oneshot = once;
        callback = cb;
        activate();
    }

    public void stop() {
        if (isActive()) {
            Signals.unwatch(signum, this);
            deactivate();
        }
    }

    @Override
    protected void onClose() {
        stop();
    }

    public static MethodTable<Signal> methods() {
        return withBaseMethods(new MethodTable<>(Signal.class, "signal"))
                .method("start", (self, args) -> {
                    self.checkOpen();
                    self.start(Args.checkInt(args, 1, "start"), Args.checkFunction(args, 2, "start"), false);
                    return NONE;
                })
                .method("start_oneshot", (self, args) -> {
                    self.checkOpen();
                    self.start(Args.checkInt(args, 1, "start_oneshot"),
                            Args.checkFunction(args, 2, "start_oneshot"), true);
                    return NONE;
                })
                .method("stop", (self, args) -> {
                    self.checkOpen();
                    self.stop();
                    return NONE;
                });
    }
}
