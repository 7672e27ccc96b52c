package dev.ljuv.stdlib.vm;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * LuaJ's hash part of a table, read field by field for the code that bypasses its methods (the compiled sites:
 * FieldSite finds a key's entry, IteratorSite walks the buckets; the string.buffer codec walks and fills tables):
 * the bucket array, a chain's links ({@link #LINK_SLOT}), a removed key's slot ({@link #DEAD_SLOT}) and the two
 * kinds of plain entry, tested by exact class, and new entries and links made as {@code rawset} makes them. LuaJ's
 * slot types are package-private, so they travel here as {@code Object}.
 *
 * <p>Threading: stateless; a table is read by the thread of the state that owns it.
 */
public final class HashPart {
    public static final Class<?> NORMAL_ENTRY;
    public static final Class<?> INT_KEY_ENTRY;
    public static final Class<?> LINK_SLOT;
    public static final Class<?> DEAD_SLOT;
    private static final MethodHandle BUCKETS;
    private static final MethodHandle LINK_ENTRY;
    private static final MethodHandle LINK_NEXT;
    private static final MethodHandle DEAD_NEXT;
    private static final MethodHandle KEY;
    private static final MethodHandle VALUE;
    private static final MethodHandle SET_VALUE;
    private static final MethodHandle SET_LINK_NEXT;
    private static final MethodHandle NEW_ENTRY;
    private static final MethodHandle NEW_LINK;
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
            SET_LINK_NEXT = link.findSetter(LINK_SLOT, "next", slot)
                    .asType(MethodType.methodType(void.class, Object.class, Object.class));
            NEW_LINK = link.findConstructor(LINK_SLOT, MethodType.methodType(void.class, entry, slot))
                    .asType(MethodType.methodType(Object.class, Object.class, Object.class));
            DEAD_NEXT = lookup(DEAD_SLOT).findGetter(DEAD_SLOT, "next", slot).asType(objectOfObject);
            MethodHandles.Lookup normal = lookup(NORMAL_ENTRY);
            KEY = normal.findGetter(NORMAL_ENTRY, "key", LuaValue.class).asType(valueOfObject);
            VALUE = normal.findGetter(NORMAL_ENTRY, "value", LuaValue.class).asType(valueOfObject);
            SET_VALUE = normal.findSetter(NORMAL_ENTRY, "value", LuaValue.class)
                    .asType(MethodType.methodType(void.class, Object.class, LuaValue.class));
            NEW_ENTRY = normal.findConstructor(NORMAL_ENTRY, MethodType.methodType(void.class, LuaValue.class, LuaValue.class))
                    .asType(MethodType.methodType(Object.class, LuaValue.class, LuaValue.class));
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
    public static Object[] buckets(LuaTable t) {
        try {
            return (Object[]) BUCKETS.invokeExact(t);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    /** A link's entry (a {@link #LINK_SLOT}'s). */
    public static Object linkEntry(Object link) {
        try {
            return (Object) LINK_ENTRY.invokeExact(link);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    /** The rest of the chain after a link, or null. */
    public static Object linkNext(Object link) {
        try {
            return (Object) LINK_NEXT.invokeExact(link);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    /** The rest of the chain after a removed key's slot (a {@link #DEAD_SLOT}), or null. */
    public static Object deadNext(Object dead) {
        try {
            return (Object) DEAD_NEXT.invokeExact(dead);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    /** A plain entry's key (an int key's boxed, as LuaJ's {@code IntKeyEntry.key()} does). */
    public static LuaValue key(Object entry) {
        try {
            return entry.getClass() == NORMAL_ENTRY ? (LuaValue) KEY.invokeExact(entry)
                    : LuaValue.valueOf((int) INT_KEY.invokeExact(entry));
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    /** A plain entry's value. */
    public static LuaValue value(Object entry) {
        try {
            return entry.getClass() == NORMAL_ENTRY ? (LuaValue) VALUE.invokeExact(entry)
                    : (LuaValue) INT_VALUE.invokeExact(entry);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    /** Writes {@code v} into a {@link #NORMAL_ENTRY}. */
    public static void setValue(Object entry, LuaValue v) {
        try {
            SET_VALUE.invokeExact(entry, v);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    /** Makes {@code next} the rest of the chain after a link. */
    public static void setLinkNext(Object link, Object next) {
        try {
            SET_LINK_NEXT.invokeExact(link, next);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    /** A new plain entry (a {@link #NORMAL_ENTRY}) for a key that is not an integer. */
    public static Object newEntry(LuaValue key, LuaValue value) {
        try {
            return (Object) NEW_ENTRY.invokeExact(key, value);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    /** A new link holding {@code entry}, followed by {@code next} (an entry or a link). */
    public static Object newLink(Object entry, Object next) {
        try {
            return (Object) NEW_LINK.invokeExact(entry, next);
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
