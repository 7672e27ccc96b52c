package dev.ljuv.stdlib.vm;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import javax.management.NotificationEmitter;

/**
 * "not enough memory" before the JVM thrashes: once a collection leaves the heap nearly full (a collection
 * usage threshold of the old generation, {@value #FULL_PERCENT}% of its maximum), the Lua thread that allocates
 * fastest at that moment gets the Lua error at its next call or loop iteration (the check those make anyway),
 * instead of the JVM spending a minute collecting before an {@code OutOfMemoryError} hits whichever thread
 * allocates next, often an idle loop. Without such a thread (Lua run by an application's own threads), the next
 * large allocation a script makes (a big table growing, a buffer or a string being built) raises it. A reserve
 * block is given up when a real {@code OutOfMemoryError} is caught, so that the error can still be reported.
 *
 * <p>Threading: safe from any thread; the flag is shared by the states of the JVM (memory is too). It is set up
 * on the first large allocation, not at start (the management beans cost start-up time).
 */
public final class MemoryGuard {
    /** Percentage of the old generation's maximum past which a collection signals exhaustion. */
    static final int FULL_PERCENT = 92;
    /** Allocations below this many slots or bytes are not checked: only large ones exhaust the heap quickly. */
    public static final int LARGE = 1 << 15;

    private static volatile boolean exhausted;
    private static volatile boolean installed;
    /** The JVM's per-thread allocation counters, or null when it has none. */
    private static com.sun.management.ThreadMXBean allocations;
    @SuppressWarnings("unused")
    private static volatile byte[] reserve = newReserve();

    /** A sixty-fourth of the heap, from 1 MB to 16 MB: room for a handler after an OutOfMemoryError. */
    private static byte[] newReserve() {
        long size = Math.max(1 << 20, Math.min(16 << 20, Runtime.getRuntime().maxMemory() / 64));
        return new byte[(int) size];
    }

    private MemoryGuard() {}

    /**
     * A new array of {@code size} bytes for a string being made: "not enough memory" past what a Java array holds,
     * and, when large, checked first ({@link #beforeLargeAllocation}) rather than left to fail as a Java error.
     */
    public static byte[] bytes(long size) {
        if (size > Integer.MAX_VALUE - 8) {
            throw LuaErrors.notEnoughMemory();
        }
        if (size >= LARGE) {
            beforeLargeAllocation(size);
        }
        return new byte[(int) size];
    }

    /**
     * Before allocating about {@code bytes} at once: raises "not enough memory" when that does not fit in the
     * running state's {@link MemoryLimit}, when the last collection left the heap full, or when that much cannot fit beside what the last collections kept alive (a single allocation
     * larger than the free heap fails at once, without the thrash, but as a Java error).
     */
    public static void beforeLargeAllocation(long bytes) {
        LuaJitGlobals g = CurrentState.get();
        if (g != null && g.memoryLimit != null) {
            g.memoryLimit.beforeAllocation(bytes); // the state's own limit first
        }
        if (!installed) {
            install();
        }
        if (exhausted) {
            exhausted = false; // once: the script may catch it and free memory
            if (stillFull()) {
                throw LuaErrors.notEnoughMemory();
            }
        }
        if (reserve == null && Runtime.getRuntime().freeMemory() > (64L << 20)) {
            reserve = newReserve(); // the script freed memory since: re-armed
        }
        Runtime rt = Runtime.getRuntime();
        long max = rt.maxMemory();
        if (bytes > max - (rt.totalMemory() - rt.freeMemory()) && bytes > max - live()) {
            throw LuaErrors.notEnoughMemory();
        }
    }

    /**
     * Whether the heap is still nearly full once collected. The flag can be stale: the thread that filled the heap
     * may have ended since (its data garbage, perhaps not collected yet), and a loop's callback allocating after it
     * got the error meant for that thread. One full collection, on this rare path only.
     */
    private static boolean stillFull() {
        System.gc();
        return live() > Runtime.getRuntime().maxMemory() / 100 * FULL_PERCENT;
    }

    /** The memory the last collections kept alive, as far as the heap's pools tell. */
    private static long live() {
        long live = 0;
        try {
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    java.lang.management.MemoryUsage after = pool.getCollectionUsage();
                    live += after != null ? after.getUsed() : pool.getUsage().getUsed();
                }
            }
        } catch (RuntimeException | LinkageError e) {
            return 0;
        }
        return live;
    }

    /** After an {@code OutOfMemoryError} was caught: room to report it. */
    public static void outOfMemory() {
        reserve = null;
        exhausted = false;
    }

    /** How long the allocation rates are sampled to find the thread filling the heap. */
    private static final int SAMPLE_MILLIS = 20;
    /** Bytes a thread must allocate during the sample to be taken for the one filling the heap (about 12 MB/s). */
    private static final long SAMPLE_MIN_BYTES = 256 << 10;

    /**
     * Tells the running Lua thread that allocates fastest now (over {@value #SAMPLE_MILLIS} ms: not its total,
     * which for a long-running loop is mostly garbage long gone) to raise the error; false when no thread allocates
     * much (the one that filled the heap may have ended meanwhile). On the notification thread, one at a time.
     */
    private static synchronized boolean stopGreediest() {
        com.sun.management.ThreadMXBean threads = allocations;
        if (threads == null) {
            return false;
        }
        LuaStacks.LuaThreadStack[] running = LuaStacks.RUNNING.toArray(new LuaStacks.LuaThreadStack[0]);
        long[] before = new long[running.length];
        for (int i = 0; i < running.length; i++) {
            before[i] = threads.getThreadAllocatedBytes(running[i].threadId());
        }
        try {
            Thread.sleep(SAMPLE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        LuaStacks.LuaThreadStack greediest = null;
        long most = SAMPLE_MIN_BYTES;
        for (int i = 0; i < running.length; i++) {
            long allocated = threads.getThreadAllocatedBytes(running[i].threadId()) - before[i];
            if (before[i] >= 0 && allocated > most) {
                most = allocated;
                greediest = running[i];
            }
        }
        if (greediest == null) {
            return false;
        }
        if (!stillFull()) {
            return true; // a late notice: the thread that filled the heap ended, and the one allocating now is not to blame
        }
        LuaStacks.raiseHeapFull(greediest.calls);
        return true;
    }

    private static synchronized void install() {
        if (installed) {
            return;
        }
        try {
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                long max = pool.getUsage().getMax();
                String name = pool.getName();
                boolean young = name.contains("Eden") || name.contains("Survivor") || name.contains("Young");
                if (pool.getType() == MemoryType.HEAP && !young && pool.isCollectionUsageThresholdSupported() && max > 0) {
                    pool.setCollectionUsageThreshold(max / 100 * FULL_PERCENT);
                }
            }
            if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
                    && threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled()) {
                allocations = threads; // resolved now: there may be no memory left for it when the heap is full
            }
            ((NotificationEmitter) ManagementFactory.getMemoryMXBean()).addNotificationListener((n, handback) -> {
                if (MemoryNotificationInfo.MEMORY_COLLECTION_THRESHOLD_EXCEEDED.equals(n.getType())
                        && !stopGreediest()) {
                    exhausted = true;
                }
            }, null, null);
        } catch (RuntimeException | LinkageError e) {
            // no management on this JVM: the OutOfMemoryError handling still applies
        }
        installed = true;
    }
}
