package dev.ljuv.stdlib.load;

import static org.luaj.vm2.Lua.GETARG_A;
import static org.luaj.vm2.Lua.GETARG_B;
import static org.luaj.vm2.Lua.GETARG_Bx;
import static org.luaj.vm2.Lua.GETARG_C;
import static org.luaj.vm2.Lua.GETARG_sBx;
import static org.luaj.vm2.Lua.GET_OPCODE;

import org.luaj.vm2.Lua;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Upvaldesc;

/**
 * Checks a binary chunk's functions before they run or are compiled: every register inside the function's
 * frame, every constant, upvalue and inner function index in range, every jump inside the function, an
 * instruction after each one that skips the next, a {@code RETURN} at the end, and inner functions' upvalues
 * that exist in their parent. A forged chunk could otherwise index outside the interpreter's arrays or make
 * the compiler generate invalid JVM code; LuaJ's own undumper checks none of this.
 *
 * <p>Threading: stateless.
 */
public final class BytecodeVerifier {
    private BytecodeVerifier() {}

    /** A malformed function: the reason, for a bug report (the Lua message stays LuaJIT's). */
    static final class Malformed extends Exception {
        Malformed(String reason) {
            super(reason);
        }
    }

    /** {@code p}, checked; a malformed function ends the load with LuaJIT's message. */
    public static Prototype checked(Prototype p, String chunkName) {
        try {
            verify(p, null, 0);
            remember(p);
            clearRegisters(p);
            return p;
        } catch (Malformed | RuntimeException e) {
            throw new org.luaj.vm2.LuaError(dev.ljuv.stdlib.vm.ChunkNames.bytecodeSource(chunkName)
                    + ": cannot load malformed bytecode");
        }
    }

    private static void verify(Prototype p, Prototype parent, int depth) throws Malformed {
        if (depth > 200) {
            throw new Malformed("functions nested too deep");
        }
        int[] code = p.code;
        int stack = p.maxstacksize;
        int nk = p.k == null ? 0 : p.k.length;
        int nup = p.upvalues == null ? 0 : p.upvalues.length;
        int np = p.p == null ? 0 : p.p.length;
        check(code != null && code.length > 0, "no code");
        check(stack >= 0 && stack <= 255 && p.numparams <= stack, "frame size");
        check(GET_OPCODE(code[code.length - 1]) == Lua.OP_RETURN, "no final RETURN");
        openResults(code);
        for (int pc = 0; pc < code.length; pc++) {
            int i = code[pc];
            int op = GET_OPCODE(i);
            int a = GETARG_A(i);
            int b = GETARG_B(i);
            int c = GETARG_C(i);
            switch (op) {
                case Lua.OP_MOVE, Lua.OP_UNM, Lua.OP_NOT, Lua.OP_LEN -> registers(stack, a, b);
                case Lua.OP_LOADK -> {
                    registers(stack, a);
                    check(GETARG_Bx(i) < nk, "constant index");
                }
                case Lua.OP_LOADBOOL -> {
                    registers(stack, a);
                    check(c == 0 || pc + 2 <= code.length, "skip past the end");
                }
                case Lua.OP_LOADNIL -> registers(stack, a, a + b);
                case Lua.OP_GETUPVAL, Lua.OP_SETUPVAL -> {
                    registers(stack, a);
                    check(b < nup, "upvalue index");
                }
                case Lua.OP_GETTABUP -> {
                    registers(stack, a);
                    check(b < nup, "upvalue index");
                    rk(stack, nk, c);
                }
                case Lua.OP_SETTABUP -> {
                    check(a < nup, "upvalue index");
                    rk(stack, nk, b);
                    rk(stack, nk, c);
                }
                case Lua.OP_GETTABLE -> {
                    registers(stack, a, b);
                    rk(stack, nk, c);
                }
                case Lua.OP_SETTABLE, Lua.OP_ADD, Lua.OP_SUB, Lua.OP_MUL, Lua.OP_DIV, Lua.OP_MOD, Lua.OP_POW -> {
                    registers(stack, a);
                    rk(stack, nk, b);
                    rk(stack, nk, c);
                }
                case Lua.OP_NEWTABLE -> registers(stack, a);
                case Lua.OP_SELF -> {
                    registers(stack, a, a + 1, b);
                    rk(stack, nk, c);
                }
                case Lua.OP_CONCAT -> {
                    check(b < c, "concatenation range");
                    registers(stack, a, b, c);
                }
                case Lua.OP_JMP -> jump(code, pc, GETARG_sBx(i));
                case Lua.OP_EQ, Lua.OP_LT, Lua.OP_LE -> {
                    rk(stack, nk, b);
                    rk(stack, nk, c);
                    check(pc + 2 <= code.length, "skip past the end");
                }
                case Lua.OP_TEST -> {
                    registers(stack, a);
                    check(pc + 2 <= code.length, "skip past the end");
                }
                case Lua.OP_TESTSET -> {
                    registers(stack, a, b);
                    check(pc + 2 <= code.length, "skip past the end");
                }
                case Lua.OP_CALL, Lua.OP_TAILCALL -> {
                    registers(stack, a);
                    if (b > 0) {
                        registers(stack, a + b - 1);
                    }
                    if (c > 1) {
                        registers(stack, a + c - 2);
                    }
                }
                case Lua.OP_RETURN -> {
                    if (b > 1) {
                        registers(stack, a + b - 2);
                    }
                }
                case Lua.OP_FORLOOP, Lua.OP_FORPREP -> {
                    registers(stack, a, a + 3);
                    jump(code, pc, GETARG_sBx(i));
                }
                case Lua.OP_TFORCALL -> {
                    registers(stack, a, a + 2 + Math.max(c, 1));
                    check(pc + 2 <= code.length, "TFORCALL without TFORLOOP");
                }
                case Lua.OP_TFORLOOP -> {
                    registers(stack, a, a + 1);
                    jump(code, pc, GETARG_sBx(i));
                }
                case Lua.OP_SETLIST -> {
                    registers(stack, a);
                    if (b > 0) {
                        registers(stack, a + b);
                    }
                    if (c == 0) {
                        check(pc + 1 < code.length && GET_OPCODE(code[pc + 1]) == Lua.OP_EXTRAARG, "SETLIST's count");
                        pc++;
                    }
                }
                case Lua.OP_CLOSURE -> {
                    registers(stack, a);
                    int bx = GETARG_Bx(i);
                    check(bx < np, "function index");
                    upvaluesOf(p.p[bx], p);
                }
                case Lua.OP_VARARG -> {
                    registers(stack, a);
                    if (b > 1) {
                        registers(stack, a + b - 2);
                    }
                }
                default -> throw new Malformed("opcode " + op + " at " + pc);
            }
        }
        for (int k = 0; k < np; k++) {
            check(p.p[k] != null, "missing function");
            verify(p.p[k], p, depth + 1);
        }
    }

