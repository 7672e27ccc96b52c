package dev.ljuv.stdlib.compile;

import java.util.ArrayDeque;
import java.util.BitSet;
import org.luaj.vm2.Lua;
import org.luaj.vm2.Prototype;

/**
 * Where a function's registers live when compiled code keeps them in JVM locals, and what must be copied to the
 * call's register array when. In JVM locals the JIT keeps values in machine registers and removes boxes that
 * never leave the function; the array (the frame's, which {@code debug.getlocal}, tracebacks and the memory
 * limit read) is then written only where something outside the function can look: before each call (the named
 * locals active there, those changed since they were last copied: {@link #toSpill}), at an error (the failing
 * instruction's operands, {@link #errorOperands}, which its message reads), and at a loop's back edge when an
 * interrupt is pending (a memory measure). A new table is written to both at once, so that the array does not
 * keep the one the register held before alive. So {@code debug.getlocal} shows a compiled function's locals as
 * they were at its last call (the callee's own, which is where it is called from, sees them as they are).
 *
 * <p>Registers a closure captures stay in the array (LuaJ's upvalues point into it). A function whose open
 * register ranges (a call's or {@code ...}'s results up to the top, used by the next instruction) do not follow
 * the usual producer-then-consumer order keeps all its registers in the array ({@link #eligible}).
 *
 * <p>Threading: built and used by the compiling thread.
 */
final class RegisterFlow {
    private final Prototype p;
    private final boolean eligible;
    /**
     * Whether the function computes in floating point (see {@link #floatingPoint(Prototype, BitSet)}): only there are the
     * numbers read from and stored into tables kept unboxed ({@link #numberRead}, {@link #indexWrite}), but for the
     * arguments and results of {@code bit} functions.
     */
    private final boolean floatingPoint;
    /** Registers some inner function captures: kept in the array. */
    private final BitSet captured = new BitSet();
    /** Per instruction: registers whose array copy may be stale on entry to it. */
    private final BitSet[] dirty;
    /**
     * Per instruction: for the head of a {@code while} or {@code repeat} loop that calls, the registers that may be
     * stale on the ways into the loop (not its back edges), which a pad before the head copies; else null.
     */
    private final BitSet[] entering;
    /** The instructions that copy the named locals changed since their last copy ({@link #copiesAt}). */
    private final BitSet copies = new BitSet();
    /** The calls of number functions ({@link NumberCalls}): they copy nothing on their path. */
    private final BitSet numberCalls;
    /** The bitwise ones among them ({@link NumberCalls#bitwise}). */
    private final BitSet bitCalls;

    RegisterFlow(Prototype p) {
        this(p, NumberCalls.of(p));
    }

    /** @param numberCalls {@code NumberCalls.of(p)} */
    RegisterFlow(Prototype p, BitSet numberCalls) {
        this.p = p;
        this.numberCalls = numberCalls;
        this.floatingPoint = floatingPoint(p, numberCalls);
        this.bitCalls = NumberCalls.bitwise(p, numberCalls);
        int[] code = p.code;
        boolean ok = true;
        for (int pc = 0; pc < code.length; pc++) {
            int i = code[pc];
            int op = Lua.GET_OPCODE(i);
            if (op == Lua.OP_CLOSURE) {
                for (org.luaj.vm2.Upvaldesc u : p.p[Lua.GETARG_Bx(i)].upvalues) {
                    if (u.instack) {
                        captured.set(u.idx);
                    }
                }
            }
            // (the RETURN after a tail call, which Lua's compiler always adds, is never reached: the call returns)
            if (opensFromTop(op, i) && (pc == 0 || topProducer(code[pc - 1]) < 0)
                    && !(op == Lua.OP_RETURN && Lua.GET_OPCODE(code[pc - 1]) == Lua.OP_TAILCALL)) {
                ok = false;
            }
            if (op == Lua.OP_SETLIST && Lua.GETARG_C(i) == 0) {
                pc++;
            }
        }
        this.eligible = ok;
        this.entering = new BitSet[code.length + 1];
        if (ok) {
            markCopies();
            markLoopHeads();
        }
        this.dirty = ok ? flow() : null;
    }

