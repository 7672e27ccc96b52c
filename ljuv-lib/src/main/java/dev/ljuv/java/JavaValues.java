package dev.ljuv.java;

import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * Conversions between Lua values and Java values, and the cost rule that chooses among overloads.
 *
 * <p>Java to Lua: {@code null} is nil; strings, characters, booleans and boxed numbers become Lua values (a
 * {@code long} beyond 2^53 loses precision, as any Lua number would); a {@link LuaValue} stays itself; anything
 * else is a {@link JavaObject}, never a deep copy ({@code java.luaify} makes one).
 *
 * <p>Lua to Java, by the parameter's type. Each argument's <em>kind</em> (nil, boolean, integral number that fits
 * an int, other integral number, fractional number, one-character string, string, table, function, Java object,
 * Java class, other) gives a cost per parameter type, lower for a closer match:
 * <pre>
 *   integral number : int 0, Integer 1, long 2, Long 3, double 4, Double 5, float 6, short/byte 7, Number 8, Object 10
 *   fractional      : double 0, Double 1, float 2, Float 3, Number 8, Object 10
 *   string          : String 0, CharSequence 2, char/Character 3 (one character), byte[] 5, Object 10
 *   boolean         : boolean 0, Boolean 1, Object 10
 *   nil             : any reference type 5, Object 10 (never a primitive)
 *   table           : array 1, List/Map 2, Collection/Iterable 3, a functional interface 4, Object 10
 *   function        : a functional interface 0
 *   Java object     : its class 0, a supertype 1 + its distance, Object 10
 *   any value       : LuaValue (or its subclass it is) 0
 * </pre>
 * A cost of -1 means the argument cannot go to that parameter.
 *
 * <p>Threading: stateless; conversions run on the thread of the state they are given.
 */
final class JavaValues {
    static final int NIL = 0, BOOLEAN = 1, INT = 2, INTEGRAL = 3, FRACTION = 4, CHAR = 5, STRING = 6, TABLE = 7,
            FUNCTION = 8, OBJECT = 9, CLASS = 10, OTHER = 11;

    private JavaValues() {}

    // ---- Java to Lua

    static LuaValue toLua(JavaState state, Object o) {
        if (o == null) {
            return LuaValue.NIL;
        }
        if (o instanceof String s) {
            return LuaValue.valueOf(s);
        }
        if (o instanceof Integer i) {
            return LuaInteger.valueOf(i);
        }
        if (o instanceof Boolean b) {
            return LuaValue.valueOf(b);
        }
        if (o instanceof Number n) {
            if (n instanceof Long l) {
                return l == (int) (long) l ? LuaInteger.valueOf((int) (long) l) : LuaValue.valueOf((double) l);
            }
            if (n instanceof Short || n instanceof Byte) {
                return LuaInteger.valueOf(n.intValue());
            }
            if (n instanceof Double || n instanceof Float) {
                return LuaValue.valueOf(n.doubleValue());
            }
        }
        if (o instanceof Character c) {
            return LuaValue.valueOf(String.valueOf(c));
        }
        if (o instanceof LuaValue v) {
            return v;
        }
        return new JavaObject(state, o);
    }

    // ---- Lua to Java

    /** The kind of {@code v} (see the class comment). */
    static int kind(LuaValue v) {
        switch (v.type()) {
            case LuaValue.TNIL:
                return NIL;
            case LuaValue.TBOOLEAN:
                return BOOLEAN;
            case LuaValue.TNUMBER: {
                if (v instanceof LuaInteger) {
                    return INT;
                }
                double d = v.todouble();
                if (d == Math.rint(d) && !Double.isInfinite(d)) {
                    return d >= Integer.MIN_VALUE && d <= Integer.MAX_VALUE ? INT
                            : Math.abs(d) < 9.223372036854775807E18 ? INTEGRAL : FRACTION;
                }
                return FRACTION;
            }
            case LuaValue.TSTRING:
                return ((LuaString) v).length() == 1 ? CHAR : STRING;
            case LuaValue.TTABLE:
                return TABLE;
            case LuaValue.TFUNCTION:
                return FUNCTION;
            default:
                return v instanceof JavaClass ? CLASS : v instanceof JavaObject ? OBJECT : OTHER;
        }
    }

    /** The Java object behind a Java object or class value, else null. */
    static Object unwrap(LuaValue v) {
        return v instanceof JavaObject o ? o.m_instance : v instanceof JavaClass c ? c.type : null;
    }

