package dev.ljuv.stdlib.lua;

import org.luaj.vm2.LuaValue;

/**
 * A function that takes exactly four arguments without an argument list, as LuaJ's {@code call} overloads do
 * for up to three: compiled Lua calls it so for {@code obj:method(a, b, c)} and {@code f(a, b, c, d)} with at
 * most one result wanted. LuaJ would otherwise build a {@code Varargs} over the caller's registers and go
 * through {@code invoke}, a dispatch the JIT cannot see through (the hot {@code buf:put("k", i, ";")}).
 *
 * <p>An implementation returns the first result (nil for none) and behaves exactly as its {@code invoke}
 * does with those four arguments.
 *
 * <p>Threading: as the function's Lua state.
 */
public interface FourArgumentCall {
    LuaValue call(LuaValue a, LuaValue b, LuaValue c, LuaValue d);
}
