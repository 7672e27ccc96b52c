package dev.ljuv.stdlib.load;

import static org.luaj.vm2.Lua.GETARG_A;
import static org.luaj.vm2.Lua.GETARG_B;
import static org.luaj.vm2.Lua.GETARG_Bx;
import static org.luaj.vm2.Lua.GETARG_C;
import static org.luaj.vm2.Lua.GETARG_sBx;
import static org.luaj.vm2.Lua.GET_OPCODE;
import static org.luaj.vm2.Lua.ISK;

import java.util.ArrayDeque;
import java.util.BitSet;
import org.luaj.vm2.Lua;
import org.luaj.vm2.Prototype;

/**
 * Whether a loaded function writes each register before it reads it, on every path: a forward analysis of the
 * registers surely written at each instruction. The Lua compiler's code does (LuaJ's gives even a local declared
 * without a value its LOADNIL); a forged chunk may not. Only a function that may read a register first
 * needs {@code BytecodeVerifier}'s {@code LOADNIL} at its start (LuaJ's interpreter leaves registers unset, a Java
 * null); the others keep their code as dumped, and compile as the same function loaded from source does (the same
 * shared class, the same size: an inserted instruction shifts every pc and changes the code's length).
 *
 * <p>Runs after {@code BytecodeVerifier}'s checks (indexes and jumps in range, open results taken right after the
 * instruction that left them). Threading: stateless.
 */
final class DefiniteWrites {
    private DefiniteWrites() {}

    /** Whether {@code p} (not its inner functions) writes every register it reads before it reads it. */
    static boolean writesFirst(Prototype p) {
        int[] code = p.code;
        BitSet[] in = new BitSet[code.length + 1];
        BitSet entry = new BitSet();
        entry.set(0, p.numparams);
        in[0] = entry;
        ArrayDeque<Integer> work = new ArrayDeque<>();
        work.add(0);
        while (!work.isEmpty()) {
            int pc = work.poll();
            if (pc >= code.length) {
                return false; // a skip past the final instruction: no compiler's code
            }
            BitSet w = (BitSet) in[pc].clone();
            int i = code[pc];
            int a = GETARG_A(i);
            int b = GETARG_B(i);
            int c = GETARG_C(i);
            int next = pc + 1;
            boolean ok = switch (GET_OPCODE(i)) {
                case Lua.OP_MOVE, Lua.OP_UNM, Lua.OP_NOT, Lua.OP_LEN -> written(w, b, b) && set(w, a, a);
                case Lua.OP_LOADK, Lua.OP_GETUPVAL, Lua.OP_NEWTABLE -> set(w, a, a);
                case Lua.OP_LOADBOOL -> {
                    next = c != 0 ? pc + 2 : pc + 1;
                    yield set(w, a, a);
                }
                case Lua.OP_LOADNIL -> set(w, a, a + b);
                case Lua.OP_SETUPVAL, Lua.OP_TEST -> written(w, a, a);
                case Lua.OP_GETTABUP -> rk(w, c) && set(w, a, a);
                case Lua.OP_SETTABUP, Lua.OP_EQ, Lua.OP_LT, Lua.OP_LE -> rk(w, b) && rk(w, c);
                case Lua.OP_GETTABLE -> written(w, b, b) && rk(w, c) && set(w, a, a);
                case Lua.OP_SETTABLE -> written(w, a, a) && rk(w, b) && rk(w, c);
                case Lua.OP_ADD, Lua.OP_SUB, Lua.OP_MUL, Lua.OP_DIV, Lua.OP_MOD, Lua.OP_POW ->
                        rk(w, b) && rk(w, c) && set(w, a, a);
                case Lua.OP_SELF -> written(w, b, b) && rk(w, c) && set(w, a, a + 1);
                case Lua.OP_CONCAT -> written(w, b, c) && set(w, a, a);
                case Lua.OP_JMP -> {
                    next = pc + 1 + GETARG_sBx(i);
                    yield true;
                }
                case Lua.OP_TESTSET -> { // R(A) := R(B) going on to the next instruction, else the one after
                    if (!written(w, b, b)) {
                        yield false;
                    }
                    flow(in, work, pc + 2, w);
                    yield set(w, a, a);
                }
                case Lua.OP_CALL, Lua.OP_TAILCALL -> written(w, a, a) && arguments(code, pc, w, a + 1, b)
                        && (c < 2 || set(w, a, a + c - 2)); // C = 0: open results, which only the next instruction takes
                case Lua.OP_RETURN -> {
                    next = -1;
                    yield arguments(code, pc, w, a, b);
                }
                case Lua.OP_FORPREP -> {
                    next = pc + 1 + GETARG_sBx(i);
                    yield written(w, a, a + 2);
                }
                case Lua.OP_FORLOOP -> { // on to the body with the loop's variable set
                    if (!written(w, a, a + 2)) {
                        yield false;
                    }
                    BitSet body = (BitSet) w.clone();
                    body.set(a + 3);
                    flow(in, work, pc + 1 + GETARG_sBx(i), body);
                    yield true;
                }
                case Lua.OP_TFORCALL -> written(w, a, a + 2) && set(w, a + 3, a + 2 + c);
                case Lua.OP_TFORLOOP -> {
                    if (!written(w, a + 1, a + 1)) {
                        yield false;
                    }
                    BitSet body = (BitSet) w.clone();
                    body.set(a);
                    flow(in, work, pc + 1 + GETARG_sBx(i), body);
                    yield true;
                }
                case Lua.OP_SETLIST -> {
                    next = c == 0 ? pc + 2 : pc + 1; // C = 0: the count is the next word
                    yield written(w, a, a) && arguments(code, pc, w, a + 1, b == 0 ? 0 : b + 1);
                }
                case Lua.OP_CLOSURE -> captured(p.p[GETARG_Bx(i)], w, a) && set(w, a, a);
                case Lua.OP_VARARG -> b < 2 || set(w, a, a + b - 2);
                default -> false;
            };
            if (!ok) {
                return false;
            }
            if (next >= 0) {
                flow(in, work, next, w);
            }
        }
        return true;
    }

