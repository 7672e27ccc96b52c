package dev.ljuv.stdlib.vm;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import org.luaj.vm2.LuaValue;

/**
 * A Lua state's memory limit, the JVM's counterpart of LuaJIT's allocator limit: past it, the state's next
 * large allocation or its next call or loop iteration raises "not enough memory", and other states of the JVM
 * are unharmed. The JVM cannot tell which state an object belongs to, so the state's memory is measured by
 * {@link MemoryWalk}: what its globals, registry, running calls and the coroutines and closures they reach hold,
 * and what the Java objects on the way say they keep ({@link Holds}: a loop's active handles and their callbacks).
 *
 * <p>When it is measured: a watchdog reads how much the thread running the state has allocated, every
 * {@value #POLL_MILLIS} ms; once that has grown by the room left below the limit (at least a quarter of the
 * limit; more while measures find no growth, see {@link #interval}), it asks the thread to measure at its next Lua
 * call or loop iteration (the interrupt flag those check anyway: nothing is added to the hot paths). A single
 * large allocation (a table's growth, a string or buffer being built) is checked at once against the last
 * measure. So a script that keeps everything it allocates stops at about 1.25 times its limit; a script that
 * makes garbage pays for a measure only each time it has allocated that much, and a measure costs in
 * proportion to what the state keeps, not to what it makes.
 *
 * <p>Threading: {@link #running} and {@link #measure} on the thread running the state; {@link #poll} on the watchdog,
 * one daemon thread for the JVM started by the first limited state.
 */
public final class MemoryLimit {
    /** A Lua value that holds memory beyond its own fields (a buffer's contents), which a measure counts. */
    public interface Sized {
        /** Bytes held beyond the object's own fields. */
        long retainedBytes();
    }

    /**
     * A Java function or object that keeps Lua values alive ({@code coroutine.wrap}'s function, its coroutine; a
     * loop, its active handles; a handle, its callbacks), which a measure counts as reached through it: the walk
     * sees no further into a Java object than this tells.
     */
    public interface Holds {
        /** Gives each value kept to {@code to} (on the state's thread). */
        void reach(java.util.function.Consumer<LuaValue> to);
    }

    /** How often the watchdog reads the allocation counters. */
    static final int POLL_MILLIS = 10;

    /** The limit in bytes. */
    public final long limit;
    private final LuaJitGlobals state;
    /** What the last measure found (the state's thread writes it, the watchdog reads it). */
    private volatile long live;
    /** The thread running the state and its calls, where the watchdog asks for a measure. */
    private volatile Thread thread;
    private volatile LuaStacks.CallStack calls;
    /** The watchdog's: the thread's allocation counter when it last asked, and for which thread. */
    private long baseline = -1;
    private Thread baselineThread;
    /** The thread's allocation counter after the last measure (the measure allocates too), or -1. */
    private volatile long measuredAt = -1;
    /** Objects other than tables and strings the last measure saw, to size the next one's set (the state's thread's). */
    private int objects;
    /** Whether a measure is running: what it allocates is not the script's. */
    private volatile boolean measuring;

    private MemoryLimit(LuaJitGlobals state, long limit) {
        this.state = state;
        this.limit = limit;
    }

    /** Puts {@code state} under a limit of {@code bytes}; the calling thread runs it. */
    public static MemoryLimit install(LuaJitGlobals state, long bytes) {
        MemoryLimit m = new MemoryLimit(state, bytes);
        state.memoryLimit = m;
        m.running();
        Watchdog.add(m);
        return m;
    }

    /** The calling thread now runs the state (it made the state current). */
    void running() {
        calls = LuaStacks.calls();
        thread = Thread.currentThread();
    }

    /** Whether the state running on this thread, measured now, holds more than its limit. */
    static boolean overLimit() {
        LuaJitGlobals g = CurrentState.get();
        MemoryLimit m = g == null ? null : g.memoryLimit;
        return m != null && m.measure() > m.limit;
    }

    /**
     * Before an allocation of about {@code bytes} on the state's thread: raises "not enough memory" when it does
     * not fit below the limit beside what the state holds (measured again when the last measure says no).
     */
    void beforeAllocation(long bytes) {
        if (live + bytes > limit && measure() + bytes > limit) {
            throw LuaErrors.notEnoughMemory();
        }
    }