    /** Each loaded function as it was loaded, before {@link #clearRegisters}: what {@code string.dump} writes. */
    private static final java.util.Map<Prototype, Prototype> LOADED =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /** {@code p} as its binary chunk had it (for {@code string.dump}: a dump of a loaded chunk is that chunk). */
    public static Prototype asLoaded(Prototype p) {
        Prototype original = LOADED.get(p);
        return original != null ? original : p;
    }

    private static Prototype remember(Prototype p) {
        Prototype o = new Prototype();
        o.k = p.k;
        o.code = p.code;
        o.lineinfo = p.lineinfo;
        o.upvalues = p.upvalues;
        o.source = p.source;
        o.linedefined = p.linedefined;
        o.lastlinedefined = p.lastlinedefined;
        o.numparams = p.numparams;
        o.is_vararg = p.is_vararg;
        o.maxstacksize = p.maxstacksize;
        if (p.locvars != null) {
            o.locvars = new org.luaj.vm2.LocVars[p.locvars.length];
            for (int i = 0; i < o.locvars.length; i++) {
                org.luaj.vm2.LocVars v = p.locvars[i];
                o.locvars[i] = v == null ? null : new org.luaj.vm2.LocVars(v.varname, v.startpc, v.endpc);
            }
        }
        if (p.p != null) {
            o.p = new Prototype[p.p.length];
            for (int i = 0; i < o.p.length; i++) {
                o.p[i] = remember(p.p[i]);
            }
        }
        LOADED.put(p, o);
        return o;
    }

