package dev.ljuv.thread;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ljuv.stdlib.lib.buffer.Message;
import dev.ljuv.stdlib.lib.buffer.StringBufferLibrary;
import java.util.concurrent.TimeUnit;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The channel queue: FIFO, counts, and no message lost or duplicated between threads. */
class MessageQueueTest {
    private static Message message(int producer, int n) {
        return StringBufferLibrary.encodeValues(LuaValue.varargsOf(LuaValue.valueOf(producer), LuaValue.valueOf(n)));
    }

    /** The producer and number a message carries, as "p/n". */
    private static String of(Message m) {
        Varargs v = StringBufferLibrary.decodeValues(m);
        return v.arg(1).toint() + "/" + v.arg(2).toint();
    }

    @Test
    void oneThreadGetsMessagesInOrder() throws InterruptedException {
        MessageQueue q = new MessageQueue();
        assertNull(q.poll());
        for (int i = 0; i < 10; i++) {
            q.push(message(0, i));
        }
        assertEquals(10, q.count());
        assertEquals("0/0", of(q.take()));
        for (int i = 1; i < 10; i++) {
            assertEquals("0/" + i, of(q.poll()));
        }
        assertEquals(0, q.count());
        assertNull(q.poll());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void producersAndConsumersOnThreadsLoseNothing() throws InterruptedException {
        int producers = 3;
        int consumers = 2;
        int each = 100_000;
        MessageQueue q = new MessageQueue();
        int[][] seen = new int[producers][each];
        Thread[] threads = new Thread[producers + consumers];
        for (int c = 0; c < consumers; c++) {
            int share = producers * each / consumers;
            threads[c] = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < share; i++) {
                    try {
                        Varargs m = StringBufferLibrary.decodeValues(q.take());
                        int p = m.arg(1).toint();
                        int n = m.arg(2).toint();
                        synchronized (seen) {
                            seen[p][n]++;
                        }
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                }
            });
        }
        for (int p = 0; p < producers; p++) {
            int producer = p;
            threads[consumers + p] = Thread.ofPlatform().start(() -> {
                for (int n = 0; n < each; n++) {
                    q.push(message(producer, n));
                }
            });
        }
        for (Thread t : threads) {
            t.join();
        }
        for (int p = 0; p < producers; p++) {
            for (int n = 0; n < each; n++) {
                assertEquals(1, seen[p][n], "message " + p + "/" + n + " delivered once");
            }
        }
        assertEquals(0, q.count());
    }
}
