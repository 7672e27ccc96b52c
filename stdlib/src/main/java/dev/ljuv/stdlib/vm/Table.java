package dev.ljuv.stdlib.vm;

import org.luaj.vm2.LuaDouble;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The tables Lua code makes (constructors, {@code table.new}): LuaJ's {@code LuaTable} with its storage replaced by
 * two flat arrays, as LuaJIT lays a table out. LuaJ keeps each hash key in an entry object, chained by link objects
 * in its bucket: a read walks three or four objects spread over the heap, and a record of four fields is eight
 * objects for the collector to copy. Here the array part is one array ({@code t[i]} at {@code i - 1}) and the hash
 * part another ({@link TableHash}), keys and values side by side, open addressing with linear probing: a read is a
 * hash, one array index and a key comparison, and a record is two objects. An array part of fractions holds their
 * numbers unboxed ({@link NumberArray}: {@link #numbers} instead of {@link #items}), which compiled floating-point
 * code reads and writes without boxes ({@link #numberAt}, {@link #setNumber}).
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
public final class Table extends TableHash {
    /** LuaJIT's limits on a table's parts (its array part also holds key 0): past them, "table overflow". */
    public static final int MAX_ARRAY = (1 << 27) + 1;
    public static final int MAX_NODES = 1 << 26;

    /** The array part: key {@code i} at index {@code i - 1}; null is nil. Empty while {@link #numbers} holds it. */
    private LuaValue[] items;
    /** The array part while it holds only numbers ({@link NumberArray}), else null. */
    private long[] numbers;
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
        return getOutsideItems(key);
    }

    /** {@link #rawget(int)} of a key outside the boxed array part: in the array of numbers, or in the hash part. */
    private LuaValue getOutsideItems(int key) {
        long[] n = numbers;
        if (n != null && key - 1 < n.length && key > 0) {
            return NumberArray.value(n[key - 1]);
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

    // ---- writes

    @Override
    public void rawset(int key, LuaValue value) {
        if (delegated()) {
            super.rawset(key, value);
            return;
        }
        LuaValue[] a = items;
        if (key - 1 < a.length && key > 0) {
            a[key - 1] = ValueSemantics.isNil(value) ? null : value; // (by reference: isnil() is a call on any class)
            return;
        }
        setOutsideItems(key, value);
    }

    /** {@link #rawset(int, LuaValue)} of a key outside the boxed array part (see {@link #getOutsideItems}). */
    private void setOutsideItems(int key, LuaValue value) {
        long[] n = numbers;
        if (n != null && key - 1 < n.length && key > 0) {
            long b = NumberArray.bits(value);
            if (b != NumberArray.OTHER) {
                n[key - 1] = b;
            } else {
                boxAll()[key - 1] = value;
            }
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
        if (ValueSemantics.isNil(key)) {
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
        used++;
        noteKey(key);
        if (!ValueSemantics.isNil(value)) {
            s[at] = key;
            s[at + 1] = value;
            hashEntries++;
        } else {
            s[at] = DeadKey.of(key);
        }
        return at;
    }

    // ---- sizes: LuaJIT's (lj_tab.c), so that the array part, and with it #, come out as there

    /**
     * Resizes both parts for the keys present and {@code extra}, as LuaJIT's {@code rehashtab}: the array part
     * becomes the largest {@code 2^(b+1)} slots (key 0 counted, as LuaJIT's array holds it) more than half of
     * whose keys are present; the other keys go to the hash part.
     */
    private void rehash(LuaValue extra) {
        // (no integer key in the hash part: its keys are counted, LuaJ's hashEntries, not read)
        long sizes = TableSizes.forKeys(items, numbers, integerKeys() ? slots : null, hashEntries, extra);
        resize((int) (sizes >>> 32), (int) sizes);
    }

    /** Gives the array part {@code narray} slots and the hash part room for {@code nhash} keys at least. */
    private void resize(int narray, int nhash) {
        array = NOVALS;
        long[] oldNumbers = numbers;
        LuaValue[] oldItems = items;
        int oldSize = arraySize();
        LuaValue[] oldSlots = slots;
        // an array of numbers stays one, resized as it is, unless a value that is no number moves into it
        boolean numbersStay = oldNumbers != null && narray >= NumberArray.MIN_LENGTH;
        int inHash = 0;
        for (int i = narray; i < oldSize; i++) {
            if (hasItem(i)) {
                inHash++;
            }
        }
        boolean integerKeys = integerKeys(); // (none: no key in the hash part is read but to place it)
        if (!integerKeys) {
            inHash += hashEntries;
        }
        for (int i = 0, n = integerKeys ? oldSlots.length : 0; i < n; i += 2) {
            LuaValue v = oldSlots[i + 1];
            if (v != null) {
                if (oldSlots[i] instanceof LuaInteger k && k.v > 0 && k.v <= narray) {
                    numbersStay &= NumberArray.bits(v) != NumberArray.OTHER;
                } else {
                    inHash++;
                }
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
        if (numbersStay) {
            numbers = narray == oldSize ? oldNumbers : NumberArray.resized(oldNumbers, narray);
        } else {
            LuaValue[] boxed = oldNumbers != null ? NumberArray.items(oldNumbers) : oldItems;
            items = narray == boxed.length ? boxed : narray == 0 ? NOVALS : java.util.Arrays.copyOf(boxed, narray);
            numbers = null;
        }
        allocate(nodes);
        for (int i = narray; i < oldSize; i++) {
            LuaValue v = oldNumbers != null ? NumberArray.item(oldNumbers[i]) : oldItems[i];
            if (v != null) {
                place(LuaInteger.valueOf(i + 1), v);
            }
        }
        for (int i = 0; i < oldSlots.length; i += 2) {
            LuaValue v = oldSlots[i + 1];
            if (v != null) {
                LuaValue k = oldSlots[i];
                if (!(integerKeys && k instanceof LuaInteger n && n.v > 0 && n.v <= narray)) {
                    place(k, v);
                } else if (numbers != null) {
                    numbers[n.v - 1] = NumberArray.bits(v);
                } else {
                    items[n.v - 1] = v;
                }
            }
        }
        long[] n = numbers == null ? NumberArray.of(items) : null;
        if (n != null) {
            numbers = n;
            items = NOVALS;
        }
    }

    /**
     * In LuaJ's array field (unused here, see {@link #DELEGATED}) while the boxed array part is not to become numbers
     * ({@link #numbersInstead}: it held something else, or was boxed from numbers): one scan per resize at most. */
    private static final LuaValue[] NUMBERS_REFUSED = new LuaValue[0];

    /**
     * The array part {@code a} as numbers instead, if it holds only numbers (true then), where compiled code stores a
     * fraction or reads as a number an integer with a box of its own (a bit sieve's words, read and stored by {@code
     * band}). Integers read only as values (md5's words) keep their boxes, which each read would make anew.
     */
    private boolean numbersInstead(LuaValue[] a) {
        long[] n = a.length >= NumberArray.MIN_LENGTH ? NumberArray.ofAll(a) : null;
        if (n == null) {
            array = NUMBERS_REFUSED;
            return false;
        }
        numbers = n;
        items = NOVALS;
        return true;
    }

    /** The array part's size, in either form. */
    private int arraySize() {
        return numbers != null ? numbers.length : items.length;
    }

    /** Whether array index {@code i} (key {@code i + 1}) holds a value. */
    private boolean hasItem(int i) {
        return numbers != null ? numbers[i] != NumberArray.NIL_BITS : items[i] != null;
    }

    /** The array part boxed, for good (a value that is no number stored, a reader of boxes): the new {@link #items}. */
    private LuaValue[] boxAll() {
        long[] n = numbers;
        if (n != null) {
            items = NumberArray.items(n);
            numbers = null;
            array = NUMBERS_REFUSED;
        }
        return items;
    }

    @Override
    public void presize(int narray) {
        if (delegated()) {
            super.presize(narray);
        } else if (narray > arraySize()) {
            resize(narray, hashEntries);
        }
    }

    @Override
    public void presize(int narray, int nhash) {
        if (delegated()) {
            super.presize(narray, nhash);
        } else if (narray > arraySize() || nhash > hashEntries) {
            resize(Math.max(narray, arraySize()), Math.max(nhash, hashEntries));
        }
    }

    @Override
    protected int getArrayLength() {
        return delegated() ? super.getArrayLength() : arraySize();
    }

    @Override
    protected int getHashLength() {
        return delegated() ? super.getHashLength() : slots.length >>> 1;
    }

    // ---- length and traversal

    @Override
    public int rawlen() {
        if (delegated()) {
            return super.rawlen();
        }
        long[] n = numbers;
        return n != null ? NumberArray.border(n, hashEntries, this) : ValueSemantics.border(items, hashEntries, this);
    }

    @Override
    public Varargs next(LuaValue key) {
        if (delegated()) {
            return super.next(key);
        }
        int size = arraySize();
        int i; // where the walk goes on: an array index, then the array's size plus a hash slot's number
        LuaValue k = key;
        if (k instanceof LuaDouble && k.todouble() == (int) k.todouble()) {
            k = LuaInteger.valueOf((int) k.todouble()); // -0 is 0
        }
        if (ValueSemantics.isNil(k)) {
            LuaValue zero = valueAt(slotOfInt(0));
            if (!zero.isnil()) {
                return varargsOf(LuaInteger.valueOf(0), zero); // key 0 first (see zeroFirst)
            }
            i = 0;
        } else if (k instanceof LuaInteger n && n.v >= 0 && n.v <= size) {
            i = n.v; // (0: the array part follows it)
        } else {
            int s = slotOfKey(k);
            if (s < 0) {
                throw new LuaError("invalid key to 'next'");
            }
            i = size + (s >>> 1) + 1;
        }
        for (; i < size; i++) {
            if (hasItem(i)) {
                return varargsOf(NumberBoxes.integer(i + 1), numbers != null ? NumberArray.item(numbers[i]) : items[i]);
            }
        }
        LuaValue[] s = slots;
        for (int j = (i - size) << 1; j < s.length; j += 2) {
            if (s[j + 1] != null && !zeroKey(s[j])) {
                return varargsOf(s[j], s[j + 1]);
            }
        }
        return NIL;
    }

    /** Key 0, which {@link #next} gives first and skips in the hash part: LuaJIT's array part starts at index 0. */
    public static boolean zeroKey(LuaValue key) {
        return key instanceof LuaInteger n && n.v == 0;
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
            LuaValue[] a = boxAll();
            LuaValue[] s = slots;
            items = DELEGATED;
            slots = NOVALS;
            shift = 32;
            used = 0;
            hashEntries = 0;
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
        return boxAll();
    }

    /** What {@link #numberAt} answers for a slot that holds no number: a NaN that no number stored has. */
    public static final double NO_NUMBER = Double.longBitsToDouble(NumberArray.NIL_BITS);

    /**
     * {@code t[key]} when the array part has this slot and it holds a number, without a box (the array of numbers
     * holds none; a boxed one's is read); else {@link #NO_NUMBER}, and the caller reads {@code t[key]} the usual way.
     * Compiled code reads numbers so.
     */
    public double numberAt(int key) {
        long[] n = numbers;
        if (n != null) {
            return key - 1 < n.length && key > 0 ? Double.longBitsToDouble(n[key - 1]) : NO_NUMBER;
        }
        LuaValue[] a = items;
        if (key - 1 < a.length && key > 0) {
            LuaValue v = a[key - 1];
            if (v instanceof LuaDouble) {
                return v.todouble();
            }
            if (v instanceof LuaInteger i) { // (compiled code reads a number so only where it uses it as one)
                if (!NumberBoxes.shared(i.v) && array != NUMBERS_REFUSED) {
                    numbersInstead(a);
                }
                return i.v;
            }
        }
        return NO_NUMBER;
    }

    /**
     * {@code t[key] = v} into the array part, boxed only where it holds boxes: true when done (the slot is there, and
     * no {@code __newindex} can apply: it holds a value, or the table has no metatable), else false.
     */
    public boolean setNumber(int key, double v) {
        long[] n = numbers;
        if (n != null) {
            if (key - 1 < n.length && key > 0 && (m_metatable == null || n[key - 1] != NumberArray.NIL_BITS)) {
                n[key - 1] = NumberArray.bits(v);
                return true;
            }
            return false;
        }
        LuaValue[] a = items;
        if (key - 1 < a.length && key > 0 && (m_metatable == null || a[key - 1] != null)) {
            if (v != (long) v && array != NUMBERS_REFUSED && numbersInstead(a)) { // (a fraction: a box each)
                numbers[key - 1] = NumberArray.bits(v);
            } else {
                a[key - 1] = NumberBoxes.box(v);
            }
            return true;
        }
        return false;
    }

    /**
     * Gives a new table's empty array part of the same length these numbers ({@link NumberArray#bits}, nil as
     * {@link NumberArray#NIL_BITS}): a decoder's array of fractions, held unboxed without a box made. False, nothing
     * done, for null or any other table.
     */
    public boolean takeNumbers(long[] bits) {
        if (bits == null || numbers != null || items.length != bits.length || delegated()) {
            return false;
        }
        for (LuaValue v : items) {
            if (v != null) {
                return false;
            }
        }
        numbers = bits;
        items = NOVALS;
        return true;
    }

    /** The array part's size, in either form. Only while {@link #ownStorage}. */
    public int arrayCapacity() {
        return arraySize();
    }

    /** The array part's numbers while it holds only numbers ({@link NumberArray}), else null. */
    public long[] numberPart() {
        return numbers;
    }
}
