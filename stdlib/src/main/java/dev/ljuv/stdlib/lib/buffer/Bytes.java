package dev.ljuv.stdlib.lib.buffer;

import java.util.Arrays;
import org.luaj.vm2.LuaString;

/**
 * Growable bytes with a read and a write position: the storage of a string buffer and the output of the
 * encoder. Content is {@code data[read..write)}.
 *
 * <p>Threading: not thread-safe; owned by one Lua state.
 */
final class Bytes {
    byte[] data;
    int read;
    int write;
    /** True while {@code data} is shared with a Lua string (after {@code set}): copy before writing. */
    boolean borrowed;

    Bytes(int capacity) {
        data = new byte[Math.max(capacity, 0)];
    }

    int length() {
        return write - read;
    }

    void reset() {
        read = 0;
        write = 0;
        if (borrowed) {
            data = new byte[32];
            borrowed = false;
        }
    }

    void free() {
        data = new byte[0];
        read = 0;
        write = 0;
        borrowed = false;
    }

    /** Shares {@code s}'s bytes until the next write (LuaJIT's zero-copy {@code set}). */
    void borrow(LuaString s) {
        data = s.m_bytes;
        read = s.m_offset;
        write = s.m_offset + s.m_length;
        borrowed = true;
    }

    /** Makes room for {@code n} more bytes at {@code write}. */
    void ensure(int n) {
        if (borrowed || write + n > data.length) {
            grow(n);
        }
    }

    private void grow(int n) {
        int len = length();
        long needed = (long) len + n;
        if (needed > Integer.MAX_VALUE - 8) {
            throw dev.ljuv.stdlib.vm.LuaErrors.notEnoughMemory();
        }
        if (!borrowed && read > 0 && needed <= data.length && read >= data.length / 2) {
            System.arraycopy(data, read, data, 0, len); // compact: reuse the consumed front
        } else {
            int capacity = (int) Math.max(needed, Math.min((long) Math.max(data.length, 16) * 2, Integer.MAX_VALUE - 8));
            byte[] bigger = dev.ljuv.stdlib.vm.MemoryGuard.bytes(capacity);
            System.arraycopy(data, read, bigger, 0, len);
            data = bigger;
            borrowed = false;
        }
        read = 0;
        write = len;
    }

    void put(byte b) {
        ensure(1);
        data[write++] = b;
    }

    void put(byte[] src, int off, int len) {
        ensure(len);
        putInRoom(src, off, len);
    }

    /** {@link #put(byte[], int, int)} where the caller has made room ({@link #ensure}). */
    void putInRoom(byte[] src, int off, int len) {
        int w = write;
        byte[] d = data;
        if (len == 1) {
            d[w] = src[off]; // the commonest piece of text: a separator
        } else if (len <= 8) {
            for (int i = 0; i < len; i++) {
                d[w + i] = src[off + i];
            }
        } else {
            System.arraycopy(src, off, d, w, len);
        }
        write = w + len;
    }

    void put(LuaString s) {
        put(s.m_bytes, s.m_offset, s.m_length);
    }

    /** Appends the decimal digits of {@code v}, without an intermediate string. */
    void putInt(int v) {
        if (v >= 0 && v < 10) {
            ensure(1);
            data[write++] = (byte) ('0' + v);
        } else {
            putDigits(v); // apart, so that a put of a digit stays small enough to inline
        }
    }

    /** {@link #putInt} where the caller has made room for 11 bytes. */
    void putIntInRoom(int v) {
        if (v >= 0 && v < 10) {
            data[write++] = (byte) ('0' + v);
        } else {
            putDigits(v);
        }
    }

    private void putDigits(int v) {
        ensure(11);
        if (v == Integer.MIN_VALUE) {
            put(LuaString.valueOf("-2147483648"));
            return;
        }
        if (v < 0) {
            data[write++] = '-';
            v = -v;
        }
        int digits = v < 10 ? 1 : v < 100 ? 2 : v < 1000 ? 3 : v < 10000 ? 4 : v < 100000 ? 5
                : v < 1000000 ? 6 : v < 10000000 ? 7 : v < 100000000 ? 8 : v < 1000000000 ? 9 : 10;
        int end = write + digits;
        for (int i = end - 1; i >= write; i--) {
            data[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        write = end;
    }

    /** A tag byte and an 8-byte little-endian value, with one capacity check (numbers in the codec). */
    void putTagged(byte tag, long bits) {
        ensure(9);
        data[write] = tag;
        LONGS.set(data, write + 1, bits);
        write += 9;
    }

    /** Little-endian longs at any offset of a byte array (one move instead of eight byte stores). */
    static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    /** LuaJIT's variable-length unsigned: 1 byte below 0xe0, 2 bytes below 0x1fe0, else 0xff and 4 bytes LE. */
    void putU124(int v) {
        ensure(5);
        write = u124(data, write, v);
    }

    /** LuaJIT's U124 of {@code header}, then {@code len} bytes, with one capacity check (the codec's strings). */
    void putCounted(int header, byte[] src, int off, int len) {
        ensure(len > Integer.MAX_VALUE - 16 ? Integer.MAX_VALUE : 5 + len); // (the first fails as too large)
        int w = u124(data, write, header);
        System.arraycopy(src, off, data, w, len);
        write = w + len;
    }

    /** Writes {@code v} in LuaJIT's U124 code at {@code d[w]}; the position after it. */
    private static int u124(byte[] d, int w, int v) {
        if (v >= 0 && v < 0xe0) {
            d[w] = (byte) v;
            return w + 1;
        }
        if (v >= 0 && v < 0x1fe0) {
            int x = v - 0xe0;
            d[w] = (byte) (0xe0 | (x >>> 8));
            d[w + 1] = (byte) x;
            return w + 2;
        }
        d[w] = (byte) 0xff;
        d[w + 1] = (byte) v;
        d[w + 2] = (byte) (v >>> 8);
        d[w + 3] = (byte) (v >>> 16);
        d[w + 4] = (byte) (v >>> 24);
        return w + 5;
    }

    /** The content as a new Lua string (the buffer keeps it). */
    LuaString toLuaString() {
        return LuaString.valueUsing(Arrays.copyOfRange(data, read, write));
    }

    /** Removes and returns up to {@code n} bytes from the front. */
    LuaString take(int n) {
        int len = Math.min(n, length());
        LuaString s = LuaString.valueUsing(Arrays.copyOfRange(data, read, read + len));
        skip(len);
        return s;
    }

    void skip(int n) {
        read += Math.min(Math.max(n, 0), length());
        if (read == write && !borrowed) {
            read = 0;
            write = 0;
        }
    }
}
