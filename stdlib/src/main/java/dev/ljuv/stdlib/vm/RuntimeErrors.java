package dev.ljuv.stdlib.vm;

import static org.luaj.vm2.Lua.GETARG_A;
import static org.luaj.vm2.Lua.GETARG_B;
import static org.luaj.vm2.Lua.GETARG_C;
import static org.luaj.vm2.Lua.GET_OPCODE;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;

/**
 * Rewrites LuaJ's runtime error texts into LuaJIT's, naming the variable involved when the bytecode tells it:
 * {@code attempt to call global 'f' (a nil value)}, {@code attempt to index local 't' (a nil value)},
 * {@code attempt to perform arithmetic on field 'x' (a nil value)}.
 *
 * <p>Threading: stateless.
 */
public final class RuntimeErrors {
    private RuntimeErrors() {}

    private static final Pattern CALL = Pattern.compile("attempt to call (\\w+)");
    private static final Pattern INDEX = Pattern.compile("attempt to index \\? \\(a (\\w+) value\\)");
    private static final Pattern SET_INDEX = Pattern.compile("index expected, got (\\w+)");
    private static final Pattern ARITH =
            Pattern.compile("attempt to perform arithmetic (?:'?__\\w+'? )?on (\\w+)(?: and (\\w+))?");
    private static final Pattern CONCAT = Pattern.compile("attempt to concatenate (\\w+) and (\\w+)");
    private static final Pattern LENGTH = Pattern.compile("attempt to get length of (\\w+)");
    private static final Pattern COMPARE = Pattern.compile("attempt to compare (?:__\\w+ on )?(\\w+) (?:with|and) (\\w+)");
    /** LuaJ raises these from the right-hand operand, so the types come swapped. */
    private static final Pattern COMPARE_SWAPPED =
            Pattern.compile("attempt to compare (\\w+) with (\\w+) expected, got \\w+");

    private static final Pattern BAD_ARGUMENT = Pattern.compile("bad argument #(\\d+): (.*)", Pattern.DOTALL);

    /**
     * LuaJ's argument errors ({@code bad argument #1: number expected, got nil}) in LuaJIT's words, with the
     * name the function was called by, {@code ?} when unknown: {@code bad argument #1 to 'f' (...)}.
     */
    /** LuaJ's detail of an argument error as LuaJIT words it (LuaJ says only {@code value} for a missing one). */
    static String argumentDetail(String detail) {
        if (detail.startsWith("int expected") || detail.startsWith("integer expected")) {
            return "number" + detail.substring(detail.indexOf(" expected")); // LuaJ's words for an integer argument
        }
        return detail.equals("value") ? "value expected" : detail;
    }

    public static String rewriteArgument(String message, Prototype p, int pc) {
        Matcher m;
        if (message == null || !(m = BAD_ARGUMENT.matcher(message)).matches()) {
            return null;
        }
        return argumentText(Integer.parseInt(m.group(1)), argumentDetail(m.group(2)), p, pc);
    }

    /** The parts of LuaJ's argument error {@code message} ({@code bad argument #1: detail}), or null. */
    static ErrorTrace.Argument argument(String message) {
        Matcher m;
        if (message == null || !(m = BAD_ARGUMENT.matcher(message)).matches()) {
            return null;
        }
        return new ErrorTrace.Argument(Integer.parseInt(m.group(1)), argumentDetail(m.group(2)));
    }

    /**
     * LuaJIT's text for an argument error of the function called at {@code pc}: named as the call names it (the
     * global, field, method or local it was called through), and for a method call counted without {@code self}
     * ({@code ("x"):rep()} has its argument #1 missing; a bad {@code self} is "calling 'f' on bad self").
     */
    public static String argumentText(int index, String detail, Prototype p, int pc) {
        CallSiteNames.Name n = CallSiteNames.calledFunction(p, pc);
        String name = n == null ? "?" : n.name();
        if (n != null && n.kind().equals("method")) {
            index--; // Lua does not count self for a method call
            if (index == 0) {
                return "calling '" + name + "' on bad self (" + detail + ")";
            }
        }
        return "bad argument #" + index + " to '" + name + "' (" + detail + ")";
    }

