package dev.ljuv.loop;

/** Facts about the loops of this process. */
public final class Loops {
    private Loops() {}

    private static final java.util.concurrent.atomic.AtomicBoolean PREPARED = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Loads and links the I/O transport on a background thread, once per process: the first wait of a loop
     * otherwise pays for Netty's classes and native library (tens of milliseconds) on the loop's thread, in
     * the middle of whatever the script is timing. Called when a state first requires {@code ljuv}.
     */
    public static void prepareInBackground() {
        if (PREPARED.compareAndSet(false, true)) {
            Thread t = new Thread(IoBackend::warmUp, "ljuv-io-init");
            t.setDaemon(true);
            t.start();
        }
    }

    /** "epoll", "kqueue" or "nio". */
    public static String transport() {
        return IoBackend.TRANSPORT;
    }
}
