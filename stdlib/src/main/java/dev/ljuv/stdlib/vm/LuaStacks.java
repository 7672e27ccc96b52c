package dev.ljuv.stdlib.vm;

/**
 * Platform threads that run Lua code. LuaJ's interpreter recurses on the Java stack for every Lua call, so a
 * Lua state needs a much larger stack than the JVM's default to reach LuaJIT's call depth; coroutines run on
 * the stack of the thread that resumes them and so share it.
 *
 * <p>Lua calls are counted and kept per thread (see {@code CallHooks.enterCall}); on such a thread, past
 * {@link #MAX_DEPTH} nested Lua calls the call raises {@code stack overflow}, as LuaJIT does when its stack is
 * full, instead of recursing millions of frames deep into a Java {@link StackOverflowError}.
 */
public final class LuaStacks {
    private LuaStacks() {}

    /** Stack reserved for a thread that runs Lua: room for {@link #MAX_DEPTH} calls even before the JIT. */
    public static final long STACK_BYTES = 1L << 30;

    /** Nested Lua calls allowed on one thread; LuaJIT allows about 32000 for a small function. */
    public static final int MAX_DEPTH = 120_000;

    /**
     * Room that no code reads or writes around the fields of a {@link CallStack} or a {@link Frame}: 68 bytes
     * before them (a superclass's fields come first), and after them each class's own {@code tail} references
     * (the JVM lays out references after numbers). Every Lua call writes its thread's call depth and frame; the
     * collector may put one thread's frames next to another's, and two threads writing one cache line each ran
     * at half speed or worse (fib in two pool workers: 107M calls/s alone, 40-50M each side by side). With the
     * padding, the fields of two such objects are always more than a cache line apart. {@code @Contended} does
     * the same only with {@code -XX:-RestrictContended}, which an embedding application would have to pass.
     */
    @SuppressWarnings("unused")
    abstract static class ColdHead {
        private int pad0;
        private long pad1, pad2, pad3, pad4, pad5, pad6, pad7, pad8;
    }

    /**
     * The Lua calls in progress on one thread: their count and their frames. A {@link LuaThreadStack} holds its
     * own; any other thread that runs Lua (an embedding application's, a virtual thread of the coroutine
     * fallback) gets one from a thread-local on its first call.
     *
     * <p>Threading: only touched by its thread.
     */
    public static final class CallStack extends ColdHead {
        /** Lua calls in progress. */
        public int depth;
        /**
         * The Lua calls in progress, {@code frames[depth]} the innermost. The objects are reused by later calls
         * at the same depth; a suspended coroutine takes its own out (see {@code Coroutine}).
         */
        public Frame[] frames = new Frame[64];
        /** Whether the depth is limited to {@link #MAX_DEPTH}: only on threads with the large Lua stack. */
        public final boolean limited;
        /**
         * The depth past which a call is refused: {@link #MAX_DEPTH} when limited; -1 while an interrupt or a
         * memory check is pending, so that the next Lua call takes the slow path (the one check every call makes
         * anyway), and so does the next iteration of a loop; a frameless body's depth while it runs, and after it
         * until the next call past it sets {@link #normalLimit} back (see {@code FramelessExecution}). Read and
         * written through {@code CallHooks.LIMIT}: {@link #interrupt} and {@link #requestMemoryCheck} write it from
         * other threads. Volatile so that a compiled loop's back edge reads it with a plain {@code getfield}: one
         * load in the loop's own code, which needs no inlining (a huge function's budget may run out before it).
         */
        public volatile int limit;
        /** The error the pending interrupt raises; null when none is pending. Written through {@code CallHooks.MESSAGE}. */
        volatile String interruptMessage;
        /** Whether the interrupt stays pending once raised (a time limit: until {@link #clearInterrupt}). */
        volatile boolean interruptSticky;
        /** Whether the state's memory is to be measured at the next call or loop iteration (see {@code MemoryLimit}). */
        volatile boolean memoryCheck;
        /** Whether the next call or loop iteration raises "not enough memory": the heap is full (see {@code MemoryGuard}). */
        volatile boolean heapFull;
        /** The state this thread runs (see {@link CurrentState}). */
        LuaJitGlobals state;
        /** The count of values the interpreter's {@code SETLIST} is about to spread, until its first store; else -1. */
        int spreading = -1;
        /** The thread's cache of recently made short strings (see {@code ValueSemantics.recentStrings}). */
        final org.luaj.vm2.LuaString[] recentStrings = new org.luaj.vm2.LuaString[RECENT_STRINGS];
        /** See {@link ColdHead}. */
        @SuppressWarnings("unused")
        private Object tail0, tail1, tail2, tail3, tail4, tail5, tail6, tail7, tail8, tail9, tailA, tailB, tailC,
                tailD, tailE, tailF;

