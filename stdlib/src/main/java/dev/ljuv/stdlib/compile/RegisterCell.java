package dev.ljuv.stdlib.compile;

import org.luaj.vm2.LuaValue;

/**
 * What a register's place in the call's register array holds while compiled code keeps the register's number in a
 * JVM local: a mutable cell the code updates without a new box ({@link LoopCounter} for an integer loop's counter,
 * {@link NumberCell} for an unboxed number). Only {@code debug.getlocal} and the memory limit's measure read it from
 * outside the compiled code, through {@link #reveal}; the compiled code never hands it to Lua.
 *
 * <p>Threading: owned by the thread running the call.
 */
public abstract class RegisterCell extends LuaValue {
    /** The number as Lua sees it. */
    public abstract LuaValue value();

    /** {@code v} as Lua sees a register: the value in a cell, nil for a place never written, anything else as it is. */
    public static LuaValue reveal(LuaValue v) {
        if (v instanceof RegisterCell c) {
            return c.value();
        }
        return v == null ? NIL : v;
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
        return value().tojstring();
    }
}
