package dev.ljuv.java;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.luaj.vm2.LuaString;

/**
 * The public members of one class as Lua reaches them, computed once per class for the whole JVM and freed
 * with the class ({@link ClassValue}, unlike luajava's global maps).
 *
 * <p>Only what {@code MethodHandles.publicLookup()} may reach: public members of public classes in exported
 * packages. An object of a class that is not accessible (the {@code List} that {@code List.of} returns is an
 * {@code ImmutableCollections.List12}) is used through its accessible supertypes: each method is taken from the
 * most specific public class or interface above it that declares or inherits it, and invoked through that type,
 * so nothing is ever made accessible that Java code could not call.
 *
 * <p>Threading: immutable once computed; shared by every thread and state.
 */
final class ClassMembers {
    private static final ClassValue<ClassMembers> CACHE = new ClassValue<>() {
        @Override
        protected ClassMembers computeValue(Class<?> type) {
            return new ClassMembers(type);
        }
    };

    final Class<?> type;
    /** Whether the class itself may be named: its statics, constructors and nested classes. */
    final boolean accessible;
    private final Map<String, Overloads> staticMethods = new HashMap<>();
    private final Map<String, JavaField> instanceFields = new HashMap<>();
    private final Map<String, JavaField> staticFields = new HashMap<>();
    /** What {@code obj[name]} finds: a {@link JavaMethod} (shared by every state) or a {@link JavaField}. */
    private final Map<LuaString, Object> instanceByLuaName = new HashMap<>();
    private final Map<String, Class<?>> nested = new HashMap<>();
    /** The public constructors, or null when there are none (or the class is abstract or not accessible). */
    final Overloads constructors;

    static ClassMembers of(Class<?> type) {
        return CACHE.get(type);
    }

    private ClassMembers(Class<?> type) {
        this.type = type;
        this.accessible = isAccessible(type);
        Map<String, Map<String, Overloads.Target>> instance = new LinkedHashMap<>();
        for (Class<?> view : accessibleSupertypes(type)) {
            for (Method m : view.getMethods()) {
                if (!Modifier.isStatic(m.getModifiers())) {
                    instance.computeIfAbsent(m.getName(), k -> new LinkedHashMap<>())
                            .putIfAbsent(Overloads.parameterKey(m), new Overloads.Target(m, view));
                }
            }
            for (Field f : view.getFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    instanceFields.putIfAbsent(f.getName(), new JavaField(f, view));
                }
            }
        }
        instance.forEach((name, targets) -> {
            Overloads o = new Overloads(name, List.copyOf(targets.values()), false);
            instanceByLuaName.put(LuaString.valueOf(name), new JavaMethod(o, null));
        });
        instanceFields.forEach((name, f) -> instanceByLuaName.put(LuaString.valueOf(name), f)); // fields first, as luajava
        if (accessible) {
            Map<String, Map<String, Overloads.Target>> statics = new LinkedHashMap<>();
            for (Method m : type.getMethods()) {
                if (Modifier.isStatic(m.getModifiers())) { // static methods of interfaces are not inherited
                    statics.computeIfAbsent(m.getName(), k -> new LinkedHashMap<>())
                            .putIfAbsent(Overloads.parameterKey(m), new Overloads.Target(m, type));
                }
            }
            statics.forEach((name, targets) -> staticMethods.put(name, new Overloads(name, List.copyOf(targets.values()), true)));
            for (Field f : type.getFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    staticFields.put(f.getName(), new JavaField(f, type));
                }
            }
            for (Class<?> c : type.getClasses()) {
                if (isAccessible(c)) {
                    nested.put(c.getSimpleName(), c);
                }
            }
            List<Overloads.Target> made = new ArrayList<>();
            if (!Modifier.isAbstract(type.getModifiers()) && !type.isInterface()) {
                for (Constructor<?> c : type.getConstructors()) {
                    made.add(new Overloads.Target(c, type));
                }
            }
            constructors = made.isEmpty() ? null : new Overloads(type.getSimpleName(), made, true);
        } else {
            constructors = null;
        }
    }

    Overloads staticMethod(String name) {
        return staticMethods.get(name);
    }

    /** The method ({@link JavaMethod#forCalls}) or field {@code obj[name]} reaches on an instance, or null. */
    Object instanceMember(LuaString name) {
        Object m = instanceByLuaName.get(name);
        return m instanceof JavaMethod f ? f.forCalls() : m;
    }

    JavaField staticField(String name) {
        return staticFields.get(name);
    }

    Class<?> nestedClass(String name) {
        return nested.get(name);
    }

    /** Whether code outside the class's module may name it: public, and (for a named module) exported. */
    static boolean isAccessible(Class<?> c) {
        while (c.isArray()) {
            c = c.getComponentType();
        }
        if (c.isPrimitive()) {
            return true;
        }
        if (!Modifier.isPublic(c.getModifiers())) {
            return false;
        }
        for (Class<?> outer = c.getDeclaringClass(); outer != null; outer = outer.getDeclaringClass()) {
            if (!Modifier.isPublic(outer.getModifiers())) {
                return false;
            }
        }
        Module m = c.getModule();
        return !m.isNamed() || m.isExported(c.getPackageName());
    }

    /** {@code type} and its supertypes that may be named, the most specific first (breadth first). */
    private static List<Class<?>> accessibleSupertypes(Class<?> type) {
        List<Class<?>> out = new ArrayList<>();
        Set<Class<?>> seen = new HashSet<>();
        Deque<Class<?>> queue = new ArrayDeque<>();
        queue.add(type);
        while (!queue.isEmpty()) {
            Class<?> c = queue.poll();
            if (!seen.add(c)) {
                continue;
            }
            if (isAccessible(c)) {
                out.add(c);
            }
            if (c.getSuperclass() != null) {
                queue.add(c.getSuperclass());
            }
            queue.addAll(List.of(c.getInterfaces()));
        }
        if (type.isInterface() && seen.add(Object.class)) {
            out.add(Object.class);
        }
        return out;
    }
}
