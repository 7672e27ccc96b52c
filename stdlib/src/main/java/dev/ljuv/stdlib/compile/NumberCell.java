package dev.ljuv.stdlib.compile;

import org.luaj.vm2.LuaValue;

/**
 * What a numeric register's place in the register array holds while compiled code keeps its number in a JVM
 * {@code double} (see {@code NumberEmitter}): one cell per register and call, updated where the register is copied
 * to the array (before calls) without a new box.
 *
 * <p>Threading: owned by the thread running the call.
 */
public final class NumberCell extends RegisterCell {
    public double v;

    @Override
    public LuaValue value() {
        return dev.ljuv.stdlib.vm.NumberBoxes.box(v);
    }
}
