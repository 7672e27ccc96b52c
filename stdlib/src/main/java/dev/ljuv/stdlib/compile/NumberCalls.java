package dev.ljuv.stdlib.compile;

import java.util.BitSet;
import java.util.Set;
import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LocVars;
import org.luaj.vm2.Prototype;

/**
 * The calls compiled code gives a path for a library function of one or two numbers ({@code sqrt(dx*dx + dy*dy)},
 * {@code max(a, b)}, {@code band(x, 0xff)}, see {@link dev.ljuv.stdlib.lua.Functions.OfNumber}): that many
 * arguments, one result, and a callee read under the name of such a function ({@code local sqrt = math.sqrt},
 * {@code math.sin}, an upvalue {@code floor}). The name only chooses where the path is worth its code; at run time
 * the callee itself is tested.
 *
 * <p>At such a call, the path leaves the named locals where they were (nothing can look at them: the function is no
 * Lua code and cannot fail), so {@link RegisterFlow} does not count the call as copying them, and its result may be
 * a register holding a number unboxed.
 *
 * <p>Threading: stateless.
 */
final class NumberCalls {
    private NumberCalls() {}

    /** The {@code math} functions with a body for a number (see {@code MathLibrary}). */
    private static final Set<String> ONE = Set.of("abs", "acos", "asin", "atan", "ceil", "cos", "cosh", "deg", "exp",
            "floor", "log10", "rad", "sin", "sinh", "sqrt", "tan", "tanh");

    /** The {@code math} functions with a body for two numbers. */
    private static final Set<String> TWO = Set.of("atan2", "fmod", "max", "min", "pow");

    /**
     * The {@code bit} functions with a body for one or two numbers (see {@code BitLibrary}). Their path pays only where
     * the result stays unboxed ({@link #bitwise}): boxed, it costs a test of the double that their own body, which
     * boxes an int, does not.
     */
    private static final Set<String> BIT_ONE = Set.of("bnot", "tobit");
    private static final Set<String> BIT_TWO =
            Set.of("band", "bor", "bxor", "lshift", "rshift", "arshift", "rol", "ror");

    /** The instructions of {@code p} that are such calls (found once per function compiled: see CodeEmitter). */
    static BitSet of(Prototype p) {
        BitSet calls = new BitSet();
        for (int pc = 0; pc < p.code.length; pc++) {
            if (at(p, pc)) {
                calls.set(pc);
            }
        }
        return calls;
    }

    /** Whether the instruction at {@code pc} of {@code p} is such a call. */
    private static boolean at(Prototype p, int pc) {
        int i = p.code[pc];
        int b = Lua.GETARG_B(i);
        if (Lua.GET_OPCODE(i) != Lua.OP_CALL || b != 2 && b != 3 || Lua.GETARG_C(i) != 2) {
            return false;
        }
        String name = calleeName(p, pc, Lua.GETARG_A(i));
        return name != null && (b == 2 ? ONE.contains(name) || BIT_ONE.contains(name)
                : TWO.contains(name) || BIT_TWO.contains(name));
    }

    /** Those of the calls {@code calls} ({@link #of}) that call a {@code bit} function. */
    static BitSet bitwise(Prototype p, BitSet calls) {
        BitSet bitwise = new BitSet();
        for (int pc = calls.nextSetBit(0); pc >= 0; pc = calls.nextSetBit(pc + 1)) {
            String name = calleeName(p, pc, Lua.GETARG_A(p.code[pc]));
            if (BIT_ONE.contains(name) || BIT_TWO.contains(name)) { // (each call of() found has a name)
                bitwise.set(pc);
            }
        }
        return bitwise;
    }

    /** The name the callee in register {@code a} was read under, or null (see {@link RegisterFlow#lastWriteBefore}). */
    private static String calleeName(Prototype p, int pc, int a) {
        int q = RegisterFlow.lastWriteBefore(p, pc, a);
        if (q < 0) {
            return null;
        }
        int i = p.code[q];
        return switch (Lua.GET_OPCODE(i)) {
            case Lua.OP_GETUPVAL -> {
                LuaString n = p.upvalues[Lua.GETARG_B(i)].name;
                yield n == null ? null : n.tojstring();
            }
            case Lua.OP_GETTABUP, Lua.OP_GETTABLE -> Lua.ISK(Lua.GETARG_C(i))
                    && p.k[Lua.INDEXK(Lua.GETARG_C(i))] instanceof LuaString s ? s.tojstring() : null;
            case Lua.OP_MOVE -> localName(p, Lua.GETARG_B(i), q);
            default -> null;
        };
    }

    /** The name of the local in register {@code r} at {@code pc}, or null. */
    private static String localName(Prototype p, int r, int pc) {
        int n = 0;
        for (LocVars v : p.locvars) {
            if (v.startpc <= pc && pc < v.endpc) {
                if (n == r) {
                    return v.varname.tojstring();
                }
                n++;
            }
        }
        return null;
    }
}
