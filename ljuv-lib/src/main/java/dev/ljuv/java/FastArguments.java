package dev.ljuv.java;

import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;

/**
 * The conversions of the common parameter types taken without the cost rule's general machinery: what a call with
 * one candidate does per argument, checked exactly as {@link JavaValues#cost} would ({@code int} takes an integral
 * number within range, {@code double} any number, {@code String} a string, a reference type a Java object of it).
 *
 * <p>Threading: stateless.
 */
final class FastArguments {
    private FastArguments() {}

    /** Whether every parameter is one of the types converted here. */
    static boolean covers(Class<?>[] params) {
        for (Class<?> p : params) {
            if (p.isPrimitive() ? p == char.class || p == void.class : LuaValue.class.isAssignableFrom(p)) {
                return false;
            }
        }
        return true;
    }

    /** {@code v} for {@code param}, or the argument error. */
    static Object convert(JavaState state, Class<?> param, LuaValue v, int index, Overloads method) {
        if (param == int.class) {
            if (v instanceof LuaInteger i) {
                return i.v;
            }
        } else if (param == double.class) {
            if (v.type() == LuaValue.TNUMBER) {
                return v.todouble();
            }
        } else if (param == String.class) {
            if (v instanceof LuaString) {
                return v.tojstring();
            }
        } else if (param == long.class) {
            if (v instanceof LuaInteger i) {
                return (long) i.v;
            }
        } else if (param == boolean.class) {
            if (v.type() == LuaValue.TBOOLEAN) {
                return v.toboolean();
            }
        } else if (v instanceof JavaObject o && param.isInstance(o.m_instance)) {
            return o.m_instance;
        }
        return method.argument(state, param, v, index);
    }
}
