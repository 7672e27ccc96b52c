package dev.ljuv.stdlib.compile;

import java.util.BitSet;
import java.util.function.IntFunction;
import org.luaj.vm2.Lua;
import org.luaj.vm2.Prototype;

/**
 * Which registers a function may still read after each of its instructions before writing them again (backward data
 * flow over its instructions, {@link RegisterFlow#successors}). A call's reload of the named locals after
 * {@code debug.setlocal} ({@code CallEmitter.afterCall}) takes only those: a local that is written before it is read
 * again keeps its new value in the register array, where {@code debug.getlocal} looks, and the next copy to the array
 * (before a later call) copies only what was written since. Reads are counted generously (everything above a call's
 * open arguments, every register a closure may capture), writes strictly (only what every path through the
 * instruction writes): a register wrongly thought dead would be read stale.
 *
 * <p>Threading: immutable once made.
 */
final class RegisterLiveness {
    private final Prototype p;
    /** Per instruction: the registers it may read. */
    private final BitSet[] reads;
    /** Per instruction: the registers live before it and after it (read on some path before they are written). */
    private final BitSet[] liveIn, liveOut;
    /** Per instruction: the registers {@code [from, to]} it writes on every way through it, or null. */
    private final IntFunction<int[]> kills;

    RegisterLiveness(Prototype p) {
        this(p, pc -> null, pc -> kills(p.code[pc]));
    }

    /**
     * The same with {@code also} (per instruction: registers compiled code reads there besides its operands, or
     * null) counted as read, and {@code kills} (per instruction, see {@link #kills}) as what it writes for sure.
     */
    RegisterLiveness(Prototype p, IntFunction<BitSet> also, IntFunction<int[]> kills) {
        this.p = p;
        this.kills = kills;
        int[] code = p.code;
        int n = code.length;
        reads = new BitSet[n];
        liveIn = new BitSet[n];
        liveOut = new BitSet[n];
        BitSet[] uses = new BitSet[n];
        for (int pc = 0; pc < n; pc++) {
            boolean word = Pieces.operandWord(code, pc);
            reads[pc] = word ? new BitSet() : reads(p, code[pc]);
            uses[pc] = reads[pc];
            BitSet more = word ? null : also.apply(pc);
            if (more != null) {
                uses[pc] = (BitSet) reads[pc].clone();
                uses[pc].or(more);
            }
            liveOut[pc] = new BitSet();
            liveIn[pc] = (BitSet) uses[pc].clone();
        }
        boolean changed = true;
        while (changed) { // backward sweeps until nothing changes (a loop's back edge takes one more)
            changed = false;
            for (int pc = n - 1; pc >= 0; pc--) {
                if (Pieces.operandWord(code, pc)) {
                    continue; // (the operand of the SETLIST before it, no instruction)
                }
                BitSet out = liveOut[pc];
                for (int next : RegisterFlow.successors(pc, code[pc])) {
                    if (next < n) {
                        out.or(liveIn[next]);
                    }
                }
                BitSet in = (BitSet) out.clone();
                int[] w = kills.apply(pc);
                if (w != null) {
                    in.clear(w[0], w[1] + 1);
                }
                in.or(uses[pc]);
                if (!in.equals(liveIn[pc])) {
                    liveIn[pc] = in;
                    changed = true;
                }
            }
        }
    }

    /** The registers instruction {@code pc} reads (its operands, {@link #reads(Prototype, int)}). */
    BitSet reads(int pc) {
        return reads[pc];
    }

    /** The registers live before instruction {@code pc} (not to be changed). */
    BitSet in(int pc) {
        return liveIn[pc];
    }

    /** The registers live after instruction {@code pc}, those it writes included (not to be changed). */
    BitSet out(int pc) {
        return liveOut[pc];
    }

    /** The registers read after instruction {@code pc} before written, not counting those it writes itself. */
    BitSet after(int pc) {
        BitSet s = (BitSet) liveOut[pc].clone();
        int[] w = kills.apply(pc);
        if (w != null) {
            s.clear(w[0], w[1] + 1);
        }
        return s;
    }

    /** The registers instruction {@code i} may read (all from a base up, where it takes the open results). */
    static BitSet reads(Prototype p, int i) {
        BitSet s = new BitSet();
        int all = p.maxstacksize;
        int a = Lua.GETARG_A(i);
        int b = Lua.GETARG_B(i);
        int c = Lua.GETARG_C(i);
        switch (Lua.GET_OPCODE(i)) {
            case Lua.OP_MOVE, Lua.OP_UNM, Lua.OP_NOT, Lua.OP_LEN, Lua.OP_TESTSET -> s.set(b);
            case Lua.OP_GETTABLE, Lua.OP_SELF -> {
                s.set(b);
                rk(s, c);
            }
            case Lua.OP_GETTABUP -> rk(s, c);
            case Lua.OP_SETTABUP, Lua.OP_ADD, Lua.OP_SUB, Lua.OP_MUL, Lua.OP_DIV, Lua.OP_MOD, Lua.OP_POW, Lua.OP_EQ,
                    Lua.OP_LT, Lua.OP_LE -> {
                rk(s, b);
                rk(s, c);
            }
            case Lua.OP_SETTABLE -> {
                s.set(a);
                rk(s, b);
                rk(s, c);
            }
            case Lua.OP_SETUPVAL, Lua.OP_TEST -> s.set(a);
            case Lua.OP_CONCAT -> s.set(b, c + 1);
            case Lua.OP_CALL, Lua.OP_TAILCALL -> s.set(a, b == 0 ? Math.max(all, a + 1) : a + b);
            case Lua.OP_RETURN -> s.set(a, b == 0 ? Math.max(all, a) : a + b - 1);
            case Lua.OP_SETLIST -> s.set(a, b == 0 ? Math.max(all, a + 1) : a + b + 1);
            case Lua.OP_FORPREP, Lua.OP_FORLOOP, Lua.OP_TFORCALL -> s.set(a, a + 3);
            case Lua.OP_TFORLOOP -> s.set(a + 1);
            case Lua.OP_JMP -> {
                if (a > 0) {
                    s.set(a - 1, Math.max(all, a)); // closes the upvalues from A - 1 up: their values go along
                }
            }
            case Lua.OP_CLOSURE -> {
                for (org.luaj.vm2.Upvaldesc u : p.p[Lua.GETARG_Bx(i)].upvalues) {
                    if (u.instack) {
                        s.set(u.idx);
                    }
                }
            }
            default -> { }
        }
        return s;
    }

    private static void rk(BitSet s, int x) {
        if (!Lua.ISK(x)) {
            s.set(x);
        }
    }

    /**
     * The registers {@code [from, to]} instruction {@code i} writes on every path through it, or null: what
     * {@link RegisterFlow#written} says it may write, without the writes that only one way out makes.
     */
    static int[] kills(int i) {
        int a = Lua.GETARG_A(i);
        return switch (Lua.GET_OPCODE(i)) {
            case Lua.OP_TESTSET, Lua.OP_TFORLOOP -> null; // only when the test passes, when the loop goes on
            case Lua.OP_FORPREP, Lua.OP_FORLOOP -> new int[] {a, a}; // the variable only when the loop goes on
            default -> RegisterFlow.written(i);
        };
    }
}
