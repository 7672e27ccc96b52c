package dev.ljuv.stdlib.vm;

import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * One value before others ({@code pcall}'s {@code true, results...}), without counting the others when it is
 * made: LuaJ's {@code varargsOf(v, rest)} asks {@code rest.narg()}, which for results that are themselves such
 * pairs walks the whole chain, so that {@code pcall} nested n deep (a function returning {@code pcall(itself)})
 * took time in n². The count is taken once, when asked.
 *
 * <p>Threading: a value of one Lua state.
 */
public final class Prepended extends Varargs {
    private final LuaValue first;
    private final Varargs rest;
    private int count = -1;

    public Prepended(LuaValue first, Varargs rest) {
        this.first = first;
        this.rest = rest;
    }

    @Override
    public LuaValue arg(int i) {
        return i == 1 ? first : rest.arg(i - 1);
    }

    @Override
    public int narg() {
        if (count < 0) {
            count = 1 + rest.narg();
        }
        return count;
    }

    @Override
    public LuaValue arg1() {
        return first;
    }

    @Override
    public Varargs subargs(int start) {
        return start == 1 ? this : start == 2 ? rest : rest.subargs(start - 1);
    }
}
