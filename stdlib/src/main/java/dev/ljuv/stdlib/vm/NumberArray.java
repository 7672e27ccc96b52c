package dev.ljuv.stdlib.vm;

import org.luaj.vm2.LuaDouble;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaValue;

/**
 * A {@link Table}'s array part while it holds only numbers (and nils): the numbers as the bits of their doubles in a
 * {@code long[]}, as LuaJIT keeps a number in its array slot. A million fractions stored are 8 MB in one array
 * instead of a million boxes for the collector to copy and promote, and one stored from compiled code needs no box.
 *
 * <p>Nil is a NaN that no stored number has: a NaN stored is stored as the one NaN the JVM's arithmetic makes (Lua
 * cannot tell NaNs apart). A number read is boxed as compiled code boxes one (an integral value as an integer).
 *
 * <p>The bits' format is public for {@code string.buffer}, which writes and reads such arrays directly.
 *
 * <p>Threading: static helpers on a table's arrays, used by the thread running the table's state.
 */
public final class NumberArray {
    private NumberArray() {}

    /** The bits of a nil slot: a (quiet) NaN whose payload {@link #bits} never gives. */
    public static final long NIL_BITS = 0x7ffc_dead_0000_0001L;
    /** What {@link #bits} answers for a value that is no number and no nil. */
    static final long OTHER = 0x7ffc_dead_0000_0002L;
    private static final long NAN_BITS = Double.doubleToRawLongBits(Double.NaN);

    /** Array parts shorter than this stay boxed: a few slots are not worth the second form. */
    public static final int MIN_LENGTH = 8;

    /** The slot bits of {@code v}: a number's, {@link #NIL_BITS} for nil, {@link #OTHER} for anything else. */
    static long bits(LuaValue v) {
        if (v instanceof LuaInteger i) {
            return Double.doubleToRawLongBits(i.v);
        }
        if (v instanceof LuaDouble) {
            return bits(v.todouble());
        }
        return v == null || ValueSemantics.isNil(v) ? NIL_BITS : OTHER;
    }

    /** The slot bits of number {@code d}. */
    public static long bits(double d) {
        return d == d ? Double.doubleToRawLongBits(d) : NAN_BITS;
    }

    /** The value of a slot: nil, or its number boxed. */
    static LuaValue value(long bits) {
        return bits == NIL_BITS ? LuaValue.NIL : NumberBoxes.box(Double.longBitsToDouble(bits));
    }

    /** The value of a slot as a boxed array part holds it: null for nil. */
    static LuaValue item(long bits) {
        return bits == NIL_BITS ? null : NumberBoxes.box(Double.longBitsToDouble(bits));
    }

    /**
     * The numbers of a boxed array part whose first value is a number that is no integer, or null when it holds
     * anything else than numbers and nils, or starts with an integer. An array of integers stays boxed at a resize:
     * small ones share their boxes, and integer code reads them boxed but for a {@code bit} function's arguments
     * (see {@code RegisterFlow.numberRead}); compiled code storing integers that need boxes of their own turns it
     * ({@link #ofAll}, see {@code Table.numbersInstead}). Only the first value is looked at in such an array, which
     * is resized as it grows: looking at all of each made array3d (3.4 million integers) 10% slower.
     */
    static long[] of(LuaValue[] items) {
        if (items.length < MIN_LENGTH) {
            return null;
        }
        int first = 0;
        while (first < items.length && (items[first] == null || ValueSemantics.isNil(items[first]))) {
            first++;
        }
        return first == items.length || !(items[first] instanceof LuaDouble) ? null : ofAll(items);
    }

    /** The numbers of a boxed array part that holds only numbers and nils, whatever its first; else null. */
    static long[] ofAll(LuaValue[] items) {
        for (LuaValue v : items) { // (looked at before anything is allocated)
            if (v != null && !(v instanceof LuaInteger) && !(v instanceof LuaDouble) && !ValueSemantics.isNil(v)) {
                return null;
            }
        }
        long[] n = new long[items.length];
        for (int i = 0; i < items.length; i++) {
            n[i] = bits(items[i]);
        }
        return n;
    }

    /** The boxed array part of {@code numbers}. */
    static LuaValue[] items(long[] numbers) {
        LuaValue[] a = new LuaValue[numbers.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = item(numbers[i]);
        }
        return a;
    }

    /** {@code numbers} as {@code length} slots: cut, or grown with nils. */
    static long[] resized(long[] numbers, int length) {
        long[] n = java.util.Arrays.copyOf(numbers, length);
        if (length > numbers.length) {
            java.util.Arrays.fill(n, numbers.length, length, NIL_BITS);
        }
        return n;
    }

    /**
     * LuaJIT's border of an array part of numbers: {@code ValueSemantics.border}'s search, on the bits. One search
     * over either form (the array's type tested at each probe) made appending by {@code t[#t + 1] = v} 9% slower.
     */
    static int border(long[] a, int hashEntries, org.luaj.vm2.LuaTable t) {
        int j = a.length + 1;
        if (j > 1 && a[j - 2] == NIL_BITS) {
            int i = 1;
            while (j - i > 1) {
                int m = (i + j) >>> 1;
                if (a[m - 2] == NIL_BITS) {
                    j = m;
                } else {
                    i = m;
                }
            }
            return i - 1;
        }
        return hashEntries == 0 ? j - 1 : ValueSemantics.unboundSearch(t, j - 1);
    }
}
