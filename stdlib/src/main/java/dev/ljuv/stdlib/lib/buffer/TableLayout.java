package dev.ljuv.stdlib.lib.buffer;

import dev.ljuv.stdlib.vm.HashPart;
import dev.ljuv.stdlib.vm.Table;
import dev.ljuv.stdlib.vm.ValueSemantics;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * What the codec reads and writes of a LuaJ table's layout, which LuaJ keeps protected or package-private (reached
 * through method handles, which the JIT inlines as direct calls): the size of the array part (LuaJIT's
 * encoding follows the array part), and the entries of the hash part read slot by slot (through {@link HashPart},
 * which the compiled field and iterator sites use too). {@code LuaTable.next}
 * finds the previous key again at every step (a hash look-up and a chain walk, and a new pair object per
 * entry), which was most of the encoder's time on tables with many fields. The decoder adds a string key to a new table
 * without {@code rawset}'s interface calls on the slot classes (a quarter of its time, see {@link #addKey}). A
 * table of the runtime's ({@link Table}: what Lua code and the decoder make) is read from its own arrays.
 *
 * <p>Threading: stateless; the table belongs to the calling thread's state.
 */
final class TableLayout {
    private TableLayout() {}

    private static final MethodHandle ARRAY_LENGTH;
    // the generic slot calls, for the slots HashPart does not read field by field (an integer key's entry, a
    // removed key's slot, a weak table's): interface calls on several classes
    private static final MethodHandle FIRST;
    private static final MethodHandle REST;
    private static final MethodHandle KEY;
    private static final MethodHandle VALUE;
    private static final VarHandle HASH_ENTRIES;
    private static final VarHandle ARRAY;
    private static final VarHandle METATABLE;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(LuaTable.class, MethodHandles.lookup());
            Class<?> slot = Class.forName("org.luaj.vm2.LuaTable$Slot");
            Class<?> strong = Class.forName("org.luaj.vm2.LuaTable$StrongSlot");
            ARRAY_LENGTH = lookup.findVirtual(LuaTable.class, "getArrayLength", MethodType.methodType(int.class));
            FIRST = lookup.findVirtual(slot, "first", MethodType.methodType(strong))
                    .asType(MethodType.methodType(Object.class, Object.class));
            REST = lookup.findVirtual(slot, "rest", MethodType.methodType(slot))
                    .asType(MethodType.methodType(Object.class, Object.class));
            KEY = lookup.findVirtual(strong, "key", MethodType.methodType(LuaValue.class))
                    .asType(MethodType.methodType(LuaValue.class, Object.class));
            VALUE = lookup.findVirtual(strong, "value", MethodType.methodType(LuaValue.class))
                    .asType(MethodType.methodType(LuaValue.class, Object.class));
            HASH_ENTRIES = lookup.findVarHandle(LuaTable.class, "hashEntries", int.class);
            ARRAY = lookup.findVarHandle(LuaTable.class, "array", LuaValue[].class);
            METATABLE = lookup.findVarHandle(LuaTable.class, "m_metatable", Class.forName("org.luaj.vm2.Metatable"));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** How many entries {@code t}'s hash part holds (a new key adds one; setting an existing key does not). */
    static int hashEntries(LuaTable t) {
        if (t instanceof Table own && own.ownStorage()) {
            return own.hashCount();
        }
        return (int) HASH_ENTRIES.get(t);
    }

    /**
     * {@code t}'s array part as it is stored (slot {@code i} at index {@code i - 1}, nil as null), or null when
     * its slots hold something else than the values: a weak table's wrap them ({@code rawget} unwraps).
     */
    static LuaValue[] plainArray(LuaTable t) {
        if (t instanceof Table own && own.ownStorage()) {
            return own.arrayPart();
        }
        return (Object) METATABLE.get(t) == null ? (LuaValue[]) ARRAY.get(t) : null;
    }

    /**
     * {@link #plainArray} for reading only: null also for an array part of numbers ({@code Table.numberPart}), which
     * {@code rawget} reads, so that encoding a table leaves its numbers unboxed.
     */
    static LuaValue[] arrayToRead(LuaTable t) {
        return t instanceof Table own && own.numberPart() != null ? null : plainArray(t);
    }

