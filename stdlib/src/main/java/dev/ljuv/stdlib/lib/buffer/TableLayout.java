package dev.ljuv.stdlib.lib.buffer;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * What the encoder reads of a LuaJ table's layout, which LuaJ keeps protected or package-private (reached
 * through method handles, which the JIT inlines as direct calls): the size of the array part (LuaJIT's
 * encoding follows the array part), and the entries of the hash part read slot by slot. {@code LuaTable.next}
 * finds the previous key again at every step (a hash look-up and a chain walk, and a new pair object per
 * entry), which was most of the encoder's time on tables with many fields.
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

    /** Receives one entry. */
    interface Visitor {
        void entry(LuaValue key, LuaValue value);
    }

    /** Visits every live entry of {@code t}'s hash part (the array part is not included). */
    static void forEachHashEntry(LuaTable t, Visitor visitor) {
        try {
            Object[] slots = (Object[]) SLOTS.invokeExact(t);
            for (Object chain : slots) {
                Object slot = chain;
                while (slot != null) {
                    if (slot.getClass() == LINK_SLOT) {
                        entry(LINK_ENTRY.get(slot), visitor);
                        slot = LINK_NEXT.get(slot);
                    } else if (slot.getClass() == NORMAL_ENTRY) {
                        entry(slot, visitor); // an entry is the end of its chain
                        break;
                    } else {
                        entry((Object) FIRST.invokeExact(slot), visitor);
                        slot = (Object) REST.invokeExact(slot);
                    }
                }
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** Visits one entry (a StrongSlot, or null for a dead slot) when its value is not nil. */
    private static void entry(Object entry, Visitor visitor) throws Throwable {
        if (entry == null) {
            return;
        }
        if (entry.getClass() == NORMAL_ENTRY) {
            LuaValue value = (LuaValue) NORMAL_VALUE.get(entry);
            if (!(value instanceof org.luaj.vm2.LuaNil)) { // (isnil() is a call on any of LuaValue's classes)
                visitor.entry((LuaValue) NORMAL_KEY.get(entry), value);
            }
        } else {
            LuaValue value = (LuaValue) VALUE.invokeExact(entry);
            if (!(value instanceof org.luaj.vm2.LuaNil)) {
                visitor.entry((LuaValue) KEY.invokeExact(entry), value);
            }
        }
    }
}
