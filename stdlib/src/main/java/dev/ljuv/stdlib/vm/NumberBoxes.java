package dev.ljuv.stdlib.vm;

import org.luaj.vm2.LuaDouble;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaValue;

/**
 * Numbers held unboxed (by compiled code, in a table's array of numbers) boxed as Lua values: LuaJ's integer box for
 * an integral value, as its arithmetic gives one, a double otherwise, -0 included. Small integers are shared.
 *
 * <p>Threading: stateless (the shared boxes are immutable).
 */
public final class NumberBoxes {
    private NumberBoxes() {}

    private static final int SMALL_MIN = -1024;
    private static final int SMALL_MAX = 32767;

    /**
     * Integers boxed without allocating: LuaJ shares only -256..255, and a box per result is most of the cost of an
     * integer loop. Values are immutable, so sharing them is unobservable. Made when first used, or sooner by
     * {@link #prepare}'s thread: the 33k boxes take 17 ms in the bytecode interpreter, where class initializers run.
     */
    private static final class Shared {
        static final LuaInteger[] SMALL = new LuaInteger[SMALL_MAX - SMALL_MIN + 1];

        static {
            for (int i = 0; i < SMALL.length; i++) {
                SMALL[i] = LuaInteger.valueOf(i + SMALL_MIN); // (past -256..255 a fresh box, which SMALL keeps)
            }
            made = true;
        }

        static void touch() {}
    }

    private static final java.util.concurrent.atomic.AtomicBoolean PREPARED = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Makes the shared boxes on a background thread, once per process: called by the compiler before it makes its
     * first class, whose code boxes numbers (a first boxed number then waited 17 ms, inside whatever a script was
     * timing, or past a timer a test had just started).
     */
    public static void prepare() {
        InBackground.once(PREPARED, "ljuv-boxes-init", Shared::touch);
    }

    /** LuaJ's {@code LuaDouble} constructor (private): {@link #box(double)} has already told the number is no integer. */
    private static final java.lang.invoke.MethodHandle NEW_DOUBLE;

    static {
        try {
            NEW_DOUBLE = java.lang.invoke.MethodHandles.privateLookupIn(LuaDouble.class, java.lang.invoke.MethodHandles.lookup())
                    .findConstructor(LuaDouble.class, java.lang.invoke.MethodType.methodType(void.class, double.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * {@code d} as a Lua value: the integer box when it is one ({@link #isInt}: md5's 32-bit words are past the int
     * range), a double otherwise, made directly, not through {@code LuaDouble.valueOf}, which would test it again.
     */
    public static LuaValue box(double d) {
        // (kept under the JIT's 35 bytes for inlining at a call site it does not count hot, as most are)
        return isInt(d) && d != 0 ? box((int) d) : fraction(d);
    }

    /** {@link #box(double)} of a number that is no nonzero integer. */
    private static LuaValue fraction(double d) {
        if (d == 0) {
            return LuaDouble.valueOf(d); // (valueOf keeps -0 a double)
        }
        try {
            return (LuaDouble) NEW_DOUBLE.invokeExact(d);
        } catch (Throwable e) {
            throw new AssertionError(e); // a constructor that only stores its argument
        }
    }

    /** Whether the shared boxes are made (see {@link #integer}). */
    private static boolean made;

    /**
     * The integer {@code v}, shared when small and the shared boxes are made (not made here: a script's first product
     * past 255, interpreted, would wait 17 ms for them). For LuaJ's integer arithmetic, which boxed each result past
     * 255 (LuaJIT's array3d stored 3.4 million products in a table, each a new box that every young collection then
     * copied: 6 collections of 30 ms in a run of 0.8 s), and a traversal's array keys.
     */
    public static LuaValue integer(int v) {
        return made && shared(v) ? Shared.SMALL[v - SMALL_MIN] : LuaInteger.valueOf(v);
    }

    /** Whether integer {@code v}'s box is a shared one ({@link #box(int)}). */
    public static boolean shared(int v) {
        return v >= SMALL_MIN && v <= SMALL_MAX;
    }

    /** The integer {@code v}, shared when small. */
    public static LuaValue box(int v) {
        return shared(v) ? Shared.SMALL[v - SMALL_MIN] : LuaInteger.valueOf(v);
    }

    /**
     * Whether {@code d} is the value of an int (-0 included), told through a long: the JVM's double-to-int conversion
     * takes a slow path for every value past the int range, the long one only past the long's.
     */
    public static boolean isInt(double d) {
        long l = (long) d;
        return l == d && l == (int) l;
    }
}
