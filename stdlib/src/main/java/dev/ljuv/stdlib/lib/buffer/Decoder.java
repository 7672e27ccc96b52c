package dev.ljuv.stdlib.lib.buffer;

import dev.ljuv.stdlib.vm.NumberArray;
import dev.ljuv.stdlib.vm.Table;
import dev.ljuv.stdlib.vm.ValueSemantics;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * Reads one value in LuaJIT's serialization format from {@code data[pos..end)}. Malformed input only ever
 * raises a Lua error with LuaJIT's message; lengths are checked against the remaining input before
 * anything is allocated, so a forged length cannot make it allocate absurd amounts.
 *
 * <p>Threading: one instance per decode call.
 */
final class Decoder {
    /** LuaJIT's {@code NULL} light userdata, as {@code 0x03} decodes. */
    static final LuaValue NULL = ValueSemantics.NULL;

    private final byte[] data;
    private final Options options;
    int pos;
    private final int end;

    /** Whether {@code data} never changes, so that long strings may share it instead of being copied. */
    private final boolean immutable;
    private final StringCache strings = StringCache.forThisThread();
    /** A {@link Message}'s strings passed by reference, or null: then {@link SerialFormat#SHARED_STR} is refused. */
    private final LuaString[] shared;

    Decoder(byte[] data, int pos, int end, Options options) {
        this(data, pos, end, options, false);
    }

    Decoder(byte[] data, int pos, int end, Options options, boolean immutable) {
        this(data, pos, end, options, immutable, null);
    }

    /** A decoder of {@code m}'s values. */
    Decoder(Message m) {
        this(m.bytes, 0, m.bytes.length, Options.NONE, true, m.strings); // (a message is its receiver's alone)
    }

    private Decoder(byte[] data, int pos, int end, Options options, boolean immutable, LuaString[] shared) {
        this.data = data;
        this.pos = pos;
        this.end = end;
        this.options = options;
        this.immutable = immutable;
        this.shared = shared;
    }

    /** Strings from this length on share an immutable input instead of being copied. */
    private static final int SHARE_FROM = 1024;

    private static LuaError eob() {
        return new LuaError("unexpected end of buffer");
    }

    private int u8() {
        if (pos >= end) {
            throw eob();
        }
        return data[pos++] & 0xff;
    }

    private long le(int n) {
        if (end - pos < n) {
            throw eob();
        }
        if (n == 8) {
            long v = (long) Bytes.LONGS.get(data, pos);
            pos += 8;
            return v;
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            v |= (long) (data[pos + i] & 0xff) << (8 * i);
        }
        pos += n;
        return v;
    }

    /** LuaJIT's variable-length unsigned (the inverse of {@code Bytes.putU124}). */
    private long u124() {
        int b = u8();
        if (b < 0xe0) {
            return b;
        }
        if (b != 0xff) {
            return ((long) (b & 0x1f) << 8) + u8() + 0xe0;
        }
        return le(4);
    }

    /** A count in the variable-length code (the header of a message of several values). */
    long count() {
        return u124();
    }

    LuaValue value(int depth) {
        int tag = u8();
        if (tag >= SerialFormat.STR) {
            return string(tag);
        }
        switch (tag) {
            case SerialFormat.NIL:
                return LuaValue.NIL;
            case SerialFormat.FALSE:
                return LuaValue.FALSE;
            case SerialFormat.TRUE:
                return LuaValue.TRUE;
            case SerialFormat.NULL:
                return NULL;
            case SerialFormat.INT:
                return LuaValue.valueOf((int) le(4));
            case SerialFormat.NUM:
                return LuaValue.valueOf(Double.longBitsToDouble(le(8)));
            case SerialFormat.INT64:
                return LuaValue.valueOf((double) le(8));
            case SerialFormat.UINT64: {
                long v = le(8);
                return LuaValue.valueOf(v >= 0 ? (double) v : (double) (v >>> 1) * 2.0 + (v & 1));
            }
            case SerialFormat.DICT_STR: {
                long idx = u124();
                if (idx >= options.strings.length) {
                    throw new LuaError("cannot deserialize dictionary index " + (idx + 1));
                }
                return options.strings[(int) idx];
            }
            case SerialFormat.DICT_MT: {
                long idx = u124();
                if (idx >= options.metatables.length) {
                    throw new LuaError("cannot deserialize dictionary index " + (idx + 1));
                }
                LuaValue t = value(depth);
                if (!t.istable()) {
                    throw new LuaError("cannot deserialize tag 0x" + String.format("%02x", SerialFormat.DICT_MT));
                }
                t.setmetatable(options.metatables[(int) idx]);
                return t;
            }
            case SerialFormat.SHARED_STR:
                if (shared != null) {
                    long idx = u124();
                    if (idx < shared.length) {
                        return shared[(int) idx];
                    }
                }
                throw new LuaError("cannot deserialize tag 0x" + String.format("%02x", tag));
            default:
                if (tag >= SerialFormat.TAB && tag <= SerialFormat.TAB + 5) {
                    return table(tag - SerialFormat.TAB, depth);
                }
                throw new LuaError("cannot deserialize tag 0x" + String.format("%02x", tag));
        }
    }

