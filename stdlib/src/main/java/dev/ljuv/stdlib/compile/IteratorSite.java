package dev.ljuv.stdlib.compile;

import dev.ljuv.stdlib.vm.HashPart;
import dev.ljuv.stdlib.vm.NumberBoxes;
import dev.ljuv.stdlib.vm.Table;
import dev.ljuv.stdlib.vm.ValueSemantics;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * A generic {@code for}'s iterator call ({@code TFORCALL}) when the iterator is the base library's {@code next}
 * ({@code pairs}) or {@code ipairs}' step and the state a table: the step is taken here, with the table's own
 * {@code next}, {@code inext} and {@code rawget} (what those functions call), without their argument and result
 * lists, through the array part index by index and through the hash part from where the last step left it (the
 * slot of a {@link Table}, the bucket of a LuaJ table; their {@code next} finds the key again each time), in the
 * table's own order. The results are left in {@link #key} and {@link #value}.
 *
 * <p>Threading: a field of one state's instance of a generated class, used by the thread running that state.
 */
public final class IteratorSite {
    /** LuaJ's {@code next} and {@code ipairs}' step function (package-private classes of its base library). */
    private static final Class<?> NEXT;
    private static final Class<?> INEXT;

    static {
        try {
            NEXT = Class.forName("org.luaj.vm2.lib.BaseLib$next");
            INEXT = Class.forName("org.luaj.vm2.lib.BaseLib$inext");
        } catch (ClassNotFoundException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The last step's first result: the key, nil when the traversal is over. */
    public LuaValue key;
    /** The last step's second result. */
    public LuaValue value;

    /**
     * {@code f(s, ctl)} when {@code f} is {@code next} or {@code ipairs}' step on a table (results in {@link #key}
     * and {@link #value}); false, nothing done, for anything else: the compiled code then calls {@code f} itself.
     */
    public boolean step(LuaValue f, LuaValue s, LuaValue ctl) {
        // the common step, kept small enough to inline: pairs going on through a table's hash part from the key the
        // last step gave, found in its slot (a key keeps its slot until the slots are replaced; the slot is looked
        // at because a traversal of a LuaJ table at this site, a recursive call's, may have given the key since; a
        // table's slots are never null, so no site that has not stepped yet gets past the comparison)
        LuaValue[] last = lastSlots;
        if (ctl == lastKey && s instanceof Table t && t.hashSlots() == last && last[lastIndex] == ctl
                && f.getClass() == NEXT) {
            return slots(last, lastIndex + 2);
        }
        return anyStep(f, s, ctl);
    }

    private boolean anyStep(LuaValue f, LuaValue s, LuaValue ctl) {
        if (!(s instanceof LuaTable t)) {
            return false;
        }
        Class<?> type = f.getClass();
        if (t.getClass() != LuaTable.class && !(t instanceof Table)) { // (a subclass may read otherwise)
            return type == NEXT ? results(t.next(ctl)) : type == INEXT && results(t.inext(ctl));
        }
        if (type == INEXT && ctl instanceof LuaInteger i) {
            int k = i.v + 1;
            LuaValue v = t.rawget(k); // as LuaTable.inext
            if (v.isnil()) {
                key = LuaValue.NIL;
                value = LuaValue.NIL;
            } else {
                key = NumberBoxes.integer(k);
                value = v;
            }
            return true;
        }
        if (type != NEXT) {
            return false;
        }
        if (t instanceof Table own) {
            return own.ownStorage() ? next(own, ctl) : results(t.next(ctl));
        }
        // the array part read as LuaTable.next reads it (rawget is that read), then the hash part's buckets in its
        // order; a key the last step did not give, or a slot other than a plain entry, goes to its own next
        int n = ValueSemantics.arrayLength(t);
        int i;
        if (ctl.isnil()) {
            i = 0;
        } else if (ctl instanceof LuaInteger k && k.v > 0 && k.v <= n) {
            i = k.v;
        } else if (ctl == lastKey && HashPart.buckets(t) == lastHash) {
            return resume(t, ctl);
        } else {
            return results(t.next(ctl));
        }
        for (; i < n; i++) {
            LuaValue v = t.rawget(i + 1);
            if (!v.isnil()) {
                key = NumberBoxes.integer(i + 1);
                value = v;
                return true;
            }
        }
        return heads(t, HashPart.buckets(t), 0, LuaValue.NIL);
    }

    /** Where the last step left a {@link Table}'s hash part: its slots and the index of the key it gave. */
    private LuaValue[] lastSlots;
    private int lastIndex;

    /**
     * {@code next(t, ctl)} on a table of the runtime's, as {@code Table.next} goes: the array part, then the hash
     * slots in order. The key the last step gave is found again by where it was, not by hashing it.
     */
    private boolean next(Table t, LuaValue ctl) {
        long[] numbers = t.numberPart(); // an array of numbers is read by rawget (boxed), not boxed for good
        LuaValue[] a = numbers == null ? t.arrayPart() : null;
        int size = numbers == null ? a.length : numbers.length;
        LuaValue[] s = t.hashSlots();
        int i = 0; // where the walk goes on: the array part's index, then the hash slots' index
        int j = 0;
        if (ctl instanceof LuaInteger k && k.v >= 0 && k.v <= size) {
            i = k.v; // (0: the array part follows it)
        } else if (ctl == lastKey && s == lastSlots && lastIndex < s.length && s[lastIndex] == ctl) {
            i = size;
            j = lastIndex + 2;
        } else if (!ctl.isnil() || !t.rawget(0).isnil()) {
            return results(t.next(ctl)); // (a traversal of a table with key 0 starts there: Table.next's order)
        }
        for (; i < size; i++) {
            LuaValue v = a != null ? a[i] : t.rawget(i + 1);
            if (v != null && !ValueSemantics.isNil(v)) {
                key = NumberBoxes.integer(i + 1);
                value = v;
                return true;
            }
        }
        return slots(s, j);
    }

    /** The first key with a value in hash slots {@code s} from index {@code j} on, or the end of the traversal. */
    private boolean slots(LuaValue[] s, int j) {
        for (; j < s.length; j += 2) {
            LuaValue v = s[j + 1];
            if (v != null && !Table.zeroKey(s[j])) {
                key = lastKey = s[j];
                value = v;
                lastSlots = s;
                lastIndex = j;
                return true;
            }
        }
        key = LuaValue.NIL;
        value = LuaValue.NIL;
        return true;
    }

    // Where the last step left the hash part: LuaJ's next finds its key's bucket again by hashing it and walks the
    // bucket's chain to it; the site remembers the bucket (the same while the bucket array is) and walks from there.
    private Object[] lastHash;
    private int lastBucket;
    private LuaValue lastKey;

    /**
     * The step after {@code ctl}, which the last step found in bucket {@link #lastBucket}: as LuaJ's next goes on,
     * the next live entry of that bucket's chain after the key's, else the next bucket's first.
     */
    private boolean resume(LuaTable t, LuaValue ctl) {
        Object[] hash = lastHash;
        boolean found = false;
        for (Object s = hash[lastBucket]; s != null; ) {
            Class<?> c = s.getClass();
            Object entry = s;
            Object next = null;
            if (c == HashPart.LINK_SLOT) {
                entry = HashPart.linkEntry(s);
                next = HashPart.linkNext(s);
                c = entry.getClass();
            }
            if (c != HashPart.NORMAL_ENTRY && c != HashPart.INT_KEY_ENTRY) {
                return results(t.next(ctl)); // a removed key's slot (or a weak one) on the way: LuaJ's own walk
            }
            if (found) {
                return entry(hash, lastBucket, entry);
            }
            found = HashPart.key(entry).raweq(ctl);
            s = next;
        }
        return found ? heads(t, hash, lastBucket + 1, ctl) : results(t.next(ctl));
    }

    /** From bucket {@code b} on, the first live entry, as LuaJ's next scans (removed keys' slots skipped). */
    private boolean heads(LuaTable t, Object[] hash, int b, LuaValue ctl) {
        for (; b < hash.length; b++) {
            for (Object s = hash[b]; s != null; s = HashPart.deadNext(s)) {
                Class<?> c = s.getClass();
                Object entry = c == HashPart.LINK_SLOT ? HashPart.linkEntry(s) : s;
                c = entry.getClass();
                if (c == HashPart.NORMAL_ENTRY || c == HashPart.INT_KEY_ENTRY) {
                    return entry(hash, b, entry);
                }
                if (c != HashPart.DEAD_SLOT) {
                    return results(t.next(ctl)); // a weak table's slot: LuaJ's
                }
            }
        }
        lastKey = null;
        lastHash = null;
        key = LuaValue.NIL;
        value = LuaValue.NIL;
        return true;
    }

    /** The step's results from a plain entry, found in bucket {@code b}. */
    private boolean entry(Object[] hash, int b, Object entry) {
        key = HashPart.key(entry);
        value = HashPart.value(entry);
        lastHash = hash;
        lastBucket = b;
        lastKey = key;
        return true;
    }

    private boolean results(Varargs r) {
        lastKey = null;
        lastHash = null;
        key = r.arg1();
        value = r.arg(2);
        return true;
    }
}
