package dev.ljuv.stdlib.lib.buffer;

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
 * encoding follows the array part), and the entries of the hash part read slot by slot. {@code LuaTable.next}
 * finds the previous key again at every step (a hash look-up and a chain walk, and a new pair object per
 * entry), which was most of the encoder's time on tables with many fields. The decoder adds a string key to a new table
 * without {@code rawset}'s interface calls on the slot classes (a quarter of its time, see {@link #addKey}).
 *
 * <p>Threading: stateless; the table belongs to the calling thread's state.
 */
final class TableLayout {
    private TableLayout() {}

    private static final MethodHandle ARRAY_LENGTH;
    private static final MethodHandle SLOTS;
    private static final MethodHandle FIRST;
    private static final MethodHandle REST;
    private static final MethodHandle KEY;
    private static final MethodHandle VALUE;
    // The slot classes of nearly every table, read field by field (the JIT makes each a plain load; the generic
    // Slot calls above are interface calls on several classes): an entry with a non-integer key (NormalEntry: the
    // only kind since the table-entry patch, see LuaJPatcher), and the link that chains colliding entries.
    private static final Class<?> NORMAL_ENTRY;
    private static final VarHandle NORMAL_KEY;
    private static final VarHandle NORMAL_VALUE;
    private static final Class<?> LINK_SLOT;
    private static final VarHandle LINK_ENTRY;
    private static final VarHandle LINK_NEXT;
    private static final MethodHandle NEW_NORMAL_ENTRY;
    private static final MethodHandle NEW_LINK_SLOT;
    private static final VarHandle HASH_ENTRIES;
    private static final VarHandle ARRAY;
    private static final VarHandle METATABLE;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(LuaTable.class, MethodHandles.lookup());
            Class<?> slot = Class.forName("org.luaj.vm2.LuaTable$Slot");
            Class<?> strong = Class.forName("org.luaj.vm2.LuaTable$StrongSlot");
            ARRAY_LENGTH = lookup.findVirtual(LuaTable.class, "getArrayLength", MethodType.methodType(int.class));
            SLOTS = lookup.findGetter(LuaTable.class, "hash", slot.arrayType())
                    .asType(MethodType.methodType(Object[].class, LuaTable.class));
            FIRST = lookup.findVirtual(slot, "first", MethodType.methodType(strong))
                    .asType(MethodType.methodType(Object.class, Object.class));
            REST = lookup.findVirtual(slot, "rest", MethodType.methodType(slot))
                    .asType(MethodType.methodType(Object.class, Object.class));
            KEY = lookup.findVirtual(strong, "key", MethodType.methodType(LuaValue.class))
                    .asType(MethodType.methodType(LuaValue.class, Object.class));
            VALUE = lookup.findVirtual(strong, "value", MethodType.methodType(LuaValue.class))
                    .asType(MethodType.methodType(LuaValue.class, Object.class));
            NORMAL_ENTRY = Class.forName("org.luaj.vm2.LuaTable$NormalEntry");
            NORMAL_KEY = field(NORMAL_ENTRY, "key", LuaValue.class);
            NORMAL_VALUE = field(NORMAL_ENTRY, "value", LuaValue.class);
            LINK_SLOT = Class.forName("org.luaj.vm2.LuaTable$LinkSlot");
            LINK_ENTRY = field(LINK_SLOT, "entry", Class.forName("org.luaj.vm2.LuaTable$Entry"));
            LINK_NEXT = field(LINK_SLOT, "next", slot);
            NEW_NORMAL_ENTRY = MethodHandles.privateLookupIn(NORMAL_ENTRY, MethodHandles.lookup())
                    .findConstructor(NORMAL_ENTRY, MethodType.methodType(void.class, LuaValue.class, LuaValue.class))
                    .asType(MethodType.methodType(Object.class, LuaValue.class, LuaValue.class));
            NEW_LINK_SLOT = MethodHandles.privateLookupIn(LINK_SLOT, MethodHandles.lookup())
                    .findConstructor(LINK_SLOT, MethodType.methodType(void.class,
                            Class.forName("org.luaj.vm2.LuaTable$Entry"), slot))
                    .asType(MethodType.methodType(Object.class, Object.class, Object.class));
            HASH_ENTRIES = lookup.findVarHandle(LuaTable.class, "hashEntries", int.class);
            ARRAY = lookup.findVarHandle(LuaTable.class, "array", LuaValue[].class);
            METATABLE = lookup.findVarHandle(LuaTable.class, "m_metatable", Class.forName("org.luaj.vm2.Metatable"));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static VarHandle field(Class<?> owner, String name, Class<?> type) throws ReflectiveOperationException {
        return MethodHandles.privateLookupIn(owner, MethodHandles.lookup()).findVarHandle(owner, name, type);
    }

