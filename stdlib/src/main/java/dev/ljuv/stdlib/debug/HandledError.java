package dev.ljuv.stdlib.debug;

/**
 * The error an {@code xpcall} handler is handling, per thread: {@code debug.traceback} called by the handler
 * lists the frames that error left, as it would in LuaJIT where the handler runs before the stack unwinds.
 *
 * <p>Threading: thread-confined (a thread-local).
 */
public final class HandledError {
    private HandledError() {}

    private static final ThreadLocal<ErrorTrace> CURRENT = new ThreadLocal<>();

    public static ErrorTrace current() {
        return CURRENT.get();
    }

    /** Runs {@code handler} with {@code trace} as the handled error's frames. */
    public static <T> T with(ErrorTrace trace, java.util.function.Supplier<T> handler) {
        ErrorTrace previous = CURRENT.get();
        CURRENT.set(trace);
        try {
            return handler.get();
        } finally {
            CURRENT.set(previous);
        }
    }
}
