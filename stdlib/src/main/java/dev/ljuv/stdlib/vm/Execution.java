package dev.ljuv.stdlib.vm;

/**
 * How a coroutine's body runs and switches: {@link ContinuationExecution} on the resuming thread's own stack
 * (the normal case), {@link FramelessExecution} there without a continuation (a compiled body that only yields), or
 * {@link ThreadExecution} on a virtual thread when the JDK's continuations are not accessible.
 *
 * <p>Threading: {@link #run} is called by the resuming thread, {@link #suspend} by the body; never both at
 * once (the {@link Coroutine} guarantees a single resumer).
 */
abstract sealed class Execution permits ContinuationExecution, FramelessExecution, ThreadExecution {
    /** Starts or continues the body until it suspends or ends; returns true when it ended. */
    abstract boolean run();

    /** Called from inside the body: returns to the resumer, and comes back at the next {@link #run}. */
    abstract void suspend();

    /**
     * Whether the body runs on the resuming thread, its Lua calls stacked on the resumer's (and so swapped in
     * and out at each switch); otherwise the body's thread keeps its own.
     */
    boolean runsOnResumer() {
        return !(this instanceof ThreadExecution);
    }
}
