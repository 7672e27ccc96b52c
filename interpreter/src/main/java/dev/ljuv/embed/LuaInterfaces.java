package dev.ljuv.embed;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import javax.script.ScriptException;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Java interfaces implemented by Lua ({@link LjuvScriptEngine#getInterface}): each method of the interface calls
 * the Lua function of the same name, a global function or a method of a table ({@code t:name(...)}), looked up at
 * each call; a default method Lua does not define keeps its Java body. A Lua function returned where a functional
 * interface is expected implements it too. Results are converted to the method's return type:
 * <ul>
 * <li>numbers to any primitive or boxed number type (and strings Lua would coerce), to {@code String} as Lua
 * prints them;</li>
 * <li>{@code boolean} by Lua's truth (only {@code nil} and {@code false} are false);</li>
 * <li>tables to {@link Map} ({@link LuaState#toMap}), to {@link List} or {@link Collection} ({@link LuaState#toList}),
 * or to another interface they implement; {@code nil} to {@code null}, or a {@link ClassCastException} for a
 * primitive other than {@code boolean}.</li>
 * </ul>
 * A Lua error in a method is thrown as {@link UncheckedLuaException}.
 *
 * <p>Threading: a proxy runs Lua in its engine's state, one thread at a time as the state does.
 */
final class LuaInterfaces {
    private LuaInterfaces() {}

    /** {@code type} implemented by the global functions ({@code self} null) or by {@code self}'s methods; null if one is missing. */
    static <T> T implement(LjuvScriptEngine engine, LuaValue self, Class<T> type) {
        checkInterface(type);
        for (Method m : type.getMethods()) {
            if (Modifier.isAbstract(m.getModifiers()) && !objectMethod(m) && find(engine, self, m.getName()) == null) {
                return null;
            }
        }
        return proxy(engine, type, (proxy, m, args) -> {
            LuaValue f = find(engine, self, m.getName());
            if (f == null) {
                if (m.isDefault()) {
                    return InvocationHandler.invokeDefault(proxy, m, args);
                }
                throw new UnsupportedOperationException("no Lua function '" + m.getName() + "' implements " + type.getName());
            }
            Varargs luaArgs = engine.state().toLua(args);
            return call(engine, f, self == null ? luaArgs : LuaValue.varargsOf(self, luaArgs), m);
        });
    }

    /** The functional interface {@code type} implemented by the Lua function {@code f}. */
    static <T> T implementBy(LjuvScriptEngine engine, LuaValue f, Class<T> type) {
        checkInterface(type);
        Method single = null;
        for (Method m : type.getMethods()) {
            if (Modifier.isAbstract(m.getModifiers()) && !objectMethod(m)) {
                if (single != null) {
                    return null;
                }
                single = m;
            }
        }
        if (single == null) {
            return null;
        }
        Method sam = single;
        return proxy(engine, type, (proxy, m, args) -> {
            if (!m.equals(sam)) {
                return InvocationHandler.invokeDefault(proxy, m, args);
            }
            return call(engine, f, engine.state().toLua(args), m);
        });
    }

    private static void checkInterface(Class<?> type) {
        if (type == null || !type.isInterface()) {
            throw new IllegalArgumentException((type == null ? "null" : type.getName()) + " is not an interface");
        }
    }

    private static <T> T proxy(LjuvScriptEngine engine, Class<T> type, InvocationHandler lua) {
        InvocationHandler h = (proxy, m, args) -> {
            if (objectMethod(m)) {
                return switch (m.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "Lua implementation of " + type.getName();
                };
            }
            return lua.invoke(proxy, m, args == null ? new Object[0] : args);
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, h));
    }

    private static boolean objectMethod(Method m) {
        return switch (m.getName()) {
            case "equals" -> m.getParameterCount() == 1 && m.getParameterTypes()[0] == Object.class;
            case "hashCode", "toString" -> m.getParameterCount() == 0;
            default -> false;
        };
    }

    private static LuaValue find(LjuvScriptEngine engine, LuaValue self, String name) {
        try {
            return self == null ? engine.function(name) : engine.method(self, name);
        } catch (NoSuchMethodException | ScriptException e) {
            return null;
        }
    }

    private static Object call(LjuvScriptEngine engine, LuaValue f, Varargs args, Method m) {
        Object[] r;
        try {
            r = engine.call(f, args);
        } catch (ScriptException e) {
            throw new UncheckedLuaException((LuaException) e.getCause());
        }
        return convert(engine, r.length > 0 ? r[0] : null, m.getReturnType(), m.getName());
    }

    /** {@code v} (converted as {@link LuaState} converts) as a {@code type}, for the result of method {@code name}. */
    static Object convert(LjuvScriptEngine engine, Object v, Class<?> type, String name) {
        if (type == void.class) {
            return null;
        }
        if (v == null) {
            if (type == boolean.class) {
                return false;
            }
            if (type.isPrimitive()) {
                throw mismatch(v, type, name);
            }
            return null;
        }
        if (type.isInstance(v)) {
            return v;
        }
        LuaState state = engine.state();
        Class<?> boxed = java.lang.invoke.MethodType.methodType(type).wrap().returnType();
        if (boxed == Boolean.class) {
            return !(v instanceof Boolean b) || b;
        }
        if (Number.class.isAssignableFrom(boxed)) {
            Number n = v instanceof Number num ? num : v instanceof String s ? number(s) : null;
            if (n != null) {
                if (boxed == Integer.class) {
                    return n.intValue();
                } else if (boxed == Long.class) {
                    return n.longValue();
                } else if (boxed == Double.class) {
                    return n.doubleValue();
                } else if (boxed == Float.class) {
                    return n.floatValue();
                } else if (boxed == Short.class) {
                    return n.shortValue();
                } else if (boxed == Byte.class) {
                    return n.byteValue();
                }
            }
        }
        if (boxed == Character.class && v instanceof String s && s.length() == 1) {
            return s.charAt(0);
        }
        if ((type == String.class || type == CharSequence.class) && v instanceof Number) {
            return state.locked(() -> state.toLua(v).tojstring());
        }
        if (v instanceof LuaValue t && t.istable()) {
            if (type == Map.class) {
                return state.toMap(t);
            }
            if (type == List.class || type == Collection.class || type == Iterable.class) {
                return state.toList(t);
            }
            if (type.isInterface()) {
                Object impl = implement(engine, t, type);
                if (impl != null) {
                    return impl;
                }
            }
        }
        if (v instanceof LuaCallable c && type.isInterface()) {
            Object impl = implementBy(engine, c.value(), type);
            if (impl != null) {
                return impl;
            }
        }
        throw mismatch(v, type, name);
    }

    private static Number number(String s) {
        LuaValue n = LuaValue.valueOf(s).tonumber();
        return n.isnil() ? null : n.todouble();
    }

    private static ClassCastException mismatch(Object v, Class<?> type, String name) {
        String what = v == null ? "nil" : v instanceof LuaValue l ? "a " + l.typename() : "a " + v.getClass().getSimpleName();
        return new ClassCastException("Lua function '" + name + "' returned " + what + " where " + type.getName() + " is expected");
    }
}