        CallStack(boolean limited) {
            this.limited = limited;
            this.limit = limited ? MAX_DEPTH : Integer.MAX_VALUE;
        }

        /**
         * While a coroutine body runs frameless ({@code FramelessExecution}): its depth, past which a call is refused
         * so that the body takes it up on a continuation; else 0.
         */
        int framelessDepth;

        /**
         * The depth of a call whose number function ({@code NumberFunction}) went past the depth limit and which runs
         * the ordinary way instead, with the calls above it: each would go as deep again (see
         * {@code CallHooks.numbersAllowed}); else 0.
         */
        int numberless;

        /**
         * The depth of the Lua call whose {@code pcall} or {@code xpcall} is calling a Java function directly
         * ({@code pcall(debug.traceback)}), while it does (see {@link #callFromJava}); else 0.
         */
        int javaCallDepth;

        /** The limit when no interrupt is pending. */
        int normalLimit() {
            return framelessDepth > 0 ? framelessDepth : limited ? MAX_DEPTH : Integer.MAX_VALUE;
        }
    }

    /** LuaJ's size of its cache of recent short strings ({@code LuaString.RECENT_STRINGS_CACHE_SIZE}). */
    private static final int RECENT_STRINGS = 128;

    private static final ThreadLocal<CallStack> OTHER_THREADS = ThreadLocal.withInitial(() -> new CallStack(false));

    /** The calling thread's Lua calls. */
    public static CallStack calls() {
        return Thread.currentThread() instanceof LuaThreadStack t ? t.calls : OTHER_THREADS.get();
    }

    /** The {@link LuaThreadStack}s running now: where {@link MemoryGuard} looks for the thread that filled the heap. */
    static final java.util.Set<LuaThreadStack> RUNNING = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** A thread that runs Lua, with the large stack and its calls counted and limited. */
    public static final class LuaThreadStack extends Thread {
        public final CallStack calls = new CallStack(true);

        LuaThreadStack(String name, Runnable body) {
            super(null, body, name, STACK_BYTES);
        }

        @Override
        public void run() {
            RUNNING.add(this);
            try {
                super.run();
            } finally {
                RUNNING.remove(this);
            }
        }
    }

    /**
     * One Lua call in progress: its function, its registers, and the instruction it is executing (kept up to
     * date by the patched interpreter, see {@code CallDepthPatch}), which is how {@code debug.getinfo} knows
     * the current line and how a function was called.
     *
     * <p>Threading: written by the thread running the call, read by the same thread.
     */
    public static final class Frame extends ColdHead {
        /** See {@link #rounds}. */
        public static final int ROUND_ENDS = 1, ROUND_STARTS = 2;

        /**
         * The calls this frame belongs to: those of the thread running it. A suspended coroutine's frames move to the
         * calls of the thread that resumes it ({@code Coroutine.swapFrames}), which compiled calls from them then
         * count on ({@code CallHooks.enterFrom}).
         */
        public CallStack calls;
        public org.luaj.vm2.LuaClosure closure;
        /** The call's registers; null once the call returned. */
        public org.luaj.vm2.LuaValue[] stack;
        /** Index of the call instruction being executed (stale before the first call). */
        public int pc;
        /**
         * Set by {@code debug.setlocal}: compiled code that keeps registers in JVM locals takes its named locals
         * again from {@link #stack} after the call it is in (cleared on entry to each call).
         */
        public boolean localsSet;
        /**
         * While the call's tail call of a Java function runs ({@code return f(...)}, {@code CallHooks.tailCall}): the
         * call is no stack level, as LuaJIT replaced its frame by the callee's ({@code return debug.traceback(e, 2)}
         * in an error handler starts where LuaJIT's does, {@code return setfenv(2, env)} sets what it sets there).
         */
        public boolean tailCalling;
        /**
         * While the call is a coroutine body running without a continuation: the state's {@code coroutine.yield},
         * whose calls the body takes as its yields (see {@code Generator.step}); else null.
         */
        public org.luaj.vm2.LuaValue framelessYield;
        /**
         * While the call goes on in compiled code entered at a loop's back edge one round of its outermost loop (or
         * of one of its inner loops) at a time ({@code LoopEntries.enter}): {@link #ROUND_ENDS} when that code returns
         * at the next outermost loop's back edge it comes to, to be entered there again; {@link #ROUND_STARTS} when
         * it was entered at that back edge, which it goes past this once. 0 otherwise.
         */
        public int rounds;
        /**
         * The register array a compiled call that makes it lazily ({@code CompiledSupport.registers}) used last at
         * this depth: the next such call of the same size takes it again instead of a new one. Null once an error's
         * trace keeps that array ({@code ErrorHooks.onUnwind}).
         */
        public org.luaj.vm2.LuaValue[] spare;
        /**
         * The frame of the next deeper call ({@code frames[i + 1]} for {@code frames[i]}, or null while there is
         * none): where a compiled caller finds its callee's frame ({@code CallHooks.enterFrom}). Linked as frames are
         * made and as a coroutine's frames are swapped in and out.
         */
        public Frame next;
        /** See {@link ColdHead}. */
        @SuppressWarnings("unused")
        private Object tail0, tail1, tail2, tail3, tail4, tail5, tail6, tail7, tail8, tail9, tailA, tailB, tailC,
                tailD, tailE, tailF;

