package dev.ljuv.loop;

/** Facts about the loops of this process. */
public final class Loops {
    private Loops() {}

    /**
     * Sets up Netty's logging for code that uses Netty's classes before a loop waits (luv's address parsing): see
     * {@code IoBackend.NettyLogs}.
     */
    public static void beforeNetty() {
        IoBackend.NettyLogs.set();
    }

    /** "epoll", "kqueue" or "nio". */
    public static String transport() {
        return IoBackend.transport();
    }
}
