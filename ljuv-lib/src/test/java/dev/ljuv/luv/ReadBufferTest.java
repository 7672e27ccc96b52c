package dev.ljuv.luv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.util.IllegalReferenceCountException;
import org.junit.jupiter.api.Test;

/** The loop's read buffer is handed out again only once no one holds it, and empty each time. */
class ReadBufferTest {
    private final ReadBuffer alloc = new ReadBuffer();

    @Test
    void aReleasedBufferIsTheNextReadsEmptyAgain() {
        ByteBuf first = alloc.ioBuffer(ReadBuffer.SIZE);
        first.writeBytes(new byte[] {1, 2, 3});
        first.readByte();
        first.release();
        ByteBuf second = alloc.ioBuffer(ReadBuffer.SIZE);
        assertSame(first, second);
        assertEquals(1, second.refCnt());
        assertEquals(0, second.readerIndex());
        assertEquals(0, second.writerIndex());
        assertEquals(ReadBuffer.SIZE, second.writableBytes());
        second.release();
    }

    @Test
    void aHeldBufferIsNotHandedOutTwice() {
        ByteBuf held = alloc.ioBuffer(ReadBuffer.SIZE);
        ByteBuf other = alloc.ioBuffer(ReadBuffer.SIZE);
        assertNotSame(held, other);
        other.writeInt(7);
        held.retainedSlice().release(); // a slice shares the count: still held
        ByteBuf third = alloc.ioBuffer(ReadBuffer.SIZE);
        assertNotSame(held, third);
        assertEquals(7, other.readInt());
        other.release();
        third.release();
        held.release();
        assertSame(held, alloc.ioBuffer(ReadBuffer.SIZE));
    }

    @Test
    void itNeverGrowsAndOtherSizesGoElsewhere() {
        ByteBuf b = alloc.ioBuffer(ReadBuffer.SIZE);
        b.writerIndex(ReadBuffer.SIZE);
        assertThrows(IndexOutOfBoundsException.class, () -> b.writeByte(0));
        b.release();
        ByteBuf large = alloc.directBuffer(ReadBuffer.SIZE + 1);
        assertNotSame(b, large);
        large.release();
        assertThrows(IllegalReferenceCountException.class, large::release);
        ByteBuf capped = alloc.directBuffer(16, 32);
        assertNotSame(b, capped);
        assertEquals(32, capped.maxCapacity());
        capped.release();
        assertSame(b, alloc.ioBuffer(ReadBuffer.SIZE));
    }
}