    /**
     * The heads of the loops that jump back with a {@code JMP} ({@code while}, {@code repeat}, a {@code goto}
     * back) and call in between: entered from before the loop, they get a pad that copies what changed there,
     * so that the loop's calls copy only what the loop changes (numeric and generic {@code for} loops copy at their
     * own entry instruction: {@link #copiesAt}).
     */
    private void markLoopHeads() {
        int[] code = p.code;
        for (int pc = 0; pc < code.length; pc++) {
            int i = code[pc];
            if (Lua.GET_OPCODE(i) == Lua.OP_JMP && Lua.GETARG_sBx(i) < 0) {
                int head = pc + 1 + Lua.GETARG_sBx(i);
                if (callsIn(head, pc)) {
                    entering[head] = new BitSet();
                }
            }
        }
    }

    /**
     * What the pad before loop head {@code pc} copies to the array (see {@link #markLoopHeads}): the named locals
     * that may have changed since their last copy on some way into the loop; null where there is no pad.
     */
    BitSet padAt(int pc) {
        BitSet e = entering[pc];
        if (e == null) {
            return null;
        }
        BitSet s = namedLocals(pc, e);
        return s.isEmpty() ? null : s;
    }

    /**
     * Whether {@code p} is worth compiling with registers in JVM locals: when some register would hold numbers
     * unboxed, or when it calls itself. Elsewhere it measured no faster than the register array (table-heavy code),
     * and it takes more code. A function that calls itself is the exception: in the array, every register it
     * reads after its own call is read again from memory, and the JIT keeps nothing in machine registers across
     * the call; in locals only the named locals are copied out before a call (recursive fib 1.10x, binary-trees
     * 1.08x, ackermann unchanged, with every function in locals; the other programs went both ways). So is a
     * generic {@code for}: in the array, each step stores its control variable and its results there, each store
     * with the collector's card mark (pairs over a 1000-key table 1.13-1.20x faster in locals, array3d's custom
     * iterator 1.05-1.21x, fasta, meteor, ray and table_loop within their noise). So is a {@link #leaf}: its register
     * array is then made only when needed ({@code CodeEmitter.lazyStack}), and a call allocates none
     * (bench/leaf_calls.lua, 5 runs alternating, medians: 36 -> 9 young collections, setters 1.10-1.17x, an accessor
     * 1.08x, a comparison through __lt 0.97x; LuaJIT's programs within their noise). One returning more values
     * makes them a new array instead of passing its register array on, and allocated more (a 3-value iterator).
     */
    static boolean worthLocals(Prototype p, boolean callsItself) {
        if (p.code.length > CompiledChunk.JIT_LIMIT / 4) { // (at 4 bytes of JVM code an instruction, too large anyway:
            return false; // not worth the webs, whose analysis takes memory in proportion to instructions x registers)
        }
        RegisterFlow flow = new RegisterFlow(p);
        return flow.eligible() && (callsItself || !tailCalls(p) && (genericFor(p) || leaf(p)
                || !new RegisterWebs(p, flow, flow.numberCalls, null).numeric().isEmpty()));
    }

