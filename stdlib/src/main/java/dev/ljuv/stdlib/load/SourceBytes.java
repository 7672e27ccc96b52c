package dev.ljuv.stdlib.load;

import java.io.InputStream;

/**
 * The bytes of a chunk as LuaJ's lexer and undumper read them, one {@code read()} per byte: a
 * {@link java.io.ByteArrayInputStream} without its lock. Every {@code read()} of the JDK's takes the stream's monitor
 * (a locked instruction to take and one to give back), most of the lexer's time per character: a 268 KB chunk
 * parsed in 14-15 ms warm with it.
 *
 * <p>Threading: used by the one thread that loads the chunk.
 */
final class SourceBytes extends InputStream {
    private final byte[] bytes;
    private int position;
    private final int end;

    SourceBytes(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    SourceBytes(byte[] bytes, int offset, int length) {
        this.bytes = bytes;
        this.position = offset;
        this.end = offset + length;
    }

    @Override
    public int read() {
        return position < end ? bytes[position++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (position >= end) {
            return -1;
        }
        int n = Math.min(len, end - position);
        System.arraycopy(bytes, position, b, off, n);
        position += n;
        return n;
    }

    @Override
    public int available() {
        return end - position;
    }

    @Override
    public long skip(long n) {
        int k = (int) Math.max(0, Math.min(n, end - position));
        position += k;
        return k;
    }
}
