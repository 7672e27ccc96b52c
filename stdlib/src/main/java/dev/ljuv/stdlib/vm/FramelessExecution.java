package dev.ljuv.stdlib.vm;

import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.UpValue;
import org.luaj.vm2.Varargs;

/**
 * A coroutine whose body is a {@link Generator}: resumed, its compiled body runs on the resumer's stack from where it
 * yielded, and a yield is a return. A switch then copies no stack (a continuation's costs about 100 ns each way) and
 * a suspended coroutine is its register arrays. Its frames stay the coroutine's own between switches, as a
 * continuation's frames do ({@code Coroutine.swapFrames}).
 *
 * <p>A call of a Lua function that is a generator too (a helper that yields: {@code local other = meet(me)}) runs the
 * same way, one {@link Activation} above its caller's, which takes the results as it takes a yield's values; a call
 * of a Java function the {@link Generator.Source} calls pure is made here, its results taken the same way, and so is
 * one that waits for the loop ({@link Generator.Waits}: a cosocket's read), whose {@code WAIT} suspends the body as a
 * yield does, the resume making that call again ({@link Activation#waiting}). The body
 * runs so only while it calls nothing else and switches often: before any other call, or at a back edge once a step
 * has run long (its loop then goes on in the function's ordinary compiled code), it stops, and the rest of its life is a
 * {@link ContinuationExecution} that takes its activations up again from the innermost, at that instruction. A Lua function
 * that would run above the innermost activation otherwise (a metamethod's, or a yield from a Java function) is refused
 * at its entry ({@link CallHooks}: the stack's {@code framelessDepth}) with {@link Generator.Abort}, which that
 * activation catches and answers as the instruction to take up again on the continuation: nothing of it had happened
 * yet. A state with a debug hook runs the body the ordinary way.
 *
 * <p>Threading: as {@link Execution}.
 */
final class FramelessExecution extends Execution {
    /** Activations past which a call goes on a continuation, where the depth limit applies. */
    private static final int MAX_CHAIN = 64;

    /** One Lua call of the chain: the body's, or a generator's it called (at {@code caller}'s {@code entry}). */
    private static final class Activation {
        final Generator code;
        final LuaClosure closure;
        final LuaStacks.Frame frame;
        final Varargs varargs;
        final UpValue[] open;
        final Activation caller;
        final int chain;
        /** Where {@link Generator#step} goes on. */
        int entry = Generator.START;
        /** Whether it waits in its call at {@link #entry} of a {@link Generator.Waits}, made again when resumed. */
        boolean waiting;

        Activation(Generator code, LuaClosure closure, LuaStacks.Frame frame, Varargs args, Activation caller) {
            this.code = code;
            this.closure = closure;
            this.frame = frame;
            this.varargs = closure.p.is_vararg != 0 ? args.subargs(closure.p.numparams + 1) : LuaValue.NONE; // as LuaJ
            this.open = closure.p.p != null && closure.p.p.length > 0 ? new UpValue[closure.p.maxstacksize] : null;
            this.caller = caller;
            this.chain = caller == null ? 1 : caller.chain + 1;
            for (int r = 0; r < closure.p.numparams; r++) {
                frame.stack[r] = args.arg(r + 1);
            }
        }

        int step(Varargs[] out) {
            return code.step(closure, frame, varargs, open, entry, out);
        }
    }

    private final Coroutine co;
    private final Generator body;
    private final LuaClosure closure;
    /** The state's {@code coroutine.yield}: a call of it is a yield of the body. */
    private final LuaValue yield;
    /** The generators of the functions the body calls. */
    private final Generator.Source generators;
    /** Values between this and an activation's code: resume values and results in, yielded values and results out. */
    private final Varargs[] out = new Varargs[1];
    /** The innermost activation; null before the first resume and once the body ended. */
    private Activation top;
    /** Once the body has called something else: the continuation it runs on from then. */
    private ContinuationExecution continued;

    FramelessExecution(Coroutine co, Generator body, LuaClosure closure, LuaValue yield, Generator.Source generators) {
        this.co = co;
        this.body = body;
        this.closure = closure;
        this.yield = yield;
        this.generators = generators;
    }

    /** Whether the body has not moved to a continuation. */
    boolean frameless() {
        return continued == null;
    }

