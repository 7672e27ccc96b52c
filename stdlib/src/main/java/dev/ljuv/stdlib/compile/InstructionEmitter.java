package dev.ljuv.stdlib.compile;

import static dev.ljuv.stdlib.compile.ClassShape.*;
import static java.lang.constant.ConstantDescs.CD_boolean;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_void;

import java.lang.classfile.Label;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import org.luaj.vm2.Lua;
import org.luaj.vm2.Prototype;

/**
 * The dispatch of each Lua instruction to its emitters: one case per opcode, in LuaJ's order ({@link FunctionCompiler}
 * lays out the methods around them).
 *
 * <p>Threading: one instance per function compiled, used by the compiling thread.
 */
abstract class InstructionEmitter extends NumberEmitter {
    InstructionEmitter(Prototype p, ClassDesc self, boolean countLoops, boolean inLocals, boolean directPaths,
            boolean lazyStack) {
        super(p, self, countLoops, inLocals, directPaths, lazyStack);
    }

    /**
     * Per instruction: whether it is a forward jump that only the test before it reaches ({@code if a < b then}); the
     * test then branches to its target itself and the jump takes no code (a third fewer bytes for an {@code if}, and
     * one branch instead of two). Found once for the function ({@link #findTestJumps}).
     */
    boolean[] testJumps;

    /**
     * Per instruction: whether it is reached other than by falling through from the one before (a jump's target, a
     * loop entry, a piece's first). Found with {@link #testJumps}.
     */
    private boolean[] entered;

    /**
     * Finds {@link #testJumps} and {@link #deferredMoves}; the first instruction of a piece (see {@link Pieces}) is
     * entered from outside it.
     */
    void findTestJumps(Pieces pieces) {
        int[] code = p.code;
        entered = new boolean[code.length + 2];
        for (int pc = 0; pc < code.length; pc++) {
            if (!Pieces.operandWord(code, pc)) {
                for (int t : RegisterFlow.successors(pc, code[pc])) {
                    entered[t] |= t != pc + 1; // reached other than by falling through
                }
            }
        }
        LoopEntries.of(p).values().forEach(t -> entered[t] = true);
        for (Pieces.Piece k : pieces != null ? pieces.all : java.util.List.<Pieces.Piece>of()) {
            entered[k.from()] = true;
        }
        deferredMoves = new boolean[code.length + 1];
        for (int pc = numberCalls.nextSetBit(0); pc >= 0; pc = numberCalls.nextSetBit(pc + 1)) {
            int[] moves = NumberCalls.argumentMoves(p, pc, NumberCalls.arguments(p, pc));
            for (int move : moves) { // (deferred only where nothing jumps in between)
                boolean straight = move >= 0 && !Pieces.operandWord(code, move);
                for (int q = move + 1; straight && q <= pc; q++) {
                    straight = !entered[q];
                }
                if (straight) {
                    deferredMoves[move] = true;
                }
            }
        }
        testJumps = new boolean[code.length + 1];
        for (int pc = 0; pc + 1 < code.length; pc++) {
            int op = Lua.GET_OPCODE(code[pc]);
            int jump = code[pc + 1];
            testJumps[pc + 1] = (op == Lua.OP_EQ || op == Lua.OP_LT || op == Lua.OP_LE || op == Lua.OP_TEST)
                    && !Pieces.operandWord(code, pc) && Lua.GET_OPCODE(jump) == Lua.OP_JMP && Lua.GETARG_A(jump) == 0
                    && Lua.GETARG_sBx(jump) >= 0 && !entered[pc + 1]
                    && (registers == null || !registers.copiesAt(pc + 1) && registers.padAt(pc + 1) == null);
        }
    }

    /**
     * The value on the stack as a condition, by reference ({@code ValueSemantics.isTrue}): a virtual
     * {@code toboolean()} read the value's class first, a load from memory, and its call site met several classes.
     */
    private void truth() {
        cb.invokestatic(VALUE_SEMANTICS, "isTrue", MethodTypeDesc.of(CD_boolean, VALUE));
    }

    /**
     * A test: the next instruction (a jump) is skipped unless the boolean on the stack equals {@code want}; when that
     * jump is the test's alone ({@link #testJumps}), one branch to its target.
     */
    void skipUnless(int pc, boolean want) {
        if (testJumps[pc + 1]) {
            Label target = to(pc + 1, pc + 2 + Lua.GETARG_sBx(p.code[pc + 1]));
            if (want) {
                cb.ifne(target);
            } else {
                cb.ifeq(target);
            }
            return;
        }
        if (want) {
            cb.ifeq(to(pc, pc + 2));
        } else {
            cb.ifne(to(pc, pc + 2));
        }
    }