    /** What an argument of {@code kind} (whose Java object, if any, is {@code object}) costs as a {@code param}. */
    static int cost(Class<?> param, int kind, Object object, LuaValue value) {
        if (LuaValue.class.isAssignableFrom(param)) {
            return param.isInstance(value) ? 0 : -1;
        }
        if (param == Object.class) {
            return kind == FUNCTION || kind == OTHER ? -1 : 10;
        }
        switch (kind) {
            case NIL:
                return param.isPrimitive() ? -1 : 5;
            case BOOLEAN:
                return param == boolean.class ? 0 : param == Boolean.class ? 1 : -1;
            case INT:
            case INTEGRAL:
            case FRACTION:
                return numberCost(param, kind, value);
            case CHAR:
                if (param == char.class || param == Character.class) {
                    return 3;
                }
                // fall through
            case STRING:
                return param == String.class ? 0 : param == CharSequence.class ? 2 : param == byte[].class ? 5 : -1;
            case TABLE:
                return param.isArray() ? 1 : param == List.class || param == Map.class ? 2
                        : param == Collection.class || param == Iterable.class ? 3 : functionalMethod(param) != null ? 4 : -1;
            case FUNCTION:
                return functionalMethod(param) != null ? 0 : -1;
            case OBJECT:
            case CLASS:
                return !param.isInstance(object) ? -1 : object.getClass() == param ? 0 : 1 + distance(object.getClass(), param);
            default:
                return -1;
        }
    }

    private static int numberCost(Class<?> param, int kind, LuaValue v) {
        boolean integral = kind != FRACTION;
        if (param == double.class) {
            return integral ? 4 : 0;
        } else if (param == Double.class) {
            return integral ? 5 : 1;
        } else if (param == float.class) {
            return integral ? 6 : 2;
        } else if (param == Float.class) {
            return integral ? 6 : 3;
        } else if (param == Number.class) {
            return 8;
        } else if (!integral) {
            return -1;
        } else if (param == int.class) {
            return kind == INT ? 0 : -1;
        } else if (param == Integer.class) {
            return kind == INT ? 1 : -1;
        } else if (param == long.class) {
            return 2;
        } else if (param == Long.class) {
            return 3;
        } else if (param == short.class || param == Short.class) {
            double d = v.todouble();
            return d >= Short.MIN_VALUE && d <= Short.MAX_VALUE ? 7 : -1;
        } else if (param == byte.class || param == Byte.class) {
            double d = v.todouble();
            return d >= Byte.MIN_VALUE && d <= Byte.MAX_VALUE ? 7 : -1;
        }
        return -1;
    }

    /** How far {@code target} (a supertype other than Object, which costs 10 anyway) is above {@code from}: 1 to 8. */
    private static int distance(Class<?> from, Class<?> target) {
        int d = 1;
        for (Class<?> c = from.getSuperclass(); c != null; c = c.getSuperclass(), d++) {
            if (c == target) {
                return Math.min(d, 8);
            }
        }
        return Math.min(d, 8); // an interface: as far as the class chain is long
    }

    /** The single abstract method of {@code type} when it is a functional interface, else null. */
    static Method functionalMethod(Class<?> type) {
        return FUNCTIONAL.get(type).orElse(null);
    }

    private static final ClassValue<java.util.Optional<Method>> FUNCTIONAL = new ClassValue<>() {
        @Override
        protected java.util.Optional<Method> computeValue(Class<?> type) {
            if (!type.isInterface()) {
                return java.util.Optional.empty();
            }
            Method found = null;
            for (Method m : type.getMethods()) {
                if (!Modifier.isAbstract(m.getModifiers()) || isObjectMethod(m)) {
                    continue;
                }
                if (found != null && !(found.getName().equals(m.getName())
                        && java.util.Arrays.equals(found.getParameterTypes(), m.getParameterTypes()))) {
                    return java.util.Optional.empty();
                }
                found = m;
            }
            return java.util.Optional.ofNullable(found);
        }
    };

