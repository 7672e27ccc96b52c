package dev.ljuv.luv;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledUnsafeDirectByteBuf;
import java.nio.ByteBuffer;

/**
 * The allocator of a loop's sockets: every read goes into the same 64 KiB of native memory, taken again by the next
 * read once the bytes were copied out (libuv's reads get the block {@code malloc} gave back, the same memory each
 * time). Netty's pooling allocator gives each read another piece of its chunks, so the kernel wrote every read into
 * memory out of the cache: with 10 connections echoing 64 KiB, copying the received bytes out of the kernel took 46%
 * of the loop thread's time (perf, {@code _copy_to_iter}), 8x what luv's took for the same bytes.
 *
 * <p>The buffer is handed out only while no one holds it (its reference count fell to zero); any other request (more
 * than 64 KiB, or a smaller maximum), and every request while it is held (a TLS handler keeping it until a record is
 * complete, a write waiting in a channel's queue), goes to Netty's allocator.
 * Its memory is a {@link ByteBuffer} of the JDK's, freed by the collector with this allocator.
 *
 * <p>Threading: one per loop. Buffers are asked for on the loop's thread (Netty's reads and writes of its channels);
 * the reused buffer may be released on any thread, its hand-over is a volatile flag.
 */
final class ReadBuffer extends AbstractByteBufAllocator {
    /** libuv's read size, and Netty's for a luv socket ({@link Sockets#READS}). */
    static final int SIZE = 65536;

    private static final ByteBufAllocator NETTY = ByteBufAllocator.DEFAULT;

    private Reused reused;

    ReadBuffer() {
        super(true);
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        Reused b = reused;
        if (b == null) {
            b = reused = new Reused(this);
        }
        if (initialCapacity <= SIZE && maxCapacity >= SIZE && b.free) {
            b.free = false;
            b.take();
            return b;
        }
        return NETTY.directBuffer(initialCapacity, maxCapacity);
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        return NETTY.heapBuffer(initialCapacity, maxCapacity);
    }

    @Override
    public boolean isDirectBufferPooled() {
        return true;
    }

    /**
     * The one buffer: released, it is marked free instead of freeing its memory. Its capacity is its maximum, so
     * no one grows it into memory of Netty's (a full buffer is copied into a larger one instead).
     */
    private static final class Reused extends UnpooledUnsafeDirectByteBuf {
        volatile boolean free = true;

        Reused(ByteBufAllocator owner) {
            super(owner, ByteBuffer.allocateDirect(SIZE), SIZE);
        }

        void take() {
            resetRefCnt();
            clear();
        }

        @Override
        protected void deallocate() {
            free = true;
        }
    }
}
