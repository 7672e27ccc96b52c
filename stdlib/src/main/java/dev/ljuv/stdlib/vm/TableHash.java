package dev.ljuv.stdlib.vm;

import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * The hash part of a {@link Table}: keys and values side by side in one array, open addressing with linear probing,
 * Fibonacci hashing. The table's own class keeps the array part, the sizes (LuaJIT's) and the Lua-visible methods;
 * this one the slots and their probes. The number of keys with a value is LuaJ's {@code hashEntries}, which LuaJ's
 * own storage (unused by a {@link Table} until it delegates to it) would count: a table is no larger for it.
 *
 * <p>Threading: as {@link Table}.
 */
abstract sealed class TableHash extends LuaTable permits Table {
    /** Fibonacci hashing's multiplier: spreads nearby hash codes (k1, k2, ...) over the slots. */
    static final int GOLDEN = 0x9E3779B9;
    /** Node counts up to which the hash part has one slot per node: a record's (see {@link #allocate}). */
    static final int SMALL_NODES = 8;

    /** The slots: slot {@code s}'s key at {@code 2s}, its value at {@code 2s + 1}; a null key is a free slot. */
    LuaValue[] slots = NOVALS;
    /**
     * {@code 32 - log2(slot count)}: a hash's top bits pick the first slot (the slots' length's, kept for probes).
     * Above it, the flag {@link #INTEGER_KEYS}, which a shift by this number ignores (a shift reads the low five bits
     * of its count: 32, the empty part's, shifts by 0).
     */
    int shift = 32;
    /**
     * In {@link #shift}: a slot's key is an integer (once added, until the next resize). Without it a resize counts
     * the keys that may move to the array part without reading the keys themselves, each a cache miss in a large
     * table.
     */
    static final int INTEGER_KEYS = 1 << 8;

    /** Whether a slot's key may be an integer (see {@link #INTEGER_KEYS}). */
    boolean integerKeys() {
        return (shift & INTEGER_KEYS) != 0;
    }

    /** Notes a key just put into a slot: {@link #INTEGER_KEYS} for an integer. */
    void noteKey(LuaValue key) {
        if (key instanceof LuaInteger) {
            shift |= INTEGER_KEYS;
        }
    }

    /** Slots holding a key, cleared ones included (what fills the part). */
    int used;

    // Three probes, one per kind of key, each with its own comparison: a string by reference first, an integer by
    // value without a box, any other key through raweq. They serve every read and write, so none dispatches. A key
    // not found answers a negative number: ~s, s the index in slots of the free slot where the probe ended (where the
    // key goes when added: see add), or FULL when it met none.

    /** The value in hash slot index {@code s} (a key's, from a look-up), nil for none. */
    LuaValue valueAt(int s) {
        if (s < 0) {
            return NIL;
        }
        LuaValue v = slots[s + 1];
        return v != null ? v : NIL;
    }

    /** A probe's answer for a key not found when it met no free slot (no hash part, or a full one). */
    static final int FULL = Integer.MIN_VALUE;

    /** The index in {@link #slots} of string key {@code key}, or a negative number (see above). */
    int slotOfString(LuaString key) {
        LuaValue[] s = slots;
        int i = ((key.hashCode() * GOLDEN) >>> shift) << 1;
        if (i >= 0 && i < s.length && s[i] == key) { // (i < 0: no hash part, whose shift is 32, a shift by 0)
            return i; // (small enough to be inlined where a read is compiled: most reads end here)
        }
        return probeString(key, i);
    }

    /**
     * {@link #slotOfString} past its first slot: the probe compares references first, so that no key other than the
     * one sought is read from memory (a string key is most often the very object stored, as LuaJIT's interned ones
     * are); only a key not found so gets a second probe that compares contents.
     */
    private int probeString(LuaString key, int first) {
        LuaValue[] s = slots;
        int mask = s.length - 2;
        if (mask < 0) {
            return FULL;
        }
        int end = FULL;
        for (int i = first, left = mask; ; i = (i + 2) & mask, left -= 2) {
            LuaValue k = s[i];
            if (k == key) {
                return i;
            }
            if (k == null) {
                end = i;
                break;
            }
            if (left == 0) {
                break;
            }
        }
        for (int i = first; i != end; ) {
            if (s[i] instanceof LuaString t && t.raweq(key)) {
                return i;
            }
            i = (i + 2) & mask;
            if (i == first) {
                break;
            }
        }
        return end == FULL ? FULL : ~end;
    }

