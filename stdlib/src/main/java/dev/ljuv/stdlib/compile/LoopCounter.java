package dev.ljuv.stdlib.compile;

import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaValue;

/**
 * What the registers of an integer {@code for} loop hold while compiled code counts it in a JVM {@code int}
 * (see {@code CountedLoops}): the current value, updated each iteration without a new box.
 *
 * <p>Threading: owned by the thread running the loop.
 */
public final class LoopCounter extends RegisterCell {
    public int v;

    public LoopCounter(int v) {
        this.v = v;
    }

    @Override
    public LuaValue value() {
        return LuaInteger.valueOf(v);
    }
}
