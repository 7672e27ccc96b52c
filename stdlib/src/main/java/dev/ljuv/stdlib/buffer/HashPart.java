package dev.ljuv.stdlib.buffer;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * The entries of a LuaJ table's hash part, read slot by slot. {@code LuaTable.next} finds the previous key
 * again at every step (a hash look-up and a chain walk, and a new pair object per entry), which was most of
 * the encoder's time on tables with many fields; LuaJ keeps the slots package-private, so they are reached
 * through method handles (the JIT inlines them as direct calls).
 *
 * <p>Threading: stateless; the table belongs to the calling thread's state.
 */
final class HashPart {
    private HashPart() {}

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

    /** Receives one entry. */
    interface Visitor {
        void entry(LuaValue key, LuaValue value);
    }

    /** Visits every live entry of {@code t}'s hash part (the array part is not included). */
    static void forEach(LuaTable t, Visitor visitor) {
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
