package dev.ljuv.stdlib.lib.buffer;

import java.util.Arrays;
import org.luaj.vm2.LuaString;

/**
 * Recently decoded short strings, per thread: decoding the same keys and values again (the common case for
 * messages) then allocates nothing and skips LuaJ's byte-by-byte string hash. Each slot also keeps the
 * string's first and last eight bytes as two longs: for strings of up to 16 bytes they are the whole content,
 * so a hit is confirmed with two compares instead of a byte comparison.
 *
 * <p>Threading: one cache per thread (LuaJ strings themselves are immutable and may be shared); a decoder
 * fetches its thread's cache once ({@link #forThisThread}).
 */
final class StringCache {
    static final int MAX_LENGTH = 64;
    private static final int SLOTS = 1024;
    private static final ThreadLocal<StringCache> CACHE = ThreadLocal.withInitial(StringCache::new);

    private final LuaString[] strings = new LuaString[SLOTS];
    private final long[] heads = new long[SLOTS];
    private final long[] tails = new long[SLOTS];

    private StringCache() {}

    static StringCache forThisThread() {
        return CACHE.get();
    }

    LuaString get(byte[] data, int off, int len) {
        if (len > MAX_LENGTH) {
            return LuaString.valueOf(data, off, len);
        }
        long head;
        long tail;
        if (len >= 8) {
            head = (long) Bytes.LONGS.get(data, off);
            tail = (long) Bytes.LONGS.get(data, off + len - 8);
        } else if (data.length - off >= 8) { // one load, the bytes past the string masked off
            head = (long) Bytes.LONGS.get(data, off) & ((1L << (8 * len)) - 1);
            tail = 0;
        } else {
            head = 0;
            for (int i = 0; i < len; i++) {
                head |= (long) (data[off + i] & 0xff) << (8 * i);
            }
            tail = 0;
        }
        long x = (head * 0x9E3779B97F4A7C15L ^ tail ^ len) * 0xBF58476D1CE4E5B9L;
        int slot = (int) (x ^ (x >>> 31)) & (SLOTS - 1);
        LuaString s = strings[slot];
        if (s != null && s.m_length == len && heads[slot] == head && tails[slot] == tail
                && (len <= 16 || Arrays.equals(s.m_bytes, s.m_offset, s.m_offset + len, data, off, off + len))) {
            return s;
        }
        s = LuaString.valueOf(data, off, len);
        strings[slot] = s;
        heads[slot] = head;
        tails[slot] = tail;
        return s;
    }
}
