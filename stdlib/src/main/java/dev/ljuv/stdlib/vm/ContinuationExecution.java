package dev.ljuv.stdlib.vm;

import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;
import org.luaj.vm2.LuaError;

/**
 * A coroutine body on a JDK continuation: it runs on the stack of whichever thread resumes it, and a switch
 * costs a copy of the coroutine's own frames, not an OS thread hand-off. A suspended body is plain heap
 * data, reclaimed by the garbage collector with its coroutine.
 *
 * <p>Needs {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED} (the runnable jar's manifest has it).
 */
final class ContinuationExecution extends Execution {
    private static final ContinuationScope SCOPE = new ContinuationScope("lua-coroutine");

    /** Refuses to suspend across a frame the JVM cannot capture, in Lua's words. */
    private static final class LuaContinuation extends Continuation {
        LuaContinuation(Runnable body) {
            super(SCOPE, body);
        }

        @Override
        protected void onPinned(Continuation.Pinned reason) {
            throw new LuaError("attempt to yield across C-call boundary");
        }
    }

    private final LuaContinuation continuation;

    ContinuationExecution(Runnable body) {
        continuation = new LuaContinuation(body);
    }

    @Override
    boolean run() {
        continuation.run();
        return continuation.isDone();
    }

    @Override
    void suspend() {
        Continuation.yield(SCOPE);
    }

}
