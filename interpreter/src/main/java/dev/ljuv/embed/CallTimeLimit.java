package dev.ljuv.embed;

import dev.ljuv.stdlib.vm.LuaStacks;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A time limit per call into a state ({@link LjuvRuntime.Builder#callTimeLimit}): a watchdog interrupts the Lua
 * code of the calling thread once the limit is past, at its next Lua call or loop iteration (or pattern-matching
 * step), with the error {@code time limit exceeded (N ms)}, raised again at every such point until the call
 * returns, so that a {@code pcall} inside cannot keep it running. The state stays usable.
 *
 * <p>Threading: {@link #arm} and {@link Armed#disarm} on the thread calling into the state; the watchdog runs on
 * one daemon thread shared by every state of the JVM.
 */
final class CallTimeLimit {
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ljuv call time limit");
        t.setDaemon(true);
        return t;
    });

    private final long millis;
    private final String message;

    CallTimeLimit(Duration limit) {
        this.millis = Math.max(1, limit.toMillis());
        this.message = "time limit exceeded (" + millis + " ms)";
    }

    /** Starts the clock for a call on the current thread. */
    Armed arm() {
        return new Armed(LuaStacks.calls());
    }

    /** One call's watch. */
    final class Armed {
        private final LuaStacks.CallStack calls;
        private final ScheduledFuture<?> task;
        private boolean armed = true;

        private Armed(LuaStacks.CallStack calls) {
            this.calls = calls;
            this.task = WATCHDOG.schedule(this::fire, millis, TimeUnit.MILLISECONDS);
        }

        private synchronized void fire() {
            if (armed) {
                LuaStacks.interrupt(calls, message, true);
            }
        }

        /** Ends the watch; an interrupt it made is withdrawn, so that the next call starts clean. */
        void disarm() {
            synchronized (this) {
                armed = false;
            }
            task.cancel(false);
            LuaStacks.clearInterrupt(calls);
        }
    }
}
