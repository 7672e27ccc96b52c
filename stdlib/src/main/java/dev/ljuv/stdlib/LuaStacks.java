package dev.ljuv.stdlib;

/**
 * Platform threads that run Lua code. LuaJ's interpreter recurses on the Java stack for every Lua call, so a
 * Lua state needs a much larger stack than the JVM's default to reach LuaJIT's call depth; coroutines run on
 * the stack of the thread that resumes them and so share it.
 *
 * <p>Lua calls on such a thread are counted (see {@code LuaHooks.enterCall}): past {@link #MAX_DEPTH} nested
 * Lua calls the call raises {@code stack overflow}, as LuaJIT does when its stack is full, instead of
 * recursing millions of frames deep into a Java {@link StackOverflowError}.
 */
public final class LuaStacks {
    private LuaStacks() {}

    /** Stack reserved for a thread that runs Lua: room for {@link #MAX_DEPTH} calls even before the JIT. */
    public static final long STACK_BYTES = 1L << 30;

    /** Nested Lua calls allowed on one thread; LuaJIT allows about 32000 for a small function. */
    public static final int MAX_DEPTH = 120_000;

    /**
     * A thread that runs Lua, with its Lua call depth.
     *
     * <p>Threading: {@link #depth} is only touched by the thread itself.
     */
    public static final class LuaThreadStack extends Thread {
        /** Lua calls in progress on this thread. */
        public int depth;
        /** The function of each Lua call in progress, {@code frames[depth]} the innermost. */
        public org.luaj.vm2.LuaClosure[] frames = new org.luaj.vm2.LuaClosure[64];
        /** The state this thread runs (see {@link CurrentState}). */
        LuaJitGlobals state;

        LuaThreadStack(String name, Runnable body) {
            super(null, body, name, STACK_BYTES);
        }
    }

    /** The Lua function at stack level {@code level} (1: the innermost Lua call), or null when unknown. */
    public static org.luaj.vm2.LuaClosure frame(int level) {
        if (Thread.currentThread() instanceof LuaThreadStack t && level >= 1 && level <= t.depth) {
            return t.frames[t.depth - level + 1];
        }
        return null;
    }

    /** An unstarted platform thread with the Lua stack size and call counting. */
    public static Thread newThread(String name, Runnable body) {
        return new LuaThreadStack(name, body);
    }
}
