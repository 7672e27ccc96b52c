package dev.ljuv.loop;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ManualIoEventLoop;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.kqueue.KQueue;
import io.netty.channel.kqueue.KQueueIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import dev.ljuv.stdlib.vm.RuntimeOptions;

/**
 * The poll phase of one loop on a Netty {@link ManualIoEventLoop} driven by the loop's own thread: epoll on
 * Linux, kqueue on macOS, NIO elsewhere (or as forced by {@code -Dljuv.transport=epoll|kqueue|nio}).
 *
 * <p>The Netty loop is created the first time the loop must wait for a channel or for other threads alone (a wait
 * for a timer without channels parks the thread), and shut down (zero quiet period, then driven until terminated)
 * when the loop runs out of work, so an idle loop holds no file descriptors.
 *
 * <p>Threading: {@link #await} and {@link #shutdown} are called by the owning thread only; {@link #wakeup}
 * by any thread.
 */
final class IoBackend {
    /** The options of the first state that made a loop: Netty's set-up is one per process. */
    private static volatile RuntimeOptions configured = RuntimeOptions.DEFAULTS;
    /** Set when Netty's set-up was made (its options are then final). */
    private static volatile boolean settled;

    /** Whether LJUV_DEBUG asked for internal details (Java traces of the runtime's own failures, Netty's logs). */
    static boolean debug() {
        return configured.debug();
    }

    /**
     * Records {@code options} for the process's Netty set-up, unless it was made already. Called when a state is
     * made, before any of Netty's classes is initialized (luv's address parsing initializes Netty's platform
     * probe before the first loop waits).
     */
    static void configure(RuntimeOptions options) {
        if (!settled) {
            configured = options;
            // Netty's allocator reports chunk and buffer events to Java Flight Recorder where it is available:
            // registering those event classes cost a server ~80 ms at its first connection, for a recording that
            // nobody runs (-Dio.netty.jfr.enabled=true has them).
            if (System.getProperty("io.netty.jfr.enabled") == null) {
                System.setProperty("io.netty.jfr.enabled", "false");
            }
        }
    }

    /**
     * Netty's process-wide set-up, made on first use only (a class initializer): it loads the native transport's
     * library, which a script that never waits for anything does not need.
     */
    private static final class Settled {
        /** Netty logs through JUL by default: silent unless LJUV_DEBUG asks for it. */
        private static final Logger NETTY_LOGGER = Logger.getLogger("io.netty");

        static {
            settled = true;
            NettyLogs.set();
            if (!configured.debug()) {
                NETTY_LOGGER.setLevel(Level.OFF);
                // Netty samples one buffer in 128 for leaks, recording a stack trace and wrapping it in a
                // tracking buffer: a cost on every read and write that only a Netty developer needs.
                if (System.getProperty("io.netty.leakDetection.level") == null) {
                    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
                }
            }
        }

        /** The transport every loop of this process uses: "epoll", "kqueue" or "nio". */
        static final String TRANSPORT = chooseTransport();

        /**
         * The forced transport where this machine has it, else the best it has. Asking whether a native transport
         * is available is what loads its library: a forced "epoll" taken on trust left it unloaded, and the first
         * socket made before a loop waited failed in Netty's native code.
         */
        private static String chooseTransport() {
            String forced = configured.transport();
            if (forced.equals("nio") || forced.equals("epoll") && epoll() || forced.equals("kqueue") && kqueue()) {
                return forced;
            }
            return epoll() ? "epoll" : kqueue() ? "kqueue" : "nio";
        }

        private static boolean epoll() {
            try {
                return Epoll.isAvailable();
            } catch (LinkageError e) {
                return false; // native part missing
            }
        }

        private static boolean kqueue() {
            try {
                return KQueue.isAvailable();
            } catch (LinkageError e) {
                return false;
            }
        }

        static IoHandlerFactory factory() {
            return switch (TRANSPORT) {
                case "epoll" -> EpollIoHandler.newFactory();
                case "kqueue" -> KQueueIoHandler.newFactory();
                default -> NioIoHandler.newFactory();
            };
        }
    }

    /**
     * Makes Netty log through JUL (silenced by {@link Settled} unless LJUV_DEBUG asks), before Netty makes its first
     * logger: left to itself, Netty looks for SLF4J, Log4j 2 and Log4j on the class path first, 26 failed class loads,
     * each a Java exception made and thrown, at a luv script's start. A class of its own, so that loading IoBackend
     * loads none of Netty's classes.
     */
    static final class NettyLogs {
        static {
            InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
        }

        static void set() {}
    }

    /** The transport every loop of this process uses. */
    static String transport() {
        return Settled.TRANSPORT;
    }

