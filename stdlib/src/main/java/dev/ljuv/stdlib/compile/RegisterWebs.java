package dev.ljuv.stdlib.compile;

import java.util.BitSet;
import org.luaj.vm2.Lua;
import org.luaj.vm2.Prototype;

/**
 * A function's registers cut into webs: the values one register holds that compiled code may read at the same
 * place. A write that does not read its register starts a new value; values that meet where the register is live
 * (read there or later, see {@link #liveness}) are one web. So one register slot, reused by the Lua compiler for
 * unrelated locals and temporaries (a loop's counter, then an accumulator; a call's result, then a sum), is several
 * webs, and each is numeric or not on its own ({@link #markNumeric}): the slot a loop counted in can hold an unboxed
 * sum after the loop.
 *
 * <p>All webs of a register share its value local, in which only a numeric web leaves null (its number in the
 * register's double, which its numeric webs share too: {@code CodeEmitter}): a web's every reaching write is its own,
 * so what a read finds there was written the way its web writes.
 *
 * <p>Threading: built and used by the compiling thread.
 */
final class RegisterWebs {
    private final Prototype p;
    private final int regs;
    /** Per instruction {@code pc} and register {@code r} ({@code pc * regs + r}): the web of its value before pc. */
    private final int[] in;
    /** The same after pc: the web pc's write starts or joins where pc writes {@code r}, else {@link #in}'s. */
    private final int[] out;
    /** The webs numbered so far, and their registers (while numbering: see {@link #web}). */
    private int count;
    private int[] owner = new int[16];
    /** Per web: its register. */
    private final int[] register;
    private final BitSet numeric = new BitSet();

    /**
     * @param flow where registers live ({@link RegisterFlow#eligible}: registers can live in JVM locals), and what
     *     they hold where
     * @param numberCalls the calls of number functions ({@link NumberCalls})
     * @param loops the integer loops counted in JVM locals, whose registers count on their own (null: none)
     */
    RegisterWebs(Prototype p, RegisterFlow flow, BitSet numberCalls, CountedLoops loops) {
        this.p = p;
        this.regs = p.maxstacksize;
        int[] code = p.code;
        int n = code.length;
        int[] parent = new int[2 * (n + 1) * regs];
        for (int k = 0; k < parent.length; k++) {
            parent[k] = k;
        }
        int defs = (n + 1) * regs;
        RegisterLiveness live = liveness(flow, numberCalls);
        for (int pc = 0; pc < n; pc++) {
            int i = code[pc];
            if (Pieces.operandWord(code, pc)) {
                continue; // (the operand of the SETLIST before it, no instruction)
            }
            int[] w = writes(i, numberCalls.get(pc));
            int[] kills = kills(i, numberCalls.get(pc));
            for (int r = w == null ? 0 : w[0]; w != null && r <= w[1]; r++) {
                // the value a write joins: the one it reads, or the one that goes on where it may not write
                boolean killed = kills != null && r >= kills[0] && r <= kills[1];
                if (live.reads(pc).get(r) || !killed && live.out(pc).get(r)) {
                    union(parent, defs + pc * regs + r, pc * regs + r);
                }
            }
            for (int s : RegisterFlow.successors(pc, i)) {
                if (s >= n) {
                    continue;
                }
                BitSet in = live.in(s);
                for (int r = in.nextSetBit(0); r >= 0 && r < regs; r = in.nextSetBit(r + 1)) {
                    boolean written = w != null && r >= w[0] && r <= w[1];
                    union(parent, (written ? defs : 0) + pc * regs + r, s * regs + r);
                }
            }
        }
        // every node straight to its root, then each root numbered in place (-1 - its web), in order of first use
        for (int k = 0; k < parent.length; k++) {
            parent[k] = find(parent, k);
        }
        this.in = new int[(n + 1) * regs];
        this.out = new int[(n + 1) * regs];
        for (int pc = 0; pc <= n; pc++) {
            int[] w = pc < n && !Pieces.operandWord(code, pc) ? writes(code[pc], numberCalls.get(pc)) : null;
            for (int r = 0; r < regs; r++) {
                int k = pc * regs + r;
                in[k] = web(parent, k, r);
                out[k] = w != null && r >= w[0] && r <= w[1] ? web(parent, defs + k, r) : in[k];
            }
        }
        this.register = java.util.Arrays.copyOf(owner, count);
        this.owner = null;
        markNumeric(flow, numberCalls, loops);
    }

