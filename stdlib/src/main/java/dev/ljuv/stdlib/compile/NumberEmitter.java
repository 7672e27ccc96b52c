package dev.ljuv.stdlib.compile;

import static dev.ljuv.stdlib.compile.ClassShape.*;
import static java.lang.constant.ConstantDescs.CD_double;
import static java.lang.constant.ConstantDescs.CD_int;

import java.lang.classfile.Label;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaNumber;
import org.luaj.vm2.Prototype;

/**
 * Arithmetic and comparisons on unboxed numbers. A register where some arithmetic writes its value (a numeric
 * register there: its web is, see {@link RegisterWebs}) has two JVM locals: its value, and a {@code double}; a null
 * value means the register holds the number in the double. An operation whose operands are numbers (a numeric register's double,
 * a number constant, an integer loop's counter, or a register holding a number box) computes in doubles and
 * leaves its result unboxed; any other operand takes the generic path, the interpreter's (strings, metamethods,
 * errors). Boxes are made only where a value leaves the arithmetic (a table, a call, a return), and the JIT,
 * which sees which path runs, compiles a numeric loop to plain floating-point code.
 *
 * <p>Every Lua number is a double (LuaJ boxes the integral ones as integers, which {@link dev.ljuv.stdlib.vm.NumberBoxes#box}
 * does too), so {@code + - * /} are the JVM's own, {@code %} is LuaJIT's {@code a - floor(a / b) * b}, and -0, NaN
 * and overflow past the integers come out as they do in LuaJIT.
 *
 * <p>Threading: one instance per function compiled, used by the compiling thread.
 */
abstract class NumberEmitter extends ArithmeticEmitter {
    NumberEmitter(Prototype p, ClassDesc self, boolean countLoops, boolean inLocals, boolean directPaths,
            boolean lazyStack) {
        super(p, self, countLoops, inLocals, directPaths, lazyStack);
    }

    /** Whether operand {@code x} may be a number: a register, or a number constant. */
    private boolean mayBeNumber(int x) {
        return x <= 0xff || p.k[Lua.INDEXK(x)] instanceof LuaNumber;
    }

    /**
     * {@code R(a) = RK(b) op RK(c)} (or {@code -R(b)}), the double path first: into numeric register {@code a}
     * unboxed, or boxed into another JVM-local register when an operand is numeric (its number is not boxed to be
     * read). False (nothing emitted) otherwise, or when an operand is a constant that is no number. An operand
     * that is no number takes the generic operation on the values already read (strings, metamethods, errors).
     */
    boolean numberArithmetic(int op, int a, int b, int c) {
        boolean unary = op == Lua.OP_UNM;
        if (!mayBeNumber(b) || (!unary && !mayBeNumber(c))) {
            return false;
        }
        boolean unboxed = numeric(a);
        if (!unboxed && !(local(a) && (numeric(b) || !unary && numeric(c)))) {
            return false;
        }
        Label done = cb.newLabel();
        Label failB = cb.newLabel();
        Label failC = cb.newLabel();
        Integer divisor = op == Lua.OP_MOD ? intConstant(c) : null;
        CountedLoops.Loop counter = divisor != null && divisor > 0 && b <= 0xff ? loopVariable(b) : null;
        Label afterMod = cb.newLabel();
        if (counter != null) { // a loop's int counter modulo a constant: in ints
            Label registers = cb.newLabel();
            cb.iload(mode(counter)).ifeq(registers);
            intRemainder(counter, divisor);
            cb.i2d().goto_(afterMod);
            cb.labelBinding(registers);
        }
        boolean usedB = pushDouble(b, failB);
        boolean usedC = false;
        if (unary) {
            cb.dneg();
        } else {
            if (divisor != null && divisor > 0) { // a constant divisor: the int remainder of an integral number
                cb.loadConstant(divisor)
                        .invokestatic(SUPPORT, "modConstant", MethodTypeDesc.of(CD_double, CD_double, CD_int));
                cb.labelBinding(afterMod);
            } else {
                usedC = pushDouble(c, failC);
                switch (op) {
                    case Lua.OP_ADD -> cb.dadd();
                    case Lua.OP_SUB -> cb.dsub();
                    case Lua.OP_MUL -> cb.dmul();
                    case Lua.OP_DIV -> cb.ddiv();
                    case Lua.OP_POW -> cb.invokestatic(MATH, "pow", MethodTypeDesc.of(CD_double, CD_double, CD_double));
                    default -> cb.invokestatic(SUPPORT, "mod", MethodTypeDesc.of(CD_double, CD_double, CD_double));
                }
            }
        }
        if (unboxed) {
            storeNumber(a);
        } else {
            box();
            cb.astore(regBase + a);
        }
        cb.goto_(done);
        if (usedB) { // b's value on the stack
            cb.labelBinding(failB);
            if (!unary) {
                rk(c);
            }
            generic(op);
            cb.astore(regBase + a).goto_(done);
        }
        if (usedC) { // b's number, c's value on the stack
            cb.labelBinding(failC);
            cb.astore(TMP);
            box();
            cb.aload(TMP);
            generic(op);
            cb.astore(regBase + a);
        }
        cb.labelBinding(done);
        return true;
    }

