package dev.ljuv.thread;

import java.util.concurrent.LinkedBlockingQueue;

/**
 * The queue behind a channel, shared by every state that imported it: unbounded, FIFO, a blocking take that
 * polls for about a microsecond and then parks (no unbounded spinning), and an exact count. (A lock-free {@code LinkedTransferQueue} measured slower
 * here, and its size is a traversal.)
 *
 * <p>Threading: safe from any thread.
 */
final class MessageQueue {
    private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();

    void push(byte[] message) {
        queue.add(message);
    }

    /**
     * The next message, waiting for one. A producer is often a few microseconds away: poll briefly before
     * parking, since a park/unpark pair costs more than the message itself. The wait is bounded (about a
     * microsecond of polling), then the thread sleeps until a message comes.
     */
    byte[] take() throws InterruptedException {
        for (int i = 0; i < 64; i++) {
            byte[] m = queue.poll();
            if (m != null) {
                return m;
            }
            Thread.onSpinWait();
        }
        return queue.take();
    }

    byte[] poll() {
        return queue.poll();
    }

    int count() {
        return queue.size();
    }
}
