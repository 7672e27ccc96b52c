package dev.ljuv.stdlib.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The lexer's unlocked byte stream reads as a {@link java.io.ByteArrayInputStream} does. */
class SourceBytesTest {
    @Test
    void readsEachByteUnsignedThenTheEnd() {
        SourceBytes in = new SourceBytes(new byte[] {'a', (byte) 0xc3, (byte) 0xa9, 0});
        assertEquals(4, in.available());
        assertEquals('a', in.read());
        assertEquals(0xc3, in.read());
        assertEquals(0xa9, in.read());
        assertEquals(0, in.read());
        assertEquals(-1, in.read());
        assertEquals(-1, in.read());
        assertEquals(0, in.available());
    }

    @Test
    void readsPiecesSkipsAndStopsAtItsSlice() {
        SourceBytes in = new SourceBytes("xxhello worldyy".getBytes(), 2, 11);
        byte[] b = new byte[8];
        assertEquals(5, in.read(b, 1, 5));
        assertArrayEquals("\0hello\0\0".getBytes(), b);
        assertEquals(1, in.skip(1));
        assertEquals(5, in.read(b, 0, 8));
        assertEquals("world", new String(b, 0, 5));
        assertEquals(-1, in.read(b, 0, 8));
        assertEquals(0, in.read(b, 0, 0));
        assertEquals(0, in.skip(4));
    }
}
