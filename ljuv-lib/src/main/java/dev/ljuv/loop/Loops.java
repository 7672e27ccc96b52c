package dev.ljuv.loop;

/** Facts about the loops of this process. */
public final class Loops {
    private Loops() {}

    /** "epoll", "kqueue" or "nio". */
    public static String transport() {
        return IoBackend.transport();
    }
}
