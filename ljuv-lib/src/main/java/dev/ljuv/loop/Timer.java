package dev.ljuv.loop;

import dev.ljuv.stdlib.lua.MethodTable;
import dev.ljuv.stdlib.lua.Args;
import org.luaj.vm2.LuaValue;

/**
 * {@code loop:timer()}: libuv's timer. Times are seconds at the Lua level and milliseconds inside
 * ({@code floor(t*1000 + 0.5)}); a non-zero repeat is at least 1 ms. Due times count from the loop's cached
 * time; timers due together fire in start order.
 *
 * <p>Threading: loop thread only.
 */
public final class Timer extends Handle {
    /** Due time in loop nanoseconds ({@link EventLoop#nowNanos}). */
    long due;
    /** Start order, the tie-break between timers due at the same time. */
    long startId;
    /** Position in the loop's timer heap, -1 when not in it. */
    int heapIndex = -1;
    private long repeat;

    public Timer(EventLoop loop, MethodTable<Timer> type) {
        super(loop, type);
    }

    /** A luv timer ({@code selfInCallback} false). */
    public Timer(EventLoop loop, MethodTable<Timer> type, boolean selfInCallback) {
        super(loop, type, selfInCallback);
    }

    /** The repeat period in milliseconds, 0 for none. */
    public long repeatMs() {
        return repeat;
    }

    public void setRepeatMs(long ms) {
        repeat = ms;
    }

    /** libuv's {@code uv_timer_again}: restarts a repeating timer with its period; false without a callback. */
    public boolean again() {
        if (callback.isnil()) {
            return false;
        }
        if (repeat != 0) {
            start(repeat, repeat, callback);
        }
        return true;
    }

    /**
     * Milliseconds until due, 0 once due, as libuv's {@code uv_timer_get_due_in} (which keeps a stopped timer's
     * last due time).
     */
    public long dueInMs() {
        long left = (due - loop.nowNanos()) / 1_000_000L;
        return Math.max(0, left);
    }

    @Override
    public String typeName() {
        return "timer";
    }

    static long toMillis(double seconds) {
        return (long) Math.floor(seconds * 1000 + 0.5);
    }

    static long toPeriod(double seconds) {
        return seconds > 0 ? Math.max(1, toMillis(seconds)) : 0;
    }

    public void start(long timeoutMs, long repeatMs, LuaValue cb) {
        if (timeoutMs < 0) {
            throw UvError.EINVAL.error();
        }
        callback = cb;
        repeat = repeatMs;
        loop.startTimer(this, timeoutMs);
        activate();
    }

    public void stop() {
        loop.stopTimer(this);
        deactivate();
    }

    /** Called by the loop when the timer is due: restarts a repeating timer, then runs the callback. */
    public void expire() {
        stop();
        if (repeat != 0) {
            loop.startTimer(this, repeat);
            activate();
        }
        fireCallback(null);
    }

    @Override
    protected void onClose() {
        stop();
    }

    public static MethodTable<Timer> methods() {
        return withBaseMethods(new MethodTable<>(Timer.class, "timer"))
                .method("start", (self, args) -> {
                    self.checkOpen();
                    long timeout = toMillis(Args.checkNumber(args, 1, "start"));
                    long period = toPeriod(Args.checkNumber(args, 2, "start"));
                    self.start(timeout, period, Args.checkFunction(args, 3, "start"));
                    return NONE;
                })
                .method("stop", (self, args) -> {
                    self.checkOpen();
                    self.stop();
                    return NONE;
                })
                .method("again", (self, args) -> {
                    self.checkOpen();
                    if (!self.again()) {
                        throw UvError.EINVAL.error();
                    }
                    return NONE;
                })
                .method("set_repeat", (self, args) -> {
                    self.checkOpen();
                    self.repeat = toPeriod(Args.checkNumber(args, 1, "set_repeat"));
                    return NONE;
                })
                .method("get_repeat", (self, args) -> {
                    self.checkOpen();
                    return valueOf(self.repeat / 1000.0);
                })
                .method("get_due_in", (self, args) -> {
                    self.checkOpen();
                    long left = (self.due - self.loop.nowNanos()) / 1_000_000L; // whole milliseconds, as libuv's
                    return valueOf(left <= 0 ? 0 : left / 1000.0);
                });
    }
}