    /**
     * Whether {@code p} has a tail call: worth locals where it calls itself (ackermann 1.2x faster), otherwise kept in
     * the register array as before the tail call's open range stopped keeping it there (meteor's solver, whose
     * functions count in a local and tail-call each other, measured 0.95-1.0x in locals: not shown to pay).
     */
    private static boolean tailCalls(Prototype p) {
        for (int i : p.code) {
            if (Lua.GET_OPCODE(i) == Lua.OP_TAILCALL) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code p} makes no call (a metamethod's aside) and returns one value at most. */
    private static boolean leaf(Prototype p) {
        for (int i : p.code) {
            int op = Lua.GET_OPCODE(i);
            int results = Lua.GETARG_B(i) - 1; // (a RETURN's; -1: an open number)
            if (op == Lua.OP_CALL || op == Lua.OP_TAILCALL || op == Lua.OP_RETURN && (results < 0 || results > 1)) {
                return false;
            }
        }
        return true;
    }

    private static boolean genericFor(Prototype p) {
        for (int i : p.code) {
            if (Lua.GET_OPCODE(i) == Lua.OP_TFORCALL) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code p} computes in floating point (see {@link #floatingPoint(Prototype, BitSet)}). */
    boolean floatingPoint() {
        return floatingPoint;
    }

    /** Whether registers can live in JVM locals at all. */
    boolean eligible() {
        return eligible;
    }

    /** Whether register {@code r} lives in a JVM local (not captured by a closure). */
    boolean inLocal(int r) {
        return eligible && !captured.get(r);
    }

    boolean anyCaptured() {
        return !captured.isEmpty();
    }

    /** The number of named locals active at {@code pc}: they are registers {@code 0..n-1}. */
    int namedAt(int pc) {
        int n = 0;
        for (org.luaj.vm2.LocVars v : p.locvars) {
            if (v.startpc <= pc && pc < v.endpc) {
                n++;
            }
        }
        return Math.min(n, p.maxstacksize);
    }

    /**
     * Whether instruction {@code pc} is a {@code #} whose result goes to a temporary ({@code x + #s}, {@code t[#t + 1]}),
     * which then holds it unboxed. Not into a named local ({@code local n = #t}): read as a value in many places
     * (a loop's limit, an argument), it would take both forms everywhere, and the larger code made pidigits, whose
     * functions do that, 0.91x as fast.
     */
    boolean lengthOperand(int pc, int i) {
        return Lua.GET_OPCODE(i) == Lua.OP_LEN && Lua.GETARG_A(i) >= namedAt(pc + 1);
    }

    /**
     * Whether instruction {@code pc} reads {@code t[k]} as a number: a key that may be an array index, and a value
     * that the instructions after it, in a straight line (on into a numeric loop's body), use first as a number (an
     * arithmetic's or comparison's operand, a value stored at an index; in integer code only a {@code bit} function's
     * argument, a bit sieve's word). {@code TableEmitter} reads a number there unboxed; a read whose value is used
     * otherwise ({@code grid[y][x]}'s row) is left alone, its register not made numeric for it.
     */
    boolean numberRead(int pc) {
        int i = p.code[pc];
        int op = Lua.GET_OPCODE(i);
        int c = Lua.GETARG_C(i);
        if (op != Lua.OP_GETTABLE && op != Lua.OP_GETTABUP
                || Lua.ISK(c) && !(p.k[Lua.INDEXK(c)] instanceof org.luaj.vm2.LuaInteger)) {
            return false;
        }
        int r = Lua.GETARG_A(i);
        for (int q = pc + 1; q < p.code.length && q <= pc + 16; q++) {
            int j = p.code[q];
            int o = Lua.GET_OPCODE(j);
            int b = Lua.GETARG_B(j);
            int k = Lua.GETARG_C(j);
            // (an arithmetic's, a comparison's and a store's B and C are registers or constants; the table a store
            // writes into is SETTABLE's A, SETTABUP's is an upvalue)
            if (o == Lua.OP_CALL && bitCalls.get(q) && Lua.GETARG_A(j) < r
                    && r <= Lua.GETARG_A(j) + NumberCalls.arguments(p, q)) {
                return true; // an argument of band, bor...: an integer in any code
            }
            if (floatingPoint && ((arithmetic(o) || o >= Lua.OP_EQ && o <= Lua.OP_LE) && (b == r || o != Lua.OP_UNM
                    && k == r) || indexWrite(p, j) && k == r && b != r && !(o == Lua.OP_SETTABLE && Lua.GETARG_A(j) == r))) {
                return true;
            }
            if (o == Lua.OP_FORPREP) {
                // a loop's entry: its body follows, where the value may be used first (LU elimination's factor,
                // read before the loop that multiplies by it), unless the loop's own registers overwrite it
                if (Lua.GETARG_A(j) <= r && r <= Lua.GETARG_A(j) + 3) {
                    return false;
                }
                continue;
            }
            boolean range = switch (o) {
                case Lua.OP_CALL, Lua.OP_TAILCALL, Lua.OP_RETURN, Lua.OP_CONCAT, Lua.OP_SETLIST, Lua.OP_LOADNIL,
                     Lua.OP_VARARG, Lua.OP_TFORCALL, Lua.OP_SELF -> Lua.GETARG_A(j) <= r;
                case Lua.OP_JMP, Lua.OP_FORLOOP, Lua.OP_TFORLOOP, Lua.OP_TEST, Lua.OP_TESTSET,
                     Lua.OP_LOADBOOL, Lua.OP_EQ, Lua.OP_LT, Lua.OP_LE -> true; // control flow: stop
                default -> false;
            };
            // the operands by what the instruction does with them (a jump offset, a count or an upvalue's index
            // that happens to equal r is no use of it)
            int[] w = written(j);
            if (range || RegisterLiveness.reads(p, j).get(r) || w != null && w[0] <= r && r <= w[1]) {
                return false; // used otherwise, overwritten, or out of sight: not as a number
            }
        }
        return false;
    }

    /**
     * Whether {@code p} computes in floating point: it multiplies, divides, raises to a power, calls a {@code math}
     * function ({@link NumberCalls}, not a {@code bit} one) or has a constant that is no integer. Its tables' numbers
     * are read and written unboxed. In integer code (permutations, cellular automata, bit sieves) the tables hold small
     * integers, whose boxes are shared: unboxing them only to box them again made fannkuch 1.5x slower.
     */
    private static boolean floatingPoint(Prototype p, BitSet numberCalls) {
        BitSet bits = NumberCalls.bitwise(p, numberCalls);
        for (int pc = 0; pc < p.code.length; pc++) {
            int op = Lua.GET_OPCODE(p.code[pc]);
            if (op == Lua.OP_MUL || op == Lua.OP_DIV || op == Lua.OP_POW
                    || numberCalls.get(pc) && !bits.get(pc) && !NumberCalls.luaCall(p, pc)) {
                return true;
            }
        }
        for (org.luaj.vm2.LuaValue k : p.k) {
            if (k instanceof org.luaj.vm2.LuaDouble d && d.todouble() != Math.rint(d.todouble())) {
                return true;
            }
        }
        return false;
    }

    /** Whether instruction {@code i} is {@code t[k] = v} with a key that may be an array index and v in a register. */
    static boolean indexWrite(Prototype p, int i) {
        int op = Lua.GET_OPCODE(i);
        int b = Lua.GETARG_B(i);
        return (op == Lua.OP_SETTABLE || op == Lua.OP_SETTABUP) && Lua.GETARG_C(i) <= 0xff
                && (!Lua.ISK(b) || p.k[Lua.INDEXK(b)] instanceof org.luaj.vm2.LuaInteger);
    }

    /** The operations {@code NumberEmitter} computes on doubles. */
    static boolean arithmetic(int op) {
        return op >= Lua.OP_ADD && op <= Lua.OP_UNM;
    }

    /** The webs some call copies to the array (named locals): where a numeric one needs a {@link NumberCell}. */
    BitSet everSpilled(RegisterWebs webs) {
        BitSet all = new BitSet();
        int[] code = p.code;
        for (int pc = 0; pc < code.length; pc++) {
            int op = Lua.GET_OPCODE(code[pc]);
            BitSet pad = padAt(pc);
            for (BitSet s : new BitSet[] {copiesAt(pc) ? toSpill(pc) : null, pad}) {
                for (int r = s == null ? -1 : s.nextSetBit(0); r >= 0; r = s.nextSetBit(r + 1)) {
                    all.set(webs.before(r, pc));
                }
            }
            if (op == Lua.OP_SETLIST && Lua.GETARG_C(code[pc]) == 0) {
                pc++;
            }
        }
        return all;
    }

    /**
     * Whether instruction {@code pc} copies the named locals changed since their last copy to the array: a call, and
     * the entry of a loop that calls ({@code FORPREP}, a generic {@code for}'s first jump), so that the loop's calls
     * copy only what the loop changes (without it, the merge at the loop's head would count every local changed
     * before the loop as changed on each turn).
     */
    boolean copiesAt(int pc) {
        return copies.get(pc);
    }

    private void markCopies() {
        int[] code = p.code;
        for (int pc = 0; pc < code.length; pc++) {
            int i = code[pc];
            int op = Lua.GET_OPCODE(i);
            int end = pc + 1 + Lua.GETARG_sBx(i);
            if (op == Lua.OP_CALL || op == Lua.OP_TFORCALL || op == Lua.OP_FORPREP && callsIn(pc + 1, end)
                    // a generic for: JMP to its TFORCALL, whose TFORLOOP jumps back to the instruction after the JMP
                    || op == Lua.OP_JMP && end > pc && end + 1 < code.length
                        && Lua.GET_OPCODE(code[end]) == Lua.OP_TFORCALL
                        && Lua.GET_OPCODE(code[end + 1]) == Lua.OP_TFORLOOP
                        && end + 2 + Lua.GETARG_sBx(code[end + 1]) == pc + 1) {
                copies.set(pc);
            }
            if (op == Lua.OP_SETLIST && Lua.GETARG_C(i) == 0) {
                pc++;
            }
        }
    }

    /** Whether an instruction in {@code [from, to)} calls. */
    private boolean callsIn(int from, int to) {
        for (int pc = from; pc < to; pc++) {
            int op = Lua.GET_OPCODE(p.code[pc]);
            if (op == Lua.OP_CALL || op == Lua.OP_TFORCALL) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the numeric {@code for} whose {@code FORPREP} or {@code FORLOOP} is at {@code pc} writes its registers to
     * the array as well as to their locals: when the loop calls, whose copies then leave them out (an integer loop's
     * registers hold one counter object throughout, so the copy costs nothing per turn).
     */
    boolean loopWritesThrough(int pc) {
        int i = p.code[pc];
        return copiesAt(Lua.GET_OPCODE(i) == Lua.OP_FORLOOP ? pc + Lua.GETARG_sBx(i) : pc);
    }

    /** The JVM-local registers to copy to the array before the call (or loop) at {@code pc}: named, changed since. */
    BitSet toSpill(int pc) {
        return namedLocals(pc, dirty[pc]);
    }

    /** The named locals at {@code pc} in {@code registers} that live in JVM locals. */
    private BitSet namedLocals(int pc, BitSet registers) {
        BitSet s = new BitSet();
        s.set(0, namedAt(pc));
        s.and(registers);
        s.andNot(captured);
        return s;
    }

    /**
     * The registers whose values the error raised by instruction {@code pc} is described with: an arithmetic's or
     * comparison's operands, a table store's key, a concatenation's operands, a call's callee (a tail call's
     * arguments too).
     */
    BitSet errorOperands(int pc) {
        BitSet s = new BitSet();
        int i = p.code[pc];
        int op = Lua.GET_OPCODE(i);
        int a = Lua.GETARG_A(i);
        int b = Lua.GETARG_B(i);
        int c = Lua.GETARG_C(i);
        switch (op) {
            case Lua.OP_ADD, Lua.OP_SUB, Lua.OP_MUL, Lua.OP_DIV, Lua.OP_MOD, Lua.OP_POW, Lua.OP_LT, Lua.OP_LE -> {
                operand(s, b);
                operand(s, c);
            }
            case Lua.OP_UNM -> s.set(b);
            case Lua.OP_SETTABLE, Lua.OP_SETTABUP -> operand(s, b);
            case Lua.OP_CONCAT -> s.set(b, c + 1);
            case Lua.OP_CALL, Lua.OP_TFORCALL -> s.set(a);
            case Lua.OP_TAILCALL -> s.set(a, b > 0 ? a + b : a + 1);
            default -> { }
        }
        return s;
    }

    private static void operand(BitSet s, int rk) {
        if (rk <= 0xff) {
            s.set(rk);
        }
    }

    /** The register the open-range instruction before {@code pc} starts its values at (its A). */
    int topBase(int pc) {
        return topProducer(p.code[pc - 1]);
    }

    /** Whether instruction {@code i} reads registers up to the top the previous instruction set. */
    private static boolean opensFromTop(int op, int i) {
        return switch (op) {
            case Lua.OP_CALL, Lua.OP_TAILCALL, Lua.OP_SETLIST -> Lua.GETARG_B(i) == 0;
            case Lua.OP_RETURN -> Lua.GETARG_B(i) == 0;
            default -> false;
        };
    }

    /** The first register of the open range instruction {@code i} leaves (results up to the top), or -1. */
    private static int topProducer(int i) {
        int op = Lua.GET_OPCODE(i);
        if (op == Lua.OP_CALL && Lua.GETARG_C(i) == 0 || op == Lua.OP_VARARG && Lua.GETARG_B(i) == 0) {
            return Lua.GETARG_A(i);
        }
        return -1;
    }

    /** Forward data flow: registers written since last copied, at each instruction's entry (union over paths). */
    private BitSet[] flow() {
        int[] code = p.code;
        BitSet[] in = new BitSet[code.length + 1];
        ArrayDeque<Integer> work = new ArrayDeque<>();
        in[0] = new BitSet();
        work.add(0);
        while (!work.isEmpty()) {
            int pc = work.poll();
            if (pc >= code.length) {
                continue;
            }
            int i = code[pc];
            int op = Lua.GET_OPCODE(i);
            BitSet out = (BitSet) in[pc].clone();
            if (copiesAt(pc) && !numberCalls.get(pc)) { // (a number function's path copies nothing)
                out.clear(0, namedAt(pc)); // copied before the call or loop
            }
            int[] w = written(i);
            if (op == Lua.OP_NEWTABLE) {
                out.clear(w[0]); // a new table goes to the array as well: the one it replaces is not kept
            } else if ((op == Lua.OP_FORPREP || op == Lua.OP_FORLOOP) && loopWritesThrough(pc)) {
                out.clear(w[0], w[1] + 1);
            } else if (op == Lua.OP_FORLOOP) {
                out.set(w[0]); // the index and the variable; limit and step stay
                out.set(w[0] + 3);
            } else if (w != null && w[1] >= w[0]) {
                out.set(w[0], w[1] + 1);
            }
            for (int next : successors(pc, i)) {
                if (next > code.length) {
                    continue;
                }
                if (next > pc && entering[next] != null) { // into a loop through its pad, which copies
                    entering[next].or(out);
                    BitSet padded = (BitSet) out.clone();
                    padded.clear(0, namedAt(next));
                    merge(in, work, next, padded);
                    continue;
                }
                merge(in, work, next, out);
            }
        }
        for (int pc = 0; pc < in.length; pc++) {
            if (in[pc] == null) {
                in[pc] = new BitSet(); // unreachable (or SETLIST's operand word)
            }
        }
        return in;
    }

    private static void merge(BitSet[] in, ArrayDeque<Integer> work, int next, BitSet out) {
        if (in[next] == null) {
            in[next] = (BitSet) out.clone();
            work.add(next);
        } else if (!contains(in[next], out)) {
            in[next].or(out);
            work.add(next);
        }
    }

    private static boolean contains(BitSet a, BitSet b) {
        BitSet c = (BitSet) b.clone();
        c.andNot(a);
        return c.isEmpty();
    }

    /** The registers {@code [from, to]} instruction {@code i} writes, or null. */
    static int[] written(int i) {
        int op = Lua.GET_OPCODE(i);
        int a = Lua.GETARG_A(i);
        int b = Lua.GETARG_B(i);
        int c = Lua.GETARG_C(i);
        return switch (op) {
            case Lua.OP_MOVE, Lua.OP_LOADK, Lua.OP_LOADKX, Lua.OP_LOADBOOL, Lua.OP_GETUPVAL, Lua.OP_GETTABUP,
                 Lua.OP_GETTABLE, Lua.OP_NEWTABLE, Lua.OP_ADD, Lua.OP_SUB, Lua.OP_MUL, Lua.OP_DIV, Lua.OP_MOD,
                 Lua.OP_POW, Lua.OP_UNM, Lua.OP_NOT, Lua.OP_LEN, Lua.OP_CONCAT, Lua.OP_TESTSET, Lua.OP_CLOSURE,
                 Lua.OP_TFORLOOP -> new int[] {a, a};
            case Lua.OP_LOADNIL -> new int[] {a, a + b};
            case Lua.OP_SELF -> new int[] {a, a + 1};
            case Lua.OP_CALL -> c >= 2 ? new int[] {a, a + c - 2} : null;
            case Lua.OP_TFORCALL -> new int[] {a + 3, a + 2 + c};
            case Lua.OP_FORPREP, Lua.OP_FORLOOP -> new int[] {a, a + 3};
            case Lua.OP_VARARG -> b >= 2 ? new int[] {a, a + b - 2} : null;
            default -> null;
        };
    }

    /**
     * The last instruction before {@code pc} that writes register {@code r} as its A (a call's callee: its loading
     * instruction, the arguments going above it), or -1. Instructions whose A is a flag, a jump, an upvalue or a
     * table store do not count.
     */
    static int lastWriteBefore(Prototype p, int pc, int r) {
        for (int q = pc - 1; q >= 0; q--) {
            int i = p.code[q];
            boolean writesA = switch (Lua.GET_OPCODE(i)) {
                case Lua.OP_JMP, Lua.OP_EQ, Lua.OP_LT, Lua.OP_LE, Lua.OP_TEST, Lua.OP_SETTABLE, Lua.OP_SETTABUP,
                        Lua.OP_SETUPVAL, Lua.OP_SETLIST -> false;
                default -> true;
            };
            if (writesA && Lua.GETARG_A(i) == r) {
                return q;
            }
        }
        return -1;
    }

    /** The instructions that may run after the one at {@code pc} ({@code i}). */
    static int[] successors(int pc, int i) {
        int op = Lua.GET_OPCODE(i);
        int sbx = Lua.GETARG_sBx(i);
        return switch (op) {
            case Lua.OP_JMP -> new int[] {pc + 1 + sbx};
            case Lua.OP_EQ, Lua.OP_LT, Lua.OP_LE, Lua.OP_TEST, Lua.OP_TESTSET -> new int[] {pc + 1, pc + 2};
            case Lua.OP_LOADBOOL -> new int[] {Lua.GETARG_C(i) != 0 ? pc + 2 : pc + 1};
            case Lua.OP_FORPREP -> new int[] {pc + 1 + sbx};
            case Lua.OP_FORLOOP, Lua.OP_TFORLOOP -> new int[] {pc + 1, pc + 1 + sbx};
            case Lua.OP_RETURN, Lua.OP_TAILCALL -> new int[0];
            case Lua.OP_SETLIST -> new int[] {Lua.GETARG_C(i) == 0 ? pc + 2 : pc + 1};
            default -> new int[] {pc + 1};
        };
    }
}
