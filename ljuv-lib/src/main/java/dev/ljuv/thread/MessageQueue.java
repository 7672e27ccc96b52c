package dev.ljuv.thread;

import dev.ljuv.stdlib.lib.buffer.Message;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The queue behind a channel, shared by every state that imported it: unbounded, FIFO, an exact count, and a
 * blocking take that polls for a few microseconds and then parks (no unbounded spinning).
 *
 * <p>Lock-free on both sides: a {@code LinkedBlockingQueue}-style queue takes its consumers' lock on every
 * push into an empty queue to signal them, which was the main cost when a consumer keeps up with a producer
 * on another thread. Here a push wakes a parked consumer only when one registered: a consumer registers,
 * then looks at the queue once more before parking, and a producer enqueues before looking for registered
 * consumers, so one of the two always sees the other (both steps are full-fence atomic operations).
 *
 * <p>Threading: safe from any thread.
 */
final class MessageQueue {
    private final ConcurrentLinkedQueue<Message> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger count = new AtomicInteger();
    /** Consumers parked (or about to park) in {@link #take}. */
    private final ConcurrentLinkedQueue<Thread> waiting = new ConcurrentLinkedQueue<>();

    void push(Message message) {
        queue.offer(message);
        count.incrementAndGet();
        if (!waiting.isEmpty()) {
            Thread t = waiting.poll();
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }

    /**
     * Polls before a consumer parks: {@code Thread.onSpinWait} is a pause of 10 to 40 ns depending on the CPU (26 on
     * the EPYC measured), so a few microseconds. The other side of a round trip through an event loop (its wake-up,
     * a callback, the push back) takes about that: with 64 polls (1.7 us) each message of a thread that pings a loop
     * and waits for its answer came after the consumer parked, and a park/unpark pair costs more than the message.
     * 256 against 64, alternating, medians of 5 to 9 in three sittings: async_pingpong 1.28-1.31x, pool_calls
     * 1.06-1.21x, channel_thread 0.95-1.03x and pool_fib 0.97x (their noise); 1024 no better than 256.
     */
    private static final int POLLS = 256;

    /** The next message, waiting for one: polled for a few microseconds (see {@link #POLLS}), then parked. */
    Message take() throws InterruptedException {
        for (int i = 0; i < POLLS; i++) {
            Message m = poll();
            if (m != null) {
                return m;
            }
            Thread.onSpinWait();
        }
        Thread me = Thread.currentThread();
        while (true) {
            Message m = poll();
            if (m != null) {
                return m;
            }
            waiting.offer(me);
            m = poll();
            if (m != null) {
                waiting.remove(me);
                passWakeUpOn();
                return m;
            }
            LockSupport.park(this);
            waiting.remove(me); // woken by a push (which removed it already), spuriously, or interrupted
            if (Thread.interrupted()) {
                passWakeUpOn();
                throw new InterruptedException();
            }
        }
    }

    /**
     * A consumer that leaves without parking may have been chosen by a push meanwhile: hand the wake-up to the
     * next registered consumer when messages remain, so that none stays parked beside a non-empty queue.
     */
    private void passWakeUpOn() {
        if (!queue.isEmpty()) {
            Thread t = waiting.poll();
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }

    Message poll() {
        Message m = queue.poll();
        if (m != null) {
            count.decrementAndGet();
        }
        return m;
    }

    int count() {
        return count.get();
    }
}