    /** The generic form of {@code op} on the two values (one for {@code UNM}) on the stack. */
    private void generic(int op) {
        MethodTypeDesc binary = MethodTypeDesc.of(VALUE, VALUE, VALUE);
        switch (op) {
            case Lua.OP_ADD -> cb.invokestatic(SUPPORT, "add", binary);
            case Lua.OP_SUB -> cb.invokestatic(SUPPORT, "sub", binary);
            case Lua.OP_MOD -> cb.invokestatic(SUPPORT, "mod", binary);
            case Lua.OP_MUL -> invokeValue("mul", VALUE_OF_VALUE);
            case Lua.OP_DIV -> invokeValue("div", VALUE_OF_VALUE);
            case Lua.OP_POW -> invokeValue("pow", VALUE_OF_VALUE);
            default -> invokeValue("neg", VALUE_OF_NONE);
        }
    }

    /**
     * Per instruction: whether it is the load of a number function's argument into its register, a {@code MOVE} or
     * a number's {@code LOADK} among those right before the call, with no other way to it ({@code sqrt(i)}, {@code
     * rshift(j, 5)}: {@link NumberCalls#argumentMoves}), which the call does itself ({@link #numberCall}): its path
     * reads the number where it is (a loop's counter without a box, an unboxed local, the constant), the generic path
     * loads it first. Found with {@code testJumps}.
     */
    boolean[] deferredMoves;

    /**
     * A call of a number function ({@link NumberCalls}) at {@code pc}: when the callee has a body for its one or two
     * numbers ({@link dev.ljuv.stdlib.lua.Functions.OfNumber}, {@code OfNumbers}) and the arguments are numbers, that
     * body with the doubles, the result into register {@code a} unboxed where it is numeric; the generic call
     * otherwise; only the generic call for a {@code bit} function whose result is boxed (see {@link NumberCalls}).
     * A fold of three or four arguments ({@code bxor(b, c, d)}, {@code max(x, y, z)}) applies the body for two from
     * the left, as the function does. A call whose last argument is the open result of the number call before
     * ({@code f(x, g(y))}) takes it in its register from that call's path ({@link #oneResult}), or from {@code V}
     * when that call went the generic way ({@link #openArgument}); an open result of its own goes on the same way.
     * False (nothing emitted) for any other call.
     */
    boolean numberCall(int pc, int a, int b, int c) {
        if (!numberCalls.get(pc)) { // (with or without direct paths: the path is small, and worth more than they)
            return false;
        }
        int n = NumberCalls.arguments(p, pc);
        Label done = cb.newLabel();
        if (b == 0) {
            openArgument(pc, a, c, done);
        }
        int[] moves = NumberCalls.argumentMoves(p, pc, n);
        int[] from = new int[n]; // where the path reads each argument: its register, or what a deferred load reads
        for (int k = 0; k < n; k++) {
            if (moves[k] >= 0 && !deferredMoves[moves[k]]) {
                moves[k] = -1;
            }
            int i = moves[k] >= 0 ? p.code[moves[k]] : 0;
            from[k] = moves[k] < 0 ? a + 1 + k
                    : Lua.GET_OPCODE(i) == Lua.OP_MOVE ? Lua.GETARG_B(i) : Lua.RKASK(Lua.GETARG_Bx(i));
        }
        if (plainOnly(pc)) { // the plain call only
            deferredMoves(moves);
            genericCall(pc, a, n, c);
            cb.labelBinding(done);
            return true;
        }
        ClassDesc body = n > 1 ? OF_NUMBERS : OF_NUMBER;
        Label generic = cb.newLabel();
        Label noBody = cb.newLabel();
        // fail[k]: argument k + 1 is no number, with the bodies still to call, the result so far and its value on the
        // stack (fail[0]: the first argument, above the bodies)
        Label[] fail = new Label[n];
        reg(a);
        cb.invokestatic(FUNCTIONS, n > 2 ? "folding" : n > 1 ? "numbers" : "number", MethodTypeDesc.of(body, VALUE));
        if (NumberCalls.luaCall(p, pc)) { // or a Lua function's, compiled as a leaf number function of n parameters
            Label found = cb.newLabel();
            Label leaf = cb.newLabel();
            cb.dup().ifnonnull(found).pop();
            reg(a);
            cb.invokevirtual(VALUE, CODE_ACCESSOR, MethodTypeDesc.of(CODE)).dup().instanceOf(body).ifne(leaf);
            cb.pop().aconst_null().goto_(found);
            cb.labelBinding(leaf);
            cb.checkcast(body);
            cb.labelBinding(found);
        }
        cb.dup().ifnull(noBody);
        for (int k = 2; k < n; k++) {
            cb.dup();
        }
        for (int k = 0; k < n; k++) {
            fail[k] = cb.newLabel();
            pushDouble(from[k], fail[k]); // (a constant never jumps: its fail path is dead code, which is patched)
            if (k > 0) {
                cb.invokeinterface(body, "call", MethodTypeDesc.of(CD_double, CD_double, CD_double));
            }
        }
        if (n == 1) {
            cb.invokeinterface(body, "call", MethodTypeDesc.of(CD_double, CD_double));
        }
        if (numeric(a)) {
            storeNumber(a);
        } else {
            box();
            cb.astore(TMP);
            into(a);
            cb.aload(TMP);
            store();
        }
        cb.goto_(c == 0 ? oneResult(pc + 1) : done);
        for (int k = 0; k < n; k++) {
            cb.labelBinding(fail[k]);
            cb.pop(); // the value
            if (k > 0) {
                cb.pop2(); // the result so far
            }
            for (int bodies = k == 0 ? Math.max(n - 1, 1) : n - k; bodies > 0; bodies--) {
                cb.pop();
            }
            cb.goto_(generic);
        }
        cb.labelBinding(noBody);
        cb.pop();
        cb.labelBinding(generic);
        deferredMoves(moves);
        genericCall(pc, a, n, c);
        cb.labelBinding(done);
        return true;
    }