    /**
     * Starts each function that may read a register before writing it ({@link DefiniteWrites}) with a {@code LOADNIL}
     * of its registers after the parameters. LuaJ's interpreter leaves them unset (Java null) until an instruction
     * writes them, which compiled Lua always does first; a forged function may read one before, and failed with a
     * Java error. Inserted first, the instruction shifts every pc alike: relative jumps hold, line info and local
     * ranges move with it.
     */
    private static void clearRegisters(Prototype p) {
        int from = p.numparams;
        int count = p.maxstacksize - from;
        if (count > 0 && !DefiniteWrites.writesFirst(p)) {
            int[] code = new int[p.code.length + 1];
            code[0] = Lua.OP_LOADNIL | from << Lua.POS_A | (count - 1) << Lua.POS_B;
            System.arraycopy(p.code, 0, code, 1, p.code.length);
            p.code = code;
            if (p.lineinfo != null && p.lineinfo.length > 0) {
                int[] lines = new int[p.lineinfo.length + 1];
                lines[0] = p.lineinfo[0];
                System.arraycopy(p.lineinfo, 0, lines, 1, p.lineinfo.length);
                p.lineinfo = lines;
            }
            if (p.locvars != null) {
                for (org.luaj.vm2.LocVars v : p.locvars) {
                    if (v != null) {
                        v.startpc += v.startpc > 0 ? 1 : 0;
                        v.endpc += 1;
                    }
                }
            }
        }
        if (p.p != null) {
            for (Prototype inner : p.p) {
                clearRegisters(inner);
            }
        }
    }

    /** The upvalues a closure of {@code inner} takes from {@code parent}'s frame or upvalues exist there. */
    private static void upvaluesOf(Prototype inner, Prototype parent) throws Malformed {
        check(inner != null, "missing function");
        if (inner.upvalues == null) {
            return;
        }
        int parentUpvalues = parent.upvalues == null ? 0 : parent.upvalues.length;
        for (Upvaldesc u : inner.upvalues) {
            check(u != null && u.idx >= 0 && u.idx < (u.instack ? parent.maxstacksize : parentUpvalues), "upvalue of a closure");
        }
    }

    private static void rk(int stack, int nk, int x) throws Malformed {
        if (Lua.ISK(x)) {
            check(Lua.INDEXK(x) < nk, "constant index");
        } else {
            registers(stack, x);
        }
    }

    private static void registers(int stack, int... regs) throws Malformed {
        for (int r : regs) {
            check(r >= 0 && r < stack, "register " + r + " outside a frame of " + stack);
        }
    }

    /**
     * An instruction that takes "all the values" (CALL, TAILCALL, RETURN or SETLIST with B = 0) takes those the
     * instruction just before it left open (CALL with C = 0, VARARG with B = 0; TAILCALL, whose RETURN never
     * runs), and no jump lands on it: a forged one read a list of values that no instruction had made.
     */
    private static void openResults(int[] code) throws Malformed {
        boolean[] landing = new boolean[code.length];
        for (int pc = 0; pc < code.length; pc++) {
            int i = code[pc];
            int op = GET_OPCODE(i);
            if (op == Lua.OP_JMP || op == Lua.OP_FORLOOP || op == Lua.OP_FORPREP || op == Lua.OP_TFORLOOP) {
                int target = pc + 1 + GETARG_sBx(i);
                if (target >= 0 && target < code.length) {
                    landing[target] = true;
                }
            }
        }
        for (int pc = 0; pc < code.length; pc++) {
            int i = code[pc];
            int op = GET_OPCODE(i);
            boolean takesOpen = GETARG_B(i) == 0 && (op == Lua.OP_CALL || op == Lua.OP_TAILCALL
                    || op == Lua.OP_RETURN || op == Lua.OP_SETLIST);
            if (takesOpen) {
                check(pc > 0 && !landing[pc], "open values taken at " + pc + " that nothing left");
                int before = code[pc - 1];
                int prev = GET_OPCODE(before);
                check(prev == Lua.OP_CALL && GETARG_C(before) == 0 || prev == Lua.OP_VARARG && GETARG_B(before) == 0
                        || prev == Lua.OP_TAILCALL, "open values taken at " + pc + " that nothing left");
            }
        }
    }

    private static void jump(int[] code, int pc, int offset) throws Malformed {
        int target = pc + 1 + offset;
        check(target >= 0 && target < code.length, "jump outside the function");
    }

    private static void check(boolean ok, String reason) throws Malformed {
        if (!ok) {
            throw new Malformed(reason);
        }
    }
}
