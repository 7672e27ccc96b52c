package dev.ljuv.java;

import java.util.HashMap;
import java.util.Map;
import dev.ljuv.stdlib.lua.StableMethods;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * A Java class as Lua sees it ({@code java.import("java.util.ArrayList")}): called, it constructs
 * ({@code ArrayList()}); indexed, it gives the static fields, the static methods ({@code Math.max(1, 2)} or
 * {@code String:format(...)}), the public nested classes ({@code Map.Entry}) and {@code class}, the
 * {@code java.lang.Class} object; any other name is a method of that {@code Class} object
 * ({@code ArrayList:getName()}). One value per class and state.
 *
 * <p>Threading: belongs to its state's thread.
 */
public final class JavaClass extends LuaUserdata implements StableMethods {
    private static final LuaString CLASS = LuaString.valueOf("class");

    final JavaState state;
    final Class<?> type;
    private final ClassMembers members;
    private final Map<LuaString, LuaValue> statics = new HashMap<>();
    private JavaMethod constructor;

    JavaClass(JavaState state, Class<?> type) {
        super(type, state.classMetatable());
        this.state = state;
        this.type = type;
        this.members = ClassMembers.of(type);
    }

    @Override
    public LuaValue get(LuaValue key) {
        if (!(key instanceof LuaString s)) {
            return NIL;
        }
        LuaValue v = statics.get(s);
        if (v != null) {
            return v;
        }
        String name = s.tojstring();
        JavaField f = members.staticField(name);
        if (f != null) {
            return f.get(state, null); // not cached: a static field may change
        }
        Overloads m = members.staticMethod(name);
        Class<?> nested = members.nestedClass(name);
        if (m != null) {
            v = new JavaMethod(m, this).forCalls();
        } else if (nested != null) {
            v = state.classValue(state.findClass(nested.getName()));
        } else if (s.raweq(CLASS)) {
            v = JavaValues.toLua(state, type);
        } else {
            Object classMethod = ClassMembers.of(Class.class).instanceMember(s);
            v = classMethod instanceof JavaMethod jm ? jm : NIL;
        }
        statics.put(s, v);
        return v;
    }

    @Override
    public Object methodsKey() {
        return this;
    }

    @Override
    public boolean isStableMethod(LuaValue name) {
        return name instanceof LuaString s && statics.get(s) instanceof JavaMethod;
    }

    @Override
    public void set(LuaValue key, LuaValue value) {
        JavaField f = key.isstring() ? members.staticField(key.tojstring()) : null;
        if (f == null) {
            throw new LuaError("cannot set field '" + key.tojstring() + "' of class " + type.getTypeName()
                    + " (no such public static field)");
        }
        f.set(state, null, value);
    }

    /** Constructs an instance: {@code ArrayList()}, {@code java.new(ArrayList, 10)}. */
    Varargs construct(Varargs args, int first) {
        if (constructor == null) {
            if (members.constructors == null) {
                throw new LuaError("Java class " + type.getTypeName() + " has no public constructor"
                        + (type.isInterface() ? " (an interface: java.proxy implements one)" : ""));
            }
            constructor = new JavaMethod(members.constructors, this);
        }
        return constructor.overloads.call(state, null, args, first);
    }

    @Override
    public Varargs invoke(Varargs args) {
        return construct(args, 1);
    }

    @Override
    public LuaValue call() {
        return construct(NONE, 1).arg1();
    }

    @Override
    public LuaValue call(LuaValue a) {
        return construct(a, 1).arg1();
    }

    @Override
    public LuaValue call(LuaValue a, LuaValue b) {
        return construct(varargsOf(a, b), 1).arg1();
    }

    @Override
    public LuaValue call(LuaValue a, LuaValue b, LuaValue c) {
        return construct(varargsOf(a, b, c), 1).arg1();
    }

    @Override
    public boolean raweq(LuaValue val) {
        return val == this;
    }

    @Override
    public boolean raweq(LuaUserdata val) {
        return val == this;
    }

    @Override
    public boolean equals(Object val) {
        return val == this;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