    /** Whether number call {@code pc} has only its generic call: a {@code bit} function whose result is boxed. */
    private boolean plainOnly(int pc) {
        return !numeric(Lua.GETARG_A(p.code[pc])) && bitCalls.get(pc);
    }

    /**
     * Per instruction, where a number call whose last argument is the open result of the one before ({@link
     * NumberCalls}) goes on with that result in its register: the call before's path jumps there; null until used.
     */
    private Label[] oneResult;
    /** The code {@link #oneResult}'s labels are of (a function has more than one body). */
    private Object oneResultOf;

    /** The label of {@link #oneResult} at {@code pc}, in the code being emitted. */
    private Label oneResult(int pc) {
        if (oneResultOf != cb) {
            oneResult = new Label[p.code.length];
            oneResultOf = cb;
        }
        if (oneResult[pc] == null) {
            oneResult[pc] = cb.newLabel();
        }
        return oneResult[pc];
    }

    /**
     * The start of a number call whose last argument is the open result of the call before, reached when that one
     * took its generic way (its results in {@code V}): exactly one value is the register's, and the call goes on as
     * one of fixed arguments ({@link #oneResult}); any other number, the generic call of them all.
     */
    private void openArgument(int pc, int a, int c, Label done) {
        int last = Lua.GETARG_A(p.code[pc - 1]);
        Label many = cb.newLabel();
        unlessOneValue(many);
        into(last);
        cb.aload(V).checkcast(VALUE);
        store();
        cb.getstatic(VALUE, "NONE", VALUE).astore(V);
        cb.goto_(oneResult(pc));
        cb.labelBinding(many);
        call(pc, a, 0, c);
        cb.goto_(done);
        cb.labelBinding(oneResult(pc));
    }

    /** The generic call of a number call's {@code n} arguments: all its results into V where it passes them on. */
    private void genericCall(int pc, int a, int n, int c) {
        if (c == 0) {
            call(pc, a, n + 1, 0);
        } else {
            plainCall(pc, a, n);
        }
    }

    /** The loads of the arguments that a number call's path reads where they are ({@link #deferredMoves}). */
    private void deferredMoves(int[] moves) {
        for (int move : moves) {
            if (move < 0) {
                continue;
            }
            int i = p.code[move];
            int op = Lua.GET_OPCODE(i);
            int a = Lua.GETARG_A(i);
            int b = op == Lua.OP_MOVE ? Lua.GETARG_B(i) : Lua.GETARG_Bx(i);
            if (!numberMove(op, a, b)) {
                into(a);
                if (op == Lua.OP_MOVE) {
                    reg(b);
                } else {
                    constant(b);
                }
                store();
            }
        }
    }

    private void box() {
        cb.invokestatic(BOXES, "box", MethodTypeDesc.of(VALUE, CD_double));
    }