    /** What the state holds now, in bytes, as the limit counts it ({@code collectgarbage("count")}). On its thread. */
    public long held() {
        return measure();
    }

    /** Measures what the state holds, in bytes. */
    long measure() {
        measuring = true;
        try {
            MemoryWalk walk = MemoryWalk.of(state, objects + objects / 4 + 64);
            long bytes = walk.bytes();
            objects = walk.objects();
            backoff = bytes > live ? 0 : Math.min(backoff + 1, MAX_BACKOFF);
            live = bytes;
            return bytes;
        } finally {
            measuredAt = Watchdog.allocatedHere();
            measuring = false;
        }
    }

    /**
     * Allocated bytes since the last measure request past which the watchdog asks for another: the room left below
     * the limit (at least a quarter of it), doubled after each measure that found no more than the one before, up
     * to {@value #MAX_BACKOFF} times, so that a script making garbage beside a large kept set is not measured
     * over and over; a measure that finds growth goes back to the room left.
     */
    private long interval() {
        return Math.max(limit - live, limit / 4) << backoff;
    }

    private static final int MAX_BACKOFF = 3;
    /** Doublings of {@link #interval}: how many measures in a row found no growth (capped). */
    private volatile int backoff;

    /** The watchdog's look at this state's thread: asks for a measure once it allocated {@link #interval} more. */
    private void poll(com.sun.management.ThreadMXBean threads) {
        Thread t = thread;
        if (measuring) {
            return;
        }
        long measured = measuredAt; // read first: it is then at most the counter read next
        long allocated = t == null || !t.isAlive() ? -1 : threads.getThreadAllocatedBytes(t.threadId());
        if (allocated < 0) {
            return;
        }
        if (measured >= 0 && t == baselineThread) {
            measuredAt = -1;
            baseline = Math.max(baseline, measured); // what the measure itself allocated is not the script's
        }
        if (t != baselineThread || allocated < baseline) {
            baselineThread = t;
            baseline = allocated;
        } else if (allocated - baseline >= interval()) {
            baseline = allocated;
            LuaStacks.requestMemoryCheck(calls);
        }
    }

    /**
     * The watchdog thread: reads the allocation counter of each limited state's thread and asks for a measure.
     *
     * <p>Threading: {@link #add} from any thread; the rest on the watchdog's own thread.
     */
    private static final class Watchdog {
        private static final List<WeakReference<MemoryLimit>> LIMITS = new ArrayList<>();
        private static Thread thread;

        static synchronized void add(MemoryLimit m) {
            LIMITS.add(new WeakReference<>(m)); // weak: a state dropped by its application goes
            if (thread == null) {
                thread = new Thread(Watchdog::run, "ljuv memory limit");
                thread.setDaemon(true);
                thread.start();
            }
        }

        /** The JVM's allocation counters, or null when it has none (large allocations are still checked). */
        private static final com.sun.management.ThreadMXBean THREADS = threads();

        private static com.sun.management.ThreadMXBean threads() {
            try {
                var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
                threads.setThreadAllocatedMemoryEnabled(true);
                return threads;
            } catch (RuntimeException | LinkageError e) {
                return null;
            }
        }

        /** What the calling thread has allocated so far, or -1. */
        static long allocatedHere() {
            return THREADS == null ? -1 : THREADS.getCurrentThreadAllocatedBytes();
        }

        private static void run() {
            com.sun.management.ThreadMXBean threads = THREADS;
            if (threads == null) {
                return;
            }
            while (true) {
                try {
                    Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
                for (MemoryLimit m : limits()) {
                    try {
                        m.poll(threads);
                    } catch (RuntimeException e) {
                        // a thread gone meanwhile: nothing to ask it; the watchdog goes on for the others
                    }
                }
            }
        }

        private static synchronized List<MemoryLimit> limits() {
            List<MemoryLimit> out = new ArrayList<>(LIMITS.size());
            LIMITS.removeIf(r -> {
                MemoryLimit m = r.get();
                if (m != null) {
                    out.add(m);
                }
                return m == null;
            });
            return out;
        }
    }
}
