package dev.ljuv.stdlib.compile;

import org.luaj.vm2.LuaValue;
import org.luaj.vm2.UpValue;
import org.luaj.vm2.Varargs;

/**
 * Run-time helpers of compiled functions, for the instructions whose work is a loop: open upvalues and table
 * constructors of unknown length. Compiled code keeps its open upvalues in an array indexed by register (the
 * interpreter searches a list), which is why these differ from LuaJ's in shape and not in effect.
 *
 * <p>Threading: stateless; called by the thread running the compiled function.
 */
public final class CompiledSupport {
    private CompiledSupport() {}

    private static final java.lang.invoke.MethodHandle COPY_TO;
    private static final java.lang.invoke.MethodHandle DEALIAS;

    static {
        try {
            var luaj = java.lang.invoke.MethodHandles.privateLookupIn(Varargs.class, java.lang.invoke.MethodHandles.lookup());
            COPY_TO = luaj.findVirtual(Varargs.class, "copyto",
                    java.lang.invoke.MethodType.methodType(void.class, LuaValue[].class, int.class, int.class));
            DEALIAS = luaj.findVirtual(Varargs.class, "dealias", java.lang.invoke.MethodType.methodType(Varargs.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** LuaJ's package-private {@code Varargs.copyto}: results into registers. */
    public static void copyTo(Varargs v, LuaValue[] stack, int offset, int length) {
        try {
            COPY_TO.invokeExact(v, stack, offset, length);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** LuaJ's package-private {@code Varargs.dealias}: results that no longer share the callee's registers. */
    public static Varargs dealias(Varargs v) {
        try {
            return (Varargs) DEALIAS.invokeExact(v);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** The open upvalue of register {@code index}, created on first capture. */
    public static UpValue upvalue(UpValue[] open, LuaValue[] stack, int index) {
        UpValue u = open[index];
        if (u == null) {
            u = open[index] = new UpValue(stack, index);
        }
        return u;
    }

    /** Closes the upvalues of registers {@code from} and above: their locals leave scope. */
    public static void close(UpValue[] open, int from) {
        for (int r = from; r < open.length; r++) {
            UpValue u = open[r];
            if (u != null) {
                u.close();
                open[r] = null;
            }
        }
    }

    /** {@code SETLIST} with a multiple-results last item: registers up to {@code top}, then {@code more}. */
    public static void setList(LuaValue table, LuaValue[] stack, int a, int offset, int top, Varargs more) {
        int b = top - a - 1;
        int m = b - more.narg();
        int j = 1;
        for (; j <= m; j++) {
            table.set(offset + j, stack[a + j]);
        }
        for (; j <= b; j++) {
            table.set(offset + j, more.arg(j - m));
        }
    }
}