    private LuaValue string(int tag) {
        long len;
        if (tag < 0xe0) {
            len = tag - SerialFormat.STR;
        } else {
            pos--;
            len = u124() - SerialFormat.STR;
        }
        if (len < 0 || len > end - pos) {
            throw eob();
        }
        int n = (int) len;
        LuaString s = immutable && n >= SHARE_FROM ? LuaString.valueUsing(data, pos, n) : strings.get(data, pos, n);
        pos += n;
        return s;
    }

    /**
     * Reads the numbers that come next into {@code array[k..n)}, up to the first other value: arrays of numbers are
     * the bulk of most payloads (read in place, no dispatch); the index of the first slot not filled.
     */
    private int numbers(LuaValue[] array, int k, int n) {
        byte[] d = data;
        int p = pos;
        int limit = end - 9;
        while (k < n && p <= limit && d[p] == (byte) SerialFormat.NUM) {
            array[k++] = LuaValue.valueOf(Double.longBitsToDouble((long) Bytes.LONGS.get(d, p + 1)));
            p += 9;
        }
        pos = p;
        return k;
    }

    /**
     * The next {@code n} values as the bits of their numbers when the first is a fraction and each is a number or nil
     * (an array of fractions, which a table holds unboxed: see {@code NumberArray.of}); else null, and nothing read.
     */
    private long[] numberRun(int n) {
        byte[] d = data;
        int p = pos;
        for (int i = 0; i < n; i++) { // (looked at before anything is allocated)
            if (p < end && d[p] == (byte) SerialFormat.NIL && i > 0) {
                p++;
            } else if (p <= end - 9 && d[p] == (byte) SerialFormat.NUM) {
                double v = Double.longBitsToDouble((long) Bytes.LONGS.get(d, p + 1));
                if (i == 0 && v == Math.rint(v)) {
                    return null; // an array of integers stays boxed
                }
                p += 9;
            } else {
                return null;
            }
        }
        long[] bits = new long[n];
        p = pos;
        for (int i = 0; i < n; i++) {
            if (d[p] == (byte) SerialFormat.NIL) {
                bits[i] = NumberArray.NIL_BITS;
                p++;
            } else {
                bits[i] = NumberArray.bits(Double.longBitsToDouble((long) Bytes.LONGS.get(d, p + 1))); // (one NaN)
                p += 9;
            }
        }
        pos = p;
        return bits;
    }

    private LuaValue table(int shape, int depth) {
        if (depth <= 0) {
            throw new LuaError("too deep to serialize");
        }
        long narray = 0;
        long nhash = 0;
        if ((shape & 6) != 0) {
            narray = u124();
        }
        if ((shape & 1) != 0) {
            nhash = u124();
        }
        if (narray > Table.MAX_ARRAY || nhash > Table.MAX_NODES) {
            throw new LuaError("table overflow"); // LuaJIT's limits on a table's parts, checked first as it does
        }
        boolean fromOne = (shape & 4) != 0;
        long values = fromOne && narray > 0 ? narray - 1 : narray;
        // every value takes at least one byte: refuse lengths the input cannot hold, before allocating
        if (values > end - pos || nhash > end - pos - values) {
            throw eob();
        }
        LuaTable t = new Table((int) (fromOne ? values : Math.max(0, values - 1)), (int) nhash);
        int first = fromOne ? 1 : 0;
        LuaValue[] array = TableLayout.plainArray(t); // a new table's array part: stored into in place
        // (looked at only where it may pay: a decoder that called numberRun for every table decoded records 15% slower)
        boolean unboxed = fromOne && values >= NumberArray.MIN_LENGTH && values <= array.length && pos < end
                && data[pos] == (byte) SerialFormat.NUM && ((Table) t).takeNumbers(numberRun((int) values));
        if (unboxed) { // slots 1..values: numbers, held unboxed (see Table.numberPart)
            array = null;
        } else if (fromOne && values <= array.length) { // slots 1..values, all in the array part
            int k = 0;
            while (k < values) {
                k = numbers(array, k, (int) values);
                if (k < values) {
                    LuaValue v = value(depth - 1);
                    array[k++] = v.isnil() ? null : v;
                }
            }
        } else {
            for (long i = 0; i < values; i++) {
                LuaValue v = value(depth - 1);
                if (v.isnil()) {
                    continue;
                }
                int index = (int) (first + i);
                if (index > 0 && index <= array.length) {
                    array[index - 1] = v;
                } else {
                    t.rawset(index, v); // slot 0 or past the array part: may move the parts (a rehash)
                    array = TableLayout.plainArray(t);
                }
            }
        }
        for (long i = 0; i < nhash; i++) {
            LuaValue k = value(depth - 1);
            if (k.isnil()) {
                throw new LuaError("table index is nil");
            }
            if (k instanceof org.luaj.vm2.LuaDouble && Double.isNaN(k.todouble())) { // (a NaN is a LuaDouble)
                throw new LuaError("table index is NaN");
            }
            LuaValue v = value(depth - 1);
            if (k instanceof LuaString && !ValueSemantics.isNil(v)) { // (isnil(): a call on any class)
                if (!TableLayout.addKey(t, (LuaString) k, v)) {
                    throw new LuaError("duplicate table key");
                }
                continue;
            }
            if (!t.rawget(k).isnil()) {
                throw new LuaError("duplicate table key");
            }
            t.rawset(k, v);
        }
        return t;
    }
}
