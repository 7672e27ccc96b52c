package dev.ljuv.stdlib.compile;

import java.util.BitSet;
import java.util.Set;
import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaNumber;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LocVars;
import org.luaj.vm2.Prototype;

/**
 * The calls compiled code gives a path for a library function of one or two numbers ({@code sqrt(dx*dx + dy*dy)},
 * {@code max(a, b)}, {@code band(x, 0xff)}, see {@link dev.ljuv.stdlib.lua.Functions.OfNumber}): that many
 * arguments (up to four for a {@link #FOLDS fold}), one result, and a callee read under the name of such a function
 * ({@code local sqrt = math.sqrt}, {@code math.sin}, an upvalue {@code floor}). The name only chooses where the path
 * is worth its code; at run time the callee itself is tested.
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

    /**
     * The functions of two numbers that fold more ({@code bxor(b, c, d)}: {@code bxor(bxor(b, c), d)}), whose calls of
     * three or four arguments take the path too, the body for two applied from the left as their own loops do.
     */
    private static final Set<String> FOLDS = Set.of("band", "bor", "bxor", "max", "min");

    /**
     * The instructions of {@code p} that are such calls (found once per function compiled: see CodeEmitter). A call
     * whose last argument is such a call ({@code band(x, rol(-2, j))}, {@code floor(sqrt(n))}: Lua passes all the
     * inner call's results, {@code CALL} with C = 0 then B = 0) is one too, both taking their paths when the inner
     * callee is the number function, which gives one result.
     */
    static BitSet of(Prototype p) {
        int[] code = p.code;
        int[] args = new int[code.length];
        for (int pc = 0; pc < code.length; pc++) {
            args[pc] = arguments(p, pc, args);
        }
        BitSet calls = new BitSet();
        for (int pc = code.length - 1; pc >= 0; pc--) { // an open result only into such a call
            int c = Lua.GETARG_C(code[pc]);
            if (args[pc] > 0 && (c == 2 || c == 0 && calls.get(pc + 1) && Lua.GETARG_B(code[pc + 1]) == 0)) {
                calls.set(pc);
            }
        }
        return calls;
    }

    /**
     * The number of arguments of the call at {@code pc}, when it calls a number function by its name and they can be
     * numbers (its last one the call before's open result, when that is such a call too: {@code args} has the
     * instructions before); else -1.
     */
    private static int arguments(Prototype p, int pc, int[] args) {
        int i = p.code[pc];
        if (Lua.GET_OPCODE(i) != Lua.OP_CALL) {
            return -1;
        }
        int n = arguments(p, pc);
        if (Lua.GETARG_B(i) == 0 && (pc == 0 || args[pc - 1] < 0 || Lua.GETARG_C(p.code[pc - 1]) != 0)) {
            return -1;
        }
        String name = n < 1 || n > 4 ? null : calleeName(p, pc, Lua.GETARG_A(i));
        return named(name, n) || luaCall(p, pc) ? n : -1;
    }

    /**
     * Whether call {@code pc} calls a parameter's, an upvalue's or a global's function (not by a library function's
     * name) with one or two arguments, in a loop, its one result used next as a number: a function passed in to be
     * applied to numbers ({@code integrate(f)}'s {@code f(omega * x)}, given {@code math.cos}), or a helper ({@code
     * A(i, j)} in spectral-norm's loops), which may be a library function's or a Lua function compiled as a leaf
     * number function ({@link NumberFunction}), tested at run time.
     */
    static boolean luaCall(Prototype p, int pc) {
        int[] code = p.code;
        int i = code[pc];
        int n = Lua.GETARG_B(i) - 1;
        if (Lua.GET_OPCODE(i) != Lua.OP_CALL || n < 1 || n > 2 || Lua.GETARG_C(i) != 2 || pc == 0) {
            return false;
        }
        int q = RegisterFlow.lastWriteBefore(p, pc, Lua.GETARG_A(i));
        int callee = q < 0 ? -1 : Lua.GET_OPCODE(code[q]);
        boolean parameter = callee == Lua.OP_MOVE && Lua.GETARG_B(code[q]) < p.numparams;
        boolean upvalue = callee == Lua.OP_GETUPVAL || callee == Lua.OP_GETTABUP && Lua.ISK(Lua.GETARG_C(code[q]));
        if (!parameter && !(upvalue && !named(calleeName(p, pc, Lua.GETARG_A(i)), n))) {
            return false;
        }
        boolean inLoop = false;
        for (int e = pc + 1; e < code.length && !inLoop; e++) {
            int target = LoopEntries.backEdgeTarget(code, e);
            inLoop = target >= 0 && target <= pc;
        }
        return inLoop && numberUse(p, new BitSet(), pc);
    }

    /** Whether {@code name} is a library number function's, for some number of arguments (the folds take two too). */
    static boolean libraryName(String name) {
        return named(name, 1) || named(name, 2);
    }

    /** Whether {@code name} is a library number function's, called by it with {@code n} arguments. */
    static boolean named(String name, int n) {
        return name != null && switch (n) {
            case 1 -> ONE.contains(name) || BIT_ONE.contains(name);
            case 2 -> TWO.contains(name) || BIT_TWO.contains(name);
            default -> FOLDS.contains(name);
        };
    }

    /**
     * Whether a loop of {@code p} calls anything but the number functions ({@link #of}): a Lua or library function,
     * a generic {@code for}'s iterator. With registers in JVM locals such a call copies the changed named locals out
     * and back, at every iteration (see {@link RegisterFlow}).
     */
    static boolean callsInLoops(Prototype p) {
        BitSet numberCalls = of(p);
        int[] code = p.code;
        for (int pc = 0; pc < code.length; pc++) {
            int target = LoopEntries.backEdgeTarget(code, pc);
            if (target >= 0) {
                for (int q = target; q < pc; q++) {
                    int o = Lua.GET_OPCODE(code[q]);
                    if (o == Lua.OP_CALL && !numberCalls.get(q) || o == Lua.OP_TAILCALL || o == Lua.OP_TFORCALL) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * The loads of number call {@code pc}'s arguments that its path can make itself, reading each number where it is
     * ({@code rshift(i, 5)}, {@code rol(-2, j)}: a loop's counter, a constant): per argument {@code k} of {@code n},
     * the pc of a {@code MOVE} from a register below the call's or a {@code LOADK} of a number (index under 256) into
     * its register, among those right before the call; else -1. See {@code NumberEmitter.deferredMoves}.
     */
    static int[] argumentMoves(Prototype p, int pc, int n) {
        int[] code = p.code;
        int a = Lua.GETARG_A(code[pc]);
        int[] moves = new int[Math.max(n, 0)];
        java.util.Arrays.fill(moves, -1);
        boolean[] loaded = new boolean[moves.length];
        for (int q = pc - 1; q >= 0; q--) {
            int i = code[q];
            int op = Lua.GET_OPCODE(i);
            int k = Lua.GETARG_A(i) - a - 1;
            if (op != Lua.OP_MOVE && op != Lua.OP_LOADK || k < 0 || k >= moves.length || loaded[k]) {
                break; // (the first other instruction ends them; LOADKX's operand word is no LOADK)
            }
            loaded[k] = true;
            boolean number = op == Lua.OP_LOADK && Lua.GETARG_Bx(i) < 0x100
                    && p.k[Lua.GETARG_Bx(i)] instanceof LuaNumber;
            if (op == Lua.OP_MOVE && Lua.GETARG_B(i) <= a || number) {
                moves[k] = q;
            }
        }
        return moves;
    }

    /** The number of arguments of call {@code pc}, its B or, when that is 0, up to the open result before it. */
    static int arguments(Prototype p, int pc) {
        int i = p.code[pc];
        int b = Lua.GETARG_B(i);
        return b > 0 ? b - 1 : pc > 0 ? Lua.GETARG_A(p.code[pc - 1]) - Lua.GETARG_A(i) : -1;
    }

    /**
     * {@code calls} ({@link #of}) less the chains of calls by open results ({@code f(x, g(y))}) where one result is
     * boxed anyway: a {@code bit} function's whose result register is not numeric there ({@code numericResult} of its
     * pc, see {@link RegisterWebs} and {@code NumberEmitter}: its path pays only unboxed). The ordinary calls take both library bodies without a box between them, where the
     * paths would box {@code rol}'s number for the generic call of {@code band} in {@code x = band(x, rol(-2, j))},
     * and euler14-bit's {@code bor(..., band(..., bnot(...)))} ran 0.79x with them; so is one whose {@code bit} result
     * is not used as a number next ({@link #numberUse}).
     */
    static BitSet chains(Prototype p, BitSet calls, java.util.function.IntPredicate numericResult) {
        BitSet bits = bitwise(p, calls);
        BitSet kept = (BitSet) calls.clone();
        int[] code = p.code;
        for (int first = calls.nextSetBit(0); first >= 0; first = calls.nextSetBit(first + 1)) {
            if (Lua.GETARG_C(code[first]) != 0) {
                continue; // (a chain starts with an open result)
            }
            int last = first - 1;
            boolean boxed = false;
            do { // (of(): an open result only into such a call, up to one with a fixed result)
                last++;
                boxed |= bits.get(last) && !numericResult.test(last);
            } while (Lua.GETARG_C(code[last]) == 0);
            if (boxed || bits.get(last) && !numberUse(p, calls, last)) {
                kept.clear(first, last + 1);
            }
            first = last;
        }
        return kept;
    }

    /**
     * Whether the result of call {@code pc} is next read as a number, close after it (arithmetic, a comparison, a
     * number call's argument, a table's key, a value stored at a key: {@code t[i] = band(t[i], rol(-2, j))}, which
     * an array part of numbers takes unboxed, see {@code Table.numbersInstead}). A chain ending in a {@code bit}
     * function whose result goes on otherwise, as a value, is left to the ordinary calls, whose library bodies box an
     * int directly: with the paths, nsieve-bit's stores into boxes ran 0.82x.
     */
    private static boolean numberUse(Prototype p, BitSet calls, int pc) {
        int r = Lua.GETARG_A(p.code[pc]);
        for (int q = pc + 1; q < p.code.length && q <= pc + 8; q++) {
            int i = p.code[q];
            int op = Lua.GET_OPCODE(i);
            int a = Lua.GETARG_A(i);
            int b = Lua.GETARG_B(i);
            int c = Lua.GETARG_C(i);
            if (op >= Lua.OP_ADD && op <= Lua.OP_UNM || op >= Lua.OP_EQ && op <= Lua.OP_LE) {
                if (b == r || op != Lua.OP_UNM && c == r) {
                    return true;
                }
            } else if (op == Lua.OP_GETTABLE && c == r && b != r
                    || op == Lua.OP_SETTABLE && b == r && a != r && c != r
                    || op == Lua.OP_SETTABLE && c == r && a != r && b != r) {
                return true;
            } else if (calls.get(q) && r > a && r <= a + arguments(p, q)) {
                return true;
            }
            if (a == r || b == r || c == r || op == Lua.OP_CALL || op == Lua.OP_TAILCALL || op == Lua.OP_RETURN
                    || op == Lua.OP_CONCAT || op == Lua.OP_SETLIST || op == Lua.OP_VARARG || op == Lua.OP_LOADNIL
                    || op == Lua.OP_JMP || op == Lua.OP_FORLOOP || op == Lua.OP_FORPREP || op == Lua.OP_TFORCALL
                    || op == Lua.OP_TFORLOOP || op == Lua.OP_TEST || op == Lua.OP_TESTSET || op == Lua.OP_CLOSURE) {
                return false; // another use, a write, a range, or control flow: not known to be a number's use
            }
        }
        return false;
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
