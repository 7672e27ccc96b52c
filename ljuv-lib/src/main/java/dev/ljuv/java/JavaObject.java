package dev.ljuv.java;

import java.lang.reflect.Array;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import dev.ljuv.stdlib.lua.StableMethods;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;

/**
 * A Java object as Lua sees it: a userdata whose methods are called with {@code :} and whose public fields are
 * read and written with {@code .}. Arrays and lists are also indexed by number, from 1 as Lua sequences are
 * ({@code arr[1]} is element 0; out of range reads give nil, so {@code ipairs} stops), {@code #} is their length
 * (a collection's or map's size), {@code tostring} is Java's {@code toString}. {@code ==} is identity, as for
 * every Lua userdata (two wrappers of one object are equal); {@code java.equals} asks Java's {@code equals}.
 *
 * <p>Threading: belongs to its state's thread; the object inside may of course be shared by Java code.
 */
public final class JavaObject extends LuaUserdata implements StableMethods {
    private static final LuaString LENGTH = LuaString.valueOf("length");

    final JavaState state;
    private final ClassMembers members;

    JavaObject(JavaState state, Object instance) {
        super(instance, state.objectMetatable());
        this.state = state;
        this.members = ClassMembers.of(instance.getClass());
    }

    @Override
    public Object methodsKey() {
        return members;
    }

    @Override
    public boolean isStableMethod(LuaValue name) {
        return name instanceof LuaString s && members.instanceMember(s) instanceof JavaMethod;
    }

    @Override
    public LuaValue get(LuaValue key) {
        if (key instanceof LuaString s) {
            Object m = members.instanceMember(s);
            if (m instanceof JavaMethod f) {
                return f;
            }
            if (m instanceof JavaField f) {
                return f.get(state, m_instance);
            }
            if (m_instance.getClass().isArray() && s.raweq(LENGTH)) {
                return LuaInteger.valueOf(Array.getLength(m_instance));
            }
            return NIL;
        }
        if (key.type() == TNUMBER) {
            return element(key);
        }
        return NIL;
    }

    private LuaValue element(LuaValue key) {
        double d = key.todouble();
        int i = (int) d - 1;
        if (i + 1 != d) {
            return NIL;
        }
        Object o = m_instance;
        try {
            if (o.getClass().isArray()) {
                return i >= 0 && i < Array.getLength(o) ? JavaValues.toLua(state, Array.get(o, i)) : NIL;
            }
            if (o instanceof List<?> list) {
                return i >= 0 && i < list.size() ? JavaValues.toLua(state, list.get(i)) : NIL;
            }
        } catch (RuntimeException e) {
            throw JavaErrors.raise(state, e);
        }
        return NIL;
    }

    @Override
    public void set(LuaValue key, LuaValue value) {
        if (key instanceof LuaString s && members.instanceMember(s) instanceof JavaField f) {
            f.set(state, m_instance, value);
            return;
        }
        Object o = m_instance;
        if (key.type() == TNUMBER && (o.getClass().isArray() || o instanceof List<?>)) {
            double d = key.todouble();
            int i = (int) d - 1;
            int n = o.getClass().isArray() ? Array.getLength(o) : ((List<?>) o).size();
            if (i + 1 != d || i < 0 || i > n || i == n && o.getClass().isArray()) {
                throw new LuaError("index " + key.tojstring() + " out of range for a Java "
                        + (o.getClass().isArray() ? "array" : "list") + " of " + n + " elements");
            }
            try {
                if (o.getClass().isArray()) {
                    Array.set(o, i, JavaValues.element(state, o.getClass().getComponentType(), value, i + 1));
                } else {
                    @SuppressWarnings("unchecked")
                    List<Object> list = (List<Object>) o;
                    Object v = JavaValues.toObject(state, value);
                    if (i == n) {
                        list.add(v);
                    } else {
                        list.set(i, v);
                    }
                }
            } catch (RuntimeException e) {
                throw JavaErrors.raise(state, e);
            }
            return;
        }
        throw new LuaError("cannot set field '" + key.tojstring() + "' of a " + o.getClass().getTypeName()
                + " (no such public field)");
    }

    @Override
    public LuaValue len() {
        Object o = m_instance;
        if (o.getClass().isArray()) {
            return LuaInteger.valueOf(Array.getLength(o));
        }
        if (o instanceof Collection<?> c) {
            return LuaInteger.valueOf(c.size());
        }
        if (o instanceof Map<?, ?> m) {
            return LuaInteger.valueOf(m.size());
        }
        if (o instanceof CharSequence s) {
            return LuaInteger.valueOf(s.length());
        }
        throw new LuaError("attempt to get length of a Java object (" + o.getClass().getTypeName() + ")");
    }

    // identity, not Java's equals (java.equals asks that); two wrappers of one object are one value
    @Override
    public boolean raweq(LuaValue val) {
        return val instanceof JavaObject o && o.m_instance == m_instance;
    }

    @Override
    public boolean raweq(LuaUserdata val) {
        return val instanceof JavaObject o && o.m_instance == m_instance;
    }

    @Override
    public boolean equals(Object val) {
        return val instanceof JavaObject o && o.m_instance == m_instance;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(m_instance);
    }
}