    /**
     * LuaJIT's text for LuaJ's "attempt to call T" raised at {@code pc} by a call this instruction did not make
     * itself: a metamethod that is no function (an {@code __lt} of 5), or a value a Java function it called calls
     * ({@code tostring} of an object whose {@code __tostring} is 5, {@code print} without {@code tostring}). The
     * instruction's own call fails only on the value it calls, of type T and no {@code __call} function. Null
     * otherwise, or without the registers to tell.
     */
    static String callNotMadeHere(String message, Prototype p, int pc, LuaValue[] registers) {
        Matcher m;
        if (message == null || registers == null || pc < 0 || pc >= p.code.length
                || !(m = CALL.matcher(message)).matches()) {
            return null;
        }
        int i = p.code[pc];
        int op = GET_OPCODE(i);
        if (op == Lua.OP_CALL || op == Lua.OP_TAILCALL || op == Lua.OP_TFORCALL) {
            LuaValue called = rk(p, registers, GETARG_A(i));
            if (called.typename().equals(m.group(1)) && !called.isfunction()) {
                return null; // this instruction's own call
            }
        }
        return "attempt to call a " + m.group(1) + " value";
    }

    /** LuaJIT's text for the VM error {@code message} raised at {@code pc}, or null when it is not one. */
    public static String rewrite(String message, Prototype p, int pc, LuaValue[] registers) {
        if (message == null || pc < 0 || pc >= p.code.length) {
            return null;
        }
        int i = p.code[pc];
        int op = GET_OPCODE(i);
        Matcher m;
        if ((m = SET_INDEX.matcher(message)).matches() && (op == Lua.OP_SETTABLE || op == Lua.OP_SETTABUP)) {
            // LuaJ's text for a store into a value that cannot be indexed (an __newindex of that type: unnamed)
            if (op == Lua.OP_SETTABLE && registers != null
                    && handlerOfType(rk(p, registers, GETARG_A(i)), LuaValue.NEWINDEX, m.group(1))) {
                return "attempt to index a " + m.group(1) + " value";
            }
            return op == Lua.OP_SETTABLE ? "attempt to index " + operand(p, pc, GETARG_A(i), m.group(1))
                    : "attempt to index " + upvalue(p, GETARG_A(i), m.group(1));
        }
        if (message.startsWith("table index") && (op == Lua.OP_SETTABLE || op == Lua.OP_SETTABUP) && registers != null) {
            LuaValue key = rk(p, registers, GETARG_B(i)); // LuaJ's text names the table's type, not the key
            return key.isnil() ? "table index is nil" : "table index is NaN";
        }
        if (!message.startsWith("attempt to ")) {
            return null;
        }
        if (registers != null && (op == Lua.OP_LT || op == Lua.OP_LE) && message.startsWith("attempt to compare")) {
            // the operands' own types, left then right, as LuaJIT names them (LuaJ's texts vary and swap them)
            return compared(rk(p, registers, GETARG_B(i)).typename(), rk(p, registers, GETARG_C(i)).typename());
        }
        if (registers != null && op == Lua.OP_CONCAT && CONCAT.matcher(message).matches()) {
            for (int r = GETARG_C(i); r >= GETARG_B(i); r--) { // the rightmost operand that is no string
                LuaValue v = r < registers.length ? registers[r] : null;
                if (v != null && !v.isstring() && v.metatag(LuaValue.CONCAT).isnil()) {
                    return "attempt to concatenate " + operand(p, pc, r, v.typename());
                }
            }
        }
        if ((m = CALL.matcher(message)).matches()) {
            if (op == Lua.OP_CALL || op == Lua.OP_TAILCALL) {
                return "attempt to call " + operand(p, pc, GETARG_A(i), m.group(1));
            }
            if (op == Lua.OP_TFORCALL) {
                return "attempt to call a " + m.group(1) + " value"; // a generic for's iterator, unnamed as in LuaJIT
            }
        }
        if ((m = INDEX.matcher(message)).matches()) {
            String type = m.group(1);
            if (registers != null && (op == Lua.OP_GETTABLE || op == Lua.OP_SELF || op == Lua.OP_SETTABLE)
                    && handlerOfType(rk(p, registers, op == Lua.OP_SETTABLE ? GETARG_A(i) : GETARG_B(i)),
                            op == Lua.OP_SETTABLE ? LuaValue.NEWINDEX : LuaValue.INDEX, type)) {
                return "attempt to index a " + type + " value"; // an __index or __newindex of that type, not the operand
            }
            return switch (op) {
                case Lua.OP_GETTABLE, Lua.OP_SELF -> "attempt to index " + operand(p, pc, GETARG_B(i), type);
                case Lua.OP_SETTABLE -> "attempt to index " + operand(p, pc, GETARG_A(i), type);
                case Lua.OP_GETTABUP -> "attempt to index " + upvalue(p, GETARG_B(i), type);
                case Lua.OP_SETTABUP -> "attempt to index " + upvalue(p, GETARG_A(i), type);
                default -> "attempt to index a " + type + " value";
            };
        }
        if ((m = ARITH.matcher(message)).matches() && op >= Lua.OP_ADD && op <= Lua.OP_UNM) {
            boolean leftBad = !m.group(1).equals("number");
            String type = leftBad || m.group(2) == null ? m.group(1) : m.group(2);
            if (registers != null && op != Lua.OP_UNM) {
                // LuaJIT blames the left operand unless it reads as a number (a numeric string does), else the right
                LuaValue left = rk(p, registers, GETARG_B(i));
                leftBad = left.type() != LuaValue.TNUMBER && left.tonumber().isnil(); // (a counted loop's register too)
                type = (leftBad ? left : rk(p, registers, GETARG_C(i))).typename();
            }
            int rk = op == Lua.OP_UNM || leftBad ? GETARG_B(i) : GETARG_C(i);
            return "attempt to perform arithmetic on " + (rk >= 0x100 ? "a " + type + " value" : operand(p, pc, rk, type));
        }
        if ((m = CONCAT.matcher(message)).matches()) {
            String bad = m.group(1).equals("string") || m.group(1).equals("number") ? m.group(2) : m.group(1);
            return "attempt to concatenate a " + bad + " value";
        }
        if ((m = LENGTH.matcher(message)).matches() && op == Lua.OP_LEN) {
            return "attempt to get length of " + operand(p, pc, GETARG_B(i), m.group(1));
        }
        if ((m = COMPARE_SWAPPED.matcher(message)).matches()) {
            return compared(m.group(2), m.group(1));
        }
        if ((m = COMPARE.matcher(message)).matches()) {
            return compared(m.group(1), m.group(2));
        }
        return null;
    }

