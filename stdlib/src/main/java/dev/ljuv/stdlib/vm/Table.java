package dev.ljuv.stdlib.vm;

import org.luaj.vm2.LuaDouble;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaNil;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The tables Lua code makes (constructors, {@code table.new}): LuaJ's {@code LuaTable} with its storage replaced by
 * two flat arrays, as LuaJIT lays a table out. LuaJ keeps each hash key in an entry object, chained by link objects
 * in its bucket: a read walks three or four objects spread over the heap, and a record of four fields is eight
 * objects for the collector to copy. Here the array part is one array ({@code t[i]} at {@code i - 1}) and the hash
 * part another, keys and values side by side, open addressing with linear probing: a read is a hash, one array
 * index and a key comparison, and a record is two objects.
 *
 * <p>Everything LuaJ's methods read of the storage is overridden here; the rest of {@code LuaTable} (metatables,
 * {@code get}/{@code set} with metamethods, {@code insert}, {@code remove}, {@code unpack}, {@code concat}) works
 * through {@code rawget} and {@code rawset}. A weak table ({@code __mode}) hands its contents to LuaJ's own storage,
 * which holds weak references, and stays there ({@link #delegated}).
 *
 * <p>Semantics kept from LuaJ and LuaJIT: a key whose value becomes nil keeps its slot (its value null) until the
 * next resize, so that {@code next} goes on past a field cleared during a traversal; the parts are resized when
 * LuaJIT resizes its own (its hash part's node count used up, {@code t[k] = nil} adding a cleared key) to the sizes
 * LuaJIT picks ({@code lj_tab.c}'s {@code rehashtab}), so {@code #} of a table with holes answers as LuaJIT's; a
 * number key with an integer value is that integer, -0 is 0.
 *
 * <p>Threading: a table belongs to one state and is used only by the thread running it.
 */
public final class Table extends LuaTable {
    /** Fibonacci hashing's multiplier: spreads nearby hash codes (k1, k2, ...) over the slots. */
    private static final int GOLDEN = 0x9E3779B9;
    /** LuaJIT's limits on a table's parts (its array part also holds key 0): past them, "table overflow". */
    public static final int MAX_ARRAY = (1 << 27) + 1;
    public static final int MAX_NODES = 1 << 26;
    /** Node counts up to which the hash part has one slot per node: a record's (see {@link #allocate}). */
    private static final int SMALL_NODES = 8;

    /** The array part: key {@code i} at index {@code i - 1}; null is nil. */
    private LuaValue[] items;
    /** The hash part: slot {@code s}'s key at {@code 2s}, its value at {@code 2s + 1}; a null key is a free slot. */
    private LuaValue[] slots = NOVALS;
    /** {@code 32 - log2(slot count)}: a hash's top bits pick the first slot (the slots' length's, kept for probes). */
    private int shift = 32;
    /** Slots holding a key, cleared ones included (what fills the part). */
    private int used;
    /** Keys of the hash part with a value. */
    private int count;
    /**
     * The array part of a table whose contents LuaJ's own storage holds (a weak table's, since it had a weak mode):
     * a marker rather than a flag, which would make every table 8 bytes larger.
     */
    private static final LuaValue[] DELEGATED = new LuaValue[0];

    public Table() {
        items = NOVALS;
    }

    /** A table with room for {@code narray} items and {@code nhash} hash keys. */
    public Table(int narray, int nhash) {
        if (narray >= 0 && narray <= 256 && nhash >= 0 && nhash <= 256) { // a constructor's: parts made directly
            items = narray > 0 ? new LuaValue[narray] : NOVALS;
            allocate(TableSizes.nodesFor(nhash));
        } else {
            items = NOVALS;
            resize(Math.max(narray, 0), Math.max(nhash, 0));
        }
    }

    /** Whether LuaJ's own storage holds the contents (see {@link #DELEGATED}). */
    private boolean delegated() {
        return items == DELEGATED;
    }

    // ---- reads

    @Override
    public LuaValue rawget(int key) {
        if (delegated()) {
            return super.rawget(key);
        }
        LuaValue[] a = items;
        if (key - 1 < a.length && key > 0) {
            LuaValue v = a[key - 1];
            return v != null ? v : NIL;
        }
        return valueAt(slotOfInt(key));
    }

    @Override
    public LuaValue rawget(LuaValue key) {
        if (delegated()) {
            return super.rawget(key);
        }
        if (key instanceof LuaString s) {
            return valueAt(slotOfString(s));
        }
        if (key instanceof LuaInteger n) {
            return rawget(n.v);
        }
        if (key instanceof LuaDouble) {
            double d = key.todouble();
            if (d == (int) d) {
                return rawget((int) d);
            }
        }
        return valueAt(slotOf(key));
    }

    @Override
    protected LuaValue hashget(LuaValue key) {
        return delegated() ? super.hashget(key) : rawget(key);
    }

    /** The value in hash slot index {@code s} (a key's, from a look-up), nil for none. */
    private LuaValue valueAt(int s) {
        if (s < 0) {
            return NIL;
        }
        LuaValue v = slots[s + 1];
        return v != null ? v : NIL;
    }

    // Three probes, one per kind of key, each with its own comparison: a string by reference first, an integer by
    // value without a box, any other key through raweq. They serve every read and write, so none dispatches. A key
    // not found answers a negative number: ~s, s the index in slots of the free slot where the probe ended (where the
    // key goes when added: see add), or FULL when it met none.

    /** A probe's answer for a key not found when it met no free slot (no hash part, or a full one). */
    private static final int FULL = Integer.MIN_VALUE;

    /** The index in {@link #slots} of string key {@code key}, or a negative number (see above). */
    private int slotOfString(LuaString key) {
        LuaValue[] s = slots;
        int mask = (s.length >>> 1) - 1;
        if (mask < 0) {
            return FULL;
        }
        for (int i = (key.hashCode() * GOLDEN) >>> shift, left = mask; ; i = (i + 1) & mask, left--) {
            LuaValue k = s[i << 1];
            if (k == key) {
                return i << 1;
            }
            if (k instanceof LuaString t && t.raweq(key)) {
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

    /** The index in {@link #slots} of integer key {@code key} (one outside the array part), or a negative number. */
    private int slotOfInt(int key) {
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
    private int slotOf(LuaValue key) {
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
    private int slotOfKey(LuaValue key) {
        return key instanceof LuaString s ? slotOfString(s)
                : key instanceof LuaInteger n ? slotOfInt(n.v) : slotOf(key);
    }

    // ---- writes

    @Override
    public void rawset(int key, LuaValue value) {
        if (delegated()) {
            super.rawset(key, value);
            return;
        }
        LuaValue[] a = items;
        if (key - 1 < a.length && key > 0) {
            a[key - 1] = value instanceof LuaNil ? null : value; // (a type test: isnil() is a call on any class)
            return;
        }
        int s = slotOfInt(key);
        if (s >= 0) {
            setAt(s, value);
        } else {
            add(LuaInteger.valueOf(key), s, value); // (boxed only when new)
        }
    }

    @Override
    public void rawset(LuaValue key, LuaValue value) {
        if (delegated()) {
            super.rawset(key, value);
            return;
        }
        if (key instanceof LuaString str) {
            put(slotOfString(str), str, value);
            return;
        }
        if (key instanceof LuaInteger n) {
            rawset(n.v, value);
            return;
        }
        if (key instanceof LuaDouble) {
            double d = key.todouble();
            if (d == (int) d) {
                rawset((int) d, value);
                return;
            }
            if (Double.isNaN(d)) {
                throw new LuaError("table index is NaN");
            }
        }
        if (key instanceof LuaNil) {
            throw new LuaError("table index is nil");
        }
        put(slotOf(key), key, value);
    }

    /**
     * {@code rawset} of a string key, answering the key's slot index after it (see {@link #hashSlots}), or -1 when
     * not known (a resize, LuaJ's storage): a compiled constructor's field site learns its slot in the same probe.
     */
    public int rawsetString(LuaString key, LuaValue value) {
        if (delegated()) {
            super.rawset(key, value);
            return -1;
        }
        return put(slotOfString(key), key, value);
    }

    /** A store to the key a probe answered {@code s} for: found, or a new key (see {@link #add}). */
    private int put(int s, LuaValue key, LuaValue value) {
        if (s < 0) {
            return add(key, s, value);
        }
        setAt(s, value);
        return s;
    }

    @Override
    public void hashset(LuaValue key, LuaValue value) {
        if (delegated()) {
            super.hashset(key, value); // (LuaJ's rawset calls it)
        } else {
            rawset(key, value);
        }
    }

    /** A new value for the key in hash slot index {@code s}; nil clears it, the key staying (see the class). */
    private void setAt(int s, LuaValue value) {
        LuaValue[] sl = slots;
        boolean had = sl[s + 1] != null;
        if (value instanceof LuaNil) {
            sl[s + 1] = null;
            if (had) {
                count--;
            }
        } else {
            sl[s + 1] = value;
            if (!had) {
                count++;
            }
        }
    }

    /**
     * Adds a key that is in neither part, into the free slot its probe ended at ({@code probe}: its answer); resizes
     * when full, and answers the key's slot index, or -1 after a resize. A nil value adds the key too, cleared, as
     * LuaJIT's {@code t[k] = nil} does: a resize then comes when it comes there.
     */
    private int add(LuaValue key, int probe, LuaValue value) {
        // LuaJIT's nodes all taken: resize, counting the new key (it may go to the array). Otherwise a slot is free,
        // so the probe met one (FULL comes only from a part with none, whose keys are as many as its nodes or more).
        if (used >= nodes()) {
            rehash(key);
            rawset(key, value);
            return -1;
        }
        LuaValue[] s = slots;
        int at = ~probe;
        s[at] = key;
        used++;
        if (!(value instanceof LuaNil)) {
            s[at + 1] = value;
            count++;
        }
        return at;
    }

    // ---- sizes: LuaJIT's (lj_tab.c), so that the array part, and with it #, come out as there

    /** LuaJIT's node count of the hash part as allocated (see {@link #allocate}). */
    private int nodes() {
        int capacity = slots.length >>> 1;
        return capacity <= SMALL_NODES ? capacity : capacity >>> 1;
    }

    /**
     * A hash part for {@code nodes} keys (LuaJIT's node count, which it takes before a resize): twice as many slots,
     * so that probes stay short, except in a small part ({@link #SMALL_NODES}), which may fill up: its probes stop
     * after one round. A record of four fields is then 48 bytes of slots instead of 80.
     */
    private void allocate(int nodes) {
        if (nodes == 0) {
            slots = NOVALS;
            shift = 32;
        } else {
            int capacity = nodes <= SMALL_NODES ? nodes : nodes * 2;
            slots = new LuaValue[capacity * 2];
            shift = 32 - Integer.numberOfTrailingZeros(capacity);
        }
        used = 0;
        count = 0;
    }

    /**
     * Resizes both parts for the keys present and {@code extra}, as LuaJIT's {@code rehashtab}: the array part
     * becomes the largest {@code 2^(b+1)} slots (key 0 counted, as LuaJIT's array holds it) more than half of
     * whose keys are present; the other keys go to the hash part.
     */
    private void rehash(LuaValue extra) {
        int[] bins = new int[32];
        int ints = 0;
        LuaValue[] a = items;
        for (int i = 0; i < a.length; i++) {
            if (a[i] != null) {
                bins[TableSizes.bin(i + 1)]++;
                ints++;
            }
        }
        int total = 1 + ints;
        int zeros = extra instanceof LuaInteger z && z.v == 0 ? 1 : 0; // key 0: LuaJIT's array holds it, ours not
        LuaValue[] s = slots;
        for (int i = 0; i < s.length; i += 2) {
            if (s[i + 1] != null) {
                total++;
                if (s[i] instanceof LuaInteger z && z.v == 0) {
                    zeros++;
                }
                int b = TableSizes.bin(s[i]);
                if (b >= 0) {
                    bins[b]++;
                    ints++;
                }
            }
        }
        int b0 = TableSizes.bin(extra);
        if (b0 >= 0) {
            bins[b0]++;
            ints++;
        }
        long best = TableSizes.arraySize(bins, ints);
        int size = (int) (best >>> 32);
        resize(size, total - (int) best + (size == 0 ? 0 : zeros));
    }

    /** Gives the array part {@code narray} slots and the hash part room for {@code nhash} keys at least. */
    private void resize(int narray, int nhash) {
        LuaValue[] oldItems = items;
        LuaValue[] oldSlots = slots;
        int inHash = 0;
        for (int i = narray; i < oldItems.length; i++) {
            if (oldItems[i] != null) {
                inHash++;
            }
        }
        for (int i = 0; i < oldSlots.length; i += 2) {
            if (oldSlots[i + 1] != null && !(oldSlots[i] instanceof LuaInteger n && n.v > 0 && n.v <= narray)) {
                inHash++;
            }
        }
        int keys = Math.max(nhash, inHash);
        if (narray >= MAX_ARRAY || keys > MAX_NODES) {
            throw new LuaError("table overflow");
        }
        int nodes = TableSizes.nodesFor(keys);
        if ((long) narray + nodes >= MemoryGuard.LARGE) {
            MemoryGuard.beforeLargeAllocation(((long) narray + nodes * 4L) * 4); // (references of 4 bytes)
        }
        LuaValue[] newItems = narray == oldItems.length ? oldItems
                : narray == 0 ? NOVALS : java.util.Arrays.copyOf(oldItems, narray);
        items = newItems;
        allocate(nodes);
        for (int i = narray; i < oldItems.length; i++) {
            if (oldItems[i] != null) {
                place(LuaInteger.valueOf(i + 1), oldItems[i]);
            }
        }
        for (int i = 0; i < oldSlots.length; i += 2) {
            LuaValue v = oldSlots[i + 1];
            if (v != null) {
                LuaValue k = oldSlots[i];
                if (k instanceof LuaInteger n && n.v > 0 && n.v <= narray) {
                    newItems[n.v - 1] = v;
                } else {
                    place(k, v);
                }
            }
        }
    }

    /** Puts a key known to be absent into a hash part known to have room. */
    private void place(LuaValue key, LuaValue value) {
        LuaValue[] s = slots;
        int mask = (s.length >>> 1) - 1;
        int h = key instanceof LuaInteger n ? n.v : key.hashCode();
        int i = (h * GOLDEN) >>> shift;
        while (s[i << 1] != null) {
            i = (i + 1) & mask;
        }
        s[i << 1] = key;
        s[(i << 1) + 1] = value;
        used++;
        count++;
    }

    @Override
    public void presize(int narray) {
        if (delegated()) {
            super.presize(narray);
        } else if (narray > items.length) {
            resize(narray, count);
        }
    }

    @Override
    public void presize(int narray, int nhash) {
        if (delegated()) {
            super.presize(narray, nhash);
        } else if (narray > items.length || nhash > count) {
            resize(Math.max(narray, items.length), Math.max(nhash, count));
        }
    }

    @Override
    protected int getArrayLength() {
        return delegated() ? super.getArrayLength() : items.length;
    }

    @Override
    protected int getHashLength() {
        return delegated() ? super.getHashLength() : slots.length >>> 1;
    }

    // ---- length and traversal

    @Override
    public int rawlen() {
        return delegated() ? super.rawlen() : ValueSemantics.border(items, count, this);
    }

    @Override
    public Varargs next(LuaValue key) {
        if (delegated()) {
            return super.next(key);
        }
        LuaValue[] a = items;
        int i; // where the walk goes on: an array index, then the array's length plus a hash slot's number
        LuaValue k = key;
        if (k instanceof LuaDouble && k.todouble() == (int) k.todouble()) {
            k = LuaInteger.valueOf((int) k.todouble()); // -0 is 0
        }
        if (k instanceof LuaNil) {
            i = 0;
        } else if (k instanceof LuaInteger n && n.v > 0 && n.v <= a.length) {
            i = n.v;
        } else {
            int s = slotOfKey(k);
            if (s < 0) {
                throw new LuaError("invalid key to 'next'");
            }
            i = a.length + (s >>> 1) + 1;
        }
        for (; i < a.length; i++) {
            if (a[i] != null) {
                return varargsOf(LuaInteger.valueOf(i + 1), a[i]);
            }
        }
        LuaValue[] s = slots;
        for (int j = (i - a.length) << 1; j < s.length; j += 2) {
            if (s[j + 1] != null) {
                return varargsOf(s[j], s[j + 1]);
            }
        }
        return NIL;
    }

    /**
     * LuaJ's {@code sort} (which reads LuaJ's storage), for Java callers: {@code table.sort} is the library's own
     * ({@code TableSort}, LuaJIT's algorithm).
     */
    @Override
    public void sort(LuaValue comparator) {
        if (delegated()) {
            super.sort(comparator);
        } else {
            ValueSemantics.sortItems(this, comparator);
        }
    }

    // ---- metatable

    @Override
    public LuaValue setmetatable(LuaValue metatable) {
        super.setmetatable(metatable);
        // LuaJ's setmetatable read __mode: a weak mode gave the table a WeakTable for its metatable
        if (!delegated() && (Object) m_metatable instanceof org.luaj.vm2.WeakTable) {
            // LuaJ's storage holds weak references: the contents move there for good
            LuaValue[] a = items;
            LuaValue[] s = slots;
            items = DELEGATED;
            slots = NOVALS;
            shift = 32;
            used = 0;
            count = 0;
            super.presize(a.length, s.length >>> 1);
            for (int i = 0; i < a.length; i++) {
                if (a[i] != null) {
                    super.rawset(i + 1, a[i]);
                }
            }
            for (int i = 0; i < s.length; i += 2) {
                if (s[i + 1] != null) {
                    super.rawset(s[i], s[i + 1]);
                }
            }
        }
        return this;
    }

    // ---- for the runtime's own readers (the codec, the memory walk)

    /** Whether the contents are this class's own arrays (false: a weak table's, in LuaJ's storage). */
    public boolean ownStorage() {
        return !delegated();
    }

    /** The array part as stored (key {@code i} at {@code i - 1}, nil as null). Only while {@link #ownStorage}. */
    public LuaValue[] arrayPart() {
        return items;
    }

    /** The number of hash keys with a value. Only while {@link #ownStorage}. */
    public int hashCount() {
        return count;
    }

    /**
     * The hash part as stored: keys at even indexes, each value after its key, null for none (a key with a null
     * value is cleared). Empty while not {@link #ownStorage}. A compiled field site reads and writes a present key's
     * value here (the array stays the table's until a resize, a key stays in its slot until then).
     */
    public LuaValue[] hashSlots() {
        return slots;
    }

    /** The index in {@link #hashSlots} of string key {@code key}, or -1 (also while not {@link #ownStorage}). */
    public int fieldSlot(LuaString key) {
        return Math.max(slotOfString(key), -1);
    }
}