        public Frame(CallStack calls) {
            this.calls = calls;
        }
    }

    /** The Lua function at stack level {@code level} (1: the innermost Lua call), or null when unknown. */
    public static org.luaj.vm2.LuaClosure frame(int level) {
        Frame f = frameAt(level);
        return f == null ? null : f.closure;
    }

    /** The Lua call at stack level {@code level} (1: the innermost), or null when unknown. */
    public static Frame frameAt(int level) {
        CallStack c = calls();
        return level >= 1 && level <= c.depth ? c.frames[c.depth - level + 1] : null;
    }

    /**
     * After an error caught by a protected call that began at {@code depth}: the calls above it are over, even those
     * whose exit did not run (a Java stack overflow can leave no stack for a frame's {@code finally}, on a thread
     * whose depth is not limited), and forget their functions.
     */
    public static void unwindTo(int depth) {
        CallStack c = calls();
        for (int i = Math.min(c.depth, c.frames.length - 1); i > depth; i--) {
            Frame f = c.frames[i];
            if (f != null) {
                f.closure = null;
                f.stack = null;
            }
        }
        if (c.depth > depth) {
            c.depth = depth;
        }
    }

    /** Lua calls in progress on this thread. */
    public static int depth() {
        return calls().depth;
    }

    /**
     * {@code f(args)} called by a Java function of the innermost Lua call ({@code pcall}, {@code xpcall}): a Java
     * function called so sees its caller as stack level 1, as in LuaJIT ({@code pcall(debug.getinfo, 1)} is
     * {@code pcall}'s level; {@code StackLevels.at}).
     */
    public static org.luaj.vm2.Varargs callFromJava(org.luaj.vm2.LuaValue f, org.luaj.vm2.Varargs args) {
        if (f instanceof org.luaj.vm2.LuaClosure) {
            return f.invoke(args);
        }
        CallStack c = calls();
        int was = c.javaCallDepth;
        c.javaCallDepth = c.depth;
        try {
            return f.invoke(args);
        } finally {
            c.javaCallDepth = was;
        }
    }

    /**
     * Whether the running Java function was called through {@link #callFromJava} by a Java function that the innermost
     * Lua call called.
     */
    static boolean calledFromJava() {
        CallStack c = calls();
        return c.javaCallDepth > 0 && c.javaCallDepth == c.depth;
    }

    /**
     * Asks the Lua code running on {@code t} (a {@link #newThread} thread) to stop: its next Lua call raises the
     * error {@code interrupted!}, as LuaJIT's command line does on Ctrl-C through a hook; a loop also stops at its
     * next iteration ({@code CallHooks.backEdge}), compiled or interpreted.
     *
     * <p>Threading: called from any thread (a signal handler's).
     *
     * @return false when an earlier interrupt is still pending (the caller may then end the process, as a
     *     second Ctrl-C ends luajit)
     */
    public static boolean interrupt(Thread t) {
        if (!(t instanceof LuaThreadStack s) || s.calls.interruptMessage != null) {
            return false;
        }
        interrupt(s.calls, LuaErrors.INTERRUPTED, false);
        return true;
    }