    /**
     * Whether {@code v}'s {@code event} handler, or one down its chain of tables, is a value of {@code type}: then that
     * handler was indexed, not {@code v}. Positive evidence only: compiled code may leave a register's slot stale.
     */
    private static boolean handlerOfType(LuaValue v, LuaValue event, String type) {
        for (int hops = 0; hops < 100 && (v.istable() || v.isuserdata()); hops++) {
            LuaValue h = v.metatag(event);
            if (h.typename().equals(type) && !h.isnil()) {
                return true;
            }
            v = h;
        }
        return false;
    }

    /** The value of operand {@code x} (a register, or a constant from 256 on). */
    private static LuaValue rk(Prototype p, LuaValue[] registers, int x) {
        LuaValue v = Lua.ISK(x) ? p.k[Lua.INDEXK(x)] : x < registers.length ? registers[x] : null;
        return v == null ? LuaValue.NIL : v;
    }

    private static String operand(Prototype p, int pc, int reg, String type) {
        CallSiteNames.Name n = CallSiteNames.objectName(p, pc, reg);
        if (n == null || n.kind().equals("constant")) {
            return "a " + type + " value";
        }
        return n.kind() + " '" + n.name() + "' (a " + type + " value)";
    }

    private static String upvalue(Prototype p, int idx, String type) {
        if (p.upvalues != null && idx < p.upvalues.length && p.upvalues[idx] != null && p.upvalues[idx].name != null) {
            return "upvalue '" + p.upvalues[idx].name.tojstring() + "' (a " + type + " value)";
        }
        return "a " + type + " value";
    }

    private static String compared(String left, String right) {
        return left.equals(right) ? "attempt to compare two " + left + " values"
                : "attempt to compare " + left + " with " + right;
    }
}
