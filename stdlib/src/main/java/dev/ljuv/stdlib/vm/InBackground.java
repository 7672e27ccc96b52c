package dev.ljuv.stdlib.vm;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Work that only makes something later quicker (a class initialized, a foreign function linked), done once per
 * process on a daemon thread beside the program: the program then does not wait for it where it would have, inside
 * an interval it is timing or past a timer it has just started.
 *
 * <p>Threading: any thread; {@code task} runs on a new daemon thread, its failure unseen (whoever needs the thing
 * later does it the ordinary way, and sees the failure then).
 */
public final class InBackground {
    private InBackground() {}

    /** Runs {@code task} on a daemon thread named {@code name}, the first time {@code once} is seen unset. */
    public static void once(AtomicBoolean once, String name, Runnable task) {
        if (!once.get() && !once.getAndSet(true)) { // (a plain read for every later caller)
            Thread.ofPlatform().daemon().name(name).start(() -> {
                try {
                    task.run();
                } catch (Throwable e) {
                    // nothing for the user to see: see the class comment
                }
            });
        }
    }
}