    /** The index in {@link #slots} of integer key {@code key} (one outside the array part), or a negative number. */
    int slotOfInt(int key) {
        LuaValue[] s = slots;
        int mask = (s.length >>> 1) - 1;
        if (mask < 0) {
            return FULL;
        }
        for (int i = (key * GOLDEN) >>> shift, left = mask; ; i = (i + 1) & mask, left--) {
            LuaValue k = s[i << 1];
            if (k instanceof LuaInteger n && n.v == key) {
                return i << 1;
            }
            if (k == null) {
                return ~(i << 1);
            }
            if (left == 0) {
                return FULL;
            }
        }
    }

    /** The index in {@link #slots} of a key that is neither a string nor an integer, or a negative number. */
    int slotOf(LuaValue key) {
        LuaValue[] s = slots;
        int mask = (s.length >>> 1) - 1;
        if (mask < 0) {
            return FULL;
        }
        for (int i = (key.hashCode() * GOLDEN) >>> shift, left = mask; ; i = (i + 1) & mask, left--) {
            LuaValue k = s[i << 1];
            if (k == null) {
                return ~(i << 1);
            }
            if (k == key || k.raweq(key)) {
                return i << 1;
            }
            if (left == 0) {
                return FULL;
            }
        }
    }

    /** The slot index of any key in normal form (an integer key as a LuaInteger), or a negative number. */
    int slotOfKey(LuaValue key) {
        return key instanceof LuaString s ? slotOfString(s)
                : key instanceof LuaInteger n ? slotOfInt(n.v) : slotOf(key);
    }

    /**
     * A new value for the key in hash slot index {@code s}; nil clears it, the key staying, weakly when an object
     * ({@link DeadKey}).
     */
    void setAt(int s, LuaValue value) {
        LuaValue[] sl = slots;
        boolean had = sl[s + 1] != null;
        if (ValueSemantics.isNil(value)) {
            sl[s + 1] = null;
            if (had) {
                hashEntries--;
                sl[s] = DeadKey.of(sl[s]);
            }
        } else {
            sl[s + 1] = value;
            if (!had) {
                hashEntries++;
                sl[s] = DeadKey.live(sl[s]);
            }
        }
    }

    /** LuaJIT's node count of the hash part as allocated (see {@link #allocate}). */
    int nodes() {
        int capacity = slots.length >>> 1;
        return capacity <= SMALL_NODES ? capacity : capacity >>> 1;
    }

    /**
     * A hash part for {@code nodes} keys (LuaJIT's node count, which it takes before a resize): twice as many slots,
     * so that probes stay short, except in a small part ({@link #SMALL_NODES}), which may fill up: its probes stop
     * after one round. A record of four fields is then 48 bytes of slots instead of 80.
     */
    void allocate(int nodes) {
        if (nodes == 0) {
            slots = NOVALS;
            shift = 32;
        } else {
            int capacity = nodes <= SMALL_NODES ? nodes : nodes * 2;
            slots = new LuaValue[capacity * 2];
            shift = 32 - Integer.numberOfTrailingZeros(capacity);
        }
        used = 0;
        hashEntries = 0;
    }

    /** Puts a key known to be absent into a hash part known to have room. */
    void place(LuaValue key, LuaValue value) {
        LuaValue[] s = slots;
        int mask = (s.length >>> 1) - 1;
        noteKey(key);
        int h = key instanceof LuaInteger n ? n.v : key.hashCode();
        int i = (h * GOLDEN) >>> shift;
        while (s[i << 1] != null) {
            i = (i + 1) & mask;
        }
        s[i << 1] = key;
        s[(i << 1) + 1] = value;
        used++;
        hashEntries++;
    }

    // ---- for the runtime's own readers (compiled field sites, the codec, the memory walk)

    /** The number of hash keys with a value. Only while {@link Table#ownStorage}. */
    public int hashCount() {
        return hashEntries;
    }

    /**
     * The hash part as stored: keys at even indexes, each value after its key, null for none (a key with a null
     * value is cleared). Empty while not {@link Table#ownStorage}. A compiled field site reads and writes a present
     * key's value here (the array stays the table's until a resize, a key stays in its slot until then).
     */
    public LuaValue[] hashSlots() {
        return slots;
    }

    /** The index in {@link #hashSlots} of string key {@code key}, or -1 (also while not {@link Table#ownStorage}). */
    public int fieldSlot(LuaString key) {
        return Math.max(slotOfString(key), -1);
    }
}