    /** Instruction {@code i}, at {@code pc}: exactly what the patched interpreter does for it. */
    void instruction(int pc, int i) {
        int op = Lua.GET_OPCODE(i);
        int a = Lua.GETARG_A(i);
        int b = Lua.GETARG_B(i);
        int c = Lua.GETARG_C(i);
        int bx = Lua.GETARG_Bx(i);
        int sbx = Lua.GETARG_sBx(i);
        switch (op) {
            case Lua.OP_MOVE -> {
                if (!numberMove(op, a, b)) {
                    into(a);
                    reg(b);
                    store();
                }
            }
            case Lua.OP_LOADK -> {
                if (!numberMove(op, a, bx)) {
                    into(a);
                    constant(bx);
                    store();
                }
            }
            case Lua.OP_LOADBOOL -> {
                into(a);
                cb.getstatic(VALUE, b != 0 ? "TRUE" : "FALSE", BOOLEAN);
                store();
                if (c != 0) {
                    cb.goto_(to(pc, pc + 2));
                }
            }
            case Lua.OP_LOADNIL -> {
                for (int r = a; r <= a + b; r++) {
                    into(r);
                    cb.getstatic(VALUE, "NIL", VALUE);
                    store();
                }
            }
            case Lua.OP_GETUPVAL -> {
                into(a);
                upvalue(b);
                cb.invokevirtual(UPVALUE, "getValue", VALUE_OF_NONE);
                store();
            }
            case Lua.OP_GETTABUP -> {
                notePc(pc);
                tableRead(a, true, b, c);
            }
            case Lua.OP_GETTABLE -> {
                notePc(pc);
                tableRead(a, false, b, c);
            }
            case Lua.OP_SETTABUP -> {
                notePc(pc);
                tableWrite(true, a, b, c);
            }
            case Lua.OP_SETUPVAL -> {
                upvalue(b);
                reg(a);
                cb.invokevirtual(UPVALUE, "setValue", MethodTypeDesc.of(CD_void, VALUE));
            }
            case Lua.OP_SETTABLE -> {
                notePc(pc);
                tableWrite(false, a, b, c);
            }
            case Lua.OP_NEWTABLE -> {
                into(a);
                cb.loadConstant(b).loadConstant(c)
                        .invokestatic(VALUE_SEMANTICS, "newTable", MethodTypeDesc.of(TABLE, CD_int, CD_int));
                store();
                writeThrough(a); // (see RegisterFlow) the table it held before is garbage now, not later
            }
            case Lua.OP_SELF -> {
                notePc(pc);
                reg(b);
                cb.astore(TMP);
                into(a + 1);
                cb.aload(TMP);
                store();
                if (Lua.ISK(c) && p.k[Lua.INDEXK(c)] instanceof org.luaj.vm2.LuaString) {
                    methodLookup(a, Lua.INDEXK(c));
                    return;
                }
                into(a);
                cb.aload(TMP);
                rk(c);
                invokeValue("get", VALUE_OF_VALUE);
                store();
            }
            case Lua.OP_ADD, Lua.OP_SUB, Lua.OP_MUL, Lua.OP_DIV, Lua.OP_MOD, Lua.OP_POW -> {
                notePc(pc);
                Runnable generic = () -> {
                    into(a);
                    Label done = countedArithmetic(op, b, c);
                    arithmetic(op, b, c);
                    bind(done);
                    store();
                };
                if (!numberArithmetic(op, a, b, c)) {
                    generic.run();
                }
            }
            case Lua.OP_UNM, Lua.OP_NOT, Lua.OP_LEN -> {
                notePc(pc);
                Runnable generic = () -> {
                    into(a);
                    reg(b);
                    if (op == Lua.OP_NOT) {
                        cb.invokestatic(VALUE_SEMANTICS, "not", MethodTypeDesc.of(VALUE, VALUE));
                    } else {
                        invokeValue(op == Lua.OP_UNM ? "neg" : "len", VALUE_OF_NONE);
                    }
                    store();
                };
                if (op == Lua.OP_LEN ? !numberLength(a, b) : op != Lua.OP_UNM || !numberArithmetic(op, a, b, 0)) {
                    generic.run();
                }
            }
            case Lua.OP_CONCAT -> {
                notePc(pc);
                if (c > b + 1) {
                    into(a);
                    cb.loadConstant(c - b + 1).anewarray(VALUE);
                    for (int r = b; r <= c; r++) {
                        cb.dup().loadConstant(r - b);
                        reg(r);
                        cb.aastore();
                    }
                    cb.invokestatic(SUPPORT, "concat", MethodTypeDesc.of(VALUE, VALUES));
                    store();
                } else {
                    into(a);
                    reg(c - 1);
                    reg(c);
                    invokeValue("concat", VALUE_OF_VALUE);
                    store();
                }
            }
            case Lua.OP_JMP -> {
                if (a > 0 && hasOpenUpvalues) {
                    cb.aload(OPEN).loadConstant(a - 1)
                            .invokestatic(SUPPORT, "close", MethodTypeDesc.of(CD_void, UPVALUES, CD_int));
                }
                if (sbx < 0) {
                    notePc(pc);
                    backEdge();
                }
                loopEntry(pc);
                cb.goto_(to(pc, pc + 1 + sbx));
            }
            case Lua.OP_EQ, Lua.OP_LT, Lua.OP_LE -> {
                notePc(pc);
                Runnable generic = () -> {
                    rk(b);
                    rk(c);
                    invokeValue(op == Lua.OP_EQ ? "eq_b" : op == Lua.OP_LT ? "lt_b" : "lteq_b", BOOL_OF_VALUE);
                };
                Label remainder = pc > 0 && !entered[pc] ? remainderComparison(op, b, c, p.code[pc - 1]) : null;
                if (loopWithConstant(b, c) != null) {
                    Label done = countedComparison(op, b, c);
                    generic.run();
                    bind(done);
                } else if (!numberComparison(op, b, c) && !integerComparison(op, b, c)) {
                    generic.run();
                }
                bind(remainder);
                skipUnless(pc, a != 0);
            }
            case Lua.OP_TEST -> {
                notePc(pc);
                reg(a);
                truth();
                skipUnless(pc, c != 0);
            }
            case Lua.OP_TESTSET -> {
                notePc(pc);
                reg(b);
                cb.astore(TMP);
                cb.aload(TMP);
                truth();
                skipUnless(pc, c != 0);
                into(a);
                cb.aload(TMP);
                store();
            }
            case Lua.OP_CALL -> {
                if (!numberCall(pc, a, b, c)) {
                    call(pc, a, b, c);
                }
            }
            case Lua.OP_TAILCALL -> tailCall(pc, a, b);
            case Lua.OP_RETURN -> {
                notePc(pc);
                switch (b) {
                    case 0 -> fromTop(a);
                    case 1 -> cb.getstatic(VALUE, "NONE", VALUE);
                    case 2 -> reg(a);
                    default -> {
                        if (registers != null) {
                            valuesOf(a, b - 1);
                        } else {
                            cb.aload(STACK).loadConstant(a).loadConstant(b - 1);
                            cb.invokestatic(VALUE, "varargsOf", MethodTypeDesc.of(VARARGS, VALUES, CD_int, CD_int));
                        }
                    }
                }
                returnTop();
            }
            case Lua.OP_FORLOOP -> {
                notePc(pc);
                backEdge();
                forLoop(pc, a, to(pc, pc + 1 + sbx), to(pc, pc + 1));
            }
            case Lua.OP_FORPREP -> {
                notePc(pc);
                loopEntry(pc);
                forPrep(pc, a, to(pc, pc + 1 + sbx));
            }
            case Lua.OP_TFORCALL -> {
                notePc(pc);
                framePc(pc);
                beforeCall();
                Label called = cb.newLabel();
                iteratorStep(a, c, called);
                Label results = cb.newLabel();
                invokeCompiled(a, 2, results);
                calleeInArray(a);
                reg(a);
                reg(a + 1);
                reg(a + 2);
                cb.invokestatic(VALUE, "varargsOf", MethodTypeDesc.of(VARARGS, VALUE, VARARGS));
                invokeValue("invoke", MethodTypeDesc.of(VARARGS, VARARGS));
                cb.labelBinding(results);
                cb.astore(V);
                afterCall();
                for (int n = c - 1; n >= 0; n--) {
                    into(a + 3 + n);
                    cb.aload(V).loadConstant(n + 1).invokevirtual(VARARGS, "arg", MethodTypeDesc.of(VALUE, CD_int));
                    store();
                }
                cb.getstatic(VALUE, "NONE", VALUE).astore(V);
                cb.labelBinding(called);
            }
            case Lua.OP_TFORLOOP -> {
                notePc(pc);
                reg(a + 1);
                cb.invokestatic(VALUE_SEMANTICS, "isNil", MethodTypeDesc.of(CD_boolean, VALUE));
                cb.ifne(to(pc, pc + 1));
                into(a);
                reg(a + 1);
                store();
                backEdge();
                cb.goto_(to(pc, pc + 1 + sbx));
            }
            case Lua.OP_SETLIST -> setList(pc, i, c);
            case Lua.OP_CLOSURE -> closure(a, bx);
            case Lua.OP_VARARG -> {
                notePc(pc);
                if (b == 0) {
                    cb.aload(VARARGS_SLOT).invokevirtual(VARARGS, "narg", MethodTypeDesc.of(CD_int))
                            .loadConstant(a).iadd().istore(TOP);
                    cb.aload(VARARGS_SLOT).astore(V);
                } else {
                    for (int j = 1; j < b; j++) {
                        into(a + j - 1);
                        cb.aload(VARARGS_SLOT).loadConstant(j)
                                .invokevirtual(VARARGS, "arg", MethodTypeDesc.of(VALUE, CD_int));
                        store();
                    }
                }
            }
            default -> throw new IllegalStateException("opcode " + op + " is not compiled");
        }
    }
}
