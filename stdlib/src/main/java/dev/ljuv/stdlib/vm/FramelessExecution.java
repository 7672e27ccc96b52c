package dev.ljuv.stdlib.vm;

import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.UpValue;
import org.luaj.vm2.Varargs;

/**
 * A coroutine whose body is a {@link Generator}: resumed, its compiled body runs on the resumer's stack from where it
 * yielded, and a yield is a return. A switch then copies no stack (a continuation's costs about 100 ns each way) and
 * a suspended coroutine is its register array. The body's frame stays the coroutine's own between switches, as a
 * continuation's frames do ({@code Coroutine.swapFrames}).
 *
 * <p>The body runs so only while it calls nothing but {@code coroutine.yield}: before any other call it stops, and
 * the rest of its life is a {@link ContinuationExecution} that takes the body up again at that call. A Lua function
 * that would run above the body otherwise (a metamethod's, or a yield from a Java function) is refused at its entry
 * ({@link CallHooks}: the stack's {@code framelessDepth}) with {@link Generator.Abort}, which the body catches and answers as the
 * instruction to take up again in the continuation: nothing of that instruction had happened yet. So are debug hooks:
 * a state with one runs the body on the continuation.
 *
 * <p>Threading: as {@link Execution}.
 */
final class FramelessExecution extends Execution {
    private final Coroutine co;
    private final Generator body;
    /** The state's {@code coroutine.yield}: a call of it is a yield of the body. */
    private final LuaValue yield;
    private final LuaClosure closure;
    private final UpValue[] open;
    private final Varargs[] out = new Varargs[1];
    private Varargs varargs;
    private int entry = Generator.START;
    /** The body's frame, from its first resume until it ends. */
    private LuaStacks.Frame frame;
    /** Once the body has called something: the continuation it runs on from then. */
    private ContinuationExecution continued;

    FramelessExecution(Coroutine co, Generator body, LuaClosure closure, LuaValue yield) {
        this.co = co;
        this.body = body;
        this.yield = yield;
        this.closure = closure;
        this.open = closure.p.p != null && closure.p.p.length > 0 ? new UpValue[closure.p.maxstacksize] : null;
    }

    @Override
    boolean run() {
        if (continued != null) {
            return continued.run();
        }
        LuaStacks.CallStack c = LuaStacks.calls();
        Varargs in = co.takeTransfer();
        if (frame == null && CallHooks.hookedStates != 0 && CallHooks.hookedHere()) {
            // debug hooks: only the interpreter calls them, which runs the body then (see CompiledChunk.notCompiled)
            continued = new ContinuationExecution(() -> {
                try {
                    co.giveTransfer(closure.invoke(in));
                } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                    co.fail(e);
                }
            });
            return continued.run();
        }
        if (frame == null) {
            varargs = closure.p.is_vararg != 0 ? in.subargs(closure.p.numparams + 1) : LuaValue.NONE; // as LuaJ
            try {
                frame = CallHooks.enterCall(closure, new LuaValue[closure.p.maxstacksize]);
            } catch (RuntimeException | StackOverflowError e) { // refused: too deep, or an interrupt
                co.fail(e);
                return true;
            }
            for (int r = 0; r < closure.p.numparams; r++) {
                frame.stack[r] = in.arg(r + 1);
            }
        } else {
            frame = c.frames[c.depth]; // (the same object, swapped in where this resume stacks it)
            out[0] = in;
        }
        if (CallHooks.hookedStates != 0 && CallHooks.hookedHere()) {
            return continueAt(entry); // (as a compiled call a hook was set in: its calls see the hook)
        }
        int savedDepth = c.framelessDepth;
        setFramelessDepth(c, c.depth);
        frame.framelessYield = yield;
        int r;
        try {
            r = body.step(closure, frame, varargs, open, entry, out);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            CallHooks.leaveCall(frame);
            co.fail(e);
            return true;
        } finally {
            frame.framelessYield = null;
            setFramelessDepth(c, savedDepth);
        }
        if (r == Generator.RETURNED) {
            return finish();
        }
        if (r < Generator.RETURNED) {
            entry = r;
            co.giveTransfer(out[0]);
            out[0] = null;
            return false;
        }
        return continueAt(r);
    }

    /**
     * Calls past {@code depth} refused (0: none), through the one limit every call compares with; an interrupt that
     * made it negative meanwhile stays, and its check sets the new limit back.
     */
    private static void setFramelessDepth(LuaStacks.CallStack c, int depth) {
        int before = c.normalLimit();
        c.framelessDepth = depth;
        CallHooks.LIMIT.compareAndSet(c, before, c.normalLimit());
    }

    /** The rest of the body, from {@code from}, on a continuation (a call, or a hook, on the way). */
    private boolean continueAt(int from) {
        continued = new ContinuationExecution(() -> {
            try {
                if (body.step(closure, frame, varargs, open, from, out) == Generator.RETURNED) {
                    finish();
                }
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                CallHooks.leaveCall(frame);
                co.fail(e);
            }
        });
        return continued.run();
    }

    /**
     * The body returned: its results go to the resumer. On the continuation they may be a pending tail call, made
     * now, after the body's frame (as {@code LuaClosure} does); a frameless body stops before a tail call.
     */
    private boolean finish() {
        Varargs results = out[0];
        out[0] = null;
        CallHooks.leaveCall(frame);
        try {
            co.giveTransfer(results.eval());
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            co.fail(e);
        }
        return true;
    }

    /** Whether the body has not moved to a continuation. */
    boolean frameless() {
        return continued == null;
    }

    @Override
    void suspend() {
        if (continued == null) {
            throw Generator.Abort.INSTANCE; // a yield from a Java function above the body: taken up on a continuation
        }
        continued.suspend();
    }
}
