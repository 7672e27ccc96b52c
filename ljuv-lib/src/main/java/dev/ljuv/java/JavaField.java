package dev.ljuv.java;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;

/**
 * A public field as Lua reads and writes it ({@code obj.x}, {@code Class.CONSTANT}), through handles from
 * {@link MethodHandles#publicLookup()} on the accessible type it was found in.
 *
 * <p>Threading: shared by every state; the handles are resolved once, racily and idempotently.
 */
final class JavaField {
    final Field field;
    private final Class<?> owner;
    private final boolean isStatic;
    private volatile MethodHandle getter;
    private volatile MethodHandle setter;

    JavaField(Field field, Class<?> owner) {
        this.field = field;
        this.owner = owner;
        this.isStatic = Modifier.isStatic(field.getModifiers());
    }

    LuaValue get(JavaState state, Object target) {
        try {
            MethodHandle g = getter;
            if (g == null) {
                MethodHandles.Lookup l = MethodHandles.publicLookup();
                g = isStatic ? l.findStaticGetter(owner, field.getName(), field.getType())
                        : l.findGetter(owner, field.getName(), field.getType());
                g = getter = g.asType(isStatic ? MethodType.methodType(Object.class)
                        : MethodType.methodType(Object.class, Object.class));
            }
            return JavaValues.toLua(state, isStatic ? (Object) g.invokeExact() : (Object) g.invokeExact(target));
        } catch (Throwable t) {
            throw JavaErrors.raise(state, t);
        }
    }

    void set(JavaState state, Object target, LuaValue value) {
        if (Modifier.isFinal(field.getModifiers())) {
            throw new LuaError("field '" + field.getName() + "' of " + field.getDeclaringClass().getTypeName() + " is final");
        }
        Object v = JavaValues.element(state, field.getType(), value, 0);
        try {
            MethodHandle s = setter;
            if (s == null) {
                MethodHandles.Lookup l = MethodHandles.publicLookup();
                s = isStatic ? l.findStaticSetter(owner, field.getName(), field.getType())
                        : l.findSetter(owner, field.getName(), field.getType());
                s = setter = s.asType(isStatic ? MethodType.methodType(void.class, Object.class)
                        : MethodType.methodType(void.class, Object.class, Object.class));
            }
            if (isStatic) {
                s.invokeExact(v);
            } else {
                s.invokeExact(target, v);
            }
        } catch (Throwable t) {
            throw JavaErrors.raise(state, t);
        }
    }
}
