package dev.ljuv.stdlib.compile;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * LuaJ's hash part of a table, read field by field for the compiled sites that bypass its methods ({@link FieldSite}
 * finds a key's entry, {@link IteratorSite} walks the buckets): the bucket array, a chain's links ({@link #LINK_SLOT}),
 * a removed key's slot ({@link #DEAD_SLOT}) and the two kinds of plain entry, tested by exact class. LuaJ's slot
 * types are package-private, so they travel here as {@code Object}.
 *
 * <p>Threading: stateless; a table is read by the thread of the state that owns it.
 */
final class HashPart {
    static final Class<?> NORMAL_ENTRY;
    static final Class<?> INT_KEY_ENTRY;
    static final Class<?> LINK_SLOT;
    static final Class<?> DEAD_SLOT;
    private static final MethodHandle BUCKETS;
    private static final MethodHandle LINK_ENTRY;
    private static final MethodHandle LINK_NEXT;
    private static final MethodHandle DEAD_NEXT;
    private static final MethodHandle KEY;
    private static final MethodHandle VALUE;
    private static final MethodHandle SET_VALUE;
    private static final MethodHandle INT_KEY;
    private static final MethodHandle INT_VALUE;

    static {
        try {
            Class<?> slot = Class.forName("org.luaj.vm2.LuaTable$Slot");
            Class<?> entry = Class.forName("org.luaj.vm2.LuaTable$Entry");
            NORMAL_ENTRY = Class.forName("org.luaj.vm2.LuaTable$NormalEntry");
            INT_KEY_ENTRY = Class.forName("org.luaj.vm2.LuaTable$IntKeyEntry");
            LINK_SLOT = Class.forName("org.luaj.vm2.LuaTable$LinkSlot");
            DEAD_SLOT = Class.forName("org.luaj.vm2.LuaTable$DeadSlot");
            MethodType objectOfObject = MethodType.methodType(Object.class, Object.class);
            MethodType valueOfObject = MethodType.methodType(LuaValue.class, Object.class);
            BUCKETS = lookup(LuaTable.class).findGetter(LuaTable.class, "hash", slot.arrayType())
                    .asType(MethodType.methodType(Object[].class, LuaTable.class));
            // each class's own private lookup: LuaJ's classes predate nestmates, so LuaTable's reaches only its own
            MethodHandles.Lookup link = lookup(LINK_SLOT);
            LINK_ENTRY = link.findGetter(LINK_SLOT, "entry", entry).asType(objectOfObject);
            LINK_NEXT = link.findGetter(LINK_SLOT, "next", slot).asType(objectOfObject);
            DEAD_NEXT = lookup(DEAD_SLOT).findGetter(DEAD_SLOT, "next", slot).asType(objectOfObject);
            MethodHandles.Lookup normal = lookup(NORMAL_ENTRY);
            KEY = normal.findGetter(NORMAL_ENTRY, "key", LuaValue.class).asType(valueOfObject);
            VALUE = normal.findGetter(NORMAL_ENTRY, "value", LuaValue.class).asType(valueOfObject);
            SET_VALUE = normal.findSetter(NORMAL_ENTRY, "value", LuaValue.class)
                    .asType(MethodType.methodType(void.class, Object.class, LuaValue.class));
            MethodHandles.Lookup ints = lookup(INT_KEY_ENTRY);
            INT_KEY = ints.findGetter(INT_KEY_ENTRY, "key", int.class)
                    .asType(MethodType.methodType(int.class, Object.class));
            INT_VALUE = ints.findGetter(INT_KEY_ENTRY, "value", LuaValue.class).asType(valueOfObject);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private HashPart() {}

    private static MethodHandles.Lookup lookup(Class<?> c) throws IllegalAccessException {
        return MethodHandles.privateLookupIn(c, MethodHandles.lookup());
    }

    // field loads and stores: no exception can come out of them but the JVM's own (an Error: passed on). One method
    // per handle, each invoking its own static final handle: a shared helper taking the handle as an argument would
    // hide the constant the JIT needs to turn each call into a plain field access on these hot paths.

    /** {@code t}'s bucket array. */
    static Object[] buckets(LuaTable t) {
        try {
            return (Object[]) BUCKETS.invokeExact(t);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    /** A link's entry (a {@link #LINK_SLOT}'s). */
    static Object linkEntry(Object link) {
        try {
            return (Object) LINK_ENTRY.invokeExact(link);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    /** The rest of the chain after a link, or null. */
    static Object linkNext(Object link) {
        try {
            return (Object) LINK_NEXT.invokeExact(link);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    /** The rest of the chain after a removed key's slot (a {@link #DEAD_SLOT}), or null. */
    static Object deadNext(Object dead) {
        try {
            return (Object) DEAD_NEXT.invokeExact(dead);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    /** A plain entry's key (an int key's boxed, as LuaJ's {@code IntKeyEntry.key()} does). */
    static LuaValue key(Object entry) {
        try {
            return entry.getClass() == NORMAL_ENTRY ? (LuaValue) KEY.invokeExact(entry)
                    : LuaValue.valueOf((int) INT_KEY.invokeExact(entry));
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    /** A plain entry's value. */
    static LuaValue value(Object entry) {
        try {
            return entry.getClass() == NORMAL_ENTRY ? (LuaValue) VALUE.invokeExact(entry)
                    : (LuaValue) INT_VALUE.invokeExact(entry);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    /** Writes {@code v} into a {@link #NORMAL_ENTRY}. */
    static void setValue(Object entry, LuaValue v) {
        try {
            SET_VALUE.invokeExact(entry, v);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    private static RuntimeException unexpected(Throwable e) {
        if (e instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(e);
    }
}
