package dev.ljuv.stdlib.vm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.Test;

/**
 * Where the JVM puts the fields that every Lua call writes ({@link LuaStacks.CallStack}, {@link LuaStacks.Frame}):
 * at least a cache line from either end of their object, so that two threads' objects lying side by side never
 * share a line (see {@code LuaStacks.ColdHead}).
 */
class LuaStacksLayoutTest {
    private static final int CACHE_LINE = 64;

    @SuppressWarnings({"deprecation", "removal"})
    private static final sun.misc.Unsafe UNSAFE = unsafe();

    @SuppressWarnings({"deprecation", "removal"})
    private static sun.misc.Unsafe unsafe() {
        try {
            Field theUnsafe = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            theUnsafe.setAccessible(true);
            return (sun.misc.Unsafe) theUnsafe.get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @SuppressWarnings({"deprecation", "removal"})
    private static long start(Field f) {
        return UNSAFE.objectFieldOffset(f);
    }

    @SuppressWarnings({"deprecation", "removal"})
    private static long end(Field f) {
        Class<?> t = f.getType();
        int size = !t.isPrimitive() ? sun.misc.Unsafe.ARRAY_OBJECT_INDEX_SCALE
                : t == long.class || t == double.class ? 8
                : t == int.class || t == float.class ? 4
                : t == short.class || t == char.class ? 2 : 1;
        return start(f) + size;
    }

    /** The fields of {@code type} that are not padding: at least a cache line from either end of the object. */
    private static void assertPaddedBothSides(Class<?> type) {
        long objectEnd = 0;
        for (Class<?> c = type; c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    objectEnd = Math.max(objectEnd, end(f));
                }
            }
        }
        int checked = 0;
        for (Field f : type.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) || f.getName().startsWith("tail")) {
                continue;
            }
            String where = type.getSimpleName() + "." + f.getName() + " at [" + start(f) + ", " + end(f)
                    + ") of " + objectEnd + " bytes";
            assertTrue(start(f) >= CACHE_LINE, where);
            assertTrue(objectEnd - end(f) >= CACHE_LINE, where);
            checked++;
        }
        assertTrue(checked >= 4, type.getSimpleName() + " fields checked: " + checked);
    }

    @Test
    void callStackFieldsLieACacheLineFromEitherEnd() {
        assertPaddedBothSides(LuaStacks.CallStack.class);
    }

    @Test
    void frameFieldsLieACacheLineFromEitherEnd() {
        assertPaddedBothSides(LuaStacks.Frame.class);
    }
}
