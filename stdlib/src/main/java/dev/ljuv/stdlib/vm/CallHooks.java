package dev.ljuv.stdlib.vm;

import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;

/**
 * Call hooks: what the patched interpreter ({@code LuaClosure.execute}, its {@code TAILCALL}) and the compiled
 * functions call on entry to and exit from every Lua call. The depth limit and the frames that stack-level
 * look-ups read are kept here.
 *
 * <p>Threading: each call works on the calling thread's own call stack.
 */
public final class CallHooks {
    private CallHooks() {}

    /**
     * States of this JVM with a debug hook set ({@code debug.sethook}); written under the class's lock, read by
     * the patched {@code LuaClosure.execute} and compiled call sites, which take the interpreter's way while it
     * is not 0.
     */
    public static int hookedStates;

    /**
     * The state whose debug hooks the interpreter calls (patched reads of {@code LuaClosure.globals} in
     * {@code LuaClosure.execute}, which only checks hooks with it and gives it to the closures it makes): null
     * at the cost of one static read while no state has a hook, else the running one.
     */
    public static org.luaj.vm2.Globals hookState(LuaClosure closure) {
        return hookedStates == 0 ? null : CurrentState.get();
    }

    /** Whether this thread's state has a debug hook. */
    public static boolean hookedHere() {
        LuaJitGlobals g = hookedStates == 0 ? null : CurrentState.get();
        return g != null && g.debuglib != null;
    }

    /** Calls a debug hook on behalf of the hooked Lua function: stack levels count the hook as called by it. */
    public static void callHook(LuaValue hook, LuaValue event, LuaValue line) {
        hook.call(event, line);
    }

    /**
     * Calls a debug hook for the call of a Java function that the hooked Lua function makes: stack levels count that
     * function between them ({@code debug.getinfo(2)} in the hook is {@code string.format}'s level, "C", as in LuaJIT),
     * named from the call instruction the Lua function is at. The same call as {@link #callHook}: {@code
     * StackLevels.howCalled} tells the two apart by their names.
     */
    public static void callJavaHook(LuaValue hook, LuaValue event, LuaValue line) {
        hook.call(event, line);
    }

    /** Counts a state that set its first hook ({@code +1}) or cleared its last ({@code -1}). */
    public static synchronized void countHookedState(int change) {
        hookedStates += change;
    }

    /** The finished tail call of a Java function: answers the results it is given. */
    private static final LuaValue RESULT = new org.luaj.vm2.lib.VarArgFunction() {
        @Override
        public org.luaj.vm2.Varargs invoke(org.luaj.vm2.Varargs results) {
            return results;
        }
    };

    /**
     * Entry of a Lua call (patched {@code LuaClosure.execute}): counts it, refusing past the limit, and returns
     * the frame the interpreter keeps its current instruction in, noted for stack-level look-ups
     * ({@code getfenv(1)}, {@code debug.getinfo(2)}).
     */
    public static LuaStacks.Frame enterCall(LuaClosure closure, LuaValue[] stack) {
        LuaStacks.CallStack c = LuaStacks.calls();
        int d = ++c.depth;
        if (d > (int) LIMIT.getOpaque(c)) {
            refuseOrCheck(c);
        }
        LuaStacks.Frame[] frames = c.frames;
        if (d >= frames.length) {
            frames = c.frames = java.util.Arrays.copyOf(frames, frames.length * 2);
        }
        LuaStacks.Frame f = frames[d];
        if (f == null) {
            f = newFrame(c, d);
        }
        f.closure = closure;
        f.stack = stack;
        f.localsSet = false;
        return f;
    }

    /**
     * {@link #enterCall} from a compiled function's call of a compiled one, given the caller's frame (the innermost:
     * {@code frames[depth]}): the callee's is the one linked after it, without the look-up of the thread's calls and
     * of their array (about a third of a small call's cost).
     */
    public static LuaStacks.Frame enterFrom(LuaStacks.Frame caller, LuaClosure closure, LuaValue[] stack) {
        LuaStacks.CallStack c = caller.calls;
        int d = ++c.depth;
        if (d > (int) LIMIT.getOpaque(c)) {
            refuseOrCheck(c);
        }
        LuaStacks.Frame f = caller.next;
        if (f == null) {
            if (d >= c.frames.length) {
                c.frames = java.util.Arrays.copyOf(c.frames, c.frames.length * 2);
            }
            f = c.frames[d] != null ? (caller.next = c.frames[d]) : newFrame(c, d);
        }
        f.closure = closure;
        f.stack = stack;
        f.localsSet = false;
        return f;
    }

