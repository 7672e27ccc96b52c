package dev.ljuv.java;

import dev.ljuv.stdlib.lua.Functions;
import java.lang.reflect.Array;
import java.util.Iterator;
import java.util.Map;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The metatables of a state's Java objects and classes: {@code tostring} as Java's, {@code #}, concatenation
 * (an error message built with {@code ..} works with a Java exception), and {@code pairs}/{@code ipairs} over
 * maps (key, value), lists, arrays and any {@code Iterable} (position from 1, element).
 *
 * <p>Threading: filled when the state's Java context is made; used by that state's thread.
 */
final class JavaMetatables {
    private JavaMetatables() {}

    static void fill(JavaState state, LuaTable object, LuaTable type) {
        object.rawset("__index", Functions.named("__index", args -> args.arg1().get(args.arg(2))));
        object.rawset("__newindex", Functions.named("__newindex", args -> {
            args.arg1().set(args.arg(2), args.arg(3));
            return LuaValue.NONE;
        }));
        object.rawset("__tostring", Functions.named("__tostring", args -> LuaValue.valueOf(text(state, args.arg1()))));
        object.rawset("__len", Functions.named("__len", args -> args.arg1().len()));
        object.rawset("__concat", Functions.named("__concat", args ->
                LuaValue.valueOf(piece(state, args.arg1()) + piece(state, args.arg(2)))));
        object.rawset("__pairs", Functions.named("__pairs", args -> iterate(state, args.arg1(), true)));
        object.rawset("__ipairs", Functions.named("__ipairs", args -> iterate(state, args.arg1(), false)));
        object.rawset("__metatable", LuaValue.valueOf("java object"));

        type.rawset("__index", object.rawget("__index"));
        type.rawset("__newindex", object.rawget("__newindex"));
        type.rawset("__tostring", Functions.named("__tostring", args ->
                LuaValue.valueOf("class " + ((JavaClass) args.arg1()).type.getTypeName())));
        type.rawset("__call", Functions.named("__call", args -> ((JavaClass) args.arg1()).construct(args, 2)));
        type.rawset("__concat", object.rawget("__concat"));
        type.rawset("__metatable", LuaValue.valueOf("java class"));
    }

    private static String text(JavaState state, LuaValue v) {
        Object o = JavaValues.unwrap(v);
        try {
            return String.valueOf(o);
        } catch (RuntimeException e) {
            throw JavaErrors.raise(state, e);
        }
    }

    private static String piece(JavaState state, LuaValue v) {
        if (v.isstring()) {
            return v.tojstring();
        }
        if (JavaValues.unwrap(v) == null) {
            throw new LuaError("attempt to concatenate a " + v.typename() + " value");
        }
        return v instanceof JavaClass c ? "class " + c.type.getTypeName() : text(state, v);
    }

    /** {@code pairs(o)} / {@code ipairs(o)}: an iterator function over the Java object. */
    private static Varargs iterate(JavaState state, LuaValue v, boolean pairs) {
        Object o = JavaValues.unwrap(v);
        Iterator<?> it;
        boolean entries = false;
        if (o instanceof Map<?, ?> m && pairs) {
            it = m.entrySet().iterator();
            entries = true;
        } else if (o instanceof Iterable<?> i) {
            it = i.iterator();
        } else if (o instanceof Iterator<?> i) {
            it = i;
        } else if (o != null && o.getClass().isArray()) {
            int n = Array.getLength(o);
            return LuaValue.varargsOf(Functions.named("next", args -> {
                int i = args.arg(2).toint();
                return i < n ? LuaValue.varargsOf(LuaInteger.valueOf(i + 1), JavaValues.toLua(state, Array.get(o, i)))
                        : LuaValue.NIL;
            }), v, LuaInteger.valueOf(0));
        } else {
            throw new LuaError("cannot iterate over a " + (o == null ? v.typename() : o.getClass().getTypeName())
                    + (o instanceof Map<?, ?> ? " with ipairs (use pairs)" : ""));
        }
        boolean asEntries = entries;
        Iterator<?> iterator = it;
        int[] position = {0};
        return LuaValue.varargsOf(Functions.named("next", args -> {
            try {
                if (!iterator.hasNext()) {
                    return LuaValue.NIL;
                }
                Object next = iterator.next();
                if (asEntries) {
                    Map.Entry<?, ?> e = (Map.Entry<?, ?>) next;
                    return LuaValue.varargsOf(JavaValues.toLua(state, e.getKey()), JavaValues.toLua(state, e.getValue()));
                }
                return LuaValue.varargsOf(LuaInteger.valueOf(++position[0]), JavaValues.toLua(state, next));
            } catch (RuntimeException e) {
                throw JavaErrors.raise(state, e);
            }
        }), v, LuaValue.NIL);
    }
}