    /** Merges {@code w} into what instruction {@code pc} surely finds written; queues it when that changed. */
    private static void flow(BitSet[] in, ArrayDeque<Integer> work, int pc, BitSet w) {
        BitSet old = in[pc];
        if (old == null) {
            in[pc] = (BitSet) w.clone();
            work.add(pc);
            return;
        }
        BitSet merged = (BitSet) old.clone();
        merged.and(w);
        if (!merged.equals(old)) {
            in[pc] = merged;
            work.add(pc);
        }
    }

    private static boolean written(BitSet w, int from, int to) {
        return w.nextClearBit(from) > to;
    }

    private static boolean set(BitSet w, int from, int to) {
        if (to >= from) {
            w.set(from, to + 1);
        }
        return true;
    }

    private static boolean rk(BitSet w, int x) {
        return ISK(x) || w.get(x);
    }

    /**
     * Values from register {@code from} on, {@code n - 1} of them, or (n = 0) up to the top the instruction before
     * left: those below the first it left must be written.
     */
    private static boolean arguments(int[] code, int pc, BitSet w, int from, int n) {
        if (n > 0) {
            return written(w, from, from + n - 2);
        }
        return written(w, from, GETARG_A(code[pc - 1]) - 1);
    }

    /** The registers of this frame that a new closure of {@code inner} captures (its own register: written by it). */
    private static boolean captured(Prototype inner, BitSet w, int a) {
        if (inner.upvalues == null) {
            return true;
        }
        for (org.luaj.vm2.Upvaldesc u : inner.upvalues) {
            if (u.instack && u.idx != a && !w.get(u.idx)) {
                return false;
            }
        }
        return true;
    }
}
