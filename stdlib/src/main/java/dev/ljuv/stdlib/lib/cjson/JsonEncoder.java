package dev.ljuv.stdlib.lib.cjson;

import dev.ljuv.stdlib.vm.LuaNumbers;
import dev.ljuv.stdlib.vm.ValueSemantics;
import java.util.Arrays;
import org.luaj.vm2.LuaBoolean;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaNumber;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * {@code cjson.encode}: a Lua value as JSON text, as lua-cjson 2.1.0 writes it. A table whose keys are all positive
 * integers is an array (up to its largest key, the holes {@code null}) unless it is excessively sparse; any other,
 * the empty one included, is an object, its members in {@code pairs} order. Strings are bytes: {@code "}, {@code \},
 * {@code /} and the control characters escaped, the rest as they are. Numbers as {@code %.14g} (the precision set).
 * OpenResty's additions: {@code cjson.empty_array}, a table with {@code array_mt} (an array up to {@code #t}) or
 * {@code empty_array_mt} ({@code []} when it has no items), and the settings for empty tables, {@code /} and values
 * of other types (skipped, their member or item left out).
 *
 * <p>Threading: one instance per call.
 */
final class JsonEncoder {
    /** The escapes of the bytes that have one (null: the byte itself). */
    private static final byte[][] ESCAPES = new byte[256][];

    static {
        for (int c = 0; c < 0x20; c++) {
            ESCAPES[c] = String.format("\\u%04x", c).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        String[][] named = {{"\b", "\\b"}, {"\t", "\\t"}, {"\n", "\\n"}, {"\f", "\\f"}, {"\r", "\\r"},
            {"\"", "\\\""}, {"\\", "\\\\"}, {"/", "\\/"}, {"\u007f", "\\u007f"}};
        for (String[] e : named) {
            ESCAPES[e[0].charAt(0)] = e[1].getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    private final CjsonLibrary.Config cfg;
    private byte[] out = new byte[64];
    private int n;

    private JsonEncoder(CjsonLibrary.Config cfg) {
        this.cfg = cfg;
    }

    static LuaString encode(LuaValue v, CjsonLibrary.Config cfg) {
        JsonEncoder e = new JsonEncoder(cfg);
        e.value(v, 0); // (a skipped value alone: the empty string, as OpenResty's)
        return LuaString.valueUsing(Arrays.copyOf(e.out, e.n));
    }

    /** Writes {@code v}: false when it was skipped (a type JSON has not, with the setting that skips those). */
    private boolean value(LuaValue v, int depth) {
        if (v instanceof LuaString s) {
            string(s);
        } else if (v instanceof LuaNumber) {
            number(v);
        } else if (v instanceof LuaBoolean) {
            ascii(v.toboolean() ? "true" : "false");
        } else if (v instanceof LuaTable t) {
            table(t, depth + 1);
        } else if (ValueSemantics.isNil(v) || v == ValueSemantics.NULL) {
            ascii("null");
        } else if (v == CjsonLibrary.EMPTY_ARRAY) {
            ascii("[]");
        } else if (cfg.skipUnsupported) {
            return false;
        } else {
            throw cannot(v, "type not supported");
        }
        return true;
    }

    private static LuaError cannot(LuaValue v, String reason) {
        return new LuaError("Cannot serialise " + v.typename() + ": " + reason);
    }

    private void table(LuaTable t, int depth) {
        if (depth > cfg.encodeMaxDepth) {
            throw new LuaError("Cannot serialise, excessive nesting (" + depth + ")");
        }
        LuaValue meta = t.getmetatable();
        if (meta != null && meta == cfg.arrays.arrayMt()) { // OpenResty's: an array up to #t, whatever else it has
            array(t, t.rawlen(), depth, true);
            return;
        }
        LuaValue len = meta == null ? LuaValue.NIL : meta.rawget(LuaValue.LEN);
        if (!len.isnil()) { // OpenResty's: an array-like proxy, its length __len's, its items through __index
            array(t, (int) len.call(t).todouble(), depth, false);
            return;
        }
        int length = arrayLength(t);
        if (length > 0 || length == 0 && !cfg.emptyTableAsObject) {
            array(t, length, depth, true);
        } else if (meta != null && meta == cfg.arrays.emptyArrayMt()) {
            array(t, t.rawlen(), depth, true); // (OpenResty's: up to #t, so [] for a table with no items)
        } else {
            object(t, depth);
        }
    }

    private void array(LuaTable t, int length, int depth, boolean raw) {
        put('[');
        boolean first = true;
        for (int i = 1; i <= length; i++) {
            int at = n;
            if (!first) {
                put(',');
            }
            if (value(raw ? t.rawget(i) : t.get(i), depth)) {
                first = false;
            } else {
                n = at; // a skipped value leaves no trace, its comma neither
            }
        }
        put(']');
    }

    private void object(LuaTable t, int depth) {
        put('{');
        boolean first = true;
        for (Varargs kv = t.next(LuaValue.NIL); !kv.arg1().isnil(); kv = t.next(kv.arg1())) {
            int at = n;
            if (!first) {
                put(',');
            }
            LuaValue k = kv.arg1();
            if (k instanceof LuaNumber) {
                put('"');
                number(k);
                put('"');
            } else if (k instanceof LuaString s) {
                string(s);
            } else {
                throw cannot(k, "table key must be a number or string");
            }
            put(':');
            if (value(kv.arg(2), depth)) {
                first = false;
            } else {
                n = at;
            }
        }
        put('}');
    }

    /** The largest key of an array, or -1 for an object: a key not a positive integer, or holes beyond the ratio. */
    private int arrayLength(LuaTable t) {
        double max = 0;
        int items = 0;
        for (Varargs kv = t.next(LuaValue.NIL); !kv.arg1().isnil(); kv = t.next(kv.arg1())) {
            LuaValue k = kv.arg1();
            double d = k instanceof LuaNumber ? k.todouble() : 0;
            if (d < 1 || d != Math.floor(d)) {
                return -1;
            }
            max = Math.max(max, d);
            items++;
        }
        if (cfg.sparseRatio > 0 && max > (double) items * cfg.sparseRatio && max > cfg.sparseSafe) {
            if (!cfg.sparseConvert) {
                throw cannot(t, "excessively sparse array");
            }
            return -1;
        }
        return (int) Math.min(max, Integer.MAX_VALUE);
    }

    private void number(LuaValue v) {
        double d = v.todouble();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            switch (cfg.encodeInvalidNumbers) {
                case 0 -> throw cannot(v, "must not be NaN or Inf");
                case 2 -> {
                    ascii("null");
                    return;
                }
                default -> { // as C's %.14g: nan (of either sign, as lua-cjson writes it), inf, -inf
                    ascii(Double.isNaN(d) ? "nan" : d > 0 ? "inf" : "-inf");
                    return;
                }
            }
        }
        long l = (long) d;
        if (l == d && Math.abs(l) < POWERS[cfg.encodeNumberPrecision] && (l != 0 || 1 / d > 0)) {
            ascii(Long.toString(l)); // an integer within the precision: %g's digits, sooner
        } else {
            ascii(LuaNumbers.formatG(d, cfg.encodeNumberPrecision));
        }
    }

    /** 10^p for the precisions (1 to 16). */
    private static final long[] POWERS = new long[17];

    static {
        POWERS[0] = 1;
        for (int p = 1; p < POWERS.length; p++) {
            POWERS[p] = POWERS[p - 1] * 10;
        }
    }

    private void string(LuaString s) {
        ensure(s.m_length + 2);
        out[n++] = '"';
        byte[] b = s.m_bytes;
        for (int i = s.m_offset, end = s.m_offset + s.m_length; i < end; i++) {
            byte[] esc = ESCAPES[b[i] & 0xff];
            if (esc == null || b[i] == '/' && !cfg.escapeForwardSlash) {
                put(b[i]);
            } else {
                for (byte c : esc) {
                    put(c);
                }
            }
        }
        put('"');
    }

    private void ascii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            out[n++] = (byte) s.charAt(i);
        }
    }

    private void put(int b) {
        if (n == out.length) {
            ensure(1);
        }
        out[n++] = (byte) b;
    }

    private void ensure(int more) {
        if (n + more > out.length) {
            long size = Math.max((long) out.length * 2, (long) n + more);
            if (size > Integer.MAX_VALUE - 8) {
                throw new LuaError("not enough memory");
            }
            out = Arrays.copyOf(out, (int) size);
        }
    }
}
