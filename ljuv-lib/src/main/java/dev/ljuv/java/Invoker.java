package dev.ljuv.java;

import org.luaj.vm2.LuaDouble;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;

/**
 * A call of one Java method straight from Lua values, without boxing or a method handle: a class generated per
 * method ({@link Invokers}) whose code converts up to three Lua arguments to the parameter types, calls the method
 * with Java's own instruction, and converts the result. An argument that is not the plain case of its type (a
 * float for an {@code int}, a table for a {@code List}) makes it give up ({@link #NOT_FAST}) before the call, and the
 * general path converts or reports it.
 *
 * <p>Public because the generated classes extend it and call its helpers. Threading: stateless.
 */
public abstract class Invoker {
    /** Thrown by a helper when an argument needs the general conversion; no stack trace, one instance. */
    static final RuntimeException NOT_FAST = new RuntimeException("not a fast argument", null, false, false) {};

    protected Invoker() {}

    /** Calls the method with {@code a}, {@code b}, {@code c} (as many as it takes) on {@code receiver}. */
    public abstract LuaValue invoke(JavaState state, Object receiver, LuaValue a, LuaValue b, LuaValue c) throws Throwable;

    // ---- argument helpers (the generated code calls them)

    public static int toInt(LuaValue v) {
        if (v instanceof LuaInteger i) {
            return i.v;
        }
        throw NOT_FAST;
    }

    public static long toLong(LuaValue v) {
        if (v instanceof LuaInteger i) {
            return i.v;
        }
        throw NOT_FAST;
    }

    public static double toDouble(LuaValue v) {
        if (v instanceof LuaInteger i) {
            return i.v;
        }
        if (v instanceof LuaDouble) {
            return v.todouble();
        }
        throw NOT_FAST;
    }

    public static boolean toBoolean(LuaValue v) {
        if (v.type() == LuaValue.TBOOLEAN) {
            return v.toboolean();
        }
        throw NOT_FAST;
    }

    public static String toStr(LuaValue v) {
        if (v instanceof LuaString) {
            return v.tojstring();
        }
        throw NOT_FAST;
    }

    /** A Java object of {@code type} (the caller casts), or nil as null. */
    public static Object toObject(LuaValue v, Class<?> type) {
        if (v instanceof JavaObject o && type.isInstance(o.m_instance)) {
            return o.m_instance;
        }
        if (v.isnil()) {
            return null;
        }
        throw NOT_FAST;
    }

    // ---- result helpers

    public static LuaValue ofInt(int v) {
        return LuaInteger.valueOf(v);
    }

    public static LuaValue ofChar(int c) {
        return LuaValue.valueOf(String.valueOf((char) c));
    }

    public static LuaValue ofLong(long v) {
        return v == (int) v ? LuaInteger.valueOf((int) v) : LuaValue.valueOf((double) v);
    }

    public static LuaValue ofDouble(double v) {
        return LuaValue.valueOf(v);
    }

    public static LuaValue ofBoolean(boolean v) {
        return v ? LuaValue.TRUE : LuaValue.FALSE;
    }

    public static LuaValue ofObject(JavaState state, Object v) {
        return JavaValues.toLua(state, v);
    }

    public static LuaValue none() {
        return LuaValue.NONE;
    }
}
