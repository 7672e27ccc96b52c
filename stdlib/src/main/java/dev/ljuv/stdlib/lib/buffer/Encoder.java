package dev.ljuv.stdlib.lib.buffer;

import org.luaj.vm2.LuaBoolean;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaNil;
import org.luaj.vm2.LuaNumber;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * Writes Lua values in LuaJIT's serialization format (see {@link SerialFormat}). A table's array part is
 * written from index 1 (or 0 when {@code t[0]} is set) up to its highest non-nil array slot, the rest as
 * hash entries; dictionary strings and metatables are written as indexes.
 *
 * <p>Threading: stateless apart from the output it is given.
 */
final class Encoder {
    private Encoder() {}

    private static final LuaValue[] NO_ENTRIES = new LuaValue[0];

    static void encode(Bytes out, LuaValue v, Options options) {
        put(out, v, options, SerialFormat.MAX_DEPTH);
    }

    private static void put(Bytes out, LuaValue v, Options options, int depth) {
        // by class, not by v.type(): a virtual call on five classes, which the JIT cannot inline
        if (v instanceof LuaString s) {
            putString(out, s);
        } else if (v instanceof LuaNumber) {
            out.putTagged((byte) SerialFormat.NUM, Double.doubleToRawLongBits(v.todouble()));
        } else if (v instanceof LuaTable t) {
            putTable(out, t, options, depth);
        } else if (v instanceof LuaBoolean) {
            out.put((byte) (v == LuaValue.TRUE ? SerialFormat.TRUE : SerialFormat.FALSE));
        } else if (v instanceof LuaNil) {
            out.put((byte) SerialFormat.NIL);
        } else {
            throw new LuaError("cannot serialize '" + v.typename() + "'");
        }
    }

    private static void putString(Bytes out, LuaString s) {
        out.putU124(SerialFormat.STR + s.m_length);
        out.put(s);
    }

    private static void putTable(Bytes out, LuaTable t, Options options, int depth) {
        if (depth <= 0) {
            throw new LuaError("too deep to serialize");
        }
        int n = TableLayout.arrayLength(t);
        while (n > 0 && t.rawget(n).isnil()) {
            n--;
        }
        boolean zero = !t.rawget(0).isnil();
        int narray = zero || n > 0 ? n + 1 : 0;
        // the entries of the hash part, except integer keys that belong to the array part
        HashEntries entries = new HashEntries(n, zero, TableLayout.hashEntries(t));
        TableLayout.forEachHashEntry(t, entries);
        LuaValue[] hash = entries.pairs;
        int nhash = entries.count;
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
        if (zero) {
            put(out, t.rawget(0), options, depth - 1);
        }
        LuaValue[] array = TableLayout.plainArray(t); // slots 1..n, read in place (null: rawget)
        for (int i = 1; i <= n; i++) {
            LuaValue v = array != null ? array[i - 1] : t.rawget(i);
            if (v instanceof LuaNumber) { // arrays of numbers are the bulk of most payloads: no type dispatch
                out.putTagged((byte) SerialFormat.NUM, Double.doubleToRawLongBits(v.todouble()));
            } else {
                put(out, v == null ? LuaValue.NIL : v, options, depth - 1);
            }
        }
        boolean dict = options.hasStrings();
        for (int i = 0; i < nhash; i++) {
            LuaValue k = hash[2 * i];
            int idx = dict && k instanceof LuaString s ? options.stringIndex(s) : -1;
            if (idx >= 0) {
                out.put((byte) SerialFormat.DICT_STR);
                out.putU124(idx);
            } else {
                put(out, k, options, depth - 1);
            }
            put(out, hash[2 * i + 1], options, depth - 1);
        }
    }

    /** Collects a table's hash entries as key/value pairs, skipping those encoded in the array part. */
    private static final class HashEntries implements TableLayout.Visitor {
        private final int n;
        private final boolean zero;
        LuaValue[] pairs;
        int count;

        HashEntries(int n, boolean zero, int entries) {
            this.n = n;
            this.zero = zero;
            this.pairs = entries > 0 ? new LuaValue[2 * entries] : NO_ENTRIES; // as many as the table says it has
        }

        @Override
        public void entry(LuaValue key, LuaValue value) {
            if (isArrayKey(key, n, zero)) {
                return;
            }
            if (2 * count + 2 > pairs.length) {
                pairs = java.util.Arrays.copyOf(pairs, Math.max(8, pairs.length * 2));
            }
            pairs[2 * count] = key;
            pairs[2 * count + 1] = value;
            count++;
        }
    }

    private static boolean isArrayKey(LuaValue k, int n, boolean zero) {
        if (!(k instanceof LuaInteger key)) { // (an integral key is always a LuaInteger in a table)
            return false;
        }
        int i = key.v;
        return (i >= 1 && i <= n) || (i == 0 && zero);
    }
}
