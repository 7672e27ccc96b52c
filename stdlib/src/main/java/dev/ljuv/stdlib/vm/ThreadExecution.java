package dev.ljuv.stdlib.vm;

import java.util.concurrent.locks.LockSupport;

/**
 * Fallback when continuations are not accessible: the body runs on its own virtual thread and the two sides
 * hand control to each other with park/unpark. Much slower than {@link ContinuationExecution}; an abandoned
 * body stays parked until collected, which needs {@code -Djdk.trackAllThreads=false}.
 *
 * <p>Threading: {@code turn} says who may run; each side parks until it is its turn.
 */
final class ThreadExecution extends Execution {
    private final Runnable body;
    private Thread thread;
    private volatile Thread resumer;
    private volatile boolean bodyTurn;
    private volatile boolean done;

    ThreadExecution(Runnable body) {
        this.body = body;
    }

    @Override
    boolean run() {
        resumer = Thread.currentThread();
        bodyTurn = true;
        if (thread == null) {
            thread = Thread.ofVirtual().name("lua-coroutine").start(() -> {
                try {
                    body.run();
                } finally {
                    done = true;
                    bodyTurn = false;
                    LockSupport.unpark(resumer);
                }
            });
        } else {
            LockSupport.unpark(thread);
        }
        while (bodyTurn) {
            LockSupport.park(this);
        }
        return done;
    }

    @Override
    void suspend() {
        bodyTurn = false;
        LockSupport.unpark(resumer);
        while (!bodyTurn) {
            LockSupport.park(this);
        }
    }
}
