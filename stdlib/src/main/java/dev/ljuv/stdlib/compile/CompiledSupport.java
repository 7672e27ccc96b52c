package dev.ljuv.stdlib.compile;

import static dev.ljuv.stdlib.vm.NumberBoxes.box;
import static dev.ljuv.stdlib.vm.NumberBoxes.isInt;

import dev.ljuv.stdlib.vm.LuaStacks;
import dev.ljuv.stdlib.vm.NumberArray;
import dev.ljuv.stdlib.vm.Table;
import org.luaj.vm2.LuaDouble;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.UpValue;
import org.luaj.vm2.Varargs;

/**
 * Run-time helpers of compiled functions: the instructions whose work is a loop (open upvalues, which compiled
 * code keeps in an array indexed by register where the interpreter searches a list; table constructors of
 * unknown length), LuaJ's package-private result copies, and integer fast paths for numeric for loops and
 * {@code + - %}. Each gives what the interpreter's LuaJ calls give, only in fewer steps.
 *
 * <p>Threading: stateless; called by the thread running the compiled function.
 */
public final class CompiledSupport {
    private CompiledSupport() {}

    /** A numeric register's value: its value local, or its number (in {@code d}) boxed when that is null. */
    public static LuaValue value(LuaValue v, double d) {
        return v != null ? v : box(d);
    }

    /**
     * {@code CONCAT} of three or more values, left to right. Strings and numbers are joined in one array of the
     * exact size (LuaJ's buffer copied each operand as it grew, then the whole again: 2-4x the bytes of
     * {@code s = s .. a .. b}); with any other value, pairwise from the right as Lua 5.1 does, the operands as they
     * are (a {@code __concat} handler sees a number as a number; its errors are LuaJ's, named by RuntimeErrors).
     */
    public static LuaValue concat(LuaValue[] values) {
        for (LuaValue v : values) {
            if (!v.isstring()) {
                LuaValue joined = values[values.length - 1];
                for (int k = values.length - 2; k >= 0; k--) {
                    joined = values[k].concat(joined);
                }
                return joined;
            }
        }
        long total = 0;
        for (int k = 0; k < values.length; k++) {
            total += (values[k] = values[k].strvalue()).length();
        }
        byte[] out = dev.ljuv.stdlib.vm.MemoryGuard.bytes(total);
        int at = 0;
        for (LuaValue v : values) {
            LuaString s = (LuaString) v;
            System.arraycopy(s.m_bytes, s.m_offset, out, at, s.m_length);
            at += s.m_length;
        }
        return LuaString.valueUsing(out);
    }

    /**
     * What a loop entry's body returns where a round ends in a call going on in rounds (see
     * {@code BackEdgeEmitter.roundEnd} and {@code roundExit}): not results, but "enter me again there", at
     * {@code Frame.pc}. Never seen by Lua code.
     */
    public static final Varargs AGAIN = LuaValue.varargsOf(new LuaValue[] {LuaValue.NIL, LuaValue.NIL}); // (a new
    // instance, told apart by identity: LuaJ's empty and single varargs are shared)

    /** {@code a % b} on numbers, as LuaJIT computes it: {@code a - floor(a / b) * b}. */
    public static double mod(double a, double b) {
        return a - Math.floor(a / b) * b;
    }

    /**
     * {@code a % k} for a constant integer {@code k > 0}: an integral {@code a} in the int range takes the int
     * remainder, which the JIT computes by multiplying with the constant's inverse, not with a division and a floor
     * ({@code floorMod}'s sign is the divisor's, Lua's; -0 gives 0 as the formula does); any other number the formula.
     */
    public static double modConstant(double a, int k) {
        int i = (int) a;
        return i == a ? Math.floorMod(i, k) : a - Math.floor(a / k) * k;
    }


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

