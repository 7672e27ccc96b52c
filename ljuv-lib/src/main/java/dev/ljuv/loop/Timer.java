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
                    if (self.callback.isnil()) {
                        throw UvError.EINVAL.error();
                    }
                    if (self.repeat != 0) {
                        self.start(self.repeat, self.repeat, self.callback);
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
