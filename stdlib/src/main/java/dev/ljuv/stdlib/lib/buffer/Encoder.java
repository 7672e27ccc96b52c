package dev.ljuv.stdlib.lib.buffer;

import dev.ljuv.stdlib.vm.NumberArray;
import dev.ljuv.stdlib.vm.Table;
import dev.ljuv.stdlib.vm.ValueSemantics;
import org.luaj.vm2.LuaBoolean;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaNumber;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * Writes Lua values in LuaJIT's serialization format (see {@link SerialFormat}). A table's array part is
 * written from index 1 (or 0 when {@code t[0]} is set) up to its highest non-nil array slot, the rest as
 * hash entries; dictionary strings and metatables are written as indexes.
 *
 * <p>One encoder writes one value. The count of a table's hash entries comes before them: it is the count of its hash
 * part's entries, and the entries are written as the hash part is walked, unless one is key 0 (written before the
 * array part) or a key of the array part (not written as a pair); such a table is written again, its entries first
 * gathered on a stack of key/value pairs that nested tables share, above their parent's, so that no table costs an
 * allocation.
 *
 * <p>For a {@link Message}, long strings are written as references instead (see {@link SerialFormat#SHARED_STR}).
 *
 * <p>Threading: confined to the calling thread, for one call.
 */
final class Encoder implements TableLayout.Visitor {
    private final Bytes out;
    private final Options options;
    /** The gathered hash entries of the tables being written, as key/value pairs (made at the first table with any). */
    private LuaValue[] pairs;
    private int top;
    /**
     * While walking one table's hash part: its array part's length, whether the entries are gathered (or written at
     * once: then how many were, at which depth), and the value of key 0 when it has one. Saved and restored around
     * each walk, as a nested table walks its own.
     */
    private int arrayLimit;
    private boolean gathering;
    private int written;
    private int entryDepth;
    private LuaValue zeroValue;
    /** For a {@link Message}: the long strings written as references (null otherwise), and how many. */
    private LuaString[] shared;
    private int nshared;

    private Encoder(Bytes out, Options options, boolean message) {
        this.out = out;
        this.options = options;
        this.shared = message ? NO_STRINGS : null;
    }

    private static final LuaString[] NO_STRINGS = new LuaString[0];

    /**
     * Strings from this length on go into a message by reference, when their array is not much larger than they
     * are (a short piece of a huge string would keep all of it alive in the receiving state: it is copied).
     */
    private static final int SHARE_FROM = 1024;

    static void encode(Bytes out, LuaValue v, Options options) {
        new Encoder(out, options, false).put(v, SerialFormat.MAX_DEPTH);
    }

    /** An encoder of a {@link Message}'s values into {@code out} (see {@link #value} and {@link #sharedStrings}). */
    static Encoder forMessage(Bytes out) {
        return new Encoder(out, Options.NONE, true);
    }

    /** Writes one value. */
    void value(LuaValue v) {
        put(v, SerialFormat.MAX_DEPTH);
    }

    /** The strings written by reference so far, or null when there are none. */
    LuaString[] sharedStrings() {
        return nshared == 0 ? null : java.util.Arrays.copyOf(shared, nshared);
    }

    private void putShared(LuaString s) {
        if (nshared == shared.length) {
            shared = java.util.Arrays.copyOf(shared, Math.max(4, nshared * 2));
        }
        out.put((byte) SerialFormat.SHARED_STR);
        out.putU124(nshared);
        shared[nshared++] = s;
    }

    private void put(LuaValue v, int depth) {
        // by class, not by v.type(): a virtual call on five classes, which the JIT cannot inline
        if (v instanceof LuaString s) {
            if (shared != null && s.m_length >= SHARE_FROM && s.m_bytes.length - s.m_length <= s.m_length) {
                putShared(s);
            } else {
                out.putCounted(SerialFormat.STR + s.m_length, s.m_bytes, s.m_offset, s.m_length);
            }
        } else if (v instanceof LuaNumber) {
            out.putTagged((byte) SerialFormat.NUM, Double.doubleToRawLongBits(v.todouble()));
        } else if (v instanceof LuaTable t) {
            putTable(t, depth);
        } else if (v instanceof LuaBoolean) {
            out.put((byte) (v == LuaValue.TRUE ? SerialFormat.TRUE : SerialFormat.FALSE));
        } else if (ValueSemantics.isNil(v)) {
            out.put((byte) SerialFormat.NIL);
        } else if (v == ValueSemantics.NULL) {
            out.put((byte) SerialFormat.NULL); // (cjson.null too: LuaJIT's one NULL light userdata)
        } else {
            throw new LuaError("cannot serialize '" + v.typename() + "'");
        }
    }

    private void putTable(LuaTable t, int depth) {
        if (depth <= 0) {
            throw new LuaError("too deep to serialize");
        }
        long[] numbers = t instanceof Table own ? own.numberPart() : null;
        if (numbers != null && TableLayout.hashEntries(t) == 0) {
            putNumberArray(t, numbers);
            return;
        }
        LuaValue[] array = TableLayout.arrayToRead(t); // slots 1..n, read in place (null: rawget)
        int n = TableLayout.arrayLength(t);
        if (array != null) {
            while (n > 0 && (array[n - 1] == null || ValueSemantics.isNil(array[n - 1]))) {
                n--;
            }
        } else {
            while (n > 0 && t.rawget(n).isnil()) {
                n--;
            }
        }
        int entries = TableLayout.hashEntries(t);
        if (entries == 0) { // (an empty hash part has no key 0 either)
            putHeader(t, n, false, 0);
            putArray(t, array, n, depth);
        } else if (array == null || !putDirect(t, array, n, entries, depth)) {
            putGathered(t, array, n, depth);
        }
    }

    /**
     * Writes a table whose hash part holds {@code entries} keys as if each of them is written as a pair (no key 0, no
     * integer key inside the array part, no dead entry: nearly every table), walking the hash part once, without
     * gathering. False, with nothing written, where that does not hold: then the table is written gathered.
     */
    private boolean putDirect(LuaTable t, LuaValue[] array, int n, int entries, int depth) {
        int start = out.write - out.read; // (a growing buffer moves its content, not its offsets from read)
        int sharedBefore = nshared;
        putHeader(t, n, false, entries);
        putArray(t, array, n, depth);
        boolean complete;
        if (t instanceof Table own && own.ownStorage()) {
            complete = putOwnEntries(own.hashSlots(), n, entries, depth - 1);
        } else {
            int limit = arrayLimit;
            int written = this.written;
            int entryDepth = this.entryDepth;
            boolean gathering = this.gathering;
            arrayLimit = n;
            this.written = 0;
            this.entryDepth = depth - 1;
            this.gathering = false;
            complete = TableLayout.forEachHashEntry(t, this) && this.written == entries;
            arrayLimit = limit;
            this.written = written;
            this.entryDepth = entryDepth;
            this.gathering = gathering;
        }
        if (!complete) {
            out.write = out.read + start;
            nshared = sharedBefore;
        }
        return complete;
    }

    /**
     * {@link #putDirect}'s walk of a table of the runtime's own, read from its slots in place, without the visitor's
     * interface call and the state it saves per table (JMH {@code BufferCodecBenchmark.encodeTable}: 158k -> 193k
     * ops/s): false at a key that is not written as a pair, or when the count of pairs is not {@code entries}.
     */
    private boolean putOwnEntries(LuaValue[] slots, int n, int entries, int depth) {
        int count = 0;
        for (int i = 0; i < slots.length; i += 2) {
            LuaValue v = slots[i + 1];
            if (v != null) {
                LuaValue k = slots[i];
                if (k instanceof LuaInteger ki && ki.v >= 0 && ki.v <= n) {
                    return false;
                }
                putPair(k, v, depth);
                count++;
            }
        }
        return count == entries;
    }

    /** Writes a table after gathering its hash part's pairs (the count comes before them), key 0 apart. */
    private void putGathered(LuaTable t, LuaValue[] array, int n, int depth) {
        int base = top;
        int limit = arrayLimit;
        boolean gathering = this.gathering;
        arrayLimit = n;
        zeroValue = null;
        this.gathering = true;
        TableLayout.forEachHashEntry(t, this);
        LuaValue zero = zeroValue;
        zeroValue = null;
        arrayLimit = limit;
        this.gathering = gathering;
        int nhash = (top - base) / 2;
        putHeader(t, n, zero != null, nhash);
        if (zero != null) {
            put(zero, depth - 1);
        }
        putArray(t, array, n, depth);
        for (int i = base, end = base + 2 * nhash; i < end; i += 2) {
            putPair(pairs[i], pairs[i + 1], depth - 1); // (read again each time: a nested table may grow the stack)
        }
        top = base;
    }

    /** The metatable's dictionary index (when it has one), the table's tag and its parts' sizes. */
    private void putHeader(LuaTable t, int n, boolean zero, int nhash) {
        int narray = zero || n > 0 ? n + 1 : 0;
        if (options.hasMetatables()) {
            LuaValue mt = t.getmetatable();
            int idx = mt == null ? -1 : options.metatableIndex(mt);
            if (idx >= 0) {
                out.put((byte) SerialFormat.DICT_MT);
                out.putU124(idx);
            }
        }
        out.put((byte) (SerialFormat.TAB + (nhash > 0 ? 1 : 0) + (narray > 0 ? (zero ? 2 : 4) : 0)));
        if (narray > 0) {
            out.putU124(narray);
        }
        if (nhash > 0) {
            out.putU124(nhash);
        }
    }

    /** Slots 1..n of the array part ({@code array}, or {@code rawget} where it is null). */
    private void putArray(LuaTable t, LuaValue[] array, int n, int depth) {
        int i = 1;
        while (i <= n) {
            LuaValue v = array != null ? array[i - 1] : t.rawget(i);
            if (v instanceof LuaNumber && array != null) {
                i = putNumbers(array, i, n);
            } else {
                put(v == null ? LuaValue.NIL : v, depth - 1);
                i++;
            }
        }
    }

    /**
     * Writes the numbers from slot {@code i} on (it holds one), up to {@code n} or the first other value, with one
     * capacity check for each run of up to 256 (arrays of numbers are the bulk of most payloads); where it stopped.
     */
    private int putNumbers(LuaValue[] array, int i, int n) {
        int run = Math.min(n - i + 1, 256);
        out.ensure(9 * run);
        byte[] d = out.data;
        int w = out.write;
        int end = i + run;
        LuaValue v;
        while (i < end && (v = array[i - 1]) instanceof LuaNumber) {
            d[w] = (byte) SerialFormat.NUM;
            Bytes.LONGS.set(d, w + 1, Double.doubleToRawLongBits(v.todouble()));
            w += 9;
            i++;
        }
        out.write = w;
        return i;
    }

    /** A table whose array part holds numbers unboxed and whose hash part is empty: written from the bits. */
    private void putNumberArray(LuaTable t, long[] numbers) {
        int n = numbers.length;
        while (n > 0 && numbers[n - 1] == NumberArray.NIL_BITS) {
            n--;
        }
        putHeader(t, n, false, 0);
        out.ensure(9 * n);
        byte[] d = out.data;
        int w = out.write;
        for (int i = 0; i < n; i++) {
            long b = numbers[i];
            if (b == NumberArray.NIL_BITS) {
                d[w++] = (byte) SerialFormat.NIL;
            } else {
                d[w] = (byte) SerialFormat.NUM;
                Bytes.LONGS.set(d, w + 1, b);
                w += 9;
            }
        }
        out.write = w;
    }

    /** One key (a dictionary string as its index) and its value. */
    private void putPair(LuaValue k, LuaValue v, int depth) {
        int idx = options.hasStrings() && k instanceof LuaString s ? options.stringIndex(s) : -1;
        if (idx >= 0) {
            out.put((byte) SerialFormat.DICT_STR);
            out.putU124(idx);
        } else {
            put(k, depth);
        }
        put(v, depth);
    }

    /**
     * One live hash entry of the table being written: gathered (see {@link #putGathered}), or written at once
     * unless it is key 0 or a key of the array part (see {@link #putDirect}: false stops the walk).
     */
    @Override
    public boolean entry(LuaValue key, LuaValue value) {
        if (key instanceof LuaInteger k && k.v >= 0 && k.v <= arrayLimit) { // (an integral key is a LuaInteger)
            if (!gathering) {
                return false;
            }
            if (k.v == 0) {
                zeroValue = value;
            }
            return true;
        }
        if (!gathering) {
            written++;
            putPair(key, value, entryDepth);
            return true;
        }
        LuaValue[] p = pairs;
        if (p == null || top + 2 > p.length) {
            pairs = p = java.util.Arrays.copyOf(p == null ? new LuaValue[0] : p, Math.max(32, top * 2));
        }
        p[top] = key;
        p[top + 1] = value;
        top += 2;
        return true;
    }
}