    private static boolean isObjectMethod(Method m) {
        try {
            Object.class.getMethod(m.getName(), m.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** {@code v} as a value of {@code param}; {@link #cost} said it can be. */
    static Object toJava(JavaState state, Class<?> param, LuaValue v) {
        if (LuaValue.class.isAssignableFrom(param)) {
            return v;
        }
        switch (v.type()) {
            case LuaValue.TNIL:
                return null;
            case LuaValue.TBOOLEAN:
                return v.toboolean();
            case LuaValue.TNUMBER:
                return number(param, v);
            case LuaValue.TSTRING:
                if (param == char.class || param == Character.class) {
                    return (char) (((LuaString) v).luaByte(0) & 0xff);
                }
                if (param == byte[].class) {
                    LuaString s = (LuaString) v;
                    byte[] b = new byte[s.length()];
                    s.copyInto(0, b, 0, b.length);
                    return b;
                }
                return v.tojstring();
            case LuaValue.TTABLE:
                return table(state, param, (LuaTable) v);
            case LuaValue.TFUNCTION:
                return JavaProxies.implement(state, param, v);
            default:
                Object o = unwrap(v);
                if (o == null) {
                    throw new LuaError("cannot convert a " + v.typename() + " to Java");
                }
                return o;
        }
    }

    private static Object number(Class<?> param, LuaValue v) {
        double d = v.todouble();
        if (param == int.class || param == Integer.class) {
            return (int) d;
        } else if (param == long.class || param == Long.class) {
            return (long) d;
        } else if (param == double.class || param == Double.class) {
            return d;
        } else if (param == float.class || param == Float.class) {
            return (float) d;
        } else if (param == short.class || param == Short.class) {
            return (short) d;
        } else if (param == byte.class || param == Byte.class) {
            return (byte) d;
        }
        return natural(d);
    }

    /** A number as Object or Number: Integer when it fits, else Long when integral, else Double. */
    static Object natural(double d) {
        if (d == Math.rint(d) && !Double.isInfinite(d) && !(d == 0 && 1 / d < 0)) {
            if (d >= Integer.MIN_VALUE && d <= Integer.MAX_VALUE) {
                return (int) d;
            }
            if (Math.abs(d) < 9.223372036854775807E18) {
                return (long) d;
            }
        }
        return d;
    }

    /** {@code v} as Object: the natural Java value (a table becomes a List when it is a sequence, else a Map). */
    static Object toObject(JavaState state, LuaValue v) {
        return switch (v.type()) {
            case LuaValue.TNIL -> null;
            case LuaValue.TBOOLEAN -> v.toboolean();
            case LuaValue.TNUMBER -> natural(v.todouble());
            case LuaValue.TSTRING -> v.tojstring();
            case LuaValue.TTABLE -> table(state, Object.class, (LuaTable) v);
            default -> {
                Object o = unwrap(v);
                yield o != null ? o : v;
            }
        };
    }

    private static Object table(JavaState state, Class<?> param, LuaTable t) {
        if (param.isArray()) {
            return array(state, param.getComponentType(), t);
        }
        if (param.isInterface() && functionalMethod(param) != null && param != List.class && param != Map.class
                && param != Collection.class && param != Iterable.class) {
            return JavaProxies.implement(state, param, t);
        }
        int n = t.length();
        boolean sequence = param == List.class || param == Collection.class || param == Iterable.class
                || param == Object.class && n > 0 && t.next(LuaValue.valueOf(n)).arg1().isnil() && countKeys(t) == n;
        if (sequence) {
            List<Object> list = new ArrayList<>(n);
            for (int i = 1; i <= n; i++) {
                list.add(toObject(state, t.get(i)));
            }
            return list;
        }
        Map<Object, Object> map = new LinkedHashMap<>();
        for (LuaValue k = t.next(LuaValue.NIL).arg1(); !k.isnil(); k = t.next(k).arg1()) {
            map.put(toObject(state, k), toObject(state, t.get(k)));
        }
        return map;
    }

    private static int countKeys(LuaTable t) {
        int n = 0;
        for (LuaValue k = t.next(LuaValue.NIL).arg1(); !k.isnil(); k = t.next(k).arg1()) {
            n++;
        }
        return n;
    }

    /** A Java array of {@code component} holding the sequence {@code t[1..#t]}. */
    static Object array(JavaState state, Class<?> component, LuaTable t) {
        int n = t.length();
        Object a = Array.newInstance(component, n);
        for (int i = 0; i < n; i++) {
            Array.set(a, i, element(state, component, t.get(i + 1), i + 1));
        }
        return a;
    }

    /** {@code v} as an element of a {@code component} array or field: checked, with an error naming the place. */
    static Object element(JavaState state, Class<?> component, LuaValue v, int index) {
        if (cost(component, kind(v), unwrap(v), v) < 0) {
            throw new LuaError("cannot store a " + describe(v) + " in a " + component.getTypeName()
                    + (index > 0 ? " array (element " + index + ")" : ""));
        }
        return toJava(state, component, v);
    }

    private static final Map<String, Class<?>> PRIMITIVES = Map.of("boolean", boolean.class, "byte", byte.class,
            "char", char.class, "short", short.class, "int", int.class, "long", long.class, "float", float.class,
            "double", double.class);

    /** The primitive type named {@code name} ({@code "int"}), or null. */
    static Class<?> primitive(String name) {
        return PRIMITIVES.get(name);
    }

    /** A Lua value's type as argument errors name it: {@code number}, {@code java.util.ArrayList}... */
    static String describe(LuaValue v) {
        Object o = unwrap(v);
        return v instanceof JavaClass ? "java.lang.Class" : o != null ? o.getClass().getTypeName() : v.typename();
    }
}
