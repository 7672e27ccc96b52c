package dev.ljuv.stdlib.vm;

/**
 * The error an {@code xpcall} handler is handling, per thread: {@code debug.traceback}, {@code debug.getinfo}
 * and {@code debug.getlocal} called by the handler see the frames that error left, as they would in LuaJIT
 * where the handler runs before the stack unwinds.
 *
 * <p>Threading: thread-confined (a thread-local).
 */
public final class HandledError {
    private HandledError() {}

    /** The error's frames, and the Lua call depth of the thread when the handler was called. */
    record Context(ErrorTrace trace, int baseDepth) {}

    private static final ThreadLocal<Context> CURRENT = new ThreadLocal<>();

    static Context context() {
        return CURRENT.get();
    }

    /** Runs {@code handler} with {@code trace} as the handled error's frames. */
    public static <T> T with(ErrorTrace trace, java.util.function.Supplier<T> handler) {
        Context previous = CURRENT.get();
        CURRENT.set(trace == null ? null : new Context(trace, dev.ljuv.stdlib.vm.LuaStacks.depth()));
        try {
            return handler.get();
        } finally {
            CURRENT.set(previous);
        }
    }
}