    /** A new frame for depth {@code d} (none there yet), linked after the frame below it. */
    private static LuaStacks.Frame newFrame(LuaStacks.CallStack c, int d) {
        LuaStacks.Frame f = c.frames[d] = new LuaStacks.Frame(c);
        LuaStacks.Frame below = c.frames[d - 1];
        if (below != null) {
            below.next = f;
        }
        return f;
    }

    /** {@code CallStack.limit}, written by other threads to interrupt (see {@link LuaStacks#interrupt}). */
    static final java.lang.invoke.VarHandle LIMIT;

    static {
        try {
            LIMIT = java.lang.invoke.MethodHandles.lookup().findVarHandle(LuaStacks.CallStack.class, "limit", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** {@code CallStack.interruptMessage}, taken by the thread that raises a one-time interrupt. */
    private static final java.lang.invoke.VarHandle MESSAGE;

    static {
        try {
            MESSAGE = java.lang.invoke.MethodHandles.lookup().findVarHandle(LuaStacks.CallStack.class,
                    "interruptMessage", String.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * The depth past which a call is refused now, for a number function's calls (see {@code NumberFunction}), which
     * count no frames but compare their depth with it: an interrupt, a memory check or the depth limit stops them too.
     */
    public static int limit(LuaStacks.CallStack c) {
        return (int) LIMIT.getOpaque(c);
    }

    /**
     * Whether a compiled call may run its number function: not above a call that went past the depth limit in its
     * own, which runs the ordinary way to the limit ({@link #numbersRefused}), until a call is made as deep as that
     * one or less, which it then has returned from.
     */
    public static boolean numbersAllowed(LuaStacks.CallStack c) {
        int m = c.numberless;
        if (m == 0) {
            return true;
        }
        if (c.depth > m) {
            return false;
        }
        c.numberless = 0;
        return true;
    }

    /**
     * A number function's call refused (or out of Java stack): when not for a pending interrupt or memory check,
     * which the ordinary way's first call takes care of, the calls above this one go the ordinary way too; each would
     * otherwise run its number function to the limit again (runaway recursion took minutes, not milliseconds).
     */
    public static void numbersRefused(LuaStacks.CallStack c) {
        if (limit(c) >= 0 && c.numberless == 0) {
            c.numberless = c.depth;
        }
    }

    /**
     * A number function's call past {@link #limit}: its outermost call catches it and runs the ordinary way from its
     * start, which raises what the limit asks for (nothing of the number function's run can be seen: it reads and
     * writes only its own locals). Never seen by Lua code.
     */
    public static final class NumberCallRefused extends Error {
        public static final NumberCallRefused INSTANCE = new NumberCallRefused();

        private NumberCallRefused() {
            super("a number function's call past the limit", null, false, false);
        }
    }

    /**
     * A call past the limit: refused for a pending interrupt or the depth; when only a memory check was pending,
     * the check is made and the call goes on, as it does past the lower limit a frameless body left, set back here.
     */
    private static void refuseOrCheck(LuaStacks.CallStack c) {
        c.depth--;
        int limit = (int) LIMIT.getVolatile(c);
        if (limit >= 0 && c.framelessDepth == 0 && limit != c.normalLimit()) {
            LIMIT.compareAndSet(c, limit, c.normalLimit()); // the one a frameless body left (FramelessExecution)
        } else {
            if (c.framelessDepth > 0 && c.depth >= c.framelessDepth && limit >= 0) {
                throw Generator.Abort.INSTANCE; // a call above a frameless body: on a continuation instead
            }
            LuaError e = limit < 0 ? pending(c) : new Refused(LuaErrors.STACK_OVERFLOW);
            if (e != null) {
                throw e;
            }
        }
        if (++c.depth > (int) LIMIT.getVolatile(c)) {
            refuseOrCheck(c); // past the depth too, or a new interrupt meanwhile
        }
    }

    /**
     * What a negative limit asked for: the error of the pending interrupt (a one-time one is withdrawn as it is
     * raised, a sticky one stays until cleared), "not enough memory" when a requested memory check finds the
     * state over its limit or the thread was found to have filled the heap, or null: go on.
     */
    private static LuaError pending(LuaStacks.CallStack c) {
        String message = c.interruptMessage;
        boolean check = c.memoryCheck;
        boolean full = c.heapFull;
        c.memoryCheck = false;
        c.heapFull = false;
        if (message == null || !c.interruptSticky) {
            if (message != null) {
                MESSAGE.compareAndSet(c, message, null); // raised once (a newer one arrived meanwhile stays pending)
            }
            LIMIT.compareAndSet(c, -1, c.normalLimit());
            if (c.interruptMessage != null || c.memoryCheck) {
                LIMIT.setVolatile(c, -1); // one arrived meanwhile: still pending
            }
        }
        if (message != null) {
            return new Refused(message);
        }
        if (full || check && MemoryLimit.overLimit()) {
            return LuaErrors.notEnoughMemory();
        }
        return null;
    }

    /**
     * A jump or loop instruction, compiled or interpreted (patched {@code LuaClosure.execute}): where an interrupt
     * (Ctrl-C, an embedder's time limit, a memory check) stops a loop that makes no call. Compiled code calls it only
     * once it has read a negative {@code CallStack.limit} itself (see {@code BackEdgeEmitter.backEdge}).
     */
    public static void backEdge(LuaStacks.Frame f) {
        if ((int) LIMIT.getVolatile(f.calls) < 0) {
            raisePending(f.calls);
        }
    }

    /** The same check for Java code that may run long on Lua's behalf (pattern matching): the current thread's. */
    public static void poll() {
        LuaStacks.CallStack c = LuaStacks.calls();
        if ((int) LIMIT.getVolatile(c) < 0) {
            raisePending(c);
        }
    }

    private static void raisePending(LuaStacks.CallStack c) {
        LuaError e = pending(c);
        if (e != null) {
            throw e;
        }
    }

    /** An error of the call machinery itself: raised in the calling Lua frame, not by the called function. */
    static final class Refused extends LuaError {
        Refused(String message) {
            super(message);
        }
    }

    /**
     * The pending tail call of a {@code TAILCALL} instruction (patched): refused at once when {@code f} cannot be
     * called, so that the error belongs to the function making the call, as in LuaJIT.
     */
    public static org.luaj.vm2.TailcallVarargs tailCall(LuaValue f, org.luaj.vm2.Varargs args) {
        if (!f.isfunction() && !f.metatag(LuaValue.CALL).isfunction()) { // (__call must be a function, as in LuaJIT)
            throw new LuaError("attempt to call " + f.typename()); // LuaJ's text, which onUnwind makes LuaJIT's
        }
        if (f.isfunction() && !(f instanceof LuaClosure)) {
            // a Java function runs here, while the calling Lua frame still counts toward the depth limit (a
            // function that returns pcall(itself) recursed unbounded on the Java stack), but is no stack level:
            // LuaJIT replaced it by the callee's
            LuaStacks.CallStack c = LuaStacks.calls();
            LuaStacks.Frame caller = c.frames[c.depth];
            caller.tailCalling = true;
            try {
                return new org.luaj.vm2.TailcallVarargs(RESULT, f.invoke(args));
            } finally {
                caller.tailCalling = false;
            }
        }
        return new org.luaj.vm2.TailcallVarargs(f, args);
    }

    /** Exit of the Lua call of {@code f}, normal or by an error. */
    public static void leaveCall(LuaStacks.Frame f) {
        f.stack = null; // the registers of a finished call are garbage (its function stays: clearing it too cost
        f.calls.depth--; // method calls 20%; a finished state's embedder drops them with LuaStacks.forgetFinishedCalls)
    }}
