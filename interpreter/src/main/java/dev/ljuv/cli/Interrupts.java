package dev.ljuv.cli;

import dev.ljuv.stdlib.vm.LuaStacks;
import sun.misc.Signal;

/**
 * Ctrl-C as in the {@code luajit} command: SIGINT raises the error {@code interrupted!} in the running Lua code
 * (catchable by {@code pcall}, reported with a traceback and status 1 when not), and a second one before the
 * first was raised ends the process with SIGINT's status, as luajit's handler restores the default
 * disposition. A script's own {@code loop:signal()} for SIGINT takes the signal over while it watches it.
 *
 * <p>Threading: {@link #install} from any thread; the handler runs on the JVM's signal thread and only marks
 * the Lua thread (see {@link LuaStacks#interrupt}).
 */
final class Interrupts {
    private Interrupts() {}

    /** Exit status of a process ended by SIGINT, as a shell reports it. */
    static final int STATUS = 130;

    /** Routes SIGINT to the Lua code running on {@code lua}; again after a library (JLine) took it over. */
    static void install(Thread lua) {
        try {
            Signal.handle(new Signal("INT"), sig -> {
                if (!LuaStacks.interrupt(lua)) {
                    Runtime.getRuntime().halt(STATUS);
                }
            });
        } catch (IllegalArgumentException e) {
            // SIGINT ignored by the parent (a background job) or reserved (-Xrs): keep the JVM's disposition
        }
    }
}
