package dev.ljuv.loop;

import dev.ljuv.stdlib.vm.CurrentState;
import dev.ljuv.stdlib.vm.LuaErrors;
import dev.ljuv.stdlib.vm.LuaJitGlobals;
import dev.ljuv.stdlib.vm.LuaStacks;
import java.lang.ref.WeakReference;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * One event loop, run in libuv's phases by the thread that owns it: update time, due timers, idle, prepare,
 * poll (waiting in Netty for the next timer or a wake-up, then the async and signal callbacks), check,
 * closing handles. Callback errors never escape: each is recorded with its traceback, the loop stops, and
 * {@code loop:run} raises them one per call.
 *
 * <p>Threading: owned by the thread that created it. Only {@link #ready} may be called from other threads
 * (async sends, signal arrivals); everything else belongs to the owner.
 */
public final class EventLoop {
    private final Thread owner;
    private final IoBackend io;
    private final TimerHeap timers = new TimerHeap();
    private final Map<Phase, List<PhaseHandle>> phases = new EnumMap<>(Phase.class);
    private ArrayList<Ready> readyNow = new ArrayList<>();
    private ArrayList<Ready> readyNext = new ArrayList<>();
    private final ConcurrentLinkedQueue<Ready> remote = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<LuaValue> errors = new ArrayDeque<>();
    private final List<Handle> closing = new ArrayList<>();
    private WeakReference<LuaValue> luaLoop = new WeakReference<>(null);
    /** Validity flags of this loop's open asyncs: cleared when the Lua loop object is collected. */
    private final Set<AtomicBoolean> asyncFlags = ConcurrentHashMap.newKeySet();

    /** The loop time, as {@link System#nanoTime}: timers are due to the nanosecond (see {@link #startTimer}). */
    private long nowNanos;
    private long nextStartId;
    private int activeHandles;
    private boolean stopFlag;
    private boolean running;
    /** Whether the time spent waiting for I/O is counted (libuv's metrics_idle_time, asked for once). */
    private boolean countIdle;
    /** Nanoseconds spent waiting for I/O since counting began: written by the owner, read by any thread. */
    private volatile long idleNanos;

    public EventLoop(Thread owner) {
        this.owner = owner;
        this.io = new IoBackend(owner, () -> !remote.isEmpty());
        for (Phase p : Phase.values()) {
            phases.put(p, new ArrayList<>());
        }
        updateTime();
    }

    /** Counts, from now on, the time the loop waits for I/O ({@link #idleNanos}). Owner thread. */
    public void countIdleTime() {
        countIdle = true;
    }

    /** The nanoseconds this loop has waited for I/O since {@link #countIdleTime}. Any thread. */
    public long idleNanos() {
        return idleNanos;
    }

    /** The Lua object of this loop, or nil once it was collected. */
    public LuaValue luaLoop() {
        LuaValue l = luaLoop.get();
        return l == null ? LuaValue.NIL : l;
    }

    void setLuaLoop(LuaValue loop) {
        luaLoop = new WeakReference<>(loop);
    }

    /** Registers an async's validity flag, cleared if the loop is released. */
    public void trackAsync(AtomicBoolean flag) {
        asyncFlags.add(flag);
    }

    public void untrackAsync(AtomicBoolean flag) {
        asyncFlags.remove(flag);
    }

    /**
     * What to do when the Lua loop object is garbage collected (run by a cleaner thread): invalidate the
     * handles that other threads may still reach. It references no handle and no Lua value, so that it does
     * not keep the loop alive.
     */
    Runnable releaser() {
        Set<AtomicBoolean> flags = asyncFlags;
        return () -> {
            for (AtomicBoolean f : flags) {
                f.set(false);
            }
            flags.clear();
        };
    }

    // ---- time

    /** Cached loop time in milliseconds (monotonic, arbitrary origin). */
    public long now() {
        return nowNanos / 1_000_000L;
    }

    /** Cached loop time in nanoseconds, the unit of {@link Timer#due}. */
    long nowNanos() {
        return nowNanos;
    }

    public void updateTime() {
        nowNanos = System.nanoTime();
    }

    // ---- handles' bookkeeping

    public void handleActivated() {
        activeHandles++;
    }

    public void handleDeactivated() {
        activeHandles--;
    }

    /** The first of the active handles, linked through {@code Handle.nextActive}: what a memory limit counts. */
    private Handle firstActive;

    void linkActive(Handle h) {
        h.previousActive = null;
        h.nextActive = firstActive;
        if (firstActive != null) {
            firstActive.previousActive = h;
        }
        firstActive = h;
    }

    void unlinkActive(Handle h) {
        if (h.previousActive != null) {
            h.previousActive.nextActive = h.nextActive;
        } else {
            firstActive = h.nextActive;
        }
        if (h.nextActive != null) {
            h.nextActive.previousActive = h.previousActive;
        }
        h.previousActive = h.nextActive = null;
    }

    /** Gives {@code to} each active handle and each closing one (its close callback pending), on the owner thread. */
    public void forEachActive(java.util.function.Consumer<? super Handle> to) {
        for (Handle h = firstActive; h != null; h = h.nextActive) {
            to.accept(h);
        }
        closing.forEach(to);
    }

    public void handleClosing(Handle h) {
        closing.add(h);
    }

    public List<PhaseHandle> phase(Phase p) {
        return phases.get(p);
    }

    /**
     * Due {@code timeoutMs} after the cached loop time, as libuv's; kept in nanoseconds, so that a 1 ms timer is
     * not due sooner because the loop time was taken late in its millisecond.
     */
    public void startTimer(Timer t, long timeoutMs) {
        timers.remove(t);
        long due = timeoutMs >= Long.MAX_VALUE / 1_000_000L ? Long.MAX_VALUE : nowNanos + timeoutMs * 1_000_000L;
        t.due = due < nowNanos ? Long.MAX_VALUE : due; // saturate on overflow
        t.startId = nextStartId++;
        timers.add(t);
    }

    public void stopTimer(Timer t) {
        timers.remove(t);
    }

    /** Queues {@code r} for the next poll phase; from any thread (wakes the loop when called from another). */
    public void ready(Ready r) {
        if (Thread.currentThread() == owner) {
            readyNext.add(r);
        } else {
            remote.add(r);
            io.wakeup();
        }
    }

    // ---- channels (luv's sockets)

    /** The Netty loop, driven by this loop's poll phase, that this loop's channels register with. Owner only. */
    public io.netty.channel.IoEventLoop channelLoop() {
        return io.channelLoop();
    }

    /** Counts a channel registered with {@link #channelLoop} until {@link #channelClosed}. */
    public void channelOpened() {
        io.channelOpened();
    }

    public void channelClosed() {
        io.channelClosed();
    }

    // ---- callbacks and errors

    /** Calls a Lua callback; an error it raises is recorded for {@code loop:run} and stops the loop. */
    public void invoke(LuaValue callback, Varargs args) {
        int depth = LuaStacks.depth();
        try {
            callback.invoke(args);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            LuaStacks.unwindTo(depth);
            recordError(e);
        }
    }

    /** Records a callback error (with its traceback when it is text) and stops the loop. */
    public void recordError(Throwable e) {
        if (!(e instanceof LuaError) && IoBackend.debug()) {
            e.printStackTrace(); // a failure of the runtime's own code: its Java trace, for a bug report (LJUV_DEBUG)
        }
        LuaValue value = LuaErrors.valueOf(e);
        if (value.isstring()) {
            value = LuaValue.valueOf(LuaErrors.messageWithTraceback(e));
        }
        errors.add(value);
        stop();
    }

    /** The oldest recorded callback error, removed, or null. */
    public LuaValue takeError() {
        return errors.poll();
    }

    // ---- running

    public void stop() {
        stopFlag = true;
    }

    /** Whether {@link #run} is running (a callback is asking). */
    public boolean isRunning() {
        return running;
    }

    public boolean alive() {
        return activeHandles > 0 || !closing.isEmpty();
    }

    /**
     * One {@code uv_run}: returns whether there is still work (call again).
     *
     * @throws LuaError when called from another thread or from inside one of this loop's callbacks
     */
    public boolean run(RunMode mode) {
        if (Thread.currentThread() != owner) {
            throw new LuaError("loop is owned by another thread");
        }
        if (running) {
            throw new LuaError("loop:run called from inside a callback of the same loop");
        }
        running = true;
        try {
            boolean alive = alive();
            if (!alive) {
                updateTime();
            }
            while (alive && !stopFlag) {
                updateTime();
                runTimers();
                runPhase(Phase.IDLE);
                runPhase(Phase.PREPARE);
                poll(mode == RunMode.NOWAIT ? 0 : pollTimeout());
                runPhase(Phase.CHECK);
                runClosing();
                runFinalizers();
                if (mode == RunMode.ONCE) {
                    updateTime();
                    runTimers();
                }
                alive = alive();
                if (mode != RunMode.DEFAULT) {
                    break;
                }
            }
            stopFlag = false;
            if (!alive) {
                io.shutdown();
            }
            return alive;
        } finally {
            running = false;
        }
    }

    private long pollTimeout() {
        if (stopFlag || !alive() || !phases.get(Phase.IDLE).isEmpty() || !readyNext.isEmpty()
                || !remote.isEmpty() || !closing.isEmpty()) {
            return 0;
        }
        Timer next = timers.peek();
        if (next == null) {
            return -1;
        }
        return Math.max(0, (next.due - nowNanos + 999_999L) / 1_000_000L); // whole milliseconds, rounded up
    }

    private void runTimers() {
        Timer t;
        while ((t = timers.peek()) != null && t.due <= nowNanos) {
            t.expire();
        }
    }

    private void runPhase(Phase p) {
        List<PhaseHandle> list = phases.get(p);
        if (list.isEmpty()) {
            return;
        }
        for (PhaseHandle h : list.toArray(new PhaseHandle[0])) {
            h.fire();
        }
    }

    private void poll(long timeoutMs) {
        if (timeoutMs != 0 && readyNext.isEmpty() && remote.isEmpty()) {
            long before = countIdle ? System.nanoTime() : 0;
            io.await(timeoutMs);
            updateTime();
            if (countIdle) {
                idleNanos = idleNanos + (nowNanos - before); // (one writer: the owner)
            }
        } else {
            io.runReady();
        }
        Ready r;
        while ((r = remote.poll()) != null) {
            readyNext.add(r);
        }
        if (readyNext.isEmpty()) {
            return;
        }
        ArrayList<Ready> batch = readyNext;
        readyNext = readyNow;
        readyNow = batch;
        try {
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).fire();
            }
        } finally {
            batch.clear();
        }
    }

    /**
     * The {@code __gc} of the proxies the collector found unreachable: a turn of the loop is a safe point of the
     * state's thread (see {@code Finalizers}); an error is a callback's.
     */
    private void runFinalizers() {
        LuaJitGlobals g = CurrentState.get();
        if (g != null) {
            int depth = LuaStacks.depth();
            try {
                g.finalizers.runCollected();
            } catch (RuntimeException | StackOverflowError e) {
                LuaStacks.unwindTo(depth);
                recordError(e);
            }
        }
    }

    private void runClosing() {
        if (closing.isEmpty()) {
            return;
        }
        Handle[] batch = closing.toArray(new Handle[0]);
        closing.clear();
        for (Handle h : batch) {
            h.closed();
        }
    }
}