    private final Thread owner;
    private final BooleanSupplier ready;
    /** Channels registered with the Netty loop: while there are any, it is kept. */
    private int channels;
    /** Typed by a class of this file only, so that loading IoBackend loads none of Netty's classes. */
    private volatile Waiter netty;

    /** {@code ready}: whether work arrived from another thread; the poll never blocks while it holds. */
    IoBackend(Thread owner, BooleanSupplier ready) {
        this.owner = owner;
        this.ready = ready;
    }

    /** The Netty loop of one wait-capable IoBackend. */
    private static final class Waiter {
        private final ManualIoEventLoop loop;

        Waiter(Thread owner, BooleanSupplier ready) {
            loop = new Netty(owner, ready);
        }

        io.netty.channel.IoEventLoop channelLoop() {
            return loop;
        }
    }

    /**
     * Netty re-checks {@code canBlock} after announcing that it is about to sleep, so work queued by another
     * thread either is seen here or its wake-up interrupts the sleep: no lost wake-up.
     */
    private static final class Netty extends ManualIoEventLoop {
        private final BooleanSupplier ready;

        Netty(Thread owner, BooleanSupplier ready) {
            super(owner, Settled.factory());
            this.ready = ready;
        }

        @Override
        protected boolean canBlock() {
            return !ready.getAsBoolean();
        }
    }

    /** The Netty loop that channels register with (made if needed). Owner thread only. */
    io.netty.channel.IoEventLoop channelLoop() {
        return waiter().channelLoop(); // (through Waiter: verifying this class must not load Netty's types)
    }

    /** Counts a channel registered with {@link #channelLoop}: the Netty loop is kept until it is closed. */
    void channelOpened() {
        channels++;
    }

    void channelClosed() {
        channels--;
    }

    private Waiter waiter() {
        Waiter w = netty;
        if (w == null) {
            w = new Waiter(owner, ready);
            netty = w; // published before any check of the condition: a sender that misses it sees our flag
        }
        return w;
    }

    /** Runs the I/O and Netty tasks that are ready, without waiting. */
    void runReady() {
        Waiter w = netty;
        if (w != null) {
            w.loop.runNow();
        }
    }

    /**
     * Waits until I/O was handled, work arrives from another thread, a wake-up comes or {@code timeoutMs} passes
     * (negative: no limit). Netty may return early (wake-ups, spurious returns): the condition decides.
     */
    void await(long timeoutMs) {
        if (netty == null && ready.getAsBoolean()) {
            return; // nothing to wait for: no need to set Netty up (tens of milliseconds the first time)
        }
        if (netty == null && timeoutMs >= 0) {
            // no channel to poll, a timer due: the thread parks instead of setting Netty up (tens of milliseconds
            // the first time: a script's first timer fired 40-60 ms late), and the timer fires within its
            // nanoseconds, not Netty's milliseconds. A wait for other threads alone still sets Netty up, as before
            // (parking there too measured within async_pingpong's wide noise, not clearly better or worse).
            park(timeoutMs);
            return;
        }
        Waiter w = waiter();
        long deadline = timeoutMs < 0 ? Long.MAX_VALUE : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!ready.getAsBoolean()) {
            long waitNanos;
            if (timeoutMs < 0) {
                waitNanos = 0; // Netty: 0 blocks until woken
            } else {
                waitNanos = deadline - System.nanoTime();
                if (waitNanos <= 0) {
                    return;
                }
            }
            if (w.loop.run(waitNanos) > 0) {
                return; // I/O or Netty tasks ran (their callbacks may have made new work for the loop)
            }
            if (timeoutMs >= 0 && System.nanoTime() - deadline >= 0) {
                return;
            }
        }
    }

    /**
     * Waits without Netty, until work arrives from another thread (its sender's {@link #wakeup} unparks this
     * thread, after it made {@code ready} hold) or {@code timeoutMs} (0 or more) passes. An unpark that comes before
     * the park is kept by the thread (its permit), so none is lost; a spurious return only makes the loop look again.
     */
    private void park(long timeoutMs) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!ready.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            LockSupport.parkNanos(this, left);
        }
    }

    /** Interrupts a wait of the owning thread, from any thread: Netty's, or the parked thread's. */
    void wakeup() {
        Waiter w = netty;
        if (w != null) {
            w.loop.wakeup();
        } else {
            LockSupport.unpark(owner);
        }
    }

    /** Releases the Netty loop and its descriptors; a later wait creates a new one. */
    void shutdown() {
        Waiter w = netty;
        if (w == null || channels > 0) {
            return;
        }
        netty = null;
        w.loop.shutdownGracefully(0, 0, TimeUnit.NANOSECONDS);
        while (!w.loop.isTerminated()) {
            w.loop.runNow();
        }
    }
}
