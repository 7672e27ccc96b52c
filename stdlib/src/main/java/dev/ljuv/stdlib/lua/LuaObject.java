package dev.ljuv.stdlib.lua;

import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;

/**
 * A Java object that Lua sees as a userdata with methods ({@code obj:method()}): its metatable and method
 * table come from its {@link MethodTable}, and method names are looked up directly (one cached look-up
 * instead of a metatable walk), which matters for hot calls such as {@code async:send()}.
 *
 * <p>Threading: as the Lua state that owns the object.
 */
public abstract class LuaObject extends LuaUserdata {
    private final MethodTable<?> type;
    /** Equal only to itself (a handle, a request), rather than to every object wrapping the same instance. */
    private final boolean identity;

    /** An object equal to the objects that wrap the same {@code instance} (a channel imported twice). */
    protected LuaObject(Object instance, MethodTable<?> type) {
        this(instance, type, false);
    }

    /**
     * {@code identity}: equal only to itself, the same value and table key only as itself, whatever {@code
     * instance} it shares with others (handles of one loop all wrap that loop).
     */
    protected LuaObject(Object instance, MethodTable<?> type, boolean identity) {
        super(instance, type.metatable());
        this.type = type;
        this.identity = identity;
    }

    @Override
    public boolean raweq(LuaUserdata other) {
        return identity ? this == other : super.raweq(other);
    }

    @Override
    public boolean equals(Object other) {
        return identity ? this == other : super.equals(other);
    }

    @Override
    public int hashCode() {
        return identity ? System.identityHashCode(this) : super.hashCode();
    }

    /** The type's method table. */
    public final MethodTable<?> methodTable() {
        return type;
    }

    @Override
    public LuaValue get(LuaValue key) {
        LuaValue m = type.lookup(key);
        return m.isnil() ? super.get(key) : m;
    }
}