    /**
     * The register array of a call that makes it at its first need (CodeEmitter.lazyStack): the frame's from now.
     * The array the last such call at this depth used, cleared, when it has the size: a finished call's registers
     * are garbage (such a function captures no register and passes none as varargs; an error that keeps a call's
     * registers for its handler takes them from the frame, see {@code ErrorHooks.onUnwind}), so a recursive
     * function's calls make no array each (pool_fib, 5 alternating rounds: 755 -> 820 jobs/s).
     */
    public static LuaValue[] registers(LuaStacks.Frame f, int size) {
        LuaValue[] s = f.spare;
        if (s != null && s.length == size) {
            for (int i = 0; i < size; i++) { // (not Arrays.fill: recursive fib 1.06x with the loop the JIT unrolls)
                s[i] = null;
            }
            return f.stack = s;
        }
        return f.stack = f.spare = new LuaValue[size];
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

    /**
     * {@code t[k]} for a key in a register that is no string ({@code CallEmitter.tableRead}): an integer key takes
     * LuaJ's integer-key read, which spares the boxed key's virtual type tests (they meet every kind of key in the
     * JVM, so the JIT dispatches them through the vtable); the same in one static call, to keep functions small.
     */
    public static LuaValue index(LuaValue t, LuaValue k) {
        return k instanceof LuaInteger i ? t.get(i.v) : t.get(k);
    }

    /** {@code t[k]} for a key held as a double ({@code TableEmitter.unboxedKey}): an integral one the integer way. */
    public static LuaValue index(LuaValue t, double k) {
        return isInt(k) ? t.get((int) k) : t.get(LuaDouble.valueOf(k));
    }

    /** {@code t[k] = v} for a key held as a double: as {@link #index(LuaValue, double)} reads. */
    public static void setIndex(LuaValue t, double k, LuaValue v) {
        if (isInt(k)) {
            t.set((int) k, v);
        } else {
            t.set(LuaDouble.valueOf(k), v);
        }
    }

    // t[k] of a number, read and written unboxed where the table's array part holds numbers (Table.numberAt,
    // setNumber; TableEmitter.numberAccess): the key as an int (a loop's counter, a constant), a double, or a value

    public static double numberAt(LuaValue t, int k) {
        return t instanceof Table own ? own.numberAt(k) : Table.NO_NUMBER;
    }

    public static double numberAt(LuaValue t, double k) {
        int i = (int) k;
        return i == k && t instanceof Table own ? own.numberAt(i) : Table.NO_NUMBER;
    }

    public static double numberAt(LuaValue t, LuaValue k) {
        return k instanceof LuaInteger i && t instanceof Table own ? own.numberAt(i.v) : Table.NO_NUMBER;
    }

    /** Whether {@code t} is a table whose own field {@code key} holds {@code f} (a number function's global itself). */
    public static boolean holds(LuaValue t, LuaValue key, LuaValue f) {
        return t instanceof org.luaj.vm2.LuaTable table && table.rawget(key) == f;
    }

    /** Whether {@link #numberAt} read a number. */
    public static boolean isNumber(double d) {
        return Double.doubleToRawLongBits(d) != NumberArray.NIL_BITS;
    }

    public static boolean setNumber(LuaValue t, int k, double v) {
        return t instanceof Table own && own.setNumber(k, v);
    }

    public static boolean setNumber(LuaValue t, double k, double v) {
        int i = (int) k;
        return i == k && t instanceof Table own && own.setNumber(i, v);
    }

    public static boolean setNumber(LuaValue t, LuaValue k, double v) {
        return k instanceof LuaInteger i && t instanceof Table own && own.setNumber(i.v, v);
    }

    /** {@code t[k] = v} for a key in a register that is no string: as {@link #index} reads. */
    public static void setIndex(LuaValue t, LuaValue k, LuaValue v) {
        if (k instanceof LuaInteger i) {
            t.set(i.v, v);
        } else {
            t.set(k, v);
        }
    }

    /**
     * {@code f(g(...))} with one result or none wanted (see {@code CallEmitter.lastArgumentOpenCall}): {@code f}
     * called with {@code g}'s one value as its only argument, or generically with all of them.
     */
    public static LuaValue callOpenLast(LuaValue f, Varargs last) {
        return last instanceof LuaValue v && v != LuaValue.NONE ? f.call(v) : f.invoke(last).arg1();
    }

    /** {@code f(x, g(...))}: as {@link #callOpenLast(LuaValue, Varargs)}. */
    public static LuaValue callOpenLast(LuaValue f, LuaValue x, Varargs last) {
        return last instanceof LuaValue v && v != LuaValue.NONE ? f.call(x, v)
                : f.invoke(LuaValue.varargsOf(x, last)).arg1();
    }

    /** {@code f(x, y, g(...))}: as {@link #callOpenLast(LuaValue, Varargs)}. */
    public static LuaValue callOpenLast(LuaValue f, LuaValue x, LuaValue y, Varargs last) {
        return last instanceof LuaValue v && v != LuaValue.NONE ? f.call(x, y, v)
                : f.invoke(LuaValue.varargsOf(x, y, last)).arg1();
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

    /** {@code UpValue.index}, package-private in LuaJ: the register an open upvalue refers to. */
    private static final java.lang.invoke.VarHandle UPVALUE_INDEX;

    static {
        try {
            UPVALUE_INDEX = java.lang.invoke.MethodHandles.privateLookupIn(UpValue.class, java.lang.invoke.MethodHandles.lookup())
                    .findVarHandle(UpValue.class, "index", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * The interpreter's open upvalues, in the order it made them (its {@code findupval} takes the first free
     * slot), as compiled code keeps them: indexed by register. For a loop entry, which goes on with the
     * interpreter's upvalues (closures it made share them).
     */
    public static UpValue[] byRegister(UpValue[] open, int registers) {
        if (open == null) {
            return null;
        }
        UpValue[] byRegister = new UpValue[registers];
        for (UpValue u : open) {
            if (u != null) {
                byRegister[(int) UPVALUE_INDEX.get(u)] = u;
            }
        }
        return byRegister;
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


    /**
     * {@code MOD}: Lua's {@code a - floor(a/b)*b}. On two integers (b not 0) that is the floored remainder,
     * exactly what LuaJ's double formula gives for them; anything else takes LuaJ's path (metamethods included).
     */
    public static LuaValue mod(LuaValue x, LuaValue y) {
        if (x instanceof LuaInteger a && y instanceof LuaInteger b && b.v != 0) {
            return box(Math.floorMod(a.v, b.v));
        }
        return x.mod(y);
    }

    /** {@code MOD} by the constant positive integer {@code d} (also in {@code k}, for the general path). */
    public static LuaValue modPositive(LuaValue x, LuaValue k, int d) {
        if (x instanceof LuaInteger a) {
            return box(Math.floorMod(a.v, d));
        }
        return x.mod(k);
    }

    /** {@code ADD}: on two integers whose sum is one, without LuaJ's double dispatch; else LuaJ's path. */
    public static LuaValue add(LuaValue x, LuaValue y) {
        if (x instanceof LuaInteger a && y instanceof LuaInteger b) {
            long r = (long) a.v + b.v;
            if (r == (int) r) {
                return box((int) r);
            }
        }
        return x.add(y);
    }

    /** {@code SUB}: as {@link #add}. */
    public static LuaValue sub(LuaValue x, LuaValue y) {
        if (x instanceof LuaInteger a && y instanceof LuaInteger b) {
            long r = (long) a.v - b.v;
            if (r == (int) r) {
                return box((int) r);
            }
        }
        return x.sub(y);
    }

    /**
     * {@code #v} for a string or a table (its border, whatever {@code __len} says: see {@code ValueSemantics}), else
     * -1: the value's own {@code len()} (a userdata's {@code __len}, the error).
     */
    public static int length(LuaValue v) {
        return v instanceof LuaString s ? s.m_length : v instanceof org.luaj.vm2.LuaTable t ? t.rawlen() : -1;
    }

    // ---- integer for loops counted in JVM locals (CountedLoops): the loop variable as an int operand

    /**
     * How a loop from {@code init} by {@code step} to {@code limit} counts: 2 in ints by the step {@code guess} its
     * code was compiled for, whose next value cannot pass the int range before it passes the limit (an int compare
     * ends the loop, which the JIT compiles as a counted loop); 1 in ints (a long compare); 0 on the registers.
     */
    public static int countMode(LuaValue init, LuaValue limit, LuaValue step, int guess) {
        if (!countsInInts(init, limit, step)) {
            return 0;
        }
        int l = ((LuaInteger) limit).v;
        boolean room = guess > 0 ? l <= Integer.MAX_VALUE - guess : l >= Integer.MIN_VALUE - guess;
        return guess != 0 && ((LuaInteger) step).v == guess && room ? 2 : 1;
    }

    /** Whether a loop from {@code init} by {@code step} to {@code limit} can count in {@code int}s. */
    public static boolean countsInInts(LuaValue init, LuaValue limit, LuaValue step) {
        return init instanceof LuaInteger i && limit instanceof LuaInteger && step instanceof LuaInteger s
                && (long) i.v - s.v == i.v - s.v;
    }

    /** {@code x + y} on two integers: LuaJ's result (a double past the int range). */
    public static LuaValue addInt(int x, int y) {
        return exact((long) x + y);
    }

    public static LuaValue subInt(int x, int y) {
        return exact((long) x - y);
    }

    public static LuaValue mulInt(int x, int y) {
        return dev.ljuv.stdlib.vm.ValueSemantics.product(x, y);
    }

    /** {@code x % d} for a constant {@code d > 0}. */
    public static LuaValue modInt(int x, int d) {
        return box(Math.floorMod(x, d));
    }

    private static LuaValue exact(long r) {
        return r == (int) r ? box((int) r) : LuaDouble.valueOf((double) r);
    }

    // a == k, a < k, a <= k and k == b, k < b, k <= b for an integer constant k (ArithmeticEmitter.integerComparison):
    // the int compare when the register holds an integer, else LuaJ's comparison of the same operands

    public static boolean eqConstant(LuaValue a, LuaValue b, int k) {
        return a instanceof LuaInteger i ? i.v == k : a.eq_b(b);
    }

    public static boolean ltConstant(LuaValue a, LuaValue b, int k) {
        return a instanceof LuaInteger i ? i.v < k : a.lt_b(b);
    }

    public static boolean leConstant(LuaValue a, LuaValue b, int k) {
        return a instanceof LuaInteger i ? i.v <= k : a.lteq_b(b);
    }

    public static boolean constantEq(LuaValue a, LuaValue b, int k) {
        return b instanceof LuaInteger i ? k == i.v : a.eq_b(b);
    }

    public static boolean constantLt(LuaValue a, LuaValue b, int k) {
        return b instanceof LuaInteger i ? k < i.v : a.lt_b(b);
    }

    public static boolean constantLe(LuaValue a, LuaValue b, int k) {
        return b instanceof LuaInteger i ? k <= i.v : a.lteq_b(b);
    }

    public static boolean eqInt(int x, int y) {
        return x == y;
    }

    public static boolean ltInt(int x, int y) {
        return x < y;
    }

    public static boolean leInt(int x, int y) {
        return x <= y;
    }

    /** {@code SETLIST} with a multiple-results last item: registers up to {@code top}, then {@code more}. */
    public static void setList(LuaValue table, LuaValue[] stack, int a, int offset, int top, Varargs more) {
        int b = top - a - 1;
        int m = b - more.narg();
        dev.ljuv.stdlib.vm.ValueSemantics.spread(table, offset + m + 1, b - m);
        int j = 1;
        for (; j <= m; j++) {
            table.set(offset + j, stack[a + j]);
        }
        for (; j <= b; j++) {
            table.set(offset + j, more.arg(j - m));
        }
    }

    /**
     * {@code SETLIST} of values up to the top, from registers that live in JVM locals: {@code values} in order, the
     * {@code fixed} items first, then what the last one spreads.
     */
    public static void setList(LuaValue table, int offset, int fixed, Varargs values) {
        int n = values.narg();
        dev.ljuv.stdlib.vm.ValueSemantics.spread(table, offset + fixed + 1, n - fixed);
        for (int j = 1; j <= n; j++) {
            table.set(offset + j, values.arg(j));
        }
    }

    /**
     * {@code FORLOOP}: the next index when the loop goes on, else null; the interpreter's arithmetic and
     * comparisons, with integer loops (the common case) done on {@code int}s directly instead of through LuaJ's
     * double-dispatched number methods.
     */
    public static LuaValue forNext(LuaValue index, LuaValue limit, LuaValue step) {
        if (index instanceof LuaInteger i && step instanceof LuaInteger s && limit instanceof LuaInteger l) {
            long next = (long) i.v + s.v;
            if (next == (int) next) {
                int n = (int) next;
                return (s.v > 0 ? n > l.v : n < l.v) ? null : box(n);
            }
        }
        LuaValue next = step.add(index);
        return (step.gt_b(0) ? next.lteq_b(limit) : next.gteq_b(limit)) ? next : null;
    }
}
