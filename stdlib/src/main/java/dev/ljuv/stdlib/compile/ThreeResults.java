package dev.ljuv.stdlib.compile;

import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Exactly three values, as compiled code returns them ({@code return x, y, z}, a generic {@code for}'s iterator
 * step): one object, where LuaJ's {@code varargsOf(a, b, c)} makes an array and a list over part of it. Immutable,
 * so it aliases no registers.
 *
 * <p>Threading: immutable; its values are those of the state that made it.
 */
public final class ThreeResults extends Varargs {
    private final LuaValue a;
    private final LuaValue b;
    private final LuaValue c;

    public ThreeResults(LuaValue a, LuaValue b, LuaValue c) {
        this.a = a;
        this.b = b;
        this.c = c;
    }

    @Override
    public LuaValue arg(int i) {
        return switch (i) {
            case 1 -> a;
            case 2 -> b;
            case 3 -> c;
            default -> LuaValue.NIL;
        };
    }

    @Override
    public int narg() {
        return 3;
    }

    @Override
    public LuaValue arg1() {
        return a;
    }

    @Override
    public Varargs subargs(int start) {
        return switch (start) {
            case 1 -> this;
            case 2 -> LuaValue.varargsOf(b, c);
            case 3 -> c;
            default -> start > 3 ? LuaValue.NONE : LuaValue.argerror(1, "start must be > 0"); // (as LuaJ's lists)
        };
    }
}
