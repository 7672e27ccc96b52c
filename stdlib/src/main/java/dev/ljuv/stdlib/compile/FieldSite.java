package dev.ljuv.stdlib.compile;

import static dev.ljuv.stdlib.vm.ValueSemantics.keyRemovals;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * One compiled read or write of a field with a constant string name ({@code t.name}, and every global:
 * {@code _ENV.name}). A global or a module's function ({@code coroutine.resume}, {@code string.format}) then costs a
 * few loads instead of hashing the name and walking LuaJ's bucket through its interfaces on every read.
 *
 * <p>Two levels. The site remembers the hash entry holding its key in the table it last met (an inline cache): the
 * entry stays valid while the key is in the table, since LuaJ updates an entry's value in place and keeps it through
 * a rehash, and only the removal of a key takes one away, which the table counts ({@code
 * ValueSemantics.beforeKeyRemoval}): a hit checks the count it saw. Any other table is probed directly: the key's
 * bucket (a string's hash masked by the bucket count, as LuaJ places it) and its chain, tested by exact class
 * ({@code NormalEntry}, {@code LinkSlot}), so that a read across many records of the same kind ({@code bj.x} over
 * the bodies of a simulation) stays free of LuaJ's interface calls, which the JIT can only dispatch through a
 * table once a program has more than two kinds of slot. A site that keeps meeting other tables stops re-caching
 * after {@link #MEGAMORPHIC} misses and only probes. An entry always has a value (nil removes the key), so a found
 * key never needs {@code __index}; a key the probe surely did not find reads nil from a table without a metatable.
 * Only tables of a class that reads and writes as {@link LuaTable} does are read so ({@code Globals} is one; a
 * subclass overriding {@code get} is not; a weak table's slots are of other classes). The probe also serves {@code
 * t[k]} with a string key in a register ({@link #index}, {@link #store}).
 *
 * <p>Threading: a field of one state's instance of a generated class, used by the thread running that state; the
 * cached table and entry are published together in one immutable object all the same.
 */
public final class FieldSite {
    /** Misses after which a site stops re-caching (it goes on probing). */
    static final int MEGAMORPHIC = 64;

    private final LuaString key;
    private Cached cached;
    private int misses;

    /**
     * A table, its entry for the key (a {@code NormalEntry} of LuaJ's, read and written through {@link #VALUE} and
     * {@link #SET_VALUE}) and the table's count of key removals then.
     */
    private record Cached(LuaTable table, Object entry, int removals) {}

    public FieldSite(LuaValue key) {
        this.key = (LuaString) key; // a string constant (CallEmitter.isStringConstant)
    }

    /**
     * {@code t[key]}, as {@code GETTABLE} reads it (metamethods included), or null when {@code t} is no plain table
     * or lacks the key and has a metatable: the compiled code then reads {@code t[key]} itself, at a call site of
     * its own, whose type profile the JIT keeps apart from every other site's.
     */
    public LuaValue get(LuaValue t) {
        return read(t, entryIn(t));
    }

    /**
     * {@code t[key] = value}, as {@code SETTABLE} writes it: a value other than nil for a key the table holds goes
     * into its entry (what LuaJ's {@code set} does then: no metamethod applies to a present key). False when nothing
     * was written (a new key, nil, or no plain table): the compiled code writes itself (see {@link #get}).
     */
    public boolean set(LuaValue t, LuaValue value) {
        return value != LuaValue.NIL && write(entryIn(t), value);
    }

    /**
     * {@code t[k]} for a key in a register ({@code GETTABLE}): the probe of a field site for a string key, without a
     * cache; null when the key is no string, {@code t} no plain table, or the key not in its hash part and {@code t}
     * has a metatable (the compiled code then reads {@code t[k]} itself, at its own call site).
     */
    public static LuaValue index(LuaValue t, LuaValue k) {
        return read(t, lookup(t, k));
    }

    /**
     * The value a probe found: the entry's; nil for a key that a table without a metatable lacks (no {@code __index}
     * to ask, and LuaJ's read would walk the same bucket again); null when the compiled code is to read itself.
     */
    private static LuaValue read(LuaValue t, Object e) {
        if (e == null) {
            return null;
        }
        if (e == ABSENT) {
            return t.getmetatable() == null ? LuaValue.NIL : null;
        }
        return value(e);
    }

    /**
     * {@code t[k] = v} for a key in a register ({@code SETTABLE}), as {@link #set} writes: into the entry of a
     * string key the table holds, a value other than nil. False when nothing was written.
     */
    public static boolean store(LuaValue t, LuaValue k, LuaValue v) {
        return v != LuaValue.NIL && write(lookup(t, k), v);
    }

    /** The plain entry of string {@code k} in plain table {@code t}, or null (see {@link #find}). */
    private static Object lookup(LuaValue t, LuaValue k) {
        return k instanceof LuaString key && t instanceof LuaTable table && plain(table) ? find(table, key) : null;
    }

    /** The site's key's entry in {@code t}: the cached one while it holds, else a probe of {@code t}'s bucket. */
    private Object entryIn(LuaValue t) {
        Cached c = cached;
        if (c != null && c.table == t && keyRemovals(c.table) == c.removals) {
            return c.entry;
        }
        return probe(t); // apart: the hit stays small enough for the JIT to inline into every compiled site
    }

    /** A probe of {@code t}'s bucket for the site's key; the site caches the entry found while it may. */
    private Object probe(LuaValue t) {
        Object e = lookup(t, key);
        if (e != null && e != ABSENT && misses < MEGAMORPHIC) {
            misses++;
            cached = new Cached((LuaTable) t, e, keyRemovals((LuaTable) t));
        }
        return e;
    }

    private static boolean plain(LuaTable t) {
        Class<?> type = t.getClass();
        return type == LuaTable.class || PLAIN.get(type);
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

    // LuaJ's hash part, reached field by field: the bucket array, a chain's links and a plain entry's key and value
    // (IteratorSite walks it too)
    static final MethodHandle HASH;
    static final MethodHandle LINK_ENTRY;
    static final MethodHandle LINK_NEXT;
    static final MethodHandle KEY;
    private static final MethodHandle VALUE;
    private static final MethodHandle SET_VALUE;
    static final Class<?> NORMAL_ENTRY;
    static final Class<?> LINK_SLOT;
    static final Class<?> INT_KEY_ENTRY;
    /** What {@link #find} answers for a key that is surely not in the table (no slot it cannot read was on the way). */
    private static final Object ABSENT = new Object();

    static {
        try {
            MethodHandles.Lookup luaj = MethodHandles.privateLookupIn(LuaTable.class, MethodHandles.lookup());
            Class<?> slot = Class.forName("org.luaj.vm2.LuaTable$Slot");
            Class<?> entry = Class.forName("org.luaj.vm2.LuaTable$Entry");
            NORMAL_ENTRY = Class.forName("org.luaj.vm2.LuaTable$NormalEntry");
            LINK_SLOT = Class.forName("org.luaj.vm2.LuaTable$LinkSlot");
            INT_KEY_ENTRY = Class.forName("org.luaj.vm2.LuaTable$IntKeyEntry");
            MethodType objectOfObject = MethodType.methodType(Object.class, Object.class);
            HASH = luaj.findGetter(LuaTable.class, "hash", slot.arrayType())
                    .asType(MethodType.methodType(Object[].class, LuaTable.class));
            // each class's own private lookup: LuaJ's classes predate nestmates, so LuaTable's reaches only its own
            MethodHandles.Lookup link = MethodHandles.privateLookupIn(LINK_SLOT, MethodHandles.lookup());
            MethodHandles.Lookup normal = MethodHandles.privateLookupIn(NORMAL_ENTRY, MethodHandles.lookup());
            LINK_ENTRY = link.findGetter(LINK_SLOT, "entry", entry).asType(objectOfObject);
            LINK_NEXT = link.findGetter(LINK_SLOT, "next", slot).asType(objectOfObject);
            KEY = normal.findGetter(NORMAL_ENTRY, "key", LuaValue.class)
                    .asType(MethodType.methodType(LuaValue.class, Object.class));
            VALUE = normal.findGetter(NORMAL_ENTRY, "value", LuaValue.class)
                    .asType(MethodType.methodType(LuaValue.class, Object.class));
            SET_VALUE = normal.findSetter(NORMAL_ENTRY, "value", LuaValue.class)
                    .asType(MethodType.methodType(void.class, Object.class, LuaValue.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The value of a plain entry. */
    static LuaValue value(Object entry) {
        try {
            return (LuaValue) VALUE.invokeExact(entry);
        } catch (Throwable unexpected) {
            throw new IllegalStateException(unexpected); // a field load
        }
    }

    /** Writes {@code v} into a plain entry; false for no entry. */
    private static boolean write(Object entry, LuaValue v) {
        if (entry == null || entry == ABSENT) {
            return false;
        }
        try {
            SET_VALUE.invokeExact(entry, v);
        } catch (Throwable unexpected) {
            throw new IllegalStateException(unexpected); // a field store
        }
        return true;
    }

    /** The plain entry holding {@code key} in {@code t}'s hash part, or null (absent, or a weak table's slot). */
    static Varargs entry(LuaTable t, LuaString key) {
        Object e = find(t, key);
        return e == ABSENT ? null : (Varargs) e;
    }

    /**
     * The plain entry ({@code NormalEntry}) holding {@code key} in {@code t}'s bucket for it (the string's hash,
     * masked, as LuaJ places it); {@link #ABSENT} when the bucket's chain holds only plain entries and none has the
     * key; null when a slot of another class (a weak table's) is on the way, left to LuaJ.
     */
    private static Object find(LuaTable t, LuaString key) {
        try {
            Object[] buckets = (Object[]) HASH.invokeExact(t);
            int n = buckets.length;
            if (n == 0) {
                return ABSENT;
            }
            Object s = buckets[key.hashCode() & (n - 1)];
            while (s != null) {
                Object e = s; // a chain is links ending in an entry; an entry alone ends it
                Object next = null;
                if (s.getClass() == LINK_SLOT) {
                    e = (Object) LINK_ENTRY.invokeExact(s);
                    next = (Object) LINK_NEXT.invokeExact(s);
                }
                if (e.getClass() == NORMAL_ENTRY) {
                    LuaValue k = (LuaValue) KEY.invokeExact(e);
                    if (k == key || k instanceof LuaString text && text.raweq(key)) {
                        return e;
                    }
                } else if (e.getClass() != INT_KEY_ENTRY) {
                    return null; // a weak table's slot: LuaJ's to read (a string key's entry is always a NormalEntry)
                }
                s = next;
            }
            return ABSENT;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