    /** The size of {@code t}'s array part (its capacity, not the length of its sequence). */
    static int arrayLength(LuaTable t) {
        try {
            return (int) ARRAY_LENGTH.invokeExact(t);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sets {@code t[key] = value} (a value that is not nil) where {@code key} is not already a key of {@code t};
     * false, with nothing changed, where it is. For a table without a metatable whose hash part has room (a
     * table the decoder made with its sizes) the entry is added as {@code rawset} would add it, at the end of its
     * bucket's chain, with class tests instead of interface calls on the slots; any other table goes through
     * {@code rawset}.
     */
    static boolean addKey(LuaTable t, LuaString key, LuaValue value) {
        if (t instanceof Table) {
            return rawsetNew(t, key, value); // its rawset is the direct one
        }
        Object[] slots = HashPart.buckets(t);
        int entries = hashEntries(t);
        if ((Object) METATABLE.get(t) != null || entries >= slots.length) {
            return rawsetNew(t, key, value);
        }
        int i = key.hashCode() & (slots.length - 1); // LuaJ's slot of a string key (hashpow2)
        Object last = null; // the chain's last link, when the bucket holds more than one entry
        Object slot = slots[i];
        while (slot != null && slot.getClass() == HashPart.LINK_SLOT) {
            if (sameKey(HashPart.linkEntry(slot), key)) {
                return false;
            }
            last = slot;
            slot = HashPart.linkNext(slot);
        }
        if (slot == null && last == null) { // an empty bucket
            slots[i] = HashPart.newEntry(key, value);
        } else if (slot != null && slot.getClass() == HashPart.NORMAL_ENTRY) { // a chain's last entry: linked after it
            if (sameKey(slot, key)) {
                return false;
            }
            Object link = HashPart.newLink(slot, HashPart.newEntry(key, value));
            if (last == null) {
                slots[i] = link;
            } else {
                HashPart.setLinkNext(last, link);
            }
        } else { // another kind of slot (an integer key's entry), or a chain ending in a link: not LuaJ's
            return rawsetNew(t, key, value);
        }
        HASH_ENTRIES.set(t, entries + 1);
        return true;
    }

    /** Whether {@code entry} (a chain's entry: a plain one of either kind) has the key {@code key}. */
    private static boolean sameKey(Object entry, LuaString key) {
        LuaValue k = HashPart.key(entry);
        return k == key || k.raweq(key);
    }

    /** {@link #addKey} through {@code rawset}: a new key adds a hash entry, an existing one does not. */
    private static boolean rawsetNew(LuaTable t, LuaString key, LuaValue value) {
        if (!t.rawget(key).isnil()) {
            return false;
        }
        t.rawset(key, value);
        return true;
    }

    /** Receives one entry; false stops the walk. */
    interface Visitor {
        boolean entry(LuaValue key, LuaValue value);
    }

    /**
     * Visits every live entry of {@code t}'s hash part (the array part is not included), until the visitor returns
     * false; whether it visited them all.
     */
    static boolean forEachHashEntry(LuaTable t, Visitor visitor) {
        if (t instanceof Table own && own.ownStorage()) {
            LuaValue[] slots = own.hashSlots();
            for (int i = 0; i < slots.length; i += 2) {
                LuaValue v = slots[i + 1];
                if (v != null && !visitor.entry(slots[i], v)) {
                    return false;
                }
            }
            return true;
        }
        try {
            for (Object chain : HashPart.buckets(t)) {
                Object slot = chain;
                while (slot != null) {
                    if (slot.getClass() == HashPart.LINK_SLOT) {
                        if (!entry(HashPart.linkEntry(slot), visitor)) {
                            return false;
                        }
                        slot = HashPart.linkNext(slot);
                    } else if (slot.getClass() == HashPart.NORMAL_ENTRY) {
                        if (!entry(slot, visitor)) { // an entry is the end of its chain
                            return false;
                        }
                        break;
                    } else {
                        if (!entry((Object) FIRST.invokeExact(slot), visitor)) {
                            return false;
                        }
                        slot = (Object) REST.invokeExact(slot);
                    }
                }
            }
            return true;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** Visits one entry (a StrongSlot, or null for a dead slot) when its value is not nil; the visitor's answer. */
    private static boolean entry(Object entry, Visitor visitor) throws Throwable {
        if (entry == null) {
            return true;
        }
        if (entry.getClass() == HashPart.NORMAL_ENTRY) {
            LuaValue value = HashPart.value(entry);
            // (isnil() is a call on any of LuaValue's classes)
            return ValueSemantics.isNil(value) || visitor.entry(HashPart.key(entry), value);
        }
        LuaValue value = (LuaValue) VALUE.invokeExact(entry);
        return ValueSemantics.isNil(value) || visitor.entry((LuaValue) KEY.invokeExact(entry), value);
    }
}
