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

    protected LuaObject(Object instance, MethodTable<?> type) {
        super(instance, type.metatable());
        this.type = type;
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
