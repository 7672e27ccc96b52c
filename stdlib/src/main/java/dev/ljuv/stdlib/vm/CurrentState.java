package dev.ljuv.stdlib.vm;

/**
 * The Lua state a thread is running, for the few things LuaJ keeps in static fields but Lua keeps per state:
 * the metatable of strings ({@code getmetatable("").__index} is the state's own {@code string} table). A
 * state becomes current on the thread that creates it; the embedding API makes its state current for the
 * duration of each call from another thread.
 *
 * <p>Threading: each thread sees only its own current state. Lua threads keep it in a field (the string
 * method look-up is hot); other threads, including the virtual threads of the coroutine fallback, in an
 * inheritable thread-local.
 */
public final class CurrentState {
    private static final InheritableThreadLocal<LuaJitGlobals> OTHER_THREADS = new InheritableThreadLocal<>();

    private CurrentState() {}

    /** The state running on this thread, or null. */
    public static LuaJitGlobals get() {
        if (Thread.currentThread() instanceof LuaStacks.LuaThreadStack t) {
            LuaJitGlobals g = t.calls.state;
            if (g != null) {
                return g;
            }
        }
        return OTHER_THREADS.get();
    }

    /** The running Lua thread (coroutine or main) of this thread's state, or null. */
    public static org.luaj.vm2.LuaThread runningThread() {
        LuaJitGlobals g = get();
        return g == null ? null : g.running;
    }

    /** Makes {@code g} this thread's current state; returns the previous one, for {@link #restore}. */
    public static LuaJitGlobals enter(LuaJitGlobals g) {
        LuaJitGlobals previous = get();
        if (Thread.currentThread() instanceof LuaStacks.LuaThreadStack t) {
            t.calls.state = g;
        }
        OTHER_THREADS.set(g);
        if (g != null && g.memoryLimit != null) {
            g.memoryLimit.running(); // measured on this thread now
        }
        return previous;
    }

    /** Undoes an {@link #enter}. */
    public static void restore(LuaJitGlobals previous) {
        if (Thread.currentThread() instanceof LuaStacks.LuaThreadStack t) {
            t.calls.state = previous;
        }
        if (previous == null) {
            OTHER_THREADS.remove();
        } else {
            OTHER_THREADS.set(previous);
        }
    }
}