    @Override
    boolean run() {
        if (continued != null) {
            return continued.run();
        }
        boolean hooked = CallHooks.hookedStates != 0 && CallHooks.hookedHere();
        if (top == null && hooked) {
            // debug hooks: only the interpreter calls them, which runs the body then (see CompiledChunk.notCompiled)
            continued = new ContinuationExecution(co::runBody);
            return continued.run();
        }
        Varargs in = co.takeTransfer();
        if (top == null) {
            co.bodyStarts();
            try {
                top = new Activation(body, closure, CallHooks.enterCall(closure, registers(closure)), in, null);
            } catch (RuntimeException | StackOverflowError e) { // refused: too deep, or an interrupt
                co.fail(e);
                return true;
            }
        } else {
            out[0] = in;
        }
        if (hooked) { // (as a compiled call a hook was set in: its calls see the hook)
            return continueChain(top.waiting ? waitOnContinuation(top) : null);
        }
        LuaStacks.CallStack c = LuaStacks.calls();
        int savedDepth = c.framelessDepth;
        boolean stepping = false; // whether an error comes from the innermost activation's code, which recorded it
        try {
            while (true) {
                setFramelessDepth(c, c.depth);
                Activation a = top;
                int r;
                boolean again = a.waiting;
                if (again) { // resumed while waiting in a call: the call again (the resume's values are dropped)
                    a.waiting = false;
                    r = a.entry;
                } else {
                    a.frame.framelessYield = yield;
                    stepping = true;
                    try {
                        r = a.step(out);
                    } finally {
                        a.frame.framelessYield = null;
                    }
                    stepping = false;
                    if (r < Generator.RETURNED) { // yielded
                        a.entry = r;
                        giveOut();
                        return false;
                    }
                    if (r == Generator.RETURNED) { // its results to its caller's call, as a yield's values
                        CallHooks.leaveCall(a.frame);
                        top = a.caller;
                        if (top == null) {
                            giveOut();
                            return true;
                        }
                        continue;
                    }
                    a.entry = r;
                }
                LuaValue f = calleeAt(a, r);
                if (f != null && generators.pure(f) && pureCall(a, r, f)) {
                    a.entry = Generator.yieldedAt(r); // the results, in out[0], as a yield's values
                    continue;
                }
                if (f instanceof Generator.Waits w) {
                    Varargs results = waitingCall(a, r, w, again);
                    if (results == Generator.WAIT) {
                        a.waiting = true;
                        out[0] = LuaValue.NONE; // (what its resumer gets, as from a yield of nothing)
                        giveOut();
                        return false;
                    }
                    if (results != null) {
                        a.entry = Generator.yieldedAt(r);
                        if (results instanceof Generator.Rest rest) {
                            setFramelessDepth(c, savedDepth);
                            return continueChain(rest);
                        }
                        out[0] = results;
                        continue;
                    }
                }
                Activation callee = f instanceof LuaClosure cl ? generatorCall(a, r, cl, c) : null;
                if (callee == null) {
                    setFramelessDepth(c, savedDepth); // (calls above the chain are the ordinary ones from now)
                    return continueChain();
                }
                a.entry = Generator.yieldedAt(r);
                top = callee;
            }
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            unwind(e, stepping);
            return true;
        } finally {
            setFramelessDepth(c, savedDepth);
        }
    }

    /** The values in {@code out[0]} to the resumer (yielded, or the body's results), let go of here. */
    private void giveOut() {
        co.giveTransfer(out[0]);
        out[0] = null;
    }

    /** The callee of {@code a}'s instruction {@code pc} when that is a {@code CALL} (not a tail call); else null. */
    private static LuaValue calleeAt(Activation a, int pc) {
        int i = a.closure.p.code[pc];
        return Lua.GET_OPCODE(i) == Lua.OP_CALL ? a.frame.stack[Lua.GETARG_A(i)] : null;
    }

    /**
     * Makes the call at {@code a}'s instruction {@code pc} of {@code f}, a {@link Generator.Source#pure} Java
     * function, its results in {@code out[0]}; false when {@code f} called a Lua function (refused: the call is made
     * again on the continuation).
     */
    private boolean pureCall(Activation a, int pc, LuaValue f) {
        try {
            out[0] = f.invoke(arguments(a.frame.stack, a.closure.p.code[pc])).eval();
            return true;
        } catch (Generator.Abort refused) {
            return false;
        }
    }

    /**
     * Makes the call at {@code a}'s instruction {@code pc} of {@code f}, a {@link Generator.Waits} function: its
     * results, {@link Generator#WAIT}, a {@link Generator.Rest}, or null when it refused (the call is made again on
     * the continuation).
     */
    private static Varargs waitingCall(Activation a, int pc, Generator.Waits f, boolean again) {
        try {
            return f.callFrameless(arguments(a.frame.stack, a.closure.p.code[pc]), again);
        } catch (Generator.Abort refused) {
            return null;
        }
    }

    /**
     * The waiting call of {@code a} (see {@link Activation#waiting}) taken up on the continuation (a hook was set
     * meanwhile): made again until it answers, yielding on the continuation while it waits.
     */
    private Generator.Rest waitOnContinuation(Activation a) {
        int pc = a.entry;
        Generator.Waits f = (Generator.Waits) calleeAt(a, pc);
        Varargs args = arguments(a.frame.stack, a.closure.p.code[pc]);
        a.waiting = false;
        a.entry = Generator.yieldedAt(pc);
        return new Generator.Rest(() -> {
            Varargs r;
            while ((r = f.callFrameless(args, true)) == Generator.WAIT) {
                co.yield(LuaValue.NONE);
            }
            return r instanceof Generator.Rest rest ? rest.run() : r;
        });
    }

