package dev.ljuv.stdlib.vm;

import java.util.HashMap;
import java.util.Hashtable;

/**
 * The tables LuaJ's compiler looks names up in (its string table, {@code LuaC.CompileState.strings}, and the lexer's
 * reserved words, {@code LexState.RESERVED}), made by the patched constructors instead of a {@link Hashtable}, whose
 * every {@code get} takes a lock: with one per name the lexer met, the locks took 12% of the parse of a large chunk.
 * LuaJ calls only {@link #get}, {@link #put} and {@link #containsKey} on them; the {@code Hashtable} they are stays
 * empty and unused, the entries being this one's {@link HashMap}.
 *
 * <p>Threading: a string table is its parse's own, used by one thread; the reserved words are filled by
 * {@code LexState}'s class initialisation and only read after it, by any thread.
 */
public final class CompilerTable extends Hashtable<Object, Object> {
    private final HashMap<Object, Object> entries = new HashMap<>();

    /** A new, empty table (the patched {@code new Hashtable()}). */
    public static Hashtable<Object, Object> create() {
        return new CompilerTable();
    }

    @Override
    public Object get(Object key) {
        return entries.get(key);
    }

    @Override
    public Object put(Object key, Object value) {
        return entries.put(key, java.util.Objects.requireNonNull(value));
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    @Override
    public int size() {
        return entries.size();
    }

    @Override
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
