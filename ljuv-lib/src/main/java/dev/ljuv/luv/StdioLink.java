package dev.ljuv.luv;

import dev.ljuv.loop.EventLoop;
import dev.ljuv.loop.UvError;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A stream's link to Java's blocking streams where no Netty channel can be had: a child process's stdin, stdout
 * and stderr pipes (the JVM gives them only as streams) and this process's own standard streams
 * ({@code pipe:open(0)}, {@code uv.new_tty(1)}). One virtual thread reads, one writes; both hand their results
 * to the loop as ready work, so the stream's callbacks run on the loop's thread as a socket's do. The reader
 * waits for each chunk to be delivered before it reads the next, and not at all while reading is stopped: what
 * a child writes waits in its pipe, not in memory.
 *
 * <p>Threading: {@link #startReading}, {@link #stopReading}, {@link #write}, {@link #shutdown} and {@link #close}
 * are called on the loop's thread; the reader and writer threads only do I/O and queue work for the loop.
 */
final class StdioLink {
    /** What the link reports to its stream, on the loop's thread. */
    interface Events {
        void received(byte[] data);

        /** The end of input: null for EOF, else the read error. */
        void ended(UvError error);
    }

    private final EventLoop loop;
    private final Events events;
    private final InputStream in;
    private final OutputStream out;
    /** Whether closing the link closes the streams (a child's pipes) or leaves them (this process's own). */
    private final boolean owned;
    private final Object gate = new Object();
    private volatile boolean reading;
    private volatile boolean closed;
    private Thread reader;
    private Thread writer;
    private final LinkedBlockingQueue<Write> writes = new LinkedBlockingQueue<>();
    private final AtomicLong queued = new AtomicLong();
    private boolean outputShut;

    StdioLink(EventLoop loop, Events events, InputStream in, OutputStream out, boolean owned) {
        this.loop = loop;
        this.events = events;
        this.in = in;
        this.out = out;
        this.owned = owned;
    }

    boolean readable() {
        return in != null && !closed;
    }

    boolean writable() {
        return out != null && !closed && !outputShut;
    }

    void startReading() {
        if (in == null) {
            return;
        }
        reading = true;
        if (reader == null) {
            reader = Thread.ofVirtual().name("luv-pipe-reader").start(this::readLoop);
        } else {
            synchronized (gate) {
                gate.notifyAll();
            }
        }
    }

    void stopReading() {
        reading = false;
    }

    private void readLoop() {
        byte[] buf = new byte[65536];
        Semaphore delivered = new Semaphore(0);
        try {
            while (!closed) {
                synchronized (gate) {
                    while (!reading && !closed) {
                        gate.wait();
                    }
                }
                int n = in.read(buf);
                if (closed) {
                    return;
                }
                if (n < 0) {
                    loop.ready(() -> events.ended(null));
                    return;
                }
                byte[] chunk = Arrays.copyOf(buf, n);
                loop.ready(() -> {
                    events.received(chunk);
                    delivered.release();
                });
                delivered.acquire();
            }
        } catch (IOException e) {
            if (!closed) {
                UvError err = LuvErrors.of(e);
                loop.ready(() -> events.ended(err));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A queued write (null data: shut the output down). */
    private record Write(byte[] data, Consumer<UvError> done) {}

    /** Queues {@code data}; {@code done} gets null or the failure, on the loop's thread. */
    void write(byte[] data, Consumer<UvError> done) {
        queued.addAndGet(data.length);
        enqueue(new Write(data, done));
    }

    /** Closes the output after the queued writes; {@code done} as for {@link #write}. */
    void shutdown(Consumer<UvError> done) {
        outputShut = true;
        enqueue(new Write(null, done));
    }

    /**
     * How long {@link #close} waits (on the loop's thread) for this process's own output to be written: what a reader
     * that stalls longer has not taken is canceled.
     */
    private static final long DRAIN_NANOS = 5_000_000_000L;

    /** Waits for the writer to have written every queued write, at most {@link #DRAIN_NANOS}. */
    private void drain() {
        long deadline = System.nanoTime() + DRAIN_NANOS;
        try {
            while ((queued.get() > 0 || !writes.isEmpty()) && System.nanoTime() - deadline < 0) {
                Thread.sleep(1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    long queuedBytes() {
        return queued.get();
    }

    private void enqueue(Write w) {
        writes.add(w);
        if (writer == null) {
            writer = Thread.ofVirtual().name("luv-pipe-writer").start(this::writeLoop);
        }
    }

    private void writeLoop() {
        try {
            while (!closed) {
                Write w = writes.take();
                UvError failure = null;
                if (closed) {
                    failure = UvError.ECANCELED;
                } else {
                    try {
                        if (w.data != null) {
                            out.write(w.data);
                            out.flush();
                        } else if (owned) {
                            out.close();
                        } else {
                            out.flush();
                        }
                    } catch (IOException e) {
                        failure = closed ? UvError.ECANCELED : LuvErrors.of(e);
                    }
                }
                if (w.data != null) {
                    queued.addAndGet(-w.data.length);
                }
                UvError f = failure;
                loop.ready(() -> w.done.accept(f));
            }
        } catch (InterruptedException e) {
            // closed: close() cancels what is left
        }
    }

    /**
     * Stops both directions; queued writes are canceled (their callbacks get ECANCELED). On this process's own
     * streams what was queued is written first: libuv writes to them at once, in the write's own call, so a script
     * that writes to its stdout and closes the handle (luv's test harness, at its end) loses nothing there.
     */
    void close() {
        if (!owned) {
            drain();
        }
        closed = true;
        reading = false;
        synchronized (gate) {
            gate.notifyAll();
        }
        if (writer != null) {
            writer.interrupt();
        }
        if (owned) {
            try {
                if (in != null) {
                    in.close();
                }
                if (out != null) {
                    out.close();
                }
            } catch (IOException e) {
                // closing: nothing to report
            }
        }
        Write w;
        while ((w = writes.poll()) != null) {
            Write canceled = w;
            loop.ready(() -> canceled.done.accept(UvError.ECANCELED));
        }
    }
}