    /** The number of webs. */
    int count() {
        return count;
    }

    /** The web of register {@code r} at instruction {@code pc}: the one pc writes where it writes r, else the one it finds. */
    int at(int r, int pc) {
        return out[pc * regs + r];
    }

    /** The web of register {@code r} as instruction {@code pc} finds it (before pc writes it). */
    int before(int r, int pc) {
        return in[pc * regs + r];
    }

    /** The register of web {@code web}. */
    int register(int web) {
        return register[web];
    }

    /** The webs that hold numbers unboxed (see {@link #markNumeric}). */
    BitSet numeric() {
        return numeric;
    }

    /** Whether register {@code r} is numeric at instruction {@code pc} ({@link #at}). */
    boolean numericAt(int r, int pc) {
        return numeric.get(at(r, pc));
    }

    /**
     * The webs that also hold numbers unboxed ({@code NumberEmitter}): those some arithmetic or number function's
     * call ({@link NumberCalls}) writes and some arithmetic, comparison or number function's call reads, none of
     * whose values is another call's result (those hold boxes anyway, and a web serving both would read through both
     * forms everywhere: more code for nothing, as in recursive fib), nor an integer loop's registers (which count on
     * their own), in a register that is no parameter's and that no closure captures. The accumulators and intermediate
     * results of numeric code are such webs.
     */
    private void markNumeric(RegisterFlow flow, BitSet numberCalls, CountedLoops loops) {
        int[] code = p.code;
        BitSet written = new BitSet();
        BitSet read = new BitSet();
        BitSet boxes = new BitSet();
        for (int pc = 0; pc < code.length; pc++) {
            int i = code[pc];
            int op = Lua.GET_OPCODE(i);
            if (RegisterFlow.arithmetic(op) || op >= Lua.OP_EQ && op <= Lua.OP_LE) {
                int b = Lua.GETARG_B(i);
                int c = Lua.GETARG_C(i);
                if (b <= 0xff) {
                    read.set(before(b, pc));
                }
                if (op != Lua.OP_UNM && c <= 0xff) {
                    read.set(before(c, pc));
                }
            }
            int[] w = writes(i, numberCalls.get(pc));
            if (w != null && (RegisterFlow.arithmetic(op) || numberCalls.get(pc) || flow.numberRead(pc)
                    || flow.lengthOperand(pc, i))) {
                written.set(at(Lua.GETARG_A(i), pc));
            }
            // t[k] = v: v unboxed where t holds numbers, in floating-point code or straight from a number call
            // (t[j] = band(t[j], m): see Table.numbersInstead)
            if ((flow.floatingPoint() || pc > 0 && numberCalls.get(pc - 1)
                    && Lua.GETARG_A(code[pc - 1]) == Lua.GETARG_C(i)) && RegisterFlow.indexWrite(p, i)) {
                read.set(before(Lua.GETARG_C(i), pc));
            }
            if (op == Lua.OP_GETTABLE && Lua.GETARG_C(i) <= 0xff) { // t[j + 1]: a key indexes as its number
                read.set(before(Lua.GETARG_C(i), pc));
            }
            if (op == Lua.OP_SETTABLE && Lua.GETARG_B(i) <= 0xff) {
                read.set(before(Lua.GETARG_B(i), pc));
            }
            if (numberCalls.get(pc)) { // its arguments, as numbers (sqrt(dx*dx + dy*dy))
                int a = Lua.GETARG_A(i);
                for (int r = a + 1; r < Math.min(regs, a + 1 + NumberCalls.arguments(p, pc)); r++) {
                    read.set(before(r, pc));
                }
            }
            boolean boxing = op == Lua.OP_CALL && !numberCalls.get(pc) || op == Lua.OP_TFORCALL
                    || op == Lua.OP_VARARG;
            if (w != null && boxing) {
                for (int r = w[0]; r <= w[1]; r++) {
                    boxes.set(at(r, pc));
                }
            }
            if (op == Lua.OP_SETLIST && Lua.GETARG_C(i) == 0) {
                pc++;
            }
        }
        for (CountedLoops.Loop l : loops == null ? java.util.List.<CountedLoops.Loop>of() : loops.all()) {
            for (int r = l.a(); r < l.a() + 4; r++) {
                boxes.set(at(r, l.first() - 1)); // its FORPREP's
                boxes.set(at(r, l.last() + 1)); // its FORLOOP's
            }
        }
        numeric.or(written);
        numeric.and(read);
        numeric.andNot(boxes);
        for (int web = numeric.nextSetBit(0); web >= 0; web = numeric.nextSetBit(web + 1)) {
            // (a parameter's register never: a register array made later copies the parameters from their locals)
            if (!flow.inLocal(register[web]) || register[web] < p.numparams) {
                numeric.clear(web);
            }
        }
    }

