package dev.ljuv.stdlib.compile;

import java.util.ArrayList;
import java.util.List;
import org.luaj.vm2.Lua;
import org.luaj.vm2.Prototype;

/**
 * The numeric {@code for} loops of a function whose control variable compiled code can keep in JVM
 * {@code int}s: those whose body never assigns the loop's registers, never captures them in a closure and never
 * passes them on as part of a register range (call arguments, results, {@code ...}). In such a loop every read
 * of the variable is a single-register operand, which the compiler turns into the {@code int} itself (integer
 * arithmetic and comparisons, table indexing) or a box made on the spot, and no register array store or new
 * box per iteration is needed. Whether a loop really counts in integers is only known when it starts
 * ({@code FORPREP}): the compiled code decides there and keeps the interpreter's way for the others.
 *
 * <p>Threading: built and used by the compiling thread.
 */
final class CountedLoops {
    /**
     * One eligible loop: its base register {@code a} (variable in {@code a + 3}), body {@code [first, last]}, and the
     * step its code most likely has ({@link #stepOf}; 0 for none known).
     */
    record Loop(int a, int first, int last, int slot, int step) {
        int variable() {
            return a + 3;
        }
    }

    /** JVM local slots each loop uses from {@link Loop#slot}: mode, index, limit, step, counter. */
    static final int SLOTS = 5;

    private static final int TOP = Integer.MAX_VALUE;

    private final List<Loop> loops = new ArrayList<>();

    /** The eligible loops of {@code p} (none when {@code p} is null), their locals from {@code firstSlot}. */
    CountedLoops(Prototype p, int firstSlot) {
        int[] code = p == null ? new int[0] : p.code;
        for (int pc = 0; pc < code.length; pc++) {
            int i = code[pc];
            if (Lua.GET_OPCODE(i) == Lua.OP_FORPREP) {
                int a = Lua.GETARG_A(i);
                int loopPc = pc + 1 + Lua.GETARG_sBx(i);
                if (loopPc < code.length && Lua.GET_OPCODE(code[loopPc]) == Lua.OP_FORLOOP
                        && Lua.GETARG_A(code[loopPc]) == a && keepsToItself(p, a, pc + 1, loopPc - 1)) {
                    int step = innermost(code, pc + 1, loopPc - 1) ? stepOf(p, pc, a) : 0;
                    loops.add(new Loop(a, pc + 1, loopPc - 1, firstSlot + SLOTS * loops.size(), step));
                }
            }
        }
    }

    List<Loop> all() {
        return loops;
    }

    /** The loop started by the {@code FORPREP} or ended by the {@code FORLOOP} at {@code pc}, or null. */
    Loop at(int pc) {
        for (Loop l : loops) {
            if (l.first() - 1 == pc || l.last() + 1 == pc) {
                return l;
            }
        }
        return null;
    }

    /** The loop whose variable register {@code r} is at {@code pc} (inside its body), or null. */
    Loop variable(int r, int pc) {
        for (Loop l : loops) {
            if (l.variable() == r && pc >= l.first() && pc <= l.last()) {
                return l;
            }
        }
        return null;
    }

    /**
     * The integer constant the instruction before {@code FORPREP} at {@code pc} loads as the step (the parser's for
     * {@code for i = a, b} and {@code for i = a, b, -1}), else 0. Only a likely step: a jump may reach the
     * {@code FORPREP} with another, which the compiled code checks when the loop starts.
     */
    private static int stepOf(Prototype p, int pc, int a) {
        int i = pc > 0 ? p.code[pc - 1] : 0;
        if (pc > 0 && Lua.GET_OPCODE(i) == Lua.OP_LOADK && Lua.GETARG_A(i) == a + 2
                && p.k[Lua.GETARG_Bx(i)] instanceof org.luaj.vm2.LuaInteger k && k.v >= Short.MIN_VALUE
                && k.v <= Short.MAX_VALUE) {
            return k.v;
        }
        return 0;
    }

    /** Whether the body {@code [first, last]} has no loop of its own (no jump back). */
    private static boolean innermost(int[] code, int first, int last) {
        for (int pc = first; pc <= last; pc++) {
            if (LoopEntries.backEdgeTarget(code, pc) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether the body {@code [first, last]} leaves registers {@code a..a+3} to the loop. */
    private static boolean keepsToItself(Prototype p, int a, int first, int last) {
        int lo = a, hi = a + 3;
        for (int pc = first; pc <= last; pc++) {
            int i = p.code[pc];
            int op = Lua.GET_OPCODE(i);
            int ra = Lua.GETARG_A(i);
            int b = Lua.GETARG_B(i);
            int c = Lua.GETARG_C(i);
            boolean conflict = switch (op) {
                // write register A
                case Lua.OP_MOVE, Lua.OP_LOADK, Lua.OP_LOADKX, Lua.OP_LOADBOOL, Lua.OP_GETUPVAL, Lua.OP_GETTABUP,
                     Lua.OP_GETTABLE, Lua.OP_NEWTABLE, Lua.OP_ADD, Lua.OP_SUB, Lua.OP_MUL, Lua.OP_DIV, Lua.OP_MOD,
                     Lua.OP_POW, Lua.OP_UNM, Lua.OP_NOT, Lua.OP_LEN, Lua.OP_TESTSET, Lua.OP_TFORLOOP ->
                        in(ra, ra, lo, hi);
                case Lua.OP_CLOSURE -> in(ra, ra, lo, hi) || captures(p.p[Lua.GETARG_Bx(i)], lo, hi);
                case Lua.OP_SELF -> in(ra, ra + 1, lo, hi);
                case Lua.OP_LOADNIL -> in(ra, ra + b, lo, hi);
                // read register B..C
                case Lua.OP_CONCAT -> in(ra, ra, lo, hi) || in(b, c, lo, hi);
                // read or write a range from A (count 0: open, up to the top)
                case Lua.OP_CALL -> in(ra, b == 0 || c == 0 ? TOP : ra + Math.max(b - 1, c - 2), lo, hi);
                case Lua.OP_TAILCALL -> in(ra, b == 0 ? TOP : ra + b - 1, lo, hi);
                case Lua.OP_RETURN -> b != 2 && in(ra, b == 0 ? TOP : ra + b - 2, lo, hi); // one value: a single read
                case Lua.OP_VARARG -> in(ra, b == 0 ? TOP : ra + b - 2, lo, hi);
                case Lua.OP_SETLIST -> in(ra, b == 0 ? TOP : ra + b, lo, hi);
                case Lua.OP_TFORCALL -> in(ra, ra + 2 + c, lo, hi);
                case Lua.OP_FORPREP, Lua.OP_FORLOOP -> in(ra, ra + 3, lo, hi);
                default -> false; // SETTABUP, SETUPVAL, SETTABLE, JMP, EQ, LT, LE, TEST: single operands only
            };
            if (conflict) {
                return false;
            }
            if (op == Lua.OP_SETLIST && c == 0) {
                pc++; // the next word is SETLIST's operand
            }
        }
        return true;
    }

    private static boolean in(int from, int to, int lo, int hi) {
        return from <= hi && to >= lo;
    }

    private static boolean captures(Prototype inner, int lo, int hi) {
        for (org.luaj.vm2.Upvaldesc u : inner.upvalues) {
            if (u.instack && u.idx >= lo && u.idx <= hi) {
                return true;
            }
        }
        return false;
    }
}
