package dev.ljuv.stdlib.buffer;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
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
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
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
                for (Object slot = chain; slot != null; slot = (Object) REST.invokeExact(slot)) {
                    Object entry = (Object) FIRST.invokeExact(slot);
                    if (entry != null) {
                        LuaValue value = (LuaValue) VALUE.invokeExact(entry);
                        if (!value.isnil()) {
                            visitor.entry((LuaValue) KEY.invokeExact(entry), value);
                        }
                    }
                }
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
