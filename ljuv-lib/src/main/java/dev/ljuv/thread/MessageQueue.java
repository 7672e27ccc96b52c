package dev.ljuv.thread;

import java.util.concurrent.LinkedBlockingQueue;

/**
 * The queue behind a channel, shared by every state that imported it: unbounded, FIFO, a blocking take that
 * parks instead of spinning, and an exact count. (A lock-free {@code LinkedTransferQueue} measured slower
 * here, and its size is a traversal.)
 *
 * <p>Threading: safe from any thread.
 */
final class MessageQueue {
    private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();

    void push(byte[] message) {
        queue.add(message);
    }

    byte[] take() throws InterruptedException {
        return queue.take();
    }

    byte[] poll() {
        return queue.poll();
    }

    int count() {
        return queue.size();
    }
}