    /** How many entries {@code t}'s hash part holds (a new key adds one; setting an existing key does not). */
    static int hashEntries(LuaTable t) {
        return (int) HASH_ENTRIES.get(t);
    }

    /**
     * {@code t}'s array part as it is stored (slot {@code i} at index {@code i - 1}, nil as null), or null when
     * its slots hold something else than the values: a weak table's wrap them ({@code rawget} unwraps).
     */
    static LuaValue[] plainArray(LuaTable t) {
        return (Object) METATABLE.get(t) == null ? (LuaValue[]) ARRAY.get(t) : null;
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
        try {
            Object[] slots = (Object[]) SLOTS.invokeExact(t);
            int entries = hashEntries(t);
            if ((Object) METATABLE.get(t) != null || entries >= slots.length) {
                return rawsetNew(t, key, value);
            }
            int i = key.hashCode() & (slots.length - 1); // LuaJ's slot of a string key (hashpow2)
            Object last = null; // the chain's last link, when the bucket holds more than one entry
            Object slot = slots[i];
            while (slot != null && slot.getClass() == LINK_SLOT) {
                if (sameKey(LINK_ENTRY.get(slot), key)) {
                    return false;
                }
                last = slot;
                slot = LINK_NEXT.get(slot);
            }
            if (slot == null && last == null) { // an empty bucket
                slots[i] = (Object) NEW_NORMAL_ENTRY.invokeExact((LuaValue) key, value);
            } else if (slot != null && slot.getClass() == NORMAL_ENTRY) { // a chain's last entry: linked after it
                if (sameKey(slot, key)) {
                    return false;
                }
                Object entry = (Object) NEW_NORMAL_ENTRY.invokeExact((LuaValue) key, value);
                Object link = (Object) NEW_LINK_SLOT.invokeExact(slot, entry);
                if (last == null) {
                    slots[i] = link;
                } else {
                    LINK_NEXT.set(last, link);
                }
            } else { // another kind of slot (an integer key's entry), or a chain ending in a link: not LuaJ's
                return rawsetNew(t, key, value);
            }
            HASH_ENTRIES.set(t, entries + 1);
            return true;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code entry} (a slot's entry) has the key {@code key}. */
    private static boolean sameKey(Object entry, LuaString key) throws Throwable {
        LuaValue k = entry.getClass() == NORMAL_ENTRY
                ? (LuaValue) NORMAL_KEY.get(entry)
                : (LuaValue) KEY.invokeExact(entry);
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
        try {
            Object[] slots = (Object[]) SLOTS.invokeExact(t);
            for (Object chain : slots) {
                Object slot = chain;
                while (slot != null) {
                    if (slot.getClass() == LINK_SLOT) {
                        if (!entry(LINK_ENTRY.get(slot), visitor)) {
                            return false;
                        }
                        slot = LINK_NEXT.get(slot);
                    } else if (slot.getClass() == NORMAL_ENTRY) {
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
        if (entry.getClass() == NORMAL_ENTRY) {
            LuaValue value = (LuaValue) NORMAL_VALUE.get(entry);
            // (isnil() is a call on any of LuaValue's classes)
            return value instanceof org.luaj.vm2.LuaNil || visitor.entry((LuaValue) NORMAL_KEY.get(entry), value);
        }
        LuaValue value = (LuaValue) VALUE.invokeExact(entry);
        return value instanceof org.luaj.vm2.LuaNil || visitor.entry((LuaValue) KEY.invokeExact(entry), value);
    }
}