    /**
     * Stops the Lua code running on the thread of {@code calls} with the error {@code message} at its next call or
     * loop iteration; a {@code sticky} interrupt raises it again at every one (so that a {@code pcall} cannot
     * swallow it) until {@link #clearInterrupt}. From any thread.
     */
    public static void interrupt(CallStack calls, String message, boolean sticky) {
        calls.interruptSticky = sticky;
        calls.interruptMessage = message;
        CallHooks.LIMIT.setVolatile(calls, -1); // the one flag the hot paths read: a negative limit
    }

    /** Asks the thread of {@code calls} to measure its state's memory at its next call or loop iteration. From any thread. */
    public static void requestMemoryCheck(CallStack calls) {
        calls.memoryCheck = true;
        CallHooks.LIMIT.setVolatile(calls, -1);
    }

    /**
     * Drops what the calling thread's finished calls still point to (their functions: a frame object is kept for
     * reuse), so that a finished state (and the generated classes only it used) is garbage at once: on a thread about
     * to end, and when an embedder's thread leaves a state.
     */
    public static void forgetFinishedCalls() {
        CallStack c = calls();
        for (int i = c.depth + 1; i < c.frames.length; i++) {
            Frame f = c.frames[i];
            if (f == null) {
                break; // frames are made as the depth first reaches them: none deeper
            }
            f.closure = null;
            f.stack = null;
            f.spare = null; // (a finished call's registers, kept for the next call at this depth)
        }
    }

    /**
     * Before a collection a Lua program asks for ({@code collectgarbage}), called by {@code callee} (the function
     * the innermost Lua call is calling): drops what LuaJIT's collector would not see either, so that a value the
     * program no longer reaches is collected as it is there (a weak table's key after {@code t = nil}, copas's
     * removed threads). The finished calls' functions and registers; and the innermost call's registers past the
     * call's arguments, which LuaJIT leaves above its stack's top: a call's earlier arguments stay in those
     * registers until something else is put there (in {@code local x = f(co); co = nil}, {@code co} is still the
     * register after {@code f}'s). Those are dead in Lua's register discipline (a call's registers from its
     * function up are free once it is made), and cleared only when the frame's noted instruction is that very call:
     * one of {@code nargs} arguments whose function register holds {@code callee} (the instruction noted is the
     * frame's last call: a metamethod the callee is, run by another instruction, would not match it).
     */
    public static void dropDeadValues(org.luaj.vm2.LuaValue callee, int nargs) {
        forgetFinishedCalls();
        CallStack c = calls();
        Frame f = c.depth >= 1 && c.depth < c.frames.length ? c.frames[c.depth] : null;
        if (f == null || f.stack == null || f.closure == null) {
            return;
        }
        int[] code = f.closure.p.code;
        if (f.pc < 0 || f.pc >= code.length) {
            return;
        }
        int i = code[f.pc];
        int op = org.luaj.vm2.Lua.GET_OPCODE(i);
        int a = org.luaj.vm2.Lua.GETARG_A(i);
        int b = org.luaj.vm2.Lua.GETARG_B(i);
        org.luaj.vm2.LuaValue[] registers = f.stack;
        if ((op == org.luaj.vm2.Lua.OP_CALL || op == org.luaj.vm2.Lua.OP_TAILCALL) && b - 1 == nargs
                && a < registers.length && registers[a] == callee) {
            java.util.Arrays.fill(registers, Math.min(a + b, registers.length), registers.length,
                    org.luaj.vm2.LuaValue.NIL);
        }
    }

    /** Makes the next call or loop iteration on the thread of {@code calls} raise "not enough memory". From any thread. */
    static void raiseHeapFull(CallStack calls) {
        calls.heapFull = true;
        requestMemoryCheck(calls);
    }

    /** Withdraws an interrupt of {@code calls}, raised or not. From the thread of {@code calls}. */
    public static void clearInterrupt(CallStack calls) {
        calls.interruptSticky = false;
        calls.interruptMessage = null;
        CallHooks.LIMIT.setVolatile(calls, calls.normalLimit());
        if (calls.memoryCheck) {
            CallHooks.LIMIT.setVolatile(calls, -1); // still to be done
        }
    }

    /** An unstarted platform thread with the Lua stack size and call counting. */
    public static Thread newThread(String name, Runnable body) {
        return new LuaThreadStack(name, body);
    }
}
