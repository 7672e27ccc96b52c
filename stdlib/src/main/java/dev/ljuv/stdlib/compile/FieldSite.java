package dev.ljuv.stdlib.compile;

import static dev.ljuv.stdlib.vm.ValueSemantics.keyRemovals;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * One compiled read or write of a field with a constant string name ({@code t.name}, and every global:
 * {@code _ENV.name}): an inline cache of the hash entry holding that key in the table the site last met. A global or a
 * module's function ({@code coroutine.resume}, {@code string.format}) then costs a few loads instead of hashing the
 * name and walking LuaJ's bucket on every read.
 *
 * <p>The entry stays valid while the key is in the table: LuaJ updates an entry's value in place and keeps the entry
 * through a rehash, and only the removal of a key takes one away, which the table counts
 * ({@code ValueSemantics.beforeKeyRemoval}): a site checks the count it saw. An entry always has a value (nil
 * removes the key), so a hit never needs {@code __index}. A site that keeps meeting other tables (a field read across
 * many records) stops caching after {@link #MEGAMORPHIC} misses. Only tables of a class that reads and writes as
 * {@link LuaTable} does are cached ({@code Globals} is one; a subclass overriding {@code get} is not).
 *
 * <p>Threading: a field of one state's instance of a generated class, used by the thread running that state; the
 * cached table and entry are published together in one immutable object all the same.
 */
public final class FieldSite {
    /** Misses after which a site stops caching. */
    static final int MEGAMORPHIC = 64;

    private final LuaValue key;
    private Cached cached;
    private int misses;

    /**
     * A table, its entry for the key (an {@code Entry} of LuaJ's, a {@code Varargs} whose second value is the value)
     * and the table's count of key removals then.
     */
    private record Cached(LuaTable table, Varargs entry, int removals) {}

    public FieldSite(LuaValue key) {
        this.key = key;
    }

    /**
     * {@code t[key]}, as {@code GETTABLE} reads it (metamethods included), or null once the site has stopped
     * caching and missed: the compiled code then reads {@code t[key]} itself, at a call site of its own, whose
     * type profile the JIT keeps apart from every other site's.
     */
    public LuaValue get(LuaValue t) {
        Cached c = cached;
        if (c != null && c.table == t && keyRemovals(c.table) == c.removals) {
            return c.entry.arg(2);
        }
        return misses < MEGAMORPHIC ? miss(t) : null;
    }

    private LuaValue miss(LuaValue t) {
        misses++;
        if (t instanceof LuaTable table && PLAIN.get(table.getClass())) {
            int removals = keyRemovals(table);
            Varargs entry = entry(table, key);
            if (entry != null) {
                cached = new Cached(table, entry, removals);
                return entry.arg(2);
            }
        }
        return t.get(key);
    }

    /**
     * {@code t[key] = value}, as {@code SETTABLE} writes it: a value other than nil for a key the table holds
     * goes into its entry (what LuaJ's {@code set} does then: no metamethod applies to a present key). False when
     * nothing was written: the site has stopped caching and missed, and the compiled code writes itself (see
     * {@link #get}).
     */
    public boolean set(LuaValue t, LuaValue value) {
        Cached c = cached;
        if (c != null && c.table == t && value != LuaValue.NIL && keyRemovals(c.table) == c.removals) {
            try {
                Object unused = (Object) SET.invokeExact(c.entry, value);
            } catch (Throwable e) {
                throw new IllegalStateException(e); // LuaJ's Entry.set throws nothing
            }
            return true;
        }
        if (misses >= MEGAMORPHIC) {
            return false;
        }
        misses++;
        t.set(key, value);
        if (value != LuaValue.NIL && t instanceof LuaTable table && PLAIN.get(table.getClass())) {
            int removals = keyRemovals(table);
            Varargs entry = entry(table, key);
            if (entry != null) {
                cached = new Cached(table, entry, removals);
            }
        }
        return true;
    }

    /** Whether a table class reads and writes as LuaTable does (no override of the methods a site bypasses). */
    static final ClassValue<Boolean> PLAIN = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            try {
                for (String name : new String[] {"get", "rawget", "set", "rawset"}) {
                    Class<?>[] params = name.endsWith("set")
                            ? new Class<?>[] {LuaValue.class, LuaValue.class} : new Class<?>[] {LuaValue.class};
                    if (type.getMethod(name, params).getDeclaringClass() != LuaTable.class) {
                        return false;
                    }
                }
                return true;
            } catch (NoSuchMethodException e) {
                return false;
            }
        }
    };

    // LuaJ's hash part, reached as its own code reaches it: the bucket array, and each slot's find and rest
    private static final MethodHandle HASH;
    private static final MethodHandle FIND;
    private static final MethodHandle REST;
    private static final MethodHandle FIRST;
    private static final MethodHandle SET;
    private static final Class<?> NORMAL_ENTRY;

    static {
        try {
            MethodHandles.Lookup luaj = MethodHandles.privateLookupIn(LuaTable.class, MethodHandles.lookup());
            Class<?> slot = Class.forName("org.luaj.vm2.LuaTable$Slot");
            Class<?> strong = Class.forName("org.luaj.vm2.LuaTable$StrongSlot");
            NORMAL_ENTRY = Class.forName("org.luaj.vm2.LuaTable$NormalEntry");
            HASH = luaj.findGetter(LuaTable.class, "hash", slot.arrayType())
                    .asType(MethodType.methodType(Object[].class, LuaTable.class));
            FIND = luaj.findVirtual(slot, "find", MethodType.methodType(strong, LuaValue.class))
                    .asType(MethodType.methodType(Object.class, Object.class, LuaValue.class));
            REST = luaj.findVirtual(slot, "rest", MethodType.methodType(slot))
                    .asType(MethodType.methodType(Object.class, Object.class));
            FIRST = luaj.findVirtual(strong, "first", MethodType.methodType(strong))
                    .asType(MethodType.methodType(Object.class, Object.class));
            Class<?> entry = Class.forName("org.luaj.vm2.LuaTable$Entry");
            SET = luaj.findVirtual(entry, "set", MethodType.methodType(entry, LuaValue.class))
                    .asType(MethodType.methodType(Object.class, Varargs.class, LuaValue.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The plain entry holding {@code key} in {@code t}'s hash part, or null (absent, or a weak table's slot). */
    static Varargs entry(LuaTable t, LuaValue key) {
        try {
            Object[] hash = (Object[]) HASH.invokeExact(t);
            if (hash.length == 0) {
                return null;
            }
            for (Object s = hash[LuaTable.hashSlot(key, hash.length - 1)]; s != null; s = (Object) REST.invokeExact(s)) {
                Object found = (Object) FIND.invokeExact(s, key);
                if (found != null) {
                    Object e = (Object) FIRST.invokeExact(found);
                    return NORMAL_ENTRY.isInstance(e) ? (Varargs) e : null;
                }
            }
            return null;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