    /**
     * {@code RK(b) op RK(c)} for {@code EQ LT LE} on doubles when both are numbers, else the generic comparison
     * on the values read; the boolean is on the stack after, and control at {@code next} for the caller to go on.
     * False (nothing emitted) when an operand is a constant that is no number, or neither is a register that may
     * hold an unboxed number (the generic comparison is as good then).
     */
    boolean numberComparison(int op, int b, int c) {
        if (registers == null || !mayBeNumber(b) || !mayBeNumber(c) || !(numeric(b) || numeric(c)
                || loopVariable(b) != null || loopVariable(c) != null)) {
            return false;
        }
        Label done = cb.newLabel();
        Label no = cb.newLabel();
        Label failB = cb.newLabel();
        Label failC = cb.newLabel();
        boolean usedB = pushDouble(b, failB);
        boolean usedC = pushDouble(c, failC);
        switch (op) {
            case Lua.OP_EQ -> cb.dcmpl().ifne(no);
            case Lua.OP_LT -> cb.dcmpg().ifge(no);
            default -> cb.dcmpg().ifgt(no);
        }
        cb.iconst_1().goto_(done);
        cb.labelBinding(no);
        cb.iconst_0().goto_(done);
        String compare = op == Lua.OP_EQ ? "eq_b" : op == Lua.OP_LT ? "lt_b" : "lteq_b";
        if (usedB) {
            cb.labelBinding(failB);
            rk(c);
            invokeValue(compare, BOOL_OF_VALUE);
            cb.goto_(done);
        }
        if (usedC) {
            cb.labelBinding(failC);
            cb.astore(TMP);
            box();
            cb.aload(TMP);
            invokeValue(compare, BOOL_OF_VALUE);
        }
        cb.labelBinding(done);
        return true;
    }

    /**
     * {@code R(a) = #R(b)} into numeric register {@code a}: a string's or a table's length unboxed ({@code x + #s},
     * {@code t[#t + 1]}), any other value's the generic way. False (nothing emitted) when {@code a} is not numeric.
     */
    boolean numberLength(int a, int b) {
        if (!numeric(a)) {
            return false;
        }
        Label generic = cb.newLabel();
        Label done = cb.newLabel();
        reg(b);
        cb.astore(TMP).aload(TMP).invokestatic(SUPPORT, "length", MethodTypeDesc.of(CD_int, VALUE))
                .dup().iflt(generic).i2d();
        storeNumber(a);
        cb.goto_(done);
        cb.labelBinding(generic);
        cb.pop().aload(TMP);
        invokeValue("len", VALUE_OF_NONE);
        cb.astore(regBase + a);
        cb.labelBinding(done);
        return true;
    }

    /** {@code MOVE} or {@code LOADK} of a number into numeric register {@code a}: the double copied, no box. */
    boolean numberMove(int op, int a, int b) {
        if (!numeric(a)) {
            return false;
        }
        if (op == Lua.OP_LOADK) {
            if (!(p.k[b] instanceof LuaNumber n)) {
                return false;
            }
            cb.loadConstant(n.todouble());
            storeNumber(a);
            return true;
        }
        if (!numeric(b) || loopVariable(b) != null) {
            return false;
        }
        cb.dload(dslot(b)).dstore(dslot(a)).aload(regBase + b).astore(regBase + a);
        return true;
    }

    /**
     * Pushes operand {@code x} as a double; jumps to {@code fail} with the operand's value on the stack (above
     * what was there) when it is no number. Whether {@code fail} may be taken.
     */
    private boolean pushDouble(int x, Label fail) {
        if (x > 0xff) {
            cb.loadConstant(p.k[Lua.INDEXK(x)].todouble());
            return false;
        }
        Label ok = cb.newLabel();
        CountedLoops.Loop l = loopVariable(x);
        if (l != null) {
            Label registers = cb.newLabel();
            cb.iload(mode(l)).ifeq(registers).iload(index(l)).i2d().goto_(ok);
            cb.labelBinding(registers);
            value(x); // (no numeric register here: its value is the plain one)
            unbox(fail);
        } else if (numeric(x)) {
            Label boxed = cb.newLabel();
            cb.aload(regBase + x).dup().ifnonnull(boxed).pop().dload(dslot(x)).goto_(ok);
            cb.labelBinding(boxed);
            unbox(fail);
        } else {
            value(x);
            unbox(fail);
        }
        cb.labelBinding(ok);
        return true;
    }

    /** The value on the stack as a double when it is a number, else to {@code fail} with it still there. */
    private void unbox(Label fail) {
        cb.dup().instanceOf(NUMBER).ifeq(fail).invokevirtual(VALUE, "todouble", MethodTypeDesc.of(CD_double));
    }
}
