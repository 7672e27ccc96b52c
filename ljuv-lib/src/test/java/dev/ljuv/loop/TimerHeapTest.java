package dev.ljuv.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The timer heap: due order, start order between equal due times, removal from anywhere. */
class TimerHeapTest {
    private final EventLoop loop = new EventLoop(Thread.currentThread());
    private long starts;

    private Timer timer(long due) {
        Timer t = new Timer(loop, Timer.methods());
        t.due = due;
        t.startId = starts++;
        return t;
    }

    private static List<Timer> drain(TimerHeap heap) {
        List<Timer> out = new ArrayList<>();
        while (!heap.isEmpty()) {
            Timer t = heap.peek();
            heap.remove(t);
            assertEquals(-1, t.heapIndex, "a removed timer knows it left");
            out.add(t);
        }
        return out;
    }

    @Test
    void timersComeOutByDueTimeThenStartOrder() {
        TimerHeap heap = new TimerHeap();
        Timer late = timer(30);
        Timer first = timer(10);
        Timer second = timer(10); // same due time, started later
        Timer middle = timer(20);
        for (Timer t : List.of(late, second, middle, first)) {
            heap.add(t);
        }
        assertEquals(4, heap.size());
        assertEquals(List.of(first, second, middle, late), drain(heap));
        assertNull(heap.peek());
    }

    @Test
    void randomAddsAndRemovesKeepTheOrder() {
        Random r = new Random(42);
        TimerHeap heap = new TimerHeap();
        List<Timer> live = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            if (live.isEmpty() || r.nextInt(3) > 0) {
                Timer t = timer(r.nextInt(100));
                heap.add(t);
                live.add(t);
            } else {
                Timer t = live.remove(r.nextInt(live.size()));
                heap.remove(t);
                heap.remove(t); // removing twice is harmless
            }
        }
        live.sort(Comparator.<Timer>comparingLong(t -> t.due).thenComparingLong(t -> t.startId));
        assertEquals(live.size(), heap.size());
        assertEquals(live, drain(heap));
        assertTrue(heap.isEmpty());
    }
}