    /** The arguments of call instruction {@code i} (a fixed number of them), from its registers. */
    private static Varargs arguments(LuaValue[] stack, int i) {
        int base = Lua.GETARG_A(i) + 1;
        return LuaValue.varargsOf(java.util.Arrays.copyOfRange(stack, base, base + Lua.GETARG_B(i) - 1));
    }

    /** The call at {@code a}'s instruction {@code pc} of {@code callee}, when it has a generator: its activation, entered. */
    private Activation generatorCall(Activation a, int pc, LuaClosure callee, LuaStacks.CallStack c) {
        Generator code = a.chain < MAX_CHAIN ? generators.of(callee) : null;
        if (code == null) {
            return null;
        }
        Varargs args = arguments(a.frame.stack, a.closure.p.code[pc]);
        setFramelessDepth(c, c.depth + 1); // (the callee's own entry is no call above the chain)
        return new Activation(code, callee, CallHooks.enterFrom(a.frame, callee, registers(callee)), args, a);
    }

    /** A call's registers, nil as LuaJ's are at its entry (the Lua compiler sets no local it declares first). */
    private static LuaValue[] registers(LuaClosure c) {
        LuaValue[] stack = new LuaValue[c.p.maxstacksize];
        java.util.Arrays.fill(stack, LuaValue.NIL);
        return stack;
    }

    /**
     * Calls past {@code depth} refused (0: none), through the one limit every call compares with. Entering sets it,
     * unless it is that already; leaving leaves it, and the first call past it sets the usual limit back
     * ({@code CallHooks.refuseOrCheck}): a coroutine resumed again and again from the same depth sets it once, not
     * twice per switch (a locked instruction each time, the most of a frameless switch's own time). An interrupt that
     * made it negative meanwhile stays, and its check sets the limit back.
     */
    private static void setFramelessDepth(LuaStacks.CallStack c, int depth) {
        c.framelessDepth = depth;
        if (depth > 0) {
            int limit = (int) CallHooks.LIMIT.getVolatile(c);
            if (limit >= 0 && limit != depth) {
                CallHooks.LIMIT.compareAndSet(c, limit, depth);
            }
        }
    }

    /**
     * The rest of the chain on a continuation, from the innermost activation's entry (a call, or a hook, on the
     * way): each activation to its end in turn, its results given to its caller's call. There they may be a pending
     * tail call, made then, after its frame (as {@code LuaClosure} does).
     */
    private boolean continueChain() {
        return continueChain(null);
    }

    /** {@link #continueChain()}, the innermost activation's call ending with {@code rest} first (its results). */
    private boolean continueChain(Generator.Rest rest) {
        continued = new ContinuationExecution(() -> {
            boolean stepping = false;
            try {
                if (rest != null) {
                    out[0] = rest.run().eval();
                }
                while (true) {
                    Activation a = top;
                    stepping = true;
                    if (a.step(out) != Generator.RETURNED) { // (a bug: it stops only while frameless)
                        throw new LuaError("internal error: a frameless coroutine stopped on its continuation");
                    }
                    stepping = false;
                    CallHooks.leaveCall(a.frame);
                    top = a.caller;
                    out[0] = out[0].eval();
                    if (top == null) {
                        giveOut();
                        return;
                    }
                }
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                unwind(e, stepping);
            }
        });
        return continued.run();
    }

    /**
     * An error ends the body: it leaves the innermost activation when its own code raised it ({@code recorded}: that
     * code recorded the error and closed its upvalues), then each activation left as its own code would have at its
     * call (see the compiled body's handlers), and kills the coroutine.
     */
    private void unwind(Throwable e, boolean recorded) {
        Activation a = top;
        if (a != null && recorded) {
            CallHooks.leaveCall(a.frame);
            a = a.caller;
        }
        for (; a != null; a = a.caller) {
            if (e instanceof LuaError le) {
                ErrorHooks.onUnwind(a.closure, le, a.closure.p, a.frame.pc);
            }
            if (a.open != null) {
                for (int r = 0; r < a.open.length; r++) {
                    if (a.open[r] != null) {
                        a.open[r].close();
                        a.open[r] = null;
                    }
                }
            }
            CallHooks.leaveCall(a.frame);
        }
        top = null;
        co.fail(e);
    }

    @Override
    void suspend() {
        if (continued == null) {
            throw Generator.Abort.INSTANCE; // a yield from a Java function above the body: taken up on a continuation
        }
        continued.suspend();
    }
}
