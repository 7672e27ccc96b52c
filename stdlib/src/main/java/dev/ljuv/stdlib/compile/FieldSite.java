package dev.ljuv.stdlib.compile;

import dev.ljuv.stdlib.vm.HashPart;
import dev.ljuv.stdlib.vm.Table;
import static dev.ljuv.stdlib.vm.ValueSemantics.keyRemovals;

import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * One compiled read or write of a field with a constant string name ({@code t.name}, and every global:
 * {@code _ENV.name}). A global or a module's function ({@code coroutine.resume}, {@code string.format}) then costs a
 * few loads instead of hashing the name and walking LuaJ's bucket through its interfaces on every read.
 *
 * <p>The tables Lua code makes are the runtime's ({@link Table}): the site guesses the slot where it last found its
 * key (tables filled alike hold it in the same slot), checks the guess by the key's reference, and probes on a miss.
 * The rest of this comment is about LuaJ's tables (those Java code makes, {@code Globals}).
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
     * Where the key was in the last {@link Table} read here: tables filled by the same code in the same order
     * (the records of one constructor) hold it in the same slot, so one guess serves them all.
     */
    private int slot;

    /**
     * A table, its entry for the key (a {@code NormalEntry} of LuaJ's, read and written through {@link HashPart}) and
     * the table's count of key removals then.
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
        return t instanceof Table table ? get(table) : read(t, entryIn(t));
    }

    /**
     * {@link #get} of a table held in an upvalue ({@code GETTABUP}): the chunk's environment (every global, in LuaJ's
     * {@code Globals}) or a module a chunk keeps in a local. The same read, in a method of its own because the JIT
     * keeps one branch profile per method: shared, the profile saw both kinds of table, and every field read of a
     * Lua table compiled the path to LuaJ's tables too (the field handles' plumbing of {@link #entryIn}). life.lua's
     * {@code evolve}, nine field reads: C2 compiled it in 146-149 ms instead of 191, into 68 KB instead of 77.
     */
    public LuaValue getInUpvalue(LuaValue t) {
        return t instanceof Table table ? get(table) : read(t, entryIn(t));
    }

    private LuaValue get(Table table) {
        LuaValue[] s = table.hashSlots();
        int i = slot;
        if (holds(s, i, key)) {
            return s[i + 1];
        }
        return probe(table); // apart: the guess stays small enough to inline into every compiled site
    }

    /**
     * Whether a guessed slot index {@code i} of hash slots {@code s} holds {@code key} with a value: the key is still
     * there (it keeps its slot until a resize, which makes a new array) and was not cleared.
     */
    static boolean holds(LuaValue[] s, int i, LuaValue key) {
        return i < s.length && s[i] == key && s[i + 1] != null;
    }

    /** {@link #get} of a {@link Table} whose slot the site did not guess. */
    private LuaValue probe(Table t) {
        int i = t.fieldSlot(key);
        if (i >= 0) {
            slot = i;
            LuaValue v = t.hashSlots()[i + 1];
            if (v != null) {
                return v;
            }
        }
        return t.ownStorage() && t.getmetatable() == null ? LuaValue.NIL : null;
    }

    /**
     * {@code t[key] = value}, as {@code SETTABLE} writes it: a value other than nil for a key the table holds goes
     * into its entry (what LuaJ's {@code set} does then: no metamethod applies to a present key). False when nothing
     * was written (a new key, nil, or no plain table): the compiled code writes itself (see {@link #get}).
     */
    public boolean set(LuaValue t, LuaValue value) {
        return t instanceof Table table ? set(table, value) : value != LuaValue.NIL && write(entryIn(t), value);
    }

    /** {@link #set} of a table held in an upvalue ({@code SETTABUP}), a method of its own (see {@link #getInUpvalue}). */
    public boolean setInUpvalue(LuaValue t, LuaValue value) {
        return t instanceof Table table ? set(table, value) : value != LuaValue.NIL && write(entryIn(t), value);
    }

    private boolean set(Table table, LuaValue value) {
        LuaValue[] s = table.hashSlots();
        int i = slot;
        if (holds(s, i, key) && value != LuaValue.NIL) {
            s[i + 1] = value;
            return true;
        }
        return store(table, value);
    }

    /**
     * {@link #set} of a {@link Table} whose slot the site did not guess: into the key's slot when it has a value
     * (no metamethod applies then), any write when the table has no metatable (a new key: a constructor's).
     */
    private boolean store(Table t, LuaValue value) {
        if (t.getmetatable() == null) {
            int i = t.rawsetString(key, value);
            if (i < 0) {
                i = t.fieldSlot(key);
            }
            if (i >= 0) {
                slot = i;
            }
            return true;
        }
        int i = t.fieldSlot(key);
        if (i >= 0 && value != LuaValue.NIL && t.hashSlots()[i + 1] != null) {
            slot = i;
            t.hashSlots()[i + 1] = value;
            return true;
        }
        return false;
    }

    /**
     * {@code t[k]} for a key in a register ({@code GETTABLE}): the probe of a field site for a string key, without a
     * cache; null when the key is no string, {@code t} no plain table, or the key not in its hash part and {@code t}
     * has a metatable (the compiled code then reads {@code t[k]} itself, at its own call site).
     */
    public static LuaValue index(LuaValue t, LuaValue k) {
        if (t instanceof Table table && k instanceof LuaString key) {
            LuaValue v = table.rawget(key);
            return !v.isnil() || table.ownStorage() && table.getmetatable() == null ? v : null;
        }
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
        return HashPart.value(e);
    }

    /**
     * {@code t[k] = v} for a key in a register ({@code SETTABLE}), as {@link #set} writes: into the entry of a
     * string key the table holds, a value other than nil. False when nothing was written.
     */
    public static boolean store(LuaValue t, LuaValue k, LuaValue v) {
        if (t instanceof Table table && k instanceof LuaString key && table.getmetatable() == null) {
            table.rawsetString(key, v);
            return true;
        }
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
    private static final ClassValue<Boolean> PLAIN = new ClassValue<>() {
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

    /** What {@link #find} answers for a key that is surely not in the table (no slot it cannot read was on the way). */
    private static final Object ABSENT = new Object();

    /** Writes {@code v} into a plain entry; false for no entry. */
    private static boolean write(Object entry, LuaValue v) {
        if (entry == null || entry == ABSENT) {
            return false;
        }
        HashPart.setValue(entry, v);
        return true;
    }

    /**
     * The plain entry ({@code NormalEntry}) holding {@code key} in {@code t}'s bucket for it (the string's hash,
     * masked, as LuaJ places it); {@link #ABSENT} when the bucket's chain holds only plain entries and none has the
     * key; null when a slot of another class (a weak table's) is on the way, left to LuaJ.
     */
    private static Object find(LuaTable t, LuaString key) {
        Object[] buckets = HashPart.buckets(t);
        int n = buckets.length;
        if (n == 0) {
            return ABSENT;
        }
        Object s = buckets[key.hashCode() & (n - 1)];
        while (s != null) {
            Object e = s; // a chain is links ending in an entry; an entry alone ends it
            Object next = null;
            if (s.getClass() == HashPart.LINK_SLOT) {
                e = HashPart.linkEntry(s);
                next = HashPart.linkNext(s);
            }
            if (e.getClass() == HashPart.NORMAL_ENTRY) {
                LuaValue k = HashPart.key(e);
                if (k == key || k instanceof LuaString text && text.raweq(key)) {
                    return e;
                }
            } else if (e.getClass() != HashPart.INT_KEY_ENTRY) {
                return null; // a weak table's slot: LuaJ's to read (a string key's entry is always a NormalEntry)
            }
            s = next;
        }
        return ABSENT;
    }
}