    /**
     * Where each register's value may still be read ({@link RegisterLiveness}): by the instructions, and by what the
     * emitters read besides: every named local in scope (copied to the register array before calls, at loops'
     * entries and back edges) and the source of the {@code MOVE} before a number call, which the call reads in its
     * place. Only where a value is live do the values reaching there join into one web.
     */
    private RegisterLiveness liveness(RegisterFlow flow, BitSet numberCalls) {
        int[] code = p.code;
        return new RegisterLiveness(p, pc -> {
            BitSet also = new BitSet();
            also.set(0, flow.namedAt(pc));
            if (numberCalls.get(pc)) {
                for (int move : NumberCalls.argumentMoves(p, pc, NumberCalls.arguments(p, pc))) {
                    if (move >= 0 && Lua.GET_OPCODE(code[move]) == Lua.OP_MOVE) {
                        also.set(Lua.GETARG_B(code[move]));
                    }
                }
            }
            return also;
        }, pc -> kills(code[pc], numberCalls.get(pc)));
    }

    /**
     * The registers {@code [from, to]} instruction {@code i} writes on every way through it ({@link
     * RegisterLiveness#kills}), and all from an open result's first: nothing reads above the top it sets.
     */
    private int[] kills(int i, boolean number) {
        int op = Lua.GET_OPCODE(i);
        if (op == Lua.OP_CALL && Lua.GETARG_C(i) == 0 || op == Lua.OP_VARARG && Lua.GETARG_B(i) == 0) {
            return writes(i, number);
        }
        int[] k = RegisterLiveness.kills(i);
        return k == null ? null : new int[] {k[0], Math.min(k[1], regs - 1)};
    }

    /**
     * The registers {@code [from, to]} instruction {@code i} writes, or null: {@link RegisterFlow#written}, and for
     * an open result ({@code ...}, a call's up to the top), every register from its first (all free above it, the
     * next instruction reads them); a number function's call ({@code number}) writes its one result.
     */
    private int[] writes(int i, boolean number) {
        int op = Lua.GET_OPCODE(i);
        int a = Lua.GETARG_A(i);
        if (op == Lua.OP_CALL && Lua.GETARG_C(i) == 0 || op == Lua.OP_VARARG && Lua.GETARG_B(i) == 0) {
            return number ? new int[] {a, a} : new int[] {a, regs - 1};
        }
        int[] w = RegisterFlow.written(i);
        return w == null ? null : new int[] {w[0], Math.min(w[1], regs - 1)};
    }

    /**
     * The web of union-find node {@code node} (of register {@code r}), every node pointing at its root: a root is
     * numbered at its first use, its parent then {@code -1 - web}.
     */
    private int web(int[] parent, int node, int r) {
        int root = parent[node] < 0 ? node : parent[node];
        if (parent[root] >= 0) {
            if (count == owner.length) {
                owner = java.util.Arrays.copyOf(owner, 2 * count);
            }
            owner[count] = r;
            parent[root] = -1 - count++;
        }
        return -1 - parent[root];
    }

    private static int find(int[] parent, int k) {
        while (parent[k] != k) {
            parent[k] = parent[parent[k]];
            k = parent[k];
        }
        return k;
    }

    private static void union(int[] parent, int x, int y) {
        int a = find(parent, x);
        int b = find(parent, y);
        if (a != b) {
            parent[Math.max(a, b)] = Math.min(a, b);
        }
    }
}
