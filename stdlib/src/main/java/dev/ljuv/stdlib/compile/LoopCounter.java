package dev.ljuv.stdlib.compile;

import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaValue;

/**
 * What the registers of an integer {@code for} loop hold while compiled code counts it in a JVM {@code int}
 * (see {@code CountedLoops}): the current value, updated each iteration without a new box. Only
 * {@code debug.getlocal} ever reads these registers from outside the compiled code, and it shows
 * {@link #value()}; the compiled code itself never hands this object to Lua.
 *
 * <p>Threading: owned by the thread running the loop.
 */
public final class LoopCounter extends LuaValue {
    public int v;

    public LoopCounter(int v) {
        this.v = v;
    }

    /** The loop variable as Lua sees it. */
    public LuaValue value() {
        return LuaInteger.valueOf(v);
    }

    /** {@code v} as Lua sees a register: the value behind a counter, anything else as it is. */
    public static LuaValue reveal(LuaValue v) {
        if (v instanceof LoopCounter c) {
            return c.value();
        }
        if (v instanceof NumberCell n) {
            return n.value();
        }
        return v == null ? NIL : v; // null: never copied there
    }

    @Override
    public int type() {
        return TNUMBER;
    }

    @Override
    public String typename() {
        return "number";
    }

    @Override
    public String tojstring() {
        return Integer.toString(v);
    }
}
