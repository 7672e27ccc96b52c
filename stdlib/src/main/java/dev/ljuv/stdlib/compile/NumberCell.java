package dev.ljuv.stdlib.compile;

import org.luaj.vm2.LuaValue;

/**
 * What a register's place in the call's register array holds while compiled code keeps the register's number
 * unboxed in a JVM {@code double} (see {@code NumberEmitter}): one cell per register and call, updated where the
 * register is copied to the array (before calls) without a new box. Only {@code debug.getlocal} and the memory
 * limit's measure read it from outside the compiled code ({@link LoopCounter#reveal}); the compiled code never
 * hands it to Lua.
 *
 * <p>Threading: owned by the thread running the call.
 */
public final class NumberCell extends LuaValue {
    public double v;

    /** The number as Lua sees it. */
    public LuaValue value() {
        return CompiledSupport.box(v);
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
