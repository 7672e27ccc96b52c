package dev.ljuv.loop;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * The process's signal dispositions, shared by every loop: one JVM handler per signal number while at least
 * one signal handle watches it, forwarding each arrival to every watching handle's loop. The JVM delivers
 * signals on its own thread; {@link SignalHandle#arrived} hands them to the loop like an async send.
 *
 * <p>Threading: safe from any thread.
 */
final class Signals {
    private Signals() {}

    /** Linux signal numbers and the names the JVM knows them by. */
    private static final String[] NAMES = {
        null, "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE",
        "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ",
        "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS"
    };

    /** A handle that wants to hear about a signal. */
    interface SignalHandle {
        /** Called on the JVM's signal thread. */
        void arrived(int signum);
    }

    private static final Map<Integer, Set<SignalHandle>> WATCHERS = new ConcurrentHashMap<>();
    private static final Map<Integer, SignalHandler> PREVIOUS = new ConcurrentHashMap<>();

    /** The number of {@code name} ("SIGINT", "sigint" or "INT"), or -1. */
    static int number(String name) {
        String n = name.toUpperCase(java.util.Locale.ROOT);
        if (n.startsWith("SIG")) {
            n = n.substring(3);
        }
        for (int i = 1; i < NAMES.length; i++) {
            if (NAMES[i].equals(n)) {
                return i;
            }
        }
        return -1;
    }

    static String name(int signum) {
        return signum > 0 && signum < NAMES.length ? NAMES[signum] : null;
    }

    /**
     * Starts forwarding {@code signum} to {@code h}.
     *
     * @throws IllegalArgumentException with a Lua-ready message when the number is unknown or the JVM
     *     reserves the signal
     */
    static synchronized void watch(int signum, SignalHandle h) {
        String name = name(signum);
        if (name == null) {
            throw new IllegalArgumentException("EINVAL: invalid argument (unknown signal number " + signum + ")");
        }
        Set<SignalHandle> set = WATCHERS.get(signum);
        if (set == null) {
            SignalHandler previous;
            try {
                previous = Signal.handle(new Signal(name), sig -> dispatch(signum));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "EINVAL: signal SIG" + name + " (" + signum + ") is reserved by the JVM and cannot be watched");
            }
            PREVIOUS.put(signum, previous);
            set = new CopyOnWriteArraySet<>();
            WATCHERS.put(signum, set);
        }
        set.add(h);
    }

    /** Stops forwarding {@code signum} to {@code h}; the last one restores the previous disposition. */
    static synchronized void unwatch(int signum, SignalHandle h) {
        Set<SignalHandle> set = WATCHERS.get(signum);
        if (set == null || !set.remove(h) || !set.isEmpty()) {
            return;
        }
        WATCHERS.remove(signum);
        SignalHandler previous = PREVIOUS.remove(signum);
        try {
            Signal.handle(new Signal(name(signum)), previous != null ? previous : SignalHandler.SIG_DFL);
        } catch (IllegalArgumentException e) {
            // the disposition can no longer be restored: nothing to do
        }
    }

    private static void dispatch(int signum) {
        Set<SignalHandle> set = WATCHERS.get(signum);
        if (set != null) {
            for (SignalHandle h : set) {
                h.arrived(signum);
            }
        }
    }
}
