package dev.ljuv.stdlib.buffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.luaj.vm2.LuaString;

/**
 * Recently decoded short strings, per thread: decoding the same keys and values again (the common case for
 * messages) then allocates nothing and skips LuaJ's byte-by-byte string hash. The cache's own hash reads the
 * first and last eight bytes only; a hit is confirmed by comparing all bytes.
 *
 * <p>Threading: one cache per thread (LuaJ strings themselves are immutable and may be shared).
 */
final class StringCache {
    private StringCache() {}

    static final int MAX_LENGTH = 64;
    private static final int SLOTS = 1024;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final ThreadLocal<LuaString[]> CACHE = ThreadLocal.withInitial(() -> new LuaString[SLOTS]);

    static LuaString get(byte[] data, int off, int len) {
        if (len > MAX_LENGTH) {
            return LuaString.valueOf(data, off, len);
        }
        int h = hash(data, off, len);
        LuaString[] cache = CACHE.get();
        int slot = h & (SLOTS - 1);
        LuaString s = cache[slot];
        if (s != null && s.m_length == len
                && Arrays.equals(s.m_bytes, s.m_offset, s.m_offset + len, data, off, off + len)) {
            return s;
        }
        s = LuaString.valueOf(data, off, len);
        cache[slot] = s;
        return s;
    }

    private static int hash(byte[] data, int off, int len) {
        long x;
        if (len >= 8) {
            x = (long) LONGS.get(data, off) * 0x9E3779B97F4A7C15L ^ (long) LONGS.get(data, off + len - 8);
        } else {
            x = 0;
            for (int i = 0; i < len; i++) {
                x = (x << 8) | (data[off + i] & 0xff);
            }
        }
        x = (x ^ len) * 0xBF58476D1CE4E5B9L;
        return (int) (x ^ (x >>> 31));
    }
}
