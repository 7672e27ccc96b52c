package dev.ljuv.stdlib.lib.buffer;

import java.util.Arrays;
import org.luaj.vm2.LuaString;

/**
 * Recently decoded short strings, per thread: decoding the same keys and values again (the common case for
 * messages) then allocates nothing and skips LuaJ's byte-by-byte string hash. Each entry also keeps the
 * string's first and last eight bytes as two longs: for strings of up to 16 bytes they are the whole content,
 * so a hit is confirmed with two compares instead of a byte comparison.
 *
 * <p>The hash mixes every byte into the bits that choose the set (an earlier one left strings that differ only in
 * their last bytes, {@code item-10} to {@code item-19}, in one slot: buffer_codec's message of about a hundred
 * distinct strings missed on one string in eleven). Two entries per set (the one used last first), so that two
 * strings of one set do not evict each other at every message: with one, that message still missed on one string
 * in twenty; with two, on two strings per message.
 *
 * <p>Threading: one cache per thread (LuaJ strings themselves are immutable and may be shared); a decoder
 * fetches its thread's cache once ({@link #forThisThread}).
 */
final class StringCache {
    static final int MAX_LENGTH = 64;
    private static final int SET_BITS = 9;
    private static final ThreadLocal<StringCache> CACHE = ThreadLocal.withInitial(StringCache::new);

    /** Entry {@code 2 * set + way}: its string, and its first and last eight bytes at {@code 2 * entry} and after. */
    private final LuaString[] strings = new LuaString[2 << SET_BITS];
    private final long[] ends = new long[4 << SET_BITS];

    StringCache() {} // (tests make their own)

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
        long x = head ^ Long.rotateLeft(tail, 32) ^ ((long) len << 56);
        x = (x ^ (x >>> 31)) * 0x9E3779B97F4A7C15L; // the product's top bits depend on every bit of x
        int first = (int) (x >>> (64 - SET_BITS)) << 1;
        LuaString s = strings[first];
        if (s != null && matches(s, first, head, tail, data, off, len)) {
            return s;
        }
        LuaString older = strings[first + 1];
        if (older != null && matches(older, first + 1, head, tail, data, off, len)) {
            put(first, older, head, tail); // the string used last stays (the other one is now the older)
            return older;
        }
        return put(first, LuaString.valueOf(data, off, len), head, tail);
    }

    /** Makes {@code s} the newer entry of the set whose first entry is {@code first}, the newer one the older. */
    private LuaString put(int first, LuaString s, long head, long tail) {
        strings[first + 1] = strings[first];
        ends[2 * first + 2] = ends[2 * first];
        ends[2 * first + 3] = ends[2 * first + 1];
        strings[first] = s;
        ends[2 * first] = head;
        ends[2 * first + 1] = tail;
        return s;
    }

    private boolean matches(LuaString s, int entry, long head, long tail, byte[] data, int off, int len) {
        return s.m_length == len && ends[2 * entry] == head && ends[2 * entry + 1] == tail
                && (len <= 16 || Arrays.equals(s.m_bytes, s.m_offset, s.m_offset + len, data, off, off + len));
    }
}
