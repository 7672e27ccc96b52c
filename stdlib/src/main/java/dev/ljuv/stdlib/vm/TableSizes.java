package dev.ljuv.stdlib.vm;

import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaValue;

/**
 * LuaJIT's sizes for a table's parts ({@code lj_tab.c}), which {@link Table} takes at each resize so that its array
 * part, and with it {@code #} of a table with holes, come out as LuaJIT's.
 *
 * <p>Threading: stateless.
 */
final class TableSizes {
    private TableSizes() {}

    /** LuaJIT's hash part size for {@code n} keys: the least power of two that holds them, 0 for none. */
    static int nodesFor(int n) {
        return n <= 0 ? 0 : n == 1 ? 2 : Integer.highestOneBit(n - 1) << 1;
    }

    /** LuaJIT's bin of integer key {@code k} (0..2 in bin 0, then (2^b, 2^(b+1)] in bin b). */
    static int bin(int k) {
        return k > 2 ? 31 - Integer.numberOfLeadingZeros(k - 1) : 0;
    }

    /** {@link #bin} of a key that may go to the array part (an integer below {@link Table#MAX_ARRAY}), else -1. */
    static int bin(LuaValue key) {
        return key instanceof LuaInteger n && n.v >= 0 && n.v < Table.MAX_ARRAY ? bin(n.v) : -1;
    }

    /**
     * LuaJIT's {@code rehashtab}'s sizes for a table's keys ({@link Table}'s parts: its array part in either form, the
     * {@code hashKeys} keys with a value in its hash part, and those keys' slots, read for integer keys, or null when
     * none is an integer) and {@code extra}: the array part's length in the high 32 bits, the hash part's keys in the
     * low ones.
     */
    static long forKeys(LuaValue[] items, long[] numbers, LuaValue[] slots, int hashKeys, LuaValue extra) {
        int[] bins = new int[32];
        int ints = 0;
        for (int i = 0, n = numbers != null ? numbers.length : items.length; i < n; i++) {
            if (numbers != null ? numbers[i] != NumberArray.NIL_BITS : items[i] != null) {
                bins[bin(i + 1)]++;
                ints++;
            }
        }
        int total = 1 + ints + hashKeys;
        int zeros = extra instanceof LuaInteger z && z.v == 0 ? 1 : 0; // key 0: LuaJIT's array holds it, ours not
        for (int i = 0, n = slots != null ? slots.length : 0; i < n; i += 2) {
            if (slots[i + 1] != null) {
                if (slots[i] instanceof LuaInteger z && z.v == 0) {
                    zeros++;
                }
                int b = bin(slots[i]);
                if (b >= 0) {
                    bins[b]++;
                    ints++;
                }
            }
        }
        int b0 = bin(extra);
        if (b0 >= 0) {
            bins[b0]++;
            ints++;
        }
        long best = arraySize(bins, ints);
        int size = (int) (best >>> 32);
        return (long) size << 32 | (total - (int) best + (size == 0 ? 0 : zeros));
    }

    /**
     * LuaJIT's {@code bestasize} for {@code ints} integer keys counted in {@code bins}: the largest {@code 2^(b+1)}
     * slots (key 0 counted, as LuaJIT's array holds it) more than half of whose keys are present. Answers the length
     * of that array without key 0's slot (0 for none) in the high 32 bits, the keys it holds in the low ones.
     */
    static long arraySize(int[] bins, int ints) {
        int size = 0;
        int inArray = 0;
        for (int b = 0, sum = 0; 2L * ints > (1L << b) && sum != ints; b++) {
            if (bins[b] > 0 && 2L * (sum += bins[b]) > (1L << b)) {
                size = 2 << b;
                inArray = sum;
            }
        }
        return (long) size << 32 | inArray;
    }
}
