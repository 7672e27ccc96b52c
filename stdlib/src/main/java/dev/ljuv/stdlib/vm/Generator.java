package dev.ljuv.stdlib.vm;

import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.UpValue;
import org.luaj.vm2.Varargs;

/**
 * A coroutine body compiled to run on its resumer's stack without a continuation ({@link FramelessExecution}): its
 * registers stay in its frame's array between switches, and each {@link #step} enters the body where it stopped.
 * Made by the compiler (its {@code Generators}) for a function whose results and arguments are all fixed in
 * number (no {@code f(g())}, no {@code ...} passed on).
 *
 * <p>Threading: one instance per state; {@link #step} runs on the thread resuming the coroutine.
 */
public interface Generator {
    /** What {@link #step} answers when the body returned: its results are in {@code out[0]}. */
    int RETURNED = -1;

    /** The entry of a body's first step. */
    int START = 0;

    /** The answer of a body that yielded at instruction {@code pc}, and the entry that takes the values back there. */
    static int yieldedAt(int pc) {
        return -2 - pc;
    }

    /**
     * Runs the body on {@code frame} (its registers in {@code frame.stack}) from {@code entry}: {@link #START}, an
     * instruction to take up again (the body stopped before it), or a {@link #yieldedAt} whose resume values are in
     * {@code out[0]}. While {@code frame.framelessYield} is set, the body stops before any call but that yield function's,
     * and before a loop's back edge once the step has run long, and answers that instruction (the rest runs on a
     * continuation), and a yield answers {@link #yieldedAt} with its values in {@code out[0]}; otherwise calls and
     * yields are the ordinary ones, and a loop's back edge goes on in the function's ordinary compiled code.
     * {@link #RETURNED}: the results are in {@code out[0]} (a pending tail call included).
     */
    int step(LuaClosure closure, LuaStacks.Frame frame, Varargs varargs, UpValue[] open, int entry, Varargs[] out);

    /** The generators of a state's functions. */
    interface Source {
        /** {@code body}'s generator, or null when it runs the ordinary way. From the state's thread. */
        Generator of(org.luaj.vm2.LuaValue body);

        /**
         * Whether a frameless body may call Java function {@code f} itself: it calls no Lua function, or calls one
         * before anything it does shows (refused there, it is called again on a continuation).
         */
        boolean pure(org.luaj.vm2.LuaValue f);
    }

    /**
     * A Java function that a frameless body calls itself and that may wait for its loop (a cosocket's receive) without
     * a continuation: it answers its results; or {@link #WAIT}, once it arranged for the coroutine to be resumed, which
     * then drops the resume's values and calls it again ({@code again} true) to answer or wait again; or a
     * {@link Rest}, what is left of the call when that needs Lua code (the body goes on on a continuation). Refused
     * with {@link Abort} before it did anything, the call is made again the ordinary way, on a continuation.
     */
    interface Waits {
        Varargs callFrameless(Varargs args, boolean again);
    }

    /** What a {@link Waits} answers when the coroutine waits (the loop resumes it): told apart by identity, not run. */
    Rest WAIT = new Rest(null);

    /** The rest of a {@link Waits} call, to run on a continuation, where it may call Lua code and yield. */
    final class Rest extends Varargs {
        final java.util.function.Supplier<Varargs> rest;

        public Rest(java.util.function.Supplier<Varargs> rest) {
            this.rest = rest;
        }

        /** The call's results, the ordinary way (on the caller's stack). */
        public Varargs run() {
            return rest.get();
        }

        // (never seen by Lua code: a marker between a function and its frameless caller)
        @Override
        public org.luaj.vm2.LuaValue arg(int i) {
            return org.luaj.vm2.LuaValue.NIL;
        }

        @Override
        public int narg() {
            return 0;
        }

        @Override
        public org.luaj.vm2.LuaValue arg1() {
            return org.luaj.vm2.LuaValue.NIL;
        }

        @Override
        public Varargs subargs(int start) {
            return org.luaj.vm2.LuaValue.NONE;
        }
    }

    /**
     * The refusal of a call above a frameless body (a metamethod's Lua function, a yield from a Java function): the
     * body catches it and answers the instruction it was in, which had done nothing yet. Never seen by Lua code.
     */
    final class Abort extends Error {
        public static final Abort INSTANCE = new Abort();

        private Abort() {
            super("a call above a frameless coroutine body", null, false, false);
        }
    }
}
